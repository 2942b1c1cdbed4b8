"""Validation of the StreamField blocks and the scoring helpers of the course pages."""

from django.utils import translation

from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.blocks import ComparisonTableBlock, KeyTermsBlock, LessonStreamBlock, RubricCriterionBlock
from course.models import CaseStudyPage
from tests.factories import rubric_criterion


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def clean(block, raw):
    return block.clean(block.to_python(raw))


def error_text(excinfo, field):
    return " ".join(excinfo.value.block_errors[field].messages)


class TestRubricCriterionBlock:
    block = RubricCriterionBlock()

    @pytest.mark.parametrize(
        "levels",
        [
            [(0, 3), (4, 6), (7, 8), (9, 10)],
            [(9, 10), (0, 3), (7, 8), (4, 6)],  # any order: the levels are checked in order of points
            [(0, 9), (10, 10)],
        ],
    )
    def test_accepts_contiguous_levels_ending_at_max_points(self, levels):
        value = clean(self.block, rubric_criterion(max_points=10, levels=levels))
        assert value["max_points"] == 10
        assert len(value["levels"]) == len(levels)

    @pytest.mark.parametrize(
        ("levels", "message"),
        [
            ([(0, 3), (5, 10)], "should start at 4 points"),  # a gap
            ([(0, 5), (5, 10)], "should start at 6 points"),  # an overlap
            ([(0, 6), (3, 10)], "should start at 7 points"),  # a level inside another
            ([(1, 5), (6, 10)], "should start at 0 points"),  # the lowest level does not start at zero
        ],
        ids=["gap", "overlap", "nested", "not-from-zero"],
    )
    def test_rejects_gaps_and_overlaps(self, levels, message):
        with pytest.raises(StructBlockValidationError) as excinfo:
            clean(self.block, rubric_criterion(max_points=10, levels=levels))
        assert message in error_text(excinfo, "levels")

    @pytest.mark.parametrize("levels", [[(0, 3), (4, 8)], [(0, 3), (4, 12)]], ids=["short", "beyond"])
    def test_rejects_levels_that_do_not_end_at_max_points(self, levels):
        with pytest.raises(StructBlockValidationError) as excinfo:
            clean(self.block, rubric_criterion(max_points=10, levels=levels))
        assert "must end at the maximum of 10 points" in error_text(excinfo, "levels")

    def test_rejects_a_level_whose_range_starts_after_it_ends(self):
        with pytest.raises(StructBlockValidationError) as excinfo:
            clean(self.block, rubric_criterion(max_points=10, levels=[(0, 3), (4, 2), (5, 10)]))
        assert "starts after it ends" in error_text(excinfo, "levels")

    @given(max_points=st.integers(min_value=1, max_value=100), data=st.data())
    def test_accepts_any_partition_of_the_points(self, max_points, data):
        cuts = data.draw(st.sets(st.integers(min_value=1, max_value=max_points), min_size=1, max_size=5))
        starts = [0, *sorted(cuts)]
        ends = [start - 1 for start in starts[1:]] + [max_points]
        levels = list(zip(starts, ends, strict=True))
        value = clean(self.block, rubric_criterion(max_points=max_points, levels=levels))
        assert len(value["levels"]) == len(levels)

    @given(max_points=st.integers(min_value=2, max_value=100), data=st.data())
    def test_rejects_any_shifted_boundary(self, max_points, data):
        boundary = data.draw(st.integers(min_value=1, max_value=max_points))
        shift = data.draw(st.sampled_from([-1, 1]))
        levels = [(0, boundary - 1), (boundary + shift, max_points)]
        with pytest.raises(StructBlockValidationError):
            clean(self.block, rubric_criterion(max_points=max_points, levels=levels))

    def test_competency_label_comes_from_the_code(self):
        value = self.block.to_python(rubric_criterion(competency="research"))
        assert value.competency_label == "Research"


class TestComparisonTableBlock:
    block = ComparisonTableBlock()

    def table(self, rows):
        return {"caption": "Mentoring and coaching", "header": ["Feature", "Mentoring", "Coaching"], "rows": rows}

    def test_accepts_rows_as_wide_as_the_header(self):
        value = clean(self.block, self.table([["Aim", "Growth", "Goals"], ["Length", "Long", "Short"]]))
        assert len(value["rows"]) == 2

    @pytest.mark.parametrize("bad_row", [["Length", "Long"], ["Length", "Long", "Short", "Extra"]])
    def test_rejects_a_row_with_the_wrong_number_of_cells(self, bad_row):
        with pytest.raises(StructBlockValidationError) as excinfo:
            clean(self.block, self.table([["Aim", "Growth", "Goals"], bad_row]))
        assert f"Row 2 has {len(bad_row)} cells, but the table has 3 columns." in error_text(excinfo, "rows")


class TestKeyTermsBlock:
    block = KeyTermsBlock()

    def glossary(self, *terms):
        return {"title": "Key terms", "terms": [{"term": term, "definition": "…"} for term in terms]}

    def test_accepts_distinct_terms(self):
        value = clean(self.block, self.glossary("Наставник", "Наставляемый"))
        assert [item["term"] for item in value["terms"]] == ["Наставник", "Наставляемый"]

    @pytest.mark.parametrize("second", ["Наставник", "наставник", " НАСТАВНИК "])
    def test_rejects_a_term_listed_twice(self, second):
        with pytest.raises(StructBlockValidationError) as excinfo:
            clean(self.block, self.glossary("Наставник", "Коучинг", second))
        assert "is listed twice" in error_text(excinfo, "terms")


@pytest.mark.django_db
def test_rubric_max_points_sums_the_criteria():
    page = CaseStudyPage(
        title="Case",
        rubric=[
            {"type": "criterion", "value": rubric_criterion(max_points=10)},
            {"type": "criterion", "value": rubric_criterion(max_points=15, competency="communicative")},
            {"type": "criterion", "value": rubric_criterion(max_points=5, competency="project")},
        ],
    )
    assert page.rubric_max_points == 30


@pytest.mark.django_db
def test_rubric_max_points_of_an_empty_rubric_is_zero():
    assert CaseStudyPage(title="Case", rubric=[]).rubric_max_points == 0


class TestLessonHeadings:
    def test_a_subsection_before_any_section_is_refused(self):
        block = LessonStreamBlock()
        value = block.to_python(
            [
                {"type": "paragraph", "value": "<p>Вступление.</p>"},
                {"type": "heading", "value": {"text": "Подраздел", "level": "h3"}},
            ]
        )
        with pytest.raises(StreamBlockValidationError) as excinfo:
            block.clean(value)
        assert list(excinfo.value.block_errors) == [1]

    def test_a_subsection_after_a_section_is_accepted(self):
        block = LessonStreamBlock()
        value = block.to_python(
            [
                {"type": "heading", "value": {"text": "Раздел", "level": "h2"}},
                {"type": "heading", "value": {"text": "Подраздел", "level": "h3"}},
            ]
        )
        assert len(block.clean(value)) == 2
