"""The decision engine: answers in, one immutable, fully traced result out.

``evaluate(ruleset, answers)`` decides which questions are shown, fires the
rules whose conditions hold, adds up both scores, applies the policy
(decision, phase order, margin, confidence, caveats) and returns a
``Result`` that says why at every step. It does no I/O and imports no UI;
every client (CLI, TUI, batch scoring) calls this same function.

``what_would_change`` re-evaluates with one answer changed at a time and
lists the changes that would alter the recommendation.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .record import Record
from .conditions import PolicyState
from .errors import AnswersError, Diagnostic, did_you_mean
from .model import Caveat, Decision, PhaseStep, Rule, Ruleset

LEVELS = ("high", "medium", "low")


class FiredRule(Record):
    """A rule that fired, with the answers that made it fire."""

    rule: Rule
    answers: tuple[tuple[str, Any], ...]  # (question id, raw answer)

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def cites(self) -> tuple[str, ...]:
        return self.rule.cites

    @property
    def salesops(self) -> int:
        return self.rule.salesops

    @property
    def revops(self) -> int:
        return self.rule.revops


class Result(Record):
    """Everything the engine concluded, and why."""

    ruleset_id: str
    ruleset_hash: str
    salesops: int
    revops: int
    salesops_max: int
    revops_max: int
    thresholds: Mapping[str, int]
    fired: tuple[FiredRule, ...]
    criteria: frozenset[str]          # cited by fired rules
    flags: frozenset[str]
    decision: Decision
    recommendation: str               # salesops | revops | both
    first: str | None                 # for "both": which to build first
    phased: bool                      # "both", one after the other (budget for one)
    phase_step: PhaseStep | None
    margin: int | None
    confidence: str                   # high | medium | low
    caveats: tuple[Caveat, ...]
    answers: Mapping[str, Any]        # the raw answers that count (visible ones)
    unanswered: tuple[str, ...]       # shown but not answered
    hidden: tuple[str, ...]           # not shown for these answers
    ignored: tuple[str, ...]          # hidden, yet an answer was given (and ignored)

    @property
    def key(self) -> tuple[str, str | None, bool, bool]:
        """What a reader would call "the recommendation": a weak lean is not a clear call."""
        return (self.recommendation, self.first, self.phased, self.decision.weak)

    @property
    def weak(self) -> bool:
        return self.decision.weak

    @property
    def cited(self) -> frozenset[str]:
        """Every criterion behind the result: fired rules, the decision, the phase order."""
        extra = set(self.decision.cites)
        if self.phase_step is not None:
            extra.update(self.phase_step.cites)
        return self.criteria | extra


class Change(Record):
    """One answer change that would alter the recommendation."""

    question_id: str
    current: Any          # raw answer, None when unanswered
    alternative: Any
    recommendation: str
    first: str | None
    phased: bool
    weak: bool


def evaluate(ruleset: Ruleset, answers: Mapping[str, Any]) -> Result:
    """Evaluate raw ``answers`` ({question id: value}) against ``ruleset``.

    Raises AnswersError when an answer names an unknown question or has a
    value the question does not accept.
    """
    if not answers.keys() <= ruleset.question_by_id.keys():
        unknown = sorted(set(answers) - set(ruleset.question_by_id))
        raise AnswersError(f"{len(unknown)} unknown question id(s)", [
            Diagnostic("", 0, 0, f"unknown question `{q}`", did_you_mean(q, ruleset.question_by_id))
            for q in unknown])
    norm: dict[str, Any] = {}
    visible: dict[str, Any] = {}
    unanswered: list[str] = []
    hidden: list[str] = []
    ignored: list[str] = []
    for qid, normalize, show in ruleset.steps:
        raw = answers.get(qid)
        if raw is None:
            if show is not None and show(norm, None) is not True:
                hidden.append(qid)
            else:
                unanswered.append(qid)
            continue
        try:
            value = normalize(raw)  # an invalid answer is an error even where it would be ignored
        except ValueError as exc:
            raise AnswersError(f"invalid answer for `{qid}`", [Diagnostic("", 0, 0, f"`{qid}`: {exc}")]) from None
        if show is not None and show(norm, None) is not True:
            hidden.append(qid)
            ignored.append(qid)
            continue
        norm[qid] = value
        visible[qid] = raw

    salesops = revops = 0
    fired: list[FiredRule] = []
    criteria: set[str] = set()
    for rule in ruleset.rules:
        if rule.when.test(norm, None) is True:
            salesops += rule.salesops
            revops += rule.revops
            fired.append(FiredRule(rule, tuple((q, visible[q]) for q in rule.reads if q in visible)))
            criteria.update(rule.cites)

    policy = ruleset.policy
    thresholds = policy.thresholds
    flags: set[str] = set()
    state = PolicyState(salesops, revops, thresholds, frozenset(f.rule.id for f in fired),
                        frozenset(criteria), flags, len(unanswered))
    for flag in policy.flags:
        if flag.when.test(norm, state) is True:
            flags.add(flag.id)
    decision = policy.decisions[-1]
    for candidate in policy.decisions:
        if candidate.when is None or candidate.when.test(norm, state) is True:
            decision = candidate
            break

    margin = _margin(decision, salesops, revops, thresholds)
    if decision.confidence is not None:
        level = decision.confidence
    else:
        level = "low"
        if margin is not None:
            for band in policy.confidence:
                if band.min_margin is None or margin >= band.min_margin:
                    level = band.id
                    break
    caveats = tuple(c for c in policy.caveats if c.when.test(norm, state) is True)
    if any(c.lowers_confidence for c in caveats) and level != "low":
        level = LEVELS[LEVELS.index(level) + 1]

    first: str | None = None
    step: PhaseStep | None = None
    phased = False
    if decision.recommend == "both":
        for candidate_step in policy.phase_order:
            if candidate_step.when is None or candidate_step.when.test(norm, state) is True:
                step = candidate_step
                break
        first = step.first if step is not None else "salesops"
        phased = policy.phased_when is not None and policy.phased_when.test(norm, state) is True

    return Result(
        ruleset_id=ruleset.id, ruleset_hash=ruleset.hash, salesops=salesops, revops=revops,
        salesops_max=ruleset.max_scores.get("salesops", 0), revops_max=ruleset.max_scores.get("revops", 0),
        thresholds=thresholds, fired=tuple(fired), criteria=frozenset(criteria), flags=frozenset(flags),
        decision=decision, recommendation=decision.recommend, first=first, phased=phased, phase_step=step,
        margin=margin, confidence=level, caveats=caveats, answers=MappingProxyType(visible),
        unanswered=tuple(unanswered), hidden=tuple(hidden), ignored=tuple(ignored))


def _margin(decision: Decision, s: int, r: int, thresholds: Mapping[str, int]) -> int | None:
    if not decision.margin:
        return None
    ts, tr = thresholds["salesops"], thresholds["revops"]
    terms = {"salesops_over": s - ts, "revops_over": r - tr, "salesops_under": ts - s,
             "revops_under": tr - r, "salesops_lead": s - r, "revops_lead": r - s}
    return min(terms[t] for t in decision.margin)


def what_would_change(ruleset: Ruleset, answers: Mapping[str, Any], result: Result | None = None) -> tuple[Change, ...]:
    """Every single-answer change (on a shown question) that alters the recommendation.

    Unanswered questions are tried too: "if you answered X" is as useful to
    know as "if you had answered X instead".
    """
    base = result if result is not None else evaluate(ruleset, answers)
    changes: list[Change] = []
    trial = dict(answers)
    for q in ruleset.questions:
        if q.id in base.hidden:
            continue
        current = answers.get(q.id)
        if q.type == "multi":
            chosen = list(current or [])
            alternatives: list[Any] = [
                [v for v in chosen if v != o] if o in chosen else [*chosen, o] for o in q.option_values]
            if q.max_choices is not None or q.min_choices:
                alternatives = [a for a in alternatives
                                if q.min_choices <= len(a) <= (q.max_choices or len(q.options))]
        else:
            alternatives = [v for v in ruleset.probes[q.id] if v != current]
        for alternative in alternatives:
            trial[q.id] = alternative
            other = evaluate(ruleset, trial)
            if other.key != base.key:
                changes.append(Change(q.id, current, alternative, other.recommendation, other.first, other.phased,
                                      other.decision.weak))
        if current is None:
            trial.pop(q.id, None)
        else:
            trial[q.id] = current
    return tuple(changes)
