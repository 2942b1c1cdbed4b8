"""Background work of the mentors app (django-tasks): runs at once by default, in ``make worker`` in production."""

from django_tasks import task


@task()
def certificate_issued(certificate_id: int) -> None:
    """Render the certificate's PDF and tell the holder."""
    from mentors.certificates import after_issue

    after_issue(certificate_id)
