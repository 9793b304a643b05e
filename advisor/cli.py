"""The ``advisor`` command line: a thin shell over the decision core.

Subcommands parse arguments, call the core, and write the result to stdout
or ``-o FILE``; diagnostics go to stderr. Every user error maps to a
documented exit code (``ExitCode``) and a message, never a traceback. No
subcommand imports Textual.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import AdvisorError, AnswersError, ExitCode, ExportError, FileAccessError, OutputRefused, RulesetError
from .texts import t

if TYPE_CHECKING:
    from .cli_parser import Parser
    from .model import Ruleset


def _error_code(exc: AdvisorError) -> ExitCode:
    code = getattr(exc, "exit_code", None)  # an error that says its own (LanguageError: a usage error)
    if isinstance(code, ExitCode):
        return code
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

    write_text(output or "-", text, inputs=inputs, replace=replace, replace_hint=t("cli.force_hint"))


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
        raise argparse.ArgumentTypeError(t("cli.date_expected", value=repr(value))) from None


# -- subcommands ---------------------------------------------------------------------------

def cmd_questionnaire(args: argparse.Namespace) -> int:
    """`advisor` alone: the interactive questionnaire (the only path that loads Textual)."""
    from .loader import load_ruleset
    from .resources import default_rules

    answers = getattr(args, "answers", None)
    if answers is not None and args.workshop is not None:
        raise OutputRefused(t("cli.top.both"))
    if answers is not None:
        from .inputs import input_file_problem

        reason = input_file_problem(answers)  # a pipe or a device is refused here, not read by the app
        if reason:
            raise FileAccessError(t("cli.cannot_read", file=answers, reason=reason))
    ruleset = load_ruleset(args.top_rules or default_rules(), with_cases=False)
    _check_language(args, ruleset)  # an answers file's or a session's own language is the app's to apply
    info = None
    if args.workshop is not None:  # a missing or broken workshop says so before anything else
        from .workshop.folder import read_workshop

        info = read_workshop(args.workshop, ruleset)
        _warn(info.warnings)
    if not (sys.stdin.isatty() and sys.stdout.isatty()) and not _web_driver():
        print(f"advisor: {t('app.no_terminal')}", file=sys.stderr)
        return ExitCode.USAGE
    from .ui.app import run

    speak = {"language": args.language, "language_fixed": args.language_fixed}
    if info is not None:
        return run(ruleset, None, workshop=Path(args.workshop), info=info, **speak)
    return run(ruleset, Path(answers) if answers else None, **speak)


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
        print(t("cli.warning", prog="advisor", message=str(warning)), file=sys.stderr)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .answers import load_answers
    from .engine import evaluate, what_would_change
    from .report import build_report, render

    ruleset = _ruleset(args)
    meta = load_answers(args.answers, ruleset)
    _warn(meta.warnings)
    _check_language(args, ruleset, meta.language)
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


def _check_language(args: argparse.Namespace, ruleset: Ruleset, answers: str | None = None) -> str:
    """The language to speak (advisor/language.py: --language, the answers file's, ADVISOR_LANG, the
    preferences, the locale, English), kept in ``args.language``; a language not offered is exit 2."""
    from .config import load
    from .language import choose
    from .texts import set_language

    config = load()
    choice = choose(ruleset.languages, option=getattr(args, "language", None), answers=answers,
                    config=config.language if not config.is_default("language") else None,
                    default=ruleset.default_language)
    args.language = choice.language
    args.language_fixed = choice.source == "option"
    set_language(choice.language)  # the app's own words (and the command line's, where it has them)
    return choice.language


def cmd_template(args: argparse.Namespace) -> int:
    from .schemas import location
    from .textout import answers_template

    ruleset = _ruleset(args)
    _check_language(args, ruleset)
    # The installed schema's file URI: it works at once in the editor of whoever runs this (see docs/rules.md).
    text = answers_template(ruleset, args.language, args.date or "", schema=location("answers"))
    write_output(text, args.output, inputs=_inputs(args), replace=args.force)
    return ExitCode.OK


def cmd_questions(args: argparse.Namespace) -> int:
    from .textout import questions_text

    ruleset = _ruleset(args)
    _check_language(args, ruleset)
    write_output(questions_text(ruleset, args.language), args.output, inputs=_inputs(args))
    return ExitCode.OK


def cmd_rules_check(args: argparse.Namespace) -> int:
    ruleset = _ruleset(args, args.dir, with_cases=True)
    print(t("cli.rules.check.ok", path=ruleset.path, id=ruleset.id, version=ruleset.version, hash=ruleset.hash,
            questions=len(ruleset.questions), rules=len(ruleset.rules), decisions=len(ruleset.policy.decisions),
            cases=len(ruleset.cases), salesops=ruleset.max_scores["salesops"],
            revops=ruleset.max_scores["revops"]))
    return ExitCode.OK


def cmd_rules_test(args: argparse.Namespace) -> int:
    from .casetest import run_cases

    ruleset = _ruleset(args, args.dir, with_cases=True)
    report = run_cases(ruleset)
    cases_file = Path(ruleset.path) / "cases.yaml"
    for outcome in report.outcomes:
        if outcome.passed:
            if args.verbose:
                print(t("cli.rules.test.passed", case=outcome.case.id))
            continue
        for failure in outcome.failures:
            print(t("cli.rules.test.failed", case=outcome.case.id, file=cases_file, line=outcome.case.line,
                    failure=failure))
    coverage = [("never_fired", report.rules_never_fired), ("never_read", report.questions_never_read),
                ("never_cited", report.criteria_never_cited), ("never_taken", report.decisions_never_taken)]
    for label, items in coverage:
        if items:
            print(t("cli.rules.test.coverage", label=t(f"cli.rules.test.{label}"), items=", ".join(items)))
    passed = len(report.outcomes) - len(report.failed)
    print(t("cli.rules.test.summary", passed=passed, failed=len(report.failed)))
    return ExitCode.CASES_FAILED if report.failed else ExitCode.OK


_TOP_OPTIONS_WITH_VALUE = ("--answers", "--rules", "--workshop", "--language")
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
    """The parser, speaking the language set with ``advisor.texts.set_language`` (``_main`` sets it first).

    Here only the top level and each command's one-line help: a command's
    parser is lazy (``cli_parser.Parser``'s ``fill``), built, with the module
    that holds its arguments, only when argparse parses that command or
    shows its help. So ``advisor evaluate`` builds the parser of evaluate
    and of nothing else (some 6 ms less of imports and parsers a run).
    """
    from .cli_parser import Parser

    parser = Parser(prog="advisor", description=t("cli.top.description"), epilog=t("cli.top.epilog"))
    parser.add_argument("--version", action="version", version=f"advisor {__version__}",
                        help=t("cli.argparse.version"))
    parser.add_argument("--answers", metavar="FILE", help=t("cli.top.answers"))
    parser.add_argument("--rules", metavar="DIR", dest="top_rules", help=t("cli.top.rules"))
    parser.add_argument("--workshop", metavar="DIR", help=t("cli.top.workshop"))
    parser.add_argument("--language", metavar="CODE", dest="top_language", help=t("cli.top.language"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("evaluate", help=t("cli.evaluate.help"), fill=_fill_evaluate)
    sub.add_parser("template", help=t("cli.template.help"), fill=_fill_template)
    sub.add_parser("questions", help=t("cli.questions.help"), fill=_fill_questions)
    sub.add_parser("workshop", help=t("cli.workshop.help"), fill=_fill_workshop)
    sub.add_parser("compare", help=t("cli.compare.help"), fill=_fill_compare)
    sub.add_parser("serve", help=t("cli.serve.help"), fill=_fill_serve)
    sub.add_parser("config", help=t("cli.config.help"), fill=_fill_config)
    sub.add_parser("diff", help=t("cli.diff.help"), fill=_fill_diff)
    sub.add_parser("sessions", help=t("cli.sessions.help"), fill=_fill_sessions)
    sub.add_parser("batch", help=t("cli.batch.help"), fill=_fill_batch)
    sub.add_parser("schema", help=t("cli.schema.help"), fill=_fill_schema)
    sub.add_parser("rules", help=t("cli.rules.help"), fill=_fill_rules)
    return parser


def add_common_options(p: argparse.ArgumentParser) -> None:
    """--rules and --language, as most commands take them (first, after -h)."""
    p.add_argument("--rules", metavar="DIR", help=t("cli.common.rules"))
    p.add_argument("--language", metavar="CODE", help=t("cli.common.language"))


def add_output_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", metavar="FILE", help=t("cli.common.output"))


def add_report_options(p: argparse.ArgumentParser) -> None:
    """--format and --date of the reports of several answers files (workshop report, compare)."""
    p.add_argument("--format", choices=("markdown", "md", "json", "html", "pdf"), default="markdown",
                   help=t("cli.common.format"))
    p.add_argument("--date", type=_date, help=t("cli.common.report_date"))


def _fill_evaluate(p: Parser) -> None:
    p.description = t("cli.evaluate.description")
    add_common_options(p)
    add_output_option(p)
    p.add_argument("answers", metavar="ANSWERS", help=t("cli.evaluate.answers"))
    p.add_argument("--format", choices=("markdown", "json", "html", "pdf"), default="markdown",
                   help=t("cli.common.format"))
    p.add_argument("--date", type=_date, help=t("cli.evaluate.date"))
    p.set_defaults(func=cmd_evaluate)


def _fill_template(p: Parser) -> None:
    p.description = t("cli.template.description")
    add_common_options(p)
    add_output_option(p)
    p.add_argument("--date", type=_date, help=t("cli.template.date"))
    p.add_argument("-f", "--force", action="store_true", help=t("cli.template.force"))
    p.set_defaults(func=cmd_template)


def _fill_questions(p: Parser) -> None:
    p.description = t("cli.questions.description")
    add_common_options(p)
    add_output_option(p)
    p.set_defaults(func=cmd_questions)


def _fill_rules(p: Parser) -> None:
    p.description = t("cli.rules.description")
    commands = p.add_subparsers(dest="rules_command", metavar="COMMAND")
    commands.required = True
    commands.add_parser("check", help=t("cli.rules.check.help"), fill=_fill_rules_check)
    commands.add_parser("test", help=t("cli.rules.test.help"), fill=_fill_rules_test)
    commands.add_parser("new", help=t("cli.schema.new.help"), fill=_fill_rules_new)


def _fill_rules_check(p: Parser) -> None:
    p.description = t("cli.rules.check.description")
    add_common_options(p)
    p.add_argument("dir", nargs="?", metavar="DIR", help=t("cli.rules.dir"))
    p.set_defaults(func=cmd_rules_check)


def _fill_rules_test(p: Parser) -> None:
    p.description = t("cli.rules.test.description")
    add_common_options(p)
    p.add_argument("dir", nargs="?", metavar="DIR", help=t("cli.rules.dir"))
    p.add_argument("-v", "--verbose", action="store_true", help=t("cli.rules.test.verbose"))
    p.set_defaults(func=cmd_rules_test)


# The commands whose arguments live in their own module: imported only when that command is parsed.

def _fill_workshop(p: Parser) -> None:
    from .cli_workshop import fill_workshop
    fill_workshop(p)


def _fill_compare(p: Parser) -> None:
    from .cli_workshop import fill_compare
    fill_compare(p)


def _fill_serve(p: Parser) -> None:
    from .cli_workshop import fill_serve
    fill_serve(p)


def _fill_config(p: Parser) -> None:
    from .cli_config import fill_parser  # `advisor config`: the preferences file
    fill_parser(p)


def _fill_diff(p: Parser) -> None:
    from .cli_diff import fill_parser  # `advisor diff`: two assessments of one company
    fill_parser(p)


def _fill_sessions(p: Parser) -> None:
    from .cli_sessions import fill_parser  # `advisor sessions`: the saved sessions
    fill_parser(p)


def _fill_batch(p: Parser) -> None:
    from .cli_batch import fill_parser  # `advisor batch`: score a survey export
    fill_parser(p)


def _fill_schema(p: Parser) -> None:
    from .cli_schema import fill_parser  # `advisor schema`: JSON Schemas for editors
    fill_parser(p)


def _fill_rules_new(p: Parser) -> None:
    from .cli_schema import fill_rules_new  # `advisor rules new`: a ruleset of one's own to edit
    fill_rules_new(p)


def main(argv: Sequence[str] | None = None) -> int:
    from .outputs import GuardedStdout

    # A command is a short process. The garbage collector's passes over the objects that imports
    # and loading leave behind (none of them garbage) cost `advisor evaluate` some 20 ms of ~160,
    # and find nothing: our data has no reference cycles to free. So it is off while a command
    # runs; what runs long turns it back on: the app once its first screen is painted
    # (advisor/ui/idle.py), the facilitator view, `serve` and `batch` (``collect_garbage``).
    collecting = gc.isenabled()
    gc.disable()
    stdout = GuardedStdout.install()
    try:
        return _main(argv)
    finally:
        if stdout.failed:
            stdout.silence()
        stdout.uninstall()
        if collecting:  # called in-process (tests): leave the collector as it was
            gc.enable()


def collect_garbage() -> None:
    """Turn the garbage collector back on (``main`` turns it off): for a command that runs long."""
    gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    from .cli_parser import early_language
    from .language import check as check_language
    from .texts import set_language

    argv = _default_workshop_command(list(sys.argv[1:] if argv is None else argv))
    set_language(early_language(argv))  # help and usage errors speak it; a command settles it after parsing
    parser = build_parser()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit:
            sys.stdout.flush()  # --help or --version: failing to print them is an error too
            raise
        if not getattr(args, "func", None):
            args.func = cmd_questionnaire
        # --language before the command or after it (argparse would let a subcommand's default hide the first).
        args.language = getattr(args, "language", None) or args.top_language
        if args.language:  # one the advisor does not offer is refused by every command, with the list
            check_language(args.language, "--language")
        code = int(args.func(args))
        sys.stdout.flush()  # a full or closed stdout shows here, not in the interpreter's last flush
        return code
    except AdvisorError as exc:
        from .language import LanguageError

        message = t(f"cli.language_{exc.kind}", **exc.values) \
            if isinstance(exc, LanguageError) and exc.kind else str(exc)
        print(t("cli.error", prog="advisor", message=message), file=sys.stderr)
        return _error_code(exc)
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
