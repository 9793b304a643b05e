"""What do ``advisor/record.py``, ``advisor/plan.py`` and positional ``Result`` construction save?

Three speed tricks of the core, each timed against the plain code that would
replace it, in the same run (ratios, because the machines here are noisy):

(a) **Class creation.** ``Record`` (one shared ``__init__``) against
    ``@dataclass(frozen=True, slots=True)``, which generates and compiles
    code per class. The same classes as the package's own (every subclass of
    ``Record`` and ``TupleRecord`` the core defines, with their fields and
    defaults, annotations as strings as under ``from __future__ import
    annotations``) are created in fresh interpreters that have already
    imported yaml and jinja2 (as every ``advisor evaluate`` has: jinja2
    brings ``inspect``, which ``dataclasses`` needs). Timed: importing the
    machinery (``advisor.record`` or ``dataclasses``) plus creating all the
    classes. Interleaved processes, medians. The core's own import is timed
    alongside, for scale.
(b) **Construction per instance.** ``Record`` against a frozen slots
    dataclass with the same fields, and ``TupleRecord`` (called, and built
    with ``tuple.__new__`` as ``engine.evaluate`` builds its ``Result``), for
    a 2-field ``Mark``, a 7-field ``Rule``, a ``Question`` given 9 of its 20
    fields by keyword (as the loader does), and the ``Result`` (26 fields). Plus
    reading three fields, since ``TupleRecord`` reads through properties.
(c) **The plan's lookup tables.** ``engine.evaluate`` against
    ``evaluate_direct`` below: the same engine without ``plan.py``, each
    answer normalised by ``answers.normalizer`` and every rule's compiled
    condition run directly (the policy part is the engine's, unchanged). The
    two must return equal ``Result`` s on every input, or the script exits 1.
    Timed in-process: ``build_plan`` (paid by every load), ``evaluate`` per
    answer set (with ``bench_engine.hand_written`` on the same inputs, for
    the engine benchmark's ratio), ``what_would_change`` per answer set;
    and the whole ``advisor evaluate`` process both ways against
    ``python -c "import yaml, jinja2"`` (as bench_cli.py, warm template
    cache, ``.pyc`` under a temporary ``PYTHONPYCACHEPREFIX``).

Nothing here asserts on time. Run from the repository root:
``python benchmarks/bench_records.py`` (about a minute).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
for _path in (str(ROOT), str(HERE)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from advisor import engine  # noqa: E402
from advisor.answers import normalizer  # noqa: E402
from advisor.engine import Result, _invalid, decide  # noqa: E402
from advisor.errors import AnswersError, Diagnostic, did_you_mean  # noqa: E402
from advisor.model import Ruleset  # noqa: E402
from advisor.record import Record, TupleRecord  # noqa: E402

CORE = ("advisor.errors", "advisor.record", "advisor.yamlread", "advisor.model", "advisor.conditions",
        "advisor.checks", "advisor.answers", "advisor.plan", "advisor.analysis", "advisor.policyload",
        "advisor.loader", "advisor.engine", "advisor.report", "advisor.session", "advisor.casetest",
        "advisor.cli")


# -- (a) class creation ------------------------------------------------------------------------

def class_specs() -> list[dict[str, Any]]:
    """Every Record / TupleRecord subclass of the core: name, kind, fields as (name, annotation, default)."""
    import importlib

    for name in CORE:
        importlib.import_module(name)
    specs = []
    for base, kind in ((Record, "record"), (TupleRecord, "tuple")):
        for cls in sorted(base.__subclasses__(), key=lambda c: (c.__module__, c.__name__)):
            if not cls.__module__.startswith("advisor."):
                continue
            fields = []
            for field in cls._fields:
                annotation = str(cls.__annotations__.get(field, "Any"))
                default: Any = "-"
                if kind == "record" and field in cls._defaults:
                    value = cls._defaults[field]
                    default = {"factory": value.make.__name__} if hasattr(value, "make") else value
                fields.append([field, annotation, default])
            specs.append({"name": cls.__name__, "kind": kind, "fields": fields})
    return specs


def _namespace(spec: dict[str, Any], field_of: Callable[[str], Any] | None) -> dict[str, Any]:
    ns: dict[str, Any] = {"__annotations__": {}, "__module__": __name__}
    for name, annotation, default in spec["fields"]:
        ns["__annotations__"][name] = annotation
        if default != "-":
            if isinstance(default, dict):
                factory = {"dict": dict, "list": list, "tuple": tuple}[default["factory"]]
                if field_of is None:
                    from advisor.record import default_factory
                    ns[name] = default_factory(factory)
                else:
                    ns[name] = field_of(factory)
            else:
                ns[name] = tuple(default) if isinstance(default, list) else default
    return ns


def make_classes(specs: list[dict[str, Any]], how: str) -> list[type]:
    """The classes of ``specs``, made the advisor's way (``records``) or as frozen slots dataclasses."""
    import dataclasses

    out: list[type] = []
    if how == "records":
        for spec in specs:
            base = Record if spec["kind"] == "record" else TupleRecord
            ns = _namespace(spec, None)
            if base is TupleRecord:
                ns["__slots__"] = ()
            out.append(type(spec["name"], (base,), ns))
        return out
    for spec in specs:
        ns = _namespace(spec, lambda factory: dataclasses.field(default_factory=factory))
        out.append(dataclasses.dataclass(frozen=True, slots=True)(type(spec["name"], (), ns)))
    return out


