"""The mentor's side of the dashboard: the public profile, its publication and withdrawal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from mentors.models.profiles import MentorProfile
from mentors.profiles.forms import MentorProfileForm, PublicationForm
from mentors.profiles.services import publish as publish_profile
from mentors.profiles.services import reindex
from mentors.profiles.services import unpublish as unpublish_profile


def _own_profile(request) -> MentorProfile:
    return get_object_or_404(MentorProfile.objects.select_related("certificate", "photo"), user=request.user)


@login_required
def mentor_profile(request):
    profile = _own_profile(request)
    if request.method == "POST":
        form = MentorProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            with transaction.atomic():
                form.save()
                reindex(profile)
            messages.success(request, gettext("Your profile is saved."))
            return redirect("mentors:mentor_profile")
        status = 400
    else:
        form = MentorProfileForm(instance=profile)
        status = 200
    context = {"profile": profile, "form": form, "publication_form": PublicationForm()}
    return render(request, "mentors/dashboard/mentor_profile.html", context, status=status)


@login_required
@require_POST
def publish(request):
    profile = _own_profile(request)
    form = PublicationForm(request.POST)
    if not profile.certificate.is_valid:
        messages.error(request, gettext("A profile can be published only with a valid certificate."))
    elif not profile.format_codes or profile.municipality_id is None:
        messages.error(request, gettext("Fill in your municipality and the formats you offer before publishing."))
    elif form.is_valid():
        publish_profile(profile)
        messages.success(request, gettext("Your profile is in the registry now."))
    else:
        messages.error(request, form.errors["consent"][0])
    return redirect("mentors:mentor_profile")


@login_required
@require_POST
def unpublish(request):
    unpublish_profile(_own_profile(request))
    messages.success(request, gettext("Your profile is hidden from the registry."))
    return redirect("mentors:mentor_profile")
