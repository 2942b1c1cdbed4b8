"""The reviewers' forms: points on each rubric criterion of a case analysis, points for a written answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.cases import MAX_ANALYSIS_CHARACTERS, MAX_CRITERION_COMMENT
from assessments.models import ReviewDecision
from assessments.policy import competency_label
from assessments.scoring import rubric_points
from course.cleaning import StorableTextFormMixin

MAX_ANSWER_FEEDBACK = 5_000


class ReviewForm(StorableTextFormMixin, forms.Form):
    """Points on each rubric criterion (any value of its range, in steps of 0.5), feedback and the decision."""

    feedback = forms.CharField(
        label=_("Feedback to the learner"),
        required=False,
        max_length=MAX_ANALYSIS_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text; leave a blank line between paragraphs."),
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=ReviewDecision.choices, widget=forms.RadioSelect)

    def __init__(self, criteria: list[dict], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[self.score_field(criterion["id"])] = forms.CharField(
                label=_("Points for “%(criterion)s”") % {"criterion": criterion["title"]},
                # The service checks the value; the browser's number input helps, but cannot be trusted.
                required=False,
                max_length=20,
                # A text input, not type="number": a number input in a Russian browser turns "5,5" into 55 or
                # nothing, while the service reads a decimal comma as it is typed.
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "decimal",
                        "autocomplete": "off",
                        "size": 6,
                        "data-review-score": "",
                        "data-max-points": criterion["max_points"],
                    }
                ),
                help_text=_("From 0 to %(max)s in steps of 0.5; a decimal comma is fine (5,5).")
                % {"max": criterion["max_points"]},
            )
            self.fields[self.comment_field(criterion["id"])] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion["title"]},
                required=False,
                max_length=MAX_CRITERION_COMMENT,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Optional; the learner sees it beside the points for this criterion."),
            )

    @staticmethod
    def score_field(criterion_id: str) -> str:
        return f"score-{criterion_id}"

    @staticmethod
    def comment_field(criterion_id: str) -> str:
        return f"comment-{criterion_id}"

    def clean(self):
        cleaned_data = super().clean()
        for criterion in self.criteria:
            name = self.score_field(criterion["id"])
            if name in cleaned_data:
                try:
                    rubric_points(cleaned_data[name], criterion["max_points"])
                except ValueError as error:
                    self.add_error(name, str(error))
        if cleaned_data.get("decision") == ReviewDecision.RETURNED and not cleaned_data.get("feedback", "").strip():
            self.add_error("feedback", _("Say what to revise when you return an analysis."))
        return cleaned_data

    def scores(self) -> dict[str, str]:
        return {
            criterion["id"]: self.cleaned_data.get(self.score_field(criterion["id"]), "")
            for criterion in self.criteria
        }

    def comments(self) -> dict[str, str]:
        return {
            criterion["id"]: self.cleaned_data.get(self.comment_field(criterion["id"]), "")
            for criterion in self.criteria
        }

    def rubric(self) -> list[dict]:
        """Each criterion with its competency's name and its bound score field, for the template."""
        return [
            {
                **criterion,
                "competency_label": competency_label(criterion["competency"]),
                "field": self[self.score_field(criterion["id"])],
                "comment_field": self[self.comment_field(criterion["id"])],
            }
            for criterion in self.criteria
        ]


class WrittenAnswerForm(StorableTextFormMixin, forms.Form):
    """Points from 0 to the question's points, and feedback in plain text."""

    feedback = forms.CharField(
        label=_("Feedback to the learner"),
        required=False,
        max_length=MAX_ANSWER_FEEDBACK,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, max_points: int, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "points": forms.DecimalField(
                label=_("Points"),
                min_value=0,
                max_value=max_points,
                max_digits=6,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"step": "0.5"}),
                help_text=_("From 0 to %(max)s.") % {"max": max_points},
            ),
            **self.fields,
        }
