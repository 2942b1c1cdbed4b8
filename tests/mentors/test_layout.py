"""The mentors app's modules import one way: no cycle, and no import hidden in a function to dodge one."""

import ast
from pathlib import Path

from django.utils.module_loading import import_string

import pytest
from django_tasks.base import Task

import mentors

ROOT = Path(mentors.__file__).parent


def _modules() -> dict[str, ast.Module]:
    modules = {}
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = ["mentors", *path.relative_to(ROOT).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = ast.parse(path.read_text(), str(path))
    return modules


def _targets(node: ast.stmt, known: set[str]) -> list[str]:
    """The app's modules an import statement loads: ``from a.b import c`` is ``a.b.c`` when that is a module."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in known]
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        found = [f"{node.module}.{alias.name}" for alias in node.names if f"{node.module}.{alias.name}" in known]
        if len(found) < len(node.names) and node.module in known:
            found.append(node.module)
        return found
    return []


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {
        name: {target for node in tree.body for target in _targets(node, known)} - {name}
        for name, tree in modules.items()
    }


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_module_imports_have_no_cycle():
    assert _cycle(_graph()) == []


def test_the_cycle_finder_sees_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_the_registry_page_imports_its_views_at_module_level():
    assert {"mentors.registry.views", "mentors.requests.views"} <= _graph()["mentors.models.pages"]


def test_no_import_of_the_app_inside_a_function():
    """Only ``AppConfig.ready`` may import late (Django's rule for signal receivers and checks)."""
    late = []
    for name, tree in _modules().items():
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                module = node.module if isinstance(node, ast.ImportFrom) else None
                names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [module or ""]
                if isinstance(node, ast.Import | ast.ImportFrom) and any(n.startswith("mentors") for n in names):
                    late.append(f"{name}.{function.name}")
    assert late == ["mentors.apps.ready"]


@pytest.mark.parametrize(
    "path",
    [
        "mentors.tasks.certificate_issued",
        "mentors.personal_data.notify_request_closed",
        "mentors.request_tasks.send_confirmation_link",
        "mentors.request_tasks.notify_mentor",
        "mentors.request_tasks.exchange_contacts",
        "mentors.request_tasks.notify_declined",
    ],
)
def test_tasks_queued_under_their_old_paths_still_resolve(path):
    """The database queue stores each task's dotted path and imports it when the worker runs it."""
    assert isinstance(import_string(path), Task)
