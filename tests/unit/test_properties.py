"""Properties of the engine and the report on random valid answer sets (hypothesis).

The strategy draws, for the default ruleset, any valid answer set: each
question unanswered or given a value of its type (an option, a boolean, a
number within its bounds, a list of distinct options). Hidden questions may
get answers too; the engine must ignore them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.engine import evaluate, what_would_change
from advisor.loader import load_ruleset
from advisor.model import Question
from advisor.report import build_report, load_strings, render

RULESET = load_ruleset(Path(__file__).resolve().parents[2] / "rules")
STRINGS = load_strings("en")
SETTINGS = settings(max_examples=150, deadline=None, derandomize=False,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def value_of(q: Question) -> st.SearchStrategy[Any]:
    """A valid answer for ``q``."""
    if q.type in ("choice", "scale"):
        return st.sampled_from(q.option_values)
    if q.type == "yesno":
        return st.booleans()
    if q.type == "number":
        lo = q.minimum if q.minimum is not None else -1e6
        hi = q.maximum if q.maximum is not None else 1e6
        if q.integer:
            lo_i, hi_i = int(lo), int(hi)
            # small numbers are where the conditions are; the whole range now and then
            return st.one_of(st.integers(lo_i, min(lo_i + 12, hi_i)), st.integers(lo_i, hi_i))
        return st.floats(lo, hi, allow_nan=False, allow_infinity=False)
    max_size = q.max_choices if q.max_choices is not None else len(q.options)
    return st.lists(st.sampled_from(q.option_values), unique=True, min_size=q.min_choices, max_size=max_size)


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Any]:
    """A random valid answer set: every question answered, or each one maybe."""
    everything = draw(st.booleans())
    out: dict[str, Any] = {}
    for q in RULESET.questions:
        if everything or draw(st.booleans()):
            out[q.id] = draw(value_of(q))
    return out


def test_strategy_draws_valid_answers():
    @SETTINGS
    @given(answer_sets())
    def check(answers: dict[str, Any]) -> None:
        evaluate(RULESET, answers)  # raises AnswersError if the strategy drew something invalid
    check()


# -- (a) signals are monotone --------------------------------------------------------------------

SIGNALLED = [q for q in RULESET.questions if q.signal is not None]


def test_ruleset_has_signals_on_both_sides():
    assert {q.signal for q in SIGNALLED} == {"salesops", "revops"}


def raised(q: Question, value: Any, draw: st.DrawFn) -> Any:
    """The answer one step up, or None when there is no higher answer."""
    if q.type == "scale":
        index = q.option_values.index(value)
        return q.option_values[index + 1] if index + 1 < len(q.options) else None
    if q.type == "yesno":
        return True if value is False else None
    if q.type == "number":
        hi = q.maximum if q.maximum is not None else value + 1e6
        if value >= hi:
            return None
        if q.integer:
            return draw(st.integers(int(value) + 1, int(hi)))
        return draw(st.floats(value, hi, exclude_min=True, allow_nan=False, allow_infinity=False))
    raise AssertionError(f"{q.type} questions cannot carry a signal")


@SETTINGS
@given(answers=answer_sets(), data=st.data())
def test_raising_a_signal_never_works_against_it(answers, data):
    before = evaluate(RULESET, answers)
    for q in SIGNALLED:
        if q.id not in answers:
            continue
        up = raised(q, answers[q.id], data.draw)
        if up is None:
            continue
        after = evaluate(RULESET, {**answers, q.id: up})
        side = q.signal
        other = "revops" if side == "salesops" else "salesops"
        context = f"{q.id}: {answers[q.id]!r} -> {up!r}"
        assert getattr(after, side) >= getattr(before, side), context
        if before.recommendation != other:
            assert after.recommendation != other, (
                f"{context} turned {before.recommendation} ({before.decision.id}) into {other} "
                f"({after.decision.id})")


# -- (b) the Why section cites exactly the fired criteria --------------------------------------------

HEADING = re.compile(r"^### ([A-Z][0-9]*) · ", re.MULTILINE)
CITES = re.compile(r"\(((?:[SRBD][0-9]+|M)(?:, (?:[SRBD][0-9]+|M))*); \+[0-9]+ ")


def why_section(markdown: str) -> str:
    start = markdown.index(f"\n## {STRINGS['headings']['why']}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start:end if end != -1 else None]


@SETTINGS
@given(answers=answer_sets())
def test_why_section_cites_exactly_the_fired_criteria(answers):
    result = evaluate(RULESET, answers)
    report = build_report(RULESET, result, (), date="2026-12-01")
    section = why_section(render(report, "markdown"))
    headings = HEADING.findall(section)
    cite_lists = CITES.findall(section)
    ids = set(headings) | {c for group in cite_lists for c in group.split(", ")}
    assert ids == set(result.criteria)
    assert set(report["criteria"]) == set(result.criteria)
    # one heading per criterion a fired rule cites first, one paragraph per fired rule
    assert sorted(headings) == sorted({f.cites[0] for f in result.fired})
    assert len(cite_lists) == len(result.fired)


# -- (c) determinism ------------------------------------------------------------------------------

@SETTINGS
@given(answers=answer_sets())
def test_evaluation_and_report_are_deterministic(answers):
    first = evaluate(RULESET, answers)
    second = evaluate(RULESET, dict(answers))
    assert first == second
    assert [f.id for f in first.fired] == [f.id for f in second.fired]
    changes = what_would_change(RULESET, answers, first)
    assert changes == what_would_change(RULESET, dict(answers), second)
    texts = [render(build_report(RULESET, r, changes, date="2026-12-01"), "markdown") for r in (first, second)]
    assert texts[0] == texts[1]
    assert texts[0].encode() == render(build_report(RULESET, first, changes, date="2026-12-01"), "markdown").encode()
    jsons = [render(build_report(RULESET, r, changes, date="2026-12-01"), "json") for r in (first, second)]
    assert jsons[0] == jsons[1]


# -- (d) scores stay within the computed maxima ----------------------------------------------------------

@SETTINGS
@given(answers=answer_sets())
def test_scores_within_maxima(answers):
    result = evaluate(RULESET, answers)
    assert 0 <= result.salesops <= RULESET.max_scores["salesops"]
    assert 0 <= result.revops <= RULESET.max_scores["revops"]
    assert (result.salesops_max, result.revops_max) == (RULESET.max_scores["salesops"],
                                                         RULESET.max_scores["revops"])
    assert result.salesops == sum(f.salesops for f in result.fired)
    assert result.revops == sum(f.revops for f in result.fired)


@pytest.mark.parametrize("side, answers", [
    ("salesops", {"company_stage": "first_customers", "marketing_reach": "none", "sales_motion": "field_sales",
                  "sales_reps": 5, "direct_sales_results": "excellent", "product_complexity": "complex",
                  "deal_size": "over_50k", "sales_cycle": "over_three_months", "rep_admin_share": "over_35",
                  "reps_below_target": "half", "rep_reactivity": "mostly_reactive", "reactivity_plan": False,
                  "audience_building_difficulty": "hard"}),
    ("revops", {"company_stage": "growing", "marketing_reach": "none", "sales_motion": "self_serve",
                "growth_ambition": "all_revenue_teams", "revenue_teams": ["marketing"],
                "team_communication": "frequent_problems", "market_pace": "fast", "lead_runway": "running_out",
                "growth_strategy": "none", "revenue_trend": "stalled_unknown_cause"}),
])
def test_maxima_are_reached(side, answers):
    """The maxima are exact: the header of rules.yaml says 22 and 20, and these answers reach them."""
    assert RULESET.max_scores == {"salesops": 22, "revops": 20}
    result = evaluate(RULESET, answers)
    assert getattr(result, side) == RULESET.max_scores[side]
