"""Wheel build hook: ship the default ruleset's and report's caches, so the first run is as fast as later ones.

``python -m advisor.prebuild FOLDER`` writes what a first `advisor` run would
write to the user's cache (parsed ruleset and strings files, the ruleset's
analysis and compiled functions, the compiled report template); the wheel
carries that folder as ``advisor/_prebuilt``. It runs with the build
environment's Python, the one pip installs for, since compiled code is only
used by the Python that compiled it. If it fails, the wheel is built
without it, with a warning: the advisor then builds its caches on first use,
as before. Editable installs run from the checkout and skip it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class PrebuiltCaches(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        folder = tempfile.mkdtemp(prefix="advisor-prebuilt-")
        env = {**os.environ, "PYTHONPATH": self.root, "XDG_CACHE_HOME": folder, "PYTHONDONTWRITEBYTECODE": "1"}
        try:
            subprocess.run([sys.executable, "-m", "advisor.prebuild", folder], cwd=self.root, env=env, check=True,
                           capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.SubprocessError) as exc:
            detail = getattr(exc, "stderr", "") or exc
            self.app.display_warning(f"advisor: no prebuilt caches in the wheel ({detail}); "
                                     "the first run will build them")
            return
        build_data["force_include"][folder] = "advisor/_prebuilt"
