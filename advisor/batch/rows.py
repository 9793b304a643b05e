"""Streaming readers for survey exports: CSV and JSON Lines, one row at a time.

Nothing is held but the row being read: a file of a million rows takes the
memory of one. Each physical line is read with a byte limit (``max_row_bytes``,
1 MiB by default), so a line of a gigabyte is skipped by reading it in small
pieces, never whole, and becomes one rejected row. A row that cannot be read
(not UTF-8, the wrong number of cells, a line that is not a JSON object) is a
``BadRow`` the caller reports and counts; reading goes on with the next line.
Only what makes the whole file unusable (empty, not text, no header) is a
``BatchError``.

CSV: a header line is required; a UTF-8 byte order mark is dropped; the
delimiter is the one given or, failing that, whichever of ``, ; TAB |`` splits
the header into the most columns. JSON Lines: one object per line, each line
parsed alone; blank lines are skipped in both formats.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from typing import IO, Any

from ..errors import Diagnostic, FileAccessError
from ..inputs import MIB, input_file_problem, number_text
from ..plaintext import one_line
from ..texts import t
from . import BatchError

MAX_ROW_BYTES = MIB  # per row: a survey answer of a megabyte is a broken file, not an answer
DELIMITERS = (",", ";", "\t", "|")
_DRAIN = 1 << 16  # bytes read at a time while skipping the rest of a line over the limit
# What the first bytes of a file that is not text say it is (checked before decoding).
_SIGNATURES = ((b"PK\x03\x04", "zip"), (b"\xd0\xcf\x11\xe0", "xls"), (b"%PDF", "pdf"),
               (b"\xff\xfe", "utf16"), (b"\xfe\xff", "utf16"), (b"\x89PNG", "image"), (b"\xff\xd8\xff", "image"),
               (b"GIF8", "image"))


def _says(key: str, **values: Any) -> str:
    return t(f"cli.batch.rows.{key}", **values)


def shown(text: str, limit: int = 60) -> str:
    """A cell or a column title as messages quote it: on one line, cut short, in backticks."""
    flat = one_line(text)
    return f"`{flat if len(flat) <= limit else flat[: limit - 1] + '…'}`"


class Row:
    """A row read: where it starts, and its cells (a list for CSV, the object for JSON Lines)."""

    __slots__ = ("cells", "line")

    def __init__(self, line: int, cells: Any) -> None:
        self.line = line
        self.cells = cells


class BadRow:
    """A row that could not be read: where, why, and what of it there is to write to the rejects file."""

    __slots__ = ("line", "problem", "raw")

    def __init__(self, line: int, problem: str, raw: Any = None) -> None:
        self.line = line
        self.problem = problem
        self.raw = raw  # the cells (CSV), the object or the line's text (JSON Lines), or None


class _LineProblem(Exception):
    """A physical line that cannot be read; raised from inside the csv reader's iteration."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class Lines:
    """The decoded physical lines of a binary stream, each (and each CSV record) at most ``limit`` bytes."""

    def __init__(self, stream: IO[bytes], display: str, limit: int, *, quoted: bool = False) -> None:
        self.stream = stream
        self.display = display
        self.limit = limit
        self.quoted = quoted   # CSV: a record may go on over several lines inside a quoted cell
        self.line = 0          # the number of the last line read
        self.offset = 0        # bytes read so far (for the progress line)
        self.record_bytes = 0  # bytes of the record being read
        self._pending: str | _LineProblem | None = None

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            if isinstance(pending, _LineProblem):
                raise pending
            return pending
        return self.decode(self.read_raw())

    def read_raw(self) -> bytes:
        """The next line's bytes; a line (or a record) over the limit is skipped and raises ``_LineProblem``."""
        raw = self._read(self.limit + 1)
        if not raw:
            raise StopIteration
        self.line += 1
        if len(raw) > self.limit:
            self._skip_line(raw)
            raise _LineProblem(self.line, _says("too_long", limit=_size(self.limit)))
        self.record_bytes += len(raw)
        if self.record_bytes > self.limit:
            line = self.line
            if self.quoted and self.record_bytes > len(raw):
                self._skip_quoted(raw)
            raise _LineProblem(line, _says("record_too_long", limit=_size(self.limit)))
        return raw

    def push_back(self, pending: str | _LineProblem) -> None:
        """Give ``pending`` (a line already read, or its problem) again on the next ``next``."""
        self._pending = pending

    def _skip_line(self, raw: bytes) -> int:
        """Read to the end of the line ``raw`` starts, in small pieces (never the whole line in memory);
        how many ``"`` the whole line holds."""
        quotes = raw.count(b'"')
        while not raw.endswith(b"\n"):
            raw = self._read(_DRAIN)
            if not raw:
                break
            quotes += raw.count(b'"')
        return quotes

    def _skip_quoted(self, raw: bytes) -> None:
        """Skip the rest of a record that ``raw`` continues inside a quoted cell: up to the line that
        closes the quote (an odd number of ``"`` since), so that reading goes on at the next record."""
        inside = raw.count(b'"') % 2 == 0
        while inside:
            raw = self._read(self.limit + 1)
            if not raw:
                return
            self.line += 1
            inside ^= self._skip_line(raw) % 2 == 1

    def _read(self, size: int) -> bytes:
        try:
            raw = self.stream.readline(size)
        except OSError as exc:
            raise FileAccessError(t("cli.cannot_read", file=self.display, reason=exc.strerror or exc)) from None
        self.offset += len(raw)
        return raw

    def decode(self, raw: bytes) -> str:
        """A line's text; a NUL or bytes that are not UTF-8 raise ``_LineProblem``."""
        if b"\x00" in raw:
            raise _LineProblem(self.line, _says("nul"))
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            column = len(raw[: exc.start].decode("utf-8", "replace")) + 1
            raise _LineProblem(self.line, _says("not_utf8", byte=f"{raw[exc.start]:02X}", column=column)) from None


