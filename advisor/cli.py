"""The ``advisor`` command line: a thin shell over the decision core.

Subcommands parse arguments, call the core, and write the result to stdout
or ``-o FILE``; diagnostics go to stderr. Every user error maps to a
documented exit code (``ExitCode``) and a message, never a traceback. No
subcommand imports Textual.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import os
import sys
from collections.abc import Sequence
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import AdvisorError, AnswersError, ExportError, FileAccessError, RulesetError
from .plaintext import strip_controls

if TYPE_CHECKING:
    from .model import Ruleset


class ExitCode(IntEnum):
    """Every exit status the advisor documents (README, "exit code" table)."""

    OK = 0
    CASES_FAILED = 1   # `rules test`: some example cases do not hold
    CRASH = 1          # the questionnaire hit an unexpected error (answers saved, log written)
    USAGE = 2          # bad command-line arguments, or an output that would destroy an input
    INVALID = 3        # the ruleset, the answers file or a report template is invalid
    FILE = 4           # a file cannot be read or written (stdout included)
    HANGUP = 129       # 128 + SIGHUP: the terminal went away (answers saved)
    INTERRUPTED = 130  # 128 + SIGINT: Ctrl+C or `kill -INT` (answers saved)
    TERMINATED = 143   # 128 + SIGTERM: `kill` (answers saved)


def _error_code(exc: AdvisorError) -> ExitCode:
    if isinstance(exc, FileAccessError):
        return ExitCode.FILE
    if isinstance(exc, (RulesetError, AnswersError, ExportError)):
        return ExitCode.INVALID
    return ExitCode.INVALID


def write_output(text: str, output: str | None) -> None:
    """Write to stdout, or atomically to ``output`` (a temp file, then a rename)."""
    if not output or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileAccessError(f"{output}: cannot write: the folder {folder} does not exist")
    import tempfile  # only writers need it, and it is slow to import

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise FileAccessError(f"{output}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise FileAccessError(f"{output}: cannot write: {exc.strerror or exc}") from None


def _ruleset(args: argparse.Namespace, folder: str | None = None, *, with_cases: bool = False) -> Ruleset:
    from .loader import load_ruleset
    from .resources import default_rules

    return load_ruleset(folder or args.rules or default_rules(), with_cases=with_cases)


def _date(value: str) -> str:
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, found {value!r}") from None


# -- subcommands ---------------------------------------------------------------------------

def cmd_questionnaire(args: argparse.Namespace) -> int:
    """`advisor` alone: the interactive questionnaire (the only path that loads Textual)."""
    answers = getattr(args, "answers", None)
    if answers is not None and not Path(answers).is_file():
        reason = "it is a folder, not a file" if Path(answers).is_dir() else "no such file"
        raise FileAccessError(f"{answers}: cannot read: {reason}")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from .ui.texts import t

        print(f"advisor: {t('app.no_terminal')}", file=sys.stderr)
        return ExitCode.USAGE
    from .loader import load_ruleset
    from .resources import default_rules
    from .ui.app import run

    ruleset = load_ruleset(args.top_rules or default_rules(), with_cases=False)
    return run(ruleset, Path(answers) if answers else None)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .answers import load_answers
    from .engine import evaluate, what_would_change
    from .report import build_report, render

    ruleset = _ruleset(args)
    meta = load_answers(args.answers, ruleset)
    for warning in meta.warnings:
        print(f"advisor: warning: {strip_controls(str(warning))}", file=sys.stderr)
    if args.language and args.language not in ruleset.languages:
        raise RulesetError(f"the ruleset has no `{args.language}` texts (languages: {', '.join(ruleset.languages)})")
    result = evaluate(ruleset, meta.answers)
    changes = what_would_change(ruleset, meta.answers, result)
    date = args.date or meta.date or _dt.date.today().isoformat()
    report = build_report(ruleset, result, changes, meta=meta, language=args.language, date=date)
    write_output(render(report, args.format), args.output)
    return ExitCode.OK


def cmd_template(args: argparse.Namespace) -> int:
    from .textout import answers_template

    ruleset = _ruleset(args)
    write_output(answers_template(ruleset, args.language, args.date or ""), args.output)
    return ExitCode.OK


def cmd_questions(args: argparse.Namespace) -> int:
    from .textout import questions_text

    ruleset = _ruleset(args)
    write_output(questions_text(ruleset, args.language), args.output)
    return ExitCode.OK


def cmd_rules_check(args: argparse.Namespace) -> int:
    ruleset = _ruleset(args, args.dir, with_cases=True)
    print(f"{ruleset.path}: ok: ruleset `{ruleset.id}` {ruleset.version} ({ruleset.hash}), "
          f"{len(ruleset.questions)} questions, {len(ruleset.rules)} rules, "
          f"{len(ruleset.policy.decisions)} decisions, {len(ruleset.cases)} cases; "
          f"maximum scores: SalesOps {ruleset.max_scores['salesops']}, RevOps {ruleset.max_scores['revops']}")
    return ExitCode.OK


def cmd_rules_test(args: argparse.Namespace) -> int:
    from .casetest import run_cases

    ruleset = _ruleset(args, args.dir, with_cases=True)
    report = run_cases(ruleset)
    cases_file = Path(ruleset.path) / "cases.yaml"
    for outcome in report.outcomes:
        if outcome.passed:
            if args.verbose:
                print(f"PASS {outcome.case.id}")
            continue
        for failure in outcome.failures:
            print(f"FAIL {outcome.case.id} ({cases_file}:{outcome.case.line}): {failure}")
    coverage = [("rules no case fires", report.rules_never_fired),
                ("questions that no rule, policy test or show_if reads", report.questions_never_read),
                ("criteria (S, R) no rule cites", report.criteria_never_cited),
                ("decisions no case reaches", report.decisions_never_taken)]
    for label, items in coverage:
        if items:
            print(f"coverage: {label}: {', '.join(items)}")
    passed = len(report.outcomes) - len(report.failed)
    print(f"{passed} passed, {len(report.failed)} failed")
    return ExitCode.CASES_FAILED if report.failed else ExitCode.OK


# -- parser ----------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--rules", metavar="DIR", help="use the ruleset in DIR instead of the default one")
    common.add_argument("--language", metavar="CODE", help="language of the output (default: the ruleset's)")
    out = argparse.ArgumentParser(add_help=False)
    out.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")

    parser = argparse.ArgumentParser(
        prog="advisor",
        description="Should you build a Sales Operations team, a Revenue Operations team, or both?",
        epilog="Exit codes: 0 ok, 1 `rules test` found failing cases, 2 usage error, "
               "3 invalid ruleset or answers, 4 a file cannot be read or written.")
    parser.add_argument("--version", action="version", version=f"advisor {__version__}")
    parser.add_argument("--answers", metavar="FILE",
                        help="open the questionnaire with the answers in FILE (without a command)")
    parser.add_argument("--rules", metavar="DIR", dest="top_rules",
                        help="the ruleset for the questionnaire (without a command)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("evaluate", parents=[common, out], help="evaluate an answers file and print the report",
                       description="Evaluate an answers file (YAML or JSON) and write the report.")
    p.add_argument("answers", metavar="ANSWERS", help="the answers file")
    p.add_argument("--format", choices=("markdown", "json"), default="markdown",
                   help="report format (default: markdown)")
    p.add_argument("--date", type=_date,
                   help="date printed on the report, YYYY-MM-DD (default: the answers file's, or today)")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("template", parents=[common, out], help="write a commented answers file to fill in",
                       description="Write an answers file with every question, its options and why we ask it.")
    p.add_argument("--date", type=_date, help="date to put in the file, YYYY-MM-DD")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("questions", parents=[common, out], help="print the questionnaire",
                       description="Print every question with its options and why it is asked.")
    p.set_defaults(func=cmd_questions)

    rules = sub.add_parser("rules", help="check or test a ruleset", description="Check or test a ruleset.")
    rules_sub = rules.add_subparsers(dest="rules_command", metavar="COMMAND")
    rules_sub.required = True
    p = rules_sub.add_parser("check", parents=[common], help="validate a ruleset",
                             description="Validate a ruleset; every problem is printed as file:line:col.")
    p.add_argument("dir", nargs="?", metavar="DIR", help="the ruleset folder (default: --rules or the default ruleset)")
    p.set_defaults(func=cmd_rules_check)
    p = rules_sub.add_parser("test", parents=[common], help="run the ruleset's example cases",
                             description="Run the example cases in cases.yaml and report coverage.")
    p.add_argument("dir", nargs="?", metavar="DIR", help="the ruleset folder (default: --rules or the default ruleset)")
    p.add_argument("-v", "--verbose", action="store_true", help="list passing cases too")
    p.set_defaults(func=cmd_rules_test)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        args.func = cmd_questionnaire
    try:
        return int(args.func(args))
    except AdvisorError as exc:
        print(f"advisor: error: {strip_controls(str(exc))}", file=sys.stderr)
        return _error_code(exc)
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `advisor questions | head`); not an error worth a message.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return ExitCode.OK
