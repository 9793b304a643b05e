"""`advisor diff OLD NEW`: two assessments of one company compared, as Markdown, JSON or HTML.

Each file is an answers file (checked and evaluated with ``--rules``, the
default ruleset otherwise) or a JSON report from ``advisor evaluate
--format json`` (read as it is), one of each included. The core is
``advisor.diff``; this module parses the options, chooses the language as
every command does (``--language``, then the later file's own, ...),
warns on stderr when the two files name different companies, and writes
the result to stdout or ``-o FILE``. Like ``evaluate``, ``-o`` replaces
the file it names, and never writes over an input. No Textual.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .cli import _check_language, _inputs, _ruleset, _warn, write_report
from .errors import ExitCode
from .plaintext import one_line
from .texts import t

if TYPE_CHECKING:
    from .cli_parser import Parser

FORMATS = ("md", "markdown", "json", "html", "pdf")


def fill_parser(p: Parser) -> None:
    """`advisor diff`'s parser (``advisor.cli`` lists the command)."""
    p.description = t("cli.diff.description")
    p.epilog = t("cli.diff.epilog")
    p.add_argument("old", metavar="OLD", help=t("cli.diff.old"))
    p.add_argument("new", metavar="NEW", help=t("cli.diff.new"))
    p.add_argument("--rules", metavar="DIR", help=t("cli.common.rules"))
    p.add_argument("--language", metavar="CODE", help=t("cli.common.language"))
    p.add_argument("--format", choices=FORMATS, default="md", help=t("cli.diff.format"))
    p.add_argument("-o", "--output", metavar="FILE", help=t("cli.common.output"))
    p.set_defaults(func=cmd_diff)


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff import build_diff, other_companies, read_input, render_diff

    ruleset = _ruleset(args)
    old = read_input(args.old, ruleset)
    new = read_input(args.new, ruleset)
    _warn([*old.warnings, *new.warnings])
    _check_language(args, ruleset, new.language or old.language)
    if other_companies(old, new):
        _warn([t("cli.diff.other_company", old=old.file, new=new.file, old_company=one_line(old.company),
                 new_company=one_line(new.company))])
    model = build_diff(ruleset, old, new, language=args.language)
    write_report(lambda fmt: render_diff(model, fmt), args.format, args.output,
                 inputs=_inputs(args, args.old, args.new, reports=True))
    return ExitCode.OK
