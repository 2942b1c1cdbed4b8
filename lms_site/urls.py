from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from lms_site import routing, views
from lms_site.api import api_router
from lms_site.sitemaps import AllLocalesSitemap

urlpatterns = [
    path("", views.root_redirect, name="root"),
    # Before Wagtail's own: its password-reset pages with the site's throttle.
    path("admin/", include("accounts.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": AllLocalesSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Browsers ask for /favicon.ico whatever the page links to.
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The plugin, as any host includes it (README: "Add to an existing Wagtail site").
    path("", include("mentors.unprefixed_urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("accounts/", include("accounts.urls")),
    path("", include("course.urls")),
    path("", include("assessments.urls")),
    path("", include("mentors.urls")),
    # Wagtail's page serving with the walk of the tree cached (lms_site/routing.py); Wagtail's URLs stay for reverse().
    re_path(r"^((?:[\w\-]+/)*)$", routing.serve),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
