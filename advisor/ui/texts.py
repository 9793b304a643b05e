"""The questionnaire's own words (buttons, headings, hints), read from ``strings/<lang>.yaml``.

Questions and rationales come from the ruleset; everything the app itself
says comes from here, so a translation is a new YAML file, not a code change.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from ..yamlread import read_yaml_file

_FOLDER = Path(__file__).resolve().parent / "strings"
LANGUAGE = "en"


@cache
def _texts(language: str) -> dict[str, Any]:
    path = _FOLDER / f"{language}.yaml"
    if not path.is_file():
        path = _FOLDER / f"{LANGUAGE}.yaml"
    data = read_yaml_file(path).data
    if not isinstance(data, dict):  # pragma: no cover - the file ships with the package
        raise ValueError(f"{path}: expected a mapping of texts")
    return data


def t(key: str, language: str = LANGUAGE, **values: object) -> str:
    """The text at ``key`` ("section.name"), with ``{name}`` placeholders filled."""
    node: Any = _texts(language)
    for part in key.split("."):
        node = node[part]
    text = str(node)
    return text.format(**values) if values else text
