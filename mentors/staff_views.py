"""Mentor profiles and mentoring requests for staff in the Wagtail admin (``/admin/mentor-profiles/``,
``/admin/mentoring-requests/``).

Both are read-only listings with search, filters, inspect and history: profiles belong to their mentors, requests to
their two parties. Staff may hide a profile from the registry with a reason the mentor sees
(``mentors.profiles.moderation``).
A sender's contact (e-mail, phone) and the message, which may carry one, reach only the mentor and only after the
mentor accepts: no column, filter, search field or inspect field here shows them.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import HistoryView, InspectView, SnippetViewSet, SnippetViewSetGroup

import django_filters

from course.cleaning import StorableTextFormMixin
from course.models import Municipality
from mentors.models.profiles import MentorProfile
from mentors.models.requests import MentoringRequest, RequestStatus
from mentors.profiles.moderation import MAX_MODERATION_REASON, ModerationError, hide_profile, restore_profile

MODERATE_PERMISSION = "mentors.change_mentorprofile"


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Model permissions to look (``view``); nobody adds, edits or deletes these records in the admin."""

    FORBIDDEN = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        return action not in self.FORBIDDEN and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.FORBIDDEN]
        if not allowed:
            return super().users_with_any_permission(["view"]).none()
        return super().users_with_any_permission(allowed)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class ReadOnlyHistoryView(HistoryView):
    """The log of a record for whoever may look at it (Wagtail asks for add, change or delete by default)."""

    any_permission_required = ["view"]


def can_moderate(user) -> bool:
    return user.is_active and user.has_perm(MODERATE_PERMISSION)


# --- Mentor profiles -------------------------------------------------------------------------------------------------


class ProfileFilterSet(WagtailFilterSet):
    """Municipality, where the profile stands (listed, unpublished, hidden by staff) and the certification date."""

    STATES = [
        ("listed", _("In the registry")),
        ("unpublished", _("Not published by the mentor")),
        ("hidden", _("Hidden by staff")),
    ]

    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=Municipality.objects.order_by("name"), empty_label=_("Any municipality")
    )
    state = django_filters.ChoiceFilter(label=_("Status"), choices=STATES, method="filter_state")
    certified_at = django_filters.DateFromToRangeFilter(label=_("Certified"), widget=DateRangePickerWidget)

    class Meta:
        model = MentorProfile
        fields = ["municipality", "state", "certified_at"]

    def filter_state(self, queryset, name, value):
        if value == "listed":
            return queryset.filter(is_listed=True)
        if value == "unpublished":
            return queryset.filter(is_published=False)
        if value == "hidden":
            return queryset.filter(moderation_hidden_at__isnull=False)
        return queryset


def moderate_url(profile: MentorProfile) -> str:
    return reverse("mentors_profile_moderate", args=[profile.pk])


