"""Progress through a course: which items a learner has done, which modules are open, what to do next.

``course`` knows lessons only. Other apps tell it the state of their pages (case studies, assessments) through the
``course_item_states`` hook, so progress counts them without ``course`` importing those apps::

    @hooks.register("course_item_states")
    def assessment_states(user, pages):  # pages: the specific pages of one course
        return {page.pk: ItemState(done=..., status=..., label_msgid=...) for page in pages if isinstance(page, ...)}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_noop

from wagtail import hooks
from wagtail.models import Page

from course.caching import bump_learner_version, learner_version, request_memo, tree_version

# The page classes are read when progress is computed, not when this module loads: the pages' ``get_context`` asks
# for progress (``for_request``), so ``course.models.pages`` imports this module while it is itself loading.
from course.models import pages as course_pages
from course.models.records import Enrolment, LessonCompletion, ModuleCompletion

if TYPE_CHECKING:
    from course.models.pages import CoursePage, ModulePage

ITEM_STATES_HOOK = "course_item_states"
_MISSING = object()
# A day: the keys carry versions, so an entry is never stale, only unused once a version moves on.
PROGRESS_CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class ItemState:
    """Where a learner stands on one item: done or not, a status code for styling and a label for people."""

    done: bool
    status: str = "todo"
    # The label's message id (marked with gettext_noop), translated when it is read. States are cached with each
    # learner's progress, and a lazy string comes back from the cache through Django's lazy(), which builds a new
    # proxy class of some 80 methods on every load: thousands per minute of work and garbage under load (issue 11).
    label_msgid: str = gettext_noop("Not started")

    @property
    def label(self) -> str:
        return gettext(self.label_msgid)


NOT_STARTED = ItemState(done=False)
NEW_MATERIAL = ItemState(done=False, status="new", label_msgid=gettext_noop("New material"))
LESSON_DONE = ItemState(done=True, status="done", label_msgid=gettext_noop("Done"))


@dataclass
class ItemProgress:
    page: Page
    state: ItemState
    unlocked: bool = True
    # Made required after the learner completed its module: offered as new material, never counted against them.
    new: bool = False

    @property
    def required(self) -> bool:
        return bool(getattr(self.page, "required", False)) and not self.new


@dataclass
class ModuleProgress:
    module: ModulePage
    items: list[ItemProgress]
    unlocked: bool = True
    # The learner completed the module once (a ``ModuleCompletion``): it stays complete and open whatever is added.
    recorded: bool = False

    @property
    def required_items(self) -> list[ItemProgress]:
        return [item for item in self.items if item.required]

    @property
    def required_done(self) -> int:
        return sum(item.state.done for item in self.required_items)

    @property
    def complete(self) -> bool:
        return self.recorded or self.required_done == len(self.required_items)

    @property
    def status(self) -> str:
        """The module's state in the course outline: done, in_progress, open or locked."""
        if self.complete:
            return "done"
        if not self.unlocked:
            return "locked"
        if any(item.state.done or item.state.status != "todo" for item in self.items):
            return "in_progress"
        return "open"

    @property
    def new_items(self) -> list[ItemProgress]:
        return [item for item in self.items if item.new]

    @property
    def percent(self) -> int:
        if self.recorded:
            return 100
        total = len(self.required_items)
        return round(100 * self.required_done / total) if total else 100


