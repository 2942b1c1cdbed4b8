"""The registry's search page, the mentors' public profiles and matching a mentee's needs (routes of
``MentorRegistryPage``): mentors with free places ranked by fit."""

from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext

from assessments.radar import RadarSeries, radar_svg
from course.codes import CompetencyCode
from mentors.models.profiles import MentorFormat, MentorProfile
from mentors.registry.back import (
    BACK_PARAMETER,
    MATCH_PARAMETER,
    kept_navigation,
    match_query,
    registry_query,
    registry_url,
)
from mentors.registry.cards import render_cards
from mentors.registry.filters import FILTER_PARAMETERS
from mentors.registry.forms import MatchForm
from mentors.registry.highlight import highlight_results
from mentors.registry.matching import MenteeNeeds, rank
from mentors.registry.search import paginate, search_mentors, with_card_data
from mentors.registry.stemming import stem_text
from mentors.requests.forms import MentoringRequestForm, initial_from_needs


def active_filters(request, filterset) -> list[dict]:
    """The filters in use, each with the address of the same search without it."""
    chips = []
    cleaned = filterset.form.cleaned_data
    for name in FILTER_PARAMETERS:
        if name == "sort" or not cleaned.get(name):
            continue
        field = filterset.form.fields[name]
        values = cleaned[name] if name == "format" else [cleaned[name]]
        for value in values:
            params = request.GET.copy()
            params.pop("page", None)
            if name == "format":
                params.setlist(name, [v for v in params.getlist(name) if v != value])
            else:
                params.pop(name, None)
            chips.append(
                {"label": field.label, "value": _chip_value(field, name, value), "url": f"?{params.urlencode()}"}
            )
    return chips


def _chip_value(field, name, value) -> str:
    if name == "available":
        return gettext("yes")
    if hasattr(value, "display_name"):
        return value.display_name
    choices = dict(getattr(field, "choices", []))
    return str(choices.get(value, value))


def search(request, page):
    # The cards show no subjects: the page does not fetch them (the API does).
    registry = search_mentors(request.GET, subjects=False, highlight=True)
    context = {"page": page, "self": page, "filterset": registry.filterset, "form": registry.filterset.form}
    status = 200
    if registry.is_valid:
        try:
            results_page = paginate(registry.results, request.GET.get("page"))
        except ValueError:
            registry.filterset.form.add_error(None, gettext("The page number must be a positive whole number."))
            status = 400
        else:
            params = request.GET.copy()
            params.pop("page", None)
            mentors = list(results_page.object_list)
            if stem_text(registry.query):
                highlight_results(mentors, registry.query)
            # A profile opened from this page leads back to it, the search, filters and page number kept.
            back_query = registry_query(request.GET.urlencode())
            context |= {
                "results_page": results_page,
                # First, last and the pages around the current one, "…" between (Django's elided range).
                "page_numbers": list(
                    results_page.paginator.get_elided_page_range(results_page.number, on_each_side=2, on_ends=1)
                ),
                "mentors": mentors,
                "cards": render_cards(mentors, registry_url=page.url, back_query=back_query),
                "count": results_page.paginator.count,
                "more_than": registry.results.more_than,
                "query": registry.query,
                "sort": registry.sort,
                "active_filters": active_filters(request, registry.filterset),
                "base_query": params.urlencode(),
                "back_query": back_query,
            }
    else:
        status = 400
    return TemplateResponse(request, "mentors/registry.html", context, status=status)


def listed_profile(slug: str) -> MentorProfile:
    queryset = MentorProfile.objects.listed().select_related("municipality", "region", "certificate", "photo")
    return get_object_or_404(queryset.prefetch_related("formats", "subjects", "expert_areas"), slug=slug)


def profile(request, page, slug):
    return render_profile(request, page, listed_profile(slug))


def render_profile(request, page, profile: MentorProfile, request_form=None, status: int = 200):
    """The public profile; ``request_form`` is the mentoring request form (bound when it came back with errors).

    Opened from the registry's results (``?from=``) or from the matches (``?match=``), it leads back there; the needs
    the school described to the match prefill the request form."""
    navigation = kept_navigation(request.GET)
    back_query, needs = navigation.get(BACK_PARAMETER, ""), None
    if MATCH_PARAMETER in navigation:
        match_form = MatchForm(QueryDict(navigation[MATCH_PARAMETER]))
        if match_form.is_valid():
            needs = match_form.cleaned_data
        else:
            del navigation[MATCH_PARAMETER]
    # A mentor without free places takes no requests: the page says so instead of offering the form.
    if request_form is None and profile.available:
        request_form = MentoringRequestForm(profile=profile, initial=initial_from_needs(profile, needs or {}))
    axes = [(code, str(label)) for code, label in CompetencyCode.choices]
    radar = radar_svg(
        axes,
        [RadarSeries(gettext("Certified level"), profile.levels, "radar-current")],
        title=gettext("Competency levels"),
    )
    context = {
        "page": page,
        "self": page,
        "profile": profile,
        "levels": [(code, label, profile.levels[code]) for code, label in CompetencyCode.choices],
        "radar": radar,
        "request_form": request_form,
        "registry_url": registry_url(page, back_query),
        "back_query": back_query,
        "match_url": (
            f"{page.url}{page.reverse_subpage('match')}?{navigation[MATCH_PARAMETER]}"
            if MATCH_PARAMETER in navigation
            else ""
        ),
        # Where the request form posts: the profile with the ways back it was opened with.
        "navigation_query": urlencode(navigation),
        # Opened with ``?from=``, the profile names its one address for search engines.
        "canonical_url": request.build_absolute_uri(request.path),
    }
    return TemplateResponse(request, "mentors/profile.html", context, status=status)


# Mentors scored in Python at most: the strongest of those who share the place, the format or the subject.
CANDIDATES = 500


def candidates(needs: MenteeNeeds):
    queryset = MentorProfile.objects.listed().available()
    near = Q()
    if needs.region_id:
        near |= Q(region_id=needs.region_id)
    if needs.format:
        near |= Q(Exists(MentorFormat.objects.filter(profile=OuterRef("pk"), format=needs.format)))
    if needs.subject_id:
        near |= Q(
            Exists(
                MentorProfile.subjects.through.objects.filter(mentorprofile=OuterRef("pk"), subject=needs.subject_id)
            )
        )
    if near:
        queryset = queryset.filter(near)
    return with_card_data(queryset.order_by("-level_mean", "id"))[:CANDIDATES]


def match(request, page):
    # Bound only when a need was asked for: a link with other parameters (utm_source=…) shows the empty form.
    asked = any(name in request.GET for name in MatchForm.base_fields)
    form = MatchForm(request.GET if asked else None)
    context = {"page": page, "self": page, "form": form}
    status = 200
    if form.is_bound:
        if form.is_valid():
            municipality = form.cleaned_data["municipality"]
            subject = form.cleaned_data["subject"]
            needs = MenteeNeeds(
                competencies=tuple(form.cleaned_data["competencies"]),
                format=form.cleaned_data["format"] or None,
                municipality_id=municipality.pk if municipality else None,
                region_id=municipality.region_id if municipality else None,
                subject_id=subject.pk if subject else None,
            )
            context["matches"] = rank(candidates(needs), needs)
            # Each match leads to the mentor's request form, prefilled with these needs.
            context["match_query"] = match_query(request.GET.urlencode())
        else:
            status = 400
    return TemplateResponse(request, "mentors/match.html", context, status=status)
