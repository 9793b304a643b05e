"""Does ``advisor batch`` stream? Its memory and time from a thousand rows to a million.

For each row count of ``--rows`` (default 1,000 and 10,000; ``--rows
1000,1000000`` for the full measure, about five minutes on a 2-core machine),
the script writes a CSV of that many made-up respondents to a temp folder,
generated on the fly in the format of examples/batch/responses.csv (the
same form, so examples/batch/map.yaml reads it), then runs

    python -m advisor batch ROWS.csv --map examples/batch/map.yaml -o OUT.csv --rejects REJECTS.csv

as a child process and reports its wall time and its peak memory (the
child's ``ru_maxrss``, from ``os.wait4``). **Streaming means the peak memory
is the same at every row count.** A run of the header alone gives the
fixed cost (interpreter, imports, the ruleset, the map).

The baseline, timed in this process on the same file: reading and parsing
it with the csv module and nothing else (best of 3). The ratio says how many
times longer scoring a row takes than reading it; most of it is the
direction's final confidence (``judge``: ``what_would_change`` works out
some 70 alternative answers a row).

``--stages`` also times, in process on 5,000 rows, where a row's time goes:
the csv module's parse, the advisor's row reader, the cells turned into
answers through the map, ``evaluate``, the final confidence and the output
record (``run.score_row``), and, for comparison, ``judge`` on every row
without ``run.final_confidence``'s shortcut.

Run from the repository root: ``python benchmarks/bench_batch.py``.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "batch"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(EXAMPLE))

import generate  # noqa: E402 - examples/batch/generate.py: the form and its made-up respondents


def write_rows(path: Path, count: int, seed: int = 7) -> None:
    """``count`` respondents, written as they are made (a million rows never sit in memory here either)."""
    rng = random.Random(seed)
    kinds = [kind for kind, spec in generate.KINDS.items() for _ in range(spec[0])]
    titles = [title for title, _, _ in generate.FORM]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["Timestamp", "Email address", "Company name", "Your name", *titles, "Comments"])
        for number in range(count):
            answers = generate.respondent(rng, rng.choice(kinds))
            writer.writerow([f"r{number}", f"p{number}@example.com", f"Company {number % 5000}", f"Person {number}",
                             *(answers.get(title, "") for title in titles), ""])


def run_batch(path: Path, tmp: Path) -> tuple[float, int, int, str]:
    """(wall seconds, peak RSS in KiB, exit code, last line of stderr) of one `advisor batch` child."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp / "cache")}
    command = [sys.executable, "-m", "advisor", "batch", str(path), "--map", str(EXAMPLE / "map.yaml"),
               "-o", str(tmp / "out.csv"), "--rejects", str(tmp / "rejects.csv"), "--force"]
    start = time.perf_counter()
    with open(tmp / "stderr.txt", "wb") as err:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    lines = (tmp / "stderr.txt").read_text(encoding="utf-8").strip().splitlines()
    return wall, usage.ru_maxrss, child.returncode, lines[0] if lines else ""


def parse_only(path: Path) -> float:
    """Best of 3: reading and parsing the whole file with the csv module, in this process."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        with path.open(encoding="utf-8", newline="") as source:
            for _row in csv.reader(source):
                pass
        times.append(time.perf_counter() - start)
    return min(times)


def stages(path: Path) -> None:
    """Where a row's time goes, in this process, each stage timed with the ones before it (best of 3)."""
    from advisor.batch import run
    from advisor.batch.cells import bind
    from advisor.batch.mapfile import load_map
    from advisor.batch.rows import Row, read_rows
    from advisor.engine import evaluate, judge
    from advisor.loader import load_ruleset
    from advisor.resources import default_rules

    ruleset = load_ruleset(default_rules())
    the_map = load_map(EXAMPLE / "map.yaml", ruleset)

    def rows() -> Any:
        with path.open("rb") as stream:
            found = read_rows(stream, str(path))
            yield bind(the_map, ruleset, found.header, str(path))
            yield from found

    def parse() -> None:
        with path.open(encoding="utf-8", newline="") as source:
            for _row in csv.reader(source):
                pass

    def read() -> None:
        for _ in rows():
            pass

    def cells() -> None:
        found = rows()
        reader = next(found)
        for row in found:
            reader.answers(row.cells)

    def evaluated() -> None:
        found = rows()
        reader = next(found)
        for row in found:
            evaluate(ruleset, reader.answers(row.cells)[0])

    def scored() -> None:  # what `advisor batch` does for a row, less writing it out
        found = rows()
        reader = next(found)
        for row in found:
            if isinstance(row, Row):
                run.score_row(ruleset, reader, row)

    def judged() -> None:  # the same, with judge's what_would_change on every row (no shortcut)
        found = rows()
        reader = next(found)
        for row in found:
            answers = reader.answers(row.cells)[0]
            judge(ruleset, answers, evaluate(ruleset, answers))

    steps = (("csv module: read and parse", parse), ("advisor's row reader (checks each row)", read),
             ("+ cells to answers, through the map", cells), ("+ evaluate", evaluated),
             ("+ final confidence and the output record", scored),
             ("(evaluate + judge on every row, no shortcut)", judged))
    best = {name: min(_timed(step) for _ in range(3)) for name, step in steps}
    count = sum(1 for _ in rows()) - 1
    base = best[steps[0][0]]
    print(f"\nwhere a row's time goes, in process, {count:,} rows, best of 3 (ratio to the csv module's parse):")
    for name, seconds in best.items():
        print(f"    {name:<48}{seconds / count * 1e6:>9.1f} µs a row {seconds / base:>8.1f}x")


def _timed(step: Any) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="1000,10000", help="row counts, comma-separated (default: 1000,10000)")
    parser.add_argument("--stages", action="store_true", help="also time each stage of a row, in process")
    args = parser.parse_args()
    counts = [int(n) for n in args.rows.split(",")]
    print(f"advisor batch, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"{'rows':>10} {'file MiB':>9} {'batch s':>9} {'peak RSS MiB':>13} {'csv parse s':>12} {'ratio':>8} "
          f"{'ms/row':>7}")
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as folder:
        tmp = Path(folder)
        header_only = tmp / "rows-0.csv"
        write_rows(header_only, 0)
        run_batch(header_only, tmp)  # warm the parse cache, as every later run of a user finds it
        fixed, fixed_rss, _, _ = run_batch(header_only, tmp)
        print(f"{0:>10,} {header_only.stat().st_size / 2**20:>9.1f} {fixed:>9.2f} {fixed_rss / 1024:>13.1f} "
              f"{'':>12} {'':>8} {'':>7}   (the fixed cost)")
        for count in counts:
            path = tmp / f"rows-{count}.csv"
            write_rows(path, count)
            wall, rss, code, said = run_batch(path, tmp)
            parse = parse_only(path)
            per_row = (wall - fixed) / count * 1e3
            print(f"{count:>10,} {path.stat().st_size / 2**20:>9.1f} {wall:>9.2f} {rss / 1024:>13.1f} "
                  f"{parse:>12.3f} {(wall - fixed) / parse:>8.0f} {per_row:>7.2f}   exit {code}: {said}",
                  flush=True)
            path.unlink()
        if args.stages:
            sample = tmp / "rows-stages.csv"
            write_rows(sample, 5000)
            stages(sample)
    print("\nratio: (batch time - fixed cost) / csv parse time of the same file")


if __name__ == "__main__":
    main()