@dataclass
class CourseProgress:
    """A learner's progress through one course, in the order of the programme."""

    course: CoursePage
    enrolment: Enrolment | None
    modules: list[ModuleProgress]
    opening_items: list[ItemProgress] = field(default_factory=list)  # before the modules: the entry diagnostic
    closing_items: list[ItemProgress] = field(default_factory=list)  # after them: the final assessment

    @cached_property
    def all_items(self) -> list[ItemProgress]:
        return [
            *self.opening_items,
            *(item for module in self.modules for item in module.items),
            *self.closing_items,
        ]

    @property
    def required_total(self) -> int:
        return sum(item.required for item in self.all_items)

    @property
    def required_done(self) -> int:
        return sum(item.required and item.state.done for item in self.all_items)

    @property
    def completed(self) -> bool:
        """Completion was stamped on the enrolment: it stands whatever content is added after it."""
        return self.enrolment is not None and self.enrolment.completed_at is not None

    @property
    def percent(self) -> int:
        if self.completed:
            return 100
        total = self.required_total
        return round(100 * self.required_done / total) if total else 0

    @property
    def complete(self) -> bool:
        return self.completed or (self.required_total > 0 and self.required_done == self.required_total)

    @property
    def next_item(self) -> ItemProgress | None:
        """The first open item not yet done: the diagnostic first, then the programme in order."""
        for item in self.all_items:
            if item.unlocked and not item.state.done and (item.required or item in self.opening_items):
                return item
        return None

    def item_for(self, page_id: int) -> ItemProgress | None:
        return next((item for item in self.all_items if item.page.pk == page_id), None)

    def module_for(self, page_id: int) -> ModuleProgress | None:
        return next((module for module in self.modules if module.module.pk == page_id), None)

    def module_containing(self, page_id: int) -> ModuleProgress | None:
        return next((module for module in self.modules if any(i.page.pk == page_id for i in module.items)), None)

    def blocking_module(self, module: ModuleProgress) -> ModuleProgress | None:
        """The earlier module that keeps ``module`` closed."""
        for earlier in self.modules:
            if earlier is module:
                return None
            if not earlier.complete:
                return earlier
        return None


def lesson_states(user, pages) -> dict[int, ItemState]:
    lesson_ids = [page.pk for page in pages if isinstance(page, course_pages.LessonPage)]
    if not lesson_ids or not user.is_authenticated:
        return {}
    done = set(
        LessonCompletion.objects.filter(user=user, lesson_id__in=lesson_ids).values_list("lesson_id", flat=True)
    )
    return {page_id: LESSON_DONE if page_id in done else NOT_STARTED for page_id in lesson_ids}


def item_states(user, pages) -> dict[int, ItemState]:
    states = lesson_states(user, pages)
    for provider in hooks.get_hooks(ITEM_STATES_HOOK):
        states.update(provider(user, pages))
    return states


def _items_key(course: CoursePage) -> str:
    return f"course:items:{course.pk}:{tree_version()}"


def _summary_key(user, course: CoursePage) -> str:
    # "v2": the states are pickled with their label's message id since issue 11; older entries had a lazy label.
    return f"course:progress:v2:{user.pk}:{course.pk}:{learner_version(user.pk)}:{tree_version()}"


def course_items(course: CoursePage, cached: list[Page] | None = None) -> list[Page]:
    """The modules and items of ``course`` in tree order (specific pages, bodies deferred), cached per tree version:
    every learner's progress shares them."""
    pages = cached if cached is not None else cache.get(_items_key(course))
    if pages is None:
        pages = list(
            course.get_descendants()
            .filter(depth__lte=course.depth + 2)
            .live()
            .public()
            .specific()
            .defer_streamfields()
            .order_by("path")
        )
        cache.set(_items_key(course), pages, PROGRESS_CACHE_SECONDS)
    return pages


def learner_summary(
    user, course: CoursePage, pages: list[Page], cached: tuple | None = None, looked_up: bool = False
) -> tuple[Enrolment | None, dict[int, ItemState], dict[int, frozenset[int]]]:
    """The learner's enrolment, the state of each item and the modules completed (module id -> the items that
    counted), cached until the learner's records change (the learner version: ``course.receivers`` and the apps that
    provide states bump it) or the tree does."""
    if not user.is_authenticated:
        return None, {}, {}
    key = _summary_key(user, course)
    summary = cached if cached is not None or looked_up else cache.get(key)
    if summary is None:
        module_ids = [page.pk for page in pages if isinstance(page, course_pages.ModulePage)]
        completions = {
            module_id: frozenset(counted)
            for module_id, counted in ModuleCompletion.objects.filter(user=user, module_id__in=module_ids).values_list(
                "module_id", "counted_items"
            )
        }
        summary = (Enrolment.objects.filter(user=user, course=course).first(), item_states(user, pages), completions)
        cache.set(key, summary, PROGRESS_CACHE_SECONDS)
    return summary


