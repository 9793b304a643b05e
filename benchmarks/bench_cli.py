"""How long does a whole ``advisor evaluate`` process take, compared with just importing its libraries?

Times the complete command a user runs,
``python -m advisor evaluate ANSWERS`` (report to /dev/null), against the
baseline ``python -c "import yaml, jinja2"``: a Python process that only
imports the two third-party libraries the advisor is built on. The
difference is the advisor's own cost: importing its modules, loading and
validating the ruleset, reading the answers, evaluating, "what would change
this", and rendering the report.

   **Target: the median ``advisor evaluate`` at most 1.3x the median baseline.**

``python -m advisor rules check`` (load and validate the ruleset only) and
``python -c pass`` (bare interpreter start-up) are timed alongside, for
information.

Runs are interleaved (every round runs each command once, in a rotating
order; default 20 rounds) because the machines here are noisy; the table
shows the median and minimum wall time of each. All processes run with
``XDG_CACHE_HOME`` pointing at a fresh temporary folder: the parsed ruleset
files and the report template's compiled form are cached there by the first
``advisor evaluate`` run, which is timed separately (cold cache, median of 5
fresh folders) before the rounds; the timed rounds then measure the warm
cache, as every later run of a user sees it.

Bytecode: processes run with ``PYTHONPYCACHEPREFIX`` set to a temporary
folder and ``PYTHONDONTWRITEBYTECODE`` removed, so every module (the
advisor's, yaml's, jinja2's) is loaded from a ``.pyc`` compiled once in the
warm-up, as in an installed wheel, and nothing is written to the checkout.
``--as-is`` keeps the inherited settings instead: where
``PYTHONDONTWRITEBYTECODE=1`` is set (as on the machines here) and
``advisor/`` has no ``__pycache__``, every run recompiles the advisor's
sources, which costs some 40 ms more per run.

The answers file is ``--answers FILE`` if given, else an example from
``examples/`` (``both-phased.yaml`` if present, else the first ``*.yaml``),
else one generated with ``advisor template`` and filled from a random valid
answer set (every question answered, with sales reps so that every question
is shown).

Run from the repository root: ``python benchmarks/bench_cli.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.3
PREFERRED_EXAMPLE = "both-phased.yaml"


def pick_answers(tmp: Path, env: dict[str, str], seed: int) -> tuple[Path, str]:
    examples = ROOT / "examples"
    found = sorted(examples.glob("*.yaml")) if examples.is_dir() else []
    if found:
        preferred = examples / PREFERRED_EXAMPLE
        chosen = preferred if preferred in found else found[0]
        return chosen, f"example {chosen.relative_to(ROOT)}"
    return generate_answers(tmp, env, seed), "generated from `advisor template` (examples/ has no *.yaml)"


def generate_answers(tmp: Path, env: dict[str, str], seed: int) -> Path:
    """``advisor template``, filled in from one random valid answer set."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_engine import random_answers

    from advisor.loader import load_ruleset
    from advisor.resources import default_rules

    ruleset = load_ruleset(default_rules())
    answers = next(a for a in random_answers(ruleset, 1000, seed, p_unanswered=0.0)
                   if a.get("sales_reps", 0) > 0 and a.get("rep_reactivity") != "proactive")
    template = subprocess.run([sys.executable, "-m", "advisor", "template"], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=True).stdout
    filled = template
    for qid, value in answers.items():
        # JSON scalars and lists are valid YAML flow values (strings stay quoted).
        filled, count = re.subn(rf"(?m)^(\s+{re.escape(qid)}):[ \t]*$", rf"\1: {json.dumps(value)}", filled)
        if count != 1:
            raise SystemExit(f"bench_cli: cannot find `{qid}:` in the answers template")
    path = tmp / "answers.yaml"
    path.write_text(filled, encoding="utf-8")
    return path


