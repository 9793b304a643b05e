"""What each file the advisor reads looks like, as data: one table per kind of mapping.

The checker (``loader``, ``policyload``, ``conditions``, ``answers``,
``batch.mapfile``) takes its key sets and fixed choices from these tables,
and ``schemagen`` turns the same tables into the JSON Schemas editors use, so
a key added here is one the checker accepts and the schema offers. A table
says, for each key, whether it is required, what kind of value it holds and,
in a short English phrase, what it is for (the editor shows it on hover).

Only the shapes live here: cross-references (a rule citing a criterion the
ruleset defines), order (the last decision has no ``when``) and arithmetic
(a threshold above its emerging level) stay in the checker, which is why a
schema never rejects a file the checker accepts but may accept one it
refuses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from .checks import IDENT, MAX_ID_LENGTH, MAX_NUMBER, MAX_TEXT_BYTES, VALUE
from .model import LEVELS, OUTCOMES, POOLING_ORDERED, POOLING_TIES, QUESTION_TYPES, RECOMMENDATIONS, SIDES, STRENGTHS
from .record import Record

__all__ = ["IDENT", "MAX_ID_LENGTH", "MAX_NUMBER", "MAX_TEXT_BYTES", "SHAPES", "VALUE", "Shape"]

# -- patterns and fixed choices the checker uses ----------------------------------------------

CRITERION_ID = re.compile(r"(?:[SRBD][0-9]+|M)\Z")

ANSWERS_FORMAT = "advisor-answers/1"
MAP_FORMAT = "advisor-map/1"

VOCABULARY = ("yes", "no", "salesops", "revops")
COMBINATORS = ("all", "any", "not", "at_least")
ANSWER_OPS = ("eq", "ne", "in", "not_in", "lt", "lte", "gt", "gte", "between",
              "contains", "contains_any", "answered")
COMPARE_OPS = ("eq", "lt", "lte", "gt", "gte", "between")
POLICY_SUBJECTS = ("score", "need", "lead", "fired", "criterion", "flag", "count", "outcome")
OPS_BY_TYPE = MappingProxyType({
    "choice": ("eq", "ne", "in", "not_in", "answered"),
    "scale": ("eq", "ne", "in", "not_in", "lt", "lte", "gt", "gte", "between", "answered"),
    "yesno": ("eq", "ne", "answered"),
    "number": ("eq", "ne", "in", "not_in", "lt", "lte", "gt", "gte", "between", "answered"),
    "multi": ("contains", "contains_any", "answered"),
})
MARGIN_TERMS = ("salesops_over", "revops_over", "salesops_under", "revops_under", "salesops_lead", "revops_lead")
CAVEAT_KINDS = ("gap",)
COUNTABLE = ("unanswered",)
LEADERS = (*SIDES, "tie")
SHARE_RANGE = (0, 1)  # pooling.multi_share: above the first, at most the second
MAP_META = ("row_id", "company", "respondent")


# -- kinds of value -------------------------------------------------------------------------------

class Ident(Record):
    """An identifier: a string matching ``pattern`` (IDENT, VALUE or CRITERION_ID), at most MAX_ID_LENGTH long."""

    pattern: re.Pattern[str] = IDENT


class Text(Record):
    """A text people read: a string, or one string per language code."""


class String(Record):
    """A string; ``blank``: whether an empty string is fine; ``min_length``: a bound on characters."""

    blank: bool = False
    min_length: int = 0


class Whole(Record):
    """A whole number, at least ``minimum``."""

    minimum: int | None = None


class Number(Record):
    """A number within ±MAX_NUMBER, or within ``above`` (excluded) and ``at_most`` when given."""

    above: float | None = None
    at_most: float | None = None


class Boolean(Record):
    """true or false (YAML 1.1's yes/no/on/off too: the advisor reads them as booleans)."""


class Choice(Record):
    """One of a fixed set of strings."""

    choices: tuple[str, ...]


class Const(Record):
    """Exactly this string."""

    value: str


class ListOf(Record):
    """A list of ``item``, with at least ``min_items`` (and at most ``max_items``) items."""

    item: Kind
    min_items: int = 0
    max_items: int | None = None


class Refs(Record):
    """A list of ids defined elsewhere in the ruleset (``pattern`` is theirs)."""

    pattern: re.Pattern[str] = IDENT
    min_items: int = 1


class Condition(Record):
    """A condition: ``scope`` "answers" (answers only), "policy" (scores, rules, flags too) or "note"
    (policy, and the outcome)."""

    scope: str = "answers"


class Nested(Record):
    """A mapping described by the table ``name`` of ``SHAPES``."""

    name: str


class MapOf(Record):
    """A mapping whose keys are free (``keys``: a pattern they match, or None) and values are ``values``."""

    values: Kind
    keys: re.Pattern[str] | None = None
    min_items: int = 0


class Answer(Record):
    """A raw answer: an option value, true/false, a number, a list of option values, or null (no answer)."""


class Scalar(Record):
    """A string or a number (``booleans``: or true/false): a label's meaning in a map, a ruleset's version."""

    booleans: bool = True


class Forbidden(Record):
    """A key that is always an error (``unsure:`` in a map: delete it once the guess is checked)."""


Kind = (Ident | Text | String | Whole | Number | Boolean | Choice | Const | ListOf | Refs | Condition | Nested | MapOf
        | Answer | Scalar | Forbidden)


# -- mappings ------------------------------------------------------------------------------------

class Key(Record):
    """One key of a mapping: its kind of value, whether it must be there, whether null means "absent"."""

    name: str
    kind: Kind
    description: str
    required: bool = False
    nullable: bool = False


class Variant(Record):
    """Keys that depend on another key's value: where ``key`` is one of ``values``, ``required`` must be
    there, ``forbidden`` must not, and ``null_only`` may only be null."""

    key: str
    values: tuple[str, ...]
    required: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    null_only: tuple[str, ...] = ()


class Shape(Record):
    """A mapping: its keys, in the order the files write them."""

    title: str
    keys: tuple[Key, ...]
    variants: tuple[Variant, ...] = ()
    min_keys: int = 0

    @property
    def by_name(self) -> Mapping[str, Key]:
        return {key.name: key for key in self.keys}

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys if key.required)

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys if not key.required)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys)

    def kind(self, name: str) -> Kind:
        return self.by_name[name].kind


