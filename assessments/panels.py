"""An admin panel that tells editors what in an item bank lets learners score without knowing the course."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel

from assessments.bank import bank_stats, bank_warnings, flatten_raw_question
from course.codes import CompetencyCode

WARNING_TEXT = {
    "key_longest": _("The correct answer is clearly the longest option: a guess by length finds it."),
    "long_option": _("One option is %(ratio)s times the median length of the others."),
    "duplicate_options": _("Two options say the same."),
    "no_competency": _("The question has no competency."),
    "pool_too_small": _(
        "The %(competency)s pool has %(size)s questions for a draw of %(draw)s: keep it at least twice the draw."
    ),
    "never_drawn": _("%(size)s questions of the %(competency)s competency are never drawn: add a draw rule."),
}


def describe(warning) -> str:
    detail = dict(warning.detail)
    if "competency" in detail:
        detail["competency"] = CompetencyCode(detail["competency"]).label
    text = str(WARNING_TEXT[warning.code]) % detail if detail else str(WARNING_TEXT[warning.code])
    return f"{_('Question')} {warning.number}: {text}" if warning.number else text


class BankCheckPanel(Panel):
    """Warnings about the saved item bank, shown above the questions."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "assessments/admin/bank_check_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            items = [flatten_raw_question(raw) for raw in page.questions.raw_data] if page.pk else []
            counts = {rule.competency: rule.count for rule in page.draw_rules.all()} if page.pk else {}
            context["warnings"] = [describe(warning) for warning in bank_warnings(items, counts)]
            context["stats"] = bank_stats(items) if items else None
            pools: dict[str, int] = {}
            for item in items:
                if item["type"] != "likert" and not item.get("fixed"):
                    pools[item.get("competency", "")] = pools.get(item.get("competency", ""), 0) + 1
            context["pools"] = [
                {"label": label, "size": pools.get(code, 0), "draw": counts.get(code)}
                for code, label in CompetencyCode.choices
                if pools.get(code) or counts.get(code)
            ]
            return context
