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


def can_hold(ruleset: Ruleset, condition: Any) -> bool:
    """Whether some answers make ``condition`` true, the questions it reads shown.

    A search over the questions the condition reads and those that decide
    whether they are shown (and so on), each over the values its conditions
    tell apart; it stops at the first answers that do it. Too large a search
    (more than MAX_COMBINATIONS) is assumed to succeed.
    """
    by_id = ruleset.question_by_id
    needed: set[str] = set()
    todo = list(condition.reads)
    while todo:
        qid = todo.pop()
        if qid not in needed:
            needed.add(qid)
            show = by_id[qid].show_if
            if show is not None:
                todo.extend(show.reads)
    questions = sorted((by_id[q] for q in needed), key=lambda q: q.index)
    domains = [_domain(q, ruleset.probes) for q in questions]
    if _product_size(domains) > MAX_COMBINATIONS:
        return True
    for combo in itertools.product(*domains):
        answers: dict[str, Any] = {}
        for q, value in zip(questions, combo):  # noqa: B905 - same length; strict= slows this loop
            if value is not None and (q.show_if is None or q.show_if.test(answers, None) is True):
                answers[q.id] = value
        if condition.test(answers, None) is True:
            return True
    return False


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
        gate_domains = [_classes(ruleset, q, _domain(q, ruleset.probes)) for q in gate_qs]
        if _product_size(gate_domains) > MAX_COMBINATIONS:
            maxima["salesops"] += sum(r.salesops for r in rules)
            maxima["revops"] += sum(r.revops for r in rules)
            seen.update(r.id for r in rules)  # too large to check: assume reachable
            continue
        best = {"salesops": 0, "revops": 0}
        read = {q for r in rules for q in r.reads}
        memo: dict[Any, dict[str, int]] = {}
        cache: dict[Any, Any] = {}
        bases: set[tuple[Any, ...]] = set()
        for combo in itertools.product(*gate_domains):
            base: dict[str, Any] = {}
            for q, value in zip(gate_qs, combo):  # noqa: B905 - same length; strict= slows this loop
                if value is not None and (q.show_if is None or q.show_if.test(base, None) is True):
                    base[q.id] = value
            # Combinations that differ only in the answers of hidden gates are the same one.
            seen_base = tuple(base.items())
            if seen_base in bases:
                continue
            bases.add(seen_base)
            shown = [q for q in rest if q.show_if is None or q.show_if.test(base, None) is True]
            # Gate values that no rule reads only matter through what they show.
            key = (tuple(q.id for q in shown), tuple(sorted((k, v) for k, v in base.items() if k in read)))
            totals = memo.get(key)
            if totals is None:
                totals = memo[key] = _best_given(ruleset, rules, shown, base, seen, cache)
            for side in best:
                best[side] = max(best[side], totals[side])
        for side in maxima:
            maxima[side] += best[side]
    return maxima, {r.id for r in ruleset.rules} - seen


def _classes(ruleset: Ruleset, q: Question, domain: list[Any]) -> list[Any]:
    """One value of ``q`` per class of values that no condition reading ``q`` tells apart.

    Two answers are alike when every rule and every ``show_if`` that reads the
    question gives the same result for both, whatever the other questions it
    reads are answered. Enumerating one answer per class instead of each
    answer keeps the product of the gates small (a multiple choice of four
    options has 16 answers, and the conditions on it usually tell 3 to 5
    apart). A condition too wide to check this way keeps every value.
    """
    conditions = [r.when for r in ruleset.rules if q.id in r.when.reads]
    conditions += [x.show_if for x in ruleset.questions if x.show_if is not None and q.id in x.show_if.reads]
    tables = []
    for condition in conditions:
        others = sorted(condition.reads - {q.id})
        other_domains = [_domain(ruleset.question_by_id[o], ruleset.probes) for o in others]
        if _product_size(other_domains) > 2_000:
            return domain
        tables.append((condition, others, list(itertools.product(*other_domains))))
    classes: dict[tuple[Any, ...], Any] = {}
    for value in domain:
        if value is None:
            classes[("unanswered",)] = None
            continue
        signature = []
        for condition, others, combos in tables:
            for combo in combos:
                answers = {o: v for o, v in zip(others, combo) if v is not None}  # noqa: B905 - same length
                answers[q.id] = value
                signature.append(condition.test(answers, None))
        classes.setdefault(tuple(signature), value)
    return list(classes.values())


def _best_given(ruleset: Ruleset, rules: list[Any], shown: list[Question], base: dict[str, Any],
                seen: set[str], cache: dict[Any, Any]) -> dict[str, int]:
    """Best score of each side with the gates fixed at ``base``; marks rules that can fire.

    The shown questions split into groups that no rule ties together; a
    group's best depends only on its questions and on the gate answers its
    rules read, so both the split (per set of shown questions) and each
    group's best (per those gate answers) are kept in ``cache``: with a
    dozen gates, most combinations of them differ only where a group does
    not look.
    """
    shown_ids = frozenset(q.id for q in shown)
    groups = cache.get(shown_ids)
    if groups is None:
        _, (find, union) = _union_find(shown_ids)
        for rule in rules:
            union([q for q in rule.reads if q in shown_ids])
        by_root: dict[str, list[Any]] = {}
        for rule in rules:
            free = [q for q in rule.reads if q in shown_ids]
            by_root.setdefault(find(free[0]) if free else "", []).append(rule)
        groups = []
        for root, group_rules in by_root.items():
            members = tuple(q for q in shown if root and find(q.id) == root)
            gate_reads = tuple(sorted({q for r in group_rules for q in r.reads if q not in shown_ids}))
            name = (tuple(r.id for r in group_rules), tuple(q.id for q in members))
            groups.append((name, group_rules, members, gate_reads))
        cache[shown_ids] = groups
    s = r = 0
    get = base.get
    for name, group_rules, members, gate_reads in groups:
        key = (name, tuple(map(get, gate_reads)))
        best = cache.get(key)
        if best is None:
            best = cache[key] = _best_of_group(ruleset, group_rules, members, base, seen)
        s += best[0]
        r += best[1]
    return {"salesops": s, "revops": r}


def _best_of_group(ruleset: Ruleset, group_rules: list[Any], members: tuple[Question, ...], base: dict[str, Any],
                   seen: set[str]) -> tuple[int, int]:
    domains = [_domain(q, ruleset.probes) for q in members]
    if _product_size(domains) > MAX_COMBINATIONS:
        seen.update(r.id for r in group_rules)
        return sum(r.salesops for r in group_rules), sum(r.revops for r in group_rules)
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
    return best_s, best_r
