"""Shape checks for data read from YAML, collecting every problem at once.

The loader walks each file with a ``Checker``: it asks for the shapes it
needs ("a mapping with these keys", "a list", "an identifier") and gets back
plain values, or ``None`` where the file is wrong, while the checker records
a located diagnostic. Nothing here knows about questions or rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from .errors import Diagnostic, did_you_mean
from .language import number
from .model import Text
from .texts import current_language, t
from .yamlread import Document

IDENT = re.compile(r"[a-z][a-z0-9_]*\Z")
VALUE = re.compile(r"[a-z0-9][a-z0-9_]*\Z")  # option values may start with a digit: 10_to_20
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
Path = tuple[Any, ...]
# Limits that keep every screen and report fast and readable: a ruleset text
# of a megabyte passed once and made the app take seconds per screen.
MAX_TEXT_BYTES = 4096  # per language, in UTF-8
MAX_ID_LENGTH = 64
# Bounds, thresholds and compared values are human-sized; beyond this, float
# arithmetic in the analysis loses whole numbers (and past 1e308, overflows).
MAX_NUMBER = 10**15


def _cut(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


# What a check expects, as the messages name it: a key of ``errors.shapes.what`` in the
# strings files ("question" reads "a question"), or a key and the values its text fills.
What = str | tuple[str, Mapping[str, object]]


def phrase(what: What) -> str:
    """``what`` in words, in the current language."""
    key, values = (what, {}) if isinstance(what, str) else what
    return t(f"errors.shapes.what.{key}", None, **values)


def _says(key: str, **values: object) -> str:
    return t(f"errors.shapes.{key}", None, **values)


def _count(value: int) -> str:
    return number(value, current_language())


def value_kind(value: object) -> str:
    """What kind of YAML value ``value`` is, as the messages name kinds ("" for anything else)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    return "mapping" if isinstance(value, dict) else ""


def describe(value: object) -> str:
    """A short description of a value for "expected X, found Y" messages, in the current language."""
    kind = value_kind(value)
    if not kind:
        return type(value).__name__
    return t(f"errors.values.{kind}", value=quote(value) if kind in ("boolean", "number", "string") else "")


def quote(value: object) -> str:
    """A scalar as a message quotes it (`text`, `3`, `null`), cut short; a list or mapping described."""
    if isinstance(value, (list, dict)):
        return describe(value)
    if value is None:
        return "`null`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{_cut(str(value))}`"


def _listed(items: Iterable[str]) -> str:
    return ", ".join(items)


