"""The course part of the demo, from ``demo/content/course/``: reference data, the page tree with its English landing
pages, and the demo users. ``demo.loader`` runs it first, then the assessments and the mentors.

Idempotent: what exists is left as it is (editors' changes survive), what is missing is created. With
``refresh=True`` existing pages and snippets are updated from the files.
"""

import csv
import json
import logging
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from django.utils.html import strip_tags

from wagtail.models import GroupPagePermission, Locale, Page, Site
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import extract_strings

from course.models import (
    ACADEMIC_HOUR_MINUTES,
    CaseKind,
    CaseStudyPage,
    Competency,
    CourseIndexPage,
    CoursePage,
    ExpertArea,
    LearnerProfile,
    LessonPage,
    MentoringFormat,
    MentoringModel,
    ModuleCompetency,
    ModulePage,
    Municipality,
    Region,
    Subject,
)
from demo.english import read_english, translate_from_fields

logger = logging.getLogger(__name__)

CONTENT_DIR = Path(__file__).resolve().parent / "content" / "course"
HOME_SLUG = "home"
EDITORS_GROUP = "Editors"
REVIEWERS_GROUP = "Reviewers"
LEARNERS = [
    # username, last name, first name, patronymic, organisation, position, municipality slug
    ("learner1", "Гарипова", "Алсу", "Ринатовна", "МБОУ «Гимназия № 7»", "teacher", "kazan"),
    ("learner2", "Смирнов", "Андрей", "Викторович", "МБОУ «Средняя школа № 12»", "teacher", "naberezhnye-chelny"),
    ("learner3", "Хабибуллина", "Гульнара", "Ильдаровна", "МБОУ «Лицей № 2»", "deputy_head", "almetyevsky"),
    ("learner4", "Петрова", "Елена", "Сергеевна", "МБОУ «Арская СОШ № 1»", "head", "arsky"),
    ("learner5", "Закиров", "Ильнур", "Фаридович", "МБОУ «Гимназия № 1»", "deputy_head", "nizhnekamsky"),
]
STAFF = [
    # username, last name, first name, group
    ("editor", "Николаева", "Марина", EDITORS_GROUP),
    ("reviewer", "Шайхутдинов", "Рустам", REVIEWERS_GROUP),
]


@dataclass
class DemoReport:
    """What a run created, for the command to print."""

    created: dict[str, int] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=dict)

    def count(self, what: str, number: int = 1) -> None:
        # Model verbose names are lazy translations; the report is developer output, in English.
        with translation.override("en"):
            label = str(what)
        self.created[label] = self.created.get(label, 0) + number


def read_json(name: str):
    return json.loads((CONTENT_DIR / name).read_text(encoding="utf-8"))


def load_course(*, refresh: bool, password: str | None, report: DemoReport) -> CoursePage:
    """Reference data, the catalogue and the course with its modules, their English landing pages, the users."""
    # One transaction per step, not one for everything: wagtail-localize publishes a translation on commit, and the
    # English course page must be added under an English catalogue that is already published.
    with transaction.atomic():
        ru, en = ensure_locales()
        load_reference_data(ru, en, refresh=refresh, report=report)
    with transaction.atomic():
        home = ensure_home(ru, refresh=refresh, report=report)
        course = ensure_course(home, refresh=refresh, report=report)
    for path in sorted((CONTENT_DIR / "modules").glob("*.json")):
        with transaction.atomic():
            ensure_module(course, json.loads(path.read_text(encoding="utf-8")), refresh=refresh, report=report)
    with transaction.atomic():
        ensure_capstone(course, refresh=refresh, report=report)
    translate_landing_pages(home, course, en, refresh=refresh, report=report)
    translate_modules(course, en, refresh=refresh, report=report)
    with transaction.atomic():
        ensure_users(password=password, report=report)
    return course


# Reference data -------------------------------------------------------------------------------------------------


def ensure_locales() -> tuple[Locale, Locale]:
    ru, _created = Locale.objects.get_or_create(language_code="ru")
    en, _created = Locale.objects.get_or_create(language_code="en")
    return ru, en


