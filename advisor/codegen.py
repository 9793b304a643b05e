"""Conditions turned into Python functions: one generated function per combinator, leaves inline.

The condition compiler (``conditions.py``) checks a condition's YAML and
builds a small tree of tuples, ``Node`` below. ``build_test`` turns that tree
into a ``Test``: a function ``(answers, state) -> True | False | None`` with
the three-valued logic of the engine (None: unknown, because a question it
reads was not answered or is hidden).

Why generate source: a tree of closures costs one Python call per node, and
evaluating the default ruleset once made about 80 such calls (two thirds of
the engine's time). Here a leaf is an expression inside its parent's
function, so a condition costs one call per ``all``/``any``/``not``/
``at_least`` it holds.

What reaches the source: only what this module writes. Names are ours
(``_k3``, ``_f2``); operators and the state's attributes come from the fixed
tables below, chosen by the validated operator. Every value taken from the
ruleset (question ids, option values, numbers, sets) is passed in the
function's namespace as a constant, never written into the source, so no
text from a YAML file is ever spliced in (tests/unit/test_codegen.py feeds
hostile ids and values and reads the source).
"""

from __future__ import annotations

from typing import Any

from .model import Test

# A condition as the compiler builds it:
#   ("all" | "any", (Node, ...))    ("not", Node)    ("at_least", n, (Node, ...))
#   ("answer", question id, operator, value)          value normalised as answers are
#   ("outcome", frozenset of outcomes)                ("need", side)    ("lead", side | "tie")
#   ("member", "fired" | "criteria" | "flags", id)    ("compare", "salesops" | "revops" | "unanswered", op, value)
Node = tuple[Any, ...]

# Comparison of an answer ``x`` with a constant ``v``.
_ANSWER_OPS = {
    "eq": "x == {v}", "ne": "x != {v}", "in": "x in {v}", "not_in": "x not in {v}",
    "lt": "x < {v}", "lte": "x <= {v}", "gt": "x > {v}", "gte": "x >= {v}",
    "contains": "{v} in x", "contains_any": "not {v}.isdisjoint(x)",
}
_COMPARE_OPS = {"eq": "==", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}
_SCORES = {"salesops": "s.salesops", "revops": "s.revops", "unanswered": "s.unanswered"}
_SETS = {"fired": "s.fired", "criteria": "s.criteria", "flags": "s.flags"}
_LEADS = {"tie": "s.salesops == s.revops", "salesops": "s.salesops > s.revops", "revops": "s.revops > s.salesops"}


class _Source:
    """The source of one condition's functions, and the constants they read."""

    def __init__(self) -> None:
        self.constants: dict[str, Any] = {}
        self.lines: list[str] = []
        self.functions = 0

    def constant(self, value: Any) -> str:
        name = f"_k{len(self.constants)}"
        self.constants[name] = value
        return name

    def expression(self, node: Node) -> str:
        """A Python expression for ``node`` (True, False or None), reading ``a`` and ``s``."""
        kind = node[0]
        if kind in ("all", "any", "not", "at_least"):
            return f"{self.function(node)}(a, s)"
        if kind == "answer":
            _, qid, op, value = node
            q = self.constant(qid)
            if op == "answered":
                return f"({q} in a)" if value else f"({q} not in a)"
            if op == "between":
                low, high = value
                check = f"{self.constant(low)} <= x <= {self.constant(high)}"
            else:
                check = _ANSWER_OPS[op].format(v=self.constant(value))
            return f"(None if (x := a.get({q})) is None else ({check}))"
        if kind == "outcome":
            return f"(s.outcome in {self.constant(node[1])})"
        if kind == "need":
            side = node[1]
            return f"({_SCORES[side]} >= s.thresholds[{self.constant(side)}])"
        if kind == "lead":
            return f"({_LEADS[node[1]]})"
        if kind == "member":
            return f"({self.constant(node[2])} in {_SETS[node[1]]})"
        if kind == "compare":
            _, subject, op, value = node
            if op == "between":
                low, high = value
                return f"({self.constant(low)} <= {_SCORES[subject]} <= {self.constant(high)})"
            return f"({_SCORES[subject]} {_COMPARE_OPS[op]} {self.constant(value)})"
        raise ValueError(f"not a condition node: {kind!r}")  # pragma: no cover - the compiler makes the nodes

    def function(self, node: Node) -> str:
        """Write a function for a combinator node; return its name."""
        name = f"_f{self.functions}"
        self.functions += 1
        kind = node[0]
        body: list[str]
        if kind == "not":
            body = [f"r = {self.expression(node[1])}", "return None if r is None else not r"]
        elif kind in ("all", "any"):
            stop = "False" if kind == "all" else "True"  # the value that decides at once
            body = ["u = False"]
            for part in node[1]:
                body += [f"r = {self.expression(part)}", f"if r is {stop}:", f"    return {stop}",
                         "if r is None:", "    u = True"]
            body.append(f"return None if u else {'True' if kind == 'all' else 'False'}")
        else:  # at_least
            _, n, parts = node
            need = self.constant(n)
            body = ["yes = unknown = 0"]
            for part in parts:
                body += [f"r = {self.expression(part)}", "if r is True:", "    yes += 1",
                         f"    if yes >= {need}:", "        return True", "elif r is None:", "    unknown += 1"]
            body.append(f"return None if yes + unknown >= {need} else False")
        self.lines += [f"def {name}(a, s):", *(f"    {line}" for line in body), ""]
        return name


def source_of(node: Node) -> tuple[str, dict[str, Any], str]:
    """The generated source for ``node``, its constants, and the name of its entry function."""
    src = _Source()
    if node[0] in ("all", "any", "not", "at_least"):
        entry = src.function(node)
    else:
        entry = "_f0"
        src.functions = 1
        src.lines += [f"def {entry}(a, s):", f"    return {src.expression(node)}", ""]
    return "\n".join(src.lines), src.constants, entry


def build_test(node: Node) -> Test:
    """The ``Test`` for a condition tree: its generated functions, compiled."""
    text, constants, entry = source_of(node)
    namespace: dict[str, Any] = {"__builtins__": {}, **constants}
    exec(compile(text, "<advisor condition>", "exec"), namespace)  # our own source: see the module docstring
    test: Test = namespace[entry]
    return test


def deferred_test(node: Node, owner: Any = None) -> Test:
    """``build_test(node)``, compiled at its first call rather than now.

    Loading a ruleset compiles ~125 conditions (~5 ms, a quarter of a load);
    a command that only evaluates answers never calls these tests (the
    engine runs the ruleset's own compiled functions, advisor/compiled.py,
    and the analysis they feed is cached), so it never pays for them.
    ``owner``: the ``Condition`` that holds this test; the compiled one
    replaces it there, so calls through the record (the analysis makes
    hundreds of thousands on a large ruleset) go straight to it.
    """
    compiled: list[Test] = []

    def test(answers: Any, state: Any) -> bool | None:
        if not compiled:
            compiled.append(build_test(node))
            if owner is not None:
                owner.__dict__["test"] = compiled[0]
        return compiled[0](answers, state)

    return test
