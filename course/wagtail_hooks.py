"""Admin screens of the course app (reference data as snippets, reports) and the gate on course content."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from course import access
from course.admin_forms import CodedReferenceForm
from course.models import (
    Competency,
    CoursePage,
    EnrolledOnlyMixin,
    ExpertArea,
    MentoringFormat,
    MentoringModel,
    Municipality,
    Region,
    Subject,
)
from course.progress import course_progress


class CodedReferenceViewSet(SnippetViewSet):
    """Competencies, formats and models: the code is fixed after creation (``CodedReferenceForm``)."""

    list_display = ["name", "code", "locale"]
    list_filter = ["locale"]

    def get_edit_handler(self):
        return ObjectList(self.model.panels, base_form_class=CodedReferenceForm).bind_to_model(self.model)


class CompetencyViewSet(CodedReferenceViewSet):
    model = Competency
    icon = "pick"
    list_display = ["name", "code", "locale"]
    list_filter = ["locale"]
    ordering = ["sort_order"]


class MentoringFormatViewSet(CodedReferenceViewSet):
    model = MentoringFormat
    icon = "group"
    list_display = ["name", "code", "locale"]
    list_filter = ["locale"]


class MentoringModelViewSet(CodedReferenceViewSet):
    model = MentoringModel
    icon = "snippet"
    list_display = ["name", "code", "locale"]
    list_filter = ["locale"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["name", "name_en", "slug"]


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "home"
    list_display = ["name", "name_en", "kind", "region"]
    list_filter = ["region", "kind"]
    list_per_page = 50


class SubjectViewSet(SnippetViewSet):
    model = Subject
    icon = "doc-full"
    list_display = ["name", "name_en", "slug"]


class ExpertAreaViewSet(SnippetViewSet):
    model = ExpertArea
    icon = "tasks"
    list_display = ["name", "name_en", "slug"]


class ReferenceDataGroup(SnippetViewSetGroup):
    items = (
        CompetencyViewSet,
        MentoringFormatViewSet,
        MentoringModelViewSet,
        RegionViewSet,
        MunicipalityViewSet,
        SubjectViewSet,
        ExpertAreaViewSet,
    )
    menu_icon = "list-ul"
    menu_label = _("Reference data")
    menu_name = "reference-data"


register_snippet(ReferenceDataGroup)


@hooks.register("before_serve_page")
def keep_course_content_for_enrolled_learners(page, request, serve_args, serve_kwargs):
    if isinstance(page, EnrolledOnlyMixin):
        return access.gate(request, page)
    if isinstance(page, CoursePage) and request.user.is_authenticated:
        request.course_progress = course_progress(request.user, page.get_taught_course())
    return None
