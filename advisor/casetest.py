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
from .texts import t


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


def _says(key: str, **values: object) -> str:
    return t(f"cli.rules.test.failures.{key}", None, **values)


def _outcome(outcome: str, lean: str | None) -> str:
    return _says("leaning", outcome=outcome, lean=lean) if lean else outcome


def run_case(ruleset: Ruleset, case: Case) -> tuple[CaseOutcome, str]:
    """Run one case; also return the decision it took ("" when it could not run)."""
    try:
        verdict = judge(ruleset, case.answers)
    except AdvisorError as exc:
        return CaseOutcome(case, (_says("rejected", problem=exc),), frozenset()), ""
    result = verdict.result
    failures: list[str] = []
    scores = f"{result.salesops}/{result.revops}"
    if result.outcome != case.recommend or (case.lean is not None and result.lean != case.lean):
        failures.append(_says("outcome", want=_outcome(case.recommend, case.lean),
                              got=_outcome(result.outcome, result.lean), decision=f"`{result.decision.id}`",
                              scores=scores))
    if case.confidence is not None and verdict.confidence != case.confidence:
        extra = ""
        if verdict.flips:
            extra += _says("flips", ids=", ".join(verdict.flips))
        if result.contradictions:
            extra += _says("contradictions", ids=", ".join(c.id for c in result.contradictions))
        failures.append(_says("confidence", want=case.confidence, got=verdict.confidence, margin=result.margin,
                              count=len(verdict.flips), extra=extra))
    if case.strength is not None and result.strength != case.strength:
        failures.append(_says("strength", want=case.strength, got=result.strength, scores=scores))
    if case.first is not None and result.first != case.first:
        failures.append(_says("first", want=case.first, got=result.first or _says("no_order")))
    if case.phased is not None and result.phased != case.phased:
        failures.append(_says("phased", want=str(case.phased).lower(), got=str(result.phased).lower()))
    cited = result.cited
    missing = [c for c in case.criteria if c not in cited]
    if missing:
        failures.append(_says("not_cited", ids=", ".join(missing), cited=", ".join(sorted(cited)) or _says("none")))
    unwanted = [c for c in case.not_criteria if c in cited]
    if unwanted:
        failures.append(_says("cited", ids=", ".join(unwanted)))
    fired = frozenset(f.id for f in result.fired)
    not_fired = [r for r in case.rules if r not in fired]
    if not_fired:
        failures.append(_says("not_fired", ids=", ".join(not_fired)))
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
