"""What waits for reviewers and where it sits, as queries the review screens, the dashboard panel and the reports
share."""

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Substr

from wagtail.models import Page

from assessments.models import Answer, Attempt, AttemptStatus
from assessments.scoring import QuestionKind
from course.models import CoursePage


def course_of_page(path_ref: str, field: str = "title") -> Subquery:
    """A field of the course above the page at ``path_ref``, as a subquery that costs no query per row.

    A page's tree path starts with the paths of all its ancestors, so the course is the ``CoursePage`` whose path is
    the first ``depth * steplen`` characters of the page's path.
    """
    courses = CoursePage.objects.filter(path=Substr(OuterRef(path_ref), 1, F("depth") * Page.steplen))
    return Subquery(courses.values(field)[:1])


def short_answer_questions_awaiting_review() -> list[str]:
    """Ids of the written-answer questions of the attempts waiting for a reviewer, from the attempts' own snapshots
    (one query)."""
    snapshots = Attempt.objects.filter(status=AttemptStatus.AWAITING_REVIEW).values_list("items", flat=True)
    return sorted(
        {item["id"] for items in snapshots for item in items if item.get("type") == QuestionKind.SHORT_ANSWER.value}
    )


def written_answers_to_review():
    """Written answers of submitted attempts that no reviewer has scored yet."""
    return Answer.objects.filter(
        attempt__status=AttemptStatus.AWAITING_REVIEW,
        manual_points__isnull=True,
        value__isnull=False,
        question_id__in=short_answer_questions_awaiting_review(),
    )


def question_of(answer: Answer) -> dict:
    """The written-answer question (prompt, guidance, points, …) as the attempt showed it; empty when it is not one."""
    item = answer.attempt.item_map().get(answer.question_id)
    if item is None or item.get("type") != QuestionKind.SHORT_ANSWER.value:
        return {}
    return item
