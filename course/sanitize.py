"""The one place where user-written HTML is cleaned: case analyses, feedback, bios and messages all pass here.

Learners and reviewers write in a small editor (paragraphs, emphasis, lists, links, quotes). Everything else is
dropped, links get ``rel="nofollow noopener"`` and only http(s)/mailto schemes survive.

bleach (html5lib) is the sanitiser, but its parser is slow on hostile input: its tree builder walks the stack of open
elements and the list of formatting elements on every tag (quadratic in the nesting), compares each attribute with
every other one of its tag, and reads comments, odd names and long character references one character at a time.
So nothing reaches it before a guard has checked, in one linear pass: the size (a cap per field, never above
``MAX_INPUT_LENGTH``); the number of tags, character references and bare ``<`` (``MAX_MARKUP``); that every tag,
comment and reference is of a plain shape; and that the allowed elements nest at most ``MAX_NESTING`` deep and are
closed in order (the implied ends of ``<p>`` and ``<li>`` aside), so that the parser never has to reconstruct or
adopt formatting elements. What passes costs bleach time in proportion to its length: ``make bench-sanitize``
measures the slowest inputs at the cap.
"""

import re
from functools import partial
from html import escape, unescape

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

import bleach
from bleach.linkifier import DEFAULT_CALLBACKS, LinkifyFilter

from course.cleaning import UNSTORABLE_MESSAGE, has_unstorable

ALLOWED_TAGS = frozenset({"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "blockquote", "a", "h3", "h4"})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# The largest text any field may hand to bleach (characters, markup included), and the most tags, character
# references and bare "<" it may hold. Together they bound the sanitiser's worst case (bench/sanitize.py).
MAX_INPUT_LENGTH = 30_000
MAX_MARKUP = 2_000
MAX_NESTING = 12


def _nofollow(attrs, new=False):
    attrs[(None, "rel")] = "nofollow noopener"
    return attrs


# One parse: the links are made by a filter of the same pass.
_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[*DEFAULT_CALLBACKS, _nofollow], skip_tags={"pre"}, parse_email=False)],
)


class MarkupRejected(ValidationError):
    """Text the guard will not hand to the parser; ``message`` says why. Raised in a form's ``clean_*``, it is the
    field's error."""

    def __init__(self, message):
        super().__init__(message, code="markup")


def user_html(text: str, *, max_length: int = MAX_INPUT_LENGTH) -> str:
    """What a user typed into a textarea as clean HTML: plain text (blank lines between paragraphs) or HTML.

    Raises:
        MarkupRejected: the text is longer than ``max_length`` or its markup is not something the guard lets through.
    """
    text = text or ""
    _check_length(text, max_length)
    if "<" not in text:
        paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
        text = "".join(f"<p>{escape(part, quote=False)}</p>".replace("\n", "<br>") for part in paragraphs)
        max_length = None  # the user's text was within the cap; the paragraphs and escapes are ours
    elif _BLANK_LINE.search(text):
        text, max_length = _paragraphs_with_markup(text, max_length)
    return sanitize_html(text, max_length=max_length)


_BLANK_LINE = re.compile(r"\n[\t ]*\r?\n")
_BLOCK_TAG = re.compile(r"</?(?:p|ul|ol|li|h3|h4|blockquote)\b", re.IGNORECASE)


def _paragraphs_with_markup(text: str, max_length: int) -> tuple[str, int | None]:
    """Paragraphs of a text that mixes plain lines with some markup (the analysis editor's toolbar adds bold,
    italics and links inline, lists and headings as blocks of their own): a part between blank lines without block
    markup becomes a paragraph, as in plain text. Where the markup spans a blank line, the text stays as written."""
    parts = [part.strip() for part in _BLANK_LINE.split(text.replace("\r\n", "\n")) if part.strip()]
    wrapped = "".join(part if _BLOCK_TAG.search(part) else f"<p>{part}</p>".replace("\n", "<br>") for part in parts)
    try:
        check_markup(wrapped)
    except MarkupRejected:
        return text, max_length
    return wrapped, None  # the user's text was within the cap; the paragraphs are ours


