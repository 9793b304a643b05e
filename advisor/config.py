"""The person's preferences (theme, language), kept between runs in one small YAML file.

The file is ``config.yaml`` in the platform's config folder for the advisor
(``platformdirs.user_config_path``: ``~/.config/advisor/`` on Linux). It is
written by the app (the theme chosen in the command palette) and by
``advisor config set``, and may be edited by hand (docs/config.md).

A preference must never stop the advisor from starting, so ``load`` never
raises: a missing file gives the defaults silently; a broken one (not YAML,
not a mapping, an unknown key, a value of the wrong kind) gives the defaults
for what is broken and a located warning (``file:line:col: expected ...,
found ...``) for each problem. ``save`` changes only the keys it is given,
edits the file line by line so the person's comments and other keys stay,
writes it whole or not at all (``advisor.outputs.write_text``), and refuses
to write over a file it could not read: that file is the person's, to fix.

No Textual here: the app checks that the theme exists (``advisor.ui.preferences``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AdvisorError, Diagnostic, FileAccessError, YamlError, did_you_mean
from .record import Record
from .texts import t

if TYPE_CHECKING:
    from .yamlread import Document

__all__ = ["DEFAULTS", "KEYS", "Config", "ConfigError", "ConfigValueError", "config_path", "load", "read_config",
           "save", "validate", "write_config"]

CONFIG_FILE = "config.yaml"
DEFAULT_THEME = "textual-dark"  # Textual's own default (the app leaves its theme alone when none is saved)
DEFAULT_LANGUAGE = "en"
DEFAULTS: dict[str, str] = {"theme": DEFAULT_THEME, "language": DEFAULT_LANGUAGE}
KEYS = tuple(DEFAULTS)
MAX_BYTES = 64 << 10  # a config file of a few lines; anything near this is not one
_THEME_MAX = 64
_LANGUAGE = re.compile(r"[a-z]{2}\Z")
_EXPECTED = {"theme": "errors.config.theme", "language": "errors.config.language"}  # what each key takes, in words


class ConfigError(AdvisorError):
    """The config file cannot be changed (it could not be read, so writing would lose what it holds)."""


class ConfigValueError(ConfigError):
    """A key or a value given to ``save`` is not one the config accepts."""


class Config(Record):
    """The preferences as read, with what went wrong reading them.

    ``theme`` and ``language`` always hold a usable value (the default where
    the file sets none, or a broken one); ``explicit`` names the keys the file
    sets validly. ``readable`` is False when the file exists but is not a YAML
    mapping (or cannot be read at all): ``save`` then refuses to replace it.
    """

    path: Path
    theme: str = DEFAULT_THEME
    language: str = DEFAULT_LANGUAGE
    explicit: frozenset[str] = frozenset()
    warnings: tuple[Diagnostic, ...] = ()
    readable: bool = True
    exists: bool = False
    unknown: tuple[str, ...] = ()  # keys the file holds that the advisor does not know (kept, ignored)

    def value(self, key: str) -> str:
        return str(getattr(self, key))

    def is_default(self, key: str) -> bool:
        return key not in self.explicit


def config_path() -> Path:
    """Where the config file lives (it may not exist yet)."""
    from platformdirs import user_config_path

    return user_config_path("advisor", appauthor=False) / CONFIG_FILE


def validate(key: str, value: object) -> str:
    """Why ``value`` is not acceptable for ``key`` ("expected ..., found ..."), or ``""``."""
    found = _describe(value)
    if key not in _EXPECTED:
        return _unknown(key)
    expected = t(_EXPECTED[key])
    if not isinstance(value, str):
        return t("errors.config.expected", expected=expected, found=found)
    if key == "theme":
        if not value.strip() or not value.isprintable() or len(value) > _THEME_MAX:
            return t("errors.config.expected_theme", expected=expected, limit=_THEME_MAX, found=found)
    elif key == "language" and not _LANGUAGE.match(value):
        return t("errors.config.expected", expected=expected, found=found)
    return ""


def _unknown(key: object) -> str:
    return t("errors.config.unknown_key", found=f"`{key}`" if isinstance(key, str) else _describe(key))


def _keys_hint(key: object) -> str:
    return did_you_mean(key, KEYS) or t("errors.config.keys_are", keys=", ".join(f"`{k}`" for k in KEYS))


def _describe(value: object) -> str:
    if value is None:
        return t("errors.config.found_nothing")
    if isinstance(value, bool):
        return t("errors.config.found_yesno", value=str(value).lower())
    if isinstance(value, (int, float)):
        return t("errors.config.found_number", value=value)
    if isinstance(value, dict):
        return t("errors.config.found_mapping")
    if isinstance(value, list):
        return t("errors.config.found_list")
    text = str(value)
    if not text:
        return t("errors.config.found_empty")
    shown = text if len(text) <= 40 else text[:37] + "..."
    return f"`{shown.encode('unicode_escape').decode('ascii') if not shown.isprintable() else shown}`"


def _suggestion(key: str, value: object) -> str:
    if key == "language" and isinstance(value, str) and _LANGUAGE.match(value.strip().lower()):
        return t("errors.config.write", value=value.strip().lower())
    if isinstance(value, bool):  # `no` (Norwegian), `on`, ...: YAML reads some words as yes/no
        return t("errors.config.quote_yesno")
    return ""


# -- reading ---------------------------------------------------------------------------------------

def load() -> Config:
    """The preferences in ``config_path()``; never raises (see the module docstring)."""
    return read_config(config_path())


def read_config(path: Path) -> Config:
    """The preferences in the file ``path``; never raises."""
    document, text, problems = _read(path)
    if document is None:
        return Config(path=path, warnings=tuple(problems), readable=not problems, exists=bool(problems))
    values: dict[str, str] = {}
    warnings: list[Diagnostic] = []
    unknown: list[str] = []
    for key, value in _mapping(document).items():
        if key not in DEFAULTS:
            unknown.append(str(key))
            message = t("errors.config.ignored", message=_unknown(key))
            warnings.append(document.diagnostic((key,), message, _keys_hint(key), at_key=True))
            continue
        problem = validate(key, value)
        if problem and isinstance(value, bool):  # say `no`, as written, not the `false` YAML makes of it
            mark = document.mark(key)
            found = re.match(r"[^\s,#\]}]*", text.splitlines()[mark.line - 1][mark.column - 1:])
            written = found.group() if found else str(value).lower()
            problem = problem.replace(_describe(value), t("errors.config.found_yesno_word", word=written))
        if problem:
            message = t("errors.config.using_default", name=key, problem=problem, default=DEFAULTS[key])
            warnings.append(document.diagnostic((key,), message, _suggestion(key, value)))
            continue
        values[key] = value
    return Config(path=path, theme=values.get("theme", DEFAULT_THEME),
                  language=values.get("language", DEFAULT_LANGUAGE), explicit=frozenset(values),
                  warnings=tuple(warnings), exists=True, unknown=tuple(unknown))


def _read(path: Path) -> tuple[Document | None, str, list[Diagnostic]]:
    """The file's YAML document and text (``None``, ``""`` if missing or unreadable), and why it could not be read.

    The document, when there is one, holds a mapping or nothing (an empty file).
    """
    from .inputs import read_input_bytes
    from .yamlread import read_yaml_bytes

    if not os.path.lexists(path):
        return None, "", []
    shown = str(path)
    try:
        raw = read_input_bytes(path, display=shown, max_bytes=MAX_BYTES)
        document = read_yaml_bytes(raw, shown)
    except (YamlError, FileAccessError) as exc:
        found = exc.diagnostics or (Diagnostic(shown, 0, 0, exc.message),)
        return None, "", [Diagnostic(d.path or shown, d.line, d.column,
                                     t("errors.config.file_ignored", message=d.message), d.suggestion)
                          for d in found]
    if document.data is not None and not isinstance(document.data, dict):
        kind = t("errors.config.found_list") if isinstance(document.data, list) else _describe(document.data)
        message = t("errors.config.not_mapping", found=kind)
        return None, "", [document.diagnostic((), message)]
    return document, raw.decode("utf-8").removeprefix("\ufeff"), []


# -- writing ---------------------------------------------------------------------------------------

def save(**changes: str | None) -> Config:
    """Set (or, with ``None``, remove) the given keys in the config file; returns what it now holds.

    Other keys, unknown ones included, and comments stay as they are. An
    unknown key may only be removed (when the file holds it). Raises
    ``ConfigValueError`` for an unknown key or a bad value, ``ConfigError`` if
    the file exists but cannot be read as a mapping, ``FileAccessError`` or
    ``OutputRefused`` if it cannot be written.
    """
    return write_config(config_path(), changes)


def write_config(path: Path, changes: dict[str, str | None]) -> Config:
    """``save`` for the file ``path``."""
    from .outputs import write_text

    for key, value in changes.items():
        if value is None:
            continue
        problem = validate(key, value)
        if problem:
            raise ConfigValueError(t("errors.config.bad_value", name=key, problem=problem) if key in DEFAULTS
                                   else t("errors.with_hint", message=problem, hint=_keys_hint(key)))
    document, text, problems = _read(path)
    if problems:
        first = problems[0]
        raise ConfigError(t("errors.config.not_changed_at", path=path, line=first.line, column=first.column)
                          if first.line else t("errors.config.not_changed", path=path))
    data = _mapping(document)
    for key, value in changes.items():
        if value is None and key not in DEFAULTS and key not in data:
            raise ConfigValueError(t("errors.with_hint", message=_unknown(key), hint=_keys_hint(key)))
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    edited = _edited(text, changes, str(path))
    # None: a layout the line edits do not understand (flow style, ...), so the file is written anew.
    text = _dump(data) if edited is None else edited
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileAccessError(t("errors.files.cannot_create_folder", path=path.parent,
                                reason=exc.strerror or exc)) from None
    write_text(path, text)
    return read_config(path)


def _edited(text: str, changes: dict[str, str | None], shown: str) -> str | None:
    """``text`` with ``changes`` made line by line, keeping its comments; None if that cannot be done.

    Each edit is checked by reading the result back: it must hold what it held
    before, with just that key changed.
    """
    from .yamlread import read_yaml_text

    try:
        before = read_yaml_text(text, shown, max_bytes=MAX_BYTES)
        for key, value in changes.items():
            data = _mapping(before)
            if value is None and key not in data:
                continue
            if not all(before.key_mark(other).column == 1 for other in data):
                return None  # not a block mapping at the top
            lines = text.splitlines(keepends=True)
            new = [] if value is None else [_dump({key: value})]
            if key in data:
                start, end = _entry(lines, before, key)
                lines[start:end] = new
            else:
                if lines and not lines[-1].endswith("\n"):
                    lines[-1] += "\n"
                lines += new
            text = "".join(lines)
            after = read_yaml_text(text, shown, max_bytes=MAX_BYTES)
            if value is None:
                data.pop(key)
            else:
                data[key] = value
            if (after.data or {}) != data:
                return None
            before = after
    except YamlError:
        return None
    return text


def _mapping(document: Document | None) -> dict[Any, Any]:
    """A copy of the mapping ``document`` holds (``_read`` let through nothing else), or ``{}``."""
    data = document.data if document is not None else None
    return dict(data) if isinstance(data, dict) else {}


def _dump(data: dict[Any, Any]) -> str:
    import yaml

    if not data:
        return ""
    return yaml.safe_dump(data, default_flow_style=False, allow_unicode=True, sort_keys=False)


def _entry(lines: list[str], document: Document, key: str) -> tuple[int, int]:
    """The lines [start, end) of the top-level entry ``key``: its own line and its value's continuation."""
    start = document.key_mark(key).line - 1
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t#"):
        end += 1
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1  # comments and blank lines before the next key belong to it
    return start, end
