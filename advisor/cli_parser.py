"""The command line's parser in the advisor's language: argparse, with its own words from the strings.

argparse writes "usage:", its group titles, the -h help and its error
messages in English (or through a process-wide gettext). ``Parser`` and
``Formatter`` take them from ``cli.argparse`` in advisor/strings/<lang>.yaml
instead, in the language set with ``advisor.texts.set_language`` before
the parser is built: the usage prefix and the titles in the formatter, the
-h help through a parent parser, and each error message argparse composes
matched against the few patterns it uses; an unknown one is shown as
argparse wrote it. ``early_language`` picks that language before parsing,
from argv and the environment, in the order ``advisor.language.choose``
follows once a command knows its ruleset.

A ``Parser`` made with ``fill`` is lazy: its -h, its arguments and its own
subcommands are added by ``fill`` only when it parses or formats its help
(``complete``), in the language it was made in. ``advisor evaluate`` thus
builds the one command it runs; the others keep only their one-line help
in the list of commands. No Textual.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NoReturn

from .language import DEFAULT, OFFERED, from_locale
from .texts import current_language, set_language, t

# The group titles argparse gives its parsers, and our key for each.
_TITLES = {"positional arguments": "cli.argparse.positionals", "options": "cli.argparse.options"}
_ARGUMENT = re.compile(r"argument (?P<argument>.+?): (?P<message>.+)", re.DOTALL)
# argparse's messages (Python 3.11 to 3.13), each with its key; the groups fill the placeholders.
_MESSAGES = tuple((re.compile(pattern, re.DOTALL), key) for pattern, key in (
    (r"the following arguments are required: (?P<names>.+)", "required"),
    (r"unrecognized arguments: (?P<arguments>.+)", "unrecognized"),
    (r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)", "invalid_choice"),
    (r"invalid int value: (?P<value>.+)", "invalid_int"),
    (r"invalid (?P<type>\S+) value: (?P<value>.+)", "invalid_value"),
    (r"expected one argument", "expected_one"),
    (r"expected at most one argument", "expected_at_most_one"),
    (r"expected at least one argument", "expected_at_least_one"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", "ambiguous"),
    (r"ignored explicit argument (?P<value>.+)", "ignored_argument"),
))


def translate(message: str) -> str:
    """argparse's error ``message`` in the current language; one it does not know stays as it is.

    "argument X: ..." keeps its inner message when that is not argparse's
    own: it is a type's (``ArgumentTypeError``), already in our words.
    """
    found = _ARGUMENT.fullmatch(message)
    if found:
        return t("cli.argparse.argument", argument=found["argument"], message=translate(found["message"]))
    for pattern, key in _MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            return t(f"cli.argparse.{key}", **found.groupdict())
    return message


class Formatter(argparse.HelpFormatter):
    """argparse's help layout (widths included), with the usage prefix and group titles in our words."""

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, t("cli.argparse.usage") + " " if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        super().start_section(t(_TITLES[heading]) if heading in _TITLES else heading)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks the current language: help, titles and errors (subparsers too).

    ``fill``: what adds this parser's arguments (after its -h), run once by
    ``complete``, which every way in that reads them calls first: parsing
    (a subcommand's parser too, as argparse parses it), usage and help,
    ``get_default``. A lazy parser takes no ``parents``: its ``fill`` adds them.
    """

    def __init__(self, *, add_help: bool = True, parents: Sequence[argparse.ArgumentParser] = (),
                 formatter_class: Callable[..., argparse.HelpFormatter] = Formatter,
                 fill: Callable[[Parser], None] | None = None, **kwargs: Any) -> None:
        if fill is not None and parents:
            raise TypeError("a lazy Parser takes no parents: its fill adds their arguments")
        # -h comes first, as argparse puts it, from a parent whose help is ours (a lazy parser's: in complete).
        first = [_help_parent()] if add_help and fill is None else []
        super().__init__(parents=[*first, *parents], add_help=False, formatter_class=formatter_class, **kwargs)
        self._fill = fill
        self._fill_help = add_help
        self._fill_language = current_language()

    def complete(self) -> Parser:
        """This parser with all its arguments: a lazy one's ``fill`` runs now, once, in the language it was made in."""
        fill, self._fill = self._fill, None
        if fill is None:
            return self
        speaking = current_language()
        set_language(self._fill_language)
        try:
            if self._fill_help:
                self.add_argument("-h", "--help", action="help", help=t("cli.argparse.help"))
            fill(self)
        finally:
            set_language(speaking)
        return self

    # (args, namespace), as argparse's; typeshed overloads them on the namespace's type.
    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        self.complete()
        return super().parse_known_args(*args, **kwargs)

    def parse_known_intermixed_args(self, *args: Any, **kwargs: Any) -> Any:
        self.complete()
        return super().parse_known_intermixed_args(*args, **kwargs)

    def format_usage(self) -> str:
        self.complete()
        return super().format_usage()

    def format_help(self) -> str:
        self.complete()
        return super().format_help()

    def get_default(self, dest: str) -> Any:
        self.complete()
        return super().get_default(dest)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, t("cli.error", prog=self.prog, message=translate(message)) + "\n")


def _help_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("-h", "--help", action="help", help=t("cli.argparse.help"))
    return parent


def early_language(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language to build the parser in, before parsing: ``--language CODE`` anywhere in ``argv``,
    ``ADVISOR_LANG``, the preferences' language when set, the locale, English.

    A code the advisor does not offer is passed over here; the command
    refuses it later, once parsed, with the list of those it offers.
    """
    env = os.environ if environ is None else environ
    sources: tuple[Callable[[], str], ...] = (lambda: _language_option(argv), lambda: env.get("ADVISOR_LANG", ""),
                                              _preference, lambda: from_locale(env))
    for source in sources:
        code = source().strip().lower()
        if code in OFFERED:
            return code
    return DEFAULT


def _language_option(argv: Sequence[str]) -> str:
    """The value of the last ``--language`` (or an abbreviation of it, as argparse allows) before ``--``."""
    found = ""
    for i, token in enumerate(argv):
        if token == "--":
            break
        name, equals, value = token.partition("=")
        if len(name) > 2 and "--language".startswith(name):
            found = value if equals else (argv[i + 1] if i + 1 < len(argv) else "")
    return found


def _preference() -> str:
    from .config import load

    prefs = load()
    return "" if prefs.is_default("language") else prefs.language
