"""StreamField blocks of the course pages: lesson content, case participants and rubrics."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from course.codes import CompetencyCode

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class HeadingBlock(blocks.StructBlock):
    """A section heading inside a lesson."""

    text = blocks.CharBlock(label=_("text"), max_length=255)
    level = blocks.ChoiceBlock(label=_("level"), choices=[("h2", _("Section")), ("h3", _("Subsection"))], default="h2")

    class Meta:
        icon = "title"
        template = "course/blocks/heading.html"
        label = _("Heading")
        description = _("A section or subsection heading")
        preview_value = {"text": "Роли наставника и наставляемого", "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    """A quotation or thesis with an optional source."""

    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        template = "course/blocks/quote.html"
        label = _("Quote")
        description = _("A quotation with its source")
        preview_value = {
            "text": "Наставником может быть каждый для каждого.",
            "attribution": "Принцип региональной системы наставничества",
        }


class KeyTermBlock(blocks.StructBlock):
    term = blocks.CharBlock(label=_("term"), max_length=255)
    definition = blocks.TextBlock(label=_("definition"))


class KeyTermsBlock(blocks.StructBlock):
    """A glossary of the key terms of a lesson."""

    title = blocks.CharBlock(label=_("title"), required=False, max_length=255)
    terms = blocks.ListBlock(KeyTermBlock(), label=_("terms"), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "course/blocks/key_terms.html"
        label = _("Key terms")
        description = _("Terms and their definitions")
        preview_value = {
            "title": "Ключевые понятия",
            "terms": [
                {"term": "Наставник", "definition": "Педагог, который передаёт опыт и поддерживает коллегу."},
                {"term": "Наставляемый", "definition": "Педагог, который осваивает профессию или новую роль."},
            ],
        }

    def clean(self, value):
        value = super().clean(value)
        seen = set()
        for item in value["terms"]:
            term = item["term"].strip().lower()
            if term in seen:
                raise StructBlockValidationError(
                    block_errors={
                        "terms": ValidationError(
                            _("The term “%(term)s” is listed twice."), params={"term": item["term"]}
                        )
                    }
                )
            seen.add(term)
        return value


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: information, a tip, a warning or an example."""

    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("info", _("Information")), ("tip", _("Tip")), ("warning", _("Warning")), ("example", _("Example"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("title"), required=False, max_length=255)
    text = blocks.RichTextBlock(label=_("text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        template = "course/blocks/callout.html"
        label = _("Callout")
        description = _("A highlighted note, tip, warning or example")
        preview_value = {
            "kind": "tip",
            "title": "Совет",
            "text": "<p>Договоритесь о встречах заранее и запишите цели наставничества.</p>",
        }


class ComparisonTableBlock(blocks.StructBlock):
    """A table that compares a few things by several features (e.g. mentoring, coaching, tutoring)."""

    caption = blocks.CharBlock(label=_("caption"), max_length=255)
    header = blocks.ListBlock(blocks.CharBlock(max_length=255), label=_("column headings"), min_num=2)
    rows = blocks.ListBlock(
        blocks.ListBlock(blocks.CharBlock(label=_("cell")), label=_("row")), label=_("rows"), min_num=1
    )

    class Meta:
        icon = "table"
        template = "course/blocks/comparison_table.html"
        label = _("Comparison table")
        description = _("Rows compared across columns; every row has as many cells as there are headings")
        preview_value = {
            "caption": "Наставничество и коучинг",
            "header": ["Признак", "Наставничество", "Коучинг"],
            "rows": [["Цель", "Профессиональный рост", "Достижение цели"], ["Срок", "Долгий", "Короткий"]],
        }

    def clean(self, value):
        value = super().clean(value)
        width = len(value["header"])
        for number, row in enumerate(value["rows"], start=1):
            if len(row) != width:
                raise StructBlockValidationError(
                    block_errors={
                        "rows": ValidationError(
                            _("Row %(number)s has %(cells)s cells, but the table has %(width)s columns."),
                            params={"number": number, "cells": len(row), "width": width},
                        )
                    }
                )
        return value


class FigureBlock(blocks.StructBlock):
    """An image with alternative text and an optional caption."""

    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        template = "course/blocks/figure.html"
        label = _("Image")
        description = _("An image with alternative text and a caption")

    def get_preview_value(self):
        # The library's first image, read when the editor opens the menu; without one the preview shows the caption.
        image = apps.get_model("wagtailimages", "Image").objects.order_by("pk").first()
        return {"image": image, "caption": "Схема наставнических пар"}


class VideoBlock(blocks.StructBlock):
    """A video embedded from a provider, with a title and a transcript for accessibility."""

    video = EmbedBlock(label=_("video URL"))
    title = blocks.CharBlock(label=_("title"), max_length=255)
    transcript = blocks.TextBlock(label=_("transcript"), required=False)

    class Meta:
        icon = "media"
        template = "course/blocks/video.html"
        label = _("Video")
        description = _("An embedded video with a transcript")
        # No video in the preview: an embed would be fetched from its provider each time the editor opens the menu.
        preview_value = {"video": None, "title": "Встреча наставника и наставляемого", "transcript": "Расшифровка…"}


class DocumentBlock(blocks.StructBlock):
    """A downloadable document (handout, template, reading)."""

    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("title"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        template = "course/blocks/document.html"
        label = _("Document")
        description = _("A file for learners to download")

    def get_preview_value(self):
        document = apps.get_model("wagtaildocs", "Document").objects.order_by("pk").first()
        return {"document": document, "title": "Памятка наставника"}


class ReflectionBlock(blocks.StructBlock):
    """A question for the learner to think over, with an optional hint."""

    prompt = blocks.TextBlock(label=_("question"))
    hint = blocks.TextBlock(label=_("hint"), required=False)

    class Meta:
        icon = "pick"
        template = "course/blocks/reflection.html"
        label = _("Reflection prompt")
        description = _("A question for reflection")
        preview_value = {
            "prompt": "Какие трудности первого года работы вы помните лучше всего?",
            "hint": "Вспомните, кто вам тогда помог.",
        }


class SourceBlock(blocks.StructBlock):
    """One source a page draws on: its bibliographic title and what the page takes from it."""

    title = blocks.CharBlock(label=_("source"), max_length=500)
    note = blocks.TextBlock(
        label=_("what is taken from it"),
        required=False,
        help_text=_("Which facts, terms or figures come from this source, and where in it."),
    )


class SourcesBlock(blocks.StructBlock):
    """The sources a lesson (or the course) draws on, listed at its end."""

    title = blocks.CharBlock(label=_("title"), required=False, max_length=255)
    items = blocks.ListBlock(SourceBlock(), label=_("sources"), min_num=1)

    class Meta:
        icon = "doc-full-inverse"
        template = "course/blocks/sources.html"
        label = _("Sources")
        description = _("The sources the page draws on, each with what is taken from it")
        preview_value = {
            "title": "",
            "items": [
                {
                    "title": "Нугуманова Л. Н., Шайхутдинова Г. А. Региональная система наставничества педагогических "
                    "и руководящих кадров // Мир науки. Педагогика и психология. 2023. Т. 11, № 6.",
                    "note": "Пять форматов наставничества; принцип «Наставником может быть каждый для каждого».",
                }
            ],
        }


class LessonStreamBlock(blocks.StreamBlock):
    """The body of a lesson."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="course/blocks/paragraph.html",
        description=_("Paragraphs of text with emphasis, lists and links"),
        preview_value="<p>Наставничество — форма передачи опыта, в которой <b>оба</b> участника растут.</p>",
    )
    quote = QuoteBlock()
    key_terms = KeyTermsBlock()
    callout = CalloutBlock()
    comparison_table = ComparisonTableBlock()
    image = FigureBlock()
    video = VideoBlock()
    document = DocumentBlock()
    reflection = ReflectionBlock()
    sources = SourcesBlock()

    def clean(self, value):
        value = super().clean(value)
        # Headings in order (WCAG 1.3.1): the page's title is the h1, so a subsection before any section would jump
        # from h1 to h3.
        for index, child in enumerate(value):
            if child.block_type == "heading" and child.value["level"] == "h2":
                break
            if child.block_type == "heading":
                raise StreamBlockValidationError(
                    block_errors={
                        index: ValidationError(_("A subsection heading cannot come before the first section heading."))
                    }
                )
        return value


class CompetencyChoiceBlock(blocks.ChoiceBlock):
    """One of the five competency codes."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("competency"))
        super().__init__(choices=CompetencyCode.choices, **kwargs)


class OutcomeBlock(blocks.StructBlock):
    """What a graduate can do in one competency."""

    competency = CompetencyChoiceBlock()
    text = blocks.TextBlock(label=_("outcome"))

    class Meta:
        icon = "tick"
        label = _("Outcome")
        description = _("What a graduate can do in one competency")
        preview_value = {"competency": "communicative", "text": "Выстраивает доверительный диалог с наставляемым."}


class ParticipantBlock(blocks.StructBlock):
    """A person in a case study."""

    role = blocks.CharBlock(label=_("role"), max_length=255)
    description = blocks.TextBlock(label=_("description"))

    class Meta:
        icon = "user"
        label = _("Participant")
        description = _("A person in the case and their part in it")
        preview_value = {"role": "Молодой учитель", "description": "Первый год работает в школе, ведёт 5 «А» класс."}


class RubricLevelBlock(blocks.StructBlock):
    """A level of performance on a rubric criterion with its range of points."""

    label = blocks.CharBlock(label=_("level"), max_length=100)
    min_points = blocks.IntegerBlock(label=_("from (points)"), min_value=0)
    max_points = blocks.IntegerBlock(label=_("to (points)"), min_value=0)
    descriptor = blocks.TextBlock(label=_("descriptor"))


class RubricCriterionValue(blocks.StructValue):
    """Derived values of a rubric criterion for templates and scoring."""

    @cached_property
    def competency_label(self) -> str:
        return CompetencyCode(self["competency"]).label


class RubricCriterionBlock(blocks.StructBlock):
    """A criterion of a case-study rubric, tied to one competency, with points and level descriptors."""

    title = blocks.CharBlock(label=_("criterion"), max_length=255)
    description = blocks.TextBlock(label=_("what is assessed"), required=False)
    competency = CompetencyChoiceBlock()
    max_points = blocks.IntegerBlock(label=_("maximum points"), min_value=1, max_value=100, default=10)
    levels = blocks.ListBlock(RubricLevelBlock(), label=_("levels"), min_num=2)

    class Meta:
        icon = "form"
        template = "course/blocks/rubric_criterion.html"
        label = _("Rubric criterion")
        value_class = RubricCriterionValue
        description = _("What is assessed, in which competency, and the levels of points")
        preview_value = {
            "title": "Анализ ситуации",
            "description": "Видит причины трудности и интересы всех участников.",
            "competency": "expert",
            "max_points": 10,
            "levels": [
                {"label": "Не проявлен", "min_points": 0, "max_points": 3, "descriptor": "Пересказывает ситуацию."},
                {"label": "Базовый", "min_points": 4, "max_points": 7, "descriptor": "Называет одну причину."},
                {"label": "Высокий", "min_points": 8, "max_points": 10, "descriptor": "Связывает причины и интересы."},
            ],
        }

    def clean(self, value):
        value = super().clean(value)
        levels = sorted(value["levels"], key=lambda level: level["min_points"])
        expected_start = 0
        for level in levels:
            if level["min_points"] > level["max_points"]:
                raise self._levels_error(_("In level “%(label)s” the range starts after it ends."), level)
            if level["min_points"] != expected_start:
                raise self._levels_error(
                    _("Level “%(label)s” should start at %(start)s points: levels must not overlap or leave gaps."),
                    level,
                    start=expected_start,
                )
            expected_start = level["max_points"] + 1
        if expected_start - 1 != value["max_points"]:
            raise StructBlockValidationError(
                block_errors={
                    "levels": ValidationError(
                        _("The highest level must end at the maximum of %(max)s points."),
                        params={"max": value["max_points"]},
                    )
                }
            )
        return value

    @staticmethod
    def _levels_error(message, level, **params):
        return StructBlockValidationError(
            block_errors={"levels": ValidationError(message, params={"label": level["label"], **params})}
        )


class RubricStreamBlock(blocks.StreamBlock):
    """The criteria of a case-study rubric."""

    criterion = RubricCriterionBlock()

    class Meta:
        min_num = 1
