"""Extension points of the mentors app in the Wagtail admin: certificates (listing, revocation, report, log), mentor
profiles (moderation) and mentoring requests."""

from django.urls import include, path
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from mentors import staff_views
from mentors.certification import admin_views
from mentors.certification.dashboard import certification_panels
from mentors.models.certificates import Certificate
from mentors.models.profiles import MentorProfile
from mentors.models.requests import MentoringRequest
from mentors.requests.dashboard import request_panels

# Before the viewset registers its permissions, so that it finds this policy rather than making the default one.
register_permission_policy(Certificate, admin_views.CertificatePermissionPolicy(Certificate))
register_snippet(admin_views.CertificateViewSet)
# Profiles and requests are read-only for staff (profiles may be hidden by moderation, in their own view).
register_permission_policy(MentorProfile, staff_views.ReadOnlyPolicy(MentorProfile))
register_permission_policy(MentoringRequest, staff_views.ReadOnlyPolicy(MentoringRequest))
register_snippet(staff_views.MentorsStaffGroup)

# The learner's certificate, or the checklist of what is missing, on the dashboard (lead; keep).
hooks.register("construct_learner_dashboard", certification_panels)
hooks.register("construct_learner_dashboard", request_panels)


@hooks.register("register_admin_urls")
def register_certificate_urls():
    return [
        *admin_views.admin_urlpatterns,
        *staff_views.staff_urlpatterns,
        path("reports/certificates/", include((admin_views.report_urlpatterns, "mentors_reports"))),
    ]


@hooks.register("register_reports_menu_item")
def register_certificates_report():
    return admin_views.report_menu_item()


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    @actions.register_action("mentors.certificate.revoke")
    class RevokeCertificate(LogFormatter):
        label = _("Revoke certificate")

        def format_message(self, log_entry):
            # In the message: Wagtail shows comments only in the history of models with revisions.
            reason = Truncator(log_entry.data.get("reason", "")).chars(200)
            return _("Certificate revoked: %(reason)s") % {"reason": reason}

        def format_comment(self, log_entry):
            return log_entry.data.get("reason", "")


@hooks.register("register_log_actions")
def register_profile_moderation_log_actions(actions):
    @actions.register_action("mentors.profile.hide")
    class HideProfile(LogFormatter):
        label = _("Hide mentor profile")

        def format_message(self, log_entry):
            reason = Truncator(log_entry.data.get("reason", "")).chars(200)
            return _("Profile hidden from the registry: %(reason)s") % {"reason": reason}

        def format_comment(self, log_entry):
            return log_entry.data.get("reason", "")

    actions.register_action(
        "mentors.profile.restore", _("Restore mentor profile"), _("Profile restored to the registry")
    )
