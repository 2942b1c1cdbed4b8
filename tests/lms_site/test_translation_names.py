"""One meaning for ``_`` in the project's code (issue 14): ``gettext_lazy``. Where a string must be translated at
once (a JSON answer, text handed to a library, a message built inside ``translation.override``) the code calls
``gettext`` by its full name, so a reader never has to look up which of the two ``_`` is."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["accounts", "assessments", "bench", "course", "demo", "lms_site", "mentors", "tests"]
TRANSLATION = "django.utils.translation"


def modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def offences(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == TRANSLATION:
            for alias in node.names:
                if alias.asname == "_" and alias.name != "gettext_lazy":
                    found.append(f"line {node.lineno}: {alias.name} as _")
                elif alias.asname and alias.asname != "_" and alias.asname.startswith("_"):
                    found.append(f"line {node.lineno}: {alias.name} as {alias.asname}")
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from django.utils.translation import gettext_lazy as _", []),
        ("from django.utils.translation import gettext, ngettext", []),
        ("from django.utils.translation import gettext as _", ["line 1: gettext as _"]),
        ("from django.utils.translation import gettext as _t", ["line 1: gettext as _t"]),
        ("from django.utils.translation import pgettext_lazy as _", ["line 1: pgettext_lazy as _"]),
    ],
)
def test_the_check_tells_the_convention_from_the_rest(source, expected):
    assert offences(source) == expected


def test_underscore_is_gettext_lazy_everywhere():
    found = {
        str(path.relative_to(ROOT)): problems
        for path in modules()
        if (problems := offences(path.read_text(encoding="utf-8")))
    }
    assert found == {}
    assert sum(1 for _ in modules()) > 100  # the walk found the project
