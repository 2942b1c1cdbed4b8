"""Finding a match: a school describes the mentee's needs and gets available mentors ranked by fit."""

from django.db.models import Exists, F, OuterRef, Q
from django.template.response import TemplateResponse

from mentors.forms import MatchForm
from mentors.matching import MenteeNeeds, rank
from mentors.models import MentorFormat, MentorProfile
from mentors.search import with_card_data

# Mentors scored in Python at most: the strongest of those who share the place, the format or the subject.
CANDIDATES = 500


def candidates(needs: MenteeNeeds):
    queryset = MentorProfile.objects.listed().filter(active_mentees__lt=F("capacity"))
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
        else:
            status = 400
    return TemplateResponse(request, "mentors/match.html", context, status=status)
