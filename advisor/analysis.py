"""Static analysis of a loaded ruleset: score maxima, unreachable rules, probe values.

Rules mostly read one or two questions, so the questionnaire splits into
small groups of questions that rules (and ``show_if``) tie together. Each
group is small enough to try every combination of its answers, which gives
the exact maximum of each score and tells which rules can never fire. A group
too large to enumerate falls back to the sum of its rules' points and is not
checked for reachability.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from .model import Question, Ruleset

MAX_COMBINATIONS = 200_000


def probe_values(questions: Iterable[Question], constants: Mapping[str, set[float]]) -> dict[str, tuple[Any, ...]]:
    """Raw answers worth trying for each question: every option, or numbers around each boundary."""
    probes: dict[str, tuple[Any, ...]] = {}
    for q in questions:
        if q.type in ("choice", "scale"):
            probes[q.id] = q.option_values
        elif q.type == "yesno":
            probes[q.id] = (True, False)
        elif q.type == "multi":
            probes[q.id] = ()  # toggles of the current answer, see whatif
        else:
            probes[q.id] = _number_probes(q, constants.get(q.id, set()))
    return probes


def _number_probes(q: Question, constants: set[float]) -> tuple[float, ...]:
    """One value per region the conditions tell apart: each constant, and one
    value strictly between neighbouring constants (and beyond the outer ones)."""
    lo = q.minimum if q.minimum is not None else min(constants, default=0) - 1
    hi = q.maximum if q.maximum is not None else max(constants, default=0) + 1
    cuts = sorted(c for c in constants if lo <= c <= hi)
    if not cuts:
        return (int(lo) if q.integer else lo,)
    step = 1 if q.integer else 0.5
    values: list[float] = []
    # The value just below the first constant, each constant with one value
    # between it and the next, and the value just above the last constant:
    # the bounds themselves say nothing the conditions can tell apart.
    if lo < cuts[0]:
        values.append(max(lo, cuts[0] - step))
    for a, b in zip(cuts, [*cuts[1:], None], strict=True):
        values.append(a)
        inside = (a + step if q.integer else (a + b) / 2) if b is not None else min(hi, a + step)
        if a < inside and (b is None or inside < b):
            values.append(inside)
    return tuple(int(v) if q.integer or float(v).is_integer() else v for v in values)


def _domain(q: Question, probes: Mapping[str, tuple[Any, ...]]) -> list[Any]:
    """Normalised values a question can take, plus None for "unanswered"."""
    if q.type == "scale":
        values: list[Any] = list(range(len(q.options)))
    elif q.type == "multi":
        opts = q.option_values
        if len(opts) <= 8:
            values = [frozenset(c) for n in range(len(opts) + 1) for c in itertools.combinations(opts, n)]
        else:
            values = [frozenset(), frozenset(opts)] + [frozenset([o]) for o in opts]
    else:
        values = list(probes[q.id])
    return [*values, None]


def _union_find(ids: Iterable[str]) -> tuple[dict[str, str], Any]:
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(group: Iterable[str]) -> None:
        group = [g for g in group if g in parent]
        for other in group[1:]:
            parent[find(other)] = find(group[0])
    return parent, (find, union)


def _product_size(domains: Iterable[list[Any]]) -> int:
    size = 1
    for d in domains:
        size *= len(d)
    return size


def analyse(ruleset: Ruleset) -> tuple[dict[str, int], set[str]]:
    """Return the maximum of each score and the ids of rules that can never fire.

    Questions that decide whether others are shown ("gates") are enumerated
    first; with the gates fixed, the other questions split into independent
    groups whose best scores simply add up. That keeps the work to a few
    thousand evaluations for a questionnaire with millions of combinations.
    """
    questions = ruleset.questions
    _, (find, union) = _union_find(q.id for q in questions)
    for rule in ruleset.rules:
        union(rule.reads)
    for q in questions:
        if q.show_if is not None:
            union([q.id, *q.show_if.reads])
    gates = {g for q in questions if q.show_if is not None for g in q.show_if.reads}
    components: dict[str, list[Question]] = {}
    for q in questions:
        components.setdefault(find(q.id), []).append(q)
    rules_by_component: dict[str, list[Any]] = {}
    for rule in ruleset.rules:
        rules_by_component.setdefault(find(rule.reads[0]), []).append(rule)

    maxima = {"salesops": 0, "revops": 0}
    seen: set[str] = set()
    for root, rules in rules_by_component.items():
        members = components[root]
        gate_qs = [q for q in members if q.id in gates]
        rest = [q for q in members if q.id not in gates]
        gate_domains = [_domain(q, ruleset.probes) for q in gate_qs]
        if _product_size(gate_domains) > MAX_COMBINATIONS:
            maxima["salesops"] += sum(r.salesops for r in rules)
            maxima["revops"] += sum(r.revops for r in rules)
            seen.update(r.id for r in rules)  # too large to check: assume reachable
            continue
        best = {"salesops": 0, "revops": 0}
        read = {q for r in rules for q in r.reads}
        memo: dict[Any, dict[str, int]] = {}
        for combo in itertools.product(*gate_domains):
            base: dict[str, Any] = {}
            for q, value in zip(gate_qs, combo):  # noqa: B905 - same length; strict= slows this loop
                if value is not None and (q.show_if is None or q.show_if.test(base, None) is True):
                    base[q.id] = value
            shown = [q for q in rest if q.show_if is None or q.show_if.test(base, None) is True]
            # Gate values that no rule reads only matter through what they show.
            key = (tuple(q.id for q in shown), tuple(sorted((k, v) for k, v in base.items() if k in read)))
            totals = memo.get(key)
            if totals is None:
                totals = memo[key] = _best_given(ruleset, rules, shown, base, seen)
            for side in best:
                best[side] = max(best[side], totals[side])
        for side in maxima:
            maxima[side] += best[side]
    return maxima, {r.id for r in ruleset.rules} - seen


def _best_given(ruleset: Ruleset, rules: list[Any], shown: list[Question], base: dict[str, Any],
                seen: set[str]) -> dict[str, int]:
    """Best score of each side with the gates fixed at ``base``; marks rules that can fire."""
    shown_ids = {q.id for q in shown}
    _, (find, union) = _union_find(shown_ids)
    for rule in rules:
        union([q for q in rule.reads if q in shown_ids])
    groups: dict[str, list[Any]] = {}
    for rule in rules:
        free = [q for q in rule.reads if q in shown_ids]
        groups.setdefault(find(free[0]) if free else "", []).append(rule)
    totals = {"salesops": 0, "revops": 0}
    for key, group_rules in groups.items():
        members = [q for q in shown if key and find(q.id) == key]
        domains = [_domain(q, ruleset.probes) for q in members]
        if _product_size(domains) > MAX_COMBINATIONS:
            totals["salesops"] += sum(r.salesops for r in group_rules)
            totals["revops"] += sum(r.revops for r in group_rules)
            seen.update(r.id for r in group_rules)
            continue
        best_s = best_r = 0
        for combo in itertools.product(*domains):
            answers = dict(base)
            for q, value in zip(members, combo):  # noqa: B905 - same length; strict= slows this loop
                if value is not None:
                    answers[q.id] = value
            s = r = 0
            for rule in group_rules:
                if rule.when.test(answers, None) is True:
                    s += rule.salesops
                    r += rule.revops
                    seen.add(rule.id)
            best_s, best_r = max(best_s, s), max(best_r, r)
        totals["salesops"] += best_s
        totals["revops"] += best_r
    return totals
