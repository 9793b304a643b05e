"""The ruleset as immutable Python objects: questions, rules, policy, functions.

These are what the loader builds from the YAML files once they have passed
validation, and what the engine, the report and every client read. They hold
compiled conditions (plain callables), never YAML or source text to run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Literal

from .record import Record, default_factory

SIDES = ("salesops", "revops")
RECOMMENDATIONS = ("salesops", "revops", "both")
# What the verdict says: a function, both, or "not yet" (a weak decision: no team is needed today).
OUTCOMES = ("salesops", "revops", "both", "not_yet")
# How strong the need is, strongest first: a score at its threshold, at its emerging mark, below it.
STRENGTHS = ("clear", "emerging", "not_yet")
LEVELS = ("high", "medium", "low")  # the direction's confidence, highest first
QUESTION_TYPES = ("choice", "scale", "yesno", "number", "multi")

Side = Literal["salesops", "revops"]
Recommendation = Literal["salesops", "revops", "both"]

# A compiled condition: takes the normalised answers and the policy state
# (None outside the policy) and returns True, False, or None for "unknown".
Test = Callable[[Mapping[str, Any], Any], "bool | None"]


class Text:
    """A user-facing text in one or more languages. Immutable.

    A plain slotted class rather than a Record: a ruleset holds hundreds of
    texts and building them is a visible part of the load time.
    """

    __slots__ = ("by_language", "default_language")
    by_language: Mapping[str, str]
    default_language: str

    def __init__(self, by_language: Mapping[str, str], default_language: str) -> None:
        object.__setattr__(self, "by_language", MappingProxyType(dict(by_language)))
        object.__setattr__(self, "default_language", default_language)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Text is immutable; cannot set `{name}`")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Text):
            return NotImplemented
        return dict(self.by_language) == dict(other.by_language) and self.default_language == other.default_language

    def __hash__(self) -> int:
        return hash((tuple(sorted(self.by_language.items())), self.default_language))

    def __repr__(self) -> str:
        return f"Text({dict(self.by_language)!r}, {self.default_language!r})"

    def __call__(self, language: str | None = None) -> str:
        return self.by_language.get(language or self.default_language) or self.by_language[self.default_language]


class Condition(Record):
    """A compiled condition and what it reads."""

    test: Test
    reads: frozenset[str]  # question ids
    source: Any = None  # the YAML data, for messages
    node: Any = None  # the tree ``test`` was generated from (advisor/codegen.py)


class Criterion(Record):
    id: str
    name: Text
    summary: Text


class Topic(Record):
    id: str
    title: Text


class Option(Record):
    value: str
    label: Text
    quote: Text | None = None

    def phrase(self, language: str | None = None) -> str:
        return (self.quote or self.label)(language)


class Question(Record):
    id: str
    index: int
    topic: str
    type: str
    text: Text
    help: Text
    feeds: tuple[str, ...]
    options: tuple[Option, ...] = ()
    signal: Side | None = None
    show_if: Condition | None = None
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    unit: Text | None = None
    unit_one: Text | None = None  # the unit after the number 1, where the language says so
    min_choices: int = 0
    max_choices: int | None = None
    yes_label: Text | None = None
    no_label: Text | None = None

    @property
    def option_values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options)

    def option(self, value: object) -> Option | None:
        for option in self.options:
            if option.value == value:
                return option
        return None


class Rule(Record):
    id: str
    cites: tuple[str, ...]
    when: Condition
    salesops: int
    revops: int
    rationale: Text
    reads: tuple[str, ...]  # question ids in questionnaire order


class Flag(Record):
    id: str
    when: Condition


class Decision(Record):
    id: str
    cites: tuple[str, ...]
    when: Condition | None
    recommend: Recommendation
    summary: Text
    margin: tuple[str, ...] = ()
    confidence: str | None = None
    weak: bool = False
    strength: str | None = None  # fixes the headline strength of need
    reason: Text | None = None   # what it adds when it holds but another decision was chosen


class PhaseStep(Record):
    when: Condition | None
    first: Side
    cites: tuple[str, ...]
    reason: Text


class ConfidenceLevel(Record):
    """A level of confidence in the direction, and the band that gives it."""

    id: str
    min_margin: int | None
    label: Text
    text: Text
    max_flips: int | None = None  # at most this many questions, changed alone, may turn the direction


class StrengthLevel(Record):
    id: str
    label: Text
    text: Text


class Note(Record):
    """A statement added to the verdict whenever its condition holds (the budget, for one)."""

    id: str
    cites: tuple[str, ...]
    when: Condition
    text: Text


class Contradiction(Record):
    """Two answers that contradict each other: named in the report, they lower the confidence."""

    id: str
    cites: tuple[str, ...]
    answers: tuple[Condition, Condition]
    when: Condition  # both answers hold
    text: Text


class Caveat(Record):
    id: str
    kind: str
    lowers_confidence: bool
    cites: tuple[str, ...]
    when: Condition
    text: Text


class Pooling(Record):
    """How a workshop's answers become one set of answers (see ``advisor.workshop.pool``)."""

    ordered: str = "lower_median"   # scale options and numbers: lower_median | upper_median
    ties: str = "unanswered"        # unordered answers with no single most common one: unanswered | first_listed
    multi_share: float = 0.5        # a multiple-choice option is pooled when this share of its voters ticked it


