"""People as the plugin sees them, with any user model: the learner's profile beside the account
(``course.models.LearnerProfile``), and the one way a person's name is written (certificates, the registry, the
staff's screens).

Free of model imports, so that a site's user model may call it from its ``get_full_name`` (``accounts.models``);
``course.services.learner_profile`` makes a missing profile.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist

if TYPE_CHECKING:
    from course.models import LearnerProfile


def learner_of(user) -> "LearnerProfile | None":
    """The user's learner profile, or ``None`` when they have none yet (read once per user object, or with
    ``select_related("learner")``)."""
    try:
        return user.learner
    except ObjectDoesNotExist:
        return None


def patronymic(user) -> str:
    learner = learner_of(user)
    return learner.patronymic if learner is not None else ""


def full_name(user) -> str:
    """Russian order: last name, first name, patronymic; the username when the account has no name.

    Names are read from Django's ``last_name``/``first_name`` where the user model has them.
    """
    parts = [getattr(user, "last_name", ""), getattr(user, "first_name", ""), patronymic(user)]
    return " ".join(part for part in parts if part).strip() or user.get_username()


def short_name(user) -> str:
    """How a Russian letter greets a person: first name and patronymic; the username when the account has none."""
    parts = [getattr(user, "first_name", ""), patronymic(user)]
    return " ".join(part for part in parts if part).strip() or user.get_username()
