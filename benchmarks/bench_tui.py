"""How quickly does the questionnaire app respond, compared with a bare Textual app in the same run?

Each round starts two processes, in alternating order: a bare Textual app
with one Label, and the questionnaire (benchmarks/tui_probe.py runs both).
Every time is taken where a frame is painted (the compositor handing a frame
to the app's display), and keys go into the app's driver as a terminal's
would, not through ``Pilot.press`` (whose wait for idle adds 80-250 ms).
Each figure is printed as min, median and max over the rounds, with the
ratio to its anchor in the same run; no timed assertions anywhere.

1. Start-up: process start to the first question painted (the
   questionnaire opened on an answers file holding the first two answers),
   against process start to the bare app's first paint.
   **Target: at most 1.3x.**
2. Enter to the next question painted, for every question (its answer
   chosen just before), against Enter to the bare app's Label repainted.
   **Target: median at most 36 ms.**
3. The result screen with the whole report painted, from asking for it
   after a second on the review screen (a person reads it first; the app
   prepares the report in that idle time, advisor/ui/idle.py).
   **Target: at most 150 ms.**
4. Peak RSS at the first question and at the result screen, against the
   bare app's. **Targets: at most 1.3x and 1.6x.**

Run from the repository root: ``python benchmarks/bench_tui.py`` (about a
minute with the default 5 rounds).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PROBE = Path(__file__).resolve().parent / "tui_probe.py"


def first_answers(folder: Path) -> Path:
    """An answers file with the first two answers of examples/clear-salesops.yaml: it opens on question 3."""
    lines = (ROOT / "examples" / "clear-salesops.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("answers:"))
    path = folder / "start.yaml"
    path.write_text("".join(line for line in lines[: start + 3] if not line.startswith("position:")),
                    encoding="utf-8")
    return path


def probe(mode: str, answers: Path, store: Path, env: dict[str, str]) -> dict[str, Any]:
    """One child run; ``start`` is added: its first paint's time since the process was started."""
    started = time.time()
    done = subprocess.run([sys.executable, str(PROBE), mode, str(answers), str(store)], env=env, check=True,
                          capture_output=True, text=True, cwd=ROOT)
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    found["start"] = found["first_paint"] - started
    return found


def spread(values: list[float], scale: float = 1e3) -> str:
    return (f"min {min(values) * scale:7.1f}  median {statistics.median(values) * scale:7.1f}  "
            f"max {max(values) * scale:7.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds, each one process of each app (default 5)")
    args = parser.parse_args(argv)
    runs: dict[str, list[dict[str, Any]]] = {"bare": [], "advisor": []}
    with tempfile.TemporaryDirectory(prefix="bench-tui-") as tmp:
        folder = Path(tmp)
        env = dict(os.environ, XDG_CACHE_HOME=f"{tmp}/cache", XDG_DATA_HOME=f"{tmp}/data",
                   XDG_CONFIG_HOME=f"{tmp}/config", PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=f"{tmp}/pycache")
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed package runs: from .pyc files
        answers = first_answers(folder)
        for mode in ("bare", "advisor"):  # bytecode and the advisor's caches, as every later run finds them
            probe(mode, answers, folder / "warm", env)
        for i in range(args.rounds):
            for mode in (("bare", "advisor") if i % 2 == 0 else ("advisor", "bare")):
                runs[mode].append(probe(mode, answers, folder / f"store-{i}", env))
    bare, adv = runs["bare"], runs["advisor"]
    start_ratios = [a["start"] / b["start"] for a, b in zip(adv, bare, strict=True)]
    keys = [x for run in bare for x in run["key_to_paint"]]
    steps = [x for run in adv for x in run["enter_to_next"]]
    results = [run["result"] for run in adv]
    rss_bare = [run["rss_first"] for run in bare]
    print(f"bench_tui: Python {sys.version.split()[0]}, {args.rounds} rounds (ms; RSS in MiB)")
    print(f"\nstart-up to first paint     bare app       {spread([b['start'] for b in bare])}")
    print(f"                            first question {spread([a['start'] for a in adv])}")
    print(f"                            ratio          {spread(start_ratios, 1)}   target at most 1.3x")
    print(f"\nkey to paint                bare app       {spread(keys)}   ({len(keys)} keys)")
    print(f"Enter to next question      advisor        {spread(steps)}   ({len(steps)} questions)"
          f"   target median at most 36 ms")
    print(f"                            ratio of medians {statistics.median(steps) / statistics.median(keys):.1f}x")
    print(f"\nresult screen, whole report advisor        {spread(results)}   target at most 150 ms")
    print(f"                            ratio of medians to the bare key-to-paint "
          f"{statistics.median(results) / statistics.median(keys):.0f}x")
    print(f"\npeak RSS                    bare app       {spread(rss_bare, 1)}")
    for name, key, target in (("first question", "rss_first", 1.3), ("result screen ", "rss_result", 1.6)):
        values = [run[key] for run in adv]
        ratio = statistics.median(values) / statistics.median(rss_bare)
        print(f"                            {name} {spread(values, 1)}   {ratio:.2f}x (target at most {target}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
