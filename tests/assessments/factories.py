"""Factories of assessments: question blocks as raw stream data and the assessment page."""

import factory
import wagtail_factories

from assessments.models import AssessmentPage


def single_choice(competency="expert", points=2, correct=1, options=3):
    return {
        "type": "single_choice",
        "value": {
            "competency": competency,
            "points": points,
            "prompt": f"Вопрос по компетенции {competency}?",
            "explanation": "Потому что так устроена модель.",
            "options": [{"text": f"Вариант {i + 1}", "correct": i == correct} for i in range(options)],
        },
    }


def multiple_choice(competency="managerial", points=3, correct=(0, 1), options=4, scoring="partial"):
    return {
        "type": "multiple_choice",
        "value": {
            "competency": competency,
            "points": points,
            "prompt": "Выберите все верные утверждения.",
            "explanation": "",
            "scoring": scoring,
            "options": [{"text": f"Утверждение {i + 1}", "correct": i in correct} for i in range(options)],
        },
    }


def situational(competency="communicative", points=4, credits=(100, 50, 0)):
    return {
        "type": "situational",
        "value": {
            "competency": competency,
            "points": points,
            "scenario": "Молодой учитель пропускает встречи с наставником.",
            "prompt": "Как поступить?",
            "explanation": "",
            "options": [{"text": f"Действие {i + 1}", "credit": credit} for i, credit in enumerate(credits)],
        },
    }


def likert(competency="research"):
    return {"type": "likert", "value": {"competency": competency, "statement": "Я умею проводить диагностику."}}


def short_answer(competency="project", points=5):
    return {
        "type": "short_answer",
        "value": {
            "competency": competency,
            "points": points,
            "prompt": "Опишите проект.",
            "guidance": "Цель, сроки, результат.",
            "max_length": 500,
        },
    }


class AssessmentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Тест {n}")
    kind = "module_test"
    attempts_allowed = 2
    competency_pass_level = 50
    overall_pass_level = 60
    # Options in the bank's order, so that tests can answer by index; the draw tests shuffle on purpose.
    shuffle_options = False
    review_correctness = "immediately"
    review_answers = "immediately"
    questions = factory.LazyFunction(lambda: [single_choice(), multiple_choice(), situational(), likert()])

    class Meta:
        model = AssessmentPage
