"""Learner views of the assessments app: take an attempt (autosave, submit, result) and hand in case analyses.

Every record is looked up together with ``user=request.user``: another learner's id is simply not found (404).
"""

import json
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from assessments import attempts as attempt_service
from assessments import cases as case_service
from assessments import policy
from assessments.grades import grade_report
from assessments.models import AssessmentPage, Attempt
from assessments.presentation import attempt_questions, review_visibility
from course.access import gate
from course.models import CaseStudyPage
from course.progress import taught_page

MAX_SAVE_BODY = 64 * 1024


def render_sequence() -> int:
    """Sequence numbers grow with time, so a save from an older page never overwrites a newer one."""
    return time.time_ns() // 1000


def _own_attempt(request, attempt_id) -> Attempt:
    return get_object_or_404(Attempt.objects.select_related("page"), pk=attempt_id, user=request.user)


@login_required
def grades(request):
    """The learner's own grade report ("My grades")."""
    return TemplateResponse(request, "assessments/grades.html", {"reports": grade_report(request.user)})


@login_required
@require_POST
def start(request, page_id):
    page = get_object_or_404(AssessmentPage.objects.live(), pk=page_id)
    denial = gate(request, page)
    if denial is not None:
        return denial
    page = taught_page(page)  # an attempt from a translated page counts on the original
    try:
        attempt = attempt_service.start_attempt(request.user, page)
    except attempt_service.AttemptError as error:
        messages.error(request, error.message)
        return redirect(page.get_url(request))
    return redirect("assessments:attempt", attempt.pk)


@login_required
def attempt(request, attempt_id):
    attempt = attempt_service.submit_if_overdue(_own_attempt(request, attempt_id))
    return _render_attempt(request, attempt)


def _flags_key(attempt) -> str:
    return f"attempt-{attempt.pk}-flags"


def _flagged(request, attempt) -> set[str]:
    """The questions the learner flagged for review, kept in the session: the form posts them with the answers."""
    return set(request.session.get(_flags_key(attempt), []))


def _keep_flags(request, attempt, questions) -> None:
    if "flags-present" in request.POST:
        ids = {question.id for question in questions}
        request.session[_flags_key(attempt)] = sorted(set(request.POST.getlist("flag")) & ids)


def _timer_context(attempt) -> dict:
    seconds_left = _seconds_left(attempt)
    return {
        "seconds_left": seconds_left,
        "minutes_part": seconds_left // 60 if seconds_left is not None else None,
        "seconds_part": seconds_left % 60 if seconds_left is not None else None,
    }


def _render_attempt(request, attempt, *, errors=(), status=200):
    page = attempt.page
    state = page.learner_state(request.user) if not attempt.is_open else {}
    visibility = review_visibility(attempt, state)
    questions = attempt_questions(attempt, visibility)
    flagged = _flagged(request, attempt) if attempt.is_open else set()
    for question in questions:
        question.flagged = question.id in flagged
    context = {
        "attempt": attempt,
        "page": page,
        "questions": questions,
        "visibility": visibility,
        "has_pass_mark": policy.has_pass_mark(page),
        "sequence": render_sequence(),
        "form_errors": errors,
        **_timer_context(attempt),
        **state,
    }
    template = "assessments/attempt.html" if attempt.is_open else "assessments/attempt_result.html"
    return TemplateResponse(request, template, context, status=status)


def _seconds_left(attempt) -> int | None:
    if attempt.deadline is None or not attempt.is_open:
        return None
    return max(0, int((attempt.deadline - timezone.now()).total_seconds()))


@login_required
@require_POST
def save(request, attempt_id):
    """Autosave of one answer (JSON from the page script) or of the whole form (the button without JavaScript)."""
    attempt = _own_attempt(request, attempt_id)
    if request.content_type == "application/json":
        return _save_json(request, attempt)
    try:
        _save_form(request, attempt)
    except attempt_service.InvalidAnswer as error:
        return _render_attempt(request, attempt, errors=[error.message], status=400)
    except attempt_service.AttemptError as error:
        messages.error(request, error.message)
    else:
        if request.POST.get("next") == "summary":
            return redirect("assessments:summary", attempt.pk)
        messages.success(request, gettext("Your answers are saved."))
    return redirect("assessments:attempt", attempt.pk)


