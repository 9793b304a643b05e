"""The ``advisor`` command line: a thin shell over the decision core.

Subcommands parse arguments, call the core, and write the result to stdout
or ``-o FILE``; diagnostics go to stderr. Every user error maps to a
documented exit code (``ExitCode``) and a message, never a traceback. No
subcommand imports Textual.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import AdvisorError, AnswersError, ExitCode, ExportError, FileAccessError, OutputRefused, RulesetError
from .plaintext import strip_controls

if TYPE_CHECKING:
    from .model import Ruleset


def _error_code(exc: AdvisorError) -> ExitCode:
    if isinstance(exc, OutputRefused):
        return ExitCode.USAGE
    if isinstance(exc, FileAccessError):
        return ExitCode.FILE
    if isinstance(exc, (RulesetError, AnswersError, ExportError)):
        return ExitCode.INVALID
    return ExitCode.INVALID


def write_output(text: str, output: str | None, *, inputs: Sequence[str | os.PathLike[str]] = (),
                 replace: bool = True) -> None:
    """Write to stdout, or to ``output`` through the one write helper (``advisor.outputs``).

    ``inputs``: the files this command reads, never written over. ``replace``:
    False for files people edit (``template``), which only ``--force`` replaces.
    """
    from .outputs import write_text

    write_text(output or "-", text, inputs=inputs, replace=replace, replace_hint="add --force to replace it")


def _inputs(args: argparse.Namespace, *extra: str | os.PathLike[str], reports: bool = False) -> list[Path]:
    """The files a command reads: ``extra``, every file of the ruleset folder, the report templates."""
    from .outputs import files_in
    from .resources import default_rules, reports_dir

    found = [Path(item) for item in extra]
    found += files_in(args.rules or default_rules())
    if reports:
        found += files_in(reports_dir(), recursive=True)
    return found


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
    from .loader import load_ruleset
    from .resources import default_rules

    answers = getattr(args, "answers", None)
    if answers is not None and args.workshop is not None:
        raise OutputRefused("--answers and --workshop: give one of them")
    if answers is not None:
        from .inputs import input_file_problem

        reason = input_file_problem(answers)  # a pipe or a device is refused here, not read by the app
        if reason:
            raise FileAccessError(f"{answers}: cannot read: {reason}")
    ruleset = load_ruleset(args.top_rules or default_rules(), with_cases=False)
    info = None
    if args.workshop is not None:  # a missing or broken workshop says so before anything else
        from .workshop.folder import read_workshop

        info = read_workshop(args.workshop, ruleset)
        _warn(info.warnings)
    if not (sys.stdin.isatty() and sys.stdout.isatty()) and not _web_driver():
        from .ui.texts import t

        print(f"advisor: {t('app.no_terminal')}", file=sys.stderr)
        return ExitCode.USAGE
    from .ui.app import run

    if info is not None:
        return run(ruleset, None, workshop=Path(args.workshop), info=info)
    return run(ruleset, Path(answers) if answers else None)


def warm_session(argv: Sequence[str]) -> None:
    """Load, once, the ruleset the sessions started with ``argv`` will use (`advisor serve`'s spawner forks them)."""
    from .loader import keep_loaded
    from .resources import default_rules

    args = build_parser().parse_args(_default_workshop_command(list(argv)))
    keep_loaded(args.top_rules or default_rules(), with_cases=False)


def _web_driver() -> bool:
    """Whether this process is a browser session of `advisor serve` (Textual's web driver talks to it)."""
    return os.environ.get("ADVISOR_WEB") == "1" and "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")


def _warn(warnings: Sequence[str]) -> None:
    for warning in warnings:
        print(f"advisor: warning: {strip_controls(str(warning))}", file=sys.stderr)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .answers import load_answers
    from .engine import evaluate, what_would_change
    from .report import build_report, render

    ruleset = _ruleset(args)
    meta = load_answers(args.answers, ruleset)
    _warn(meta.warnings)
    _check_language(args, ruleset)
    result = evaluate(ruleset, meta.answers)
    changes = what_would_change(ruleset, meta.answers, result)
    date = args.date or meta.date or _dt.date.today().isoformat()
    report = build_report(ruleset, result, changes, meta=meta, language=args.language, date=date)
    write_report(lambda fmt: render(report, fmt), args.format, args.output,
                 inputs=_inputs(args, args.answers, reports=True))
    return ExitCode.OK


