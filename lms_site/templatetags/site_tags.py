"""Template tags of the site frame: navigation and the language switcher."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from wagtail.models import Locale, Page, Site

register = template.Library()


def _home_for_language(request, language_code: str):
    site = Site.find_for_request(request)
    if site is None:
        return None
    return (
        Page.objects.filter(translation_key=site.root_page.translation_key, locale__language_code=language_code)
        .live()
        .first()
    )


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in every language: the translated page where one exists, else that language's home."""
    request = context["request"]
    page = context.get("page")
    current = get_language()
    translations = {}
    if isinstance(page, Page) and page.pk:
        translations = {
            translation.locale.language_code: translation
            for translation in page.get_translations(inclusive=True).live().select_related("locale")
        }
    links = []
    for code, _name in settings.LANGUAGES:
        if code in translations:
            url = translations[code].get_url(request=request)
        elif isinstance(page, Page):
            home = _home_for_language(request, code)
            url = home.get_url(request=request) if home else f"/{code}/"
        else:
            url = translate_url(request.get_full_path(), code)
        links.append(
            {"code": code, "name": settings.LANGUAGE_NAMES_NATIVE[code], "url": url, "is_current": code == current}
        )
    return {"links": links}


@register.simple_tag(takes_context=True)
def site_home(context):
    """The home page (the catalogue) in the active language."""
    request = context["request"]
    home = _home_for_language(request, Locale.get_active().language_code)
    return home or _home_for_language(request, settings.LANGUAGE_CODE)


@register.simple_tag(takes_context=True)
def menu_pages(context, home):
    """Top-level pages the editors marked “show in menus”."""
    if home is None:
        return []
    return list(home.get_children().live().public().in_menu().only("id", "title", "url_path", "locale_id"))
