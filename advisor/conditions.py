"""Checks declarative conditions (YAML data) and compiles them into Python functions.

A condition is a small tree of combinators (all, any, not, at_least/of) over
leaf tests (an answer compared with a value, a score against a threshold, a
rule that fired, ...). It is checked once, when the ruleset loads, into a
tree of tuples (``codegen.Node``) that ``advisor/codegen.py`` turns into a
function: one call per combinator, leaves inline. No text from the file is
ever run as code: the operators are a closed set, every operand is checked
against the questionnaire (question ids, option values, types, bounds), and
the generated source holds only names and operators we write, the operands
being passed to it as constants.

Evaluation uses three values: True, False and None ("unknown", when a test
reads a question that was not answered or is hidden). A rule fires only on
True, so it never fires on something the respondent did not say.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from .checks import Checker, Path, describe, quote
from .codegen import Node, deferred_test
from .errors import did_you_mean
from .language import exact
from .model import OUTCOMES, SIDES, Condition, Question
from .shapes import ANSWER_OPS, COMBINATORS, COMPARE_OPS, COUNTABLE, LEADERS, OPS_BY_TYPE, POLICY_SUBJECTS
from .texts import current_language, t

# The operators, the policy's subjects and the operators each question type takes: advisor/shapes.py
# (the editors' JSON Schemas are generated from the same tables).
__all__ = ["ANSWER_OPS", "COMBINATORS", "COMPARE_OPS", "OPS_BY_TYPE", "OUTCOMES", "POLICY_SUBJECTS",
           "ConditionCompiler", "PolicyState"]


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


def _joined(kind: str, parts: tuple[Node, ...]) -> Node:
    """``all``/``any`` of ``parts``; one part stands for itself."""
    return parts[0] if len(parts) == 1 else (kind, parts)


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
        node = self._node(ck, path, data, reads, before, depth=0)
        if node is None or len(ck.diagnostics) > errors_before:
            return None
        condition = Condition(None, frozenset(reads), data, node)  # type: ignore[arg-type]  # the test follows
        condition._set("test", deferred_test(node, condition))
        return condition

    def _node(self, ck: Checker, path: Path, data: Any, reads: set[str], before: int | None,
              depth: int) -> Node | None:
        if depth > 16:
            ck.error(path, _says("too_deep", depth=16))
            return None
        if not isinstance(data, dict) or not data:
            ck.error(path, _says("expected_condition", found=describe(data)))
            return None
        keys = set(data)
        if "at_least" in keys or "of" in keys:
            ck.mapping(path, data, required=("at_least", "of"), what="at_least_condition")
            n = ck.integer((*path, "at_least"), data.get("at_least"), minimum=1)
            parts = self._parts(ck, (*path, "of"), data.get("of"), reads, before, depth)
            if n is None or parts is None:
                return None
            if n > len(parts):
                ck.error((*path, "at_least"), _says("at_least_never", count=_num(n), parts=_num(len(parts))))
                return None
            return ("at_least", n, parts)
        combinator = keys & {"all", "any", "not"}
        if combinator:
            if len(keys) != 1:
                ck.error(path, _says("combinator_alone", name=f"`{next(k for k in data if k in combinator)}`",
                                     found=", ".join(sorted(map(str, keys)))))
                return None
            name = next(iter(combinator))
            if name == "not":
                part = self._node(ck, (*path, "not"), data["not"], reads, before, depth + 1)
                return None if part is None else ("not", part)
            parts = self._parts(ck, (*path, name), data[name], reads, before, depth)
            if parts is None:
                return None
            return _joined(name, parts)
        if "question" in keys:
            return self._answer_leaf(ck, path, data, reads, before)
        subjects = keys & set(POLICY_SUBJECTS)
        if subjects and self.policy:
            return self._policy_leaf(ck, path, data, sorted(subjects)[0])
        allowed = COMBINATORS + ("question",) + (POLICY_SUBJECTS if self.policy else ())
        if subjects:
            subject = next(k for k in data if k in subjects)  # file order: stable messages
            ck.error((*path, subject), _says("not_a_start", name=f"`{subject}`"),
                     _says("policy_only", name=f"`{subject}`"), at_key=True)
            return None
        first = next(iter(data))
        ck.error((*path, first), _says("not_a_start", name=quote(first)),
                 did_you_mean(first, allowed) or _says("one_of", names=", ".join(allowed)), at_key=True)
        return None

    def _parts(self, ck: Checker, path: Path, data: Any, reads: set[str], before: int | None,
               depth: int) -> tuple[Node, ...] | None:
        items = ck.seq(path, data, what="conditions", allow_empty=False)
        if not items:
            return None
        parts = [self._node(ck, (*path, i), item, reads, before, depth + 1) for i, item in enumerate(items)]
        if any(p is None for p in parts):
            return None
        return tuple(p for p in parts if p is not None)

    # -- leaves ------------------------------------------------------------------------

    def _answer_leaf(self, ck: Checker, path: Path, data: dict[str, Any], reads: set[str],
                     before: int | None) -> Node | None:
        qid = data["question"]
        if not isinstance(qid, str):
            ck.error((*path, "question"), _says("expected_question", found=describe(qid)))
            return None
        question = self.questions.get(qid)
        if question is None and qid in self.broken:
            return None
        if question is None:
            ck.error((*path, "question"), _says("unknown_question", name=quote(qid)), did_you_mean(qid, self.questions))
            return None
        if before is not None and question.index >= before:
            ck.error((*path, "question"), _says("asked_later", name=f"`{qid}`"))
            return None
        ops = [k for k in data if k != "question"]
        allowed = OPS_BY_TYPE[question.type]
        if len(ops) != 1:
            ck.error(path, _says("one_operator", name=f"`{qid}`", operators=", ".join(allowed), count=len(ops)))
            return None
        op = ops[0]
        if op not in allowed:
            kind = _says(f"question_types.{question.type}")
            hint = did_you_mean(op, allowed) or _says("type_takes", kind=kind, operators=", ".join(allowed))
            ck.error((*path, op), _says("wrong_operator", operator=quote(op), name=f"`{qid}`", kind=kind), hint,
                     at_key=True)
            return None
        reads.add(qid)
        value = self._operand(ck, (*path, op), question, op, data[op])
        if value is _INVALID:
            return None
        return ("answer", qid, op, value)

    def _operand(self, ck: Checker, path: Path, q: Question, op: str, raw: Any) -> Any:
        if op == "answered":
            b = ck.boolean(path, raw)
            return _INVALID if b is None else b
        if op in ("in", "not_in", "contains_any", "between"):
            items = ck.seq(path, raw, what="values", allow_empty=False)
            if not items:
                return _INVALID
            if op == "between" and len(items) != 2:
                ck.error(path, _says("between_count", count=len(items)))
                return _INVALID
            values = [self._value(ck, (*path, i), q, item) for i, item in enumerate(items)]
            if any(v is _INVALID for v in values):
                return _INVALID
            if op == "between":
                if values[0] > values[1]:
                    ck.error(path, _says("between_order"))
                    return _INVALID
                return (values[0], values[1])
            return frozenset(values)
        return self._value(ck, path, q, raw)

    def _value(self, ck: Checker, path: Path, q: Question, raw: Any) -> Any:
        """One operand, normalised as answers are (scale options become their position)."""
        if q.type in ("choice", "scale", "multi"):
            values = q.option_values
            if not isinstance(raw, str) or raw not in values:
                hint = did_you_mean(raw, values) or _says("options_of", name=f"`{q.id}`", options=", ".join(values))
                shown = f"`{raw}`" if isinstance(raw, str) else describe(raw)
                if isinstance(raw, bool):
                    hint = _says("read_as_boolean", word="yes" if raw else "no", hint=hint)
                ck.error(path, _says("no_option", name=f"`{q.id}`", found=shown), hint)
                return _INVALID
            return values.index(raw) if q.type == "scale" else raw
        if q.type == "yesno":
            return _INVALID if ck.boolean(path, raw) is None else raw
        # number
        if ck.number(path, raw) is None:
            return _INVALID
        if q.minimum is not None and q.maximum is not None and not q.minimum <= raw <= q.maximum:
            ck.error(path, _says("out_of_bounds", found=raw, name=f"`{q.id}`", minimum=_num(q.minimum),
                                 maximum=_num(q.maximum)))
            return _INVALID
        self.constants.setdefault(q.id, set()).add(raw)
        return raw

    def _policy_leaf(self, ck: Checker, path: Path, data: dict[str, Any], subject: str) -> Node | None:
        value = data[subject]
        rest = [k for k in data if k != subject]
        if subject == "outcome":
            if rest:
                ck.error((*path, rest[0]), _says("test_alone", name="`outcome`"), at_key=True)
                return None
            if not self.outcome_known:
                ck.error((*path, subject), _says("outcome_unknown"), _says("outcome_unknown_hint"), at_key=True)
                return None
            items = value if isinstance(value, list) else [value]
            wanted = [ck.choice((*path, subject, i) if isinstance(value, list) else (*path, subject), v, OUTCOMES,
                                what="outcome") for i, v in enumerate(items)]
            if not items or None in wanted:
                if not items:
                    ck.error((*path, subject), _says("expected_outcomes"))
                return None
            return ("outcome", frozenset(wanted))
        if subject in ("need", "lead", "fired", "criterion", "flag"):
            if rest:
                ck.error((*path, rest[0]), _says("test_alone", name=f"`{subject}`"), at_key=True)
                return None
            if subject == "need":
                need = ck.choice((*path, subject), value, SIDES, what="function")
                return None if need is None else ("need", need)
            if subject == "lead":
                who = ck.choice((*path, subject), value, LEADERS, what="who_leads")
                return None if who is None else ("lead", who)
            known = {"fired": self.known_rules, "criterion": self.criteria, "flag": self.flags}[subject]
            if isinstance(value, str) and value in self.broken:
                return None  # its own definition is wrong, and that is reported already
            if not isinstance(value, str):
                ck.error((*path, subject), _says(f"expected_{subject}", found=describe(value)))
                return None
            if value not in known:
                ck.error((*path, subject), _says(f"unknown_{subject}", name=quote(value)), did_you_mean(value, known))
                return None
            return ("member", {"fired": "fired", "criterion": "criteria", "flag": "flags"}[subject], value)
        # score / count: a comparison
        if subject == "score":
            scored = ck.choice((*path, subject), value, SIDES, what="function")
        else:
            scored = ck.choice((*path, subject), value, COUNTABLE, what="what_to_count")
        if scored is None:
            return None
        if len(rest) != 1 or rest[0] not in COMPARE_OPS:
            ck.error(path, _says("compare_one", name=f"`{subject}`", operators=", ".join(COMPARE_OPS)))
            return None
        op = rest[0]
        if op == "between":
            items = ck.seq((*path, op), data[op], what="low_high")
            if len(items) != 2 or any(ck.number((*path, op, i), x) is None for i, x in enumerate(items)):
                if len(items) != 2:
                    ck.error((*path, op), _says("between_pair"))
                return None
            return ("compare", scored, op, (items[0], items[1]))
        number = ck.number((*path, op), data[op])
        return None if number is None else ("compare", scored, op, number)


def _says(key: str, **values: object) -> str:
    return t(f"errors.rules.conditions.{key}", None, **values)


def _num(x: float) -> str:
    return exact(x, current_language())


class _Invalid:
    def __repr__(self) -> str:
        return "<invalid>"


_INVALID: Any = _Invalid()