def run(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"bench_cli: {' '.join(cmd)} failed with exit code {proc.returncode}:\n"
                         + proc.stderr.decode(errors="replace"))
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="interleaved rounds (default 20)")
    parser.add_argument("--answers", metavar="FILE", help="answers file to evaluate (default: an example)")
    parser.add_argument("--seed", type=int, default=20240601, help="seed for a generated answers file")
    parser.add_argument("--as-is", action="store_true",
                        help="keep the inherited bytecode settings (with PYTHONDONTWRITEBYTECODE=1 and no "
                             "__pycache__ in advisor/, every run compiles the advisor's sources)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as tmpname:
        tmp = Path(tmpname)
        cache = tmp / "cache"
        cache.mkdir()
        env = dict(os.environ, XDG_CACHE_HOME=str(cache))
        if not args.as_is:
            # Byte-compiled modules, as an installed wheel has them (pip compiles on install), without
            # writing outside the temporary folder: every process reads and writes .pyc files there.
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        if args.answers:
            answers, source = Path(args.answers).resolve(), "given with --answers"
        else:
            answers, source = pick_answers(tmp, env, args.seed)

        commands = {
            "advisor evaluate": [sys.executable, "-m", "advisor", "evaluate", str(answers)],
            "import yaml, jinja2 (baseline)": [sys.executable, "-c", "import yaml, jinja2"],
            "advisor rules check": [sys.executable, "-m", "advisor", "rules", "check"],
            "python -c pass": [sys.executable, "-c", "pass"],
        }
        print(f"bench_cli: {answers} ({source}); Python {sys.version.split()[0]}; {args.rounds} rounds")
        print("bytecode: " + ("inherited settings (--as-is): PYTHONDONTWRITEBYTECODE="
                              + os.environ.get("PYTHONDONTWRITEBYTECODE", "(unset)") if args.as_is
                              else "every process uses .pyc files cached under a temporary PYTHONPYCACHEPREFIX"))

        # Compile every module's .pyc first (with a throwaway cache folder), so that the next run differs
        # from the timed ones only by the empty cache: it parses the ruleset and compiles the template.
        # A first run in a fresh cache folder is timed five times (each in a new folder), for information.
        run(commands["advisor evaluate"], dict(env, XDG_CACHE_HOME=str(tmp / "throwaway-cache")))
        colds = [run(commands["advisor evaluate"], dict(env, XDG_CACHE_HOME=str(tmp / f"cold-{j}")))
                 for j in range(5)]
        run(commands["advisor evaluate"], env)  # fills the cache the timed runs use
        kinds: dict[str, int] = {}
        for path in cache.rglob("*"):
            if path.is_file():  # advisor/<kind>/...
                kind = path.relative_to(cache).parts[1]
                kinds[kind] = kinds.get(kind, 0) + 1
        written = ", ".join(f"{kind} ({n} file{'' if n == 1 else 's'})" for kind, n in sorted(kinds.items()))
        print(f"first `advisor evaluate` run, empty cache: {statistics.median(colds) * 1e3:.0f} ms (median of 5). "
              f"It writes {written} under XDG_CACHE_HOME={cache};\n"
              "the timed runs below are later runs that reuse them.")
        for cmd in commands.values():  # warm the OS file cache and .pyc files once
            run(cmd, env)

        names = list(commands)
        times: dict[str, list[float]] = {name: [] for name in names}
        for i in range(args.rounds):
            k = i % len(names)
            for name in names[k:] + names[:k]:
                times[name].append(run(commands[name], env))

    print(f"\n{'command':<34}{'median ms':>11}{'min ms':>9}{'x baseline':>12}")
    base_med = statistics.median(times["import yaml, jinja2 (baseline)"])
    for name in names:
        med = statistics.median(times[name])
        print(f"{name:<34}{med * 1e3:>11.1f}{min(times[name]) * 1e3:>9.1f}{med / base_med:>11.2f}x")
    ratio = statistics.median(times["advisor evaluate"]) / base_med
    ratio_min = min(times["advisor evaluate"]) / min(times["import yaml, jinja2 (baseline)"])
    own = (statistics.median(times["advisor evaluate"]) - base_med) * 1e3
    print(f"\nratio of medians, advisor evaluate / import yaml, jinja2: {ratio:.2f}x   "
          f"target: at most {TARGET:.1f}x   -> {'within target' if ratio <= TARGET else 'OVER target'}")
    print(f"(ratio of minimums, for information: {ratio_min:.2f}x)")
    print(f"the advisor's own cost over the baseline: {own:.1f} ms per run "
          "(machines here are noisy; compare ratios, not absolute times)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
