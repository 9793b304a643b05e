"""The ruleset compiled into one function (advisor/compiled.py): what reaches its source, and what it computes.

Three checks:

- Every word of a generated source is ours, and it holds no string
  literal, for the default ruleset with hostile texts and with question ids
  and option values that are Python keywords and names the function uses
  (``lambda``, ``import``, ``answers``, ``none``, ``print``).
- Conditions written out as two-valued expressions agree with a plain
  three-valued interpreter on random trees.
- ``evaluate`` agrees, field by field, with ``interpret`` below: the engine's
  semantics written plainly (each condition's own ``Test``, a loop over the
  policy's records), on random answers to the default ruleset and to the
  renamed one.
"""

from __future__ import annotations

import io
import json
import random
import re
import shutil
import tokenize
from pathlib import Path
from types import MappingProxyType, SimpleNamespace
from typing import Any

import pytest

from advisor.answers import normalizer
from advisor.compiled import _Writer, runner, write
from advisor.conditions import PolicyState
from advisor.engine import Change, Result, confidence_level, evaluate, what_would_change
from advisor.errors import AnswersError
from advisor.loader import load_ruleset
from advisor.model import STRENGTHS, Ruleset

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_TEXT = "\"); __import__('os').system('x') # answers \\"
# Question ids and option values chosen to collide with Python and with the function's own names.
RENAMED = {"company_stage": "lambda", "sales_reps": "import", "team_communication": "answers",
           "sales_motion": "get", "first_customers": "none", "growing": "print", "rep_future": "n0"}
OUR_NAMES = re.compile(r"(?:_(?:qid|codes|norm|decision|caveat|contradiction|note|step)\d+|_ruleset|_known|_int|"
                       r"_list|_frozenset|_map|_LEVELS|_STRENGTHS|_salesops|__getitem__|[nxwfgvop]\d+|alt_\d+|[VNFSv]|state|policy_key|key|run|answers|get|u|m|s|r|o|fired|"
                       r"decision|side|weak|strength|margin|level|supporting|caveats|gap|contradictions|confidence|"
                       r"ks|kr|notes|first|step|phased|append|keys|isdisjoint|_min|len|_bad|KeyError|TypeError|"
                       r"ValueError|__class__)\Z")
OUR_COMMENTS = re.compile(r"# (?:\d+: (?:choice|scale|number|yesno|multi)|u: shown, not answered; m: not in answers "
                          r"\(or None there\)|the outcome, known once the decision is taken|the last "
                          r"one holds when no other does|answered now)\Z")


def renamed_rules(tmp_path: Path, *, hostile_texts: bool) -> Path:
    """The default ruleset with RENAMED ids and values (and hostile one-line English texts)."""
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", folder)
    plain = re.compile(r"^(\s+en: )([A-Za-z].*)$", re.MULTILINE)
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        # A multiple choice with a bound, so that the compiled check of its size is tried too.
        text = text.replace("id: revenue_sources\n    topic: strategy\n    type: multi\n",
                            "id: revenue_sources\n    topic: strategy\n    type: multi\n    max_choices: 2\n")
        for old, new in RENAMED.items():
            text = re.sub(rf"\b{old}\b", new, text)
        if hostile_texts:
            text = plain.sub(lambda m: m[1] + json.dumps(f"{HOSTILE_TEXT} {m[2]}"), text)
        path.write_text(text, encoding="utf-8")
    return folder


def test_only_our_words_reach_the_source(tmp_path: Path) -> None:
    ruleset = load_ruleset(renamed_rules(tmp_path, hostile_texts=True))
    assert "lambda" in ruleset.question_by_id and any(HOSTILE_TEXT in q.text("en") for q in ruleset.questions)
    source = write(ruleset)
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME:
            assert OUR_NAMES.match(token.string) or token.string in {
                "def", "return", "if", "elif", "else", "try", "except", "is", "not", "in", "and", "or", "None",
                "True", "False", "for"}, token
        assert token.type != tokenize.STRING, token
        if token.type == tokenize.COMMENT:
            assert OUR_COMMENTS.match(token.string), token
    assert runner(ruleset).__globals__["__builtins__"] == {}


