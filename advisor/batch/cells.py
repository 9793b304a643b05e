"""A row's cells turned into answers, through the map.

``bind`` checks the map against the file once, before any row: every column
the map names must be in the CSV header, exactly once (a missing column is
located in the map, with a "did you mean" and, when the header has a single
column, the delimiter that would split it; a duplicated one in the data
file). Then ``CellReader.answers`` reads each row: a cell is looked up among
its column's labels (as written, then ignoring case and spacing), a cell of
a multiple choice is split at the separator (labels that contain the
separator still match whole), a number question's cell is read as a decimal
number unless it is one of the labels, and every value is checked as an
answers file's would be (``answers.normalizer``). A JSON Lines object may
also hold numbers, true/false and lists of labels.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..answers import normalizer, with_hint
from ..errors import Diagnostic, did_you_mean
from ..model import Question, Ruleset
from ..plaintext import strip_controls
from ..texts import t
from . import BatchError
from .mapfile import Map, QuestionMap
from .rows import DELIMITERS, shown

_NUMBER = r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z"
_OTHER_SEPARATORS = (", ", ",", "; ", ";", "|", "\n", " / ")
_MAX_LABELS_SHOWN = 8
# Cells already read, per column: a form's column holds a few labels (or combinations of them) over
# and over, so most cells are one dict lookup. Bounded (a few hundred KiB in all), so that memory stays
# flat on free numbers.
_REMEMBERED = 128


def _says(key: str, **values: Any) -> str:
    return t(f"cli.batch.cells.{key}", **values)


def _fold(text: str) -> str:
    """``text`` compared loosely: case, spacing and control characters aside (the map's YAML reader drops them)."""
    return " ".join(strip_controls(text).casefold().split())


class _Field:
    """One question's reading: where its cell is, and its labels, exact and folded."""

    __slots__ = ("column", "folded", "key", "known", "labels", "norm", "parts", "qid", "question", "separator",
                 "values")

    def __init__(self, q: Question, qmap: QuestionMap, key: int | str) -> None:
        self.question = q
        self.key = key
        self.column = qmap.column
        self.values = dict(qmap.values)
        folded: dict[str, Any] = {}
        for label, value in qmap.values.items():
            folded.setdefault(_fold(label), value)
        self.folded = folded
        self.labels = tuple(qmap.values)
        self.separator = qmap.separator
        # The most separator-joined pieces one label spans: how far a multiple choice's split looks ahead.
        self.parts = 1 + max((label.count(qmap.separator) for label in qmap.values), default=0)
        self.norm: Callable[[Any], Any] = normalizer(q)
        self.qid = q.id
        self.known: dict[str, Any] = {}  # a cell's text -> its answer (None: no answer), for valid cells

    def lookup(self, text: str) -> tuple[bool, Any]:
        if text in self.values:
            return True, self.values[text]
        folded = _fold(text)
        if folded in self.folded:
            return True, self.folded[folded]
        return False, None


class CellReader:
    """A map bound to one file's columns (``bind``)."""

    def __init__(self, fields: list[_Field], meta: list[tuple[str, int | str]]) -> None:
        self.fields = fields
        self.meta = dict(meta)  # row_id/company/respondent -> index or key
        self.seen: set[int | str] = set()  # JSON Lines: the mapped keys met in some row

    def about(self, cells: Any, line: int) -> tuple[str, str, str]:
        """(row id, company, respondent) of a row; the row id is its line number unless the map names a column."""
        out = []
        for key in ("row_id", "company", "respondent"):
            where = self.meta.get(key)
            value = _get(cells, where) if where is not None else None
            out.append("" if value is None else value if isinstance(value, str) else _text(value))
        if not out[0].strip():
            out[0] = str(line)
        return out[0], out[1], out[2]

    def answers(self, cells: Any) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """The answers in a row's cells, and its problems as (column, message)."""
        answers: dict[str, Any] = {}
        problems: list[tuple[str, str]] = []
        as_dict = isinstance(cells, dict)
        for field in self.fields:
            if as_dict:
                if field.key not in cells:
                    continue
                self.seen.add(field.key)
            raw = cells[field.key]
            if raw is None or raw == "":
                continue
            known = field.known
            if raw.__class__ is str and raw in known:
                value = known[raw]
                if value is not None:
                    answers[field.qid] = value
                continue
            try:
                value = _read(field, raw)
                if value is not None:
                    checked = field.norm(value)  # as an answers file's answer is checked
                    if field.question.type == "number":
                        value = checked
                    answers[field.qid] = value
            except ValueError as exc:
                problems.append((field.column, str(exc)))
                continue
            if raw.__class__ is str and len(known) < _REMEMBERED:
                known[raw] = value  # a multiple choice's list too: the engine never changes an answer
        return answers, problems


def _get(cells: Any, where: int | str) -> Any:
    if isinstance(cells, dict):
        return cells.get(where)
    return cells[where]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _read(field: _Field, raw: Any) -> Any:
    """The answer a cell gives (None: no answer), or ValueError saying what is wrong with it."""
    q = field.question
    if isinstance(raw, list):
        if q.type != "multi":
            raise ValueError(_says("list_not_multi"))
        return _ticked(field, [_text(item) if isinstance(item, (int, float)) else item for item in raw])
    if isinstance(raw, bool):
        if q.type == "yesno":
            return raw
        raw = _text(raw)
    elif isinstance(raw, (int, float)):
        if q.type == "number":
            return raw
        raw = _text(raw)
    if not isinstance(raw, str):
        raise ValueError(_says("not_a_cell"))
    text = raw.strip()
    if not text:
        return None
    if q.type == "multi":
        pieces = _split(field, text)
        return _ticked(field, pieces) if pieces else None  # separators alone: nothing said
    hit, value = field.lookup(text)
    if hit:
        return value
    if q.type == "number" and re.match(_NUMBER, text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    raise ValueError(_not_a_label(field, text, number=q.type == "number"))


def _ticked(field: _Field, pieces: list[Any]) -> list[str]:
    """The option values of a multiple choice's ticked labels (a label mapped to null ticks nothing)."""
    chosen: list[str] = []
    for piece in pieces:
        if not isinstance(piece, str):
            raise ValueError(_says("not_a_cell"))
        hit, value = field.lookup(piece.strip())
        if not hit:
            raise ValueError(_not_a_label(field, piece.strip()))
        if value is not None and value not in chosen:  # two labels of one option, ticked together: once
            chosen.append(value)
    return chosen


def _split(field: _Field, text: str) -> list[str]:
    """A multiple choice's cell as its labels: split at the separator, pieces joined back where a label holds it."""
    hit, _ = field.lookup(text)
    if hit:
        return [text]
    parts = text.split(field.separator)
    labels: list[str] = []
    i = 0
    while i < len(parts):
        for j in range(min(len(parts), i + field.parts), i, -1):
            piece = field.separator.join(parts[i:j]).strip()
            if field.lookup(piece)[0]:
                labels.append(piece)
                i = j
                break
        else:
            if parts[i].strip():
                raise ValueError(_not_a_label(field, parts[i].strip(), cell=text))
            i += 1  # an empty piece: "A, , B" or a trailing separator
    return labels


def _not_a_label(field: _Field, text: str, *, cell: str = "", number: bool = False) -> str:
    labels = ", ".join(shown(label, 30) for label in field.labels[:_MAX_LABELS_SHOWN])
    if len(field.labels) > _MAX_LABELS_SHOWN:
        labels += ", …"
    if number:
        key = "not_a_number_or_label" if field.labels else "not_a_number"
    else:
        key = "not_a_label" if field.labels else "no_labels"
    message = _says(key, found=shown(text), labels=labels)
    hint = ""
    for other in _OTHER_SEPARATORS if cell else ():
        if other != field.separator and all(field.lookup(p.strip())[0] for p in cell.split(other) if p.strip()):
            hint = _says("separator_hint", separator=_separator(field.separator), other=_separator(other))
            break
    return with_hint(message, hint or did_you_mean(text, field.labels))


def _separator(text: str) -> str:
    """A separator as messages quote it: its spaces kept, a line break or a tab written as an escape."""
    return "`" + strip_controls(text.replace("\n", "\\n").replace("\t", "\\t")) + "`"


def bind(the_map: Map, ruleset: Ruleset, header: tuple[str, ...] | None, display: str, *,
         delimiter: str = "", guess: str = "") -> CellReader:
    """The map bound to a file: its CSV ``header`` (None for JSON Lines, whose rows name their keys).

    Raises ``BatchError`` listing every column the header lacks or holds twice.
    """
    problems: list[Diagnostic] = []
    where: dict[str, int | str] = {}
    if header is None:
        where = {column: column for column, _, _ in the_map.columns()}  # a key of each row's object
    else:
        where = _columns(the_map, header, display, problems, delimiter, guess)
    if problems:
        many = len(problems) > 1
        raise BatchError(_says("columns_problems" if many else "columns_problem", path=display, map=the_map.path,
                               count=len(problems)),
                         sorted(problems, key=lambda d: (d.path != display, d.line, d.column)))
    fields = [_Field(ruleset.question_by_id[q.question], q, where[q.column]) for q in the_map.questions]
    meta = [(key, where[getattr(the_map, key)]) for key in ("row_id", "company", "respondent")
            if getattr(the_map, key)]
    return CellReader(fields, meta)


def _columns(the_map: Map, header: tuple[str, ...], display: str, problems: list[Diagnostic], delimiter: str,
             guess: str) -> dict[str, int | str]:
    positions: dict[str, list[int]] = {}
    folded: dict[str, list[int]] = {}
    for i, name in enumerate(header):
        positions.setdefault(name, []).append(i)
        folded.setdefault(_fold(name), []).append(i)
    where: dict[str, int | str] = {}
    for column, _reader, (line, at) in the_map.columns():
        if column in where:
            continue
        found = positions.get(column) or folded.get(_fold(column), [])
        if len(found) == 1:
            where[column] = found[0]
        elif found:
            places = ", ".join(str(i + 1) for i in found)
            problems.append(Diagnostic(display, 1, 0, _says("column_twice", column=shown(column), places=places),
                                       _says("column_twice_hint")))
        else:
            problems.append(Diagnostic(the_map.path, line, at,
                                       _says("no_column", column=shown(column), path=display),
                                       _missing_hint(column, header, delimiter, guess)))
    return where


def _missing_hint(column: str, header: tuple[str, ...], delimiter: str, guess: str) -> str:
    """Why a column may be missing: another delimiter splits the header into more columns (``guess``,
    when --delimiter gave another one), a header of one column, or a title like the missing one."""
    if guess and delimiter and guess != delimiter:
        return _says("delimiter_hint", delimiter=_delimiter_name(guess))
    if len(header) == 1:
        other = next((d for d in DELIMITERS if d != delimiter and d in header[0]), "")
        return _says("delimiter_hint", delimiter=_delimiter_name(other)) if other else _says("one_column_hint")
    return did_you_mean(column, header)


def _delimiter_name(delimiter: str) -> str:
    return "tab" if delimiter == "\t" else delimiter


def unseen(reader: CellReader, the_map: Map) -> list[str]:
    """JSON Lines: the keys the map reads that no row held (a misspelt key leaves a question unanswered)."""
    return [q.column for q in the_map.questions if q.column not in reader.seen]
