"""The sanitiser's guard: a size cap and a structure check before bleach parses anything.

Timings are not tested here: ``make bench-sanitize`` (bench/sanitize.py) measures them.
"""

from unittest import mock

from django.utils import translation

import pytest

from course import sanitize
from course.sanitize import MarkupRejected, sanitize_html, text_length, user_html


def refused(text: str, max_length: int = sanitize.MAX_INPUT_LENGTH) -> str:
    """The reason ``user_html`` refuses ``text`` (in English, as the assertions read), checking that bleach never
    saw it."""
    with (
        translation.override("en"),
        mock.patch.object(sanitize._cleaner, "clean") as clean,
        pytest.raises(MarkupRejected) as caught,
    ):
        user_html(text, max_length=max_length)
    clean.assert_not_called()
    with translation.override("en"):
        return str(caught.value.message)


def test_text_over_the_cap_is_refused_before_parsing():
    assert "at most 100" in refused("а" * 101, max_length=100)
    assert user_html("а" * 100, max_length=100) == f"<p>{'а' * 100}</p>"
    assert "too long" in refused("<ul><li>" * 24000)  # the audit's 192 KB: 839 s of CPU before


def test_the_cap_itself_is_capped():
    with pytest.raises(ValueError):
        user_html("text", max_length=sanitize.MAX_INPUT_LENGTH + 1)


@pytest.mark.parametrize(
    "html",
    [
        "<ul><li>" * 200,  # the audit's pattern, under the size cap
        "<blockquote>" * 40,
        "<b>" * 40 + "x",
        "<i><blockquote>" * 10,
        "<ul><li><ol><li>" * 10,
    ],
)
def test_deep_nesting_is_refused(html):
    assert "nested too deeply" in refused(html)


@pytest.mark.parametrize(
    "html",
    [
        "<p><b>one<p>two",  # <b> left open across paragraphs: the parser would copy it into each one
        "<b><i>crossed</b></i>",
        "<ul><li><b>item</ul>",
        "<a href='https://a.example'>one <a href='https://b.example'>two</a></a>",
        "<li><ul></li>",
        "<blockquote><b>quote</blockquote>",
    ],
)
def test_unclosed_or_crossed_markup_is_refused(html):
    assert "Close" in refused(html) or "link inside a link" in refused(html)


@pytest.mark.parametrize(
    "html",
    [
        "<!-- " + "-x" * 100 + " -->",  # the tokenizer walks dash runs one character at a time
        "<!DOCTYPE html><p>x</p>",
        "<?php echo 1 ?>",
        "</ >",
        "<x " + " ".join(f"a{i}" for i in range(40)) + ">",  # attributes are compared pairwise
        "<b a" + "=" * 500 + ">",
        "<b title='" + "x" * 5000 + "'>x</b>",
        "<p>&#" + "9" * 50 + ";</p>",
        "<b",  # a tag left open at the end swallows the text after it
        "Формула: a<b",
    ],
)
def test_markup_the_guard_cannot_read_is_refused(html):
    assert "cannot be read" in refused(html)


@pytest.mark.parametrize(
    "html",
    ["&amp;" * (sanitize.MAX_MARKUP + 1), "<b>x</b>" * (sanitize.MAX_MARKUP // 2 + 1), "a < b " * 3000],
)
def test_too_much_markup_is_refused(html):
    assert "too much markup" in refused(html)


def test_plain_text_with_many_special_characters_is_refused_as_markup():
    assert "too much markup" in refused("R&D " * (sanitize.MAX_MARKUP + 1))


@pytest.mark.parametrize("text", ["a\x00b", "a\ud800b", "<p>a\x00</p>"])
def test_unstorable_characters_are_refused(text):
    assert "cannot be stored" in refused(text)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>one<p>two", "<p>one</p><p>two</p>"),
        ("<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>"),
        ("<blockquote><p>quote</blockquote>", "<blockquote><p>quote</p></blockquote>"),
        ("<p><b>bold</b> and <i>italic</i></p>", "<p><b>bold</b> and <i>italic</i></p>"),
        ("<h3>Title<h4>Sub</h4>", "<h3>Title</h3><h4>Sub</h4>"),
        ("<ul><li><p>a<li>b</ul>", "<ul><li><p>a</p></li><li>b</li></ul>"),
        ("Формула: a < b и <b>важное</b>", "Формула: a &lt; b и <b>важное</b>"),
        ("<div>block</div><span class=x>inline</span><br/>", "blockinline<br>"),
        ("<!-- a note -->text", "text"),
        ("<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"),
        ("<p>R&amp;D &copy; &#8212;</p>", "<p>R&amp;D &copy; &#8212;</p>"),
    ],
)
def test_ordinary_html_is_accepted_and_cleaned_as_before(html, expected):
    assert user_html(html, max_length=1000) == expected


def test_links_are_made_and_marked_nofollow():
    html = user_html("See https://example.org and <a href='javascript:alert(1)'>this</a>", max_length=1000)
    assert html == (
        'See <a href="https://example.org" rel="nofollow noopener">https://example.org</a> and '
        '<a rel="nofollow noopener">this</a>'
    )


def test_text_length_counts_what_a_reader_sees():
    assert text_length(user_html("<p>R&amp;D <b>x</b></p><p>a &lt; b</p>", max_length=1000)) == len("R&D xa < b")
    assert text_length(sanitize_html('<a href="https://e.org" title="a>b">link</a>')) == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # What the analysis editor's toolbar writes into the textarea between the learner's plain paragraphs.
        (
            "Первый абзац с <strong>главным</strong>.\n\n<h3>Риски</h3>\n\n"
            "<ul>\n<li>первый</li>\n<li>второй</li>\n</ul>\n\n"
            'Второй абзац,\nв две строки, и <a href="https://example.org">ссылка</a>.',
            "<p>Первый абзац с <strong>главным</strong>.</p><h3>Риски</h3>"
            "<ul>\n<li>первый</li>\n<li>второй</li>\n</ul>"
            '<p>Второй абзац,<br>в две строки, и <a href="https://example.org" rel="nofollow noopener">ссылка</a>.'
            "</p>",
        ),
        ("<em>один</em>\r\n\r\nдва", "<p><em>один</em></p><p>два</p>"),
        # Markup that spans a blank line is kept as written, not cut into crossed paragraphs.
        ("<strong>один\n\nдва</strong>", "<strong>один\n\nдва</strong>"),
    ],
)
def test_blank_lines_make_paragraphs_around_the_toolbars_markup(text, expected):
    assert user_html(text, max_length=1000) == expected


def test_the_toolbars_markup_is_exactly_what_the_sanitiser_keeps():
    toolbar = ["strong", "em", "ul", "ol", "li", "h3", "a"]  # course/static/course/text-toolbar.js
    assert set(toolbar) <= sanitize.ALLOWED_TAGS
    assert sanitize.ALLOWED_ATTRIBUTES["a"] == ["href", "title"]
