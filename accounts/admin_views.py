"""The erasure of an account by staff, on the person's written request (``accounts.data_rights``): a confirmation
page under the admin's users, reached from the user listing's "More" menu."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.users.utils import user_can_delete_user

from accounts import data_rights
from accounts.forms import EraseUserForm
from accounts.models import User

USERS_INDEX = "wagtailusers_users:index"


def can_erase(request_user, user: User) -> bool:
    """Who may delete a user may erase one; nobody erases themselves here (the site's own page is for that)."""
    return user.personal_data_erased_at is None and user_can_delete_user(request_user, user)


def erase_url(user: User) -> str:
    return reverse("wagtailusers_users:erase", args=[user.pk])


class EraseUserView(WagtailAdminTemplateMixin, TemplateView):
    """The confirmation page with the request's reference; POST erases and writes the log entry."""

    template_name = "accounts/admin/erase_user.html"
    page_title = _("Erase personal data")
    header_icon = "warning"

    @cached_property
    def target(self) -> User:
        return get_object_or_404(User, pk=self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("accounts.delete_user"):
            raise PermissionDenied  # before the look-up, so that ids are not probed
        if self.target.personal_data_erased_at is not None:
            messages.warning(request, gettext("This account's personal data were erased before."))
            return redirect(USERS_INDEX)
        if not can_erase(request.user, self.target):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.target.get_username()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(USERS_INDEX), "label": _("Users")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=EraseUserForm()))

    def post(self, request, *args, **kwargs):
        form = EraseUserForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("Nothing was erased; see the errors below."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        name = self.target.get_full_name()
        try:
            data_rights.erase_account(self.target, by=request.user, reference=form.cleaned_data["reference"])
        except data_rights.AlreadyErased:
            messages.warning(request, gettext("This account's personal data were erased before."))
            return redirect(USERS_INDEX)
        messages.success(request, gettext("The personal data of %(name)s are erased.") % {"name": name})
        return redirect(USERS_INDEX)

    def get_context_data(self, **kwargs):
        return super().get_context_data(target=self.target, cancel_url=reverse(USERS_INDEX), **kwargs)