def load_reference_data(ru: Locale, en: Locale, *, refresh: bool, report: DemoReport) -> None:
    reference = read_json("reference.json")
    for model, items in [
        (Competency, reference["competencies"]),
        (MentoringFormat, reference["formats"]),
        (MentoringModel, reference["models"]),
    ]:
        for item in items:
            ensure_coded_reference(model, item, ru, en, refresh=refresh, report=report)
    for model, items in [(ExpertArea, reference["expert_areas"]), (Subject, reference["subjects"])]:
        for item in items:
            ensure_named(model, item["slug"], {"name": item["name_ru"], "name_en": item["name_en"]}, refresh, report)
    region = ensure_named(
        Region, "tatarstan", {"name": "Республика Татарстан", "name_en": "Republic of Tatarstan"}, refresh, report
    )
    with (CONTENT_DIR / "tatarstan_municipalities.csv").open(encoding="utf-8") as csv_file:
        for row in csv.DictReader(csv_file):
            ensure_named(
                Municipality,
                row["slug"],
                {"name": row["name_ru"], "name_en": row["name_en"], "kind": row["kind"], "region": region},
                refresh,
                report,
            )


def ensure_coded_reference(model, item: dict, ru: Locale, en: Locale, *, refresh: bool, report: DemoReport) -> None:
    """A translatable snippet in Russian and its English translation (linked by translation_key)."""
    fields = {"name": item["name_ru"], "description": item["description_ru"]}
    english = {"name": item["name_en"], "description": item["description_en"]}
    if "indicators_ru" in item:
        fields["indicators"] = "\n".join(item["indicators_ru"])
        english["indicators"] = "\n".join(item["indicators_en"])
    source = model.objects.filter(code=item["code"], locale=ru).first()
    if source is None:
        source = model(code=item["code"], locale=ru, **fields)
        source.save()
        report.count(model._meta.verbose_name_plural)
    elif refresh:
        update_fields(source, fields)
    translation = source.get_translation_or_none(en)
    if translation is None:
        translation = source.copy_for_translation(en)
        update_fields(translation, english)
    elif refresh:
        update_fields(translation, english)


def ensure_named(model, slug: str, fields: dict, refresh: bool, report: DemoReport):
    instance = model.objects.filter(slug=slug).first()
    if instance is None:
        instance = model.objects.create(slug=slug, **fields)
        report.count(model._meta.verbose_name_plural)
    elif refresh:
        update_fields(instance, fields)
    return instance


def update_fields(instance, fields: dict) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save()


# Pages ---------------------------------------------------------------------------------------------------------


def publish(page: Page) -> None:
    page.save_revision().publish()


def ensure_child(parent: Page, model, slug: str, fields: dict, *, refresh: bool, report: DemoReport):
    """The child page of ``parent`` with this slug: created and published if missing, updated if refreshing."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        publish(page)
        report.count(model._meta.verbose_name_plural)
    elif refresh:
        for name, value in fields.items():
            setattr(page, name, value)
        publish(page)
    return page


def ensure_home(ru: Locale, *, refresh: bool, report: DemoReport) -> CourseIndexPage:
    """The catalogue becomes the root page of the default site, replacing Wagtail's welcome page."""
    catalogue = read_json("course.json")["catalogue"]["ru"]
    root = Page.get_first_root_node()
    home = CourseIndexPage.objects.filter(locale=ru, depth=2).first()
    if home is None:
        home = CourseIndexPage(title=catalogue["title"], slug=HOME_SLUG, intro=catalogue["intro"], locale=ru)
        # Wagtail's welcome page holds the slug "home" until it is gone.
        welcome = Page.objects.filter(depth=2, slug=HOME_SLUG).exclude(content_type__model="courseindexpage").first()
        if welcome is not None:
            welcome.slug = "welcome-to-wagtail"
            welcome.save(update_fields=["slug"], clean=False)
        root.add_child(instance=home)
        publish(home)
        report.count("course catalogue")
    elif refresh:
        home.title, home.intro = catalogue["title"], catalogue["intro"]
        publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True, root_page=home)
    old_root = site.root_page if site.pk and site.root_page_id != home.pk else None
    # Full URLs (sitemap, API, e-mails) use the site's host; take it from the configured base URL.
    base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    site.hostname = base_url.hostname or "localhost"
    site.port = base_url.port or (443 if base_url.scheme == "https" else 80)
    site.site_name = "Mentor LMS"
    site.root_page = home
    site.save()
    if old_root is not None and old_root.depth == 2 and old_root.specific_class is Page:
        old_root.delete()
    return home


