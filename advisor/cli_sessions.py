"""`advisor sessions`: list the questionnaire's saved sessions, find one, or move one to the trash.

``advisor sessions`` (or ``sessions list``) prints a table without paths:
each session's ID (its file name without ``.yaml``), company, name, how
many questions are answered, when it last changed and whether it is
finished. ``sessions path [ID]`` prints the sessions folder or one
session's file; ``sessions delete ID`` moves the file to the trash
(``SessionStore.discard``), asking nothing, and says where it went. An ID
may be shortened to any unique beginning. An unknown ID is exit 4, like a
missing file; one that fits several sessions is a usage error (exit 2).
No Textual.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .cli import _ruleset
from .errors import ExitCode, FileAccessError, did_you_mean
from .plaintext import one_line, strip_controls
from .resources import TRASH_DAYS
from .texts import t

if TYPE_CHECKING:
    from .cli_parser import Parser
    from .session import SessionStore, SessionSummary

COLUMN_MAX = 30  # a company or a name longer than this is cut, so the table stays a table
_COLUMNS = ("id", "updated", "answered", "state", "company", "name")  # headings: cli.sessions.column_<name>


def fill_parser(p: Parser) -> None:
    """`advisor sessions`'s parser (``advisor.cli`` lists the command): its commands, each filled when parsed."""
    p.description = t("cli.sessions.description")
    p.epilog = t("cli.sessions.epilog", days=TRASH_DAYS)
    p.add_argument("--rules", metavar="DIR", help=t("cli.sessions.rules"))
    p.set_defaults(func=cmd_sessions_list)
    commands = p.add_subparsers(dest="sessions_command", metavar="COMMAND")
    commands.add_parser("list", help=t("cli.sessions.list.help"), fill=_fill_list)
    commands.add_parser("path", help=t("cli.sessions.path.help"), fill=_fill_path)
    commands.add_parser("delete", help=t("cli.sessions.delete.help"), fill=_fill_delete)


def _fill_list(p: Parser) -> None:
    p.description = t("cli.sessions.list.description")
    # SUPPRESS: `advisor sessions --rules DIR list` keeps the DIR given before the command.
    p.add_argument("--rules", metavar="DIR", default=argparse.SUPPRESS, help=t("cli.sessions.rules"))
    p.set_defaults(func=cmd_sessions_list)


def _fill_path(p: Parser) -> None:
    p.description = t("cli.sessions.path.description")
    p.add_argument("id", nargs="?", metavar="ID", help=t("cli.sessions.id"))
    p.set_defaults(func=cmd_sessions_path)


def _fill_delete(p: Parser) -> None:
    p.description = t("cli.sessions.delete.description", days=TRASH_DAYS)
    p.add_argument("id", metavar="ID", help=t("cli.sessions.id"))
    p.set_defaults(func=cmd_sessions_delete)


def cmd_sessions_list(args: argparse.Namespace) -> int:
    from .session import SessionStore

    store = SessionStore()
    summaries = store.summaries(_ruleset(args))
    if not summaries:
        print(f"advisor: {t('cli.sessions.none')}", file=sys.stderr)
        return ExitCode.OK
    print(sessions_table(summaries), end="")
    return ExitCode.OK


def sessions_table(summaries: list[SessionSummary]) -> str:
    """The table `advisor sessions` prints: one row per session, no paths; the text of the files as plain text."""
    rows = [tuple(t(f"cli.sessions.column_{column}") for column in _COLUMNS)]
    for s in summaries:
        rows.append((s.path.stem, f"{s.updated:%Y-%m-%d %H:%M}",
                     t("cli.sessions.answered", answered=s.answered, total=s.total),
                     t("cli.sessions.finished" if s.finished else "cli.sessions.unfinished"),
                     _cell(s.company), _cell(s.respondent)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() + "\n"
                   for row in rows)


def _cell(text: str) -> str:
    text = one_line(strip_controls(text)) or "-"
    return text if len(text) <= COLUMN_MAX else text[: COLUMN_MAX - 1] + "…"


def cmd_sessions_path(args: argparse.Namespace) -> int:
    from .session import SessionStore

    store = SessionStore()
    if args.id is None:
        print(store.folder)
        return ExitCode.OK
    path = _session_file(store, args.id)
    if path is None:
        return ExitCode.USAGE
    print(path)
    return ExitCode.OK


def cmd_sessions_delete(args: argparse.Namespace) -> int:
    from .session import SessionStore

    store = SessionStore()
    path = _session_file(store, args.id)
    if path is None:
        return ExitCode.USAGE
    target = store.discard(path)
    if target is None:  # gone since it was found
        raise FileAccessError(t("cli.sessions.unknown", id=one_line(args.id)))
    print(t("cli.sessions.moved", id=path.stem, target=target, days=TRASH_DAYS))
    return ExitCode.OK


def _session_file(store: SessionStore, ident: str) -> Path | None:
    """The session file named by ``ident`` (an ID or a unique beginning of one); None after saying it is
    ambiguous; FileAccessError if no session has it. Only files of the store's folder can match."""
    wanted = ident.removesuffix(".yaml")
    files = {path.stem: path for path in store.files()}
    if wanted in files:
        return files[wanted]
    matches = sorted(stem for stem in files if wanted and stem.startswith(wanted))
    if len(matches) == 1:
        return files[matches[0]]
    shown = one_line(ident)
    if matches:
        ids = ", ".join(matches[:5]) + (", ..." if len(matches) > 5 else "")
        message = t("cli.sessions.ambiguous", id=shown, count=len(matches), ids=ids)
        print(t("cli.error", prog="advisor", message=message), file=sys.stderr)
        return None
    hint = did_you_mean(wanted, files)
    raise FileAccessError(t("cli.sessions.unknown_hint", id=shown, hint=hint) if hint
                          else t("cli.sessions.unknown", id=shown))
