"""The README's section "Add to an existing Wagtail site" as steps a script can follow (``make plugin-check``) and a
test can read (``tests/lms_site/test_host_steps.py``)."""

import re
import textwrap
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
SECTION = "## Add to an existing Wagtail site"
BLOCK = re.compile(r"^( *)```(\w+)\n(.*?)^\1```", re.MULTILINE | re.DOTALL)  # indented inside a numbered step
APPEND = re.compile(r"^# (\S+): add at the end\n")


def readme_steps() -> list[tuple[str, str]]:
    """``[(language, code), ...]`` in the README's order."""
    text = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    section = text[start : end if end != -1 else len(text)]
    steps = [(match[2], textwrap.dedent(match[3])) for match in BLOCK.finditer(section)]
    if not steps:
        raise SystemExit(f"README.md: no steps in {SECTION!r}")
    return steps


def appended_to(code: str) -> str | None:
    """The file a ``python`` step is added to (``# <file>: add at the end``), or None."""
    target = APPEND.match(code)
    return target[1] if target else None
