"""Template helpers of the course pages."""

import re
from collections.abc import Callable

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from wagtail.coreutils import get_supported_content_language_variant

from course.caching import learner_version, tree_version
from course.codes import CompetencyCode
from course.models import Competency
from course.progress import PROGRESS_CACHE_SECONDS

register = template.Library()

CYRILLIC = re.compile("[А-Яа-яЁё]")


@register.filter
def in_its_language(text):
    """The text, in ``<span lang="ru">`` when it is Russian on a page in another language (WCAG 3.1.2): the title of
    a course or page that is read in its original (an enrolment's course, an attempt's test) on an English page.
    Russian is the one language of the content written in Cyrillic."""
    text = conditional_escape(text)
    if _russian_elsewhere(text):
        return format_html('<span lang="ru">{}</span>', text)
    return text


@register.filter
def lang_attr(text) -> str:
    """`` lang="ru"`` for the element that holds the text when it is Russian on a page in another language (a
    mentor's bio on the English registry), else nothing: ``<div{{ profile.bio|lang_attr }}>``."""
    return mark_safe(' lang="ru"') if _russian_elsewhere(str(text or "")) else ""


def _russian_elsewhere(text: str) -> bool:
    return (get_language() or "").split("-")[0] != "ru" and bool(CYRILLIC.search(text))


@register.simple_tag
def competencies_by_code() -> dict[str, Competency]:
    """The competency snippets in the active language (falling back to the default one), keyed by code."""
    # By language code in one query: Wagtail's Locale.get_active() and get_default() ask the database each time.
    active = get_supported_content_language_variant(get_language())
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    rows = Competency.objects.filter(locale__language_code__in={active, default}).select_related("locale")
    by_code: dict[str, Competency] = {}
    for competency in rows:
        if competency.code not in by_code or competency.locale.language_code == active:
            by_code[competency.code] = competency
    return by_code


@register.filter
def competency_label(code: str) -> str:
    """The short translated name of a competency code."""
    try:
        return CompetencyCode(code).label
    except ValueError:
        return code


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def item_state(items, page_id):
    """The state of the page ``page_id`` among progress ``items``."""
    return next((item.state for item in items if item.page.pk == page_id), None)


@register.filter
def shown_as(page, translations):
    """``page`` as shown here: its translation in ``translations`` (``progress.translations_for``) or itself."""
    return (translations or {}).get(page.pk, page)


def _render_cached(context, template: str | Callable[[], str], key: str | None) -> str:
    """``template`` (a name, or a function that renders) rendered in ``context``, kept in the cache under ``key``
    (never in a preview, where the page is not what is published; ``key`` None: not kept)."""

    def render() -> str:
        if callable(template):
            return template()
        return context.template.engine.get_template(template).render(context)

    request = context.get("request")
    if key is None or request is None or getattr(request, "is_preview", False):
        return render()
    key = ":".join([key, request.get_host(), get_language() or "", tree_version()])
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, str(html), PROGRESS_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own template's output, cached as rendered


@register.simple_tag(takes_context=True)
def page_breadcrumbs(context) -> str:
    """The breadcrumbs of the page below the course catalogue, rendered once per page, host, language and tree
    version: the ancestors' query and their URLs cost more than a cache read."""
    page = context["page"]
    with context.push(ancestors=page.get_ancestors()[2:]):
        return _render_cached(context, "course/components/breadcrumbs.html", f"course:crumbs:{page.pk}")


@register.simple_tag(takes_context=True)
def course_outline(context) -> str:
    """The course outline beside a page, rendered once per learner, page, language and version of the learner's
    records and of the tree (the states it shows change only with them)."""
    progress, page = context.get("course_progress"), context.get("page")
    request = context.get("request")
    key = None
    if progress is not None and progress.enrolment is not None and page is not None and request is not None:
        user_id = request.user.pk
        key = f"course:outline:{user_id}:{progress.course.pk}:{page.pk}:{learner_version(user_id)}"
    return _render_cached(context, "course/includes/course_outline.html", key)


@register.simple_tag(takes_context=True)
def item_nav(context) -> str:
    """The module navigation of a lesson or case study (previous, module contents, next), rendered once per page,
    host, language and tree version."""
    page = context["page"]

    def render():
        previous_item, next_item = page.neighbours()
        with context.push(previous_item=previous_item, next_item=next_item):
            return context.template.engine.get_template("course/includes/item_nav.html").render(context)

    return _render_cached(context, render, f"course:item-nav:{page.pk}")


class KeepNode(template.Node):
    def __init__(self, nodelist, name, per_learner):
        self.nodelist, self.name, self.per_learner = nodelist, name, per_learner

    def render(self, context):
        page, request = context.get("page"), context.get("request")
        key = None
        if getattr(page, "pk", None) and request is not None:
            key = f"course:keep:{self.name}:{page.pk}"
            user = getattr(request, "user", None)
            if self.per_learner and user is not None and user.is_authenticated:
                key = f"{key}:{user.pk}:{learner_version(user.pk)}"
        return _render_cached(context, lambda: self.nodelist.render(context), key)


@register.tag
def keep(parser, token):
    """``{% keep "name" %}…{% endkeep %}``: a part of a page that is the same for every visitor (the page's own
    content, nothing of the learner's, no form), rendered once per page, host, language and tree version (a page
    saved, published or moved bumps it) and never kept in a preview.

    ``{% keep "name" learner %}``: a part that shows the signed-in learner's progress too (states, what is open),
    kept per learner and learner version as well (their records changed bump it); still no form."""
    bits = token.split_contents()
    if (
        len(bits) not in (2, 3)
        or bits[1][0] not in "\"'"
        or bits[1][0] != bits[1][-1]
        or bits[2:] not in ([], ["learner"])
    ):
        raise template.TemplateSyntaxError(
            '{% keep %} takes a quoted name and maybe learner: {% keep "outline" learner %}'
        )
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    return KeepNode(nodelist, bits[1][1:-1], per_learner=len(bits) == 3)