def _honour_completions(user, enrolment, modules: list[ModuleProgress], completions: dict[int, frozenset[int]]):
    """A module completed once stays complete: required items added since are new material. A module complete now
    and not yet recorded is recorded, with the items that counted."""
    newly_complete = {}
    for module in modules:
        counted = completions.get(module.module.pk)
        if counted is not None:
            module.recorded = True
            for item in module.items:
                if item.required and item.page.pk not in counted and not item.state.done:
                    item.new, item.state = True, NEW_MATERIAL
        elif enrolment is not None and module.required_items and module.complete:
            newly_complete[module.module.pk] = [item.page.pk for item in module.required_items]
    if newly_complete and ModuleCompletion.objects.record(user, newly_complete):
        for module in modules:
            module.recorded = module.recorded or module.module.pk in newly_complete
        bump_learner_version(user.pk)


def course_progress(user, course: CoursePage, enrolment: Enrolment | None = None) -> CourseProgress:
    """Progress of ``user`` in ``course``: no query when the summary is cached, a fixed number when it is not,
    however long the course is."""
    # Both entries in one round trip.
    keys = [_items_key(course), _summary_key(user, course)] if user.is_authenticated else [_items_key(course)]
    found = cache.get_many(keys)
    pages = course_items(course, found.get(keys[0]))
    summary = found.get(keys[1]) if len(keys) > 1 else None
    # A miss in the read above is not read again.
    cached_enrolment, states, completions = learner_summary(user, course, pages, summary, looked_up=len(keys) > 1)
    enrolment = enrolment or cached_enrolment
    step = len(course.path)
    modules: dict[str, ModuleProgress] = {}
    opening, closing = [], []
    for page in pages:
        if isinstance(page, course_pages.ModulePage):
            modules[page.path] = ModuleProgress(module=page, items=[])
            continue
        item = ItemProgress(page=page, state=states.get(page.pk, NOT_STARTED))
        if len(page.path) == step + Page.steplen:
            (opening if getattr(page, "course_position", "end") == "start" else closing).append(item)
        elif page.path[: step + Page.steplen] in modules:
            modules[page.path[: step + Page.steplen]].items.append(item)
    # After the modules: the capstone project before the final assessment, whatever their order in the tree.
    closing.sort(key=lambda item: getattr(item.page, "item_kind", "") != "case")
    ordered = sorted(modules.values(), key=lambda progress: (progress.module.number, progress.module.path))
    if user.is_authenticated:
        _honour_completions(user, enrolment, ordered, completions)
    progress = CourseProgress(
        course=course, enrolment=enrolment, modules=ordered, opening_items=opening, closing_items=closing
    )
    if course.sequential_modules:
        previous_complete = True
        for module in ordered:
            module.unlocked = previous_complete or module.recorded
            for item in module.items:
                item.unlocked = module.unlocked
            previous_complete = previous_complete and module.complete
        for item in closing:
            item.unlocked = previous_complete or progress.completed
    return progress


@dataclass(frozen=True)
class ModuleTally:
    """How many learners enrolled in a course have completed one of its modules."""

    module: ModulePage
    completed: int | None  # None: the module requires nothing, it is complete for everyone


