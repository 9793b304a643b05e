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
from functools import cached_property
from operator import itemgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .compiled import compiled, multi_form, runner
from .errors import AnswersError, Diagnostic, did_you_mean
from .model import LEVELS, Caveat, Contradiction, Decision, Note, PhaseStep, Policy, Rule, Ruleset
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


class _Traced:
    """A ``Result`` part built from the facts when first read, then kept; never assigned."""

    __slots__ = ("build", "name")

    def __init__(self, build: Any) -> None:
        self.build = build
        self.name = build.__name__

    def __get__(self, result: Any, owner: Any = None) -> Any:
        if result is None:
            return self
        kept = result.__dict__
        try:
            return kept[self.name]
        except KeyError:
            value = kept[self.name] = self.build(result)
            return value

    def __set__(self, result: Any, value: Any) -> None:
        raise AttributeError(f"Result is immutable; cannot set `{self.name}`")

    def __delete__(self, result: Any) -> None:
        raise AttributeError(f"Result is immutable; cannot delete `{self.name}`")


if TYPE_CHECKING:
    traced = cached_property
else:
    traced = _Traced


class Result(tuple):
    """Everything the engine concluded, and why. Immutable.

    The tuple is what the ruleset's compiled function returns (compiled.py):
    the scores and the decided facts. The traced parts (the fired rules,
    the criteria, the visible answers, the hidden questions...) are built from
    it the first time they are read, so an evaluation that only needs the
    verdict (batch scoring, ``what_would_change``) never pays for them.
    """

    if TYPE_CHECKING:
        salesops: int
        revops: int
        decision: Decision
        first: str | None                 # for "both": which to build first
        phased: bool                      # "both", one after the other (budget for one)
        phase_step: PhaseStep | None
        margin: int | None
        confidence: str                   # the direction's: high | medium | low (before counting flips: see judge)
        strength: str                     # of the need, for the verdict: clear | emerging | not_yet
    else:
        salesops = property(itemgetter(1))
        revops = property(itemgetter(2))
        decision = property(itemgetter(3))
        first = property(itemgetter(4))
        phased = property(itemgetter(5))
        phase_step = property(itemgetter(6))
        margin = property(itemgetter(7))
        confidence = property(itemgetter(8))
        strength = property(itemgetter(9))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Result is immutable; cannot set `{name}`")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Result is immutable; cannot delete `{name}`")

    def __repr__(self) -> str:
        fields = ("salesops", "revops", "decision", "first", "phased", "margin", "confidence", "strength")
        return "Result(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in fields) + ")"

    @property
    def _ruleset(self) -> Ruleset:
        ruleset: Ruleset = self[0]
        return ruleset

    @property
    def ruleset_id(self) -> str:
        return self._ruleset.id

    @property
    def ruleset_hash(self) -> str:
        return self._ruleset.hash

    @property
    def salesops_max(self) -> int:
        return self._ruleset.max_scores["salesops"]

    @property
    def revops_max(self) -> int:
        return self._ruleset.max_scores["revops"]

    @property
    def thresholds(self) -> Mapping[str, int]:
        return self._ruleset.policy.thresholds

    @traced
    def strengths(self) -> Mapping[str, str]:
        """Of the need, per side, from its score alone."""
        ss, sr = self[10]
        return MappingProxyType({"salesops": ss, "revops": sr})

    @traced
    def fired_rules(self) -> tuple[Rule, ...]:
        """In ruleset order."""
        return tuple(map(self._ruleset.rules.__getitem__, self[11]))

    @traced
    def criteria(self) -> frozenset[str]:
        """Cited by fired rules."""
        return frozenset().union(*[rule.cites for rule in self.fired_rules])

    @traced
    def flags(self) -> frozenset[str]:
        return frozenset(flag.id for flag, holds in zip(self._ruleset.policy.flags, self[12], strict=True) if holds)

    @traced
    def supporting(self) -> tuple[Decision, ...]:
        """Other decisions that hold and agree: their reasons add up."""
        return tuple(self[13])

    @traced
    def caveats(self) -> tuple[Caveat, ...]:
        return tuple(self[14])

    @traced
    def contradictions(self) -> tuple[Contradiction, ...]:
        return tuple(self[15])

    @traced
    def notes(self) -> tuple[Note, ...]:
        """Policy notes that hold (the budget, for one)."""
        return tuple(self[16])

    @traced
    def _seen(self) -> tuple[Mapping[str, Any], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """(visible answers, unanswered, hidden, ignored), from the raw answers and which questions showed."""
        shown = iter(self[18])
        visible: dict[str, Any] = {}
        unanswered: list[str] = []
        hidden: list[str] = []
        ignored: list[str] = []
        for q, raw in zip(self._ruleset.questions, self[17], strict=True):
            if q.show_if is not None and not next(shown):
                hidden.append(q.id)
                if raw is not None:
                    ignored.append(q.id)
            elif raw is None:
                unanswered.append(q.id)
            else:
                visible[q.id] = raw
        return MappingProxyType(visible), tuple(unanswered), tuple(hidden), tuple(ignored)

    @property
    def answers(self) -> Mapping[str, Any]:
        """The raw answers that count (visible ones), keyed by question id."""
        return self._seen[0]

    @property
    def unanswered(self) -> tuple[str, ...]:
        """Shown but not answered."""
        return self._seen[1]

    @property
    def hidden(self) -> tuple[str, ...]:
        """Not shown for these answers."""
        return self._seen[2]

    @property
    def ignored(self) -> tuple[str, ...]:
        """Hidden, yet an answer was given (and ignored)."""
        return self._seen[3]

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


def invalid_answer(qid: str, exc: ValueError) -> AnswersError:
    """The error for a raw answer question ``qid`` does not take (``exc`` says why)."""
    return AnswersError(t("errors.answers.invalid_answer", question=f"`{qid}`"),
                        [Diagnostic("", 0, 0, t("errors.answers.answer_problem", question=qid, problem=exc))])


def evaluate(ruleset: Ruleset, answers: Mapping[str, Any]) -> Result:
    """Evaluate raw ``answers`` ({question id: value}) against ``ruleset``.

    Raises AnswersError when an answer names an unknown question or has a
    value the question does not accept (also on a question that is hidden).
    """
    facts = (ruleset.plan.run or runner(ruleset))(answers)
    if facts is None:
        raise unknown_questions(ruleset, answers)
    return Result(facts)


def unknown_questions(ruleset: Ruleset, answers: Mapping[str, Any]) -> AnswersError:
    """The error for answers to questions ``ruleset`` does not have."""
    unknown = sorted(set(answers) - set(ruleset.question_by_id))
    return AnswersError(t("errors.answers.unknown_questions", count=len(unknown)), [
        Diagnostic("", 0, 0, t("errors.answers.unknown_question", question=f"`{q}`"),
                   did_you_mean(q, ruleset.question_by_id))
        for q in unknown])


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


def what_would_change(ruleset: Ruleset, answers: Mapping[str, Any], result: Result | None = None) -> tuple[Change, ...]:
    """Every single-answer change (on a shown question) that alters the verdict: the direction,
    the order, the phasing, or whether a team is needed at all (weak or not).

    Unanswered questions are tried too: "if you answered X" is as useful to
    know as "if you had answered X instead".

    Each alternative is worked out from the answers as they are, through
    the ruleset's compiled ``alt_<i>`` (compiled.py): only the questions the
    changed answer shows or hides, the rules that read them, and the policy.
    """
    base = result if result is not None else evaluate(ruleset, answers)
    functions = compiled(ruleset)
    assert functions.state is not None
    values, shown_answers, fired, shown = functions.state(answers)
    salesops, revops, unanswered = base.salesops, base.revops, len(base.unanswered)
    key, direction = base.key, base.direction
    hidden = frozenset(base.hidden)
    engine_form, classes = functions.forms, functions.classes
    changes: list[Change] = []
    for i, q in enumerate(ruleset.questions):
        if q.id in hidden:
            continue
        current = answers.get(q.id)
        if q.type == "multi":
            chosen = list(current or [])
            alternatives: list[Any] = [
                [v for v in chosen if v != o] if o in chosen else [*chosen, o] for o in q.option_values]
            if q.max_choices is not None or q.min_choices:
                alternatives = [a for a in alternatives
                                if q.min_choices <= len(a) <= (q.max_choices or len(q.options))]
            codes = functions.codes[q.id]
            forms: list[Any] = [multi_form(codes, a) for a in alternatives]
        else:
            alternatives = [v for v in ruleset.probes[q.id] if v != current]
            forms = [engine_form[q.id][v] for v in alternatives]
        alternative_verdict = functions.alternatives[i]
        # Values every test on the question treats alike give one verdict: the current answer's
        # group changes nothing, and each other group is worked out once.
        groups = classes.get(q.id)
        mine = None if groups is None or current is None else groups[values[i]]
        verdicts: dict[int, tuple[Any, ...]] = {}
        for alternative, form in zip(alternatives, forms, strict=True):
            group = -1 if groups is None else groups[form]
            if group == mine:
                continue
            verdict = verdicts.get(group) if group >= 0 else None
            if verdict is None:
                verdict = verdicts[group] = alternative_verdict(values, shown_answers, fired, shown, salesops, revops,
                                                                unanswered, form)
            decision, first, phased, strength = verdict
            if (decision.recommend, first, phased, decision.weak) != key:
                changes.append(Change(q.id, current, alternative, decision.recommend, first, phased, decision.weak,
                                      strength, (decision.recommend, first if phased else None) != direction))
    return tuple(changes)
