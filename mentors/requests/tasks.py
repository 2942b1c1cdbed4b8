"""E-mails of mentoring requests (django-tasks): plain text, sent at once by default, by the worker in production."""

from html import unescape

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags

from django_tasks import task

from mentors.models.requests import MentoringRequest
from mentors.requests.services import limits


def _send(template: str, recipient: str, context: dict) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        # One line whatever the names in it hold (a line break in a header makes send_mail refuse the letter).
        subject = " ".join(render_to_string(f"mentors/emails/{template}_subject.txt", context).split())
        body = render_to_string(f"mentors/emails/{template}.txt", context)
    send_mail(subject, body, None, [recipient])


def _load(request_id: int) -> MentoringRequest | None:
    return (
        MentoringRequest.objects.select_related("profile__user", "profile__municipality", "municipality")
        .filter(pk=request_id)
        .first()
    )


def plain_text(html: str) -> str:
    """The stored (sanitised) message as the sender typed it, for a plain-text letter: no tags, no entities."""
    return unescape(strip_tags(html.replace("</p>", "\n\n").replace("<br>", "\n"))).strip()


def _context(mentoring_request: MentoringRequest, **extra) -> dict:
    return {
        "mentoring_request": mentoring_request,
        "profile": mentoring_request.profile,
        "message": plain_text(mentoring_request.message),
        **extra,
    }


@task()
def send_confirmation_link(request_id: int, link: str) -> None:
    """To the sender: confirm the e-mail address before the mentor hears of the request."""
    mentoring_request = _load(request_id)
    if mentoring_request is not None:
        context = _context(mentoring_request, link=link, days=limits().confirm_days)
        _send("request_confirm", mentoring_request.email, context)


@task()
def notify_mentor(request_id: int, dashboard_url: str) -> None:
    """To the mentor: a request is waiting. No contact of the sender until the mentor accepts."""
    mentoring_request = _load(request_id)
    if mentoring_request is not None:
        context = _context(mentoring_request, dashboard_url=dashboard_url)
        _send("request_waiting", mentoring_request.profile.user.email, context)


@task()
def exchange_contacts(request_id: int) -> None:
    """On acceptance, each side gets the other's contact."""
    mentoring_request = _load(request_id)
    if mentoring_request is None:
        return
    context = _context(mentoring_request, mentor_email=mentoring_request.profile.user.email)
    _send("request_accepted_school", mentoring_request.email, context)
    _send("request_accepted_mentor", mentoring_request.profile.user.email, context)


@task()
def notify_declined(request_id: int) -> None:
    mentoring_request = _load(request_id)
    if mentoring_request is not None:
        _send("request_declined", mentoring_request.email, _context(mentoring_request))
