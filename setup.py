"""Adds the plugin's compiled catalogues to the wheel; everything else is declared in pyproject.toml.

The project keeps one catalogue per language in ``locale/`` (the demo site's strings too). A wheel carries the
messages whose source lies in the plugin's apps, compiled into ``course/locale/`` where Django finds an installed
app's translations (the catalogues of all apps are merged, so one app carries the three). Needs GNU gettext.
"""

import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

PLUGIN_APPS = ("course", "assessments", "mentors")


class BuildWithCatalogues(build_py):
    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads locale/ through the demo site's LOCALE_PATHS
            return
        # msggrep's patterns do not cross "/": one per depth of the apps' folders.
        locations = [
            argument for app in PLUGIN_APPS for depth in range(1, 7) for argument in ("--location", app + "/*" * depth)
        ]
        for po in sorted(Path("locale").glob("*/LC_MESSAGES/django.po")):
            target = Path(self.build_lib, "course", po.parent, "django.mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            # Fixed programs of gettext on the PATH, the repository's own files as arguments.
            plugin_messages = subprocess.run(  # noqa: S603
                ["msggrep", *locations, str(po)],  # noqa: S607
                check=True,
                capture_output=True,
            ).stdout
            subprocess.run(  # noqa: S603
                ["msgfmt", "--check-format", "-o", str(target), "-"],  # noqa: S607
                input=plugin_messages,
                check=True,
            )


setup(cmdclass={"build_py": BuildWithCatalogues})
