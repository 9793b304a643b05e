"""The files `advisor batch` writes, one row at a time: the scores, and the rejected rows.

The output has one row per input row, in the input's order, with columns
(CSV) or keys (JSON Lines) named by ids, whatever the language: ``row``
(the map's row id column, else the line the row starts on), ``status``
(``scored`` or ``rejected``), ``company``, ``respondent``, ``outcome``
(salesops, revops, both, not_yet), ``lean`` (for not_yet: the side the answers
lean to), ``first`` and ``phased`` (for both), ``strength`` (clear,
emerging, not_yet), the two scores, ``confidence`` (high, medium, low: the
direction's, counting the answers that would turn it), ``criteria`` (those
the fired rules cite, sorted, space-separated) and ``problems`` (empty when
the row scored).

Formula injection: a spreadsheet runs a CSV cell that starts with ``=``,
``+``, ``-`` or ``@`` as a formula. The CSV output's text cells that come
from the data (row id, company, respondent, problems) get a leading ``'``
when they start so, as OWASP advises and as spreadsheet tools do; the JSON
Lines output is left as it is (no spreadsheet reads it). The rejects file
keeps the rejected rows exactly as they were, so that once fixed it can be
scored again; only its problem column is guarded.
"""

from __future__ import annotations

import csv
import json
import re
from typing import Any, TextIO

OUTPUT_COLUMNS = ("row", "status", "company", "respondent", "outcome", "lean", "first", "phased", "strength",
                  "salesops", "revops", "confidence", "criteria", "problems")
PROBLEM_COLUMN = "advisor_problem"  # the rejects file's first column (or key): what is wrong with the row
LINE_KEY = "advisor_line"           # JSON Lines rejects: a line that is not a JSON object, as it was
_GUARDED = ("row", "company", "respondent", "problems")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def guard(text: str) -> str:
    """A text cell no spreadsheet runs as a formula: a leading ``'`` when it starts with = + - @ (or TAB, CR)."""
    return "'" + text if text.startswith(_FORMULA) else text


def criteria_order(criterion: str) -> tuple[str, int, str]:
    """S2 before S10: criteria ids sort by letters, then number."""
    found = re.match(r"([A-Za-z]*)([0-9]*)(.*)\Z", criterion)
    assert found is not None  # the pattern matches any string
    letters, digits, rest = found.groups()
    return letters, int(digits) if digits else -1, rest


class CsvOutput:
    """The scores as CSV (comma-delimited, ``\\n`` line ends, UTF-8)."""

    def __init__(self, stream: TextIO) -> None:
        self._writer = csv.writer(stream, lineterminator="\n")
        self._writer.writerow(OUTPUT_COLUMNS)

    def write(self, record: dict[str, Any]) -> None:
        cells = []
        for column in OUTPUT_COLUMNS:
            value = record[column]
            if value is None:
                cells.append("")
            elif isinstance(value, bool):
                cells.append("true" if value else "false")
            elif isinstance(value, list):
                cells.append(guard("; ".join(value)))
            elif column in _GUARDED:
                cells.append(guard(value))
            else:
                cells.append(value)
        self._writer.writerow(cells)


class JsonlOutput:
    """The scores as JSON Lines: one object per row, keys in the CSV's column order."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, record: dict[str, Any]) -> None:
        self._stream.write(json.dumps(record, ensure_ascii=False) + "\n")


class CsvRejects:
    """Rejected CSV rows as they were, in the input's delimiter, after a first column saying what is wrong."""

    def __init__(self, stream: TextIO, header: tuple[str, ...], delimiter: str) -> None:
        self._writer = csv.writer(stream, delimiter=delimiter, lineterminator="\n")
        # A rejects file scored again and rejected again: its old problem column gives way to the new one.
        self._drop = 1 if header[:1] == (PROBLEM_COLUMN,) else 0
        self._writer.writerow([PROBLEM_COLUMN, *header[self._drop:]])

    def write(self, problem: str, raw: Any) -> None:
        cells = raw[self._drop:] if isinstance(raw, list) else []
        self._writer.writerow([guard(problem), *cells])


class JsonlRejects:
    """Rejected JSON Lines rows: the object with the problem added first, or the line as it was."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, problem: str, raw: Any) -> None:
        record: dict[str, Any] = {PROBLEM_COLUMN: problem}
        if isinstance(raw, dict):
            record.update((key, value) for key, value in raw.items() if key != PROBLEM_COLUMN)
        elif isinstance(raw, str):
            record[LINE_KEY] = raw
        self._stream.write(json.dumps(record, ensure_ascii=False) + "\n")