def ensure_course(home: CourseIndexPage, *, refresh: bool, report: DemoReport) -> CoursePage:
    data = read_json("course.json")["course"]
    text = data["ru"]
    fields = {
        "title": text["title"],
        "summary": text["summary"],
        "audience": text["audience"],
        "delivery_format": text["format"],
        "format_brief": text.get("format_brief", ""),
        "hours": data["hours"],
        "assessment_hours": data.get("assessment_hours", 0),
        "bibliography": [{"type": "sources", "value": text["bibliography"]}] if text.get("bibliography") else [],
        "outcomes": [
            {"type": "outcome", "value": {"competency": item["competency"], "text": item["text"]}}
            for item in text["outcomes"]
        ],
        "search_description": strip_tags_short(text["summary"]),
    }
    return ensure_child(home, CoursePage, data["slug"], fields, refresh=refresh, report=report)


def strip_tags_short(html: str, limit: int = 250) -> str:
    text = " ".join(strip_tags(html).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def module_fields(data: dict) -> dict:
    hours = data["hours"]
    return {
        "title": data["title"],
        "number": data["number"],
        "intro": data["intro"],
        "objectives": [{"type": "objective", "value": objective} for objective in data["objectives"]],
        "hours_lectures": hours["lectures"],
        "hours_practice": hours["practice"],
        "hours_cases": hours["cases"],
        "hours_independent": hours["independent"],
        "estimated_hours": sum(hours.values()),
        "competency_tags": [ModuleCompetency(competency=code) for code in data["competencies"]],
    }


def ensure_module(course: CoursePage, data: dict, *, refresh: bool, report: DemoReport) -> ModulePage:
    module = ensure_child(course, ModulePage, data["slug"], module_fields(data), refresh=refresh, report=report)
    items = [(LessonPage, lesson["slug"], lesson_fields(lesson)) for lesson in data["lessons"]]
    items += [(CaseStudyPage, case["slug"], case_fields(case)) for case in data["cases"]]
    previous = None
    for model, slug, item_fields in items:
        existed = model.objects.child_of(module).filter(slug=slug).exists()
        page = ensure_child(module, model, slug, item_fields, refresh=refresh, report=report)
        if not existed:
            place_after(page, module, previous)
        previous = page
    return module


def place_after(page: Page, parent: Page, previous: Page | None) -> None:
    """Puts a page added to an existing module where the content files have it: after ``previous``, or first
    (a lesson added to a module later comes before the module's cases and its test, not after them)."""
    page = Page.objects.get(pk=page.pk)
    if previous is None:
        if page.get_prev_siblings().exists():
            page.move(parent, pos="first-child")
    elif (sibling := page.get_prev_sibling()) is None or sibling.pk != previous.pk:
        page.move(Page.objects.get(pk=previous.pk), pos="right")


def lesson_fields(lesson: dict) -> dict:
    return {
        "title": lesson["title"],
        "summary": lesson["summary"],
        "estimated_minutes": lesson["estimated_minutes"],
        "body": lesson["body"],
        "editor_note": lesson.get("editor_note", ""),
    }


def case_fields(case: dict) -> dict:
    """The fields of a case study (or of the capstone project) from its content entry."""
    # ``estimated_hours`` are academic hours, as in the curriculum plan.
    minutes = case.get("estimated_minutes") or ACADEMIC_HOUR_MINUTES * case.get("estimated_hours", 1)
    return {
        "title": case["title"],
        "kind": case.get("kind", CaseKind.CASE),
        "summary": case["summary"],
        "estimated_minutes": minutes,
        "situation": case["situation"],
        "participants": [{"type": "participant", "value": person} for person in case["participants"]],
        "context": case["context"],
        "questions": [{"type": "question", "value": question} for question in case["questions"]],
        "rubric": [{"type": "criterion", "value": criterion} for criterion in case["rubric"]],
        "editor_note": case.get("editor_note", ""),
    }


def ensure_capstone(course: CoursePage, *, refresh: bool, report: DemoReport) -> CaseStudyPage | None:
    """The capstone project under the course, after the modules."""
    path = CONTENT_DIR / "capstone.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return ensure_child(course, CaseStudyPage, data["slug"], case_fields(data), refresh=refresh, report=report)


# English translation of the landing pages (through wagtail-localize, so editors can keep it in sync) -----------


def segment_pairs(russian: str, english: str) -> dict[str, str]:
    """Pairs the translatable segments of a Russian HTML fragment with those of its English version."""
    _template, ru_strings = extract_strings(russian)
    _template, en_strings = extract_strings(english)
    if len(ru_strings) != len(en_strings):
        raise ValueError(f"The English text has {len(en_strings)} segments, the Russian {len(ru_strings)}")
    return {ru.data: en.data for (ru, _attrs), (en, _attrs2) in zip(ru_strings, en_strings, strict=True)}


def translate_page(page: Page, locale: Locale, mapping: dict[str, str], *, refresh: bool, report: DemoReport):
    if not refresh and page.has_translation(locale):
        return page.get_translation(locale)
    if transaction.get_connection().in_atomic_block:
        # wagtail-localize publishes on commit; inside an outer transaction the English tree would be saved stale.
        raise RuntimeError("Translations must be created outside a transaction: they are published on commit.")
    with transaction.atomic():
        return save_translation(page, locale, mapping, report=report, refresh=refresh)


def save_translation(page: Page, locale: Locale, mapping: dict[str, str], *, refresh: bool, report: DemoReport):
    source, _created = TranslationSource.get_or_create_from_instance(page)
    if refresh:
        source.update_from_db()
    page_translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    for segment in source.stringsegment_set.select_related("string", "context"):
        text = mapping.get(segment.string.data, segment.string.data)
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": text, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
        )
    page_translation.save_target(publish=True)
    report.count("English translations")
    return page.get_translation(locale)