def _size(count: int) -> str:
    if count >= MIB and count % MIB == 0:
        return t("errors.files.mib", count=number_text(count // MIB))
    return t("errors.files.bytes", count=number_text(count))


def open_rows(path: str | os.PathLike[str], display: str | None = None) -> IO[bytes]:
    """The responses file, opened for reading: a regular file only (a pipe or a folder is refused at once)."""
    where = display if display is not None else os.fsdecode(path)
    reason = input_file_problem(path)
    if not reason:
        try:
            return open(path, "rb")  # the caller closes it
        except OSError as exc:
            reason = exc.strerror or str(exc)
    raise FileAccessError(t("cli.cannot_read", file=where, reason=reason))


def _fatal(display: str, line: int, message: str, hint: str = "") -> BatchError:
    return BatchError(t("errors.files.cannot_load", path=display), [Diagnostic(display, line, 0, message, hint)])


def _first_line(lines: Lines, *, header: bool) -> str | None:
    """The first (non-blank) line, once the file is known to be text; ``next`` reads it again.

    A CSV header that cannot be read stops the run; a first JSON line that
    cannot be read is a rejected row like any other (None).
    """
    while True:
        try:
            raw = lines.read_raw()
        except StopIteration:
            raise _fatal(lines.display, 0, _says("empty")) from None
        except _LineProblem as exc:
            if header:
                raise _fatal(lines.display, exc.line, exc.message) from None
            lines.push_back(exc)
            return None
        if lines.line == 1:
            for signature, kind in _SIGNATURES:
                if raw.startswith(signature):
                    raise _fatal(lines.display, 0, _says(f"not_text.{kind}"))
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if b"\x00" in raw:
            raise _fatal(lines.display, lines.line, _says("not_text.binary"))
        try:
            text = lines.decode(raw)
        except _LineProblem as exc:
            if header:
                raise _fatal(lines.display, exc.line, exc.message, _says("save_utf8")) from None
            lines.push_back(exc)
            return None
        if text.strip() or header:
            lines.push_back(text)
            return text


def sniff_delimiter(header: str) -> str:
    """The delimiter that splits ``header`` into the most columns (ties: the first of ``DELIMITERS``)."""
    best, most = DELIMITERS[0], 1
    for delimiter in DELIMITERS:
        count = len(next(csv.reader([header], delimiter=delimiter), []))
        if count > most:
            best, most = delimiter, count
    return best


class CsvRows:
    """The rows of a CSV export, after its header; see the module docstring."""

    format = "csv"

    def __init__(self, stream: IO[bytes], display: str, *, delimiter: str | None = None,
                 max_row_bytes: int = MAX_ROW_BYTES) -> None:
        self.lines = Lines(stream, display, max_row_bytes, quoted=True)
        self.display = display
        first = _first_line(self.lines, header=True) or ""
        if first.lstrip().startswith(("{", "[")):
            raise _fatal(display, 1, _says("not_text.json"))
        self.delimiter = delimiter or sniff_delimiter(first)
        if csv.field_size_limit() < max_row_bytes:  # one limit, the row's: a cell may be as long as its row
            csv.field_size_limit(max_row_bytes)
        self._reader = csv.reader(self.lines, delimiter=self.delimiter, strict=False)
        try:
            header = next(self._reader)
        except _LineProblem as exc:
            raise _fatal(display, exc.line, exc.message) from None
        except csv.Error:
            raise _fatal(display, 1, _says("csv_error")) from None
        if not any(cell.strip() for cell in header):
            raise _fatal(display, 1, _says("no_header"))
        self.header: tuple[str, ...] = tuple(header)
        self.guess = sniff_delimiter(first) if delimiter else self.delimiter  # for hints when one was given

    def __iter__(self) -> Iterator[Row | BadRow]:
        reader, lines = self._reader, self.lines
        width = len(self.header)
        while True:
            start = lines.line + 1
            lines.record_bytes = 0
            try:
                cells = next(reader)
            except StopIteration:
                return
            except _LineProblem as exc:
                yield BadRow(exc.line, exc.message)
                continue
            except csv.Error:  # none expected (strict=False, cells as long as rows): a row, though, not a crash
                yield BadRow(start, _says("csv_error"))
                continue
            if not any(cell.strip() for cell in cells):
                continue  # a blank line, or only delimiters: spreadsheets leave these at the end
            if len(cells) != width:
                if len(cells) > width and not any(cell.strip() for cell in cells[width:]):
                    cells = cells[:width]  # trailing empty cells
                else:
                    yield BadRow(start, _says("cells", expected=width, found=len(cells)), cells)
                    continue
            yield Row(start, cells)


class _DuplicateKey(ValueError):
    pass


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKey(key)
        found[key] = value
    return found


def _constant(name: str) -> Any:
    raise ValueError(name)  # NaN, Infinity: not JSON, whatever Python's json module accepts


class JsonlRows:
    """The rows of a JSON Lines export: one object per line."""

    format = "jsonl"
    header: tuple[str, ...] | None = None
    delimiter = ""
    guess = ""

    def __init__(self, stream: IO[bytes], display: str, *, max_row_bytes: int = MAX_ROW_BYTES) -> None:
        self.lines = Lines(stream, display, max_row_bytes)
        self.display = display
        _first_line(self.lines, header=False)

    def __iter__(self) -> Iterator[Row | BadRow]:
        lines = self.lines
        while True:
            lines.record_bytes = 0
            try:
                text = next(lines)
            except StopIteration:
                return
            except _LineProblem as exc:
                yield BadRow(exc.line, exc.message)
                continue
            if not text.strip():
                continue
            problem = ""
            try:
                value = json.loads(text, object_pairs_hook=_object, parse_constant=_constant)
            except _DuplicateKey as exc:
                problem = _says("duplicate_key", name=shown(str(exc)))
            except json.JSONDecodeError as exc:
                problem = _says("not_json", column=exc.colno)
            except (ValueError, RecursionError):  # a number of 5,000 digits, NaN, nesting 100,000 deep
                problem = _says("not_json_value")
            if problem:
                yield BadRow(lines.line, problem, text.rstrip("\r\n"))
            elif not isinstance(value, dict):
                yield BadRow(lines.line, _says("not_object"), text.rstrip("\r\n"))
            else:
                yield Row(lines.line, value)


def is_jsonl(path: str) -> bool:
    """Whether a file's name says JSON Lines (.jsonl, .ndjson); anything else is read as CSV."""
    return path.lower().endswith((".jsonl", ".ndjson", ".jsonlines"))


def read_rows(stream: IO[bytes], display: str, *, jsonl: bool = False, delimiter: str | None = None,
              max_row_bytes: int = MAX_ROW_BYTES) -> CsvRows | JsonlRows:
    """A reader of ``stream``'s rows: JSON Lines, or CSV (its header read and its delimiter settled)."""
    if jsonl:
        return JsonlRows(stream, display, max_row_bytes=max_row_bytes)
    return CsvRows(stream, display, delimiter=delimiter, max_row_bytes=max_row_bytes)
