"""The questionnaire's own words (buttons, headings, hints), read from ``strings/<lang>.yaml``.

Questions and rationales come from the ruleset; everything the app itself
says comes from here, so a translation is a new YAML file, not a code change.

Text that comes from a ruleset or an answers file is data, never markup:
Textual would turn ``[CRM]`` into a style, ``[@click=app.quit]`` into an
action and a stray ``[/]`` into a crash. So the app shows it through
``plain`` (or ``tc``, whose placeholders are filled after the markup of our
own text has been read), with its terminal control characters removed.
``t`` gives plain strings for what Textual does not read as markup (key
descriptions, file names, notifications sent with ``markup=False``).

This module imports Textual only when ``tc`` or ``plain`` is called: the
command line reads ``t`` without the app.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from string import Formatter
from typing import TYPE_CHECKING, Any

from ..plaintext import one_line, strip_controls
from ..yamlread import read_yaml_file

if TYPE_CHECKING:
    from textual.content import Content

    from ..errors import Diagnostic

_FOLDER = Path(__file__).resolve().parent / "strings"
LANGUAGE = "en"  # the reference: every other strings file has its keys and placeholders
_current = [LANGUAGE]  # the language the app speaks now (``set_language``)
# Textual substitutes `$name` (string.Template) inside the text of markup,
# after the tags are read; a prefix no text of ours uses keeps them apart.
_VARIABLE = "advisor_value_"


@cache
def _texts(language: str) -> dict[str, Any]:
    path = _FOLDER / f"{language}.yaml"
    if not path.is_file():
        path = _FOLDER / f"{LANGUAGE}.yaml"
    data = read_yaml_file(path).data
    if not isinstance(data, dict):  # pragma: no cover - the file ships with the package
        raise ValueError(f"{path}: expected a mapping of texts")
    return data


def _lookup(key: str, language: str) -> str:
    node: Any = _texts(language)
    for part in key.split("."):
        node = node[part]
    return str(node)


def _fields(text: str, values: dict[str, object]) -> list[tuple[str, str | None]]:
    """``text`` as (literal, filled value or None) pairs; each value without control characters."""
    parts: list[tuple[str, str | None]] = []
    for literal, field, spec, conversion in Formatter().parse(text):
        if field is None:
            parts.append((literal, None))
            continue
        value: object = values[field]
        if conversion == "r":
            value = repr(value)
        elif conversion == "a":
            value = ascii(value)
        elif conversion == "s":
            value = str(value)
        parts.append((literal, strip_controls(format(value, spec or ""))))
    return parts


def set_language(language: str) -> None:
    """Speak ``language`` from now on (``t`` and ``tc`` without a language); one without a strings file: English."""
    _current[0] = language if (_FOLDER / f"{language}.yaml").is_file() else LANGUAGE


def current_language() -> str:
    return _current[0]


def languages() -> tuple[str, ...]:
    """The languages the app has a strings file for, the reference first."""
    return (LANGUAGE, *sorted(p.stem for p in _FOLDER.glob("*.yaml") if p.stem != LANGUAGE))


def check(language: str) -> list[Diagnostic]:
    """What is wrong with the app's strings file for ``language``, compared with the English one.

    A key missing or unknown, a value that is not text, a text whose
    ``{name}`` placeholders differ from the English: each located in the file.
    """
    from ..report_texts import check_strings

    reference = read_yaml_file(_FOLDER / f"{LANGUAGE}.yaml")
    doc = reference if language == LANGUAGE else read_yaml_file(_FOLDER / f"{language}.yaml")
    return check_strings(doc, reference, language, required=())


def t(key: str, language: str | None = None, **values: object) -> str:
    """The text at ``key`` ("section.name"), with ``{name}`` placeholders filled, as a plain string."""
    text = _lookup(key, language or _current[0])
    if not values:
        return text
    return "".join(literal + (value or "") for literal, value in _fields(text, values))


def tc(key: str, language: str | None = None, **values: object) -> Content:
    """The text at ``key`` as Textual Content: its own markup applied, the values shown as they are."""
    from textual.content import Content

    text = _lookup(key, language or _current[0])
    if not values:
        return Content.from_markup(text)
    template: list[str] = []
    variables: dict[str, str] = {}
    for literal, value in _fields(text, values):
        template.append(literal)
        if value is not None:
            name = f"{_VARIABLE}{len(variables)}"
            variables[name] = value
            template.append("${" + name + "}")
    return Content.from_markup("".join(template), **variables)


def plain(text: object, *, line: bool = False) -> Content:
    """``text`` (from a ruleset, an answers file, an error) as Content shown literally.

    ``line``: on one line, as a name or a title is shown.
    """
    from textual.content import Content

    return Content(one_line(str(text)) if line else strip_controls(str(text)))
