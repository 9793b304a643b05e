"""The decision engine: answers in, one immutable, fully traced result out.

``evaluate(ruleset, answers)`` decides which questions are shown, fires the
rules whose conditions hold, adds up both scores, applies the policy
(decision, phase order, margin, confidence, caveats) and returns a
``Result`` that says why at every step. It does no I/O and imports no UI;
every client (CLI, TUI, batch scoring) calls this same function.

The result holds two judgements, kept apart: the *direction* (which
function, or both and in which order; for a weak result, the side the
answers lean to) with its confidence, and the *strength of the need*
(clear, emerging, not yet), from the scores against the policy's marks.

``what_would_change`` re-evaluates with one answer changed at a time and
lists the changes that would alter the verdict; ``judge`` adds them up into
the direction's final confidence (a direction that one of several answers
would turn is less sure than its margin says).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .conditions import PolicyState
from .errors import AnswersError, Diagnostic, did_you_mean
from .model import LEVELS, STRENGTHS, Caveat, Contradiction, Decision, Note, PhaseStep, Policy, Rule, Ruleset
from .plan import slow_entry
from .record import TupleRecord
from .texts import t


class FiredRule(TupleRecord):
    """A rule that fired, with the answers that made it fire."""

    __slots__ = ()
    rule: Rule
    visible: Mapping[str, Any]  # every answer that counted, keyed by question id

    @property
    def answers(self) -> tuple[tuple[str, Any], ...]:
        """(question id, raw answer) for each answered question the rule reads."""
        visible = self.visible
        return tuple((q, visible[q]) for q in self.rule.reads if q in visible)

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


class Result(TupleRecord):
    """Everything the engine concluded, and why. Immutable."""

    __slots__ = ()
    ruleset_id: str
    ruleset_hash: str
    salesops: int
    revops: int
    salesops_max: int
    revops_max: int
    thresholds: Mapping[str, int]
    fired_rules: tuple[Rule, ...]     # in ruleset order
    criteria: frozenset[str]          # cited by fired rules
    flags: frozenset[str]
    decision: Decision
    first: str | None                 # for "both": which to build first
    phased: bool                      # "both", one after the other (budget for one)
    phase_step: PhaseStep | None
    margin: int | None
    confidence: str                   # the direction's: high | medium | low (before counting flips: see judge)
    caveats: tuple[Caveat, ...]
    strength: str                     # of the need, for the verdict: clear | emerging | not_yet
    strengths: Mapping[str, str]      # of the need, per side, from its score alone
    supporting: tuple[Decision, ...]  # other decisions that hold and agree: their reasons add up
    notes: tuple[Note, ...]           # policy notes that hold (the budget, for one)
    contradictions: tuple[Contradiction, ...]
    answers: Mapping[str, Any]        # the raw answers that count (visible ones)
    unanswered: tuple[str, ...]       # shown but not answered
    hidden: tuple[str, ...]           # not shown for these answers
    ignored: tuple[str, ...]          # hidden, yet an answer was given (and ignored)

    @property
    def recommendation(self) -> str:
        """salesops, revops or both: the direction (for a weak result, the side it leans to)."""
        return self.decision.recommend

    @property
    def outcome(self) -> str:
        """What the verdict says: salesops, revops, both, or not_yet when no team is needed yet."""
        return "not_yet" if self.decision.weak else self.decision.recommend

    @property
    def lean(self) -> str | None:
        """For a not-yet verdict, the function the answers lean to."""
        return self.decision.recommend if self.decision.weak else None

    @property
    def direction(self) -> tuple[str, str | None]:
        """Which way the advice points, whatever its strength: (salesops|revops|both, first).

        The order is part of it only when both are built in phases: built
        together, which one "comes first" commits the company to nothing.
        """
        return (self.decision.recommend, self.first if self.phased else None)

    @property
    def fired(self) -> tuple[FiredRule, ...]:
        """Each rule that fired, with the answers behind it (built when asked for)."""
        answers = self.answers
        return tuple(FiredRule(rule, answers) for rule in self.fired_rules)

    @property
    def key(self) -> tuple[str, str | None, bool, bool]:
        """What a reader would call "the recommendation": a weak lean is not a clear call."""
        return (self.decision.recommend, self.first, self.phased, self.decision.weak)

    @property
    def weak(self) -> bool:
        return self.decision.weak

    @property
    def cited(self) -> frozenset[str]:
        """Every criterion behind the result: fired rules, the decision and those that agree with it,
        the phase order, the notes."""
        extra = set(self.decision.cites)
        for decision in self.supporting:
            extra.update(decision.cites)
        for note in self.notes:
            extra.update(note.cites)
        if self.phase_step is not None:
            extra.update(self.phase_step.cites)
        return self.criteria | extra


class Change(TupleRecord):
    """One answer change that would alter the verdict."""

    __slots__ = ()
    question_id: str
    current: Any          # raw answer, None when unanswered
    alternative: Any
    recommendation: str
    first: str | None
    phased: bool
    weak: bool
    strength: str = "clear"
    turns_direction: bool = False  # the function (or the order) changes, not only the strength or phasing

    @property
    def outcome(self) -> str:
        return "not_yet" if self.weak else self.recommendation


class Verdict(TupleRecord):
    """A result with what would change it, and so the direction's final confidence."""

    __slots__ = ()
    result: Result
    changes: tuple[Change, ...]
    flips: tuple[str, ...]  # questions that, changed alone, would turn the direction
    confidence: str         # high | medium | low