# Run with `python -c` in a fresh interpreter, so that nothing this module imports is there already.
# Prints the ms for: the machinery's import plus creating every class, the import, the classes.
CHILD_CLASSES = """
import json, sys, time
import yaml, jinja2  # the baseline every `advisor evaluate` has imported
how, spec_file = sys.argv[1], sys.argv[2]
specs = json.loads(open(spec_file).read())
t0 = time.perf_counter()
if how == "core":
    import importlib
    for name in specs["core"]:
        importlib.import_module(name)
    print((time.perf_counter() - t0) * 1e3)
    raise SystemExit
if how == "records":
    from advisor.record import Record, TupleRecord, default_factory
elif how == "namedtuple":
    import types
    from typing import NamedTuple
else:
    from dataclasses import dataclass, field
t1 = time.perf_counter()
for spec in specs["classes"]:
    if how == "namedtuple":
        ns = {"__annotations__": {n: a for n, a, _ in spec["fields"]}, "__module__": "__main__"}
        ns.update((n, None if isinstance(d, dict) else d) for n, _, d in spec["fields"] if d != "-")
        types.new_class(spec["name"], (NamedTuple,), exec_body=lambda body: body.update(ns))
        continue
    ns = {"__annotations__": {}, "__module__": "__main__"}
    for name, annotation, default in spec["fields"]:
        ns["__annotations__"][name] = annotation
        if default != "-":
            if isinstance(default, dict):
                ns[name] = default_factory(dict) if how == "records" else field(default_factory=dict)
            else:
                ns[name] = tuple(default) if isinstance(default, list) else default
    if how == "records":
        if spec["kind"] == "tuple":
            ns["__slots__"] = ()
        type(spec["name"], (Record if spec["kind"] == "record" else TupleRecord,), ns)
    else:
        dataclass(frozen=True, slots=True)(type(spec["name"], (), ns))
t2 = time.perf_counter()
print((t2 - t0) * 1e3, (t1 - t0) * 1e3, (t2 - t1) * 1e3)
"""


