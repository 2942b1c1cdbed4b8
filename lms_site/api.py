"""Wagtail's read API v2: published pages, images and documents, showing only what the public pages show.

Beyond a course's landing page the course is for enrolled learners, so the API gives each page type only the fields
its public page shows (``PUBLIC_PAGE_FIELDS``): a lesson's body, a case's situation and rubric, an assessment's
introduction stay out, whatever a model lists in its ``api_fields``. Mentors' photos are not listed among the images.
Query parameters that no database can take (NUL bytes, integers beyond 64 bits) are a 400, not a 500.
"""

from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from course.cleaning import has_unstorable, is_oversized_integer
from mentors.profiles.photos import exclude_mentor_photos

# Model label -> the fields of ``api_fields`` the public may read. Page types not named here are public pages whose
# ``api_fields`` are all on show (the catalogue's ``intro``, the registry's).
PUBLIC_PAGE_FIELDS = {
    "course.coursepage": {
        "summary",
        "audience",
        "delivery_format",
        "hours",
        "outcomes",
        "enrolment_open",
        "sequential_modules",
    },
    # The landing page lists the modules with their number, hours and competencies.
    "course.modulepage": {"number", "competency_codes", "estimated_hours", "hours"},
    "course.lessonpage": set(),
    "course.casestudypage": set(),
    "assessments.assessmentpage": set(),
}

# The largest offset and ids the API takes: beyond, SQLite cannot even bind the number (OverflowError).
MAX_OFFSET = 10_000_000


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        for name in ("offset", "limit"):
            value = request.GET.get(name, "")
            # isascii(): "²".isdigit() is true, and int() refuses it.
            # len(): int() refuses more than 4 300 digits, and anything longer than MAX_OFFSET's is too large anyway.
            too_long = len(value) > len(str(MAX_OFFSET))
            if value.isascii() and value.isdigit() and (too_long or int(value) > MAX_OFFSET):
                raise BadRequestError(f"{name} must be at most {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class SafeParametersMixin:
    """Refuses, before anything reads them, query parameters that would make the database fail."""

    pagination_class = BoundedPagination

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for name, values in request.GET.lists():
            for value in [name, *values]:
                if has_unstorable(value):
                    raise BadRequestError(f"{name[:40]!r} contains a NUL byte or a broken character")
                if is_oversized_integer(value):
                    raise BadRequestError(f"{name[:40]!r} is too large a number")


class PublicPagesAPIViewSet(SafeParametersMixin, PagesAPIViewSet):
    @classmethod
    def get_body_fields(cls, model):
        fields = super().get_body_fields(model)
        public = PUBLIC_PAGE_FIELDS.get(model._meta.label_lower)
        if public is None:
            return fields
        return [field for field in fields if field.name in cls.body_fields or field.name in public]


class PublicImagesAPIViewSet(SafeParametersMixin, ImagesAPIViewSet):
    def get_queryset(self):
        return exclude_mentor_photos(super().get_queryset())


class PublicDocumentsAPIViewSet(SafeParametersMixin, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