def module_tallies(course: CoursePage) -> list[ModuleTally]:
    """The modules of ``course`` in the programme's order with the learners enrolled who have completed each, in one
    query besides the course's items (cached). A learner counts as their progress shows it: once complete, a module
    stays complete (``ModuleCompletion``, recorded when progress first finds it so, which every evidence change and
    every page the learner opens computes), whatever was made required since."""
    pages = course_items(course)
    modules = sorted(
        (page for page in pages if isinstance(page, course_pages.ModulePage)),
        key=lambda module: (module.number, module.path),
    )
    requiring = {
        page.path[: -Page.steplen]
        for page in pages
        if page.depth == course.depth + 2 and getattr(page, "required", False)
    }
    counts = dict(
        ModuleCompletion.objects.filter(
            module_id__in=[module.pk for module in modules],
            user_id__in=Enrolment.objects.filter(course=course).values("user_id"),
        )
        .order_by()
        .values("module_id")
        .annotate(learners=Count("pk"))
        .values_list("module_id", "learners")
    )
    return [ModuleTally(module, counts.get(module.pk, 0) if module.path in requiring else None) for module in modules]


def course_of(page: Page) -> CoursePage | None:
    """The course above ``page``, cached per tree version: each learner's request and evidence change asks."""
    key = f"course:of:{page.pk}:{tree_version()}"
    memo = request_memo()
    found = memo.get(key, _MISSING) if memo is not None else _MISSING
    if found is _MISSING:
        found = cache.get(key, default=_MISSING)
    if found is _MISSING:
        found = course_pages.CoursePage.objects.ancestor_of(page).first()
        if found is not None:
            # A translated course is read in its language and taught (enrolment, progress) as its original.
            found = found.get_taught_course()
        cache.set(key, found, PROGRESS_CACHE_SECONDS)
    if memo is not None:  # the access gate and the page's context both ask
        memo[key] = found
    return found


def taught_course(course: CoursePage) -> CoursePage:
    """``course.get_taught_course()`` (the original of a translated landing page), cached per tree version: a
    learner's landing page asks, and the default locale is a query."""
    key = f"course:taught:{course.pk}:{settings.LANGUAGE_CODE}:{tree_version()}"
    found = cache.get(key)
    if found is None:
        found = course.get_taught_course()
        cache.set(key, found, PROGRESS_CACHE_SECONDS)
    return found


def taught_page(page: Page, course: CoursePage | None = None) -> Page:
    """The page whose records count for ``page``: itself, or the original of a translation in the language the
    course is taught in.

    The intensive is taught in one language; its translations are for reading, so a lesson marked done, an attempt or
    an analysis from a translated page is recorded on the original, where progress and certification look.
    ``course`` is the taught course when the caller has it (``course_of``), which spares a query.
    """
    course = course or course_of(page)
    if course is None or page.locale_id == course.locale_id:
        return page
    original = page.get_translation_or_none(course.locale)
    return original.specific if original is not None else page


def translations_for(progress: CourseProgress | None, page: Page) -> dict[int, Page]:
    """The pages of ``progress`` in the language of ``page``, by the original's id (one query), so that an outline
    or a "continue" link shown on a translation leads within it; empty on a page of the taught language."""
    if progress is None or page.locale_id == progress.course.locale_id:
        return {}
    pages = [module.module for module in progress.modules]
    pages += [item.page for module in progress.modules for item in module.items]
    pages += [item.page for item in (*progress.opening_items, *progress.closing_items)]
    originals = {original.translation_key: original.pk for original in pages}
    translations = Page.objects.live().filter(locale_id=page.locale_id, translation_key__in=originals)
    return {originals[translation.translation_key]: translation for translation in translations}


def for_request(request, course: CoursePage | None) -> CourseProgress | None:
    """The signed-in user's progress in ``course``, computed once per request however many ask (the access gate,
    the page's context); ``None`` for a visitor or without a course. Previews ask it as the served page does."""
    if course is None or not request.user.is_authenticated:
        return None
    memo = request.__dict__.setdefault("_course_progress", {})
    if course.pk not in memo:
        memo[course.pk] = course_progress(request.user, course)
    return memo[course.pk]