def bench_classes(rounds: int, env: dict[str, str], tmp: Path) -> None:
    import json
    import statistics
    import subprocess

    specs = class_specs()
    spec_file = tmp / "specs.json"
    spec_file.write_text(json.dumps({"classes": specs, "core": CORE}))
    n_fields = sum(len(s["fields"]) for s in specs)
    kinds = ("records", "dataclasses", "namedtuple", "core")
    runs: dict[str, list[list[float]]] = {k: [] for k in kinds}
    for i in range(rounds + 1):
        k = i % len(kinds)
        for how in kinds[k:] + kinds[:k]:
            out = subprocess.run([sys.executable, "-c", CHILD_CLASSES, how, str(spec_file)], env=env, cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout.split()
            if i:  # the first round writes the .pyc files
                runs[how].append([float(x) for x in out])
    med = {k: [statistics.median(r[j] for r in v) for j in range(len(v[0]))] for k, v in runs.items()}
    print(f"\n(a) class creation: the core's {len(specs)} record classes ({n_fields} fields), "
          f"fresh interpreters after `import yaml, jinja2`, median of {rounds}")
    print(f"    {'':<34}{'total ms':>10}{'import ms':>11}{'classes ms':>12}")
    for how, label in (("records", "Record / TupleRecord"), ("dataclasses", "dataclass(frozen, slots)"),
                       ("namedtuple", "typing.NamedTuple (for information)")):
        total, imp, make = med[how]
        print(f"    {label:<34}{total:>10.2f}{imp:>11.2f}{make:>12.2f}")
    ratio = med["dataclasses"][0] / med["records"][0]
    print(f"    dataclasses / Record: {ratio:.1f}x, {med['dataclasses'][0] - med['records'][0]:+.1f} ms per process; "
          f"for scale, importing the core ({len(CORE)} modules) takes {med['core'][0]:.1f} ms")


# -- (b) construction per instance ---------------------------------------------------------------

def bench_construction(repeat: int) -> None:
    import timeit

    from advisor.model import Question, Rule
    from advisor.yamlread import Mark

    specs = {s["name"]: s for s in class_specs()}
    mark_dc, rule_dc, question_dc, result_dc = make_classes(
        [specs["Mark"], specs["Rule"], specs["Question"], specs["Result"]], "dataclasses")
    result_record = type("ResultRecord", (Record,), _namespace(specs["Result"], None))
    mark_tuple = type("MarkTuple", (TupleRecord,), {**_namespace(specs["Mark"], None), "__slots__": ()})
    rule_tuple = type("RuleTuple", (TupleRecord,), {**_namespace(specs["Rule"], None), "__slots__": ()})

    rule_args = ("r1", ("S1",), None, 2, 0, None, ("q1",))
    question_kw = {"id": "q", "index": 0, "topic": "t", "type": "choice", "text": None, "help": None,
                   "feeds": ("S1",), "options": (), "signal": None}
    result_args = tuple(range(len(Result._fields)))
    result_kw = dict(zip(Result._fields, result_args, strict=True))
    cases: list[tuple[str, list[tuple[str, Callable[[], Any]]]]] = [
        ("Mark(line, column)", [
            ("Record", lambda: Mark(3, 7)),
            ("dataclass", lambda: mark_dc(3, 7)),
            ("TupleRecord(...)", lambda: mark_tuple(3, 7)),
            ("tuple.__new__", lambda: tuple.__new__(mark_tuple, (3, 7)))]),
        ("Rule, 7 fields positional", [
            ("Record", lambda: Rule(*rule_args)),
            ("dataclass", lambda: rule_dc(*rule_args)),
            ("TupleRecord(...)", lambda: rule_tuple(*rule_args))]),
        ("Question, 9 of 20 fields by keyword", [
            ("Record", lambda: Question(**question_kw)),
            ("dataclass", lambda: question_dc(**question_kw))]),
        (f"Result, {len(Result._fields)} fields positional", [
            ("Record", lambda: result_record(*result_args)),
            ("dataclass", lambda: result_dc(*result_args)),
            ("TupleRecord(...)", lambda: Result(*result_args)),
            ("tuple.__new__ (engine)", lambda: tuple.__new__(Result, result_args))]),
        (f"Result, {len(Result._fields)} fields by keyword", [
            ("Record", lambda: result_record(**result_kw)),
            ("dataclass", lambda: result_dc(**result_kw)),
            ("TupleRecord(...)", lambda: Result(**result_kw))]),
    ]
    reads = [
        ("Record", result_record(*result_args)),
        ("dataclass", result_dc(*result_args)),
        ("TupleRecord", tuple.__new__(Result, result_args)),
    ]
    print(f"\n(b) construction, ns per instance (best of {repeat} interleaved rounds); ratio to Record")
    for title, variants in cases:
        best = {label: float("inf") for label, _ in variants}
        for _ in range(repeat):
            for label, make in variants:
                n = 20_000
                best[label] = min(best[label], timeit.timeit(make, number=n) / n * 1e9)
        base = best["Record"]
        print(f"    {title}: " + ", ".join(f"{label} {ns:.0f} ({ns / base:.2f}x)" for label, ns in best.items()))
    best_read = {label: float("inf") for label, _ in reads}
    for _ in range(repeat):
        for label, obj in reads:
            n = 50_000
            t = timeit.timeit(lambda obj=obj: (obj.salesops, obj.decision, obj.answers), number=n)
            best_read[label] = min(best_read[label], t / n * 1e9)
    base = best_read["Record"]
    print("    reading 3 fields of a Result: "
          + ", ".join(f"{label} {ns:.0f} ({ns / base:.2f}x)" for label, ns in best_read.items()))


# -- (c) the plan --------------------------------------------------------------------------------

_NORMALIZERS: dict[int, tuple[Ruleset, dict[str, Callable[[Any], Any]]]] = {}


def evaluate_direct(ruleset: Ruleset, answers: Mapping[str, Any]) -> Result:
    """``engine.evaluate`` without the plan: normalise each answer, run every rule's compiled condition."""
    if not answers.keys() <= ruleset.question_by_id.keys():
        unknown = sorted(set(answers) - set(ruleset.question_by_id))
        raise AnswersError(f"{len(unknown)} unknown question id(s)", [
            Diagnostic("", 0, 0, f"unknown question `{q}`", did_you_mean(q, ruleset.question_by_id))
            for q in unknown])
    cached = _NORMALIZERS.get(id(ruleset))
    if cached is None or cached[0] is not ruleset:
        cached = _NORMALIZERS[id(ruleset)] = (ruleset, {q.id: normalizer(q) for q in ruleset.questions})
    normalize = cached[1]
    norm: dict[str, Any] = {}
    visible: dict[str, Any] = {}
    unanswered: list[str] = []
    hidden: list[str] = []
    ignored: list[str] = []
    for q in ruleset.questions:
        qid = q.id
        raw = answers.get(qid)
        shown = q.show_if is None or q.show_if.test(norm, None) is True
        if raw is None:
            (unanswered if shown else hidden).append(qid)
            continue
        try:
            value = normalize[qid](raw)
        except ValueError as exc:
            raise _invalid(qid, exc) from None
        if shown:
            norm[qid] = value
            visible[qid] = raw
        else:
            hidden.append(qid)
            ignored.append(qid)
    fired_rules = tuple(rule for rule in ruleset.rules if rule.when.test(norm, None) is True)
    salesops = sum(rule.salesops for rule in fired_rules)
    revops = sum(rule.revops for rule in fired_rules)
    # From here on, engine.evaluate's own policy half.
    return decide(ruleset, norm, visible, fired_rules, salesops, revops, unanswered, hidden, ignored)


def _comparable(result: Result) -> tuple[Any, ...]:
    return tuple(dict(x) if isinstance(x, MappingProxyType) else x for x in result)


def _timed(fn: Callable[[], Any]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def bench_plan(n: int, rounds: int, seed: int) -> bool:
    import timeit

    from bench_engine import hand_written, random_answers

    from advisor.loader import load_ruleset
    from advisor.plan import build_plan
    from advisor.resources import default_rules

    ruleset = load_ruleset(default_rules())
    inputs = random_answers(ruleset, n, seed)
    bad = [a for a in inputs if _comparable(engine.evaluate(ruleset, a)) != _comparable(evaluate_direct(ruleset, a))]
    if bad:
        print(f"\nFAIL: evaluate_direct disagrees with engine.evaluate on {len(bad):,} of {n:,} inputs, e.g. {bad[0]}")
        return False
    constants: dict[str, set[float]] = {}
    for q in ruleset.questions:  # the constants the loader collected, read back from the plan's cuts
        for qp in ruleset.plan.questions:
            if qp.id == q.id and qp.cuts:
                constants[q.id] = set(qp.cuts)
    build = min(timeit.repeat(lambda: build_plan(ruleset.questions, ruleset.rules, constants),
                              number=20, repeat=rounds)) / 20
    ev, direct, hand = engine.evaluate, evaluate_direct, hand_written
    times: dict[str, list[float]] = {"plan": [], "direct": [], "hand": []}
    for i in range(rounds):
        order = [("plan", lambda: [ev(ruleset, a) for a in inputs]),
                 ("direct", lambda: [direct(ruleset, a) for a in inputs]),
                 ("hand", lambda: [hand(a) for a in inputs])]
        for name, fn in order[i % 3:] + order[:i % 3]:
            times[name].append(_timed(fn))
    us = {k: min(v) / n * 1e6 for k, v in times.items()}
    sample = inputs[:300]
    wwc: dict[str, list[float]] = {"plan": [], "direct": []}
    for i in range(rounds):
        for name in (("plan", "direct") if i % 2 == 0 else ("direct", "plan")):
            engine.evaluate = ev if name == "plan" else direct  # what_would_change calls the module's evaluate
            try:
                wwc[name].append(_timed(lambda: [engine.what_would_change(ruleset, a) for a in sample]))
            finally:
                engine.evaluate = ev
    wwc_ms = {k: min(v) / len(sample) * 1e3 for k, v in wwc.items()}
    print(f"\n(c) the plan's lookup tables: {n:,} random valid answer sets (seed {seed}); the engine without the "
          "plan agrees on all of them")
    print(f"    build_plan (every load_ruleset): {build * 1e3:.2f} ms")
    print(f"    evaluate, µs per answer set (best of {rounds}): with plan {us['plan']:.1f}, direct {us['direct']:.1f} "
          f"({us['direct'] / us['plan']:.2f}x), hand-written {us['hand']:.1f}")
    print(f"    bench_engine's ratio, engine / hand-written: with plan {us['plan'] / us['hand']:.1f}x, "
          f"direct {us['direct'] / us['hand']:.1f}x (target 2.0x)")
    print(f"    what_would_change, ms per answer set (of {len(sample)}): with plan {wwc_ms['plan']:.2f}, "
          f"direct {wwc_ms['direct']:.2f} ({wwc_ms['direct'] / wwc_ms['plan']:.2f}x)")
    return True


def child_cli(variant: str, argv: list[str]) -> int:
    """``advisor`` as the user runs it, with the plan (as shipped) or without it (``direct``)."""
    if variant == "direct":
        import advisor.loader

        advisor.loader.build_plan = lambda *args: None  # type: ignore[assignment]
        engine.evaluate = evaluate_direct  # the CLI and what_would_change read it from the module
    from advisor.cli import main

    return main(argv)


def bench_cli_plan(rounds: int, env: dict[str, str]) -> None:
    import statistics
    import subprocess

    answers = ROOT / "examples" / "both-phased.yaml"
    commands = {
        "baseline": [sys.executable, "-c", "import yaml, jinja2"],
        "python -m advisor": [sys.executable, "-m", "advisor", "evaluate", str(answers)],
        "plan": [sys.executable, __file__, "--child-cli", "plan", "evaluate", str(answers)],
        "direct": [sys.executable, __file__, "--child-cli", "direct", "evaluate", str(answers)],
    }
    outputs = set()
    for cmd in commands.values():  # .pyc files and the template cache
        outputs.add(subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=True).stdout)
    if len(outputs) != 2:  # the baseline's empty output and one report
        raise SystemExit("bench_records: the report without the plan differs from the one with it")
    times: dict[str, list[float]] = {k: [] for k in commands}
    names = list(commands)
    for i in range(rounds):
        k = i % len(names)
        for name in names[k:] + names[:k]:
            t0 = time.perf_counter()
            subprocess.run(commands[name], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - t0)
    med = {k: statistics.median(v) * 1e3 for k, v in times.items()}
    # Paired by round, so that load drifting over the run cancels out.
    diff = statistics.median((d - p) * 1e3 for d, p in zip(times["direct"], times["plan"], strict=True))
    print(f"    `advisor evaluate` process, median of {rounds} interleaved rounds, ms (x baseline): "
          + ", ".join(f"{name} {ms:.1f} ({ms / med['baseline']:.2f}x)" for name, ms in med.items()))
    print(f"    direct minus plan, median of the per-round differences: {diff:+.1f} ms "
          "(plan and direct run through this script, which costs a little more than `python -m advisor`)")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child-cli"]:
        return child_cli(argv[1], argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="random answer sets for (c) (default 20000)")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds in-process (default 5)")
    parser.add_argument("--processes", type=int, default=20, help="interleaved rounds of processes (default 20)")
    args = parser.parse_args(argv)
    print(f"bench_records: Python {sys.version.split()[0]}")
    import tempfile

    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as tmpname:
        tmp = Path(tmpname)
        env = dict(os.environ, XDG_CACHE_HOME=str(tmp / "cache"), PYTHONPYCACHEPREFIX=str(tmp / "pycache"),
                   PYTHONPATH=str(ROOT))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        bench_classes(args.processes, env, tmp)
        bench_construction(args.rounds)
        if not bench_plan(args.n, args.rounds, args.seed):
            return 1
        bench_cli_plan(args.processes, env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
