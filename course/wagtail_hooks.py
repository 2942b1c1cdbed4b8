"""Admin screens of the course app (reference data as snippets, reports) and the gate on course content."""

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from course import access, services
from course.admin_forms import CodedReferenceForm
from course.models import (
    Competency,
    EnrolledOnlyMixin,
    ExpertArea,
    MentoringFormat,
    MentoringModel,
    Municipality,
    Region,
    Subject,
)


class AddLabelMixin:
    """Wagtail builds "Add %(model_name)s" from the verbose name, which Russian would leave in the nominative
    («Добавить компетенция»); each viewset names its button in a whole phrase, translated as one."""

    add_item_label = None

    def get_index_view_kwargs(self, **kwargs):
        kwargs = super().get_index_view_kwargs(**kwargs)
        if self.add_item_label:
            kwargs["add_item_label"] = self.add_item_label
        return kwargs


class CodedReferenceViewSet(AddLabelMixin, SnippetViewSet):
    """Competencies, formats and models: the code is fixed after creation (``CodedReferenceForm``)."""

    list_display = ["name", "code", "locale"]
    list_filter = ["locale"]

    def get_edit_handler(self):
        return ObjectList(self.model.panels, base_form_class=CodedReferenceForm).bind_to_model(self.model)


class CompetencyViewSet(CodedReferenceViewSet):
    model = Competency
    add_item_label = _("Add a competency")
    icon = "pick"
    list_display = ["name", "code", "locale"]
    list_filter = ["locale"]
    ordering = ["sort_order"]


class MentoringFormatViewSet(CodedReferenceViewSet):
    model = MentoringFormat
    add_item_label = _("Add a mentoring format")
    icon = "group"
    list_display = ["name", "code", "locale"]
    list_filter = ["locale"]


class MentoringModelViewSet(CodedReferenceViewSet):
    model = MentoringModel
    add_item_label = _("Add a mentoring model")
    icon = "snippet"
    list_display = ["name", "code", "locale"]
    list_filter = ["locale"]


class RegionViewSet(AddLabelMixin, SnippetViewSet):
    model = Region
    add_item_label = _("Add a region")
    icon = "site"
    list_display = ["name", "name_en", "slug"]


class MunicipalityViewSet(AddLabelMixin, SnippetViewSet):
    model = Municipality
    add_item_label = _("Add a municipality")
    icon = "home"
    list_display = ["name", "name_en", "kind", "region"]
    list_filter = ["region", "kind"]
    list_per_page = 50


class SubjectViewSet(AddLabelMixin, SnippetViewSet):
    model = Subject
    add_item_label = _("Add a subject")
    icon = "doc-full"
    list_display = ["name", "name_en", "slug"]


class ExpertAreaViewSet(AddLabelMixin, SnippetViewSet):
    model = ExpertArea
    add_item_label = _("Add an expert area")
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
    return None


def _warn_about_learners(request, module) -> None:
    impact = services.publication_impact(module)
    if not impact.learners:
        return
    parts = []
    if impact.completed:
        parts.append(
            ngettext(
                "%(count)s learner has completed this module: they will see the page as new material, and the module "
                "stays complete and open for them.",
                "%(count)s learners have completed this module: they will see the page as new material, and the "
                "module stays complete and open for them.",
                impact.completed,
            )
            % {"count": impact.completed}
        )
    if impact.in_progress:
        parts.append(
            ngettext(
                "%(count)s learner is working through this module: the page becomes one more required item before "
                "the module is complete and the next one opens.",
                "%(count)s learners are working through this module: the page becomes one more required item before "
                "the module is complete and the next one opens.",
                impact.in_progress,
            )
            % {"count": impact.in_progress}
        )
    heading = str(_("Publishing a required page in a module learners have started."))
    messages.warning(request, " ".join([heading, *parts]))


@hooks.register("before_create_page")
def warn_before_adding_a_required_page(request, parent_page, page_class):
    """Before an editor publishes a new required page in a module, say whom it touches and how."""
    parent = parent_page.specific
    if request.method == "GET" and services.adds_required_item(page_class(), parent):
        _warn_about_learners(request, parent)


@hooks.register("before_edit_page")
def warn_before_making_a_page_required(request, page):
    if request.method == "GET" and services.adds_required_item(page):
        _warn_about_learners(request, page.get_parent().specific)


@hooks.register("before_publish_page")
def record_completions_before_publishing(request, page):
    """Completions not yet recorded are recorded from the tree as it is, before the page joins it."""
    if services.adds_required_item(page):
        services.publication_impact(page.get_parent().specific)
