"""The command line's workshop and browser commands: `workshop new|view|report`, `compare`, `serve`.

Kept apart from ``advisor.cli`` (the top-level parser, the single-respondent
commands and the error handling) so that each file holds one job: the
parser there lists these commands, and fills their parsers from here when
one of them is parsed (``fill_workshop``, ``fill_compare``, ``fill_serve``).
Like every command, these never import Textual except to run the
facilitator view.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .cli import (
    _check_language,
    _date,
    _inputs,
    _ruleset,
    _warn,
    add_common_options,
    add_output_option,
    add_report_options,
    collect_garbage,
    write_report,
)
from .errors import ExitCode, FileAccessError, OutputRefused
from .texts import t

if TYPE_CHECKING:
    from .cli_parser import Parser


def fill_workshop(p: Parser) -> None:
    """`advisor workshop`'s parser: its commands, each filled when parsed."""
    p.description = t("cli.workshop.description")
    p.epilog = t("cli.workshop.epilog")
    commands = p.add_subparsers(dest="workshop_command", metavar="COMMAND")
    commands.required = True
    commands.add_parser("new", help=t("cli.workshop.new.help"), fill=_fill_new)
    commands.add_parser("view", help=t("cli.workshop.view.help"), fill=_fill_view)
    commands.add_parser("report", help=t("cli.workshop.report.help"), fill=_fill_report)


def _fill_new(p: Parser) -> None:
    p.description = t("cli.workshop.new.description")
    add_common_options(p)
    p.add_argument("dir", metavar="DIR", help=t("cli.workshop.new.dir"))
    p.add_argument("--company", required=True, metavar="NAME", help=t("cli.workshop.new.company"))
    p.add_argument("--title", metavar="TEXT", help=t("cli.workshop.new.title"))
    p.add_argument("--date", type=_date, help=t("cli.workshop.new.date"))
    p.add_argument("--notes", metavar="TEXT", help=t("cli.workshop.new.notes"))
    p.add_argument("--roles-only", action="store_true", help=t("cli.workshop.new.roles_only"))
    p.set_defaults(func=cmd_workshop_new)


def _fill_view(p: Parser) -> None:
    p.description = t("cli.workshop.view.description")
    add_common_options(p)
    p.add_argument("dir", metavar="DIR", help=t("cli.workshop.dir"))
    p.set_defaults(func=cmd_workshop_view)


def _fill_report(p: Parser) -> None:
    p.description = t("cli.workshop.report.description")
    add_common_options(p)
    add_output_option(p)
    add_report_options(p)
    p.add_argument("dir", metavar="DIR", help=t("cli.workshop.dir"))
    p.set_defaults(func=cmd_workshop_report)


def fill_compare(p: Parser) -> None:
    """`advisor compare`'s parser."""
    p.description = t("cli.compare.description")
    add_common_options(p)
    add_output_option(p)
    add_report_options(p)
    p.add_argument("answers", nargs="+", metavar="ANSWERS", help=t("cli.compare.answers"))
    p.add_argument("--company", metavar="NAME", help=t("cli.compare.company"))
    p.add_argument("--title", metavar="TEXT", help=t("cli.compare.title"))
    p.add_argument("--roles-only", action="store_true", help=t("cli.compare.roles_only"))
    p.set_defaults(func=cmd_compare)


def fill_serve(p: Parser) -> None:
    """`advisor serve`'s parser."""
    p.description = t("cli.serve.description")
    p.add_argument("--workshop", metavar="DIR", help=t("cli.serve.workshop"))
    p.add_argument("--rules", metavar="DIR", help=t("cli.common.rules"))
    p.add_argument("--host", default="127.0.0.1", help=t("cli.serve.host"))
    p.add_argument("--port", type=int, default=8000, help=t("cli.serve.port"))
    p.add_argument("--max-sessions", type=int, default=50, metavar="N", help=t("cli.serve.max_sessions"))
    p.add_argument("--qr", choices=("auto", "always", "never"), default="auto", help=t("cli.serve.qr"))
    p.set_defaults(func=cmd_serve)


def cmd_workshop_new(args: argparse.Namespace) -> int:
    from .workshop.folder import WORKSHOP_FILE, create_workshop

    ruleset = _ruleset(args)
    if not args.company.strip():
        raise OutputRefused(t("cli.workshop.new.empty_company"))
    info = create_workshop(Path(args.dir), ruleset, company=args.company, title=args.title or "",
                           date=args.date or "", show_names=not args.roles_only, notes=args.notes or "")
    print(t("cli.workshop.new.created", file=info.folder / WORKSHOP_FILE, company=info.company, dir=args.dir))
    return ExitCode.OK


