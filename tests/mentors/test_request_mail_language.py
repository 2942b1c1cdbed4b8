"""The sender's confirmation letter in Russian: no case ending forced on the mentor's name, the days spelled out."""

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation

import pytest


@pytest.mark.parametrize(("days", "words"), [(1, "1 день"), (3, "3 дня"), (5, "5 дней"), (21, "21 день")])
def test_the_confirmation_letter_names_the_mentor_without_declension_and_counts_days(days, words):
    context = {"profile": SimpleNamespace(display_name="Мингазов Нияз Шамилевич"), "link": "https://x", "days": days}
    with translation.override("ru"):
        text = render_to_string("mentors/emails/request_confirm.txt", context)
    assert "(наставник: Мингазов Нияз Шамилевич)" in text
    assert "наставнику Мингазов" not in text
    assert f"Ссылка действительна {words}." in text and "дн." not in text
