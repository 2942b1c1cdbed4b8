"""The accounts in the Wagtail admin: the erasure of a user's personal data (in the users listing's "More" menu)
and its log entries."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter

from accounts.admin_views import can_erase, erase_url
from accounts.data_rights import ERASE_ACTION


@hooks.register("register_user_listing_buttons")
def erase_user_button(user, request_user):
    if not can_erase(request_user, user):
        return []
    return [Button(_("Erase personal data"), url=erase_url(user), icon_name="bin", priority=60)]


@hooks.register("register_log_actions")
def register_erase_log_action(actions):
    @actions.register_action(ERASE_ACTION)
    class EraseUser(LogFormatter):
        label = _("Erase personal data")

        def format_message(self, log_entry):
            reference = log_entry.data.get("reference")
            if reference:
                return _("Personal data erased on the written request %(reference)s") % {"reference": reference}
            return _("Personal data erased at the holder's own request")
