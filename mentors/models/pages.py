"""The registry page: one Wagtail page (slug ``mentors`` under the catalogue) serving the search, the profiles,
and matching through its routes.

The routes stay thin; the work is in the views of ``mentors.registry`` and ``mentors.requests``. Those (and what they
import) read the models by module (``mentors.models.profiles``), never through this package, so the page sits at the
top of the import graph without a cycle."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from mentors.models.profiles import MentorProfile
from mentors.registry import views as registry_views
from mentors.requests import views as request_views


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
        return registry_views.search(request, self)

    @path("match/", name="match")
    def match(self, request):
        return registry_views.match(request, self)

    @path("<slug:slug>/", name="profile")
    def profile(self, request, slug):
        if request.method == "POST":
            return request_views.send(request, self, slug)
        return registry_views.profile(request, self, slug)

    @classmethod
    def url_for_profile(cls, profile, request=None) -> str:
        """The profile's address under the registry of the active language (the Russian one as a fallback)."""
        registry = cls.objects.live().filter(locale__language_code=_active_language()).first()
        registry = registry or cls.objects.live().first()
        if registry is None:
            return ""
        return registry.url + registry.reverse_subpage("profile", kwargs={"slug": profile.slug})

    def get_sitemap_urls(self, request=None):
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
    return (get_language() or "ru").split("-")[0]
