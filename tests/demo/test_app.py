"""The demo is part of the site, not of the plugin: nothing of the plugin imports it, and it runs nothing at start-up
(a broken content file can only break ``load_demo``, never a request)."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
PLUGIN_APPS = ("course", "assessments", "mentors")


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("app", [*PLUGIN_APPS, "accounts", "lms_site"])
def test_no_module_of_the_plugin_or_the_site_imports_the_demo(app):
    importers = [
        str(path.relative_to(PROJECT_DIR))
        for path in sorted((PROJECT_DIR / app).rglob("*.py"))
        if any(name.split(".")[0] == "demo" for name in imported_modules(path))
    ]
    assert importers == []


def test_the_check_finds_an_import_of_the_demo(tmp_path):
    module = tmp_path / "hooks.py"
    module.write_text("from demo.loader import load\nimport demo.people\n", encoding="utf-8")
    assert imported_modules(module) == {"demo.loader", "demo.people"}


def test_starting_the_site_imports_no_demo_loader():
    # The development settings install the demo; the apps, URLs and hooks that serve a request must still not
    # import its loaders (which read the content files).
    script = (
        "import os, sys; os.environ['DJANGO_SETTINGS_MODULE'] = 'lms_site.settings.dev'; import django; "
        "django.setup(); from django.urls import get_resolver; from wagtail import hooks; "
        "get_resolver().url_patterns; hooks.search_for_hooks(); "
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'demo'))"
    )
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite://:memory:"}
    result = subprocess.run(  # noqa: S603 (our own interpreter, a fixed script)
        [sys.executable, "-c", script],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['demo', 'demo.apps']"
