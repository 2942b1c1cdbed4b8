"""Enough evidence (issue 12, "The learner"): a competency counts as reached only on several graded pieces of work."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from assessments import policy
from assessments.evidence import competency_profile
from assessments.models import CompetencyEvidence, EvidenceSource
from tests.assessments.factories import AssessmentPageFactory


def test_the_minimum_is_a_named_rule_of_the_policy():
    assert policy.MIN_EVIDENCE_ITEMS >= 2
    assert not policy.enough_evidence(policy.MIN_EVIDENCE_ITEMS - 1)
    assert policy.enough_evidence(policy.MIN_EVIDENCE_ITEMS)


@pytest.mark.parametrize(
    ("level", "items", "reached"),
    [
        (90, policy.MIN_EVIDENCE_ITEMS, True),
        (90, policy.MIN_EVIDENCE_ITEMS - 1, False),  # a high level on too little evidence
        (50, policy.MIN_EVIDENCE_ITEMS, True),  # at the pass level
        (49.9, policy.MIN_EVIDENCE_ITEMS + 5, False),  # below it on plenty
        (None, 0, False),
    ],
)
def test_a_competency_is_reached_at_its_level_on_enough_evidence(level, items, reached):
    assert policy.competency_reached(level, items, 50) is reached


@pytest.mark.django_db
def test_the_profile_counts_the_graded_pages_each_level_rests_on(course, module, learner):
    pages = [AssessmentPageFactory(parent=module, slug=f"test-{n}") for n in range(2)]
    for page in pages:
        for competency in ("expert", "research"):
            CompetencyEvidence.objects.create(
                user=learner,
                course=course,
                page=page,
                source=EvidenceSource.MODULE_TEST,
                competency=competency,
                earned=Decimal(8),
                possible=Decimal(10),
                recorded_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
    # Self-assessment and the entry diagnostic are not evidence of a level.
    CompetencyEvidence.objects.create(
        user=learner,
        course=course,
        page=pages[0],
        source=EvidenceSource.SELF,
        competency="project",
        earned=Decimal(90),
        possible=Decimal(100),
        recorded_at=datetime(2026, 1, 1, tzinfo=UTC),
    )

    profile = competency_profile(learner, course, with_log=False)

    assert profile.items == {"expert": 2, "research": 2}
    rows = {row["code"]: row for row in profile.rows()}
    assert rows["expert"]["items"] == 2 and rows["expert"]["enough"] is policy.enough_evidence(2)
    assert rows["project"]["items"] == 0 and not rows["project"]["enough"]


@pytest.mark.django_db
def test_the_profile_separates_counted_entry_and_self_levels_in_one_query(
    course, module, learner, django_assert_num_queries
):
    page = AssessmentPageFactory(parent=module, slug="test-levels")

    def evidence(source, competency, earned, possible):
        CompetencyEvidence.objects.create(
            user=learner,
            course=course,
            page=page,
            source=source,
            competency=competency,
            earned=Decimal(earned),
            possible=Decimal(possible),
            recorded_at=datetime(2026, 1, 1, tzinfo=UTC),
        )

    evidence(EvidenceSource.MODULE_TEST, "expert", 6, 10)
    evidence(EvidenceSource.CASE, "expert", 10, 10)
    evidence(policy.ENTRY_SOURCE, "expert", 1, 10)
    evidence(policy.ENTRY_SOURCE, "research", 3, 4)
    evidence(EvidenceSource.SELF, "project", 7, 10)

    with django_assert_num_queries(1):
        profile = competency_profile(learner, course, with_log=False)

    assert profile.current["expert"] == 80.0  # 16 of 20 from the counted sources only
    assert profile.current["research"] is None and profile.current["project"] is None
    assert profile.entry == {**dict.fromkeys(policy.CODES), "expert": 10.0, "research": 75.0}
    assert profile.self_assessment["project"] == 70.0 and profile.self_assessment["expert"] is None
    assert profile.items == {"expert": 1}
