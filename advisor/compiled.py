"""A ruleset compiled into one Python function: answers in, the decided facts out.

``evaluate`` (engine.py) runs the function this module writes for a ruleset,
once per answer set. The function does, over local variables, what a person
would write by hand for these rules (benchmarks/bench_engine.py holds such a
hand-written version of the default ruleset, and checks they agree):

1. reads each answer once, in questionnaire order, and checks it (a table
   lookup for a choice, a type and range test for a number, the question's
   normaliser otherwise; a bad answer raises ``AnswersError``);
2. works out which questions are shown, from the answers before them;
3. fires the rules, adding up both scores;
4. applies the policy: flags, the first decision that holds and the ones
   that agree with it, margin, caveats, contradictions, confidence before
   flips, strength of the need, notes, the phase order.

It returns a tuple of those facts (``Facts`` in engine.py names the places);
``Result`` builds its traced parts (fired rules, criteria, visible answers,
hidden questions) from them only when they are read.

Conditions are written out as two-valued Python expressions: ``is_true(c)``
holds exactly when condition ``c`` is True in the engine's three-valued logic
(None, unknown, when a question it reads was not answered or is hidden), and
``is_false(c)`` when it is False. Each needs only one of the two of its
parts (``not`` swaps them; ``at_least n`` is True when n parts are True, and
False when fewer than n parts are other than False), so the source grows
linearly with the condition.

Why generate source (benchmarks/bench_engine.py, 2026-12-03, quiet 2-core
machine): the interpreter it replaced (a table per question, a generated
function per condition, a generic policy loop building a 26-field record)
took 7.6x the hand-written function; this takes 1.28-1.49x (four runs).
The per-condition functions had already halved the calls per evaluation;
what was left was the loop and the records, which only a whole-ruleset
function removes. ``what_would_change`` uses ``alt_<i>`` (below) instead of
evaluating the whole ruleset once per alternative answer: 1.96 ms a call
before, 0.13-0.18 ms now.

What reaches the source: only what this module writes. Local names are
ours (``n3`` for the fourth question's answer, ``f12`` for a rule, ``g0`` for
a flag). Numbers (bounds, thresholds, points, and options, which are written
as their place in the question: a choice is held as its option's number, a
multiple choice as the set of those) are ``repr()`` of validated constants.
Everything else (question ids, the option tables, the policy's records) is a
name ``namespace`` binds by its place in the ruleset (``_qid3``,
``_decision5``): no text from a YAML file is ever spliced in, and the source
depends only on the ruleset's structure. That is also why its compiled code
can be kept between runs (``parsecache.cached_code``, keyed on the ruleset's
content, the advisor's code and Python's bytecode version): writing and
compiling it costs some 18 ms, reading it back well under one. The
namespace has no builtins beyond the few helpers passed by name.
tests/unit/test_compiled.py reads every token of the source for rulesets
whose ids are Python keywords and whose texts are hostile, and checks the
functions against a plain interpreter of the same semantics on random
answers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from types import CodeType
from typing import Any

from .answers import normalizer
from .codegen import Node
from .model import LEVELS, OUTCOMES, STRENGTHS, Decision, Policy, Question, Ruleset
from .parsecache import cached_code

Run = Callable[[Mapping[str, Any]], "tuple[Any, ...] | None"]

_CODE_FORMAT = "advisor-compiled/1 "  # part of the cache key: change it when the functions' signatures change
_COMPARE = {"eq": "==", "ne": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}
_MARGIN_TERMS = {
    "salesops_over": "s - {ts}", "revops_over": "r - {tr}", "salesops_under": "{ts} - s",
    "revops_under": "{tr} - r", "salesops_lead": "s - r", "revops_lead": "r - s",
}


class Compiled:
    """The holder the loader puts in ``Ruleset.plan``: the functions are written on first use.

    ``run(answers)``: the facts ``evaluate`` makes a Result of (None for unknown question ids).
    For ``what_would_change``: ``state(answers)`` gives the lists the others read (V: each answer
    checked, N: as shown, None when hidden; F: each rule fired or not; S: each question shown or
    not), and ``alternatives[i](V, N, F, S, s, r, u, v)`` the verdict's key (decision, first,
    phased, strength) with question i answered ``v`` (in engine form) instead; ``forms`` gives the
    engine form of each probe value (``Ruleset.probes``) of a question other than multiple choice.
    ``classes`` groups, for a choice, scale or yes/no question, the values every condition on it
    treats alike (engine form -> group number): changing an answer within its group changes nothing.
    """

    __slots__ = ("alternatives", "cache", "classes", "codes", "forms", "run", "source", "state")

    def __init__(self, cache: str | os.PathLike[str] | None = None) -> None:
        self.cache = cache  # where compiled code is kept between runs (None: nowhere)
        self.run: Run | None = None
        self.state: Callable[[Mapping[str, Any]], tuple[list[Any], list[Any], list[bool], list[bool]]] | None = None
        self.alternatives: tuple[Callable[..., tuple[Any, ...]], ...] = ()
        self.forms: dict[str, dict[Any, Any]] = {}
        self.classes: dict[str, dict[Any, int]] = {}
        self.codes: dict[str, dict[str, int]] = {}
        self.source = ""  # the source, when this process wrote it


def compiled(ruleset: Ruleset) -> Compiled:
    """``ruleset``'s functions, compiled the first time they are asked for (or read from the cache)."""
    holder: Compiled = ruleset.plan
    if holder.run is None:
        code = cached_code(holder.cache, _CODE_FORMAT + ruleset.hash, lambda: _compile(ruleset, holder))
        names = namespace(ruleset)
        exec(code, names)  # our own source, or its code kept in our cache: see above
        holder.state = names["state"]
        holder.alternatives = tuple(names[f"alt_{i}"] for i in range(len(ruleset.questions)))
        holder.forms = {q.id: {v: _engine_form(q, v) for v in ruleset.probes[q.id]} for q in ruleset.questions
                        if q.type != "multi"}
        holder.codes = option_codes(ruleset)
        holder.classes = _classes(ruleset, holder.forms)
        holder.run = names["run"]
    return holder


