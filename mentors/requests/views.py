"""Mentoring requests: sent from a profile (a route of ``MentorRegistryPage``) and answered by the mentor."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from course.throttling import minutes, retry_after
from mentors.models.requests import MentoringRequest
from mentors.registry.back import kept_navigation
from mentors.registry.views import listed_profile, render_profile
from mentors.requests import services as mentoring
from mentors.requests import tasks as request_tasks
from mentors.requests.forms import MentoringRequestForm


def send(request, page, slug):
    profile = listed_profile(slug)
    form = MentoringRequestForm(request.POST, profile=profile)
    counters = mentoring.request_counters(request, request.POST.get("email", "")[:254])
    wait = retry_after(counters)
    if wait:
        form.is_valid()
        form.add_error(None, gettext("Too many requests. Try again in %(minutes)s min.") % {"minutes": minutes(wait)})
        response = render_profile(request, page, profile, form, status=429)
        response["Retry-After"] = str(wait)
        return response
    if not form.is_valid():
        return render_profile(request, page, profile, form, status=400)
    for counter in counters:
        counter.hit()
    if not form.is_spam:
        fields = {name: form.cleaned_data[name] for name in form._meta.fields}
        try:
            created = mentoring.create_request(profile, **fields)
        except mentoring.RequestRefused as refusal:
            form.add_error(None, str(refusal))
            return render_profile(request, page, profile, form, status=400)
        token = mentoring.confirmation_token(created)
        link = request.build_absolute_uri(reverse("mentors:confirm_request", kwargs={"token": token}))
        request_tasks.send_confirmation_link.enqueue(request_id=created.pk, link=link)
    # The same answer for a bot that filled the hidden field: it learns nothing.
    messages.success(
        request,
        gettext("Almost done: we have sent a link to %(email)s. The mentor receives the request once you follow it.")
        % {"email": form.cleaned_data["email"]},
    )
    navigation = kept_navigation(request.GET)
    address = page.url + page.reverse_subpage("profile", kwargs={"slug": profile.slug})
    return redirect(f"{address}?{urlencode(navigation)}" if navigation else address)


def _own_request(request, pk) -> MentoringRequest:
    return get_object_or_404(MentoringRequest.objects.for_mentor(request.user).select_related("profile"), pk=pk)


def _answer(request, pk, decide, success: str, notify=None):
    """Apply the mentor's decision to their own request; a refusal (already answered, no place) is a message."""
    mentoring_request = _own_request(request, pk)
    try:
        decide(mentoring_request)
    except mentoring.RequestRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if notify is not None:
            notify.enqueue(request_id=mentoring_request.pk)
        messages.success(request, success)
    return redirect("dashboard")


@login_required
@require_POST
def accept(request, pk):
    return _answer(
        request,
        pk,
        mentoring.accept_request,
        gettext("Request accepted: you and the school have each other's contact by e-mail."),
        request_tasks.exchange_contacts,
    )


@login_required
@require_POST
def decline(request, pk):
    reason = request.POST.get("reason", "")
    return _answer(
        request,
        pk,
        lambda mentoring_request: mentoring.decline_request(mentoring_request, reason),
        gettext("Request declined; the school has been told."),
        request_tasks.notify_declined,
    )


@login_required
@require_POST
def close(request, pk):
    return _answer(request, pk, mentoring.close_request, gettext("Mentoring closed; the place is free again."))