def translate_landing_pages(
    home: CourseIndexPage, course: CoursePage, en: Locale, *, refresh: bool, report: DemoReport
):
    content = read_json("course.json")
    catalogue = content["catalogue"]
    mapping = {catalogue["ru"]["title"]: catalogue["en"]["title"], HOME_SLUG: HOME_SLUG}
    mapping |= segment_pairs(catalogue["ru"]["intro"], catalogue["en"]["intro"])
    translate_page(home, en, mapping, refresh=refresh, report=report)

    ru_text, en_text = content["course"]["ru"], content["course"]["en"]
    mapping = {ru_text["title"]: en_text["title"], ru_text["format_brief"]: en_text["format_brief"]}
    for name in ("summary", "audience", "format"):
        mapping |= segment_pairs(ru_text[name], en_text[name])
    for ru_outcome, en_outcome in zip(ru_text["outcomes"], en_text["outcomes"], strict=True):
        mapping[ru_outcome["text"]] = en_outcome["text"]
    mapping[strip_tags_short(ru_text["summary"])] = strip_tags_short(en_text["summary"])
    if ru_text.get("bibliography") and en_text.get("bibliography"):
        ru_sources, en_sources = ru_text["bibliography"], en_text["bibliography"]
        mapping[ru_sources["title"]] = en_sources["title"]
        for ru_item, en_item in zip(ru_sources["items"], en_sources["items"], strict=True):
            mapping[ru_item["title"]] = en_item["title"]
            mapping[ru_item["note"]] = en_item["note"]
    translate_page(course, en, mapping, refresh=refresh, report=report)


