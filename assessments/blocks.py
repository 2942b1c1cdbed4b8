"""Question blocks of an assessment: each tagged with one competency; the answer key stays on the server."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from assessments.scoring import MultipleChoiceRule
from course.blocks import CompetencyChoiceBlock


class ChoiceOptionBlock(blocks.StructBlock):
    """An answer option that is right or wrong."""

    text = blocks.CharBlock(label=_("option"), max_length=500)
    correct = blocks.BooleanBlock(label=_("correct"), required=False)

    class Meta:
        icon = "radio-full"
        label = _("option")


class SituationalOptionBlock(blocks.StructBlock):
    """A course of action in a situation, worth a share of the question's points."""

    text = blocks.CharBlock(label=_("action"), max_length=500)
    credit = blocks.IntegerBlock(
        label=_("credit, %"), min_value=0, max_value=100, default=0, help_text=_("Share of the points it earns.")
    )

    class Meta:
        icon = "radio-full"
        label = _("option")


class QuestionBlock(blocks.StructBlock):
    """What every scored question has: a competency, points and the prompt."""

    competency = CompetencyChoiceBlock()
    points = blocks.IntegerBlock(label=_("points"), min_value=1, max_value=100, default=1)
    prompt = blocks.TextBlock(label=_("question"))
    fixed = blocks.BooleanBlock(
        label=_("in every attempt"),
        required=False,
        help_text=_("Outside the draw: every learner answers it (for written answers)."),
    )


class ExplainedQuestionBlock(QuestionBlock):
    explanation = blocks.TextBlock(
        label=_("explanation"), required=False, help_text=_("Shown after submission when the assessment allows.")
    )


def _duplicate_options(options) -> ValidationError | None:
    texts = [" ".join(str(option["text"]).lower().split()) for option in options]
    if len(set(texts)) < len(texts):
        return ValidationError(_("Two options say the same; make every option different."))
    return None


class SingleChoiceQuestionBlock(ExplainedQuestionBlock):
    """One right answer among the options."""

    options = blocks.ListBlock(ChoiceOptionBlock(), label=_("options"), min_num=2, max_num=8)

    class Meta:
        icon = "radio-full"
        label = _("Single choice")
        description = _("One right answer among the options")
        preview_value = {
            "competency": "expert",
            "points": 1,
            "prompt": "Кто по закону может быть наставником молодого учителя?",
            "options": [
                {"text": "Только заместитель директора", "correct": False},
                {"text": "Опытный педагог, назначенный приказом", "correct": True},
                {"text": "Любой родитель ученика", "correct": False},
            ],
        }

    def clean(self, value):
        value = super().clean(value)
        if sum(bool(option["correct"]) for option in value["options"]) != 1:
            raise StructBlockValidationError(
                block_errors={"options": ValidationError(_("Mark exactly one option as correct."))}
            )
        if error := _duplicate_options(value["options"]):
            raise StructBlockValidationError(block_errors={"options": error})
        return value


class MultipleChoiceQuestionBlock(ExplainedQuestionBlock):
    """Several right answers; scored by the rule the editor chooses."""

    options = blocks.ListBlock(ChoiceOptionBlock(), label=_("options"), min_num=3, max_num=10)
    scoring = blocks.ChoiceBlock(
        label=_("scoring rule"),
        choices=[
            (MultipleChoiceRule.PARTIAL.value, _("Partial: right choices minus wrong ones; all ticked earns nothing")),
            (MultipleChoiceRule.ALL_OR_NOTHING.value, _("All or nothing: exactly the right set")),
        ],
        default=MultipleChoiceRule.PARTIAL.value,
    )

    class Meta:
        icon = "tick-inverse"
        label = _("Multiple choice")
        description = _("Several right answers, scored by the rule you choose")
        preview_value = {
            "competency": "communicative",
            "points": 2,
            "prompt": "Что помогает наставнику выстроить доверие?",
            "options": [
                {"text": "Договорённость о целях встреч", "correct": True},
                {"text": "Открытые вопросы", "correct": True},
                {"text": "Оценка каждого урока баллами", "correct": False},
            ],
            "scoring": "partial",
        }

    def clean(self, value):
        value = super().clean(value)
        correct = sum(bool(option["correct"]) for option in value["options"])
        if correct < 1 or correct == len(value["options"]):
            raise StructBlockValidationError(
                block_errors={
                    "options": ValidationError(_("Mark at least one option correct and at least one incorrect."))
                }
            )
        if error := _duplicate_options(value["options"]):
            raise StructBlockValidationError(block_errors={"options": error})
        return value


class SituationalQuestionBlock(ExplainedQuestionBlock):
    """A professional situation with courses of action, each worth part of the points."""

    scenario = blocks.TextBlock(label=_("situation"))
    options = blocks.ListBlock(SituationalOptionBlock(), label=_("options"), min_num=2, max_num=8)

    class Meta:
        icon = "group"
        label = _("Situational judgement")
        description = _("A professional situation and courses of action, each worth part of the points")
        preview_value = {
            "competency": "managerial",
            "points": 3,
            "prompt": "Как вы поступите?",
            "scenario": "Наставляемый третий раз переносит встречу, ссылаясь на нагрузку.",
            "options": [
                {"text": "Обсудить с ним нагрузку и общий план", "credit": 100},
                {"text": "Сообщить администрации", "credit": 30},
                {"text": "Прекратить встречи", "credit": 0},
            ],
        }

    def clean(self, value):
        value = super().clean(value)
        if not any(option["credit"] == 100 for option in value["options"]):
            raise StructBlockValidationError(
                block_errors={"options": ValidationError(_("At least one option must earn all the points."))}
            )
        if error := _duplicate_options(value["options"]):
            raise StructBlockValidationError(block_errors={"options": error})
        return value


class LikertStatementBlock(blocks.StructBlock):
    """A self-assessment statement on a five-point scale: recorded beside the assessed level, never scored."""

    competency = CompetencyChoiceBlock()
    statement = blocks.TextBlock(label=_("statement"))

    class Meta:
        icon = "order"
        label = _("Self-assessment (Likert)")
        description = _("A statement the learner rates on a five-point scale; not scored")
        preview_value = {"competency": "research", "statement": "Я умею анализировать результаты своей работы."}


class ShortAnswerQuestionBlock(QuestionBlock):
    """A written answer that a reviewer scores."""

    guidance = blocks.TextBlock(
        label=_("guidance for the reviewer"), required=False, help_text=_("What a good answer contains.")
    )
    max_length = blocks.IntegerBlock(label=_("maximum length, characters"), min_value=100, default=3000)

    class Meta:
        icon = "edit"
        label = _("Short written answer")
        description = _("A written answer that a reviewer scores")
        preview_value = {
            "competency": "project",
            "points": 5,
            "prompt": "Опишите проект, который вы предложили бы наставляемому.",
            "guidance": "Цель, сроки, ожидаемый результат.",
            "max_length": 3000,
        }


class QuestionStreamBlock(blocks.StreamBlock):
    single_choice = SingleChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    situational = SituationalQuestionBlock()
    likert = LikertStatementBlock()
    short_answer = ShortAnswerQuestionBlock()