def _invalid(qid: str, exc: ValueError) -> AnswersError:
    return AnswersError(t("errors.answers.invalid_answer", question=f"`{qid}`"),
                        [Diagnostic("", 0, 0, t("errors.answers.answer_problem", question=qid, problem=exc))])


def evaluate(ruleset: Ruleset, answers: Mapping[str, Any]) -> Result:
    """Evaluate raw ``answers`` ({question id: value}) against ``ruleset``.

    Raises AnswersError when an answer names an unknown question or has a
    value the question does not accept (also on a question that is hidden).
    """
    if not answers.keys() <= ruleset.question_by_id.keys():
        unknown = sorted(set(answers) - set(ruleset.question_by_id))
        raise AnswersError(t("errors.answers.unknown_questions", count=len(unknown)), [
            Diagnostic("", 0, 0, t("errors.answers.unknown_question", question=f"`{q}`"),
                       did_you_mean(q, ruleset.question_by_id))
            for q in unknown])
    plan = ruleset.plan
    get = answers.get
    norm: dict[str, Any] = {}
    visible: dict[str, Any] = {}
    unanswered: list[str] = []
    hidden: list[str] = []
    ignored: list[str] = []
    fired: list[int] = []
    salesops = revops = 0
    for qid, show, table, strict, qp in plan.rows:
        raw = get(qid)
        if raw is None:
            if show is not None and show(norm, None) is not True:
                hidden.append(qid)
            else:
                unanswered.append(qid)
            hits = qp.absent
        else:
            try:
                if strict and raw.__class__ is not bool:
                    raise KeyError(qid)  # 1 == True: a yes/no answer must be a real boolean
                entry = table[raw]
            except (KeyError, TypeError):
                try:
                    entry = slow_entry(qp, raw)
                except ValueError as exc:
                    raise _invalid(qid, exc) from None
            if show is not None and show(norm, None) is not True:
                hidden.append(qid)
                ignored.append(qid)
                hits = qp.absent
            else:
                norm[qid] = entry[0]
                visible[qid] = raw
                hits = entry[1]
        if hits is not None:
            fired.extend(hits[0])
            salesops += hits[1]
            revops += hits[2]
    for index, test, s_points, r_points in plan.joint:
        if test(norm, None) is True:
            fired.append(index)
            salesops += s_points
            revops += r_points
    fired.sort()
    return decide(ruleset, norm, visible, tuple(map(ruleset.rules.__getitem__, fired)), salesops, revops,
                  unanswered, hidden, ignored)


