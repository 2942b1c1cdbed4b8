"""The plugin (``course``, ``assessments``, ``mentors``) never reaches into the site that hosts it: no module of the
three apps imports ``accounts`` or ``lms_site``, or names them in a dotted path (a setting's default,
``import_module``), so that any Wagtail site with any user model can install it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGIN_APPS = ("course", "assessments", "mentors")
SITE_PACKAGES = ("accounts", "lms_site")


def _is_site(name: str) -> bool:
    return any(name == package or name.startswith(f"{package}.") for package in SITE_PACKAGES)


def site_references(source: str) -> list[tuple[int, str]]:
    """(line, name) of every import of the site's packages in ``source``, and of every string naming one of them
    as a dotted path or an app label ("accounts.User", "lms_site.settings")."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if _is_site(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and _is_site(node.module):
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            value = node.value.strip()
            # Prose (docstrings, messages) may mention the site; a reference is one bare dotted name.
            if " " not in value and _is_site(value) and "." in value:
                found.append((node.lineno, value))
    return found


def plugin_modules() -> list[Path]:
    return sorted(path for app in PLUGIN_APPS for path in (ROOT / app).rglob("*.py"))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from accounts.models import User", ["accounts.models"]),
        ("import lms_site.settings.base as base", ["lms_site.settings.base"]),
        ("import accounts", ["accounts"]),
        ("def f():\n    from accounts import throttling", ["accounts"]),
        ("import_module('accounts.throttling')", ["accounts.throttling"]),
        ("USER = 'accounts.User'", ["accounts.User"]),
        ("from course.models import Enrolment\nimport accountsx\nfrom . import accounts", []),
        ('"""The site (``accounts.data_rights``) calls these."""', []),
    ],
)
def test_the_check_finds_site_references(source, expected):
    assert [name for _line, name in site_references(source)] == expected


def test_the_plugin_reads_its_own_modules():
    modules = {path.relative_to(ROOT).as_posix() for path in plugin_modules()}
    assert {"course/models/records.py", "assessments/models/records.py", "mentors/models/profiles.py"} <= modules


def test_no_plugin_module_refers_to_the_site():
    offences = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in plugin_modules()
        for line, name in site_references(path.read_text(encoding="utf-8"))
    ]
    assert offences == []