def sanitize_html(html: str, *, max_length: int | None = MAX_INPUT_LENGTH, max_markup: int = MAX_MARKUP) -> str:
    """Clean HTML a user wrote; safe to render with ``|safe``.

    Raises:
        MarkupRejected: see ``check_markup``.
    """
    html = html or ""
    if max_length is not None:
        _check_length(html, max_length)
    check_markup(html, max_markup=max_markup)
    return _cleaner.clean(html)


def _check_length(text: str, max_length: int) -> None:
    if max_length > MAX_INPUT_LENGTH:
        raise ValueError(f"max_length {max_length} is above the sanitiser's ceiling {MAX_INPUT_LENGTH}")
    if len(text) > max_length:
        raise MarkupRejected(
            _("The text is too long: at most %(limit)s characters, markup included.") % {"limit": max_length}
        )


def text_length(html: str) -> int:
    """Characters a reader sees in sanitised HTML (what ``sanitize_html`` returns), for limits that ignore markup."""
    return len(unescape(_SERIALISED_TAG.sub("", html or "")).strip())


# bleach's serialiser writes every tag as ``<name attr="value">`` with "<" escaped in text and '"' in values.
_SERIALISED_TAG = re.compile(r'</?[a-zA-Z][^>"]*(?:"[^"]*"[^>"]*)*>')


# The guard. Shapes are what html5lib reads quickly (letters, quoted values); lengths are bounded so no tag costs
# more than a few microseconds.
_WS = r"[\t\n\f\r ]"
_TAG = re.compile(
    rf"""</?(?P<name>[a-zA-Z][^\t\n\f\r />\x00]{{0,31}})
    (?>(?:{_WS}+[a-zA-Z][a-zA-Z0-9_:.-]{{0,31}}
        (?:{_WS}*={_WS}*(?:"[^"\x00]{{0,2048}}"|'[^'\x00]{{0,2048}}'|[^\t\n\f\r "'=<>`\x00]{{1,2048}}))?
    ){{0,8}})
    {_WS}*/?>""",
    re.VERBOSE,
)
# A comment that ends where html5lib ends it (not "<!-->"), of bounded length, without the dashes it reads one by one.
_COMMENT = re.compile(r"<!--(?!-?>)[^\x00-]{0,1024}-->")
_LONG_REFERENCE = re.compile(r"&#[xX]?[0-9a-zA-Z]{9}")
_MARKUP = re.compile(r"[<&]|[\w-]\.[a-zA-Z]")  # the last: a domain name, which the linkifier makes a link

_FORMATTING = frozenset({"a", "b", "em", "i", "strong", "u"})
_IMPLIED_END = frozenset({"p", "li"})
_CLOSES_PARAGRAPH = frozenset({"p", "ul", "ol", "blockquote", "h3", "h4", "li"})
_HEADINGS = frozenset({"h3", "h4"})

_UNREADABLE = _(
    "Part of the text is markup that cannot be read: “%(fragment)s”. Write plain text, or simple tags such as "
    '<p>, <b>, <ul><li> and <a href="…">.'
)
_TOO_MUCH = _(
    "The text has too much markup: at most %(limit)s tags, links, character references and “&” or “<” signs."
)
_TOO_DEEP = _("The markup is nested too deeply: at most %(limit)s levels.")
_CROSSED = _("Close <%(open)s> before </%(close)s>: tags are closed in the order they were opened.")
_LINK_IN_LINK = _("A link inside a link: close the first <a> before the second one.")


