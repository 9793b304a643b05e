"""The evaluation plan: a ruleset compiled into lookup tables, once, at load time.

Most rules test a single question ("admin share is 20% or more"). For those,
the answer alone decides whether they fire, so the plan works it out in
advance for every value the question can take: evaluating an answer is then
one dictionary lookup that yields its engine form, the rules it fires and
their points. Number questions are split into the ranges their conditions
tell apart (a bisect finds the range). Rules that read several questions
keep their compiled condition and run after the answers are in.

The tables come from running the rules' own compiled conditions on each
value, so they cannot disagree with them; no code is generated. What they
buy (benchmarks/bench_records.py, 2026-12): ``evaluate`` 24 us instead of 30,
``what_would_change`` 1.05 ms instead of 1.38; engine vs hand-written code
9.1x instead of 11.5x in benchmarks/bench_engine.py. Building them costs
about 0.2 ms a load.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable
from typing import Any

from .answers import normalizer
from .model import Question, Rule, Test

# What an answer fires: (indexes of the rules, SalesOps points, RevOps points), or None.
Hits = tuple[tuple[int, ...], int, int] | None
# (engine form of the answer, what it fires)
Entry = tuple[Any, Hits]
MAX_MULTI_TABLE = 256  # subsets of a multi question worth tabulating


class QuestionPlan:
    """How to read one question's answer."""

    __slots__ = ("absent", "cuts", "id", "normalize", "regions", "show", "strict_bool", "table")

    def __init__(self, q: Question, show: Test | None, normalize: Callable[[Any], Any]) -> None:
        self.id = q.id
        self.show = show
        self.normalize = normalize
        self.table: dict[Any, Entry] | None = None      # raw value (multi: frozenset) -> entry
        self.cuts: list[float] = []                      # number questions: sorted constants
        self.regions: list[Hits] = []                    # number questions: per range
        self.absent: Hits = None                         # rules firing when not answered
        self.strict_bool = q.type == "yesno"             # 1 must not pass for True


class Plan:
    __slots__ = ("joint", "questions", "rows")

    def __init__(self, questions: tuple[QuestionPlan, ...],
                 joint: tuple[tuple[int, Test, int, int], ...]) -> None:
        self.questions = questions
        # The hot loop unpacks these rather than reading attributes one by one.
        self.rows = tuple((qp.id, qp.show, qp.table if qp.table is not None else {}, qp.strict_bool, qp)
                          for qp in questions)
        self.joint = joint  # (rule index, test, SalesOps points, RevOps points) for multi-question rules


def _hits(rules: Iterable[tuple[int, Rule]], answers: dict[str, Any]) -> Hits:
    fired = [(i, r) for i, r in rules if r.when.test(answers, None) is True]
    if not fired:
        return None
    return tuple(i for i, _ in fired), sum(r.salesops for _, r in fired), sum(r.revops for _, r in fired)


def build_plan(questions: tuple[Question, ...], rules: tuple[Rule, ...],
               constants: dict[str, set[float]]) -> Plan:
    single: dict[str, list[tuple[int, Rule]]] = {}
    joint: list[tuple[int, Test, int, int]] = []
    for i, rule in enumerate(rules):
        if len(rule.reads) == 1:
            single.setdefault(rule.reads[0], []).append((i, rule))
        else:
            joint.append((i, rule.when.test, rule.salesops, rule.revops))
    plans = []
    for q in questions:
        normalize = normalizer(q)
        qp = QuestionPlan(q, q.show_if.test if q.show_if else None, normalize)
        mine = single.get(q.id, [])
        qp.absent = _hits(mine, {})
        if q.type in ("choice", "scale", "yesno"):
            raw_values: list[Any] = list(q.option_values) if q.type != "yesno" else [True, False]
            qp.table = {}
            for raw in raw_values:
                value = normalize(raw)
                qp.table[raw] = (value, _hits(mine, {q.id: value}))
        elif q.type == "multi":
            options = q.option_values
            if 2 ** len(options) <= MAX_MULTI_TABLE:
                qp.table = {}
                for n in range(len(options) + 1):
                    for combo in itertools.combinations(options, n):
                        value = frozenset(combo)
                        qp.table[value] = (value, _hits(mine, {q.id: value}))
        else:
            cuts = sorted(constants.get(q.id, set()))
            qp.cuts = cuts
            # Region 2k+1 is the constant cuts[k]; region 2k lies strictly below it.
            probes: list[float] = []
            for k, c in enumerate(cuts):
                probes.append(c - 0.5 if k == 0 else (cuts[k - 1] + c) / 2)
                probes.append(c)
            probes.append(cuts[-1] + 0.5 if cuts else 0)
            qp.regions = [_hits(mine, {q.id: p}) for p in probes]
        plans.append(qp)
    return Plan(tuple(plans), tuple(joint))


def slow_entry(qp: QuestionPlan, raw: Any) -> Entry:
    """The entry for an answer the table does not hold: a number, a multi
    answer given as a list, or an invalid answer (ValueError, with a message)."""
    value = qp.normalize(raw)
    if qp.table is not None:
        return qp.table[value]
    k = bisect.bisect_left(qp.cuts, value)
    if k < len(qp.cuts) and qp.cuts[k] == value:
        return value, qp.regions[2 * k + 1]
    return value, qp.regions[2 * k]