POOLING_ORDERED = ("lower_median", "upper_median")
POOLING_TIES = ("unanswered", "first_listed")


class Policy(Record):
    thresholds: Mapping[str, int]
    flags: tuple[Flag, ...]
    decisions: tuple[Decision, ...]
    phased_when: Condition | None
    phase_order: tuple[PhaseStep, ...]
    confidence: tuple[ConfidenceLevel, ...]  # the direction's levels, highest first
    caveats: tuple[Caveat, ...]
    emerging: Mapping[str, int] = default_factory(dict)  # per side: from here on the need is emerging
    strengths: tuple[StrengthLevel, ...] = ()             # clear, emerging, not_yet
    notes: tuple[Note, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()
    pooling: Pooling = Pooling()
    # Set per instance by __post_init__, not fields: Record and type checkers skip
    # ClassVar annotations, which is all these are declared for.
    flag_tests: ClassVar[tuple[tuple[str, Test], ...]]
    decision_tests: ClassVar[tuple[tuple[Decision, Test | None], ...]]
    phase_tests: ClassVar[tuple[tuple[PhaseStep, Test | None], ...]]
    caveat_tests: ClassVar[tuple[tuple[Caveat, Test], ...]]
    note_tests: ClassVar[tuple[tuple[Note, Test], ...]]
    contradiction_tests: ClassVar[tuple[tuple[Contradiction, Test], ...]]

    def __post_init__(self) -> None:
        # Pairs for the engine's loops: one unpacking instead of two attribute reads.
        self._set("flag_tests", tuple((f.id, f.when.test) for f in self.flags))
        self._set("decision_tests", tuple((d, d.when.test if d.when else None) for d in self.decisions))
        self._set("phase_tests", tuple((p, p.when.test if p.when else None) for p in self.phase_order))
        self._set("caveat_tests", tuple((c, c.when.test) for c in self.caveats))
        self._set("note_tests", tuple((n, n.when.test) for n in self.notes))
        self._set("contradiction_tests", tuple((c, c.when.test) for c in self.contradictions))

    def level(self, level_id: str) -> ConfidenceLevel:
        return next(c for c in self.confidence if c.id == level_id)

    def strength(self, level_id: str) -> StrengthLevel:
        return next(s for s in self.strengths if s.id == level_id)


class Metric(Record):
    id: str
    name: Text
    description: Text


class FirstStep(Record):
    id: str
    cites: tuple[str, ...]
    text: Text
    when: Condition | None = None  # listed only when this holds


class Function(Record):
    id: str
    name: Text
    summary: Text
    first_steps: tuple[FirstStep, ...]
    metrics: tuple[str, ...]


class Case(Record):
    id: str
    description: str
    answers: Mapping[str, Any]
    recommend: str  # an outcome: salesops, revops, both or not_yet
    lean: Side | None = None  # with not_yet: the side the answers lean to
    confidence: str | None = None
    strength: str | None = None
    first: Side | None = None
    phased: bool | None = None
    criteria: tuple[str, ...] = ()
    not_criteria: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    line: int = 0


class Ruleset(Record):
    """A loaded, validated ruleset. Build it with ``advisor.loader.load_ruleset``."""

    id: str
    name: Text
    version: str
    description: Text
    languages: tuple[str, ...]
    default_language: str
    vocabulary: Mapping[str, Text]
    criteria: Mapping[str, Criterion]
    topics: tuple[Topic, ...]
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...]
    policy: Policy
    metrics: Mapping[str, Metric]
    functions: Mapping[str, Function]
    both_summary: Text
    both_cites: tuple[str, ...]
    cases: tuple[Case, ...]
    hash: str
    path: str
    max_scores: Mapping[str, int]
    # For "what would change this": the values worth trying for each question.
    probes: Mapping[str, tuple[Any, ...]] = default_factory(dict)
    # Precomputed once so evaluation does no lookups by name.
    question_by_id: Mapping[str, Question] = default_factory(dict)
    rule_by_id: Mapping[str, Rule] = default_factory(dict)
    # The compiled evaluator (advisor.compiled.Compiled), written on first use.
    plan: Any = None

    def question(self, question_id: str) -> Question:
        return self.question_by_id[question_id]

    def word(self, key: str, language: str | None = None) -> str:
        return self.vocabulary[key](language)
