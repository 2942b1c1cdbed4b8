"""Staff moderation of mentor profiles: hide one from the registry with a reason the mentor sees, or restore it.

Both are logged (``wagtail.log_actions.log``) so that the site history says who did it, when and why.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log

from mentors.models.profiles import MentorProfile

MAX_MODERATION_REASON = 2000


class ModerationError(Exception):
    """The profile is not in a state for this action; ``message`` says so to staff."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def hide_profile(profile: MentorProfile, *, by, reason: str) -> MentorProfile:
    """Take the profile out of the registry until staff restore it; the mentor sees ``reason`` on their dashboard."""
    reason = reason.strip()[:MAX_MODERATION_REASON]
    if not reason:
        raise ModerationError(_("Say why the profile is hidden: the mentor will read it."))
    with transaction.atomic():
        profile = MentorProfile.objects.select_for_update().select_related("certificate").get(pk=profile.pk)
        profile.moderation_hidden_at = timezone.now()
        profile.moderation_reason = reason
        profile.save()
        log(profile, "mentors.profile.hide", user=by, data={"reason": reason})
    return profile


def restore_profile(profile: MentorProfile, *, by) -> MentorProfile:
    """Let the profile back into the registry (if the mentor keeps it published and the certificate is valid)."""
    with transaction.atomic():
        profile = MentorProfile.objects.select_for_update().select_related("certificate").get(pk=profile.pk)
        if profile.moderation_hidden_at is None:
            raise ModerationError(_("This profile is not hidden by staff."))
        profile.moderation_hidden_at = None
        profile.moderation_reason = ""
        profile.save()
        log(profile, "mentors.profile.restore", user=by)
    return profile
