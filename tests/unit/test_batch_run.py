"""advisor/batch/run.py and writers.py: each row scored as the engine scores it, written as it comes."""

from __future__ import annotations

import csv
import io
import json
import random
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advisor.batch.cells import bind
from advisor.batch.mapfile import load_map
from advisor.batch.rows import BadRow, Row, read_rows
from advisor.batch.run import SHOWN_PROBLEMS, Summary, final_confidence, score_rows
from advisor.batch.writers import (
    OUTPUT_COLUMNS,
    CsvOutput,
    CsvRejects,
    JsonlOutput,
    JsonlRejects,
    criteria_order,
    guard,
)
from advisor.engine import evaluate, judge

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "batch"


def test_final_confidence_is_judges_on_every_kind_of_answers(ruleset: Any) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_engine import random_answers

    shortcuts = 0
    for answers in random_answers(ruleset, 300, seed=5):
        result = evaluate(ruleset, answers)
        shortcuts += result.confidence == "low"
        assert final_confidence(ruleset, answers, result) == judge(ruleset, answers, result).confidence
    assert 50 < shortcuts < 250  # both paths are taken


def scored(ruleset: Any, data: bytes, **options: Any) -> tuple[list[dict[str, Any]], list[str], Summary]:
    the_map = load_map(EXAMPLE / "map.yaml", ruleset)
    rows = read_rows(io.BytesIO(data), "in.csv", **options)
    reader = bind(the_map, ruleset, rows.header, "in.csv")
    out, bad = io.StringIO(), io.StringIO()
    summary = score_rows(ruleset, reader, rows, CsvOutput(out), CsvRejects(bad, rows.header, rows.delimiter),
                         Summary("in.csv"))
    return list(csv.DictReader(io.StringIO(out.getvalue()))), bad.getvalue().splitlines(), summary


def test_one_output_row_per_input_row_in_order_rejected_rows_included(ruleset: Any) -> None:
    lines = (EXAMPLE / "responses.csv").read_bytes().splitlines(keepends=True)
    typo = next(line for line in lines if b",12000," in line)  # 12000 reps: the rules' bounds refuse it
    data = b"".join([lines[0], *lines[1:6], b"short,row\n", typo, lines[6]])
    out, rejects, summary = scored(ruleset, data)
    assert [row["status"] for row in out] == ["scored"] * 5 + ["rejected", "rejected", "scored"]
    assert out[5]["row"] == "7" and out[5]["problems"].startswith("expected 33 cells, one per column of the header")
    assert out[6]["company"] == "Harbor Analytics"
    assert out[6]["problems"] == ("column `How many people sell full time?`: expected a number from 0 to 10,000, "
                                  "found 12000")
    assert all(row["outcome"] == "" for row in out[5:7])
    assert (summary.rows, summary.scored, summary.rejected) == (8, 6, 2)
    assert sum(summary.outcomes.values()) == 6
    assert str(summary.problems[0]).startswith("in.csv:7:1: expected 33 cells")
    assert rejects[0].startswith("advisor_problem,Timestamp,")
    assert rejects[1] == '"line 7: expected 33 cells, one per column of the header, found 2 (a delimiter inside a ' \
                         'cell that is not quoted?)",short,row'
    assert rejects[2].startswith('"line 8: column `How many people sell full time?`: expected a number from 0 to '
                                 '10,000, found 12000",')


def test_a_scored_row_says_what_the_engine_says(ruleset: Any) -> None:
    lines = (EXAMPLE / "responses.csv").read_bytes().splitlines(keepends=True)
    out, _, _ = scored(ruleset, lines[0] + lines[3])
    the_map = load_map(EXAMPLE / "map.yaml", ruleset)
    cells = next(iter(csv.reader([lines[3].decode()])))
    answers, _ = bind(the_map, ruleset, tuple(next(csv.reader([lines[0].decode()]))), "x").answers(cells)
    result = evaluate(ruleset, answers)
    row = out[0]
    assert row["outcome"] == result.outcome and row["strength"] == result.strength
    assert (int(row["salesops"]), int(row["revops"])) == (result.salesops, result.revops)
    assert row["confidence"] == judge(ruleset, answers).confidence
    assert row["criteria"].split() == sorted(result.criteria, key=criteria_order)
    assert row["first"] == (result.first or "" if result.outcome == "both" else "")
    assert list(row) == list(OUTPUT_COLUMNS)


