"""What do ``advisor/record.py`` and positional ``TupleRecord`` construction save?

Two speed tricks of the core, each timed against the plain code that would
replace it, in the same run (ratios, because the machines here are noisy).
(Until 2026-12-03 a third part timed ``advisor/plan.py``'s lookup tables;
the compiled evaluator, ``advisor/compiled.py``, replaced them: its docstring
and benchmarks/bench_engine.py give its figures.)

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
    with ``tuple.__new__``), for a 2-field ``Mark``, a 7-field ``Rule``, a
    ``Question`` given 9 of its 20 fields by keyword (as the loader does),
    and a wide 26-field record (``Wide``: the shape ``engine.Result`` had as a
    ``TupleRecord``). Plus reading three fields, since ``TupleRecord`` reads
    through properties.

Nothing here asserts on time. Run from the repository root:
``python benchmarks/bench_records.py`` (about a minute).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
for _path in (str(ROOT), str(HERE)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from advisor.record import Record, TupleRecord  # noqa: E402

CORE = ("advisor.errors", "advisor.record", "advisor.yamlread", "advisor.model", "advisor.conditions",
        "advisor.checks", "advisor.answers", "advisor.compiled", "advisor.analysis", "advisor.policyload",
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
                    if not isinstance(default, (dict, str, int, float, tuple, type(None))):
                        default = None  # a record as a default (Policy.pooling): its value does not matter here
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
    # 26 fields, the width engine.Result had as a TupleRecord.
    specs["Wide"] = {"name": "Wide", "kind": "tuple", "fields": [[f"field{i}", "Any", "-"] for i in range(26)]}
    mark_dc, rule_dc, question_dc, result_dc = make_classes(
        [specs["Mark"], specs["Rule"], specs["Question"], specs["Wide"]], "dataclasses")
    result_record = type("WideRecord", (Record,), _namespace(specs["Wide"], None))
    Result = type("Wide", (TupleRecord,), {**_namespace(specs["Wide"], None), "__slots__": ()})
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
        (f"Wide, {len(Result._fields)} fields positional", [
            ("Record", lambda: result_record(*result_args)),
            ("dataclass", lambda: result_dc(*result_args)),
            ("TupleRecord(...)", lambda: Result(*result_args)),
            ("tuple.__new__", lambda: tuple.__new__(Result, result_args))]),
        (f"Wide, {len(Result._fields)} fields by keyword", [
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
            t = timeit.timeit(lambda obj=obj: (obj.field1, obj.field10, obj.field22), number=n)
            best_read[label] = min(best_read[label], t / n * 1e9)
    base = best_read["Record"]
    print("    reading 3 fields of a Wide: "
          + ", ".join(f"{label} {ns:.0f} ({ns / base:.2f}x)" for label, ns in best_read.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