def cmd_workshop_view(args: argparse.Namespace) -> int:
    """`advisor workshop DIR`: the live facilitator view (Textual)."""
    collect_garbage()  # it runs as long as the workshop does (cli.main)
    from .workshop.folder import read_workshop

    ruleset = _ruleset(args)
    _check_language(args, ruleset)
    info = read_workshop(args.dir, ruleset)
    _warn(info.warnings)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(f"advisor: {t('cli.workshop.view.no_terminal', dir=args.dir)}", file=sys.stderr)
        return ExitCode.USAGE
    from .ui.facilitator import run_facilitator

    return run_facilitator(ruleset, Path(args.dir), info, language=args.language)


def cmd_workshop_report(args: argparse.Namespace) -> int:
    from .workshop.analysis import analyse
    from .workshop.folder import read_participants, read_workshop
    from .workshop.report import build_workshop_report, render_workshop

    ruleset = _ruleset(args)
    _check_language(args, ruleset)
    folder = Path(args.dir)
    info = read_workshop(folder, ruleset)
    _warn(info.warnings)
    participants = read_participants(folder, ruleset)
    workshop = analyse(ruleset, info, participants)
    report = build_workshop_report(ruleset, workshop, date=args.date or info.date or _today(), language=args.language)
    # A report written into the folder earlier is not a participant's file, and may be replaced.
    inputs = _inputs(args, folder / "workshop.yaml", *(folder / p.file for p in participants), reports=True)
    write_report(lambda fmt: render_workshop(report, fmt), args.format, args.output, inputs=inputs)
    return ExitCode.OK


def cmd_compare(args: argparse.Namespace) -> int:
    """`advisor compare A B ...`: the workshop report for loose answers files."""
    from .inputs import input_file_problem
    from .workshop.analysis import analyse
    from .workshop.folder import WorkshopInfo, read_participant
    from .workshop.report import build_workshop_report, render_workshop

    ruleset = _ruleset(args)
    _check_language(args, ruleset)
    participants = []
    seen: set[Path] = set()
    for name in args.answers:
        path = Path(name)
        if path.resolve() in seen:
            raise OutputRefused(t("cli.compare.twice", file=name))
        seen.add(path.resolve())
        reason = input_file_problem(path)
        if reason:
            raise FileAccessError(t("cli.cannot_read", file=name, reason=reason))
        participant = read_participant(path, ruleset, file=name)
        if participant is not None:
            participants.append(participant)
    companies = sorted({p.company for p in participants if p.company})
    info = WorkshopInfo(Path("."), args.company or (companies[0] if len(companies) == 1 else ""),
                        args.title or "", args.date or "", show_names=not args.roles_only)
    workshop = analyse(ruleset, info, participants)
    report = build_workshop_report(ruleset, workshop, date=args.date or _today(), language=args.language)
    write_report(lambda fmt: render_workshop(report, fmt), args.format, args.output,
                 inputs=_inputs(args, *args.answers, reports=True))
    return ExitCode.OK


def _today() -> str:
    return _dt.date.today().isoformat()


def cmd_serve(args: argparse.Namespace) -> int:
    """`advisor serve`: the questionnaire in browsers, one session per tab (textual-serve)."""
    collect_garbage()  # a server runs long (cli.main)
    from .loader import load_ruleset
    from .resources import default_rules

    if args.max_sessions < 1:
        raise OutputRefused(t("cli.serve.bad_max_sessions", found=args.max_sessions))
    if not 0 < args.port < 65536:
        raise OutputRefused(t("cli.serve.bad_port", found=args.port))
    ruleset = load_ruleset(args.rules or default_rules(), with_cases=False)  # a broken ruleset fails here, once
    language = _check_language(args, ruleset)
    title = ruleset.name(language)
    workshop = Path(args.workshop) if args.workshop else None
    if workshop is not None:
        from .workshop.folder import read_workshop

        info = read_workshop(workshop, ruleset)
        _warn(info.warnings)
        title = info.title or info.company
    try:
        from .serve import serve
    except ImportError as exc:  # pragma: no cover - textual-serve is a dependency; a broken install says so
        raise FileAccessError(t("cli.serve.no_server", reason=exc)) from None
    return serve(host=args.host, port=args.port, max_sessions=args.max_sessions, workshop=workshop,
                 rules=Path(args.rules) if args.rules else None, title=title, qr=args.qr,
                 language=args.language if args.language_fixed else None)  # named: every session speaks it
