"""Certificates in the Wagtail admin: a read-only snippet listing with an inspect view, the revocation screen and the
report "Certificates issued".

Certificates come from the rules of certification (``mentors.certification.issuing``), so nobody adds, edits or
deletes them here, superusers included (``CertificatePermissionPolicy``). Staff with ``mentors.change_certificate``
may revoke one, with a reason that the public check page shows; ``mentors.view_certificate`` is enough to look.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, StatusTagColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

import django_filters

from assessments.reports import ReportMenuItem, StaffReportView
from course.cleaning import StorableTextFormMixin
from mentors.certification.issuing import revoke
from mentors.models.certificates import Certificate, CertificateStatus

REVOKE_PERMISSION = "mentors.change_certificate"
MAX_REASON_LENGTH = 2000


def can_revoke(user) -> bool:
    return user.is_active and user.has_perm(REVOKE_PERMISSION)


def revoke_url(certificate: Certificate) -> str:
    return reverse("mentors_certificate_revoke", args=[certificate.pk])


def list_url() -> str:
    return reverse(Certificate.snippet_viewset.get_url_name("list"))


def inspect_url(certificate: Certificate) -> str:
    return reverse(Certificate.snippet_viewset.get_url_name("inspect"), args=[certificate.pk])


class CertificatePermissionPolicy(ModelPermissionPolicy):
    """Model permissions, except that nobody may add or delete a certificate: only the rules issue them."""

    FORBIDDEN = frozenset({"add", "delete"})

    def user_has_permission(self, user, action):
        return action not in self.FORBIDDEN and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.FORBIDDEN]
        if not allowed:
            return super().users_with_any_permission(["add"]).none()
        return super().users_with_any_permission(allowed)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


# --- The listing -----------------------------------------------------------------------------------------------------


def _years(request=None):
    years = Certificate.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(str(year), str(year)) for year in years]


class CertificateFilterSet(WagtailFilterSet):
    """Status as the public sees it (expired is computed from the date), and the year of issue."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CertificateStatus.choices, method="filter_status", empty_label=_("Any status")
    )
    year = django_filters.ChoiceFilter(label=_("Year of issue"), choices=_years, empty_label=_("Any year"))

    class Meta:
        model = Certificate
        fields = ["status", "year"]

    def filter_status(self, queryset, name, value):
        valid = Certificate.objects.valid().values("pk")
        if value == CertificateStatus.VALID:
            return queryset.filter(pk__in=valid)
        if value == CertificateStatus.REVOKED:
            return queryset.filter(status=CertificateStatus.REVOKED)
        return queryset.exclude(status=CertificateStatus.REVOKED).exclude(pk__in=valid)


class CertificateIndexView(IndexView):
    """Number, holder, course, date and status; the number opens the inspect view. No bulk actions: no deletion."""

    default_ordering = "-issued_at"

    def filter_queryset(self, queryset):
        if self.filters:
            self.filters.is_valid()  # the valid filters apply; the others show their errors
            queryset = self.filters.filter_queryset(queryset)
        return queryset

    @cached_property
    def columns(self):
        return [
            # Wagtail's title column: links to the inspect view (there is no edit view) and carries the row's buttons.
            self._get_title_column("number"),
            Column("holder_name", label=_("Holder"), sort_key="holder_name"),
            Column("course_title", label=_("Course")),
            DateColumn("issued_at", label=_("Issued"), sort_key="issued_at"),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_current_status_display",
                primary=lambda certificate: certificate.current_status == CertificateStatus.VALID,
            ),
        ]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if can_revoke(self.request.user) and instance.status != CertificateStatus.REVOKED:
            buttons.append(Button(_("Revoke"), url=revoke_url(instance), icon_name="warning", priority=40))
        return buttons


