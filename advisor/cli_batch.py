"""`advisor batch`: score every row of a survey export, or guess a first map for one.

``advisor batch RESPONSES --map MAP [-o OUT] [--rejects FILE]`` writes one
output row per input row (CSV, or JSON Lines for ``--format jsonl`` or an
``-o`` ending in ``.jsonl``) and, on stderr, a summary in the command line's
language: rows, verdicts, the first rejected rows. Exit 0 when every row
scored, 3 when any was rejected (or the map or the file cannot be used at
all). ``advisor batch --make-map RESPONSES [-o MAP]`` writes a map to check.
The core is ``advisor.batch``; this module only parses, opens and reports.
A progress bar is drawn on stderr only when stderr is a terminal. No Textual.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from typing import TYPE_CHECKING, Any, TextIO

from .batch import BatchError
from .batch.rows import MAX_ROW_BYTES, CsvRows, JsonlRows, Lines, is_jsonl, open_rows, read_rows
from .errors import AdvisorError, Diagnostic, ExitCode
from .inputs import number_text
from .plaintext import one_line
from .texts import t

if TYPE_CHECKING:
    from .batch.run import Summary
    from .cli_parser import Parser
    from .model import Ruleset


class BatchUsageError(AdvisorError):
    """Options that do not go together: a usage error (exit 2)."""

    exit_code = ExitCode.USAGE


def _says(key: str, **values: Any) -> str:
    return t(f"cli.batch.{key}", **values)


def fill_parser(p: Parser) -> None:
    """`advisor batch`'s parser (``advisor.cli`` lists the command)."""
    p.description = _says("description")
    p.epilog = _says("epilog")
    p.add_argument("responses", metavar="RESPONSES", help=_says("responses"))
    p.add_argument("--map", metavar="MAP", help=_says("map"))
    p.add_argument("--make-map", action="store_true", help=_says("make_map"))
    p.add_argument("-o", "--output", metavar="FILE", help=_says("output"))
    p.add_argument("--format", choices=("csv", "jsonl"), help=_says("format"))
    p.add_argument("--rejects", metavar="FILE", help=_says("rejects"))
    p.add_argument("--delimiter", metavar="CHAR", type=_delimiter, help=_says("delimiter"))
    p.add_argument("--max-row-bytes", metavar="N", type=_positive, default=MAX_ROW_BYTES,
                   help=_says("max_row_bytes", default=t("errors.files.mib", count=MAX_ROW_BYTES >> 20)))
    p.add_argument("-f", "--force", action="store_true", help=_says("force"))
    p.add_argument("--rules", metavar="DIR", help=t("cli.common.rules"))
    p.add_argument("--language", metavar="CODE", help=t("cli.common.language"))
    p.set_defaults(func=cmd_batch)


def _delimiter(value: str) -> str:
    named = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";"}
    found = named.get(value.lower(), value)
    if len(found) != 1 or found in "\"\r\n":
        raise argparse.ArgumentTypeError(_says("bad_delimiter", value=repr(value)))
    return found


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(_says("bad_count", value=repr(value)))
    return number


def cmd_batch(args: argparse.Namespace) -> int:
    from .cli import _check_language, _ruleset, collect_garbage

    collect_garbage()  # a batch may read millions of rows (cli.main)

    if args.make_map and args.map:
        raise BatchUsageError(_says("map_and_make_map"))
    if not args.make_map and not args.map:
        raise BatchUsageError(_says("no_map"))
    if args.rejects == "-" or (args.make_map and args.rejects):
        raise BatchUsageError(_says("rejects_stdout" if args.rejects == "-" else "rejects_make_map"))
    if args.output and args.rejects and os.path.abspath(args.output) == os.path.abspath(args.rejects):
        raise BatchUsageError(_says("same_outputs", path=args.output))
    ruleset = _ruleset(args)
    _check_language(args, ruleset)
    if args.make_map:
        return _make_map(args, ruleset)
    return _score(args, ruleset)


def _open(args: argparse.Namespace) -> tuple[Any, CsvRows | JsonlRows]:
    stream = open_rows(args.responses)
    try:
        rows = read_rows(stream, args.responses, jsonl=is_jsonl(args.responses), delimiter=args.delimiter,
                         max_row_bytes=args.max_row_bytes)
    except BaseException:
        stream.close()
        raise
    return stream, rows


