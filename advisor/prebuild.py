"""The caches of the default ruleset and report, built once when the wheel is built and shipped in it.

The first `advisor` run after an install used to parse the ruleset, the
strings files and the report texts, analyse and compile the ruleset, and
compile the report template (with PyYAML imported for all of it): some
100 ms more than any later run. ``python -m advisor.prebuild FOLDER`` does
all that once, with ``XDG_CACHE_HOME`` set to ``FOLDER``, so the folder holds
exactly the entries a first run would write; hatch_build.py calls it and
ships the folder as ``advisor/_prebuilt``. The caches look there when the
user's own folder misses (``resources.shipped_cache``). Every entry stays
keyed on what it was made from (the file's bytes, the advisor's code, the
Python and Jinja2 versions), so one that does not fit this install is never
used: it only misses.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def build(folder: Path) -> list[Path]:
    """Write into ``folder`` what a first run writes to ``$XDG_CACHE_HOME``; the files written.

    ``XDG_CACHE_HOME`` must name ``folder`` before the advisor's modules are
    imported (``main`` does it); here it is only checked.
    """
    if Path(os.environ.get("XDG_CACHE_HOME", "")).resolve() != folder.resolve():
        raise RuntimeError(f"XDG_CACHE_HOME must be {folder} while the caches are built")
    from .engine import evaluate, what_would_change
    from .loader import load_ruleset
    from .report import build_report, load_strings, render
    from .resources import default_rules, reports_dir
    from .texts import set_language, t

    for with_cases in (False, True):  # a command that evaluates, and `rules check`/`rules test`
        ruleset = load_ruleset(default_rules(), with_cases=with_cases)
    for language in ruleset.languages:
        set_language(language)
        t("app.title")  # reads this language's strings file
        load_strings(language, reports_dir())
        result = evaluate(ruleset, {})  # compiles the ruleset's functions
        report = build_report(ruleset, result, what_would_change(ruleset, {}, result), language=language,
                              date="2026-01-01")
        render(report, "markdown")  # compiles the report template
    return sorted(path for path in folder.rglob("*") if path.is_file())


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m advisor.prebuild FOLDER", file=sys.stderr)
        return 2
    from .errors import AdvisorError

    folder = Path(argv[0])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = build(folder)
    except (OSError, AdvisorError) as exc:  # a build tool's message, for hatch_build.py's warning
        print(f"advisor.prebuild: {folder}: {exc}", file=sys.stderr)
        return 1
    if not written:  # the caches only cost speed when they cannot be written: here that is a failure
        print(f"advisor.prebuild: {folder}: nothing could be written there", file=sys.stderr)
        return 1
    print(f"{len(written)} cache files in {folder}")
    return 0


if __name__ == "__main__":
    folder = Path(sys.argv[1]).resolve() if len(sys.argv) == 2 else None
    if folder is not None:
        os.environ["XDG_CACHE_HOME"] = str(folder)  # before anything reads it
    sys.exit(main(sys.argv[1:]))