@login_required
def summary(request, attempt_id):
    """Before handing in: which questions are answered, which are not, which the learner flagged; then confirm."""
    attempt = attempt_service.submit_if_overdue(_own_attempt(request, attempt_id))
    if not attempt.is_open:
        return redirect("assessments:attempt", attempt.pk)
    questions = attempt_questions(attempt)
    flagged = _flagged(request, attempt)
    for question in questions:
        question.flagged = question.id in flagged
    context = {
        "attempt": attempt,
        "page": attempt.page,
        "questions": questions,
        "unanswered": [question for question in questions if not question.answered],
        "flagged": [question for question in questions if question.flagged],
        "answered_count": sum(question.answered for question in questions),
        "sequence": render_sequence(),
        **_timer_context(attempt),
    }
    return TemplateResponse(request, "assessments/attempt_summary.html", context)


def _save_json(request, attempt):
    if len(request.body) > MAX_SAVE_BODY:
        return JsonResponse({"error": "too_large"}, status=413)
    try:
        payload = json.loads(request.body)
        question_id, value, sequence = payload["question"], payload.get("value"), payload["sequence"]
    except (ValueError, KeyError, TypeError, RecursionError):
        return HttpResponseBadRequest(json.dumps({"error": "malformed"}), content_type="application/json")
    try:
        result = attempt_service.save_answer(attempt, str(question_id), value, sequence)
    except attempt_service.InvalidAnswer as error:
        return JsonResponse({"saved": False, "error": str(error.message)}, status=400)
    except attempt_service.AttemptError as error:
        return JsonResponse({"saved": False, "error": str(error.message)}, status=409)
    return JsonResponse({"saved": result.saved, "sequence": result.sequence})


def _save_form(request, attempt) -> None:
    """Save the answers of the whole form (the buttons without JavaScript); a bad answer saves none of them."""
    sequence = request.POST.get("sequence", "")
    # Nineteen digits hold any valid sequence; a longer string is malformed, not a number to convert.
    if not sequence.isascii() or not sequence.isdigit() or len(sequence) > 19:
        raise attempt_service.InvalidAnswer(gettext("The form was incomplete; reload the page and try again."))
    questions = attempt_questions(attempt)
    _keep_flags(request, attempt, questions)
    names = {f"q-{question.id}" for question in questions}
    unknown = [key for key in request.POST if key.startswith("q-") and key.removesuffix("-present") not in names]
    if unknown:
        raise attempt_service.InvalidAnswer(gettext("There is no such question in this attempt."))
    values = {}
    for question in questions:
        name = f"q-{question.id}"
        if question.kind == "multiple_choice":
            if name not in request.POST and f"{name}-present" not in request.POST:
                continue
            values[question.id] = request.POST.getlist(name)
        elif name in request.POST:
            values[question.id] = request.POST.get(name)
    attempt_service.save_answers(attempt, values, int(sequence))


@login_required
@require_POST
def submit(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    # The summary's confirmation carries no answers: they were saved on the way to it.
    carries_answers = any(key.startswith("q-") for key in request.POST)
    if attempt.is_open and not attempt_service.is_overdue(attempt) and carries_answers:
        try:
            _save_form(request, attempt)
        except attempt_service.InvalidAnswer as error:
            return _render_attempt(request, attempt, errors=[error.message], status=400)
        except attempt_service.AttemptError as error:
            messages.error(request, error.message)
            return redirect("assessments:attempt", attempt.pk)
    attempt_service.submit_attempt(attempt)
    return redirect("assessments:attempt", attempt.pk)


@login_required
@require_POST
def case_analysis(request, case_id):
    """Save the draft of an analysis or submit it for review, then go back to the case page."""
    case = get_object_or_404(CaseStudyPage.objects.live(), pk=case_id)
    denial = gate(request, case)
    if denial is not None:
        return denial
    text = request.POST.get("analysis", "")
    shown, case = case, taught_page(case)  # recorded on the original of a translated case, shown where it was sent
    try:
        if request.POST.get("action") == "submit":
            case_service.submit_analysis(request.user, case, text)
            messages.success(
                request, gettext("Your analysis is submitted. You will get an e-mail when it has been reviewed.")
            )
        else:
            case_service.save_draft(request.user, case, text)
            messages.success(request, gettext("Draft saved."))
    except case_service.SubmissionError as error:
        # Nothing the learner typed is lost: the rejected text comes back in the form, with the error above it (the
        # error summary takes the focus and the address points at it, so the error is where the eye is).
        request.session[f"analysis-{shown.pk}"] = text[: case_service.MAX_ANALYSIS_HTML]
        request.session[f"analysis-error-{shown.pk}"] = str(error.message)
        return redirect(shown.get_url(request) + "#analysis-errors")
    return redirect(shown.get_url(request) + "#analysis")
