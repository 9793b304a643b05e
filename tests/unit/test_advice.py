"""Advice that fits the company, on the default ruleset: what issue 7 promised a founder.

- A company without reps meets no question about "your reps" and gets no rep step.
- Every decision that holds and agrees with the verdict is cited (B2, B3 and B5 add up).
- The budget is named whenever it covers one function, whatever the verdict.
- Each declared contradiction can happen, and when it does the report names it.
- A weak verdict says "not yet", with its lean, never "Build".

Random answer sets come from the same strategy as the property tests.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from advisor.answers import normalizer
from advisor.conditions import PolicyState
from advisor.engine import Result, evaluate
from advisor.model import Condition, Ruleset
from advisor.report import build_report, render
from tests.unit.test_properties import SETTINGS, answer_sets, default_ruleset

REPS = re.compile(r"\breps?\b|\bsalespeople\b|\bsellers?\b", re.IGNORECASE)


def normalised(ruleset: Ruleset, result: Result) -> dict[str, Any]:
    return {q: normalizer(ruleset.question(q))(raw) for q, raw in result.answers.items()}


def policy_state(ruleset: Ruleset, result: Result) -> PolicyState:
    return PolicyState(result.salesops, result.revops, result.thresholds, {r.id for r in result.fired_rules},
                       result.criteria, set(result.flags), len(result.unanswered))


# -- no reps, no rep talk -------------------------------------------------------------------------


@SETTINGS
@given(answers=answer_sets())
def test_no_rep_question_or_rep_step_without_reps(answers):
    ruleset = default_ruleset()
    result = evaluate(ruleset, {**answers, "sales_reps": 0})
    shown = [q for q in ruleset.questions if q.id not in result.hidden]
    for q in shown:
        assert not REPS.search(q.text()), f"`{q.id}` is asked of a company without reps: {q.text()!r}"
    report = build_report(ruleset, result, (), date="2026-12-01")
    for function in report["first_steps"]:
        for step in function["steps"]:
            assert not REPS.search(step["text"]), f"step `{step['id']}` for a company without reps"


def test_the_number_of_reps_is_asked_early():
    ruleset = default_ruleset()
    gated = [q for q in ruleset.questions if q.show_if is not None and "sales_reps" in q.show_if.reads]
    reps = ruleset.question("sales_reps")
    assert gated and reps.index < 3, "the question that unlocks the rep questions comes among the first three"


# -- reasons add up ---------------------------------------------------------------------------


@SETTINGS
@given(answers=answer_sets())
def test_every_agreeing_decision_that_holds_is_cited(answers):
    ruleset = default_ruleset()
    result = evaluate(ruleset, answers)
    if result.weak:
        return
    norm, state = normalised(ruleset, result), policy_state(ruleset, result)
    for decision in ruleset.policy.decisions:
        if decision.weak or decision.when is None or decision.recommend != result.recommendation \
                or decision.reason is None:
            continue
        if decision.when.test(norm, state) is True:
            assert set(decision.cites) <= result.cited, (decision.id, result.decision.id)


def test_each_both_criterion_decision_can_add_its_reason():
    for decision in default_ruleset().policy.decisions:
        if decision.recommend == "both" and {"B2", "B3", "B5"} & set(decision.cites):
            assert decision.reason is not None, decision.id


def test_keeping_reps_and_meeting_both_thresholds_cites_b2_and_b3():
    ruleset = default_ruleset()
    for case in ruleset.cases:
        result = evaluate(ruleset, case.answers)
        if result.decision.id == "both_needed" and "keeps_reps" in result.flags:
            assert {"B2", "B3"} <= result.cited, case.id
            break
    else:  # no case shows it: build one from the highest answers of every signalled question
        raise AssertionError("no example case keeps its reps and meets both thresholds")


# -- the budget ---------------------------------------------------------------------------------


@SETTINGS
@given(answers=answer_sets())
def test_the_budget_for_one_function_is_named_whatever_the_verdict(answers):
    ruleset = default_ruleset()
    result = evaluate(ruleset, {**answers, "budget": "one_function"})
    if "budget" in result.hidden:
        return
    assert any("B2" in note.cites for note in result.notes), result.outcome
    report = build_report(ruleset, result, (), date="2026-12-01")
    reasons = [r["text"] for r in report["recommendation"]["reasons"] if r["source"] == "note"]
    assert reasons, result.outcome
    markdown = render(report, "markdown")
    assert all(text.split(" ")[0] in markdown for text in reasons)


@given(outcome=st.sampled_from(["salesops", "revops", "both", "not_yet"]))
def test_each_outcome_has_a_budget_note(outcome):
    ruleset = default_ruleset()
    notes = [n for n in ruleset.policy.notes if "B2" in n.cites]
    state = PolicyState(0, 0, ruleset.policy.thresholds, set(), set(), set(), 0)
    state.outcome = outcome
    assert any(n.when.test({"budget": "one_function"}, state) is True for n in notes), outcome


# -- contradictions -----------------------------------------------------------------------------


def satisfying(ruleset: Ruleset, condition: Condition) -> dict[str, Any] | None:
    """Raw answers under which ``condition`` holds with every question it reads shown, by search."""
    needed: list[str] = []
    todo = list(condition.reads)
    while todo:
        qid = todo.pop()
        if qid in needed:
            continue
        needed.append(qid)
        show = ruleset.question(qid).show_if
        if show is not None:
            todo.extend(show.reads)
    needed.sort(key=lambda q: ruleset.question(q).index)
    domains = []
    for qid in needed:
        q = ruleset.question(qid)
        domains.append(list(ruleset.probes[qid]) if q.type != "multi" else
                       [list(c) for n in range(len(q.options) + 1) for c in itertools.combinations(q.option_values, n)])
    for combo in itertools.product(*domains):
        answers = dict(zip(needed, combo, strict=True))
        result = evaluate(ruleset, answers)
        if any(q in result.hidden for q in condition.reads):
            continue
        if condition.test(normalised(ruleset, result), None) is True:
            return answers
    return None


def test_at_least_eight_contradictions_are_declared():
    assert len(default_ruleset().policy.contradictions) >= 8


def test_each_contradiction_is_named_when_present():
    ruleset = default_ruleset()
    for contradiction in ruleset.policy.contradictions:
        answers = satisfying(ruleset, contradiction.when)
        assert answers is not None, f"`{contradiction.id}` can never happen"
        result = evaluate(ruleset, answers)
        assert contradiction in result.contradictions, contradiction.id
        report = build_report(ruleset, result, (), date="2026-12-01")
        named = [c for c in report["caveats"] if c["id"] == contradiction.id]
        assert named and named[0]["kind"] == "contradiction"
        text = contradiction.text()
        assert text.split(". ")[0][:40] in render(report, "markdown").replace("\n", " "), contradiction.id


# -- a weak verdict says so ---------------------------------------------------------------------


@SETTINGS
@given(answers=answer_sets())
def test_a_weak_verdict_says_not_yet_and_names_its_lean(answers):
    ruleset = default_ruleset()
    result = evaluate(ruleset, answers)
    report = build_report(ruleset, result, (), date="2026-12-01")
    verdict = report["recommendation"]
    if result.weak:
        assert verdict["outcome"] == "not_yet" and verdict["lean"] == result.recommendation
        assert "Build" not in verdict["title"]
        assert report["strength"]["level"] in ("emerging", "not_yet")
    else:
        assert verdict["outcome"] == result.recommendation and verdict["lean"] is None
