"""Does the advisor's cost grow linearly with the size of the ruleset?

A consultant's ruleset can be many times the default one. This script makes
rulesets 10x and 50x the default (``--scales``): every question and every
rule copied that many times, each copy with ids of its own (``_c2``,
``_c3`` ...) and its conditions, ``show_if`` and rationale placeholders
pointing at its own copies; the policy, the functions and the cases stay the
default's. For each size it times, in this process (best of ``--rounds``):

- ``load_ruleset``, with the parse cache warm (as every run after the first
  finds it) and with none (``cache=False``: parse, validate and analyse);
- what the first evaluation adds: writing and compiling the ruleset's
  functions (advisor/compiled.py; later runs read them from the cache);
- ``evaluate`` of one answer set, averaged over ``--answers`` random valid
  sets (every copy answered alike, so the verdicts match the default's);
- ``what_would_change`` of the same sets.

It prints each figure and its ratio to the default ruleset's. **Linear
means the ratio is at most the scale** (10x and 50x the questions and rules:
at most about 10x and 50x the time). Nothing is asserted; the script reports.

Run from the repository root: ``python benchmarks/bench_scale.py`` (about
a minute on a 2-core machine).
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from advisor.compiled import compiled  # noqa: E402
from advisor.engine import evaluate, what_would_change  # noqa: E402
from advisor.loader import load_ruleset  # noqa: E402
from advisor.resources import default_rules  # noqa: E402


def _renamed(node: Any, rename: dict[str, str]) -> Any:
    """A condition with every ``question:`` id renamed."""
    if isinstance(node, dict):
        return {k: (rename.get(v, v) if k == "question" else _renamed(v, rename)) for k, v in node.items()}
    if isinstance(node, list):
        return [_renamed(item, rename) for item in node]
    return node


def _placeholders(text: Any, rename: dict[str, str]) -> Any:
    if isinstance(text, dict):
        return {lang: _placeholders(value, rename) for lang, value in text.items()}
    if isinstance(text, str):
        return re.sub(r"\{([a-z0-9_]+)\}", lambda m: "{" + rename.get(m[1], m[1]) + "}", text)
    return text


def scaled_rules(folder: Path, scale: int) -> Path:
    """The default ruleset with its questions and rules ``scale`` times over, written to ``folder``."""
    shutil.copytree(default_rules(), folder)
    questions = yaml.safe_load((folder / "questions.yaml").read_text(encoding="utf-8"))
    rules = yaml.safe_load((folder / "rules.yaml").read_text(encoding="utf-8"))
    originals, original_rules = list(questions["questions"]), list(rules["rules"])
    for n in range(2, scale + 1):
        rename = {q["id"]: f"{q['id']}_c{n}" for q in originals}
        for q in originals:
            twin = copy.deepcopy(q)
            twin["id"] = rename[q["id"]]
            if "show_if" in twin:
                twin["show_if"] = _renamed(twin["show_if"], rename)
            questions["questions"].append(twin)
        for rule in original_rules:
            twin = copy.deepcopy(rule)
            twin["id"] = f"{rule['id']}_c{n}"
            twin["when"] = _renamed(twin["when"], rename)
            twin["rationale"] = _placeholders(twin["rationale"], rename)
            rules["rules"].append(twin)
    for name, data in (("questions.yaml", questions), ("rules.yaml", rules)):
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def _origin(qid: str) -> str:
    return re.sub(r"_c[0-9]+\Z", "", qid)


def answer_sets(ruleset: Any, count: int, seed: int) -> list[dict[str, Any]]:
    """Random valid answers to the default questions, given alike to every copy of each."""
    rng = random.Random(seed)
    originals = [q for q in ruleset.questions if _origin(q.id) == q.id]
    out = []
    for _ in range(count):
        base: dict[str, Any] = {}
        for q in originals:
            if rng.random() < 0.15:
                continue
            if q.type in ("choice", "scale"):
                base[q.id] = rng.choice(q.option_values)
            elif q.type == "yesno":
                base[q.id] = rng.random() < 0.5
            elif q.type == "number":
                base[q.id] = rng.randint(int(q.minimum or 0), int(q.minimum or 0) + 30)
            else:
                base[q.id] = [v for v in q.option_values if rng.random() < 0.5]
        out.append({q.id: base[_origin(q.id)] for q in ruleset.questions if _origin(q.id) in base})
    return out


def best(fn: Callable[[], Any], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(folder: Path, answers_count: int, rounds: int, seed: int) -> dict[str, float]:
    ruleset = load_ruleset(folder, with_cases=False)  # fills the parse cache
    out = {"questions": len(ruleset.questions), "rules": len(ruleset.rules)}
    out["load, cache warm (ms)"] = best(lambda: load_ruleset(folder, with_cases=False), rounds) * 1e3
    out["load, no cache (ms)"] = best(lambda: load_ruleset(folder, with_cases=False, cache=False), rounds) * 1e3

    compile_times = []
    for _ in range(rounds):
        fresh = load_ruleset(folder, with_cases=False, cache=False)  # no kept code: written and compiled
        start = time.perf_counter()
        compiled(fresh)
        compile_times.append(time.perf_counter() - start)
    out["first evaluation: compile (ms)"] = min(compile_times) * 1e3
    sets = answer_sets(ruleset, answers_count, seed)
    evaluate(ruleset, sets[0])
    out["evaluate (µs)"] = best(lambda: [evaluate(ruleset, a) for a in sets], rounds) / len(sets) * 1e6
    results = [evaluate(ruleset, a) for a in sets]
    pairs = list(zip(sets, results, strict=True))
    out["what_would_change (ms)"] = best(lambda: [what_would_change(ruleset, a, r) for a, r in pairs],
                                         rounds) / len(sets) * 1e3
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="10,50", help="sizes besides the default, comma-separated (default 10,50)")
    parser.add_argument("--answers", type=int, default=100, help="random answer sets per size (default 100)")
    parser.add_argument("--rounds", type=int, default=3, help="best of this many (default 3)")
    parser.add_argument("--seed", type=int, default=20261203)
    args = parser.parse_args(argv)
    scales = [1, *(int(s) for s in args.scales.split(","))]
    print(f"bench_scale: Python {sys.version.split()[0]}, best of {args.rounds}, {args.answers} answer sets")
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        os.environ.setdefault("ADVISOR_MAX_RULESET_MIB", "64")  # 50x the default is past the default limit
        found = {}
        for scale in scales:
            folder = scaled_rules(Path(tmp) / f"rules-{scale}x", scale)
            size = sum(p.stat().st_size for p in folder.glob("*.yaml")) / 2**20
            found[scale] = measure(folder, args.answers, args.rounds, args.seed)
            found[scale]["files (MiB)"] = size
    base = found[1]
    names = [name for name in base if name not in ("questions", "rules")]
    print(f"\n{'':<34}" + "".join(f"{f'{s}x':>22}" for s in scales))
    sizes = [f"{found[s]['questions']:.0f} / {found[s]['rules']:.0f}" for s in scales]
    print(f"{'questions / rules':<34}" + "".join(f"{size:>22}" for size in sizes))
    for name in names:
        cells = []
        for s in scales:
            value = found[s][name]
            cells.append(f"{value:>10.2f}" + (f" ({value / base[name]:>6.1f}x)" if s != 1 else f"{'':>10}"))
        print(f"{name:<34}" + "".join(f"{c:>22}" for c in cells))
    print("\nlinear: each ratio at most the scale (10x the questions and rules: at most about 10x the time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