def _k(name: str, kind: Kind, description: str, *, required: bool = True, nullable: bool = False) -> Key:
    return Key(name, kind, description, required, nullable)


def _o(name: str, kind: Kind, description: str, *, nullable: bool = False) -> Key:
    return Key(name, kind, description, False, nullable)


TEXT = Text()
CITES = Refs(CRITERION_ID)
CITES_ANY = Refs(CRITERION_ID, min_items=0)
_ID = "Its id: lower case letters, digits and `_`, starting with a letter."

# Question keys that only some types take, by type (any other type refuses them).
QUESTION_KEYS_BY_TYPE = MappingProxyType({
    "choice": ("options",), "scale": ("options",), "yesno": ("labels",),
    "number": ("min", "max", "integer", "unit", "unit_one"),
    "multi": ("options", "min_choices", "max_choices"),
})
TYPED_QUESTION_KEYS = ("options", "labels", "min", "max", "integer", "unit", "unit_one", "min_choices", "max_choices")
ORDERED_TYPES = ("scale", "yesno", "number")  # the types a `signal` suits


def _question_variants() -> tuple[Variant, ...]:
    needed = {"choice": ("options",), "scale": ("options",), "multi": ("options",), "number": ("min", "max")}
    return tuple(Variant("type", (qtype,), required=needed.get(qtype, ()),
                         forbidden=tuple(k for k in TYPED_QUESTION_KEYS if k not in QUESTION_KEYS_BY_TYPE[qtype]),
                         null_only=() if qtype in ORDERED_TYPES else ("signal",))
                 for qtype in QUESTION_TYPES)


def _levels(title: str, levels: tuple[str, ...], what: str) -> Shape:
    return Shape(title, tuple(_k(level, Nested("level"), f"The `{level}` {what}: its label and text.")
                              for level in levels))