def translate_modules(course: CoursePage, en: Locale, *, refresh: bool, report: DemoReport) -> None:
    """The modules with their lessons and cases, and the capstone, in English from ``content/en/course/``."""
    for path in sorted((CONTENT_DIR / "modules").glob("*.json")):
        english = read_english(f"course/modules/{path.name}")
        module = ModulePage.objects.child_of(course).filter(slug=english["slug"]).first() if english else None
        if module is None:
            continue
        translate_from_fields(module, module_fields(english), en, translate_page, refresh=refresh, report=report)
        children = [(LessonPage, lesson["slug"], lesson_fields(lesson)) for lesson in english["lessons"]]
        children += [(CaseStudyPage, case["slug"], case_fields(case)) for case in english["cases"]]
        for model, slug, fields in children:
            page = model.objects.child_of(module).filter(slug=slug).first()
            if page is not None:
                translate_from_fields(page, fields, en, translate_page, refresh=refresh, report=report)
    english = read_english("course/capstone.json")
    capstone = CaseStudyPage.objects.child_of(course).filter(slug=english["slug"]).first() if english else None
    if capstone is not None:
        translate_from_fields(capstone, case_fields(english), en, translate_page, refresh=refresh, report=report)


# Users ---------------------------------------------------------------------------------------------------------


def prefer_russian_admin(user) -> None:
    """The institute's staff work in Russian: their Wagtail admin is Russian whatever the browser says."""
    profile = UserProfile.get_for_user(user)
    if profile.preferred_language != "ru":
        profile.preferred_language = "ru"
        profile.save(update_fields=["preferred_language"])


def ensure_users(*, password: str | None, report: DemoReport) -> None:
    editors = ensure_editors_group()
    reviewers = ensure_reviewers_group()
    groups = {EDITORS_GROUP: editors, REVIEWERS_GROUP: reviewers}
    kazan = Municipality.objects.filter(slug="kazan").first()
    admin = ensure_user(
        "admin",
        {
            "last_name": "Администратор",
            "first_name": "Сайта",
            "is_staff": True,
            "is_superuser": True,
        },
        password,
        report,
        learner={"municipality": kazan},
    )
    for username, last_name, first_name, group in STAFF:
        user = ensure_user(
            username,
            {"last_name": last_name, "first_name": first_name, "is_staff": True},
            password,
            report,
            learner={"municipality": kazan},
        )
        user.groups.add(groups[group])
        prefer_russian_admin(user)
    prefer_russian_admin(admin)
    municipalities = {item.slug: item for item in Municipality.objects.filter(slug__in=[row[6] for row in LEARNERS])}
    for username, last_name, first_name, patronymic, organisation, position, municipality in LEARNERS:
        ensure_user(
            username,
            {"last_name": last_name, "first_name": first_name},
            password,
            report,
            learner={
                "patronymic": patronymic,
                "organisation": organisation,
                "position": position,
                "municipality": municipalities.get(municipality),
            },
        )


def ensure_user(username: str, fields: dict, password: str | None, report: DemoReport, *, learner: dict):
    """The account with its learner profile (``learner``: the profile's fields), made once."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is not None:
        return user
    user = user_model(username=username, email=f"{username}@example.org", **fields)
    chosen = password or secrets.token_urlsafe(9)
    user.set_password(chosen)
    user.save()
    LearnerProfile.objects.create(user=user, **learner)
    report.passwords[username] = chosen
    report.count("users")
    return user


def ensure_editors_group() -> Group:
    """Wagtail's Editors group (page permissions come with Wagtail) may also edit reference data and translate."""
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    snippet_models = [Competency, MentoringFormat, MentoringModel, Region, Municipality, Subject, ExpertArea]
    codenames = [
        f"{action}_{model._meta.model_name}" for model in snippet_models for action in ("add", "change", "delete")
    ]
    permissions = Permission.objects.filter(content_type__app_label="course", codename__in=codenames)
    group.permissions.add(
        *permissions, *Permission.objects.filter(codename__in=["access_admin", "submit_translation"])
    )
    # Wagtail gives editors "add" and "change" on the tree; the institute's editors also publish the course.
    root = Page.get_first_root_node()
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=["add_page", "change_page", "publish_page"]
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    return group


def ensure_reviewers_group() -> Group:
    """Tutors who review case analyses in the admin."""
    group, _created = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    group.permissions.add(*Permission.objects.filter(codename="access_admin"))
    return group
