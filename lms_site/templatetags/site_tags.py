"""Template tags of the site frame: navigation and the language switcher.

What they show depends only on the site, the language and the published page tree, so it is cached per site (the
request's host), language and tree version (``course.caching``: a page published, unpublished, moved or deleted
bumps it) and costs no query once cached. Only links are cached, never anything of the visitor's.
"""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url
from django.utils.translation import get_language

from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

from course.caching import tree_version

register = template.Library()

CHROME_CACHE_SECONDS = 24 * 60 * 60  # the keys carry the tree version: entries are never stale, only unused
# Whether a user may use the admin (and so sees Wagtail's user bar): a permission changed shows within this time.
ADMIN_ACCESS_CACHE_SECONDS = 5 * 60


@dataclass(frozen=True)
class PageLink:
    """A page as the frame links to it."""

    pk: int
    title: str
    url: str


def _chrome_key(request, *parts) -> str:
    return ":".join(["chrome", request.get_host(), *map(str, parts), tree_version()])


def _link(page: Page, request) -> PageLink:
    return PageLink(pk=page.pk, title=page.title, url=page.get_url(request=request))


def _home_for_language(request, language_code: str) -> Page | None:
    site = Site.find_for_request(request)
    if site is None:
        return None
    return (
        Page.objects.filter(translation_key=site.root_page.translation_key, locale__language_code=language_code)
        .live()
        .first()
    )


def _site_frame(request, page) -> dict:
    """The home page of the active language (the default language's when it has none), the menu, and for a page the
    link to it (or to that language's home) in every language: one cache read per request, whichever tag asks."""
    memo = getattr(request, "_site_frame", None)
    if memo is not None and memo[0] is page:
        return memo[1]
    language = get_supported_content_language_variant(get_language())
    is_page = isinstance(page, Page) and bool(page.pk)
    key = _chrome_key(request, "frame", language, page.pk if is_page else "-")
    frame = cache.get(key)
    if frame is None:
        homes = {code: _home_for_language(request, code) for code, _name in settings.LANGUAGES}
        home = homes.get(language) or homes.get(settings.LANGUAGE_CODE)
        menu = []
        if home is not None:
            menu = [
                _link(child, request)
                for child in home.get_children().live().public().in_menu().only("id", "title", "url_path", "locale_id")
            ]
        languages, translated = None, []
        if isinstance(page, Page):
            translations = {}
            if is_page:
                translations = {
                    translation.locale.language_code: translation.get_url(request=request)
                    for translation in page.get_translations(inclusive=True).live().select_related("locale")
                }
            languages = {
                code: translations.get(code) or (homes[code].get_url(request=request) if homes[code] else f"/{code}/")
                for code, _name in settings.LANGUAGES
            }
            translated = sorted(translations)
        frame = {
            "home": _link(home, request) if home else None,
            "menu": menu,
            "languages": languages,
            "translated": translated,  # the languages in which this very page exists
        }
        cache.set(key, frame, CHROME_CACHE_SECONDS)
    request._site_frame = (page, frame)
    return frame


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in every language: the translated page where one exists, else that language's home."""
    request = context["request"]
    frame = _site_frame(request, context.get("page"))
    languages = frame["languages"]
    current = get_language()
    links = []
    # A filtered registry (or any page's parameters) stays as it is in the other language.
    query = request.META.get("QUERY_STRING", "")
    for code, _name in settings.LANGUAGES:
        if languages is None:
            url = translate_url(request.get_full_path(), code)
        else:
            url = f"{languages[code]}?{query}" if query and code in frame["translated"] else languages[code]
        links.append(
            {"code": code, "name": settings.LANGUAGE_NAMES_NATIVE[code], "url": url, "is_current": code == current}
        )
    return {"links": links}


@register.simple_tag(takes_context=True)
def site_home(context) -> PageLink | None:
    """The home page (the catalogue) in the active language."""
    return _site_frame(context["request"], context.get("page"))["home"]


@register.simple_tag(takes_context=True)
def menu_pages(context, home=None) -> list[PageLink]:
    """Top-level pages the editors marked “show in menus”."""
    return _site_frame(context["request"], context.get("page"))["menu"]


@register.simple_tag(takes_context=True)
def site_userbar(context) -> str:
    """Wagtail's user bar for those who may use the admin. Whether a user may is cached for a few minutes: Wagtail
    asks the database twice on every page of every learner otherwise (the admin checks for itself)."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return ""
    key = f"chrome:admin-access:{user.pk}"
    allowed = cache.get(key)
    if allowed is None:
        allowed = user.has_perm("wagtailadmin.access_admin")
        cache.set(key, allowed, ADMIN_ACCESS_CACHE_SECONDS)
    return wagtailuserbar(context) if allowed else ""