SHAPES: Mapping[str, Shape] = MappingProxyType({
    # ruleset.yaml
    "ruleset": Shape("ruleset.yaml: what the ruleset is", (
        _k("id", Ident(), "The ruleset's id, recorded in every answers file and report."),
        _k("name", TEXT, "The ruleset's name, shown to respondents."),
        _k("version", String(), "The ruleset's version, such as 1.0.0 (quote it if YAML would read a number)."),
        _k("languages", ListOf(Ident(), min_items=1), "The language codes every text is written in, such as [en, es]."),
        _k("default_language", Ident(), "The language used when no other is asked for; one of `languages`."),
        _k("vocabulary", Nested("vocabulary"), "The words for yes, no and each function, per language."),
        _o("description", TEXT, "What the ruleset asks and recommends, in a paragraph."),
    )),
    "vocabulary": Shape("The ruleset's own words", tuple(
        _k(word, TEXT, f"The word for `{word}`.") for word in VOCABULARY)),
    # criteria.yaml
    "criteria": Shape("criteria.yaml: the criteria rules cite", (
        _k("criteria", ListOf(Nested("criterion"), min_items=1), "The criteria, each a reason from the source."),
    )),
    "criterion": Shape("A criterion", (
        _k("id", Ident(CRITERION_ID), "The criterion's id: S1, R2, B1, D3 ... or M."),
        _k("name", TEXT, "The criterion's name."),
        _k("summary", TEXT, "The criterion in a sentence or two."),
    )),
    # questions.yaml
    "questions": Shape("questions.yaml: the questionnaire", (
        _k("topics", ListOf(Nested("topic"), min_items=1), "The topics that group the questions, in order."),
        _k("questions", ListOf(Nested("question"), min_items=1), "The questions, in the order they are asked."),
    )),
    "topic": Shape("A topic", (
        _k("id", Ident(), _ID),
        _k("title", TEXT, "The topic's title."),
    )),
    "question": Shape("A question", (
        _k("id", Ident(), "The question's id, used by answers files, conditions and rationales."),
        _k("topic", Ident(), "The id of the topic it belongs to."),
        _k("type", Choice(QUESTION_TYPES), "choice (one option), scale (ordered options), yesno, number, "
                                           "or multi (several options)."),
        _k("text", TEXT, "The question as the respondent reads it."),
        _k("help", TEXT, "Why the question is asked."),
        _k("feeds", CITES, "The criteria the answer gives evidence for."),
        _o("options", ListOf(Nested("option"), min_items=2), "The options (choice, scale, multi), in order."),
        _o("signal", Choice(SIDES), "The function a higher answer points to (scale, yesno, number).",
           nullable=True),
        _o("show_if", Condition(), "Ask the question only when this holds (on earlier questions)."),
        _o("min", Number(), "The lowest answer (number)."),
        _o("max", Number(), "The highest answer (number); above `min`."),
        _o("integer", Boolean(), "Whether the answer is a whole number (number)."),
        _o("unit", TEXT, "The unit of the answer, such as reps (number)."),
        _o("unit_one", TEXT, "The unit for an answer of 1, such as rep (number)."),
        _o("min_choices", Whole(0), "The fewest options a respondent may tick (multi)."),
        _o("max_choices", Whole(1), "The most options a respondent may tick (multi).", nullable=True),
        _o("labels", Nested("labels"), "The words for yes and no, when they are not the ruleset's (yesno)."),
    ), variants=_question_variants()),
    "option": Shape("An option", (
        _k("value", Ident(VALUE), "The option's value, used in answers files and conditions "
                                  "(quote yes, no, on and off)."),
        _k("label", TEXT, "The option as the respondent reads it."),
        _o("quote", TEXT, "How a rationale quotes this answer, when not by its label."),
    )),
    "labels": Shape("Words for yes and no", (
        _k("yes", TEXT, "The word for yes."),
        _k("no", TEXT, "The word for no."),
    )),
    # rules.yaml
    "rules": Shape("rules.yaml: the scoring rules", (
        _k("rules", ListOf(Nested("rule"), min_items=1), "The rules; each gives points when its condition holds."),
    )),
    "rule": Shape("A rule", (
        _k("id", Ident(), "The rule's id, named in reports and cases."),
        _k("cites", CITES, "The criteria this rule stands for."),
        _k("when", Condition(), "When the rule fires."),
        _k("points", Nested("points"), "The points it gives to each function (at least one above 0)."),
        _k("rationale", TEXT, "Why, in words; `{question_id}` quotes that answer."),
    )),
    "points": Shape("Points", tuple(_o(side, Whole(0), f"Points for {side}.") for side in SIDES), min_keys=1),
    # policy.yaml
    "policy": Shape("policy.yaml: how scores become a recommendation", (
        _k("thresholds", Nested("thresholds"), "The score at which each function's need is clear."),
        _k("strength", Nested("strength"), "How strong each need is, from its score."),
        _k("decisions", ListOf(Nested("decision"), min_items=1),
           "The decisions, tried in order; the last one, without `when`, is the fallback."),
        _k("phasing", Nested("phasing"), "Which function comes first when both are recommended."),
        _k("direction", Nested("direction"), "How confident the direction is."),
        _o("flags", ListOf(Nested("flag")), "Named conditions the decisions can test."),
        _o("caveats", ListOf(Nested("caveat")), "Warnings shown with the result."),
        _o("notes", ListOf(Nested("note")), "Notes added to the result once the decision is taken."),
        _o("contradictions", ListOf(Nested("contradiction")), "Pairs of answers that contradict each other."),
        _o("pooling", Nested("pooling"), "How a workshop pools several people's answers."),
    )),
    "thresholds": Shape("Thresholds", tuple(_k(side, Whole(1), f"The score at which a {side} need is clear.")
                                            for side in SIDES)),
    "strength": Shape("Strength of need", (
        _k("emerging_from", Nested("emerging_from"), "The score from which each need is emerging."),
        _k("levels", Nested("strength_levels"), "The label and text of each strength."),
    )),
    "emerging_from": Shape("Emerging from", tuple(
        _k(side, Whole(0), f"The score from which a {side} need is emerging; below its threshold.")
        for side in SIDES)),
    "strength_levels": _levels("Strength levels", STRENGTHS, "strength"),
    "level": Shape("A level", (
        _k("label", TEXT, "The level's name."),
        _k("text", TEXT, "What the level means for the reader."),
    )),
    "flag": Shape("A flag", (
        _k("id", Ident(), "The flag's id, tested with `{flag: id}`."),
        _k("when", Condition("policy"), "When the flag is set."),
        _o("cites", CITES, "The criteria behind it."),
    )),
    "decision": Shape("A decision", (
        _k("id", Ident(), "The decision's id."),
        _k("cites", CITES, "The criteria behind it."),
        _k("recommend", Choice(RECOMMENDATIONS), "What it recommends."),
        _k("summary", TEXT, "The recommendation in a sentence; may use {salesops} and {revops}."),
        _o("when", Condition("policy"), "When this decision is taken (every decision but the last)."),
        _o("margin", ListOf(Choice(MARGIN_TERMS)), "The terms whose sum is the decision's margin."),
        _o("confidence", Choice(LEVELS), "A fixed confidence, instead of the one the bands give.", nullable=True),
        _o("weak", Boolean(), "Whether the decision is a weak one (no team needed yet)."),
        _o("strength", Choice(STRENGTHS), "A fixed strength of need.", nullable=True),
        _o("reason", TEXT, "Why, in a sentence; may use {salesops} and {revops}."),
    )),
    "phasing": Shape("Phasing", (
        _k("order", ListOf(Nested("phase_step"), min_items=1), "Which function first, tried in order."),
        _o("phased_when", Condition("policy"), "When a `both` recommendation is phased."),
    )),
    "phase_step": Shape("A phasing step", (
        _k("first", Choice(SIDES), "The function that comes first."),
        _k("cites", CITES, "The criteria behind it."),
        _k("reason", TEXT, "Why it comes first."),
        _o("when", Condition("policy"), "When this step applies (every step but the last)."),
    )),
    "direction": Shape("Direction confidence", (
        _k("bands", ListOf(Nested("band"), min_items=1), "One band per confidence level, high to low."),
        _k("levels", Nested("confidence_levels"), "The label and text of each confidence level."),
    )),
    "band": Shape("A confidence band", (
        _k("level", Choice(LEVELS), "The confidence level."),
        _o("min_margin", Whole(0), "The smallest margin for this level (not for `low`)."),
        _o("max_flips", Whole(0), "The most single answers that may turn the direction (not for `low`)."),
    ), variants=(Variant("level", ("low",), forbidden=("min_margin", "max_flips")),
                 Variant("level", tuple(level for level in LEVELS if level != "low"), required=("min_margin",)))),
    "confidence_levels": _levels("Confidence levels", LEVELS, "confidence"),
    "caveat": Shape("A caveat", (
        _k("id", Ident(), "The caveat's id."),
        _k("kind", Choice(CAVEAT_KINDS), "What kind of caveat it is (contradictions have their own list)."),
        _k("when", Condition("policy"), "When the caveat applies."),
        _k("text", TEXT, "What it says; may use {unanswered}."),
        _o("cites", CITES_ANY, "The criteria behind it."),
        _o("lowers_confidence", Boolean(), "Whether it lowers the direction's confidence."),
    )),
    "note": Shape("A note", (
        _k("id", Ident(), "The note's id."),
        _k("cites", CITES_ANY, "The criteria behind it."),
        _k("when", Condition("note"), "When the note applies; may test the `outcome`."),
        _k("text", TEXT, "What it says; may use {salesops}, {revops}, {first}, {then}, {lean}."),
    )),
    "contradiction": Shape("A contradiction", (
        _k("id", Ident(), "The contradiction's id."),
        _k("cites", CITES_ANY, "The criteria behind it."),
        _k("answers", ListOf(Condition(), min_items=2, max_items=2),
           "Two answer conditions, on different questions, that contradict each other."),
        _k("text", TEXT, "What it says."),
    )),
    "pooling": Shape("Pooling", (
        _o("ordered", Choice(POOLING_ORDERED), "Which median an even number of ordered answers takes."),
        _o("ties", Choice(POOLING_TIES), "What a tie between unordered answers gives."),
        _o("multi_share", Number(*SHARE_RANGE), "The share of people who must tick an option (above 0, at most 1)."),
    )),
    # functions.yaml
    "functions": Shape("functions.yaml: first steps and metrics for each function", (
        _k("metrics", ListOf(Nested("metric"), min_items=1), "The metrics the functions track."),
        _k("functions", Nested("function_table"), "Each function, and the two together."),
    )),
    "metric": Shape("A metric", (
        _k("id", Ident(), "The metric's id."),
        _k("name", TEXT, "The metric's name."),
        _k("description", TEXT, "What it measures."),
    )),
    "function_table": Shape("The functions", (
        *(_k(side, Nested("function"), f"{side}: its first steps and metrics.") for side in SIDES),
        _k("both", Nested("both"), "Both functions together."),
    )),
    "function": Shape("A function", (
        _k("name", TEXT, "The function's name."),
        _k("summary", TEXT, "What the function does, in a sentence or two."),
        _k("first_steps", ListOf(Nested("first_step"), min_items=1), "What to do first."),
        _k("metrics", Refs(IDENT), "The ids of the metrics it tracks."),
    )),
    "first_step": Shape("A first step", (
        _k("id", Ident(), "The step's id."),
        _k("cites", CITES, "The criteria behind it."),
        _k("text", TEXT, "The step."),
        _o("when", Condition(), "When the step applies (on the answers)."),
    )),
    "both": Shape("Both functions", (
        _k("summary", TEXT, "What building both means."),
        _k("cites", CITES, "The criteria behind it."),
    )),
    # cases.yaml
    "cases": Shape("cases.yaml: example answers and the verdict each must give", (
        _k("cases", ListOf(Nested("case"), min_items=1), "The cases `advisor rules test` runs."),
    )),
    "case": Shape("A case", (
        _k("id", Ident(), "The case's id."),
        _k("answers", MapOf(Answer(), IDENT), "The answers, by question id."),
        _k("expect", Nested("expect"), "What the answers must give."),
        _o("description", String(blank=True), "The company the case describes."),
    )),
    "expect": Shape("Expected result", (
        _k("recommend", Choice(OUTCOMES), "The outcome."),
        _o("lean", Choice(SIDES), "The side a `not_yet` leans to (only with not_yet).", nullable=True),
        _o("first", Choice(SIDES), "The function that comes first.", nullable=True),
        _o("phased", Boolean(), "Whether the recommendation is phased.", nullable=True),
        _o("confidence", Choice(LEVELS), "The direction's confidence.", nullable=True),
        _o("strength", Choice(STRENGTHS), "The strength of need.", nullable=True),
        _o("criteria", CITES_ANY, "Criteria that must be cited."),
        _o("not_criteria", CITES_ANY, "Criteria that must not be cited."),
        _o("rules", Refs(IDENT, min_items=0), "Rules that must fire."),
    ), variants=(Variant("recommend", ("not_yet",), required=("lean",)),
                 Variant("recommend", RECOMMENDATIONS, null_only=("lean",)))),
    # answers files
    "answers": Shape("An advisor answers file", (
        _o("format", Const(ANSWERS_FORMAT), "The file's format."),
        _o("ruleset", Nested("ruleset_ref"), "The ruleset the answers were given to."),
        _o("company", String(blank=True), "The company.", nullable=True),
        _o("respondent", Nested("respondent"), "Who answered.", nullable=True),
        _o("date", String(blank=True), "The date of the answers, YYYY-MM-DD.", nullable=True),
        _o("language", String(blank=True), "The language the questions were asked in.", nullable=True),
        _o("position", String(blank=True), "The question the app was on (it resumes there).", nullable=True),
        _k("answers", MapOf(Answer(), IDENT), "The answers, by question id; null or missing: not answered.",
           nullable=True),
    )),
    "ruleset_ref": Shape("The ruleset", tuple(
        _o(name, Scalar(booleans=False), description, nullable=True) for name, description in (
            ("id", "The ruleset's id."), ("version", "Its version."), ("hash", "Its content hash.")))),
    "respondent": Shape("The respondent", (
        _o("name", String(blank=True), "Their name.", nullable=True),
        _o("role", String(blank=True), "Their role.", nullable=True),
    )),
    # map files
    "map": Shape("An advisor map file: how a survey export's columns are read", (
        _k("format", Const(MAP_FORMAT), "The file's format."),
        _o("ruleset", Nested("ruleset_ref"), "The ruleset the map was made for."),
        _o("row_id", String(), "The column that names each row (default: its line number).", nullable=True),
        _o("company", String(), "The column holding the company.", nullable=True),
        _o("respondent", String(), "The column holding the respondent's name.", nullable=True),
        _o("separator", String(blank=True, min_length=1), "What separates the ticked options of one cell."),
        _k("questions", MapOf(Nested("map_question"), IDENT, min_items=1),
           "For each question id, the column that holds it."),
    )),
    "map_question": Shape("A question's column", (
        _k("column", String(), "The column's title, as the export writes it."),
        _o("values", MapOf(Scalar(), re.compile(r"\S")), "What each label means: an option value, true/false, "
                                                        "a number, or null (no answer). Not needed for a number."),
        _o("separator", String(blank=True, min_length=1), "What separates the ticked options (multi only)."),
        _o("unsure", Forbidden(), "A doubt `--make-map` left: check the guess, then delete this."),
    )),
})

FILE_SHAPES = MappingProxyType({"ruleset.yaml": "ruleset", "criteria.yaml": "criteria", "questions.yaml": "questions",
                                "rules.yaml": "rules", "policy.yaml": "policy", "functions.yaml": "functions",
                                "cases.yaml": "cases"})
"""Each file of a ruleset folder, and the table of its top level."""
