"""Which language the advisor speaks, and how numbers and dates are written in it.

The advisor's own texts exist in the languages of ``OFFERED`` (a strings
file for the reports and one for the app each); a ruleset declares the
languages of its texts. ``choose`` picks one, in this order:

1. ``--language`` on the command line;
2. the answers file's ``language``;
3. the ``ADVISOR_LANG`` environment variable;
4. the ``language`` of the preferences file (``advisor config``), when set;
5. the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``es_ES.UTF-8`` means
   Spanish);
6. English (or the ruleset's default language when it has no English).

A language the person names (``--language``, ``ADVISOR_LANG``) must be
offered, or it is a usage error listing the ones that are; a ruleset
without texts in it is one too. Languages the advisor only infers (the
locale, a preference saved for another ruleset) are skipped when the
ruleset lacks them.

``number`` and ``long_date`` write a number and a date the language's way:
a decimal comma and "1 de diciembre de 2026" in Spanish. A few lines of data
rather than Babel, which would weigh ten times the rest of our dependencies
for two formats.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Mapping, Sequence

from .errors import AdvisorError, ExitCode
from .record import Record

OFFERED = ("en", "es")
DEFAULT = "en"
NAMES = {"en": "English", "es": "Español"}  # each language in its own words, for menus

_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
           "octubre", "noviembre", "diciembre"),
}
_SEPARATORS = {"en": (".", ","), "es": (",", ".")}  # (decimal, thousands)
_LOCALE = re.compile(r"([a-zA-Z]{2,3})(?:[_-]|\.|@|$)")


class LanguageError(AdvisorError):
    """A language was asked for that is not offered (by the advisor, or by the ruleset): a usage error.

    ``kind`` (``unknown`` or ``missing``) and ``values`` let a client say it
    in its own words (the command line's strings: ``cli.language_<kind>``).
    """

    exit_code = ExitCode.USAGE

    def __init__(self, message: str, kind: str = "", **values: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.values = values


class Choice(Record):
    """The language chosen, and where it came from (for messages and tests)."""

    language: str
    source: str  # "option", "answers", "environment", "config", "locale", "default"


def from_locale(environ: Mapping[str, str]) -> str:
    """The language of the locale (``es`` for ``es_AR.UTF-8``), or ``""`` for none (``C``, ``POSIX``, unset)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            found = _LOCALE.match(value)
            code = found.group(1).lower() if found else ""
            return "" if code in ("c", "posix") else code
    return ""


def _offered_text(offered: Sequence[str]) -> str:
    return ", ".join(f"{code} ({NAMES.get(code, code)})" for code in offered)


def check(language: str, where: str, ruleset_languages: Sequence[str] = OFFERED) -> str:
    """``language`` (normalised) if the advisor and the ruleset both offer it; otherwise a LanguageError."""
    code = language.strip().lower()
    offered = [lang for lang in OFFERED if lang in ruleset_languages]
    if code not in OFFERED:
        listed = _offered_text(offered or OFFERED)
        raise LanguageError(f"{where}: `{language}` is not a language the advisor offers (offered: {listed})",
                            "unknown", where=where, code=language, offered=listed)
    if code not in ruleset_languages:
        listed = ", ".join(ruleset_languages)
        raise LanguageError(f"{where}: the ruleset has no `{code}` texts (its languages: {listed})",
                            "missing", where=where, code=code, offered=listed)
    return code


def choose(ruleset_languages: Sequence[str], *, option: str | None = None, answers: str | None = None,
           config: str | None = None, environ: Mapping[str, str] | None = None,
           default: str | None = None) -> Choice:
    """The language to speak, by the order in the module docstring; a LanguageError for one named but not offered.

    ``config`` is the preferences' language only when the person set it.
    ``default`` is the ruleset's default language (used when it has no English).
    """
    env = os.environ if environ is None else environ
    if option:
        return Choice(language=check(option, "--language", ruleset_languages), source="option")
    if answers and answers in ruleset_languages:
        return Choice(language=answers, source="answers")
    named = env.get("ADVISOR_LANG", "").strip()
    if named:
        return Choice(language=check(named, "ADVISOR_LANG", ruleset_languages), source="environment")
    for source, code in (("config", config or ""), ("locale", from_locale(env))):
        if code in OFFERED and code in ruleset_languages:
            return Choice(language=code, source=source)
    fallback = DEFAULT if DEFAULT in ruleset_languages else (default or ruleset_languages[0])
    return Choice(language=fallback, source="default")


# -- numbers and dates ---------------------------------------------------------------------------

def number(value: float, language: str, decimals: int | None = None) -> str:
    """``value`` with the language's decimal and thousands separators: 1,250.5 / 1.250,5.

    ``decimals`` fixes the digits after the point; by default a whole number
    has none and any other at most two, trailing zeros dropped.
    """
    decimal, thousands = _SEPARATORS.get(language, _SEPARATORS[DEFAULT])
    if decimals is None:
        text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    else:
        text = f"{value:,.{decimals}f}"
    if language == "es" and abs(value) < 10000 and "," in text:  # Spanish groups from five digits (RAE)
        text = text.replace(",", "")
    table: dict[str, str | int | None] = {",": thousands, ".": decimal}
    return text.translate(str.maketrans(table))


def exact(value: float, language: str) -> str:
    """``value`` with every digit it was written with (a bound, a threshold), in the language's separators."""
    written = repr(float(value))
    if "e" in written:  # too large or small for separators to help
        return written
    decimals = 0 if float(value).is_integer() else len(written.split(".")[1])
    return number(value, language, decimals=decimals)


def percent(share: float, language: str) -> str:
    """A share (0.5) as a percentage: "50%" in English, "50 %" in Spanish."""
    figure = number(round(share * 100, 1), language)
    return f"{figure}\u00a0%" if language == "es" else f"{figure}%"


def long_date(iso: str, language: str) -> str:
    """An ISO date (2026-12-01) in words: "1 December 2026", "1 de diciembre de 2026"; other text as it is."""
    try:
        day = _dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso
    month = _MONTHS.get(language, _MONTHS[DEFAULT])[day.month - 1]
    if language == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{day.day} {month} {day.year}"


def short_datetime(moment: _dt.datetime, language: str) -> str:
    """A moment for a list: "03 Dec 2026 05:30", "03 dic 2026 05:30"."""
    month = _MONTHS.get(language, _MONTHS[DEFAULT])[moment.month - 1][:3]
    return f"{moment.day:02d} {month} {moment.year} {moment:%H:%M}"
