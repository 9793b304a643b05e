"""Runs a ruleset's own example cases and reports what they leave uncovered.

Each case in ``cases.yaml`` gives answers and the recommendation (and the
criteria) they must produce. This is the one generic runner for every
ruleset, the default one and any a consultant writes.
"""

from __future__ import annotations

from .engine import judge
from .errors import AdvisorError
from .model import Case, Ruleset
from .record import Record


class CaseOutcome(Record):
    case: Case
    failures: tuple[str, ...]
    fired: frozenset[str]

    @property
    def passed(self) -> bool:
        return not self.failures


class CaseReport(Record):
    outcomes: tuple[CaseOutcome, ...]
    rules_never_fired: tuple[str, ...]
    questions_never_read: tuple[str, ...]
    criteria_never_cited: tuple[str, ...]
    decisions_never_taken: tuple[str, ...]

    @property
    def failed(self) -> tuple[CaseOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.passed)


def run_case(ruleset: Ruleset, case: Case) -> tuple[CaseOutcome, str]:
    """Run one case; also return the decision it took ("" when it could not run)."""
    try:
        verdict = judge(ruleset, case.answers)
    except AdvisorError as exc:
        return CaseOutcome(case, (f"answers rejected: {exc}",), frozenset()), ""
    result = verdict.result
    failures: list[str] = []
    got = result.outcome + (f" (leaning {result.lean})" if result.lean else "")
    want = case.recommend + (f" (leaning {case.lean})" if case.lean else "")
    if result.outcome != case.recommend or (case.lean is not None and result.lean != case.lean):
        failures.append(f"expected {want}, got {got} "
                        f"(decision `{result.decision.id}`, scores {result.salesops}/{result.revops})")
    if case.confidence is not None and verdict.confidence != case.confidence:
        failures.append(f"expected {case.confidence} confidence in the direction, got {verdict.confidence} "
                        f"(margin {result.margin}, {len(verdict.flips)} question(s) would turn it"
                        + (f": {', '.join(verdict.flips)}" if verdict.flips else "")
                        + (f", contradictions: {', '.join(c.id for c in result.contradictions)}"
                           if result.contradictions else "") + ")")
    if case.strength is not None and result.strength != case.strength:
        failures.append(f"expected strength {case.strength}, got {result.strength} "
                        f"(scores {result.salesops}/{result.revops})")
    if case.first is not None and result.first != case.first:
        failures.append(f"expected {case.first} first, got {result.first or 'no order'}")
    if case.phased is not None and result.phased != case.phased:
        failures.append(f"expected phased: {str(case.phased).lower()}, got {str(result.phased).lower()}")
    cited = result.cited
    missing = [c for c in case.criteria if c not in cited]
    if missing:
        failures.append(f"criteria not cited: {', '.join(missing)} (cited: {', '.join(sorted(cited)) or 'none'})")
    unwanted = [c for c in case.not_criteria if c in cited]
    if unwanted:
        failures.append(f"criteria cited but should not be: {', '.join(unwanted)}")
    fired = frozenset(f.id for f in result.fired)
    not_fired = [r for r in case.rules if r not in fired]
    if not_fired:
        failures.append(f"rules did not fire: {', '.join(not_fired)}")
    return CaseOutcome(case, tuple(failures), fired), result.decision.id


def run_cases(ruleset: Ruleset) -> CaseReport:
    outcomes = []
    decisions: set[str] = set()
    for case in ruleset.cases:
        outcome, decision = run_case(ruleset, case)
        outcomes.append(outcome)
        decisions.add(decision)
    fired = set().union(*(o.fired for o in outcomes)) if outcomes else set()
    policy = ruleset.policy
    conditions = [f.when for f in policy.flags] + [d.when for d in policy.decisions] + \
        [p.when for p in policy.phase_order] + [c.when for c in policy.caveats] + [policy.phased_when] + \
        [n.when for n in policy.notes] + [c.when for c in policy.contradictions] + \
        [step.when for fn in ruleset.functions.values() for step in fn.first_steps]
    read = {q for rule in ruleset.rules for q in rule.reads}
    read.update(q for c in conditions if c is not None for q in c.reads)
    read.update(q for question in ruleset.questions if question.show_if for q in question.show_if.reads)
    cited = {c for rule in ruleset.rules for c in rule.cites}
    return CaseReport(
        outcomes=tuple(outcomes),
        rules_never_fired=tuple(r.id for r in ruleset.rules if r.id not in fired),
        questions_never_read=tuple(q.id for q in ruleset.questions if q.id not in read),
        criteria_never_cited=tuple(c for c in ruleset.criteria
                                   if c not in cited and c[0] in "SR"),
        decisions_never_taken=tuple(d.id for d in ruleset.policy.decisions if d.id not in decisions),
    )
