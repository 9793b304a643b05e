"""Compiles declarative conditions (YAML data) into plain Python closures.

A condition is a small tree of combinators (all, any, not, at_least/of) over
leaf tests (an answer compared with a value, a score against a threshold, a
rule that fired, ...). It is checked and compiled once, when the ruleset
loads; evaluating it is then a few function calls. Nothing is ever run as
code: the operators are a closed set, and every operand is checked against
the questionnaire (question ids, option values, types, bounds).

Evaluation uses three values: True, False and None ("unknown", when a test
reads a question that was not answered or is hidden). A rule fires only on
True, so it never fires on something the respondent did not say.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from .checks import Checker, Path, describe, quote
from .errors import did_you_mean
from .model import SIDES, Condition, Question, Test

COMBINATORS = ("all", "any", "not", "at_least")
ANSWER_OPS = ("eq", "ne", "in", "not_in", "lt", "lte", "gt", "gte", "between",
              "contains", "contains_any", "answered")
COMPARE_OPS = ("eq", "lt", "lte", "gt", "gte", "between")
POLICY_SUBJECTS = ("score", "need", "lead", "fired", "criterion", "flag", "count", "outcome")
OUTCOMES = ("salesops", "revops", "both", "not_yet")
OPS_BY_TYPE = {
    "choice": ("eq", "ne", "in", "not_in", "answered"),
    "scale": ("eq", "ne", "in", "not_in", "lt", "lte", "gt", "gte", "between", "answered"),
    "yesno": ("eq", "ne", "answered"),
    "number": ("eq", "ne", "in", "not_in", "lt", "lte", "gt", "gte", "between", "answered"),
    "multi": ("contains", "contains_any", "answered"),
}


class PolicyState:
    """What policy conditions can see besides the answers."""

    __slots__ = ("criteria", "fired", "flags", "outcome", "revops", "salesops", "thresholds", "unanswered")

    def __init__(self, salesops: int, revops: int, thresholds: Mapping[str, int], fired: AbstractSet[str],
                 criteria: AbstractSet[str], flags: set[str], unanswered: int) -> None:
        self.salesops = salesops
        self.revops = revops
        self.thresholds = thresholds
        self.fired = fired
        self.criteria = criteria
        self.flags = flags
        self.unanswered = unanswered
        self.outcome: str | None = None  # known once the decision is taken (for notes)


# -- combinators ---------------------------------------------------------------------

def _all(parts: tuple[Test, ...]) -> Test:
    if len(parts) == 1:
        return parts[0]

    def test(a: Mapping[str, Any], s: Any) -> bool | None:
        unknown = False
        for part in parts:
            r = part(a, s)
            if r is False:
                return False
            if r is None:
                unknown = True
        return None if unknown else True
    return test


def _any(parts: tuple[Test, ...]) -> Test:
    if len(parts) == 1:
        return parts[0]

    def test(a: Mapping[str, Any], s: Any) -> bool | None:
        unknown = False
        for part in parts:
            r = part(a, s)
            if r is True:
                return True
            if r is None:
                unknown = True
        return None if unknown else False
    return test


def _not(part: Test) -> Test:
    def test(a: Mapping[str, Any], s: Any) -> bool | None:
        r = part(a, s)
        return None if r is None else not r
    return test


def _at_least(n: int, parts: tuple[Test, ...]) -> Test:
    def test(a: Mapping[str, Any], s: Any) -> bool | None:
        yes = unknown = 0
        for part in parts:
            r = part(a, s)
            if r is True:
                yes += 1
                if yes >= n:
                    return True
            elif r is None:
                unknown += 1
        return None if yes + unknown >= n else False
    return test


# -- answer leaves -----------------------------------------------------------------------

def _answer_test(qid: str, op: str, v: Any) -> Test:
    """A test on one answer; the answer is already normalised (scale -> index)."""
    if op == "answered":
        want = bool(v)
        return lambda a, s: (qid in a) is want
    # Plain comparisons, not bound dunder methods: int.__eq__(5.0) is NotImplemented.
    checks: dict[str, Callable[[Any], bool]] = {
        "eq": lambda x: x == v,
        "ne": lambda x: x != v,
        "in": lambda x: x in v,
        "not_in": lambda x: x not in v,
        "lt": lambda x: x < v,
        "lte": lambda x: x <= v,
        "gt": lambda x: x > v,
        "gte": lambda x: x >= v,
        "contains": lambda x: v in x,
        "contains_any": lambda x: not v.isdisjoint(x),
    }
    check: Callable[[Any], bool]
    if op == "between":
        lo, hi = v

        def check(x: Any) -> bool:
            return lo <= x <= hi
    elif op in checks:
        check = checks[op]
    else:  # pragma: no cover - the compiler only passes known operators
        raise ValueError(op)

    def test(a: Mapping[str, Any], s: Any) -> bool | None:
        x = a.get(qid)
        if x is None:
            return None
        return check(x)
    return test


def _compare(get: Callable[[Any], float], op: str, v: Any) -> Test:
    if op == "between":
        lo, hi = v
        return lambda a, s: lo <= get(s) <= hi
    return {
        "eq": lambda a, s: get(s) == v,
        "lt": lambda a, s: get(s) < v,
        "lte": lambda a, s: get(s) <= v,
        "gt": lambda a, s: get(s) > v,
        "gte": lambda a, s: get(s) >= v,
    }[op]


class ConditionCompiler:
    """Checks condition data against the questionnaire and compiles it.

    ``policy`` enables the policy-only leaves; ``known_rules``, ``criteria``
    and ``flags`` are what those leaves may name (``flags`` grows as the
    policy defines them, so a flag can only use flags defined before it).
    """

    def __init__(self, questions: Mapping[str, Question], *, policy: bool = False,
                 known_rules: frozenset[str] = frozenset(), criteria: frozenset[str] = frozenset(),
                 flags: set[str] | None = None) -> None:
        self.questions = questions
        self.policy = policy
        self.outcome_known = False  # `outcome` tests: only where the decision is already taken (notes)
        self.known_rules = known_rules
        self.criteria = criteria
        self.flags = flags if flags is not None else set()
        # Ids declared in the files but invalid there: a reference to one is not
        # reported again as "unknown" (its own error says what is wrong).
        self.broken: set[str] = set()
        # Numbers each number question is compared with: the probe values
        # for "what would change this" and for reachability checks.
        self.constants: dict[str, set[float]] = {}

    def compile(self, ck: Checker, path: Path, data: Any, *, before: int | None = None,
                what: str = "condition") -> Condition | None:
        """Compile ``data``; ``before`` limits questions to those earlier in the questionnaire."""
        reads: set[str] = set()
        errors_before = len(ck.diagnostics)
        test = self._node(ck, path, data, reads, before, depth=0)
        if test is None or len(ck.diagnostics) > errors_before:
            return None
        return Condition(test, frozenset(reads), data)

    def _node(self, ck: Checker, path: Path, data: Any, reads: set[str], before: int | None,
              depth: int) -> Test | None:
        if depth > 16:
            ck.error(path, "condition is nested more than 16 levels deep")
            return None
        if not isinstance(data, dict) or not data:
            ck.error(path, f"expected a condition (a mapping such as {{question: id, eq: value}} "
                           f"or {{all: [...]}}), found {describe(data)}")
            return None
        keys = set(data)
        if "at_least" in keys or "of" in keys:
            ck.mapping(path, data, required=("at_least", "of"), what="an `at_least` condition")
            n = ck.integer((*path, "at_least"), data.get("at_least"), minimum=1)
            parts = self._parts(ck, (*path, "of"), data.get("of"), reads, before, depth)
            if n is None or parts is None:
                return None
            if n > len(parts):
                ck.error((*path, "at_least"), f"`at_least: {n}` can never hold with only {len(parts)} conditions")
                return None
            return _at_least(n, parts)
        combinator = keys & {"all", "any", "not"}
        if combinator:
            if len(keys) != 1:
                ck.error(path, f"an `{next(k for k in data if k in combinator)}` condition takes no other keys; "
                               f"found {', '.join(sorted(map(str, keys)))}")
                return None
            name = next(iter(combinator))
            if name == "not":
                part = self._node(ck, (*path, "not"), data["not"], reads, before, depth + 1)
                return None if part is None else _not(part)
            parts = self._parts(ck, (*path, name), data[name], reads, before, depth)
            if parts is None:
                return None
            return _all(parts) if name == "all" else _any(parts)
        if "question" in keys:
            return self._answer_leaf(ck, path, data, reads, before)
        subjects = keys & set(POLICY_SUBJECTS)
        if subjects and self.policy:
            return self._policy_leaf(ck, path, data, sorted(subjects)[0])
        allowed = COMBINATORS + ("question",) + (POLICY_SUBJECTS if self.policy else ())
        if subjects:
            subject = next(k for k in data if k in subjects)  # file order: stable messages
            ck.error((*path, subject), f"`{subject}` does not start a condition",
                     f"`{subject}` tests can only be used in policy.yaml", at_key=True)
            return None
        first = next(iter(data))
        ck.error((*path, first), f"{quote(first)} does not start a condition",
                 did_you_mean(first, allowed) or f"expected one of: {', '.join(allowed)}", at_key=True)
        return None

    def _parts(self, ck: Checker, path: Path, data: Any, reads: set[str], before: int | None,
               depth: int) -> tuple[Test, ...] | None:
        items = ck.seq(path, data, what="a list of conditions", allow_empty=False)
        if not items:
            return None
        parts = [self._node(ck, (*path, i), item, reads, before, depth + 1) for i, item in enumerate(items)]
        if any(p is None for p in parts):
            return None
        return tuple(p for p in parts if p is not None)

    # -- leaves ------------------------------------------------------------------------

    def _answer_leaf(self, ck: Checker, path: Path, data: dict[str, Any], reads: set[str],
                     before: int | None) -> Test | None:
        qid = data["question"]
        if not isinstance(qid, str):
            ck.error((*path, "question"), f"expected a question id, found {describe(qid)}")
            return None
        question = self.questions.get(qid)
        if question is None and qid in self.broken:
            return None
        if question is None:
            ck.error((*path, "question"), f"unknown question {quote(qid)}", did_you_mean(qid, self.questions))
            return None
        if before is not None and question.index >= before:
            ck.error((*path, "question"), f"`{qid}` is asked at or after this question; a condition for "
                                          "showing a question may only read earlier questions")
            return None
        ops = [k for k in data if k != "question"]
        allowed = OPS_BY_TYPE[question.type]
        if len(ops) != 1:
            ck.error(path, f"a test on `{qid}` needs exactly one operator ({', '.join(allowed)}); "
                           f"found {len(ops)}")
            return None
        op = ops[0]
        if op not in allowed:
            hint = did_you_mean(op, allowed) or f"a {question.type} question takes: {', '.join(allowed)}"
            ck.error((*path, op), f"{quote(op)} cannot be used on `{qid}` ({question.type} question)", hint,
                     at_key=True)
            return None
        reads.add(qid)
        value = self._operand(ck, (*path, op), question, op, data[op])
        if value is _INVALID:
            return None
        return _answer_test(qid, op, value)

    def _operand(self, ck: Checker, path: Path, q: Question, op: str, raw: Any) -> Any:
        if op == "answered":
            b = ck.boolean(path, raw)
            return _INVALID if b is None else b
        if op in ("in", "not_in", "contains_any", "between"):
            items = ck.seq(path, raw, what="a list of values", allow_empty=False)
            if not items:
                return _INVALID
            if op == "between" and len(items) != 2:
                ck.error(path, f"`between` takes [low, high]; found {len(items)} values")
                return _INVALID
            values = [self._value(ck, (*path, i), q, item) for i, item in enumerate(items)]
            if any(v is _INVALID for v in values):
                return _INVALID
            if op == "between":
                if values[0] > values[1]:
                    ck.error(path, "`between` takes [low, high] with low <= high")
                    return _INVALID
                return (values[0], values[1])
            return frozenset(values)
        return self._value(ck, path, q, raw)

    def _value(self, ck: Checker, path: Path, q: Question, raw: Any) -> Any:
        """One operand, normalised as answers are (scale options become their position)."""
        if q.type in ("choice", "scale", "multi"):
            values = q.option_values
            if not isinstance(raw, str) or raw not in values:
                hint = did_you_mean(raw, values) or f"options of `{q.id}`: {', '.join(values)}"
                shown = f"`{raw}`" if isinstance(raw, str) else describe(raw)
                if isinstance(raw, bool):
                    word = "yes" if raw else "no"
                    hint = f"YAML read this as a boolean; quote it if you meant the option \"{word}\"; " + hint
                ck.error(path, f"`{q.id}` has no option {shown}", hint)
                return _INVALID
            return values.index(raw) if q.type == "scale" else raw
        if q.type == "yesno":
            return _INVALID if ck.boolean(path, raw) is None else raw
        # number
        if ck.number(path, raw) is None:
            return _INVALID
        if q.minimum is not None and q.maximum is not None and not q.minimum <= raw <= q.maximum:
            ck.error(path, f"{raw} is outside the bounds of `{q.id}` ({_num(q.minimum)} to {_num(q.maximum)})")
            return _INVALID
        self.constants.setdefault(q.id, set()).add(raw)
        return raw

    def _policy_leaf(self, ck: Checker, path: Path, data: dict[str, Any], subject: str) -> Test | None:
        value = data[subject]
        rest = [k for k in data if k != subject]
        if subject == "outcome":
            if rest:
                ck.error((*path, rest[0]), "an `outcome` test takes no other keys", at_key=True)
                return None
            if not self.outcome_known:
                ck.error((*path, subject), "`outcome` is not known yet here",
                         "the outcome is decided by `decisions`; test it only in `notes`", at_key=True)
                return None
            items = value if isinstance(value, list) else [value]
            wanted = [ck.choice((*path, subject, i) if isinstance(value, list) else (*path, subject), v, OUTCOMES,
                                what="an outcome") for i, v in enumerate(items)]
            if not items or None in wanted:
                if not items:
                    ck.error((*path, subject), "expected an outcome or a non-empty list of outcomes")
                return None
            outcomes = frozenset(wanted)
            return lambda a, s: s.outcome in outcomes
        if subject in ("need", "lead", "fired", "criterion", "flag"):
            if rest:
                ck.error((*path, rest[0]), f"a `{subject}` test takes no other keys", at_key=True)
                return None
            if subject == "need":
                need = ck.choice((*path, subject), value, SIDES, what="a function")
                return None if need is None else (lambda a, s: getattr(s, need) >= s.thresholds[need])
            if subject == "lead":
                who = ck.choice((*path, subject), value, (*SIDES, "tie"), what="who leads")
                if who is None:
                    return None
                if who == "tie":
                    return lambda a, s: s.salesops == s.revops
                if who == "salesops":
                    return lambda a, s: s.salesops > s.revops
                return lambda a, s: s.revops > s.salesops
            known = {"fired": self.known_rules, "criterion": self.criteria, "flag": self.flags}[subject]
            if isinstance(value, str) and value in self.broken:
                return None  # its own definition is wrong, and that is reported already
            if not isinstance(value, str):
                noun = {"fired": "a rule id", "criterion": "a criterion id", "flag": "a flag id"}[subject]
                ck.error((*path, subject), f"expected {noun}, found {describe(value)}")
                return None
            if value not in known:
                message = f"unknown {subject if subject != 'fired' else 'rule'} {quote(value)}"
                if subject == "flag":
                    message += " (a flag must be defined above the place that uses it)"
                ck.error((*path, subject), message, did_you_mean(value, known))
                return None
            attr = {"fired": "fired", "criterion": "criteria", "flag": "flags"}[subject]
            return lambda a, s: value in getattr(s, attr)
        # score / count: a comparison
        if subject == "score":
            side = ck.choice((*path, subject), value, SIDES, what="a function")
            if side is None:
                return None
            def get(s: Any) -> float:
                return getattr(s, side)
        else:
            if ck.choice((*path, subject), value, ("unanswered",), what="what to count") is None:
                return None
            def get(s: Any) -> float:
                return s.unanswered
        if len(rest) != 1 or rest[0] not in COMPARE_OPS:
            ck.error(path, f"a `{subject}` test needs exactly one of: {', '.join(COMPARE_OPS)}")
            return None
        op = rest[0]
        if op == "between":
            items = ck.seq((*path, op), data[op], what="[low, high]")
            if len(items) != 2 or any(ck.number((*path, op, i), x) is None for i, x in enumerate(items)):
                if len(items) != 2:
                    ck.error((*path, op), "`between` takes [low, high]")
                return None
            return _compare(get, op, (items[0], items[1]))
        number = ck.number((*path, op), data[op])
        return None if number is None else _compare(get, op, number)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


class _Invalid:
    def __repr__(self) -> str:
        return "<invalid>"


_INVALID: Any = _Invalid()
