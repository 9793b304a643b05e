"""The advisor's own words (the app's, the facilitator view's and the command line's), by language.

They live in ``advisor/strings/<lang>.yaml``, English the reference: a
translation is a new YAML file with the same keys and ``{placeholders}``
(``check``), not a code change. Questions, rationales and the report's words
live in the ruleset and in reports/strings. ``t`` gives a text in the
language set with ``set_language`` (or the one asked for), its placeholders
filled; the app's markup-aware variant, ``tc``, is in ``advisor.ui.texts``.

No Textual here: the command line and the core read these words without the app.
"""


from __future__ import annotations

from _thread import get_ident
from functools import cache
from pathlib import Path
from string import Formatter
from typing import TYPE_CHECKING, Any

from .plaintext import strip_controls

if TYPE_CHECKING:
    from .errors import Diagnostic

_FOLDER = Path(__file__).resolve().parent / "strings"
LANGUAGE = "en"  # the reference: every other strings file has its keys and placeholders
_current = [LANGUAGE]  # the language the app speaks now (``set_language``)


# Strings files being read now, by which thread: see _texts. Per thread, since the app reads texts
# from idle-time threads too (advisor/ui/idle.py): a file another thread is reading is no recursion.
_reading: set[tuple[int, Path]] = set()


@cache
def _texts(language: str) -> dict[str, Any]:
    path = _FOLDER / f"{language}.yaml"
    if not path.is_file():
        path = _FOLDER / f"{LANGUAGE}.yaml"
    reading = (get_ident(), path)
    if reading in _reading:
        # The YAML reader wants a text to say what is wrong with this very file (a
        # duplicate key, say): asking for it again would recurse without end.
        raise BrokenStringsError(f"{path}: the advisor's own texts cannot be read (a broken installation?)")
    _reading.add(reading)
    try:
        data = _read_strings(path)
    finally:
        _reading.discard(reading)
    if not isinstance(data, dict):  # pragma: no cover - the file ships with the package
        raise BrokenStringsError(f"{path}: expected a mapping of texts")
    return data


def _read_strings(path: Path) -> Any:
    """A strings file's data, through the parse cache the rulesets use: parsing it costs some 10 ms,
    and importing PyYAML to do so some 18 ms more, on every run. A cache that fails only costs that."""
    from .inputs import read_input_bytes
    from .parsecache import read_cached
    from .resources import cache_dir

    return read_cached(read_input_bytes(path), str(path), cache_dir("rulesets")).data


class BrokenStringsError(RuntimeError):
    """A strings file of the package cannot be read: a bug or a damaged install, never the user's input.

    In English, and not through ``t``: there are no texts to say it with.
    """


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
    from .report_texts import check_strings
    from .yamlread import read_yaml_file

    reference = read_yaml_file(_FOLDER / f"{LANGUAGE}.yaml")
    doc = reference if language == LANGUAGE else read_yaml_file(_FOLDER / f"{language}.yaml")
    return check_strings(doc, reference, language, required=())


def t(key: str, language: str | None = None, **values: object) -> str:
    """The text at ``key`` ("section.name"), with ``{name}`` placeholders filled, as a plain string."""
    text = _lookup(key, language or _current[0])
    if not values:
        return text
    return "".join(literal + (value or "") for literal, value in _fields(text, values))
