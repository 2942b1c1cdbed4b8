"""``make plugin-check``: the plugin installed from its wheel into a bare ``wagtail start`` site, as the README says.

In a temporary folder: builds the wheel, makes a fresh virtualenv, installs the wheel (pip may use its cache and the
package index), runs ``wagtail start hostsite`` (Django's default user model, SQLite), then follows the README's
section "Add to an existing Wagtail site" word for word: a ``python`` block whose first line is
``# <file>: add at the end`` is appended to that file of the new site, an ``sh`` block is run line by line in the
site's folder with the virtualenv first on the PATH. Last, ``smoke.py`` walks a learner through the sample course
with Django's test client. Not collected by pytest (no ``test_`` module); PLUGIN_CHECK_KEEP=1 keeps the folder.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.plugin_check.readme import REPOSITORY, appended_to, readme_steps


def run(*command, cwd, env=None) -> None:
    print("$", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], cwd=cwd, env=env, check=True)  # noqa: S603 (our own commands)


def follow(steps: list[tuple[str, str]], site: Path, env: dict) -> None:
    for language, code in steps:
        if language == "python":
            target = appended_to(code)
            if target is None:
                raise SystemExit(f"README.md: a python block must start with '# <file>: add at the end':\n{code}")
            path = site / target
            print(f"+ {target} gets the README's lines", flush=True)
            with path.open("a", encoding="utf-8") as file:
                file.write("\n\n" + code)
        elif language == "sh":
            for line in code.splitlines():
                if line.strip() and not line.lstrip().startswith("#"):
                    run("bash", "-c", line, cwd=site, env=env)
        else:
            raise SystemExit(f"README.md: a step in {language!r} cannot be followed")


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="plugin-check-"))
    print(f"Plugin check in {folder}", flush=True)
    venv = folder / "venv"
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(venv)}
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "PYTHONPATH"):
        env.pop(name, None)
    ok = False
    try:
        run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", folder / "dist", ".", cwd=REPOSITORY)
        shutil.rmtree(REPOSITORY / "build", ignore_errors=True)  # setuptools' leftovers in the working tree
        (wheel,) = (folder / "dist").glob("mentor_lms-*.whl")
        run(sys.executable, "-m", "venv", venv, cwd=folder)
        run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel, cwd=folder, env=env)
        run(venv / "bin" / "wagtail", "start", "hostsite", cwd=folder, env=env)
        site = folder / "hostsite"
        follow(readme_steps(), site, env)
        run(venv / "bin" / "python", REPOSITORY / "tests" / "plugin_check" / "smoke.py", cwd=site, env=env)
        ok = True
    finally:
        if ok and not os.environ.get("PLUGIN_CHECK_KEEP"):
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"Left in {folder}", flush=True)
    print("Plugin check passed.", flush=True)


if __name__ == "__main__":
    main()
