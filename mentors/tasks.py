"""Background work of the mentors app (django-tasks): runs at once by default, in ``make worker`` in production."""

from django_tasks import task

from mentors.credentials.delivery import after_issue


@task()
def certificate_issued(certificate_id: int) -> None:
    """Render the certificate's PDF and tell the holder."""
    after_issue(certificate_id)