def _compile(ruleset: Ruleset, holder: Compiled) -> CodeType:
    holder.source = write(ruleset)
    return compile(holder.source, f"<advisor ruleset {ruleset.id}>", "exec")


def _conditions(ruleset: Ruleset) -> list[Any]:
    """Every condition the compiled functions test."""
    policy = ruleset.policy
    found = [q.show_if for q in ruleset.questions] + [r.when for r in ruleset.rules]
    found += [f.when for f in policy.flags] + [d.when for d in policy.decisions] + [c.when for c in policy.caveats]
    found += [c.when for c in policy.contradictions] + [n.when for n in policy.notes]
    found += [p.when for p in policy.phase_order] + [policy.phased_when]
    return [c for c in found if c is not None]


def _leaves(node: Node) -> list[Node]:
    kind = node[0]
    if kind in ("all", "any"):
        return [leaf for part in node[1] for leaf in _leaves(part)]
    if kind == "not":
        return _leaves(node[1])
    if kind == "at_least":
        return [leaf for part in node[2] for leaf in _leaves(part)]
    return [node] if kind == "answer" else []


def _classes(ruleset: Ruleset, forms: dict[str, dict[Any, Any]]) -> dict[str, dict[Any, int]]:
    """For each choice, scale and yes/no question, its values grouped by what every test on it says."""
    tests: dict[str, list[tuple[str, Any]]] = {}
    for condition in _conditions(ruleset):
        for _, qid, op, value in _leaves(condition.node):
            tests.setdefault(qid, []).append((op, value))
    out: dict[str, dict[Any, int]] = {}
    for q in ruleset.questions:
        if q.type not in ("choice", "scale", "yesno"):
            continue
        codes = {o.value: j for j, o in enumerate(q.options)} if q.type == "choice" else None
        seen: dict[tuple[bool, ...], int] = {}
        groups: dict[Any, int] = {}
        for form in forms[q.id].values():
            says = tuple(_holds(op, value, form, codes) for op, value in tests.get(q.id, ()))
            groups[form] = seen.setdefault(says, len(seen))
        out[q.id] = groups
    return out


