"""How long does a whole ``advisor evaluate`` process take, compared with just importing its libraries?

Times the complete command a user runs,
``python -m advisor evaluate ANSWERS`` (report to /dev/null), against the
baseline ``python -c "import yaml, jinja2"``: a Python process that only
imports the two third-party libraries the advisor is built on. The
difference is the advisor's own cost: importing its modules, loading and
validating the ruleset, reading the answers, evaluating, "what would change
this", and rendering the report.

   **Targets (issue 14): later runs (warm cache) at most 1.2x the median
   baseline; the first run after an install (empty cache) at most 1.25x.**

``python -m advisor rules check`` (load and validate the ruleset only) and
``python -c pass`` (bare interpreter start-up) are timed alongside, for
information.

The advisor runs as installed: the script lays the package out in a
temporary folder as the wheel does (the default ruleset and templates in
``advisor/_data``, the caches hatch_build.py builds in ``advisor/_prebuilt``,
with ``python -m advisor.prebuild``) and runs it from there
(``--checkout``: from this checkout instead, without prebuilt caches).

Runs are interleaved (every round runs each command once, in a rotating
order; default 20 rounds) because the machines here are noisy; the table
shows the median and minimum wall time of each. "First run" is
``advisor evaluate`` with ``XDG_CACHE_HOME`` pointing at a new empty folder
each time, as the first run after an install; the other commands share one
cache folder, filled before the rounds, as every later run sees it.

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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_WARM = 1.2
TARGET_COLD = 1.25
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


def install(site: Path, env: dict[str, str]) -> None:
    """The package laid out in ``site`` as the wheel installs it (pyproject.toml, hatch_build.py)."""
    shutil.copytree(ROOT / "advisor", site / "advisor", ignore=shutil.ignore_patterns("__pycache__", "_prebuilt"))
    for name in ("rules", "reports"):
        shutil.copytree(ROOT / name, site / "advisor" / "_data" / name)
    prebuilt = site / "advisor" / "_prebuilt"
    subprocess.run([sys.executable, "-m", "advisor.prebuild", str(prebuilt)], cwd=site, check=True,
                   env=dict(env, PYTHONPATH=str(site), XDG_CACHE_HOME=str(prebuilt)), stdout=subprocess.DEVNULL)


def run(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
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
    parser.add_argument("--checkout", action="store_true",
                        help="run the advisor from this checkout (no prebuilt caches) rather than laid out as "
                             "the wheel installs it")
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
        where = ROOT
        if not args.checkout:
            where = tmp / "site"
            install(where, env)
            env["PYTHONPATH"] = str(where)
        if args.answers:
            answers, source = Path(args.answers).resolve(), "given with --answers"
        else:
            answers, source = pick_answers(tmp, env, args.seed)

        evaluate = [sys.executable, "-m", "advisor", "evaluate", str(answers)]
        commands = {
            "advisor evaluate": evaluate,
            "advisor evaluate, first run": evaluate,
            "import yaml, jinja2 (baseline)": [sys.executable, "-c", "import yaml, jinja2"],
            "advisor rules check": [sys.executable, "-m", "advisor", "rules", "check"],
            "python -c pass": [sys.executable, "-c", "pass"],
        }
        print(f"bench_cli: {answers} ({source}); Python {sys.version.split()[0]}; {args.rounds} rounds")
        print("advisor: " + ("this checkout (--checkout), no prebuilt caches" if args.checkout
                             else f"laid out as the wheel installs it, prebuilt caches included, in {where}"))
        print("bytecode: " + ("inherited settings (--as-is): PYTHONDONTWRITEBYTECODE="
                              + os.environ.get("PYTHONDONTWRITEBYTECODE", "(unset)") if args.as_is
                              else "every process uses .pyc files cached under a temporary PYTHONPYCACHEPREFIX"))

        # Compile every module's .pyc first (with a throwaway cache folder), then fill the cache the later
        # runs share; say what a first run writes there.
        run(evaluate, dict(env, XDG_CACHE_HOME=str(tmp / "throwaway-cache")), where)
        run(evaluate, env, where)
        kinds: dict[str, int] = {}
        for path in cache.rglob("*"):
            if path.is_file():  # advisor/<kind>/...
                kind = path.relative_to(cache).parts[1]
                kinds[kind] = kinds.get(kind, 0) + 1
        written = ", ".join(f"{kind} ({n} file{'' if n == 1 else 's'})" for kind, n in sorted(kinds.items()))
        print(f"a first run writes to its empty cache folder: {written or 'nothing'}")
        for cmd in commands.values():  # warm the OS file cache and .pyc files once
            run(cmd, env, where)

        names = list(commands)
        times: dict[str, list[float]] = {name: [] for name in names}
        for i in range(args.rounds):
            k = i % len(names)
            for name in names[k:] + names[:k]:
                first = name.endswith("first run")
                times[name].append(run(commands[name], dict(env, XDG_CACHE_HOME=str(tmp / f"first-{i}"))
                                       if first else env, where))

    print(f"\n{'command':<34}{'median ms':>11}{'min ms':>9}{'x baseline':>12}")
    base_med = statistics.median(times["import yaml, jinja2 (baseline)"])
    for name in names:
        med = statistics.median(times[name])
        print(f"{name:<34}{med * 1e3:>11.1f}{min(times[name]) * 1e3:>9.1f}{med / base_med:>11.2f}x")
    print()
    for name, target in (("advisor evaluate", TARGET_WARM), ("advisor evaluate, first run", TARGET_COLD)):
        ratio = statistics.median(times[name]) / base_med
        print(f"ratio of medians, {name} / import yaml, jinja2: {ratio:.2f}x   target: at most {target}x   "
              f"-> {'within target' if ratio <= target else 'OVER target'}")
    own = (statistics.median(times["advisor evaluate"]) - base_med) * 1e3
    print(f"the advisor's own cost over the baseline (later runs): {own:.1f} ms per run "
          "(machines here are noisy; compare ratios, not absolute times)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