def test_the_renamed_ruleset_scores_like_the_default(ruleset: Ruleset, tmp_path: Path) -> None:
    renamed = load_ruleset(renamed_rules(tmp_path, hostile_texts=False))
    rng = random.Random(5)
    for _ in range(300):
        answers = random_answers(ruleset, rng)
        if "revenue_sources" in answers:
            answers["revenue_sources"] = answers["revenue_sources"][:2]  # the renamed ruleset's bound
        mine = {RENAMED.get(q, q): [RENAMED.get(v, v) for v in a] if isinstance(a, list) else RENAMED.get(a, a)
                if isinstance(a, str) else a for q, a in answers.items()}
        a, b = evaluate(ruleset, answers), evaluate(renamed, mine)
        assert (a.salesops, a.revops, a.decision.id, a.confidence, a.strength, a.first, a.phased) == (
            b.salesops, b.revops, b.decision.id, b.confidence, b.strength, b.first, b.phased)
        assert [RENAMED.get(q, q) for q in a.hidden] == list(b.hidden)


# -- conditions: two-valued expressions against a three-valued interpreter -------------------------

def three_valued(node: Any, a: dict[str, Any]) -> bool | None:
    kind = node[0]
    if kind in ("all", "any"):
        results = [three_valued(p, a) for p in node[1]]
        decisive = kind == "any"
        if decisive in results:
            return decisive
        return None if None in results else not decisive
    if kind == "not":
        r = three_valued(node[1], a)
        return None if r is None else not r
    if kind == "at_least":
        results = [three_valued(p, a) for p in node[2]]
        yes, unknown = results.count(True), results.count(None)
        return True if yes >= node[1] else None if yes + unknown >= node[1] else False
    _, qid, op, v = node
    if op == "answered":
        return (a.get(qid) is not None) is v
    x = a.get(qid)
    if x is None:
        return None
    tests = {"eq": lambda: x == v, "ne": lambda: x != v, "lt": lambda: x < v, "gte": lambda: x >= v,
             "between": lambda: v[0] <= x <= v[1], "in": lambda: x in v, "not_in": lambda: x not in v}
    return bool(tests[op]())


def random_node(rng: random.Random, depth: int = 0) -> Any:
    if depth > 3 or rng.random() < 0.35:
        qid = rng.choice("pqr")
        op = rng.choice(["eq", "ne", "lt", "gte", "between", "answered", "in", "not_in"])
        value = {"between": (1, 2), "answered": rng.random() < 0.5, "in": frozenset({0, 2}),
                 "not_in": frozenset({1})}.get(op, rng.randint(0, 3))
        return ("answer", qid, op, value)
    kind = rng.choice(["all", "any", "not", "at_least"])
    if kind == "not":
        return ("not", random_node(rng, depth + 1))
    parts = tuple(random_node(rng, depth + 1) for _ in range(rng.randint(1, 4)))
    return ("at_least", rng.randint(1, len(parts)), parts) if kind == "at_least" else (kind, parts)


def test_two_valued_conditions_agree_with_three_valued_logic_on_random_trees() -> None:
    questions = [SimpleNamespace(id=q, type="scale", options=(), show_if=None) for q in "pqr"]
    fake = SimpleNamespace(questions=questions, rules=(), policy=SimpleNamespace(flags=(), thresholds={}))
    rng = random.Random(11)
    for _ in range(300):
        node = random_node(rng)
        writer = _Writer(fake)  # type: ignore[arg-type]
        source = f"def f(n0, n1, n2):\n    return {writer.is_true(node)}, {writer.is_false(node)}\n"
        namespace: dict[str, Any] = {"__builtins__": {}}
        exec(compile(source, "<test>", "exec"), namespace)
        for _ in range(20):
            a = {q: rng.randint(0, 3) for q in "pqr" if rng.random() < 0.7}
            want = three_valued(node, a)
            assert namespace["f"](a.get("p"), a.get("q"), a.get("r")) == (want is True, want is False), (node, a)


# -- the whole evaluation against a plain interpreter ---------------------------------------------

