"""Properties of the engine and the report on random valid answer sets (hypothesis).

The strategy draws, for the default ruleset, any valid answer set: each
question unanswered or given a value of its type (an option, a boolean, a
number within its bounds, a list of distinct options). Hidden questions may
get answers too; the engine must ignore them.

Determinism is checked across processes as well: the examples and answer
sets drawn from a fixed seed are rendered by two Python processes with
different hash seeds, and the reports must be the same bytes.
"""

from __future__ import annotations

import functools
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.engine import evaluate, what_would_change
from advisor.loader import load_ruleset
from advisor.model import STRENGTHS, Question, Ruleset
from advisor.report import build_report, load_strings, render

ROOT = Path(__file__).resolve().parents[2]


# Loaded on first use, not at import: collecting this module must not read or write anything.
@functools.cache
def default_ruleset() -> Ruleset:
    return load_ruleset(ROOT / "rules")


@functools.cache
def strings() -> dict[str, Any]:
    return load_strings("en")


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
    for q in default_ruleset().questions:
        if everything or draw(st.booleans()):
            out[q.id] = draw(value_of(q))
    return out


def test_strategy_draws_valid_answers():
    @SETTINGS
    @given(answer_sets())
    def check(answers: dict[str, Any]) -> None:
        evaluate(default_ruleset(), answers)  # raises AnswersError if the strategy drew something invalid
    check()


# -- (a) signals are monotone --------------------------------------------------------------------

def signalled() -> list[Question]:
    return [q for q in default_ruleset().questions if q.signal is not None]


def test_ruleset_has_signals_on_both_sides():
    assert {q.signal for q in signalled()} == {"salesops", "revops"}


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
    ruleset = default_ruleset()
    before = evaluate(ruleset, answers)
    for q in signalled():
        if q.id not in answers:
            continue
        up = raised(q, answers[q.id], data.draw)
        if up is None:
            continue
        after = evaluate(ruleset, {**answers, q.id: up})
        side = q.signal
        other = "revops" if side == "salesops" else "salesops"
        context = f"{q.id}: {answers[q.id]!r} -> {up!r}"
        assert getattr(after, side) >= getattr(before, side), context
        # The strength of that side's need never drops (clear > emerging > not yet).
        assert STRENGTHS.index(after.strengths[side]) <= STRENGTHS.index(before.strengths[side]), (
            f"{context} lowered the {side} need from {before.strengths[side]} to {after.strengths[side]}")
        if before.recommendation != other:
            assert after.recommendation != other, (
                f"{context} turned {before.recommendation} ({before.decision.id}) into {other} "
                f"({after.decision.id})")


# -- (b) the Why section cites exactly the fired criteria --------------------------------------------

HEADING = re.compile(r"^### ([A-Z][0-9]*) · ", re.MULTILINE)
CITES = re.compile(r"\(((?:[SRBD][0-9]+|M)(?:, (?:[SRBD][0-9]+|M))*); \+[0-9]+ ")