class Checker:
    """Records diagnostics against one YAML document."""

    def __init__(self, doc: Document, diagnostics: list[Diagnostic],
                 languages: tuple[str, ...] = ("en",), default_language: str = "en") -> None:
        self.doc = doc
        self.diagnostics = diagnostics
        self.languages = languages
        self.default_language = default_language
        self.missing: set[tuple[Any, ...]] = set()

    # -- reporting -----------------------------------------------------------------

    def error(self, path: Path, message: str, suggestion: str = "", *, at_key: bool = False) -> None:
        path = tuple(path)
        if path in self.missing:
            return  # "missing key" already says it; "expected X, found nothing" would repeat it
        self.diagnostics.append(self.doc.diagnostic(path, message, suggestion, at_key=at_key))

    # -- shapes ----------------------------------------------------------------------

    def expected(self, path: Path, what: What, value: object) -> None:
        """Record "expected <what>, found <value>"."""
        self.error(path, _says("expected", what=phrase(what), found=describe(value)))

    def mapping(self, path: Path, value: object, *, required: Iterable[str] = (),
                optional: Iterable[str] = (), what: What = "mapping") -> dict[str, Any] | None:
        """Check ``value`` is a mapping with only the allowed keys."""
        if not isinstance(value, dict):
            self.expected(path, what, value)
            return None
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                self.error((*path, key), _says("unknown_key", field=quote(key), what=phrase(what)) if what != "mapping"
                           else _says("unknown_key_bare", field=quote(key)),
                           did_you_mean(key, allowed) or _says("one_of", keys=_listed(sorted(allowed))),
                           at_key=True)
        for key in required:
            if key not in value:
                self.error(path, _says("missing_key", field=f"`{key}`", what=phrase(what)) if what != "mapping"
                           else _says("missing_key_bare", field=f"`{key}`"))
                self.missing.add((*tuple(path), key))
        return value

    def seq(self, path: Path, value: object, *, what: What = "list", allow_empty: bool = True) -> list[Any]:
        if not isinstance(value, list):
            self.expected(path, what, value)
            return []
        if not value and not allow_empty:
            self.error(path, _says("empty_list", what=phrase(what)))
        return value

    def ident(self, path: Path, value: object, *, what: What = "id", pattern: re.Pattern[str] = IDENT) -> str | None:
        if not isinstance(value, str) or not pattern.match(value):
            key = "bad_id" if pattern is IDENT else "bad_value"
            self.error(path, _says(key, what=phrase(what), found=describe(value)))
            return None
        if len(value) > MAX_ID_LENGTH:
            self.error(path, _says("long_id", what=phrase(what), limit=MAX_ID_LENGTH, length=_count(len(value))))
            return None
        return value

    def string(self, path: Path, value: object, *, what: What = "string") -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.expected(path, what, value)
            return None
        if not self._fits(path, value):
            return None
        return value

    def _fits(self, path: Path, value: str, lang: str = "") -> bool:
        """Whether a text is within MAX_TEXT_BYTES; records the error if not."""
        if len(value) * 4 <= MAX_TEXT_BYTES:  # cannot be over, whatever its characters
            return True
        size = len(value.encode("utf-8"))
        if size <= MAX_TEXT_BYTES:
            return True
        values = {"size": _count(size), "limit": _count(MAX_TEXT_BYTES), "lang": lang}
        self.error(path, _says("too_long_in" if lang else "too_long", **values), _says("too_long_hint"))
        return False

    def integer(self, path: Path, value: object, *, minimum: int | None = None,
                what: What = "whole_number") -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.expected(path, what, value)
            return None
        if minimum is not None and value < minimum:
            self.error(path, _says("at_least", what=phrase(what), minimum=_count(minimum), found=_count(value)))
            return None
        return value

    def number(self, path: Path, value: object, *, what: What = "number") -> float | int | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            self.expected(path, what, value)
            return None
        if not -MAX_NUMBER <= value <= MAX_NUMBER:
            self.error(path, _says("number_range", what=phrase(what), minimum=_count(-MAX_NUMBER),
                                   maximum=_count(MAX_NUMBER), found=describe(value)))
            return None
        return value

    def boolean(self, path: Path, value: object, *, what: What = "true_or_false") -> bool | None:
        if not isinstance(value, bool):
            self.expected(path, what, value)
            return None
        return value

    def choice(self, path: Path, value: object, choices: Iterable[str], *, what: What = "value") -> str | None:
        choices = tuple(choices)
        if not isinstance(value, str) or value not in choices:
            self.error(path, _says("expected_choice", what=phrase(what), choices=_listed(choices),
                                   found=describe(value)), did_you_mean(value, choices))
            return None
        return value

    def text(self, path: Path, value: object, *, what: What = "text") -> Text | None:
        """A user-facing text: a string in the default language, or one per language."""
        if isinstance(value, str) and value.strip():
            if len(self.languages) > 1:
                entries = _listed(f"`{lang}: ...`" for lang in self.languages)
                self.error(path, _says("text_per_language", what=phrase(what), languages=_listed(self.languages)),
                           _says("text_per_language_hint", entries=entries))
                return None
            if not self._fits(path, value):
                return None
            return Text({self.default_language: value.strip()}, self.default_language)
        if isinstance(value, dict):
            ok = True
            for lang, item in value.items():
                if lang not in self.languages:
                    self.error((*path, lang), _says("undeclared_language", lang=quote(lang),
                                                    languages=_listed(self.languages)),
                               did_you_mean(lang, self.languages), at_key=True)
                    ok = False
                elif not isinstance(item, str) or not item.strip():
                    self.error((*path, lang), _says("expected_in", what=phrase(what), lang=lang,
                                                    found=describe(item)))
                    ok = False
                elif not self._fits((*path, lang), item, lang):
                    ok = False
            missing = [lang for lang in self.languages if lang not in value]
            if missing:
                self.error(path, _says("no_version", what=phrase(what), languages="`, `".join(missing)))
                ok = False
            if not ok:
                return None
            self._same_placeholders(path, value)
            return Text({lang: str(item).strip() for lang, item in value.items()}, self.default_language)
        self.expected(path, what, value)
        return None

    def unique_ids(self, items: Iterable[tuple[Path, object]], kind: str) -> None:
        """Report ids that appear twice (anything but a string is not an id, and reported elsewhere).

        ``kind`` names the thing (a key of ``errors.shapes.duplicate``: "question", "rule", ...).
        """
        seen: dict[str, Path] = {}
        for path, ident in items:
            if not isinstance(ident, str):
                continue
            if ident in seen:
                first = self.doc.mark(*seen[ident])
                self.error(path, _says(f"duplicate.{kind}", id=f"`{ident}`", line=first.line))
            else:
                seen[ident] = path

    def refs(self, path: Path, value: object, known: Mapping[str, object] | Iterable[str], *,
             what: str, allow_empty: bool = False, broken: AbstractSet[str] = frozenset()) -> tuple[str, ...]:
        """A list of references to known ids (``what`` a key of ``errors.shapes.nouns``: criterion, metric, rule).

        References to ``broken`` ids (defined, but wrongly, and reported
        there) are left out without a second message.
        """
        known = tuple(known)
        out: list[str] = []
        noun = ("noun_id", {"noun": _says(f"nouns.{what}")})
        for i, item in enumerate(self.seq(path, value, what=("id_list", {"noun": _says(f"nouns.{what}")}),
                                          allow_empty=allow_empty)):
            if not isinstance(item, str):
                self.error((*path, i), _says("expected", what=phrase(noun), found=describe(item)))
            elif item in broken:
                continue
            elif item not in known:
                self.error((*path, i), _says("unknown_ref", noun=_says(f"nouns.{what}"), found=quote(item)),
                           did_you_mean(item, known))
            else:
                out.append(item)
        return tuple(out)

    def _same_placeholders(self, path: Path, versions: dict[Any, Any]) -> None:
        """Report a language's version that fills other ``{name}`` placeholders than the default language's."""
        reference = versions.get(self.default_language)
        if not isinstance(reference, str):
            return
        want = sorted(set(PLACEHOLDER.findall(reference)))
        for lang, item in versions.items():
            found = sorted(set(PLACEHOLDER.findall(str(item))))
            if lang != self.default_language and found != want:
                shown = _listed(f"{{{name}}}" for name in found) or _says("none")
                expected = _listed(f"{{{name}}}" for name in want) or _says("none")
                self.error((*path, lang), _says("placeholders_differ", lang=lang, found=shown,
                                                reference=self.default_language, expected=expected),
                           _says("placeholders_differ_hint"))

    def placeholders(self, path: Path, text: Text, allowed: Iterable[str], what: str) -> None:
        """Report ``{name}`` placeholders in a text that this place cannot fill (``what``: a key of
        ``errors.shapes.fillers``, saying what the place may use)."""
        allowed = set(allowed)
        for lang, value in text.by_language.items():
            for name in PLACEHOLDER.findall(value):
                if name not in allowed:
                    key = "bad_placeholder" if allowed else "no_placeholder"
                    self.error(path, _says(key, name=f"`{{{name}}}`", lang=lang, what=_says(f"fillers.{what}"),
                                           allowed=_listed(sorted(allowed))),
                               did_you_mean(name, allowed))