def _score(args: argparse.Namespace, ruleset: Ruleset) -> int:
    from .batch.cells import bind, unseen
    from .batch.mapfile import load_map
    from .batch.run import Summary, score_rows
    from .batch.writers import CsvOutput, CsvRejects, JsonlOutput, JsonlRejects
    from .cli import _inputs, _warn
    from .outputs import streamed_output

    the_map = load_map(args.map, ruleset)
    _warn(the_map.warnings)
    fmt = args.format or ("jsonl" if args.output and is_jsonl(args.output) else "csv")
    inputs = _inputs(args, args.responses, args.map)
    stream, rows = _open(args)
    with stream:
        reader = bind(the_map, ruleset, rows.header, args.responses, delimiter=rows.delimiter, guess=rows.guess)
        summary = Summary(args.responses)
        progress = _Progress(rows.lines, _size(stream), sys.stderr) if sys.stderr.isatty() else None
        try:
            # Scores and rejects replace earlier ones, as reports do; an input is never written over.
            with streamed_output(args.output or "-", inputs=inputs) as out, \
                    (streamed_output(args.rejects, inputs=inputs) if args.rejects else contextlib.nullcontext()) as bad:
                writer = JsonlOutput(out) if fmt == "jsonl" else CsvOutput(out)
                rejects: Any = None
                if bad is not None:
                    rejects = JsonlRejects(bad) if rows.header is None else CsvRejects(bad, rows.header,
                                                                                      rows.delimiter)
                score_rows(ruleset, reader, rows, writer, rejects, summary, progress=progress)
        finally:
            if progress is not None:
                progress.clear()
    if rows.header is None:
        missing = unseen(reader, the_map)
        if missing and summary.rows:
            _warn([_says("unseen", path=args.responses, keys=", ".join(f"`{one_line(k)}`" for k in missing))])
    _report(summary, args.rejects)
    return ExitCode.INVALID if summary.rejected else ExitCode.OK


def _report(summary: Summary, rejects: str | None) -> None:
    counts = {key: number_text(value) for key, value in summary.outcomes.items()}
    key = "summary_one" if summary.rows == 1 else "summary"
    lines = [_says(key, path=summary.display, rows=number_text(summary.rows), scored=number_text(summary.scored),
                   rejected=number_text(summary.rejected))]
    if summary.scored:
        lines.append(_says("verdicts", **counts))
    if summary.problems:
        lines.append(_says("rejected_rows"))
        lines += [f"  {one_line(str(problem))}" for problem in summary.problems]
        more = summary.rejected - len(summary.problems)
        if more > 0:
            lines.append(_says("more_in", count=number_text(more), path=rejects) if rejects
                         else _says("more", count=number_text(more)))
    print("\n".join(lines), file=sys.stderr)


def _size(stream: Any) -> int:
    try:
        return os.fstat(stream.fileno()).st_size
    except (OSError, ValueError):
        return 0


class _Progress:
    """A progress bar on stderr (a terminal), redrawn at most five times a second, cleared at the end."""

    WIDTH = 24

    def __init__(self, lines: Lines, total: int, stream: TextIO) -> None:
        self.lines = lines
        self.total = total
        self.stream = stream
        self.start = self.last = time.monotonic()
        self.drawn = 0

    def __call__(self, rows: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.2:
            return
        self.last = now
        share = min(self.lines.offset / self.total, 1.0) if self.total else 0.0
        filled = int(share * self.WIDTH)
        rate = rows / max(now - self.start, 1e-9)
        text = "[" + "#" * filled + "-" * (self.WIDTH - filled) + "] " + _says(
            "progress", percent=number_text(round(share * 100)), rows=number_text(rows),
            rate=number_text(round(rate)))
        self.stream.write("\r" + text.ljust(self.drawn))
        self.stream.flush()
        self.drawn = len(text)

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * self.drawn + "\r")
            self.stream.flush()


def _make_map(args: argparse.Namespace, ruleset: Ruleset) -> int:
    from .batch.makemap import make_map, survey
    from .cli import _inputs, _warn, write_output
    from .schemas import location

    stream, rows = _open(args)
    with stream:
        if rows.header is not None and len(rows.header) < 2:
            raise BatchError(t("errors.files.cannot_load", path=args.responses),
                             [Diagnostic(args.responses, 1, 0, _says("one_column"), _says("one_column_hint"))])
        columns, skipped = survey(rows)
    text, guesses = make_map(ruleset, columns, os.path.basename(args.responses), args.language,
                             schema=location("map"))
    write_output(text, args.output, inputs=_inputs(args, args.responses), replace=args.force)
    if skipped:
        _warn([_says("skipped", count=number_text(skipped), path=args.responses)])
    unsure = sum(1 for guess in guesses for _ in guess.unsure)
    print(_says("made", matched=number_text(len(guesses)), total=number_text(len(ruleset.questions)),
                unsure=number_text(unsure), path=args.output or "-"), file=sys.stderr)
    return ExitCode.OK