def why_section(markdown: str) -> str:
    start = markdown.index(f"\n## {strings()['headings']['why']}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start:end if end != -1 else None]


@SETTINGS
@given(answers=answer_sets())
def test_why_section_cites_exactly_the_fired_criteria(answers):
    ruleset = default_ruleset()
    result = evaluate(ruleset, answers)
    report = build_report(ruleset, result, (), date="2026-12-01")
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
def test_evaluation_and_report_do_not_depend_on_earlier_calls(answers):
    """Within one process: evaluating again, on a copy, gives the same result and the same report."""
    ruleset = default_ruleset()
    first = evaluate(ruleset, answers)
    second = evaluate(ruleset, dict(answers))
    assert first == second
    assert [f.id for f in first.fired] == [f.id for f in second.fired]
    changes = what_would_change(ruleset, answers, first)
    assert changes == what_would_change(ruleset, dict(answers), second)
    for kind in ("markdown", "json"):
        texts = [render(build_report(ruleset, r, changes, date="2026-12-01"), kind) for r in (first, second)]
        assert texts[0] == texts[1]


# The order of a set of strings changes with the hash seed, and so between two runs of the
# advisor; one process cannot see a report that follows it. Two processes with different seeds can.
HASH_SEEDS = ("0", "12345")
RANDOM_ANSWER_SETS = 12

# Renders each answers file in both formats with `advisor evaluate`; prints hash("advisor") to show the seed.
RENDER_ALL = """
import json, sys
from advisor.cli import main
print(hash("advisor"))
for answers, out in json.loads(sys.argv[1]):
    for kind, suffix in (("markdown", ".md"), ("json", ".json")):
        code = main(["evaluate", answers, "--format", kind, "--date", "2026-12-01", "-o", out + suffix])
        if code:
            sys.exit(code)
"""


def random_answers(ruleset: Ruleset, rng: random.Random) -> dict[str, Any]:
    """A valid answer set drawn with ``rng``: each question answered or not, as answer_sets() does."""
    everything = rng.random() < 0.3
    out: dict[str, Any] = {}
    for q in ruleset.questions:
        if not everything and rng.random() < 0.3:
            continue
        if q.type in ("choice", "scale"):
            out[q.id] = rng.choice(q.option_values)
        elif q.type == "yesno":
            out[q.id] = rng.random() < 0.5
        elif q.type == "number":
            lo = int(q.minimum) if q.minimum is not None else 0
            hi = int(q.maximum) if q.maximum is not None else 1_000_000
            out[q.id] = rng.randint(lo, min(lo + 12, hi)) if rng.random() < 0.8 else rng.randint(lo, hi)
            if not q.integer:
                out[q.id] += rng.randint(0, 99) / 100
        else:
            size = rng.randint(q.min_choices, q.max_choices if q.max_choices is not None else len(q.options))
            out[q.id] = rng.sample(list(q.option_values), size)
    return out


def test_reports_are_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    ruleset = default_ruleset()
    inputs = tmp_path / "answers"
    inputs.mkdir()
    files = []
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        files.append(inputs / example.name)
        shutil.copy(example, files[-1])
    rng = random.Random(20261201)
    for number in range(RANDOM_ANSWER_SETS):
        files.append(inputs / f"random-{number:02}.json")
        doc = {"company": f"Random {number}", "answers": random_answers(ruleset, rng)}
        files[-1].write_text(json.dumps(doc), encoding="utf-8")
    assert len(files) > RANDOM_ANSWER_SETS

    hashes = []
    for seed in HASH_SEEDS:
        out = tmp_path / f"seed-{seed}"
        out.mkdir()
        jobs = [(str(f), str(out / f.stem)) for f in files]
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        proc = subprocess.run([sys.executable, "-c", RENDER_ALL, json.dumps(jobs)], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        hashes.append(proc.stdout.strip())
    assert hashes[0] != hashes[1], "the two processes must run with different hash seeds"

    first, second = (sorted((tmp_path / f"seed-{seed}").iterdir()) for seed in HASH_SEEDS)
    assert [p.name for p in first] == [p.name for p in second]
    assert len(first) == 2 * len(files)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between PYTHONHASHSEED={HASH_SEEDS}"


# -- (d) scores stay within the computed maxima ----------------------------------------------------------

@SETTINGS
@given(answers=answer_sets())
def test_scores_within_maxima(answers):
    ruleset = default_ruleset()
    result = evaluate(ruleset, answers)
    assert 0 <= result.salesops <= ruleset.max_scores["salesops"]
    assert 0 <= result.revops <= ruleset.max_scores["revops"]
    assert (result.salesops_max, result.revops_max) == (ruleset.max_scores["salesops"],
                                                         ruleset.max_scores["revops"])
    assert result.salesops == sum(f.salesops for f in result.fired)
    assert result.revops == sum(f.revops for f in result.fired)


@pytest.mark.parametrize("side, answers", [
    ("salesops", {"company_stage": "first_customers", "marketing_reach": "none", "sales_motion": "field_sales",
                  "sales_reps": 5, "direct_sales_results": "excellent", "product_complexity": "complex",
                  "deal_size": "over_50k", "sales_cycle": "over_three_months", "rep_admin_share": "over_35",
                  "reps_below_target": "half", "rep_training": "major_gaps", "rep_reactivity": "mostly_reactive",
                  "reactivity_plan": False, "audience_building_difficulty": "hard"}),
    ("revops", {"company_stage": "growing", "marketing_reach": "none", "sales_motion": "self_serve",
                "sales_reps": 1, "growth_ambition": "all_revenue_teams",
                "revenue_teams": ["marketing", "customer_success"], "team_communication": "frequent_problems",
                "lead_quality": "poor", "tools_split": "separate",
                "revenue_sources": ["retention", "upsell", "new_segments"], "market_pace": "fast",
                "lead_runway": "running_out", "growth_strategy": "none", "revenue_trend": "stalled_unknown_cause",
                "revenue_attribution": "unknown"}),
])
def test_maxima_are_reached(side, answers):
    """The maxima are exact: the header of rules.yaml says 23 and 30, and these answers reach them."""
    ruleset = default_ruleset()
    assert ruleset.max_scores == {"salesops": 23, "revops": 30}
    result = evaluate(ruleset, answers)
    assert getattr(result, side) == ruleset.max_scores[side]
