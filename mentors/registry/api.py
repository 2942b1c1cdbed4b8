"""The registry as JSON: ``GET /api/v1/mentors/`` with the page's parameters and rules, and its OpenAPI schema.

The parameters are declared for the schema but validated by the same FilterSet as the page, so both give the same
answer and the same errors (here a 400 whose body names the fields).
"""

from datetime import datetime

from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils.translation import get_language, gettext

from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError

from course.codes import CompetencyCode
from mentors.models.pages import MentorRegistryPage
from mentors.registry.search import paginate, search_mentors

api = NinjaAPI(
    title="Mentor registry API",
    version="1",
    description="Certified mentors of the intensive «Педагогическое наставничество». Read-only and public; "
    "no contact details are ever returned.",
    urls_namespace="api-v1",
)


class Reference(Schema):
    slug: str
    name: str


class CertificateOut(Schema):
    number: str
    url: str
    issued: datetime


class MentorOut(Schema):
    slug: str
    name: str
    position: str
    organisation: str
    region: Reference | None
    municipality: Reference | None
    subjects: list[str]
    formats: list[str]
    competencies: dict[str, int]
    available: bool
    url: str
    certificate: CertificateOut


class MentorPage(Schema):
    count: int = Field(
        description="Mentors found, exact up to the registry's limit (1,000 by default); when more match, "
        "`count` is the limit and `more_than` is true."
    )
    more_than: bool = Field(
        description="True when more than `count` mentors match: only the first `count` are paged through."
    )
    next: str | None
    previous: str | None
    results: list[MentorOut]


class ErrorsOut(Schema):
    errors: dict[str, list[str]]


class MentorQuery(Schema):
    q: str | None = None
    region: str | None = None
    municipality: str | None = None
    format: list[str] | None = None
    subject: str | None = None
    position: str | None = None
    available: str | None = None
    min_expert: str | None = None
    min_communicative: str | None = None
    min_managerial: str | None = None
    min_research: str | None = None
    min_project: str | None = None
    sort: str | None = None
    page: str | None = None


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        field = str(error.get("loc", ["", "request"])[-1])
        errors.setdefault(field, []).append(error.get("msg", gettext("Invalid value.")))
    return api.create_response(request, {"errors": errors}, status=400)


def _reference(item):
    return None if item is None else {"slug": item.slug, "name": item.display_name}


def _mentor(request, profile, registry_url: str) -> dict:
    certificate = profile.certificate
    return {
        "slug": profile.slug,
        "name": profile.display_name,
        "position": profile.position,
        "organisation": profile.organisation,
        "region": _reference(profile.region),
        "municipality": _reference(profile.municipality),
        "subjects": [subject.slug for subject in profile.subjects.all()],
        "formats": sorted(profile.format_codes),
        "competencies": {code: profile.levels[code] for code in CompetencyCode.values},
        "available": profile.available,
        "url": request.build_absolute_uri(f"{registry_url}{profile.slug}/"),
        "certificate": {
            "number": certificate.number,
            "url": request.build_absolute_uri(reverse("mentors:certificate", kwargs={"code": certificate.code})),
            "issued": certificate.issued_at,
        },
    }


def _page_url(request, number: int | None) -> str | None:
    if number is None:
        return None
    params = request.GET.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _registry_url() -> str:
    """The registry page in the language of the request, the Russian one otherwise: profiles link under it."""
    pages = MentorRegistryPage.objects.live().filter(locale__language_code__in=[_language(), "ru"])
    registry = sorted(pages.select_related("locale"), key=lambda page: page.locale.language_code != _language())[:1]
    return registry[0].url if registry else "/ru/mentors/"


def _language() -> str:
    return (get_language() or "ru").split("-")[0]


@api.get("/mentors/", response={200: MentorPage, 400: ErrorsOut, 404: ErrorsOut}, summary="Search the mentor registry")
def mentors(request, filters: Query[MentorQuery]):
    """The same parameters as the registry page (``format`` may repeat); 20 mentors a page."""
    data: QueryDict = request.GET
    registry = search_mentors(data)
    if not registry.is_valid:
        errors = {
            field: [str(message) for message in messages] for field, messages in registry.filterset.errors.items()
        }
        return Status(400, {"errors": errors})
    try:
        page = paginate(registry.results, data.get("page"))
    except ValueError:
        return Status(400, {"errors": {"page": [gettext("The page number must be a positive whole number.")]}})
    except Http404:
        # As on the page: a page beyond the results does not exist.
        return Status(404, {"errors": {"page": [gettext("There is no such page of results.")]}})
    registry_url = _registry_url()
    return Status(
        200,
        {
            "count": page.paginator.count,
            "more_than": registry.results.more_than,
            "next": _page_url(request, page.next_page_number() if page.has_next() else None),
            "previous": _page_url(request, page.previous_page_number() if page.has_previous() else None),
            "results": [_mentor(request, profile, registry_url) for profile in page.object_list],
        },
    )