def interpret(ruleset: Ruleset, answers: dict[str, Any]) -> dict[str, Any]:
    """The engine's semantics, written plainly: every field a Result gives, as plain values."""
    norm: dict[str, Any] = {}
    visible: dict[str, Any] = {}
    unanswered, hidden, ignored = [], [], []
    for q in ruleset.questions:
        raw = answers.get(q.id)
        value = None if raw is None else normalizer(q)(raw)  # ValueError on a bad answer
        if q.show_if is not None and q.show_if.test(norm, None) is not True:
            hidden.append(q.id)
            if raw is not None:
                ignored.append(q.id)
        elif raw is None:
            unanswered.append(q.id)
        else:
            norm[q.id], visible[q.id] = value, raw
    fired = [rule for rule in ruleset.rules if rule.when.test(norm, None) is True]
    s, r = sum(rule.salesops for rule in fired), sum(rule.revops for rule in fired)
    criteria = {c for rule in fired for c in rule.cites}
    policy = ruleset.policy
    flags: set[str] = set()
    state = PolicyState(s, r, policy.thresholds, {rule.id for rule in fired}, criteria, flags, len(unanswered))
    for flag in policy.flags:
        if flag.when.test(norm, state) is True:
            flags.add(flag.id)
    holds = [d.when is None or d.when.test(norm, state) is True for d in policy.decisions]
    index = holds.index(True) if True in holds else len(holds) - 1
    decision = policy.decisions[index]
    supporting = [] if decision.weak else [
        d.id for d, ok in zip(policy.decisions[index + 1:], holds[index + 1:], strict=True)
        if ok and d.when is not None and d.reason is not None and not d.weak and d.recommend == decision.recommend]
    terms = {"salesops_over": s - policy.thresholds["salesops"], "revops_over": r - policy.thresholds["revops"],
             "salesops_under": policy.thresholds["salesops"] - s, "revops_under": policy.thresholds["revops"] - r,
             "salesops_lead": s - r, "revops_lead": r - s}
    margin = min(terms[t] for t in decision.margin) if decision.margin else None
    caveats = [c for c in policy.caveats if c.when.test(norm, state) is True]
    contradictions = [c.id for c in policy.contradictions if c.when.test(norm, state) is True]
    confidence = confidence_level(policy, decision, margin, 0, len(contradictions),
                                  any(c.lowers_confidence for c in caveats))
    strengths = {side: "clear" if score >= policy.thresholds[side] else
                 "emerging" if score >= policy.emerging[side] else "not_yet"
                 for side, score in (("salesops", s), ("revops", r))}
    strength = decision.strength
    if strength is None:
        sides = ("salesops", "revops") if decision.recommend == "both" else (decision.recommend,)
        strength = STRENGTHS[min(STRENGTHS.index(strengths[side]) for side in sides)]
        if decision.weak and strength == "clear":
            strength = "emerging"
    state.outcome = "not_yet" if decision.weak else decision.recommend
    notes = [n.id for n in policy.notes if n.when.test(norm, state) is True]
    first = step = None
    phased = False
    if decision.recommend == "both":
        steps = [p for p in policy.phase_order if p.when is None or p.when.test(norm, state) is True]
        step = (steps or policy.phase_order[-1:] or [None])[0]
        first = step.first if step is not None else "salesops"
        phased = policy.phased_when is not None and policy.phased_when.test(norm, state) is True
    return {"salesops": s, "revops": r, "decision": decision.id, "supporting": supporting, "margin": margin,
            "caveats": [c.id for c in caveats], "contradictions": contradictions, "confidence": confidence,
            "strengths": strengths, "strength": strength, "notes": notes, "first": first, "phased": phased,
            "phase_step": step, "fired": [rule.id for rule in fired], "criteria": criteria, "flags": flags,
            "answers": visible, "unanswered": unanswered, "hidden": hidden, "ignored": ignored}


def fields(result: Result) -> dict[str, Any]:
    return {"salesops": result.salesops, "revops": result.revops, "decision": result.decision.id,
            "supporting": [d.id for d in result.supporting], "margin": result.margin,
            "caveats": [c.id for c in result.caveats], "contradictions": [c.id for c in result.contradictions],
            "confidence": result.confidence, "strengths": dict(result.strengths), "strength": result.strength,
            "notes": [n.id for n in result.notes], "first": result.first, "phased": result.phased,
            "phase_step": result.phase_step, "fired": [rule.id for rule in result.fired_rules],
            "criteria": set(result.criteria), "flags": set(result.flags), "answers": dict(result.answers),
            "unanswered": list(result.unanswered), "hidden": list(result.hidden), "ignored": list(result.ignored)}


