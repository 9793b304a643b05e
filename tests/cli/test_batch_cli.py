"""`advisor batch`, run as a consultant would: outputs, the summary, exit codes, and every kind of bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from advisor import cli, schemas

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "batch"
MAP = str(EXAMPLE / "map.yaml")
LINES = (EXAMPLE / "responses.csv").read_bytes().splitlines(keepends=True)
GOOD = [line for line in LINES[1:] if b",12000," not in line]  # every row but the one the rules refuse


def run(capsys: Any, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = cli.main(["batch", *args])
    except SystemExit as exc:  # argparse's own errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def process(*args: str, cwd: Path, **options: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **options}
    proc = subprocess.run([sys.executable, "-m", "advisor", "batch", *args], cwd=cwd, text=True, env=env,
                          timeout=120, **streams)
    assert "Traceback" not in (proc.stderr or ""), proc.stderr
    return proc


@pytest.fixture
def responses(tmp_path: Path) -> Path:
    path = tmp_path / "responses.csv"
    path.write_bytes(LINES[0] + b"".join(GOOD[:20]))
    return path


def test_every_row_scored_exit_0_csv_on_stdout_summary_on_stderr(capsys: Any, responses: Path) -> None:
    code, out, err = run(capsys, str(responses), "--map", MAP)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 20 and {row["status"] for row in rows} == {"scored"}
    assert rows[0]["row"] == "11/2/2026 9:13:24" and rows[0]["company"] == "Lumen Security"
    lines = err.splitlines()
    assert lines[0] == f"{responses}: 20 rows, 20 scored, 0 rejected"
    assert lines[1].startswith("verdicts: SalesOps ") and len(lines) == 2


def test_a_rejected_row_exit_3_in_the_output_and_the_rejects_file(capsys: Any, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    typo = next(line for line in LINES if b",12000," in line)
    path.write_bytes(LINES[0] + GOOD[0] + typo + b"not,enough,cells\n" + GOOD[1])
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.csv"
    code, stdout, err = run(capsys, str(path), "--map", MAP, "-o", str(out), "--rejects", str(rejects))
    assert (code, stdout) == (3, "")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["status"] for r in records] == ["scored", "rejected", "rejected", "scored"]  # -o *.jsonl: JSON Lines
    assert records[1]["problems"] == ["column `How many people sell full time?`: expected a number from 0 to "
                                      "10,000, found 12000"]
    assert err.splitlines() == [
        f"{path}: 4 rows, 2 scored, 2 rejected",
        err.splitlines()[1],
        "rejected rows:",
        f"  {path}:3:1: column `How many people sell full time?`: expected a number from 0 to 10,000, found 12000",
        f"  {path}:4:1: expected 33 cells, one per column of the header, found 3 (a delimiter inside a cell that is "
        "not quoted?)"]
    kept = list(csv.reader(io.StringIO(rejects.read_text(encoding="utf-8"))))
    assert kept[0][0] == "advisor_problem" and kept[0][1:] == next(csv.reader([LINES[0].decode()]))
    assert kept[1][1:] == next(csv.reader([typo.decode()]))  # the row as it was
    assert kept[2] == ["line 4: expected 33 cells, one per column of the header, found 3 (a delimiter inside a "
                       "cell that is not quoted?)", "not", "enough", "cells"]


def test_the_summary_speaks_spanish(capsys: Any, responses: Path) -> None:
    code, _, err = run(capsys, str(responses), "--map", MAP, "--language", "es")
    assert code == 0
    assert err.splitlines()[0] == f"{responses}: 20 filas; puntuadas: 20; rechazadas: 0"
    assert err.splitlines()[1].startswith("veredictos: SalesOps ")


def test_outputs_replace_earlier_ones_but_never_an_input(capsys: Any, responses: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("last month's scores\n", encoding="utf-8")
    assert run(capsys, str(responses), "--map", MAP, "-o", str(out))[0] == 0  # a report replaces a report
    assert out.read_text(encoding="utf-8").startswith("row,status,company,")
    before = responses.read_bytes()
    code, _, err = run(capsys, str(responses), "--map", MAP, "-o", str(responses))
    assert code == 2 and "refusing to write over an input" in err
    code, _, err = run(capsys, str(responses), "--map", MAP, "--rejects", MAP)
    assert code == 2 and "refusing to write over" in err
    assert responses.read_bytes() == before


@pytest.mark.parametrize(("args", "message"), [
    (("--rejects", "-"), "--rejects needs a file name: stdout carries the scores"),
    (("-o", "x.csv", "--rejects", "x.csv"), "x.csv: -o and --rejects name the same file"),
    (("--make-map",), "--make-map writes a map and --map reads one: give one of them"),
    (("--delimiter", "ab"), "argument --delimiter: expected one character, or tab, as the delimiter; found 'ab'"),
    (("--max-row-bytes", "0"), "argument --max-row-bytes: expected a whole number of at least 1, found '0'"),
])
def test_options_that_do_not_go_together_are_usage_errors(capsys: Any, responses: Path, args: tuple[str, ...],
                                                           message: str) -> None:
    code, out, err = run(capsys, str(responses), "--map", MAP, *args)
    assert (code, out) == (2, "")
    assert message in err


def test_without_a_map_it_says_how_to_get_one(capsys: Any, responses: Path) -> None:
    assert run(capsys, str(responses)) == (2, "", "advisor: error: a map is needed: add --map MAP (--make-map "
                                                  "writes a first one)\n")


def test_make_map_writes_a_map_to_check(capsys: Any, responses: Path, tmp_path: Path) -> None:
    code, out, err = run(capsys, str(responses), "--make-map")
    first, rest = out.split("\n", 1)
    assert code == 0 and first == f"# yaml-language-server: $schema={schemas.location('map')}"
    assert rest.startswith("# A first map for responses.csv")
    assert "format: advisor-map/1\n" in out and "unsure:" in out
    assert err.endswith("guesses to check (the `unsure` entries)\n")
    target = tmp_path / "map.yaml"
    target.write_text("my checked map\n", encoding="utf-8")
    code, _, err = run(capsys, str(responses), "--make-map", "-o", str(target))
    assert code == 2 and "already exists; not replaced" in err
    assert target.read_text(encoding="utf-8") == "my checked map\n"
    code, _, err = run(capsys, str(target), "--map", str(target), "--rejects", str(tmp_path / "r.csv"))
    assert code != 0


def test_a_draft_map_with_unsure_guesses_is_refused_before_any_row(capsys: Any, responses: Path,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    code, stdout, err = run(capsys, str(responses), "--map", str(EXAMPLE / "map-draft.yaml"), "-o", str(out))
    assert (code, stdout) == (3, "")
    assert err.count("a guess to check:") == 12
    assert not out.exists()


# -- bad inputs ---------------------------------------------------------------------------------------

def write(tmp_path: Path, data: bytes, name: str = "in.csv") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_a_wrong_delimiter_names_the_right_one(capsys: Any, tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(b"".join(LINES[:3]).decode())))
    text = io.StringIO()
    csv.writer(text, delimiter=";", lineterminator="\n").writerows(rows)
    path = write(tmp_path, text.getvalue().encode())
    code, out, err = run(capsys, path, "--map", MAP, "--delimiter", ",")
    assert (code, out) == (3, "")
    assert err.startswith(f"advisor: error: {path} does not have the columns {MAP} names (")
    assert "(the header splits into more columns at ;: add --delimiter ';')" in err
    code, out, _ = run(capsys, path, "--map", MAP)  # left to itself, it finds the delimiter
    assert code == 0 and len(out.splitlines()) == 3


def test_a_wrong_separator_in_ticked_boxes_says_so(capsys: Any, tmp_path: Path) -> None:
    row = GOOD[0].replace(b"Customer success,", b"Customer success,").decode()
    cells = next(csv.reader([row]))
    header = next(csv.reader([LINES[0].decode()]))
    cells[header.index("Which teams do you have besides sales?")] = "Marketing; Product"
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([header, cells])
    code, out, err = run(capsys, write(tmp_path, text.getvalue().encode()), "--map", MAP)
    assert code == 3
    assert "(the map's separator is `, `; this cell seems to use `; `)" in err
    assert next(csv.DictReader(io.StringIO(out)))["status"] == "rejected"


def test_an_unknown_label_rejects_its_row_only(capsys: Any, tmp_path: Path) -> None:
    path = write(tmp_path, LINES[0] + GOOD[0].replace(b",Days,", b",Dayz,") + GOOD[1])
    code, out, err = run(capsys, path, "--map", MAP)
    assert code == 3
    assert "column `How long does a typical sale take?`: `Dayz` is not one of the labels the map gives this column " \
           "(`Days`, `A few weeks`, `1-3 months`, `Over 3 months`) (did you mean `Days`?)" in err
    assert [row["status"] for row in csv.DictReader(io.StringIO(out))] == ["rejected", "scored"]


def test_a_missing_and_a_duplicated_column_stop_the_run_with_their_places(capsys: Any, tmp_path: Path) -> None:
    header = LINES[0].replace(b"Your name,", b"Your name,Plans for your sales team,").replace(
        b"How fast does your market change?", b"How fast is your market?")
    path = write(tmp_path, header + b"\n")
    code, _, err = run(capsys, path, "--map", MAP)
    assert code == 3
    lines = err.splitlines()
    assert lines[0] == f"advisor: error: {path} does not have the columns {MAP} names (2 problems)"
    assert lines[1] == (f"  {path}:1:1: the column `Plans for your sales team` appears more than once in the header "
                        "(columns 5, 33): the map cannot tell which to read (rename all but one of them in the header)")
    assert lines[2].startswith(f"  {MAP}:")
    assert lines[2].endswith("the column `How fast does your market change?` is not in the header of "
                             f"{path} (did you mean `How fast is your market?`?)")


@pytest.mark.parametrize(("data", "message"), [
    (b"", "the file is empty: expected a header line naming the columns, then one row per respondent"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "this is an image, not CSV"),
    (b"PK\x03\x04\x14\x00\x06\x00", "this is a spreadsheet (.xlsx) or another zip file, not CSV: export the sheet as "
                                    "CSV"),
    (b"Just some notes\nabout our company\n", "the column `Timestamp` is not in the header"),
])
def test_a_file_that_is_not_an_export_is_refused_with_exit_3(capsys: Any, tmp_path: Path, data: bytes,
                                                             message: str) -> None:
    code, out, err = run(capsys, write(tmp_path, data), "--map", MAP, "-o", str(tmp_path / "out.csv"))
    assert (code, out) == (3, "")
    assert message in err
    assert not (tmp_path / "out.csv").exists()


def test_make_map_on_a_file_of_one_column(capsys: Any, tmp_path: Path) -> None:
    code, out, err = run(capsys, write(tmp_path, b"Just some notes\nabout our company\n"), "--make-map")
    assert (code, out) == (3, "")
    assert "the header has a single column: the file is not CSV" in err and "--delimiter" in err


def test_a_line_over_the_limit_is_one_rejected_row(capsys: Any, tmp_path: Path) -> None:
    path = write(tmp_path, LINES[0] + GOOD[0] + b"x" * 5000 + b"\n" + GOOD[1])
    code, out, err = run(capsys, path, "--map", MAP, "--max-row-bytes", "2000")
    assert code == 3
    assert f"{path}:3:1: the line is longer than 2,000 bytes: skipped without reading it" in err
    assert [row["status"] for row in csv.DictReader(io.StringIO(out))] == ["scored", "rejected", "scored"]


def test_a_missing_file_or_a_folder_is_exit_4(capsys: Any, tmp_path: Path) -> None:
    code, _, err = run(capsys, str(tmp_path / "nope.csv"), "--map", MAP)
    assert code == 4 and "cannot read: no such file" in err
    code, _, err = run(capsys, str(tmp_path), "--map", MAP)
    assert code == 4 and "it is a folder" in err


def test_json_lines_in_and_out(capsys: Any, tmp_path: Path) -> None:
    header = next(csv.reader([LINES[0].decode()]))
    objects = [dict(zip(header, next(csv.reader([line.decode()])), strict=True)) for line in GOOD[:3]]
    path = write(tmp_path, "".join(json.dumps(o) + "\n" for o in objects).encode() + b"{broken\n", "in.jsonl")
    code, out, _ = run(capsys, path, "--map", MAP, "--format", "jsonl")
    assert code == 3
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["status"] for r in records] == ["scored"] * 3 + ["rejected"]
    assert records[0]["row"] == objects[0]["Timestamp"]


# -- as a process -------------------------------------------------------------------------------------

def test_a_progress_bar_on_a_terminal_and_never_in_the_output(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_bytes(LINES[0] + b"".join(GOOD) * 60)  # ~12,000 rows: a few seconds, so the bar is drawn
    main, child = pty.openpty()
    try:
        proc = process(str(path), "--map", MAP, "-o", str(tmp_path / "out.csv"), cwd=tmp_path, stderr=child)
        os.close(child)
        child = -1
        drawn = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(main)
        if child >= 0:
            os.close(child)
    assert proc.returncode == 0
    text = drawn.decode()
    assert "\r[" in text and "rows/s" in text and "%" in text  # the bar, redrawn in place
    assert f"{path}: 11,940 rows, 11,940 scored, 0 rejected\r\nverdicts: " in text  # the bar cleared first
    assert "rows/s" not in (tmp_path / "out.csv").read_text(encoding="utf-8")


def test_no_progress_bar_when_stderr_is_not_a_terminal(responses: Path, tmp_path: Path) -> None:
    proc = process(str(responses), "--map", MAP, cwd=tmp_path)
    assert proc.returncode == 0
    assert "\r" not in proc.stderr and "rows/s" not in proc.stderr


@pytest.mark.parametrize("module", ["advisor.cli_batch", "advisor.batch.rows", "advisor.batch.mapfile",
                                    "advisor.batch.cells", "advisor.batch.run", "advisor.batch.writers",
                                    "advisor.batch.makemap", "advisor.batch.mapwriter", "advisor.batch.similar"])
def test_batch_imports_no_textual(module: str, tmp_path: Path) -> None:
    code = f"import sys, {module}\nprint(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert (proc.returncode, proc.stdout.strip()) == (0, "[]"), proc.stderr


def test_json_lines_keys_the_map_reads_that_no_row_has_are_named(capsys: Any, tmp_path: Path) -> None:
    path = write(tmp_path, b'{"Company name": "Acme", "Where is your company today?": "Mature / established"}\n',
                 "in.jsonl")
    code, out, err = run(capsys, path, "--map", MAP)
    assert code == 0 and "1,scored,Acme," in out
    warning = err.splitlines()[0]
    assert warning.startswith(f"advisor: warning: {path}: no row has the keys `How many people sell full time?`, ")
    assert "`Where is your company today?`" not in warning
    assert err.splitlines()[1] == f"{path}: 1 row, 1 scored, 0 rejected"