def test_the_summary_keeps_the_first_problems_and_counts_the_rest(ruleset: Any) -> None:
    header = (EXAMPLE / "responses.csv").read_bytes().splitlines(keepends=True)[0]
    _, rejects, summary = scored(ruleset, header + b"x\n" * 50)
    assert summary.rejected == 50 and len(summary.problems) == SHOWN_PROBLEMS
    assert len(rejects) == 51


@pytest.mark.parametrize(("text", "written"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1 555", "'+1 555"), ("-2", "'-2"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tTab", "'\tTab"), ("Acme", "Acme"), ("", ""),
])
def test_csv_cells_from_the_data_never_start_a_formula(text: str, written: str) -> None:
    assert guard(text) == written
    out = io.StringIO()
    record = dict.fromkeys(OUTPUT_COLUMNS)
    record.update(row=text, status="scored", company=text, respondent=text, salesops=-3, problems=[text])
    CsvOutput(out).write(record)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["row"], row["company"], row["respondent"], row["problems"]) == (written,) * 4
    assert row["salesops"] == "-3"  # a number is not text from the data


def test_jsonl_output_keeps_types_and_the_data_as_it_is() -> None:
    out = io.StringIO()
    record = dict.fromkeys(OUTPUT_COLUMNS)
    record.update(row="=1", status="scored", phased=False, salesops=3, problems=[])
    JsonlOutput(out).write(record)
    assert json.loads(out.getvalue()) == {**record, "row": "=1"}


def test_rejects_keep_rows_as_they_were() -> None:
    out = io.StringIO()
    rejects = CsvRejects(out, ("advisor_problem", "a", "b"), ";")  # a rejects file, rejected again
    rejects.write("line 2: bad", ["old problem", "x;y", "=1"])  # the data as it was, a formula too
    rejects.write("line 3: too long", None)
    assert out.getvalue() == "advisor_problem;a;b\nline 2: bad;\"x;y\";=1\nline 3: too long\n"
    out = io.StringIO()
    rejects_jsonl = JsonlRejects(out)
    rejects_jsonl.write("p1", {"advisor_problem": "old", "q": 1})
    rejects_jsonl.write("p2", "not json")
    assert [json.loads(line) for line in out.getvalue().splitlines()] == [
        {"advisor_problem": "p1", "q": 1}, {"advisor_problem": "p2", "advisor_line": "not json"}]


def test_memory_stays_flat_as_rows_grow(ruleset: Any) -> None:
    """Nothing is kept per row: the peak of 20,000 rows is that of 1,000 (rows without answers: fast to score)."""
    the_map = load_map(EXAMPLE / "map.yaml", ruleset)
    header = next(csv.reader([(EXAMPLE / "responses.csv").read_text(encoding="utf-8").splitlines()[0]]))

    class Sink:
        def write(self, *args: Any) -> None:
            pass

    def rows(count: int) -> Iterator[Row | BadRow]:
        for i in range(count):
            yield Row(i + 2, [f"t{i}", "", f"Company {i}", "", *[""] * (len(header) - 4)]) if i % 10 else \
                BadRow(i + 2, f"problem {i}", ["x"])

    peaks = []
    for count in (1000, 20000):
        reader = bind(the_map, ruleset, tuple(header), "in.csv")
        tracemalloc.start()
        summary = score_rows(ruleset, reader, rows(count), Sink(), Sink(), Summary("in.csv"))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert summary.rows == count and summary.rejected == count // 10
    assert peaks[1] < peaks[0] + 64 * 1024, peaks


def test_shuffled_rows_score_the_same(ruleset: Any) -> None:
    """A row's score depends on that row alone."""
    lines = (EXAMPLE / "responses.csv").read_bytes().splitlines(keepends=True)
    body = lines[1:40]
    first, _, _ = scored(ruleset, lines[0] + b"".join(body))
    random.Random(3).shuffle(body)
    second, _, _ = scored(ruleset, lines[0] + b"".join(body))
    assert sorted(map(str, first)) == sorted(map(str, second))
