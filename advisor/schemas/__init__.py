"""The published JSON Schemas (draft 2020-12) of the JSON reports, shipped inside the package.

``report`` describes ``advisor-report/2`` (``advisor evaluate --format json``
and the app's JSON export); ``workshop-report`` describes
``advisor-workshop-report/1`` (``advisor workshop report`` and ``advisor
compare`` with ``--format json``); ``diff`` describes ``advisor-diff/1``
(``advisor diff OLD NEW --format json``). Each schema's ``format`` property is a
``const`` naming the format it describes, so ``name_for`` finds the schema
of a report from the report itself.

This module only reads the files: validating takes a JSON Schema library
(the tests use ``jsonschema``), which advisor does not need at run time.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

_SUFFIX = ".schema.json"

__all__ = ["name_for", "names", "schema"]


def names() -> tuple[str, ...]:
    """The schemas shipped, by name (the file name without ``.schema.json``), sorted."""
    folder = resources.files(__name__)
    return tuple(sorted(entry.name[: -len(_SUFFIX)] for entry in folder.iterdir()
                        if entry.is_file() and entry.name.endswith(_SUFFIX)))


def schema(name: str) -> dict[str, Any]:
    """The schema called ``name`` (``report``, ``workshop-report``) as a new dict; a KeyError when there is none."""
    return json.loads(_text(name))


@cache
def _text(name: str) -> str:
    if name not in names():
        raise KeyError(f"no JSON Schema named `{name}` (expected one of: {', '.join(names())})")
    return resources.files(__name__).joinpath(name + _SUFFIX).read_text(encoding="utf-8")


def name_for(report_format: str) -> str | None:
    """The name of the schema describing ``report_format`` (such as ``advisor-report/2``), or None."""
    for name in names():
        if schema(name).get("properties", {}).get("format", {}).get("const") == report_format:
            return name
    return None
