"""Scoring every row of an export and writing each as it is scored.

``score_rows`` reads rows one at a time (``rows``), turns each into answers
(``cells``), evaluates them with ``engine.evaluate``, takes the direction's
final confidence from ``engine.judge``, and writes one output row per input
row, rejected rows included (status ``rejected``, with their problems); a
rejected row is also written to the rejects file when there is one. Nothing
is kept per row: the ``Summary`` holds counts and the first few problems, so
memory stays the same from a thousand rows to a million. No I/O of its own
beyond the writers it is given; no Textual.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from ..engine import Result, evaluate, judge
from ..errors import AdvisorError, Diagnostic
from ..model import LEVELS, OUTCOMES, Ruleset
from ..plaintext import one_line
from ..texts import t
from .cells import CellReader
from .rows import BadRow, Row, shown
from .writers import criteria_order

SHOWN_PROBLEMS = 20  # rejected rows the summary lists; the rest are counted (and all are in the outputs)


def _says(key: str, **values: Any) -> str:
    return t(f"cli.batch.run.{key}", **values)


class OutputWriter(Protocol):
    def write(self, record: dict[str, Any]) -> None: ...


class RejectsWriter(Protocol):
    def write(self, problem: str, raw: Any) -> None: ...


class Summary:
    """What a run found: rows read, scored and rejected, the verdicts, the first problems."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.rows = 0
        self.scored = 0
        self.rejected = 0
        self.outcomes: Counter[str] = Counter({outcome: 0 for outcome in OUTCOMES})
        self.problems: list[Diagnostic] = []  # the first SHOWN_PROBLEMS rejected rows

    def reject(self, line: int, problem: str) -> None:
        self.rejected += 1
        if len(self.problems) < SHOWN_PROBLEMS:
            self.problems.append(Diagnostic(self.display, line, 0, problem))


def final_confidence(ruleset: Ruleset, answers: dict[str, Any], result: Result) -> str:
    """The direction's confidence as ``judge`` gives it, counting the answers that would turn it.

    ``judge`` only ever lowers the margin's confidence (policy bands run high
    to low, allowing more flips as they go; the loader checks it), so a result
    already at the lowest level keeps it, and the ~70 evaluations of
    ``what_would_change`` are skipped. Measured (2026-12-03): on uniformly
    random answer sets (bench_engine.py's), half of them, 2.0x faster; on
    bench_batch.py's form-like rows, 1.1-1.2x (``--judge``, two runs).
    tests/unit/test_batch_run.py checks it gives judge's answer.
    """
    if result.confidence == LEVELS[-1]:
        return result.confidence
    return judge(ruleset, answers, result).confidence


def _problem_text(problems: list[tuple[str, str]]) -> list[str]:
    return [_says("in_column", column=shown(column), problem=problem) for column, problem in problems]


def _empty(row: str, company: str = "", respondent: str = "") -> dict[str, Any]:
    return {"row": row, "status": "rejected", "company": company, "respondent": respondent, "outcome": None,
            "lean": None, "first": None, "phased": None, "strength": None, "salesops": None, "revops": None,
            "confidence": None, "criteria": None, "problems": []}


def score_row(ruleset: Ruleset, reader: CellReader, row: Row) -> tuple[dict[str, Any], list[str]]:
    """One row's output record, and its problems (none when it scored)."""
    row_id, company, respondent = (one_line(text) for text in reader.about(row.cells, row.line))
    answers, found = reader.answers(row.cells)
    problems = _problem_text(found)
    if not problems:
        try:
            result = evaluate(ruleset, answers)
        except AdvisorError as exc:  # the cells were checked as answers are: this would be a bug, said as a problem
            problems = [str(exc)]
    if problems:
        record = _empty(row_id, company, respondent)
        record["problems"] = problems
        return record, problems
    both = result.outcome == "both"
    return {"row": row_id, "status": "scored", "company": company, "respondent": respondent,
            "outcome": result.outcome, "lean": result.lean, "first": result.first if both else None,
            "phased": result.phased if both else None, "strength": result.strength, "salesops": result.salesops,
            "revops": result.revops, "confidence": final_confidence(ruleset, answers, result),
            "criteria": " ".join(sorted(result.criteria, key=criteria_order)), "problems": []}, []


def score_rows(ruleset: Ruleset, reader: CellReader, rows: Iterable[Row | BadRow], output: OutputWriter,
               rejects: RejectsWriter | None, summary: Summary, *,
               progress: Callable[[int], None] | None = None, every: int = 32) -> Summary:
    """Score and write every row of ``rows``; ``progress(rows so far)`` is called every ``every`` rows."""
    for item in rows:
        summary.rows += 1
        if isinstance(item, BadRow):
            problems = [item.problem]
            record = _empty(str(item.line))
            record["problems"] = problems
        else:
            record, problems = score_row(ruleset, reader, item)
        output.write(record)
        if problems:
            text = "; ".join(problems)
            summary.reject(item.line, text)
            if rejects is not None:
                rejects.write(_says("at_line", line=item.line, problem=text), item.raw if isinstance(item, BadRow)
                              else item.cells)
        else:
            summary.scored += 1
            summary.outcomes[record["outcome"]] += 1
        if progress is not None and summary.rows % every == 0:
            progress(summary.rows)
    return summary
