"""Review e-mails go through django-tasks: at once by default, through a database queue and a worker in production."""

from django.core import mail
from django.core.management import call_command
from django.test import override_settings

import pytest
from django_tasks_db.models import DBTaskResult

from assessments import cases
from assessments.models import CaseSubmission

# The worker closes its database connection as a real one would, so the test commits for real.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue():
    # django-tasks resets its backends when the setting changes.
    with override_settings(TASKS=DATABASE_TASKS):
        yield


def test_the_review_e_mail_waits_in_the_queue_for_the_worker(database_queue, case_study, learner, superuser):
    cases.submit_analysis(learner, case_study, "<p>Анализ</p>")
    criterion = case_study.rubric[0].id
    cases.review_submission(CaseSubmission.objects.get(), superuser, {criterion: 6}, "", "accepted")
    assert mail.outbox == []
    queued = DBTaskResult.objects.filter(task_path="assessments.tasks.notify_learner_of_review")
    assert queued.count() == 1 and queued.get().status == "READY"
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [learner.email]
    assert queued.get().status == "SUCCESSFUL"
