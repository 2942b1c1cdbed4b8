"""Background tasks of the assessments app (django-tasks: run at once by default, by a worker in production)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from wagtail.models import Site

from django_tasks import task

from assessments.models import CaseReview


@task()
def notify_learner_of_review(review_id: int) -> None:
    """E-mail the learner that their analysis was reviewed: plain text, so no markup of theirs is ever rendered."""
    review = (
        CaseReview.objects.select_related("version__submission__user", "version__submission__case")
        .filter(pk=review_id)
        .first()
    )
    if review is None:
        return
    submission = review.version.submission
    site = Site.objects.filter(is_default_site=True).first()
    root_url = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "review": review,
            "submission": submission,
            "case": submission.case,
            "case_url": root_url + submission.case.get_url(),
            "learner": submission.user,
        }
        subject = render_to_string("assessments/emails/review_subject.txt", context).strip()
        body = render_to_string("assessments/emails/review_body.txt", context)
    send_mail(subject, body, None, [submission.user.email])
