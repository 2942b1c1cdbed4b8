"""Competency bars say the level in words, not by colour alone (WCAG 1.4.1)."""

from django.template.loader import render_to_string
from django.utils import translation

from assessments.templatetags.assessments_tags import level_band


def test_the_band_name_follows_the_default_thresholds():
    with translation.override("en"):
        assert [level_band(level) for level in (None, 12, 50, 69, 70, 85)] == [
            "",
            "not yet",
            "basic",
            "basic",
            "advanced",
            "expert",
        ]


def test_the_profile_bars_carry_the_band_as_text():
    levels = [("expert", "Экспертная", 88), ("communicative", "Коммуникативная", 66)]
    with translation.override("en"):
        html = render_to_string(
            "mentors/includes/competency_bars.html", {"levels": levels, "prefix": "p", "bands": True}
        )
        assert html.count('class="competency-bars__band"') == 2 and "expert" in html and "basic" in html
        plain = render_to_string("mentors/includes/competency_bars.html", {"levels": levels, "prefix": "p"})
        assert "competency-bars__band" not in plain