class ProfileInspectView(InspectView):
    """The profile as staff see it, with "Hide" or "Restore" and the history in the header."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if can_moderate(self.request.user):
            label = _("Restore to the registry") if self.object.moderation_hidden_at else _("Hide from the registry")
            buttons.append(Button(label, url=moderate_url(self.object), icon_name="warning", priority=30))
        return buttons


class MentorProfileViewSet(SnippetViewSet):
    """``/admin/mentor-profiles/``: list, inspect, history, and moderation."""

    model = MentorProfile
    url_prefix = "mentor-profiles"
    icon = "user"
    menu_label = _("Mentor profiles")
    menu_name = "mentor-profiles"
    list_display = [
        "display_name",
        "municipality",
        "organisation",
        "is_listed",
        "moderation_hidden_at",
        "certified_at",
    ]
    filterset_class = ProfileFilterSet
    # The ORM rather than the registry's search index: staff look up by name or organisation, hidden ones included.
    search_fields = ["display_name", "organisation"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_class = ProfileInspectView
    history_view_class = ReadOnlyHistoryView
    inspect_view_fields = [
        "display_name",
        "slug",
        "position",
        "organisation",
        "region",
        "municipality",
        "capacity",
        "active_mentees",
        "is_published",
        "published_at",
        "is_listed",
        "moderation_hidden_at",
        "moderation_reason",
        "certified_at",
        "expires_on",
        "certificate",
    ]
    copy_view_enabled = False
    add_to_reference_index = False

    def get_queryset(self, request):
        return MentorProfile.objects.select_related("municipality", "certificate")

    def get_permissions_to_register(self):
        return (
            super().get_permissions_to_register().filter(codename__in=["change_mentorprofile", "view_mentorprofile"])
        )


class ModerationForm(StorableTextFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding"),
        required=False,
        max_length=MAX_MODERATION_REASON,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The mentor reads it on their dashboard. Plain text."),
    )


class ModerateProfileView(WagtailAdminTemplateMixin, TemplateView):
    """Hide a profile with a reason (POST ``action=hide``) or restore it (``action=restore``); both are logged."""

    template_name = "mentors/admin/moderate_profile.html"
    page_title = _("Moderate a mentor profile")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def profile(self) -> MentorProfile:
        return get_object_or_404(MentorProfile.objects.select_related("certificate"), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.profile.display_name

    def inspect_url(self) -> str:
        return reverse(MentorProfile.snippet_viewset.get_url_name("inspect"), args=[self.profile.pk])

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ModerationForm()))

    def post(self, request, *args, **kwargs):
        form = ModerationForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            if request.POST.get("action") == "restore":
                restore_profile(self.profile, by=request.user)
                messages.success(request, gettext("The profile of %(name)s may be listed again.") % self._name())
            else:
                hide_profile(self.profile, by=request.user, reason=form.cleaned_data["reason"])
                messages.success(
                    request, gettext("The profile of %(name)s is hidden from the registry.") % self._name()
                )
        except ModerationError as error:
            form.add_error("reason", error.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return redirect(self.inspect_url())

    def _name(self) -> dict:
        return {"name": self.profile.display_name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(profile=self.profile, cancel_url=self.inspect_url())
        return context


# --- Mentoring requests ----------------------------------------------------------------------------------------------


class RequestFilterSet(WagtailFilterSet):
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=Municipality.objects.order_by("name"), empty_label=_("Any municipality")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RequestStatus.choices)
    created_at = django_filters.DateFromToRangeFilter(label=_("Sent"), widget=DateRangePickerWidget)

    class Meta:
        model = MentoringRequest
        fields = ["municipality", "status", "created_at"]


class MentoringRequestViewSet(SnippetViewSet):
    """``/admin/mentoring-requests/``: where a request stands and when it moved, for support; never the contact."""

    model = MentoringRequest
    url_prefix = "mentoring-requests"
    icon = "mail"
    menu_label = _("Mentoring requests")
    menu_name = "mentoring-requests"
    list_display = ["school", "profile", "municipality", "status", "created_at", "decided_at"]
    filterset_class = RequestFilterSet
    search_fields = ["school", "profile__display_name"]
    history_view_class = ReadOnlyHistoryView
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_fields = [
        "profile",
        "school",
        "municipality",
        "mentee_position",
        "desired_format",
        "status",
        "created_at",
        "confirmed_at",
        "decided_at",
        "decline_reason",
    ]
    copy_view_enabled = False
    add_to_reference_index = False

    def get_queryset(self, request):
        return MentoringRequest.objects.select_related("profile", "municipality")

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().filter(codename="view_mentoringrequest")


class MentorsStaffGroup(SnippetViewSetGroup):
    items = (MentorProfileViewSet, MentoringRequestViewSet)
    menu_icon = "group"
    menu_label = _("Mentors")
    menu_name = "mentors-staff"
    menu_order = 260


staff_urlpatterns = [
    path("mentor-profiles/<int:pk>/moderate/", ModerateProfileView.as_view(), name="mentors_profile_moderate")
]
