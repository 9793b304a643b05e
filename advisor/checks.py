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
from .model import Text
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


_KINDS = {"null": "nothing (null)", "boolean": "the boolean {value}", "number": "the number {value}",
          "string": "the string {value}", "list": "a list", "mapping": "a mapping"}


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
    """A short description of a value for "expected X, found Y" messages (the ruleset checker's, in English;
    ``answers.found`` says the same in the current language)."""
    kind = value_kind(value)
    if not kind:
        return type(value).__name__
    text = _KINDS[kind]
    return text.format(value=quote(value)) if "{value}" in text else text  # a list is not quoted


def quote(value: object) -> str:
    """A scalar as a message quotes it (`text`, `3`, `null`), cut short; a list or mapping described."""
    if isinstance(value, (list, dict)):
        return describe(value)
    if value is None:
        return "`null`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{_cut(str(value))}`"


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

    def mapping(self, path: Path, value: object, *, required: Iterable[str] = (),
                optional: Iterable[str] = (), what: str = "") -> dict[str, Any] | None:
        """Check ``value`` is a mapping with only the allowed keys."""
        if not isinstance(value, dict):
            self.error(path, f"expected {what or 'a mapping'}, found {describe(value)}")
            return None
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                self.error((*path, key), f"unknown key {quote(key)}" + (f" in {what}" if what else ""),
                           did_you_mean(key, allowed) or f"expected one of: {', '.join(sorted(allowed))}",
                           at_key=True)
        for key in required:
            if key not in value:
                self.error(path, f"missing key `{key}`" + (f" in {what}" if what else ""))
                self.missing.add((*tuple(path), key))
        return value

    def seq(self, path: Path, value: object, *, what: str = "a list", allow_empty: bool = True) -> list[Any]:
        if not isinstance(value, list):
            self.error(path, f"expected {what}, found {describe(value)}")
            return []
        if not value and not allow_empty:
            self.error(path, f"expected {what}, found an empty list")
        return value

    def ident(self, path: Path, value: object, *, what: str = "an id", pattern: re.Pattern[str] = IDENT) -> str | None:
        if not isinstance(value, str) or not pattern.match(value):
            start = "a letter" if pattern is IDENT else "a letter or digit"
            self.error(path, f"expected {what} (lowercase letters, digits and `_`, starting with {start}), "
                             f"found {describe(value)}")
            return None
        if len(value) > MAX_ID_LENGTH:
            self.error(path, f"expected {what} of at most {MAX_ID_LENGTH} characters, found one of {len(value):,}")
            return None
        return value

    def string(self, path: Path, value: object, *, what: str = "a string") -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.error(path, f"expected {what}, found {describe(value)}")
            return None
        if not self._fits(path, value, "the text"):
            return None
        return value

    def _fits(self, path: Path, value: str, what: str, lang: str = "") -> bool:
        """Whether a text is within MAX_TEXT_BYTES; records the error if not."""
        if len(value) * 4 <= MAX_TEXT_BYTES:  # cannot be over, whatever its characters
            return True
        size = len(value.encode("utf-8"))
        if size <= MAX_TEXT_BYTES:
            return True
        where = f" in `{lang}`" if lang else ""
        self.error(path, f"{what}{where} is {size:,} bytes long; the limit is {MAX_TEXT_BYTES:,} bytes (4 KiB)",
                   "shorten it; a question, rule or report text should fit on a screen")
        return False

    def integer(self, path: Path, value: object, *, minimum: int | None = None,
                what: str = "a whole number") -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, f"expected {what}, found {describe(value)}")
            return None
        if minimum is not None and value < minimum:
            self.error(path, f"expected {what} of at least {minimum}, found {value}")
            return None
        return value

    def number(self, path: Path, value: object, *, what: str = "a number") -> float | int | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            self.error(path, f"expected {what}, found {describe(value)}")
            return None
        if not -MAX_NUMBER <= value <= MAX_NUMBER:
            self.error(path, f"expected {what} from -{MAX_NUMBER:,} to {MAX_NUMBER:,}, found {describe(value)}")
            return None
        return value

    def boolean(self, path: Path, value: object, *, what: str = "`true` or `false`") -> bool | None:
        if not isinstance(value, bool):
            self.error(path, f"expected {what}, found {describe(value)}")
            return None
        return value

    def choice(self, path: Path, value: object, choices: Iterable[str], *, what: str = "a value") -> str | None:
        choices = tuple(choices)
        if not isinstance(value, str) or value not in choices:
            self.error(path, f"expected {what}: one of {', '.join(choices)}; found {describe(value)}",
                       did_you_mean(value, choices))
            return None
        return value

    def text(self, path: Path, value: object, *, what: str = "a text") -> Text | None:
        """A user-facing text: a string in the default language, or one per language."""
        if isinstance(value, str) and value.strip():
            if len(self.languages) > 1:
                self.error(path, f"expected {what} in every language ({', '.join(self.languages)}), "
                                 "found a plain string", "write it as a mapping, e.g. {en: ..., es: ...}")
                return None
            if not self._fits(path, value, "the text"):
                return None
            return Text({self.default_language: value.strip()}, self.default_language)
        if isinstance(value, dict):
            ok = True
            for lang, item in value.items():
                if lang not in self.languages:
                    self.error((*path, lang), f"language {quote(lang)} is not declared in ruleset.yaml "
                                              f"(languages: {', '.join(self.languages)})",
                               did_you_mean(lang, self.languages), at_key=True)
                    ok = False
                elif not isinstance(item, str) or not item.strip():
                    self.error((*path, lang), f"expected {what} in `{lang}`, found {describe(item)}")
                    ok = False
                elif not self._fits((*path, lang), item, "the text", lang):
                    ok = False
            missing = [lang for lang in self.languages if lang not in value]
            if missing:
                self.error(path, f"{what} has no `{'`, `'.join(missing)}` version")
                ok = False
            if not ok:
                return None
            self._same_placeholders(path, value)
            return Text({lang: str(item).strip() for lang, item in value.items()}, self.default_language)
        self.error(path, f"expected {what}, found {describe(value)}")
        return None

    def unique_ids(self, items: Iterable[tuple[Path, object]], what: str) -> None:
        """Report ids that appear twice (anything but a string is not an id, and reported elsewhere)."""
        seen: dict[str, Path] = {}
        for path, ident in items:
            if not isinstance(ident, str):
                continue
            if ident in seen:
                first = self.doc.mark(*seen[ident])
                self.error(path, f"duplicate {what} `{ident}` (first defined at line {first.line})")
            else:
                seen[ident] = path

    def refs(self, path: Path, value: object, known: Mapping[str, object] | Iterable[str], *,
             what: str, allow_empty: bool = False, broken: AbstractSet[str] = frozenset()) -> tuple[str, ...]:
        """A list of references to known ids (criteria, metrics, ...).

        References to ``broken`` ids (defined, but wrongly, and reported
        there) are left out without a second message.
        """
        known = tuple(known)
        out: list[str] = []
        for i, item in enumerate(self.seq(path, value, what=f"a list of {what} ids", allow_empty=allow_empty)):
            if not isinstance(item, str):
                self.error((*path, i), f"expected a {what} id, found {describe(item)}")
            elif item in broken:
                continue
            elif item not in known:
                self.error((*path, i), f"unknown {what} {quote(item)}", did_you_mean(item, known))
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
                shown = ", ".join(f"{{{name}}}" for name in found) or "none"
                expected = ", ".join(f"{{{name}}}" for name in want) or "none"
                self.error((*path, lang), f"the `{lang}` version has the placeholders {shown}; the "
                                          f"`{self.default_language}` one has {expected}",
                           "every language fills the same placeholders")

    def placeholders(self, path: Path, text: Text, allowed: Iterable[str], what: str) -> None:
        """Report ``{name}`` placeholders in a text that this place cannot fill."""
        allowed = set(allowed)
        for lang, value in text.by_language.items():
            for name in PLACEHOLDER.findall(value):
                if name not in allowed:
                    self.error(path, f"`{{{name}}}` cannot be used here ({lang}); it may use {what}"
                                     + (f": {', '.join(sorted(allowed))}" if allowed else " (none)"),
                               did_you_mean(name, allowed))