def check_markup(html: str, *, max_markup: int = MAX_MARKUP) -> None:
    """Refuse, in one linear pass, markup whose parsing would not be linear in its length.

    Whatever passes is parsed by html5lib exactly as this pass modelled it: the allowed elements form a tree no deeper
    than ``MAX_NESTING`` and every formatting element is closed by its own end tag, so the parser never reconstructs
    or adopts formatting elements. Disallowed tags never reach html5lib's tree (bleach turns them into text first).

    Raises:
        MarkupRejected: with the reason, for the user.
    """
    if has_unstorable(html):
        raise MarkupRejected(UNSTORABLE_MESSAGE)
    stack: list[str] = []
    markup = 0
    position = 0
    while match := _MARKUP.search(html, position):
        start = match.start()
        markup += 1
        if markup > max_markup:
            raise MarkupRejected(_TOO_MUCH % {"limit": max_markup})
        if html[start] not in "<&":
            position = start + 2
            continue
        if html[start] == "&":
            if _LONG_REFERENCE.match(html, start):
                _unreadable(html, start)
            position = start + 1
            continue
        following = html[start + 1 : start + 3]
        if following[:1] == "!":
            comment = _COMMENT.match(html, start)
            if comment is None:
                _unreadable(html, start)
            position = comment.end()
        elif _starts_tag(following):
            tag = _TAG.match(html, start)
            if tag is None:
                _unreadable(html, start)
            name = tag.group("name").lower()
            if name in ALLOWED_TAGS:
                _nest(stack, name, closing=following[0] == "/")
            markup += tag.group(0).count("&")
            position = tag.end()
        elif following[:1] in ("/", "?"):
            _unreadable(html, start)  # "</ x>" and "<?x>" are bogus comments, read one character at a time
        else:
            position = start + 1  # "a < b": text


def _starts_tag(following: str) -> bool:
    first = following[:1]
    if first == "/":
        first = following[1:2]
    return first.isascii() and first.isalpha()


def _unreadable(html: str, start: int):
    fragment = html[start : start + 30].splitlines()[0] if html[start : start + 30].strip() else html[start]
    raise MarkupRejected(_UNREADABLE % {"fragment": fragment})


def _nest(stack: list[str], name: str, *, closing: bool) -> None:
    """Follow html5lib's tree builder for an allowed tag; refuse what would make it adopt or reconstruct elements."""
    if name == "br":
        return
    if closing:
        if name not in stack:
            return  # a stray end tag: ignored (``</p>`` adds an empty paragraph)
        if name not in _FORMATTING:
            while stack[-1] != name and stack[-1] in _IMPLIED_END:
                stack.pop()
        if stack[-1] != name:
            raise MarkupRejected(_CROSSED % {"open": stack[-1], "close": name})
        stack.pop()
        return
    if name in _CLOSES_PARAGRAPH and "p" in stack:
        if stack[-1] != "p":
            raise MarkupRejected(_CROSSED % {"open": stack[-1], "close": "p"})
        stack.pop()
    if name == "li":
        for open_name in reversed(stack):
            if open_name == "li":
                if stack[-1] != "li":
                    raise MarkupRejected(_CROSSED % {"open": stack[-1], "close": "li"})
                stack.pop()
                break
            if open_name not in _FORMATTING:
                break
    if name in _HEADINGS and stack and stack[-1] in _HEADINGS:
        stack.pop()
    if name == "a" and "a" in stack:
        raise MarkupRejected(_LINK_IN_LINK)
    stack.append(name)
    if len(stack) > MAX_NESTING:
        raise MarkupRejected(_TOO_DEEP % {"limit": MAX_NESTING})


_SIMPLE_HTML = re.compile(r"^(?:<p>(?:(?!</?p>).)*</p>)*$", re.DOTALL)
_OTHER_TAGS = re.compile(r"<(?!/?p>|br>)[^>]*>")


def editable_text(html: str) -> str:
    """Stored HTML as the learner typed it: paragraphs become blank lines when that is all the markup there is.

    Text with links, lists or emphasis stays HTML, so nothing the learner wrote is lost when it goes back to the form.
    """
    if not html or not _SIMPLE_HTML.match(html) or _OTHER_TAGS.search(html):
        return html or ""
    paragraphs = re.findall(r"<p>(.*?)</p>", html, re.DOTALL)
    return "\n\n".join(unescape(part.replace("<br>", "\n")) for part in paragraphs)
