"""Finds the data that ships with the advisor: the default ruleset and report templates.

In an installed wheel they live inside the package (``advisor/_data/``); in a
source checkout or an editable install they are the ``rules/`` and
``reports/`` folders at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

from .errors import FileAccessError

_HERE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``name`` (``rules`` or ``reports``) wherever this install keeps it."""
    for candidate in (_HERE / "_data" / name, _HERE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileAccessError(f"the advisor's `{name}` folder is missing from this installation "
                          f"(looked in {_HERE / '_data' / name} and {_HERE.parent / name})")


def cache_dir(name: str) -> Path:
    """``$XDG_CACHE_HOME/advisor/<name>`` (``~/.cache`` by default); may not exist yet."""
    import os

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "advisor" / name


def default_rules() -> Path:
    return data_dir("rules")


def reports_dir() -> Path:
    return data_dir("reports")
