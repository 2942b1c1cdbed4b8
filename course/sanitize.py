"""The one place where user-written HTML is cleaned: case analyses, feedback, bios and messages all pass here.

Learners and reviewers write in a small editor (paragraphs, emphasis, lists, links, quotes). Everything else is
dropped, links get ``rel="nofollow noopener"`` and only http(s)/mailto schemes survive.
"""

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


def sanitize_html(html: str) -> str:
    """Clean HTML a user wrote; safe to render with ``|safe``."""
    cleaned = _cleaner.clean(html or "")
    return bleach.linkify(cleaned, callbacks=[*DEFAULT_CALLBACKS, _nofollow], skip_tags={"pre"}, parse_email=False)


def text_length(html: str) -> int:
    """Characters a reader sees, for length limits that do not count markup."""
    return len(bleach.clean(html or "", tags=set(), strip=True).strip())