def decide(ruleset: Ruleset, norm: dict[str, Any], visible: dict[str, Any], fired_rules: tuple[Rule, ...],
           salesops: int, revops: int, unanswered: list[str], hidden: list[str], ignored: list[str]) -> Result:
    """The policy half of ``evaluate``: from the answers (in engine form) and the rules they fired
    to the decision, its reasons, strength, confidence and phasing."""
    criteria = set().union(*[rule.cites for rule in fired_rules])
    policy = ruleset.policy
    thresholds = policy.thresholds
    flags: set[str] = set()
    state = PolicyState(salesops, revops, thresholds, {rule.id for rule in fired_rules}, criteria, flags,
                        len(unanswered))
    for flag_id, flag_test in policy.flag_tests:
        if flag_test(norm, state) is True:
            flags.add(flag_id)
    tests = policy.decision_tests
    for index, (decision, test) in enumerate(tests):  # noqa: B007 - the decision is the one the loop stops at
        if test is None or test(norm, state) is True:
            break
    # Every later decision that holds and agrees adds its reason (B2, B3 and B5 together, say).
    supporting = tuple([other for other, test in tests[index + 1:]
                        if other.reason is not None and not other.weak and other.recommend == decision.recommend
                        and test is not None and test(norm, state) is True]) if not decision.weak else ()
    margin = _margin(decision, salesops, revops, thresholds) if decision.margin else None
    caveats = tuple([caveat for caveat, test in policy.caveat_tests if test(norm, state) is True])
    contradictions = tuple([c for c, test in policy.contradiction_tests if test(norm, state) is True])
    level = confidence_level(policy, decision, margin, 0, len(contradictions),
                             any(c.lowers_confidence for c in caveats))

    emerging = policy.emerging
    strengths = {
        side: "clear" if score >= thresholds[side] else "emerging" if score >= emerging[side] else "not_yet"
        for side, score in (("salesops", salesops), ("revops", revops))}
    if decision.strength is not None:
        strength = decision.strength
    else:
        sides = ("salesops", "revops") if decision.recommend == "both" else (decision.recommend,)
        strength = STRENGTHS[min(STRENGTHS.index(strengths[side]) for side in sides)]
        if decision.weak and strength == "clear":
            strength = "emerging"  # a weak decision never calls the need clear
    state.outcome = "not_yet" if decision.weak else decision.recommend
    notes = tuple([note for note, test in policy.note_tests if test(norm, state) is True])

    first: str | None = None
    step: PhaseStep | None = None
    phased = False
    if decision.recommend == "both":
        for step, test in policy.phase_tests:  # noqa: B007 - the step is the one the loop stops at
            if test is None or test(norm, state) is True:
                break
        first = step.first if step is not None else "salesops"
        phased = policy.phased_when is not None and policy.phased_when.test(norm, state) is True

    # By keyword: positional tuple.__new__ saved ~0.3 us an evaluation (benchmarks/bench_records.py),
    # nothing anyone feels, for a 26-field record whose order nobody could check by eye.
    return Result(ruleset_id=ruleset.id, ruleset_hash=ruleset.hash, salesops=salesops, revops=revops,
                  salesops_max=ruleset.max_scores["salesops"], revops_max=ruleset.max_scores["revops"],
                  thresholds=thresholds, fired_rules=fired_rules, criteria=frozenset(criteria),
                  flags=frozenset(flags), decision=decision, first=first, phased=phased, phase_step=step,
                  margin=margin, confidence=level, caveats=caveats, strength=strength,
                  strengths=MappingProxyType(strengths), supporting=supporting, notes=notes,
                  contradictions=contradictions, answers=MappingProxyType(visible),
                  unanswered=tuple(unanswered), hidden=tuple(hidden), ignored=tuple(ignored))


def confidence_level(policy: Policy, decision: Decision, margin: int | None, flips: int, contradictions: int,
                     gap: bool) -> str:
    """The direction's confidence: the first band the margin reaches with no more than its flips
    (or the decision's fixed level, capped by the flips), one level lower for each contradiction
    and once for a gap that lowers confidence."""
    level = "low"
    for band in policy.confidence:
        if band.max_flips is not None and flips > band.max_flips:
            continue
        if decision.confidence is not None:
            if LEVELS.index(band.id) >= LEVELS.index(decision.confidence):
                level = band.id
                break
            continue
        if band.min_margin is None or (margin is not None and margin >= band.min_margin):
            level = band.id
            break
    drop = contradictions + (1 if gap else 0)
    return LEVELS[min(LEVELS.index(level) + drop, len(LEVELS) - 1)]


def judge(ruleset: Ruleset, answers: Mapping[str, Any], result: Result | None = None,
          changes: tuple[Change, ...] | None = None) -> Verdict:
    """The result, what would change it, and the direction's confidence counting the flips."""
    base = result if result is not None else evaluate(ruleset, answers)
    found = changes if changes is not None else what_would_change(ruleset, answers, base)
    flips = tuple(dict.fromkeys(ch.question_id for ch in found if ch.turns_direction))
    level = confidence_level(ruleset.policy, base.decision, base.margin, len(flips), len(base.contradictions),
                             any(c.lowers_confidence for c in base.caveats))
    return Verdict(base, tuple(found), flips, level)


_TERMS = {
    "salesops_over": lambda s, r, ts, tr: s - ts,
    "revops_over": lambda s, r, ts, tr: r - tr,
    "salesops_under": lambda s, r, ts, tr: ts - s,
    "revops_under": lambda s, r, ts, tr: tr - r,
    "salesops_lead": lambda s, r, ts, tr: s - r,
    "revops_lead": lambda s, r, ts, tr: r - s,
}


def _margin(decision: Decision, s: int, r: int, thresholds: Mapping[str, int]) -> int:
    """The smallest of the quantities the decision hinges on, in points."""
    ts, tr = thresholds["salesops"], thresholds["revops"]
    return min(_TERMS[t](s, r, ts, tr) for t in decision.margin)


def what_would_change(ruleset: Ruleset, answers: Mapping[str, Any], result: Result | None = None) -> tuple[Change, ...]:
    """Every single-answer change (on a shown question) that alters the verdict: the direction,
    the order, the phasing, or whether a team is needed at all (weak or not).

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
                changes.append(Change(q.id, current, alternative, other.decision.recommend, other.first,
                                      other.phased, other.decision.weak, other.strength,
                                      other.direction != base.direction))
        if current is None:
            trial.pop(q.id, None)
        else:
            trial[q.id] = current
    return tuple(changes)
