"""The sitemap lists the public pages of every language tree, each with its translations as hreflang alternates."""

from collections import defaultdict
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class AllLocalesSitemap(Sitemap):
    """Wagtail's sitemap walks one tree; with i18n the site's root has a translation per language.

    Every page's entry names its live public translations (and itself) as ``xhtml:link rel="alternate"``, with the
    default language as ``x-default``, so search engines show a reader the version in their language.
    """

    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key, depth=root.depth)
        in_any_tree = reduce(or_, (Q(path__startswith=tree.path) for tree in roots))
        return Page.objects.live().public().filter(in_any_tree).order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        # Wagtail's own _urls, reading the page of items once so that their translations come in one more query.
        pages = list(self.paginator.page(page).object_list)
        alternates = self._alternates({item.translation_key for item in pages})
        urls, last_mods = [], set()
        for item in pages:
            own_location = item.get_full_url(self.request)
            for url_info in item.get_sitemap_urls(self.request):
                if url_info["location"] == own_location and len(alternates[item.translation_key]) > 2:
                    url_info = {**url_info, "alternates": alternates[item.translation_key]}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def _alternates(self, translation_keys) -> dict:
        """The live public pages of these translation keys, as alternates for Django's sitemap template (one query)."""
        default_language = settings.LANGUAGE_CODE
        found = defaultdict(list)
        translations = (
            Page.objects.live()
            .public()
            .filter(translation_key__in=translation_keys)
            .select_related("locale")
            .only("url_path", "translation_key", "locale__language_code")
            .order_by("locale__language_code")
        )
        for translation in translations:
            location = translation.get_full_url(self.request)
            if location is None:  # outside every site
                continue
            language = translation.locale.language_code
            found[translation.translation_key].append({"lang_code": language, "location": location})
            if language == default_language:
                found[translation.translation_key].append({"lang_code": "x-default", "location": location})
        return found