class CertificateInspectView(InspectView):
    """Every field of the certificate, with the revocation and the history in the header."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if can_revoke(self.request.user) and self.object.status != CertificateStatus.REVOKED:
            buttons.append(Button(_("Revoke"), url=revoke_url(self.object), icon_name="warning", priority=30))
        buttons.append(
            Button(
                _("History"),
                url=reverse(Certificate.snippet_viewset.get_url_name("history"), args=[self.object.pk]),
                icon_name="history",
                priority=40,
            )
        )
        buttons.append(
            Button(_("Public check page"), url=self.object.get_absolute_url(), icon_name="link-external", priority=50)
        )
        return buttons

    def get_levels_display_value(self):
        return ", ".join(f"{name}: {level}" for _code, name, level in self.object.level_rows())

    def get_status_display_value(self):
        return self.object.get_current_status_display()


class CertificateAdminURLFinder(ModelAdminURLFinder):
    """Where the admin links a certificate from (the site history, the log): its inspect view, for whoever may look.

    Certificates have no edit view; Wagtail's default finder reverses one and fails.
    """

    edit_url_name = "wagtailsnippets_mentors_certificate:inspect"

    def get_edit_url(self, instance):
        policy = CertificatePermissionPolicy(Certificate)
        if self.user and not policy.user_has_any_permission_for_instance(self.user, ["view", "change"], instance):
            return None
        return self.construct_edit_url(instance)


class CertificateViewSet(SnippetViewSet):
    """``/admin/certificates/``: list, inspect and history only."""

    model = Certificate
    url_prefix = "certificates"
    icon = "doc-full"
    menu_label = _("Certificates")
    menu_name = "certificates"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "number",
        "status",
        "holder_name",
        "user",
        "course_title",
        "course",
        "hours",
        "levels",
        "issued_at",
        "expires_on",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
        "code",
        "pdf",
    ]
    filterset_class = CertificateFilterSet
    # Searched with the ORM: certificates are not in the search index.
    search_fields = ["number", "holder_name"]
    search_backend_name = None
    copy_view_enabled = False
    add_to_reference_index = False

    def get_queryset(self, request):
        return Certificate.objects.all()

    url_finder_class = CertificateAdminURLFinder

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None, edit_url_name=None, delete_url_name=None, usage_url_name=None, **kwargs
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="list"),
            path("results/", self.index_results_view, name="list_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
        ]

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().filter(codename__in=["change_certificate", "view_certificate"])


# --- Revocation ------------------------------------------------------------------------------------------------------


class RevokeForm(StorableTextFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown on the public check page of the certificate. Plain text."),
    )


class RevokeView(WagtailAdminTemplateMixin, TemplateView):
    """The confirmation page with the reason; POST revokes. An already revoked certificate is not revoked twice."""

    template_name = "mentors/admin/revoke.html"
    page_title = _("Revoke the certificate")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not can_revoke(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def certificate(self) -> Certificate:
        # Looked up after the permission check, so that ids are not probed by who may not revoke.
        return get_object_or_404(Certificate, pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.certificate.number

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": list_url(), "label": _("Certificates")},
            {"url": inspect_url(self.certificate), "label": str(self.certificate)},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def _already_revoked(self):
        messages.warning(
            self.request,
            gettext("Certificate %(number)s was already revoked.") % {"number": self.certificate.number},
        )
        return redirect(inspect_url(self.certificate))

    def get(self, request, *args, **kwargs):
        if self.certificate.status == CertificateStatus.REVOKED:
            return self._already_revoked()
        return self.render_to_response(self.get_context_data(form=RevokeForm()))

    def post(self, request, *args, **kwargs):
        form = RevokeForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("The certificate was not revoked; see the errors below."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        with transaction.atomic():
            # Locked, so that two staff members revoking at once do not overwrite each other's reason.
            certificate = Certificate.objects.select_for_update().get(pk=self.certificate.pk)
            if certificate.status == CertificateStatus.REVOKED:
                return self._already_revoked()
            revoke(certificate, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            gettext("Certificate %(number)s of %(holder)s is revoked.")
            % {"number": certificate.number, "holder": certificate.holder_name},
        )
        return redirect(list_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(certificate=self.certificate, cancel_url=inspect_url(self.certificate))
        return context


admin_urlpatterns = [path("certificates/<int:pk>/revoke/", RevokeView.as_view(), name="mentors_certificate_revoke")]


# --- Report: certificates issued -------------------------------------------------------------------------------------


@dataclass
class IssuedRow:
    month: str
    course: str
    issued: int
    revoked: int


class CertificatesIssuedReportView(StaffReportView):
    """Certificates issued per month and course (one aggregate query), newest month first."""

    page_title = _("Certificates issued")
    header_icon = "doc-full"
    index_url_name = "mentors_reports:certificates"
    index_results_url_name = "mentors_reports:certificates_results"
    export_filename = "certificates-issued"
    list_export = ["month", "course", "issued", "revoked"]
    export_headings = {"month": _("Month"), "course": _("Course"), "issued": _("Issued"), "revoked": _("Revoked")}
    columns = [
        Column("month", label=_("Month")),
        Column("course", label=_("Course")),
        NumberColumn("issued", label=_("Issued")),
        NumberColumn("revoked", label=_("Revoked")),
    ]

    def get_rows(self) -> list[IssuedRow]:
        courses = {course.pk: course.title for course in self.get_courses()}
        counts = (
            Certificate.objects.filter(course_id__in=courses)
            .annotate(month=TruncMonth("issued_at"))
            .order_by()
            .values("month", "course_id")
            .annotate(issued=Count("pk"), revoked=Count("pk", filter=Q(status=CertificateStatus.REVOKED)))
        )
        rows = [
            IssuedRow(row["month"].strftime("%Y-%m"), courses[row["course_id"]], row["issued"], row["revoked"])
            for row in counts
        ]
        rows.sort(key=lambda row: row.course)
        rows.sort(key=lambda row: row.month, reverse=True)  # stable: courses stay in order within a month
        return rows


report_urlpatterns = [
    path("", CertificatesIssuedReportView.as_view(), name="certificates"),
    path("results/", CertificatesIssuedReportView.as_view(results_only=True), name="certificates_results"),
]


def report_menu_item() -> ReportMenuItem:
    return ReportMenuItem(
        CertificatesIssuedReportView.page_title,
        reverse("mentors_reports:certificates"),
        name="certificates-issued",
        icon_name="doc-full",
        order=1330,
    )