def _holds(op: str, value: Any, x: Any, codes: dict[str, int] | None) -> bool:
    """An answer test on an answered question's value ``x`` (engine form), as the source writes it."""
    if codes is not None:
        value = frozenset(codes[v] for v in value) if op in ("in", "not_in") else codes.get(value, value)
    if op == "answered":
        return bool(value)
    if op == "in":
        return x in value
    if op == "not_in":
        return x not in value
    if op == "between":
        return bool(value[0] <= x <= value[1])
    compare = {"eq": x == value, "ne": x != value} if op in ("eq", "ne") else None
    if compare is not None:
        return compare[op]
    return {"lt": x < value, "lte": x <= value, "gt": x > value, "gte": x >= value}[op]


def _engine_form(q: Question, raw: Any) -> Any:
    """An answer as the compiled functions hold it: a choice by its option's number, else normalised."""
    if q.type == "choice":
        return [o.value for o in q.options].index(raw)
    return normalizer(q)(raw)


def multi_form(codes: Mapping[str, int], raw: list[str]) -> frozenset[int]:
    """A multiple choice answer (valid) as the compiled functions hold it: its options' numbers."""
    return frozenset(codes[v] for v in raw)


def runner(ruleset: Ruleset) -> Run:
    """The compiled ``run`` of ``ruleset``."""
    run = compiled(ruleset).run
    assert run is not None
    return run


# The only builtins the source names.
_HELPERS = {"_min": min, "len": len, "KeyError": KeyError, "TypeError": TypeError, "ValueError": ValueError}


