"""Conditions compiled to Python source (advisor/codegen.py): what reaches the source, and what it computes.

The loader validates ids and option values before they get here, so the
hostile strings below could not come from a ruleset; they are fed straight
to the generator to show that no value is ever written into the source,
whatever it holds. A ruleset with hostile *texts* is loaded as well, and
every source it generates is read.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from advisor import codegen
from advisor.codegen import Node, build_test, source_of
from advisor.loader import load_ruleset

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = [
    "__import__('os').system('touch /tmp/pwned')",
    "x\n    import os\n",
    "'; raise SystemExit; '",
    '"""',
    "{v}",
    "\\",
    "a.get(0) or open",
    "🙂\u202e",
]
# What a generated source may hold: our names, our keywords, operators, indentation.
OUR_WORDS = re.compile(r"(?:_k\d+|_f\d+|def|return|if|elif|is|not|in|None|True|False|else|and|or|u|r|x|a|s|yes|unknown|"
                       r"get|isdisjoint|outcome|salesops|revops|unanswered|thresholds|fired|criteria|flags)\Z")


def words(source: str) -> set[str]:
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", source))


def test_hostile_ids_and_values_never_reach_the_source_and_stay_data() -> None:
    for text in HOSTILE:
        node: Node = ("all", (("answer", text, "eq", text), ("not", ("answer", "q", "in", frozenset({text}))),
                              ("member", "flags", text), ("outcome", frozenset({text}))))
        source, constants, _ = source_of(node)
        assert text not in source
        assert all(OUR_WORDS.match(word) for word in words(source)), source
        assert text in constants.values()
        test = build_test(node)

        state = SimpleNamespace(flags={text}, outcome=text)
        assert test({text: text, "q": "other"}, state) is True
        assert test({text: "other", "q": "other"}, state) is False
        assert test({}, state) is None  # unanswered: unknown, and it did not run anything


def test_the_generated_functions_have_no_builtins() -> None:
    """Even a source we got wrong could not reach open() or __import__: the namespace has no builtins."""
    test = build_test(("answer", "q", "eq", 1))
    assert test.__globals__["__builtins__"] == {}


def test_a_ruleset_with_hostile_texts_generates_only_our_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", folder)
    questions = folder / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    hostile = "\"); __import__('os').system('x') #"
    plain = re.compile(r"^(\s+en: )([A-Za-z].*)$", re.MULTILINE)  # a one-line English text, unquoted
    questions.write_text(plain.sub(lambda m: m[1] + json.dumps(f"{hostile} {m[2]}"), text), encoding="utf-8")
    sources: list[str] = []
    real = codegen.source_of

    def spy(node: Node) -> tuple[str, dict[str, Any], str]:
        made = real(node)
        sources.append(made[0])
        return made
    monkeypatch.setattr(codegen, "source_of", spy)
    ruleset = load_ruleset(folder)
    assert any(hostile in q.text("en") for q in ruleset.questions)
    assert len(sources) > 40  # every rule, show_if and policy test
    for source in sources:
        assert all(OUR_WORDS.match(word) for word in words(source)), source


# -- semantics: the generated function against a plain three-valued interpreter ------------------

def reference(node: Node, a: dict[str, Any], s: Any) -> bool | None:
    kind = node[0]
    if kind in ("all", "any"):
        results = [reference(p, a, s) for p in node[1]]
        decisive = kind == "any"
        if decisive in results:
            return decisive
        return None if None in results else not decisive
    if kind == "not":
        r = reference(node[1], a, s)
        return None if r is None else not r
    if kind == "at_least":
        results = [reference(p, a, s) for p in node[2]]
        yes, unknown = results.count(True), results.count(None)
        return True if yes >= node[1] else None if yes + unknown >= node[1] else False
    _, qid, op, v = node
    if op == "answered":
        return (qid in a) is v
    x = a.get(qid)
    if x is None:
        return None
    if op == "between":
        return bool(v[0] <= x <= v[1])
    return bool(x == v) if op == "eq" else bool(x < v)


def random_node(rng: random.Random, depth: int = 0) -> Node:
    if depth > 3 or rng.random() < 0.4:
        qid = rng.choice("pqr")
        op = rng.choice(["eq", "lt", "between", "answered"])
        value = {"eq": rng.randint(0, 3), "lt": rng.randint(0, 3), "between": (1, 2), "answered": rng.random() < 0.5}
        return ("answer", qid, op, value[op])
    kind = rng.choice(["all", "any", "not", "at_least"])
    if kind == "not":
        return ("not", random_node(rng, depth + 1))
    parts = tuple(random_node(rng, depth + 1) for _ in range(rng.randint(1, 4)))
    return ("at_least", rng.randint(1, len(parts)), parts) if kind == "at_least" else (kind, parts)


def test_generated_tests_agree_with_a_plain_interpreter_on_random_trees() -> None:
    rng = random.Random(7)
    for _ in range(300):
        node = random_node(rng)
        test = build_test(node)
        for _ in range(20):
            answers = {q: rng.randint(0, 3) for q in "pqr" if rng.random() < 0.7}
            assert test(answers, None) is reference(node, answers, None), (node, answers)


def test_a_deferred_test_compiles_at_its_first_call_and_then_answers_as_the_built_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading a ruleset to evaluate answers never runs these tests: compiling them waits for a first call."""
    import advisor.codegen as codegen

    built: list[Node] = []
    real = codegen.build_test

    def counting(node: Node) -> Any:
        built.append(node)
        return real(node)

    monkeypatch.setattr(codegen, "build_test", counting)
    node: Node = ("any", (("answer", "q", "eq", 1), ("answer", "r", "gt", 3)))
    test = codegen.deferred_test(node)
    assert built == []
    for answers in ({"q": 1}, {"q": 2, "r": 4}, {"q": 2, "r": 1}, {}, {"r": 9}):
        assert test(answers, None) is real(node)(answers, None)
    assert built == [node]  # once, however often it is called
