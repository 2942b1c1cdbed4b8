"""The sitemap lists the public pages of every language tree, not only the default one."""

from functools import reduce
from operator import or_

from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class AllLocalesSitemap(Sitemap):
    """Wagtail's sitemap walks one tree; with i18n the site's root has a translation per language."""

    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key, depth=root.depth)
        in_any_tree = reduce(or_, (Q(path__startswith=tree.path) for tree in roots))
        return Page.objects.live().public().filter(in_any_tree).order_by("path").defer_streamfields().specific()