def random_answers(ruleset: Ruleset, rng: random.Random) -> dict[str, Any]:
    """Valid answers: each question left out a fifth of the time; hidden ones answered too."""
    out: dict[str, Any] = {}
    for q in ruleset.questions:
        if rng.random() < 0.2:
            continue
        if q.type in ("choice", "scale"):
            out[q.id] = rng.choice(q.option_values)
        elif q.type == "yesno":
            out[q.id] = rng.random() < 0.5
        elif q.type == "number":
            lo, hi = int(q.minimum or 0), int(q.maximum if q.maximum is not None else 1000)
            out[q.id] = rng.choice([lo, lo + 1, rng.randint(lo, min(hi, lo + 40)), rng.randint(lo, hi), float(lo)])
        else:
            size = rng.randint(q.min_choices, q.max_choices if q.max_choices is not None else len(q.options))
            out[q.id] = rng.sample(list(q.option_values), size)
    return out


@pytest.mark.parametrize("variant", ["default", "renamed"])
def test_evaluate_agrees_with_a_plain_interpreter_on_random_answers(ruleset: Ruleset, tmp_path: Path,
                                                                     variant: str) -> None:
    rules = ruleset if variant == "default" else load_ruleset(renamed_rules(tmp_path, hostile_texts=True))
    rng = random.Random(20261203)
    decisions = set()
    for _ in range(3000):
        answers = random_answers(rules, rng)
        got = fields(evaluate(rules, answers))
        assert got == interpret(rules, answers), answers
        decisions.add(got["decision"])
    assert len(decisions) >= len(rules.policy.decisions) - 2  # the random answers reach (nearly) every decision


def test_bad_answers_say_which_question_and_why(ruleset: Ruleset) -> None:
    for bad in ({"company_stage": "huge"}, {"sales_reps": -1}, {"sales_reps": "3"}, {"sales_reps": True},
                {"company_stage": ["growing"]}, {"revenue_sources": ["nonsense"]}, {"revenue_sources": [["a"]]},
                {"revenue_sources": "sales"}, {"revenue_sources": ("sales",)}, {"revenue_sources": [1]}):
        with pytest.raises(AnswersError) as caught:
            evaluate(ruleset, bad)
        assert f"`{next(iter(bad))}`" in str(caught.value)
    with pytest.raises(AnswersError, match="nonsense"):
        evaluate(ruleset, {"nonsense": 1, "company_stage": "huge"})  # unknown questions are named first
    with pytest.raises(AnswersError, match="nonsense"):
        evaluate(ruleset, {"company_stage": None, "nonsense": None})  # None values hide no unknown key
    assert evaluate(ruleset, {"company_stage": None}).unanswered[0] == "company_stage"
    sources = list(ruleset.question_by_id["revenue_sources"].option_values)
    with pytest.raises(AnswersError, match="revenue_sources"):
        evaluate(ruleset, {"revenue_sources": [sources[0], sources[0]]})  # an option twice
    result = evaluate(ruleset, MappingProxyType({"company_stage": "growing", "sales_reps": 4.0}))
    assert result.answers == {"company_stage": "growing", "sales_reps": 4.0}


# -- what_would_change: each alternative worked out incrementally, against evaluating it whole -------

def changes_by_evaluating(ruleset: Ruleset, answers: dict[str, Any]) -> list[Change]:
    """The alternatives what_would_change tries, each evaluated from scratch."""
    base = evaluate(ruleset, answers)
    out = []
    for q in ruleset.questions:
        if q.id in base.hidden:
            continue
        current = answers.get(q.id)
        if q.type == "multi":
            chosen = list(current or [])
            alternatives: list[Any] = [[v for v in chosen if v != o] if o in chosen else [*chosen, o]
                                       for o in q.option_values]
            alternatives = [a for a in alternatives if q.min_choices <= len(a) <= (q.max_choices or len(q.options))]
        else:
            alternatives = [v for v in ruleset.probes[q.id] if v != current]
        for alternative in alternatives:
            other = evaluate(ruleset, {**answers, q.id: alternative})
            if other.key != base.key:
                out.append(Change(q.id, current, alternative, other.decision.recommend, other.first, other.phased,
                                  other.decision.weak, other.strength, other.direction != base.direction))
    return out


@pytest.mark.parametrize("variant", ["default", "renamed"])
def test_what_would_change_agrees_with_evaluating_every_alternative(ruleset: Ruleset, tmp_path: Path,
                                                                     variant: str) -> None:
    rules = ruleset if variant == "default" else load_ruleset(renamed_rules(tmp_path, hostile_texts=False))
    rng = random.Random(99)
    found = 0
    for _ in range(400):
        answers = random_answers(rules, rng)
        got = list(what_would_change(rules, answers))
        assert got == changes_by_evaluating(rules, answers), answers
        found += len(got)
    assert found > 400  # the answers do reach changes