def write_report(render_as: Callable[[str], str], fmt: str, output: str | None, *, inputs: Sequence[Path]) -> None:
    """Write a report rendered by ``render_as`` in ``fmt``; PDF is the HTML laid out for print (the pdf extra)."""
    if fmt == "pdf":
        from .outputs import write_bytes
        from .report_pdf import pdf_from_html

        write_bytes(output or "-", pdf_from_html(render_as("html")), inputs=inputs)
    else:
        write_output(render_as("markdown" if fmt == "md" else fmt), output, inputs=inputs)


def _check_language(args: argparse.Namespace, ruleset: Ruleset) -> None:
    if args.language and args.language not in ruleset.languages:
        raise RulesetError(f"the ruleset has no `{args.language}` texts (languages: {', '.join(ruleset.languages)})")


def cmd_template(args: argparse.Namespace) -> int:
    from .textout import answers_template

    ruleset = _ruleset(args)
    write_output(answers_template(ruleset, args.language, args.date or ""), args.output, inputs=_inputs(args),
                 replace=args.force)
    return ExitCode.OK


def cmd_questions(args: argparse.Namespace) -> int:
    from .textout import questions_text

    ruleset = _ruleset(args)
    write_output(questions_text(ruleset, args.language), args.output, inputs=_inputs(args))
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


_TOP_OPTIONS_WITH_VALUE = ("--answers", "--rules", "--workshop")
_WORKSHOP_COMMANDS = ("new", "view", "report", "-h", "--help")


def _default_workshop_command(argv: list[str]) -> list[str]:
    """`advisor workshop DIR` means `advisor workshop view DIR`: argparse has no default subcommand."""
    i = 0
    while i < len(argv):
        token = argv[i]
        if token in _TOP_OPTIONS_WITH_VALUE:
            i += 2
            continue
        if token.startswith("-"):
            i += 1
            continue
        if token == "workshop" and i + 1 < len(argv) and argv[i + 1] not in _WORKSHOP_COMMANDS:
            return [*argv[: i + 1], "view", *argv[i + 1:]]
        return argv
    return argv


