"""The one place where user-written HTML is cleaned: case analyses, feedback, bios and messages all pass here.

Learners and reviewers write in a small editor (paragraphs, emphasis, lists, links, quotes). Everything else is
dropped, links get ``rel="nofollow noopener"`` and only http(s)/mailto schemes survive.
"""

import re
from html import escape, unescape

import bleach
from bleach.linkifier import DEFAULT_CALLBACKS

ALLOWED_TAGS = frozenset({"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "blockquote", "a", "h3", "h4"})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[],
)


def _nofollow(attrs, new=False):
    attrs[(None, "rel")] = "nofollow noopener"
    return attrs


def user_html(text: str) -> str:
    """What a user typed into a textarea as clean HTML: plain text (blank lines between paragraphs) or HTML."""
    if "<" not in (text or ""):
        paragraphs = [part.strip() for part in (text or "").replace("\r\n", "\n").split("\n\n") if part.strip()]
        text = "".join(f"<p>{escape(part)}</p>".replace("\n", "<br>") for part in paragraphs)
    return sanitize_html(text)


def sanitize_html(html: str) -> str:
    """Clean HTML a user wrote; safe to render with ``|safe``."""
    cleaned = _cleaner.clean(html or "")
    return bleach.linkify(cleaned, callbacks=[*DEFAULT_CALLBACKS, _nofollow], skip_tags={"pre"}, parse_email=False)


def text_length(html: str) -> int:
    """Characters a reader sees, for length limits that do not count markup."""
    return len(bleach.clean(html or "", tags=set(), strip=True).strip())


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
