"""The registry page: one Wagtail page (slug ``mentors`` under the catalogue) serving the search, the profiles,
and matching through its routes.

The routes stay thin; the work is in ``mentors.views``."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page


class MentorRegistryPage(RoutablePageMixin, Page):
    """The public registry of certified mentors."""

    page_description = _("The public registry of certified mentors, with search and filters; one per catalogue.")

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["course.CourseIndexPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("mentor registry")
        verbose_name_plural = _("mentor registries")

    @path("")
    def registry(self, request):
        from mentors.views import registry

        return registry.search(request, self)

    @path("match/", name="match")
    def match(self, request):
        from mentors.views import matching

        return matching.match(request, self)

    @path("<slug:slug>/", name="profile")
    def profile(self, request, slug):
        from mentors.views import registry, requests

        if request.method == "POST":
            return requests.send(request, self, slug)
        return registry.profile(request, self, slug)

    @classmethod
    def url_for_profile(cls, profile, request=None) -> str:
        """The profile's address under the registry of the active language (the Russian one as a fallback)."""
        registry = cls.objects.live().filter(locale__language_code=_active_language()).first()
        registry = registry or cls.objects.live().first()
        if registry is None:
            return ""
        return registry.url + registry.reverse_subpage("profile", kwargs={"slug": profile.slug})

    def get_sitemap_urls(self, request=None):
        from mentors.models.profiles import MentorProfile

        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        profiles = MentorProfile.objects.listed().only("slug", "updated_at").order_by("pk")
        urls += [
            {
                "location": base + self.reverse_subpage("profile", kwargs={"slug": profile.slug}),
                "lastmod": profile.updated_at,
            }
            for profile in profiles.iterator()
        ]
        return urls


def _active_language() -> str:
    from django.utils.translation import get_language

    return (get_language() or "ru").split("-")[0]