# -- parser ----------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    from . import cli_workshop as workshop_cli

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--rules", metavar="DIR", help="use the ruleset in DIR instead of the default one")
    common.add_argument("--language", metavar="CODE", help="language of the output (default: the ruleset's)")
    out = argparse.ArgumentParser(add_help=False)
    out.add_argument("-o", "--output", metavar="FILE",
                     help="write to FILE instead of stdout (`-`: stdout); never one of the command's inputs")

    parser = argparse.ArgumentParser(
        prog="advisor",
        description="Should you build a Sales Operations team, a Revenue Operations team, or both?",
        epilog="Exit codes: 0 ok, 1 `rules test` found failing cases (or the questionnaire crashed; answers "
               "saved), 2 usage error or an output that would overwrite an input, 3 invalid ruleset, answers "
               "or report template, 4 a file (or stdout) cannot be read or written, 129/130/143 the "
               "questionnaire was stopped by SIGHUP/SIGINT/SIGTERM (answers saved).")
    parser.add_argument("--version", action="version", version=f"advisor {__version__}")
    parser.add_argument("--answers", metavar="FILE",
                        help="open the questionnaire with the answers in FILE (without a command)")
    parser.add_argument("--rules", metavar="DIR", dest="top_rules",
                        help="the ruleset for the questionnaire (without a command)")
    parser.add_argument("--workshop", metavar="DIR",
                        help="answer as one participant of the workshop in DIR (without a command)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("evaluate", parents=[common, out], help="evaluate an answers file and print the report",
                       description="Evaluate an answers file (YAML or JSON) and write the report.")
    p.add_argument("answers", metavar="ANSWERS", help="the answers file")
    p.add_argument("--format", choices=("markdown", "json", "html", "pdf"), default="markdown",
                   help="report format (default: markdown; pdf needs the pdf extra)")
    p.add_argument("--date", type=_date,
                   help="date printed on the report, YYYY-MM-DD (default: the answers file's, or today)")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("template", parents=[common, out], help="write a commented answers file to fill in",
                       description="Write an answers file with every question, its options and why we ask it.")
    p.add_argument("--date", type=_date, help="date to put in the file, YYYY-MM-DD")
    p.add_argument("-f", "--force", action="store_true",
                   help="replace FILE if it exists (by default an existing file is kept: it may hold your answers)")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("questions", parents=[common, out], help="print the questionnaire",
                       description="Print every question with its options and why it is asked.")
    p.set_defaults(func=cmd_questions)

    report_format = argparse.ArgumentParser(add_help=False)
    report_format.add_argument("--format", choices=("markdown", "md", "json", "html", "pdf"), default="markdown",
                               help="report format (default: markdown; pdf needs the pdf extra)")
    report_format.add_argument("--date", type=_date,
                               help="date printed on the report, YYYY-MM-DD (default: the workshop's, or today)")

    workshop = sub.add_parser(
        "workshop", help="run a workshop: several people answer, one pooled recommendation",
        description="A workshop is a folder: workshop.yaml and one answers file per participant. "
                    "`advisor workshop DIR` (short for `advisor workshop view DIR`) follows the room live.",
        epilog="Participants answer with `advisor --workshop DIR`, or mail in an answers file to put in DIR.")
    workshop_sub = workshop.add_subparsers(dest="workshop_command", metavar="COMMAND")
    workshop_sub.required = True
    p = workshop_sub.add_parser("new", parents=[common], help="create a workshop folder",
                                description="Create a workshop folder with its workshop.yaml.")
    p.add_argument("dir", metavar="DIR", help="the workshop folder (created if it does not exist)")
    p.add_argument("--company", required=True, metavar="NAME", help="the company the workshop is about")
    p.add_argument("--title", metavar="TEXT", help="a title for the workshop, e.g. \"Q1 planning\"")
    p.add_argument("--date", type=_date, help="the workshop's date, YYYY-MM-DD (default: today)")
    p.add_argument("--notes", metavar="TEXT", help="facilitator's notes, printed in the report")
    p.add_argument("--roles-only", action="store_true",
                   help="show participants by role only, never by name (in the view and the report)")
    p.set_defaults(func=workshop_cli.cmd_workshop_new)
    p = workshop_sub.add_parser("view", parents=[common], help="the live facilitator view (the default)",
                                description="Follow the workshop live: who is in, the pooled result and "
                                            "where people disagree.")
    p.add_argument("dir", metavar="DIR", help="the workshop folder")
    p.set_defaults(func=workshop_cli.cmd_workshop_view)
    p = workshop_sub.add_parser("report", parents=[common, out, report_format], help="write the workshop report",
                                description="Write the workshop report: the pooled recommendation, each "
                                            "participant's result, and the disagreements that matter.")
    p.add_argument("dir", metavar="DIR", help="the workshop folder")
    p.set_defaults(func=workshop_cli.cmd_workshop_report)

    p = sub.add_parser("compare", parents=[common, out, report_format],
                       help="the workshop report for loose answers files",
                       description="Compare several answers files of one company, as a workshop report.")
    p.add_argument("answers", nargs="+", metavar="ANSWERS", help="the participants' answers files")
    p.add_argument("--company", metavar="NAME", help="the company (default: the one the files name)")
    p.add_argument("--title", metavar="TEXT", help="a title for the report")
    p.add_argument("--roles-only", action="store_true", help="show participants by role only, never by name")
    p.set_defaults(func=workshop_cli.cmd_compare)

    p = sub.add_parser("serve", help="serve the questionnaire to browsers (one session per tab)",
                       description="Serve the questionnaire to browsers: open the printed link (it carries "
                                   "this launch's access token). Binds to 127.0.0.1 unless --host says otherwise.")
    p.add_argument("--workshop", metavar="DIR", help="every browser answers as a participant of this workshop")
    p.add_argument("--rules", metavar="DIR", help="use the ruleset in DIR instead of the default one")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0: every network)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument("--max-sessions", type=int, default=50, metavar="N",
                   help="at most N browser sessions at once (default: 50)")
    p.add_argument("--qr", choices=("auto", "always", "never"), default="auto",
                   help="print the link as a QR code too, for phones: auto (default) when the server is "
                        "reachable from other machines and the output is a terminal")
    p.set_defaults(func=workshop_cli.cmd_serve)

    from .cli_config import add_parser as add_config_parser  # `advisor config`: the preferences file

    add_config_parser(sub)
    from .cli_sessions import add_parser as add_sessions_parser  # `advisor sessions`: the saved sessions
    add_sessions_parser(sub)

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
    from .outputs import GuardedStdout

    stdout = GuardedStdout.install()
    try:
        return _main(argv)
    finally:
        if stdout.failed:
            stdout.silence()
        stdout.uninstall()


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    argv = _default_workshop_command(list(sys.argv[1:] if argv is None else argv))
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit:
            sys.stdout.flush()  # --help or --version: failing to print them is an error too
            raise
        if not getattr(args, "func", None):
            args.func = cmd_questionnaire
        code = int(args.func(args))
        sys.stdout.flush()  # a full or closed stdout shows here, not in the interpreter's last flush
        return code
    except AdvisorError as exc:
        print(f"advisor: error: {strip_controls(str(exc))}", file=sys.stderr)
        return _error_code(exc)
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
