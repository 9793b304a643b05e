"""How fast is a workshop of 40 participants: the report command, and the facilitator view's work per change?

Two measurements, each with a baseline from the same run (the machines here
are noisy: compare ratios, and the absolute figures against the targets).

1. **The report.** ``python -m advisor workshop report DIR`` on a folder of
   40 participants (report to /dev/null), against ``python -m advisor
   evaluate ONE.yaml``, the single report a founder gets. Runs are
   interleaved, 10 rounds by default, warm cache. **Target: the workshop
   report under 0.5 s for the whole command.**
2. **The view's refresh.** After one participant's file changes, the view
   re-reads that file (``FolderReader``), re-evaluates the workshop
   (``analyse``) and, if the Textual app can be imported, updates its
   widgets (``FacilitatorScreen.refresh_workshop``, headless through
   ``App.run_test``). Timed per change over ``--changes`` changes, against
   the baseline of evaluating the 40 participants' answers once each.
   **Target: under 100 ms of work per change.**

The 40 participants are drawn from a fixed ``--seed``: each starts from one
of the five examples and changes a few answers at random (valid values
only), as a room of people who broadly agree but not on everything.

Run from the repository root: ``python benchmarks/bench_workshop.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLES = ["clear-salesops", "clear-revops", "both-phased", "both-unknown-cause", "not-yet"]
REPORT_TARGET = 0.5
REFRESH_TARGET = 0.100


def random_value(q: Any, rng: random.Random) -> Any:
    if q.type in ("choice", "scale"):
        return rng.choice(q.option_values)
    if q.type == "yesno":
        return rng.random() < 0.5
    if q.type == "multi":
        return [v for v in q.option_values if rng.random() < 0.4]
    low = int(q.minimum or 0)
    return rng.randint(low, low + 30)


def make_workshop(folder: Path, count: int, seed: int) -> Any:
    from advisor.answers import AnswersFile, dumps_answers, load_answers
    from advisor.loader import load_ruleset
    from advisor.resources import default_rules
    from advisor.workshop.folder import create_workshop

    ruleset = load_ruleset(default_rules())
    create_workshop(folder, ruleset, company="Benchmark Inc", date="2026-12-01")
    rng = random.Random(seed)
    roles = ["Founder", "Sales", "Marketing", "Customer success", "Finance"]
    for i in range(count):
        base = load_answers(ROOT / "examples" / f"{EXAMPLES[i % len(EXAMPLES)]}.yaml", ruleset)
        answers = dict(base.answers)
        for q in rng.sample(ruleset.questions, 4):
            answers[q.id] = random_value(q, rng)
        af = AnswersFile(answers=answers, company="Benchmark Inc", respondent=f"Person {i + 1}",
                         role=roles[i % len(roles)], ruleset_id=ruleset.id, ruleset_version=ruleset.version,
                         ruleset_hash=ruleset.hash)
        (folder / f"person-{i + 1:02d}.yaml").write_text(dumps_answers(af), encoding="utf-8")
    return ruleset


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return elapsed


def bench_report(folder: Path, rounds: int, env: dict[str, str]) -> tuple[float, float]:
    one = folder / "person-01.yaml"
    commands = {"workshop report": [sys.executable, "-m", "advisor", "workshop", "report", str(folder)],
                "evaluate (one)": [sys.executable, "-m", "advisor", "evaluate", str(one)]}
    for cmd in commands.values():
        timed(cmd, env)  # warm the caches
    times: dict[str, list[float]] = {name: [] for name in commands}
    for r in range(rounds):
        order = list(commands) if r % 2 == 0 else list(reversed(commands))
        for name in order:
            times[name].append(timed(commands[name], env))
    report, single = (statistics.median(times[name]) for name in commands)
    print(f"  workshop report, 40 participants: median {report * 1000:.0f} ms, min "
          f"{min(times['workshop report']) * 1000:.0f} ms (target < {REPORT_TARGET * 1000:.0f} ms)")
    print(f"  evaluate, one participant:        median {single * 1000:.0f} ms")
    print(f"  ratio workshop / single report: {report / single:.2f}x")
    return report, single


def bench_refresh(folder: Path, ruleset: Any, changes: int, seed: int) -> None:
    from advisor.answers import dumps_answers, load_answers
    from advisor.engine import evaluate
    from advisor.outputs import write_text
    from advisor.record import replace
    from advisor.workshop.analysis import analyse
    from advisor.workshop.folder import FolderReader, read_workshop

    info = read_workshop(folder, ruleset)
    reader = FolderReader(folder, ruleset)
    participants, _ = reader.read()
    rng = random.Random(seed + 1)
    files = sorted(folder.glob("person-*.yaml"))

    def touch_one() -> None:
        """One participant changes one answer, saved as the app saves it."""
        path = rng.choice(files)
        q = rng.choice([q for q in ruleset.questions if q.type in ("scale", "choice")])
        meta = load_answers(path, ruleset)
        answers = {**meta.answers, q.id: random_value(q, rng)}
        write_text(path, dumps_answers(replace(meta, answers=answers)))
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a new stamp even on a coarse clock

    baseline = []
    core = []
    for _ in range(changes):
        start = time.perf_counter()
        for p in participants:
            evaluate(ruleset, p.answers)
        baseline.append(time.perf_counter() - start)
        touch_one()
        start = time.perf_counter()
        participants, changed = reader.read()
        analyse(ruleset, info, participants)
        core.append(time.perf_counter() - start)
        assert changed
    base, work = statistics.median(baseline), statistics.median(core)
    print(f"  core work per change (re-read + analyse): median {work * 1000:.1f} ms, max {max(core) * 1000:.1f} ms")
    print(f"  baseline (evaluate 40 participants once): median {base * 1000:.1f} ms; ratio {work / base:.1f}x")
    try:
        from advisor.ui.facilitator import FacilitatorApp
    except ImportError:
        print("  (the facilitator view is not importable: widget updates not measured)")
        return
    work: list[float] = []
    idle: list[float] = []

    async def drive() -> None:
        app = FacilitatorApp(ruleset, folder, info, handle_signals=False, poll=3600.0)
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            screen = app.screen
            for _ in range(changes):
                touch_one()
                start = time.perf_counter()
                screen.refresh_workshop()  # type: ignore[attr-defined]
                work.append(time.perf_counter() - start)
                await pilot.pause()  # layout and paint, plus the test driver's own round trip
                idle.append(time.perf_counter() - start)

    asyncio.run(drive())
    print(f"  view refresh per change (re-read + analyse + widget updates): median "
          f"{statistics.median(work) * 1000:.1f} ms, max {max(work) * 1000:.1f} ms "
          f"(target < {REFRESH_TARGET * 1000:.0f} ms)")
    print(f"  ... until the app is idle again (layout, paint, Pilot's round trip): median "
          f"{statistics.median(idle) * 1000:.1f} ms, max {max(idle) * 1000:.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="advisor-bench-workshop-") as tmp_name:
        tmp = Path(tmp_name)
        for var, sub in (("HOME", "home"), ("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"),
                         ("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state")):
            os.environ[var] = str(tmp / sub)  # never the real home: the cache and sessions go here
        folder = tmp / "room"
        ruleset = make_workshop(folder, args.participants, args.seed)
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        print(f"Workshop of {args.participants} participants (seed {args.seed})")
        print("1. The report command")
        bench_report(folder, args.rounds, env)
        print("2. The facilitator view, per changed file")
        bench_refresh(folder, ruleset, args.changes, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