class _Writer:
    """The source of one ruleset's function, and the constants it reads."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset
        self.policy: Policy = ruleset.policy
        self.lines: list[str] = []
        self.local = {q.id: f"n{i}" for i, q in enumerate(ruleset.questions)}  # a question's answer (engine form)
        # A choice's answer is the number of its option, and a multiple choice's the set of those numbers,
        # so tests compare numbers written in the source.
        numbered = option_codes(ruleset)
        self.codes = {q.id: numbered[q.id] for q in ruleset.questions if q.type in ("choice", "multi")}
        self.rule_local = {r.id: f"f{i}" for i, r in enumerate(ruleset.rules)}
        self.referenced_rules: set[str] = set()
        self.shown_by: dict[str, list[int]] = {}  # question id -> the questions whose show_if reads it
        for d, q in enumerate(ruleset.questions):
            for qid in q.show_if.reads if q.show_if is not None else ():
                self.shown_by.setdefault(qid, []).append(d)
        self.rules_reading: dict[str, list[int]] = {}  # question id -> the rules that read it
        for j, rule in enumerate(ruleset.rules):
            for qid in rule.reads:
                self.rules_reading.setdefault(qid, []).append(j)
        self.flags_known = 0  # flags g0 .. g(k-1) are computed where a condition is being written

    def constant(self, value: Any) -> str:
        """A validated number, a boolean or None, as its ``repr()``. Anything else the source reads
        is a name ``namespace`` binds (``_decision3``): so the source depends on nothing but the
        ruleset's structure, and its compiled code can be kept (``compiled``)."""
        if value is None or value.__class__ in (bool, int, float):
            text = repr(value)
            if value.__class__ is not float or text not in ("inf", "-inf", "nan"):
                return text
        raise TypeError(f"not a constant the source may hold: {value!r}")  # pragma: no cover - a bug of ours

    def numbers(self, values: Any) -> str:
        """A set of numbers as a literal (which Python folds into one constant)."""
        return "{" + ", ".join(self.constant(v) for v in sorted(values)) + "}" if values else "()"

    def emit(self, indent: int, *lines: str) -> None:
        self.lines.extend("    " * indent + line for line in lines)

    # -- conditions ----------------------------------------------------------------------

    def is_true(self, node: Node) -> str:
        kind = node[0]
        if kind == "all":
            return "(" + " and ".join(self.is_true(p) for p in node[1]) + ")" if node[1] else "True"
        if kind == "any":
            return "(" + " or ".join(self.is_true(p) for p in node[1]) + ")" if node[1] else "False"
        if kind == "not":
            return self.is_false(node[1])
        if kind == "at_least":  # enough parts are True
            return f"({' + '.join(self.is_true(p) for p in node[2])} >= {self.constant(node[1])})"
        return self.leaf(node, True)

    def is_false(self, node: Node) -> str:
        kind = node[0]
        if kind == "all":
            return "(" + " or ".join(self.is_false(p) for p in node[1]) + ")" if node[1] else "False"
        if kind == "any":
            return "(" + " and ".join(self.is_false(p) for p in node[1]) + ")" if node[1] else "True"
        if kind == "not":
            return self.is_true(node[1])
        if kind == "at_least":  # too few parts are True or unknown: those that are not False
            return f"({' + '.join('(not ' + self.is_false(p) + ')' for p in node[2])} < {self.constant(node[1])})"
        return self.leaf(node, False)

    def check(self, node: Node) -> str:
        """An answer leaf's test on its (answered) question's local."""
        _, qid, op, value = node
        n = self.local[qid]
        codes = self.codes.get(qid)
        if codes is not None:  # a choice or multiple choice: its options are numbered, as a scale's are
            value = frozenset(codes[v] for v in value) if op in ("in", "not_in", "contains_any") else codes[value]
        if op in _COMPARE:
            return f"({n} {_COMPARE[op]} {self.constant(value)})"
        if op in ("in", "not_in"):
            return f"({n} {op.replace('_', ' ')} {self.numbers(value)})"
        if op == "between":
            return f"({self.constant(value[0])} <= {n} <= {self.constant(value[1])})"
        if op == "contains":
            return f"({self.constant(value)} in {n})"
        if op == "contains_any":
            return f"(not {self.numbers(value)}.isdisjoint({n}))"
        raise ValueError(f"not an answer operator: {op!r}")  # pragma: no cover - the compiler checks operators

    def leaf(self, node: Node, truth: bool) -> str:
        """A leaf: the expression that holds when it is True (``truth``) or when it is False."""
        kind = node[0]
        if kind == "answer":
            n = self.local[node[1]]
            if node[2] == "answered":
                return f"({n} is not None)" if node[3] == truth else f"({n} is None)"
            if node[2] in ("eq", "in") and truth:
                return self.check(node)  # an unanswered question's None is no option
            return f"({n} is not None and {'' if truth else 'not '}{self.check(node)})"
        test = self.policy_leaf(node)
        return test if truth else f"(not {test})"

    def policy_leaf(self, node: Node) -> str:
        kind = node[0]
        thresholds = self.policy.thresholds
        if kind == "outcome":
            return f"(o in {self.numbers(OUTCOMES.index(outcome) for outcome in node[1])})"
        if kind == "need":
            score = "s" if node[1] == "salesops" else "r"
            return f"({score} >= {self.constant(thresholds[node[1]])})"
        if kind == "lead":
            return {"tie": "(s == r)", "salesops": "(s > r)", "revops": "(r > s)"}[node[1]]
        if kind == "member":
            return self.member(node[1], node[2])
        if kind == "compare":
            _, subject, op, value = node
            score = {"salesops": "s", "revops": "r", "unanswered": "u"}[subject]
            if op == "between":
                return f"({self.constant(value[0])} <= {score} <= {self.constant(value[1])})"
            return f"({score} {_COMPARE[op]} {self.constant(value)})"
        raise ValueError(f"not a condition node: {kind!r}")  # pragma: no cover - the compiler makes the nodes

    def member(self, kind: str, ident: str) -> str:
        if kind == "fired":
            if ident not in self.rule_local:
                return "False"
            self.referenced_rules.add(ident)
            return self.rule_local[ident]
        if kind == "criteria":
            citing = [r.id for r in self.ruleset.rules if ident in r.cites]
            self.referenced_rules.update(citing)
            return "(" + " or ".join(self.rule_local[r] for r in citing) + ")" if citing else "False"
        flags = [f.id for f in self.policy.flags[: self.flags_known]]
        return f"g{flags.index(ident)}" if ident in flags else "False"

    def holds(self, condition: Any) -> str:
        """``is_true`` of a Condition (None: no condition, always holds)."""
        return "True" if condition is None else self.is_true(condition.node)

    # -- the function --------------------------------------------------------------------

    def write(self) -> str:
        """The module: ``run``, and what ``what_would_change`` uses (``state``, ``policy_key``, ``alt_<i>``)."""
        questions, rules = self.ruleset.questions, self.ruleset.rules
        # Functions over lists (N: answers as shown, F: rules fired) come first: they say which rules the
        # policy reads by id, which ``run`` then keeps in locals.
        self.local = {q.id: f"N[{i}]" for i, q in enumerate(questions)}
        self.rule_local = {r.id: f"F[{j}]" for j, r in enumerate(rules)}
        self.emit(0, "def policy_key(N, F, s, r, u):")
        self.policy_part(full=False)
        for i in range(len(questions)):
            self.alternative(i)
        lists = self.lines
        self.lines = []
        self.local = {q.id: f"n{i}" if q.show_if is not None else f"v{i}" for i, q in enumerate(questions)}
        self.rule_local = {r.id: f"f{j}" for j, r in enumerate(rules)}
        self.emit(0, "def run(answers):", "    get = answers.get",
                  "    u = m = 0  # u: shown, not answered; m: not in answers (or None there)")
        self.questions()
        # Keys besides the answers read: None values, or unknown question ids (None, and evaluate() names them).
        self.emit(1, f"if len(answers) != {len(questions)} - m and not answers.keys() <= _known:", "    return None")
        self.rules()
        self.policy_part(full=True)
        self.emit(0, "", "def state(answers):", "    get = answers.get", "    u = m = 0")
        self.questions()
        fired = "".join(f"{self.holds(rule.when)}, " for rule in rules)
        shown = "".join("True, " if q.show_if is None else f"w{i}, " for i, q in enumerate(questions))
        self.emit(1, f"return ({self.answers_list('v')}, {self.answers_list('N')}, [{fired}], [{shown}])")
        return "\n".join([*self.lines, "", *lists]) + "\n"

    def answers_list(self, kind: str) -> str:
        """The answers as a list display: validated (``v``), or as shown (``N``)."""
        questions = self.ruleset.questions
        names = (f"v{i}" if kind == "v" else self.local[q.id] for i, q in enumerate(questions))
        return "[" + "".join(f"{name}, " for name in names) + "]"

    def questions(self) -> None:
        """Each answer read and checked into ``v<i>``; a question with a ``show_if`` also gets ``w<i>``
        (shown) and ``n<i>`` (its answer if shown, else None). ``u`` counts the shown, unanswered ones."""
        for i, q in enumerate(self.ruleset.questions):
            v, x = f"v{i}", f"x{i}"
            self.emit(1, f"# {i}: {q.type}", f"{x} = get(_qid{i})", f"if {x} is None:",
                      f"    {v} = None", "    m += 1")
            if q.show_if is None:
                self.emit(2, "u += 1")
            self.emit(1, "else:")
            index = self.constant(i)
            if q.type in ("choice", "scale"):
                self.emit(2, "try:", f"    {v} = _codes{i}[{x}]", "except (KeyError, TypeError):",
                          f"    _bad({index}, {x}, answers)")
            elif q.type == "yesno":
                self.emit(2, f"if {x} is not True and {x} is not False:", f"    _bad({index}, {x}, answers)",
                          f"{v} = {x}")
            elif q.type == "number":
                bounds = []
                if q.minimum is not None:
                    bounds.append(f"{self.constant(q.minimum)} <= {x}")
                if q.maximum is not None:
                    bounds.append(f"{x} <= {self.constant(q.maximum)}")
                fast = " and ".join([f"{x}.__class__ is _int", *bounds])
                self.emit(2, f"if {fast}:", f"    {v} = {x}", "else:", "    try:",
                          f"        {v} = _norm{i}({x})", "    except ValueError:",
                          f"        _bad({index}, {x}, answers)")
            else:  # multiple choice: a list of distinct options, as many as allowed
                sizes = [f"{self.constant(q.min_choices)} <= len({x})" if q.min_choices else "",
                         f"len({x}) <= {self.constant(q.max_choices)}" if q.max_choices is not None else ""]
                fits = " and ".join([f"len({v}) == len({x})", *filter(None, sizes)])
                self.emit(2, "try:",
                          f"    {v} = _frozenset(_map(_codes{i}.__getitem__, {x})) if {x}.__class__ is _list else None",
                          "except (KeyError, TypeError):", f"    {v} = None", f"if {v} is None or not ({fits}):",
                          f"    _bad({index}, {x}, answers)")
            if q.show_if is not None:
                self.emit(1, f"w{i} = {self.holds(q.show_if)}", f"if w{i}:", f"    n{i} = {v}",
                          f"    if {x} is None:", "        u += 1", "else:", f"    n{i} = None")
        self.raws = "(" + "".join(f"x{i}, " for i in range(len(self.ruleset.questions))) + ")"
        self.shown = "(" + "".join(f"w{i}, " for i, q in enumerate(self.ruleset.questions)
                                   if q.show_if is not None) + ")"

    def rules(self) -> None:
        self.emit(1, "s = r = 0", "fired = []")
        for i, rule in enumerate(self.ruleset.rules):
            test = self.holds(rule.when)
            if rule.id in self.referenced_rules:
                self.emit(1, f"f{i} = {test}", f"if f{i}:")
            else:
                self.emit(1, f"if {test}:")
            self.emit(2, f"fired.append({self.constant(i)})")
            if rule.salesops:
                self.emit(2, f"s += {self.constant(rule.salesops)}")
            if rule.revops:
                self.emit(2, f"r += {self.constant(rule.revops)}")

    def alternative(self, i: int) -> None:
        """``alt_<i>``: the verdict's key with question ``i`` (shown) answered ``v`` instead, every other
        answer as it is. Only what that answer reaches is worked out again: the questions it shows or
        hides (and so on down), the rules that read any of them, then the policy. N and F are put back."""
        questions = self.ruleset.questions
        # The questions whose show_if reads this one, theirs in turn, and so on (a show_if reads only
        # earlier questions, so questionnaire order is an order to re-decide them in).
        found, todo = set(), [i]
        while todo:
            for d in self.shown_by.get(questions[todo.pop()].id, ()):
                if d not in found:
                    found.add(d)
                    todo.append(d)
        dependents = sorted(found)
        touched = [questions[q].id for q in (i, *dependents)]
        reading = sorted({j for qid in touched for j in self.rules_reading.get(qid, ())})
        self.emit(0, "", f"def alt_{i}(V, N, F, S, s, r, u, v):", f"    o{i} = N[{i}]", f"    N[{i}] = v",
                  f"    if o{i} is None:", "        u -= 1  # answered now")
        for d in dependents:
            self.emit(1, f"o{d} = N[{d}]", f"if {self.holds(questions[d].show_if)}:", f"    N[{d}] = V[{d}]",
                      f"    if V[{d}] is None and not S[{d}]:", "        u += 1", "else:", f"    N[{d}] = None",
                      f"    if V[{d}] is None and S[{d}]:", "        u -= 1")
        restore = [f"N[{q}] = o{q}" for q in (i, *dependents)]
        for j in reading:
            rule = self.ruleset.rules[j]
            self.emit(1, f"p{j} = F[{j}]", f"F[{j}] = {self.holds(rule.when)}", f"if F[{j}] is not p{j}:")
            for score, points in (("s", rule.salesops), ("r", rule.revops)):
                if points:
                    self.emit(2, f"{score} += {self.constant(-points)} if p{j} else {self.constant(points)}")
            if not (rule.salesops or rule.revops):
                self.emit(2, "pass")
            restore.append(f"F[{j}] = p{j}")
        self.emit(1, "key = policy_key(N, F, s, r, u)", *restore, "return key")

    def policy_part(self, *, full: bool) -> None:
        """The policy, from the scores and answers. ``full``: every fact ``run`` returns; else only the
        verdict's key: (decision, first, phased, strength)."""
        policy = self.policy
        self.emit(1, "o = None  # the outcome, known once the decision is taken")
        for k, flag in enumerate(policy.flags):
            self.flags_known = k
            self.emit(1, f"g{k} = {self.holds(flag.when)}")
        self.flags_known = len(policy.flags)
        flags = "(" + "".join(f"g{k}, " for k in range(len(policy.flags))) + ")"
        self.decisions(full=full)
        if full:
            self.emit(1, "caveats = []", "gap = 0")
            for k, caveat in enumerate(policy.caveats):
                self.emit(1, f"if {self.holds(caveat.when)}:", f"    caveats.append(_caveat{k})")
                if caveat.lowers_confidence:
                    self.emit(2, "gap = 1")
            self.emit(1, "contradictions = []")
            for k, contradiction in enumerate(policy.contradictions):
                self.emit(1, f"if {self.holds(contradiction.when)}:", f"    contradictions.append(_contradiction{k})")
            last = len(LEVELS) - 1
            self.emit(1, "level += len(contradictions) + gap",
                      f"confidence = _LEVELS[level if level < {last} else {last}]")
        emerging = policy.emerging
        for side, score in (("salesops", "s"), ("revops", "r")):
            self.emit(1, f"k{score} = 0 if {score} >= {self.constant(policy.thresholds[side])} else 1 if {score} >= "
                         f"{self.constant(emerging[side])} else 2")
        self.emit(1, "if strength is None:", "    strength = ks if side == 1 else kr if side == 2 else "
                                               "ks if ks < kr else kr",
                  "    if weak and strength == 0:", "        strength = 1",
                  "strength = _STRENGTHS[strength]")
        if full:
            self.emit(1, "notes = []")
            for k, note in enumerate(policy.notes):
                self.emit(1, f"if {self.holds(note.when)}:", f"    notes.append(_note{k})")
        self.emit(1, "first = step = None", "phased = False", "if side == 3:")
        steps = policy.phase_order
        if steps:
            for j, step in enumerate(steps):
                test = "True" if j == len(steps) - 1 else self.holds(step.when)  # the last one if none holds
                self.emit(2, f"{'if' if j == 0 else 'elif'} {test}:", f"    step = _step{j}")
            self.emit(2, "first = step.first")
        else:
            self.emit(2, "first = _salesops")
        if policy.phased_when is not None:
            self.emit(2, f"phased = {self.holds(policy.phased_when)}")
        if not full:
            self.emit(1, "return decision, first, phased, strength")
            return
        strengths = "(_STRENGTHS[ks], _STRENGTHS[kr])"
        facts = (f"_ruleset, s, r, decision, first, phased, step, margin, confidence, strength, "
                 f"{strengths}, fired, {flags}, supporting, caveats, contradictions, notes, {self.raws}, {self.shown}")
        self.emit(1, f"return ({facts})")

    def decisions(self, *, full: bool) -> None:
        """The first decision that holds (the last one if none does), and what follows from it alone."""
        decisions = self.policy.decisions
        sides = {"salesops": 1, "revops": 2, "both": 3}
        for i, decision in enumerate(decisions):
            if i == len(decisions) - 1 or decision.when is None:
                self.emit(1, "else:" if i else "if True:")  # the last one holds when no other does
            else:
                self.emit(1, f"{'if' if i == 0 else 'elif'} {self.holds(decision.when)}:")
            outcome = "not_yet" if decision.weak else decision.recommend
            strength = None if decision.strength is None else STRENGTHS.index(decision.strength)
            self.emit(2, f"decision = _decision{i}", f"o = {self.constant(OUTCOMES.index(outcome))}",
                      f"side = {sides[decision.recommend]}", f"weak = {decision.weak}",
                      f"strength = {self.constant(strength)}")
            if not full:
                if decision.when is None:
                    break
                continue
            self.emit(2, f"margin = {self.margin(decision)}", f"level = {self.level(decision)}")
            agreeing = [other for other in decisions[i + 1:] if other.reason is not None and not other.weak
                        and other.recommend == decision.recommend and other.when is not None]
            self.emit(2, "supporting = []" if agreeing and not decision.weak else "supporting = ()")
            for other in agreeing if not decision.weak else ():
                self.emit(2, f"if {self.holds(other.when)}:",
                          f"    supporting.append(_decision{decisions.index(other)})")
            if decision.when is None:
                break  # the later ones are never taken

    def margin(self, decision: Decision) -> str:
        if not decision.margin:
            return "None"
        thresholds = self.policy.thresholds
        ts, tr = self.constant(thresholds["salesops"]), self.constant(thresholds["revops"])
        terms = [_MARGIN_TERMS[term].format(ts=ts, tr=tr) for term in decision.margin]
        return terms[0] if len(terms) == 1 else f"_min({', '.join(terms)})"

    def level(self, decision: Decision) -> str:
        """The index in LEVELS of the direction's confidence with no flips counted, before
        contradictions and gaps lower it (``confidence_level`` in engine.py, written out)."""
        parts: list[str] = []
        for band in self.policy.confidence:
            if band.max_flips is not None and band.max_flips < 0:
                continue
            here = str(LEVELS.index(band.id))
            if decision.confidence is not None:
                if LEVELS.index(band.id) >= LEVELS.index(decision.confidence):
                    parts.append(here)
                    break
                continue
            if band.min_margin is None:
                parts.append(here)
                break
            if decision.margin:
                parts.append(f"{here} if margin >= {self.constant(band.min_margin)} else")
        else:
            parts.append(str(len(LEVELS) - 1))
        return " ".join(parts)


def write(ruleset: Ruleset) -> str:
    """The source of ``ruleset``'s functions; they run in ``namespace(ruleset)``."""
    return _Writer(ruleset).write()


def option_codes(ruleset: Ruleset) -> dict[str, dict[str, int]]:
    """For each choice, scale and multiple choice question, the number of each option (its place)."""
    return {q.id: {o.value: j for j, o in enumerate(q.options)} for q in ruleset.questions
            if q.type in ("choice", "scale", "multi")}


def namespace(ruleset: Ruleset) -> dict[str, Any]:
    """What the source's names stand for: the ruleset's records and tables, by their place in it.

    Built from the ruleset alone (not while writing), so a compiled code object kept from an earlier
    run finds the same names bound to this run's objects.
    """
    from .engine import invalid_answer, unknown_questions

    questions = ruleset.questions
    policy = ruleset.policy

    def bad(index: int, raw: Any, answers: Mapping[str, Any]) -> None:
        """A raw answer the question does not take: the AnswersError that says why (unknown question
        ids in the same answers are named first)."""
        if not answers.keys() <= ruleset.question_by_id.keys():
            raise unknown_questions(ruleset, answers)
        q = questions[index]
        try:
            normalizer(q)(raw)
        except ValueError as exc:
            raise invalid_answer(q.id, exc) from None
        raise invalid_answer(q.id, ValueError(repr(raw)))  # pragma: no cover - the normaliser refuses what we do

    names: dict[str, Any] = {"__builtins__": {}, **_HELPERS, "_bad": bad, "_ruleset": ruleset,
                             "_known": frozenset(ruleset.question_by_id), "_int": int, "_list": list,
                             "_frozenset": frozenset, "_map": map, "_LEVELS": LEVELS, "_STRENGTHS": STRENGTHS,
                             "_salesops": "salesops"}
    codes = option_codes(ruleset)
    for i, q in enumerate(questions):
        names[f"_qid{i}"] = q.id
        if q.id in codes:
            names[f"_codes{i}"] = codes[q.id]
        if q.type == "number":
            names[f"_norm{i}"] = normalizer(q)
    for kind, records in (("decision", policy.decisions), ("caveat", policy.caveats),
                          ("contradiction", policy.contradictions), ("note", policy.notes),
                          ("step", policy.phase_order)):
        names.update((f"_{kind}{i}", record) for i, record in enumerate(records))
    return names
