"""The decision engine on the default ruleset: rules, decisions, phasing,
confidence, hidden questions, errors, immutability and "what would change".

Every answer set below is worked out by hand from rules/rules.yaml and
rules/policy.yaml; the comments give the points (S = SalesOps, R = RevOps;
both thresholds are 8).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest

from advisor.engine import Result, evaluate, what_would_change
from advisor.errors import AnswersError
from advisor.loader import load_ruleset
from advisor.report import build_report, render

RULES = Path(__file__).resolve().parents[2] / "rules"

# ---------------------------------------------------------------------------------------------
# Criteria: a minimal answer set that fires a rule citing each criterion, and the same set
# without the answer that triggers it.
# ---------------------------------------------------------------------------------------------

# (criterion, rule that fires, minimal answers, the triggering answer to remove)
FIRING = [
    ("S1", "s1_early_no_audience", {"company_stage": "first_customers", "marketing_reach": "none"},
     "marketing_reach"),
    ("S1", "s1_early_no_audience", {"company_stage": "idea_or_pre_revenue", "marketing_reach": "small"},
     "company_stage"),
    ("S2", "s2_audience_slow", {"audience_building_difficulty": "moderate"}, "audience_building_difficulty"),
    ("S2", "s2_audience_hard", {"audience_building_difficulty": "hard"}, "audience_building_difficulty"),
    ("S2", "s2_rep_driven_motion", {"sales_motion": "field_sales"}, "sales_motion"),
    ("S2", "s2_rep_driven_motion", {"sales_motion": "inside_sales"}, "sales_motion"),
    # S3: direct_sales_results is only asked when there are reps or a rep/founder-led motion
    ("S3", "s3_direct_sales_good", {"sales_reps": 1, "direct_sales_results": "good"}, "direct_sales_results"),
    ("S3", "s3_direct_sales_excellent", {"sales_motion": "founder_led", "direct_sales_results": "excellent"},
     "direct_sales_results"),
    ("S4", "s4_moderately_complex_product", {"product_complexity": "moderate"}, "product_complexity"),
    ("S4", "s4_complex_product", {"product_complexity": "complex"}, "product_complexity"),
    ("S4", "s4_large_deals", {"deal_size": "10k_to_50k"}, "deal_size"),
    ("S4", "s4_long_cycle", {"sales_cycle": "one_to_three_months"}, "sales_cycle"),
    # S5-S7: the rep questions need sales_reps > 0
    ("S5", "s5_admin_heavy", {"sales_reps": 2, "rep_admin_share": "20_to_35"}, "rep_admin_share"),
    ("S5", "s5_admin_severe", {"sales_reps": 2, "rep_admin_share": "over_35"}, "rep_admin_share"),
    ("S6", "s6_some_below_target", {"sales_reps": 2, "reps_below_target": "some"}, "reps_below_target"),
    ("S6", "s6_many_below_target", {"sales_reps": 2, "reps_below_target": "half"}, "reps_below_target"),
    ("S7", "s7_reactive_reps", {"sales_reps": 2, "rep_reactivity": "mostly_reactive"}, "rep_reactivity"),
    ("S7", "s7_no_reactivity_plan",
     {"sales_reps": 2, "rep_reactivity": "mixed", "reactivity_plan": False}, "reactivity_plan"),
    ("R1", "r1_sales_and_marketing", {"growth_ambition": "sales_and_marketing"}, "growth_ambition"),
    ("R1", "r1_all_revenue_teams", {"growth_ambition": "all_revenue_teams"}, "growth_ambition"),
    ("R1", "r1_teams_in_place", {"revenue_teams": ["customer_success"], "growth_ambition": "all_revenue_teams"},
     "growth_ambition"),
    ("R2", "r2_frequent_problems", {"team_communication": "frequent_problems"}, "team_communication"),
    ("R2", "r2_some_friction", {"team_communication": "some_friction"}, "team_communication"),
    ("R2", "r2_communication_unknown", {"team_communication": "not_sure"}, "team_communication"),
    ("R3", "r3_market_changing", {"market_pace": "changing"}, "market_pace"),
    ("R3", "r3_market_fast", {"market_pace": "fast"}, "market_pace"),
    ("R4", "r4_leads_few_months", {"lead_runway": "few_months"}, "lead_runway"),
    ("R4", "r4_leads_running_out", {"lead_runway": "running_out"}, "lead_runway"),
    ("R4", "r4_no_audience_past_early_stage", {"company_stage": "scaling", "marketing_reach": "none"},
     "marketing_reach"),
    ("R5", "r5_strategy_unowned", {"growth_strategy": "unowned"}, "growth_strategy"),
    ("R5", "r5_no_strategy", {"growth_strategy": "none"}, "growth_strategy"),
    ("R6", "r6_unknown_cause", {"revenue_trend": "stalled_unknown_cause"}, "revenue_trend"),
    ("D4", "d4_self_serve", {"sales_motion": "self_serve"}, "sales_motion"),
]


def _id(entry: tuple[Any, ...]) -> str:
    return f"{entry[0]}-{entry[1]}-{entry[3]}"


@pytest.mark.parametrize("criterion, rule_id, answers, trigger", FIRING, ids=[_id(e) for e in FIRING])
def test_rule_fires_on_minimal_answers(ruleset, criterion, rule_id, answers, trigger):
    result = evaluate(ruleset, answers)
    fired = {f.id for f in result.fired}
    assert rule_id in fired
    assert criterion in result.criteria
    assert criterion in ruleset.rule_by_id[rule_id].cites
    # the rule's points are counted
    rule = ruleset.rule_by_id[rule_id]
    assert result.salesops >= rule.salesops and result.revops >= rule.revops


@pytest.mark.parametrize("criterion, rule_id, answers, trigger", FIRING, ids=[_id(e) for e in FIRING])
def test_rule_does_not_fire_without_trigger(ruleset, criterion, rule_id, answers, trigger):
    reduced = {k: v for k, v in answers.items() if k != trigger}
    result = evaluate(ruleset, reduced)
    assert rule_id not in {f.id for f in result.fired}
    # nothing else in the minimal set cites the criterion
    assert criterion not in result.criteria
    assert trigger in result.unanswered or trigger in result.hidden


def test_firing_table_covers_every_rule_and_criterion(ruleset):
    assert {e[1] for e in FIRING} == {r.id for r in ruleset.rules}
    cited = {c for r in ruleset.rules for c in r.cites if c[0] in "SR"}
    assert cited == {f"S{i}" for i in range(1, 8)} | {f"R{i}" for i in range(1, 7)}
    assert {e[0] for e in FIRING} >= cited


@pytest.mark.parametrize("criterion, answers", [
    ("S5", {"sales_reps": 0, "rep_admin_share": "over_35"}),
    ("S6", {"sales_reps": 0, "reps_below_target": "most"}),
    ("S7", {"sales_reps": 0, "rep_reactivity": "mostly_reactive"}),
    ("S5", {"rep_admin_share": "over_35"}),                          # sales_reps unanswered: not shown either
    ("S3", {"sales_motion": "self_serve", "sales_reps": 0, "direct_sales_results": "excellent"}),
    ("S7", {"sales_reps": 3, "rep_reactivity": "proactive", "reactivity_plan": False}),
])
def test_gated_rule_does_not_fire_when_question_hidden(ruleset, criterion, answers):
    result = evaluate(ruleset, answers)
    assert criterion not in result.criteria
    gated = [q for q in answers if q in result.hidden]
    assert gated, "the gated question should be hidden"
    assert set(gated) <= set(result.ignored)


def test_other_value_does_not_fire(ruleset):
    # below the rule's level, nothing fires
    result = evaluate(ruleset, {"sales_reps": 2, "rep_admin_share": "10_to_20", "reps_below_target": "few",
                                "rep_reactivity": "proactive"})
    assert result.fired == ()
    assert result.salesops == 0 and result.revops == 0


# ---------------------------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------------------------

# Every question answered, nothing fires, no flag but keeps_reps: S = 0, R = 0.
NEUTRAL: dict[str, Any] = {
    "company_stage": "growing",
    "marketing_reach": "moderate",
    "sales_motion": "hybrid",
    "sales_reps": 4,
    "direct_sales_results": "mixed",
    "product_complexity": "simple",
    "deal_size": "1k_to_10k",
    "sales_cycle": "weeks",
    "rep_admin_share": "10_to_20",
    "reps_below_target": "few",
    "rep_reactivity": "proactive",
    "audience_building_difficulty": "easy",
    "market_pace": "stable",
    "lead_runway": "years",
    "revenue_teams": ["marketing"],
    "growth_ambition": "sales_only",
    "team_communication": "smooth",
    "growth_strategy": "owned",
    "revenue_trend": "growing_as_planned",
    "budget": "both_functions",
    "rep_future": "keep_reps",
}

# S = 2 (hard) + 1 (field) + 3 (excellent) + 2 (complex) = 8
SALESOPS_8 = {"audience_building_difficulty": "hard", "sales_motion": "field_sales",
              "direct_sales_results": "excellent", "product_complexity": "complex"}
# R = 3 (all teams) + 1 (teams in place) + 3 (frequent problems) + 2 (fast market) = 9
REVOPS_9 = {"growth_ambition": "all_revenue_teams", "team_communication": "frequent_problems",
            "market_pace": "fast"}
# S = 2 (complex) + 1 (over $50k) + 1 (over three months) = 4
SALESOPS_4 = {"product_complexity": "complex", "deal_size": "over_50k", "sales_cycle": "over_three_months"}
# the deep sales problem: two of heavy admin, most below target, reactive reps; S = 3 + 3 = 6
DEEP = {"rep_admin_share": "over_35", "reps_below_target": "most"}


def answers(*overlays: dict[str, Any], **extra: Any) -> dict[str, Any]:
    out = dict(NEUTRAL)
    for overlay in overlays:
        out.update(overlay)
    out.update(extra)
    return out


def test_neutral_answers_score_nothing(ruleset):
    result = evaluate(ruleset, NEUTRAL)
    assert (result.salesops, result.revops) == (0, 0)
    assert result.fired == ()
    assert result.unanswered == ()
    assert result.hidden == ("reactivity_plan",)
    assert result.flags == {"keeps_reps"}
    assert result.caveats == ()


# (decision id, answers, S, R, recommendation, first, phased)
DECISIONS = [
    ("both_unknown_cause_deep_sales", answers(DEEP, revenue_trend="stalled_unknown_cause"),
     6, 3, "both", "salesops", False),
    ("both_unknown_cause_deep_sales",
     answers(DEEP, revenue_trend="stalled_unknown_cause", budget="one_function"), 6, 3, "both", "salesops", True),
    # B5 wins even over the B3 path (needs RevOps, automating, SalesOps not needed)
    ("both_unknown_cause_deep_sales",
     answers(DEEP, REVOPS_9, revenue_trend="stalled_unknown_cause", rep_future="automate"),
     6, 12, "both", "revops", False),
    ("revops_absorbs_sales", answers(REVOPS_9, rep_future="automate"), 0, 9, "revops", None, False),
    ("revops_absorbs_sales", answers(REVOPS_9, SALESOPS_4, rep_future="automate", budget="one_function"),
     4, 9, "revops", None, False),
    ("both_needed", answers(SALESOPS_8, REVOPS_9), 8, 9, "both", "revops", False),
    ("both_needed", answers(SALESOPS_8, REVOPS_9, budget="one_function"), 8, 9, "both", "revops", True),
    ("both_keep_reps", answers(REVOPS_9, SALESOPS_4), 4, 9, "both", "revops", False),
    ("both_keep_reps", answers(REVOPS_9, SALESOPS_4, rep_future="grow_reps", budget="one_function"),
     4, 9, "both", "revops", True),
    # keeps reps but SalesOps score 3 < 4: RevOps alone
    ("revops_needed", answers(REVOPS_9, product_complexity="complex", deal_size="over_50k"),
     3, 9, "revops", None, False),
    # SalesOps 4, but no reps kept (no reps at all): RevOps alone
    ("revops_needed", answers(REVOPS_9, SALESOPS_4, sales_reps=0, sales_motion="self_serve"),
     4, 10, "revops", None, False),
    ("salesops_needed", answers(SALESOPS_8), 8, 0, "salesops", None, False),
    ("salesops_needed", answers(SALESOPS_8, rep_future="automate"), 8, 0, "salesops", None, False),
    ("weak_early", answers(company_stage="first_customers", market_pace="fast"), 0, 2, "salesops", None, False),
    ("weak_tie", answers(), 0, 0, "salesops", None, False),
    ("weak_tie", answers(market_pace="fast", product_complexity="complex"), 2, 2, "salesops", None, False),
    ("weak_revops_lead", answers(market_pace="fast"), 0, 2, "revops", None, False),
    ("weak_salesops_lead", answers(product_complexity="complex"), 2, 0, "salesops", None, False),
]


@pytest.mark.parametrize("decision, given, s, r, recommend, first, phased", DECISIONS,
                         ids=[f"{d[0]}-{i}" for i, d in enumerate(DECISIONS)])
def test_decision_paths(ruleset, decision, given, s, r, recommend, first, phased):
    result = evaluate(ruleset, given)
    assert (result.salesops, result.revops) == (s, r)
    assert result.decision.id == decision
    assert result.recommendation == recommend
    assert result.first == first
    assert result.phased is phased
    assert (result.recommendation, result.first, result.phased) == (recommend, first, phased)
    if recommend != "both":
        assert result.phase_step is None


def test_every_decision_is_exercised(ruleset):
    assert {d[0] for d in DECISIONS} == {d.id for d in ruleset.policy.decisions}


@pytest.mark.parametrize("decision, cite", [
    ("both_unknown_cause_deep_sales", "B5"), ("revops_absorbs_sales", "B3"), ("both_needed", "B2"),
    ("both_keep_reps", "B3"), ("weak_early", "D2"),
])
def test_decision_cites(ruleset, decision, cite):
    given = next(d[1] for d in DECISIONS if d[0] == decision)
    result = evaluate(ruleset, given)
    assert result.decision.id == decision
    assert cite in result.decision.cites
    assert cite in result.cited


def test_weak_decisions_are_flagged_weak(ruleset):
    for decision, given, *_ in DECISIONS:
        result = evaluate(ruleset, given)
        assert result.weak is decision.startswith("weak_"), decision
        if result.weak:
            assert result.confidence == "low"


def test_deep_sales_problem_needs_two_signs(ruleset):
    one_sign = evaluate(ruleset, answers(rep_admin_share="over_35", revenue_trend="stalled_unknown_cause"))
    assert "deep_sales_problem" not in one_sign.flags
    assert one_sign.decision.id != "both_unknown_cause_deep_sales"
    two_signs = evaluate(ruleset, answers(rep_admin_share="20_to_35", rep_reactivity="mostly_reactive",
                                          reactivity_plan=True, revenue_trend="stalled_unknown_cause"))
    assert "deep_sales_problem" in two_signs.flags
    assert two_signs.decision.id == "both_unknown_cause_deep_sales"


def test_deep_sales_problem_without_r6_is_not_b5(ruleset):
    result = evaluate(ruleset, answers(DEEP, revenue_trend="stalled_known_cause"))
    assert "deep_sales_problem" in result.flags
    assert result.decision.id == "weak_salesops_lead"
    assert "B5" not in result.cited


def test_unanswered_r6_is_not_b5(ruleset):
    given = answers(DEEP)
    del given["revenue_trend"]
    result = evaluate(ruleset, given)
    assert result.decision.id != "both_unknown_cause_deep_sales"
    assert "revenue_trend" in result.unanswered


# ---------------------------------------------------------------------------------------------
# Phasing: which function comes first when both are recommended
# ---------------------------------------------------------------------------------------------

# Early company with no audience: S = 3 (S1) + 2 (hard) + 2 (complex) + 1 + 1 = 9
EARLY_SALESOPS = {"company_stage": "first_customers", "marketing_reach": "none",
                  "audience_building_difficulty": "hard", "product_complexity": "complex",
                  "deal_size": "over_50k", "sales_cycle": "over_three_months"}


@pytest.mark.parametrize("given, first, cites, why", [
    # both_needed with S 9 = R 9; early stage puts SalesOps first
    (answers(EARLY_SALESOPS, REVOPS_9), "salesops", ("D2",), "early stage"),
    # early stage wins over automating
    (answers(EARLY_SALESOPS, REVOPS_9, rep_future="automate"), "salesops", ("D2",), "early beats automating"),
    # automating: RevOps first, even though SalesOps leads (S 10 > R 9)
    (answers(SALESOPS_8, SALESOPS_4, REVOPS_9, rep_future="automate"), "revops", ("B3",), "automating"),
    # deep sales problem: SalesOps first even though RevOps leads (S 14 < R 15)
    (answers(SALESOPS_8, DEEP, REVOPS_9, lead_runway="running_out", growth_strategy="none"),
     "salesops", ("B5",), "deep sales problem"),
    # R4 fired and RevOps leads: RevOps first, citing R4 (S 8 < R 12)
    (answers(SALESOPS_8, REVOPS_9, lead_runway="running_out"), "revops", ("R4", "D4"), "leads running out"),
    # RevOps leads without R4 (S 8 < R 9)
    (answers(SALESOPS_8, REVOPS_9), "revops", ("B2",), "revops leads"),
    # R4 fired but SalesOps leads (S 13 > R 11): the default order
    (answers(SALESOPS_8, SALESOPS_4, REVOPS_9, rep_admin_share="over_35", lead_runway="few_months"),
     "salesops", ("D2",), "default"),
    # a tie, not early, not automating, no deep problem: the default order
    (answers(SALESOPS_8, REVOPS_9, deal_size="over_50k"), "salesops", ("D2",), "tie"),
])
def test_phasing_order(ruleset, given, first, cites, why):
    result = evaluate(ruleset, given)
    assert result.recommendation == "both", why
    assert result.decision.id == "both_needed", why
    assert result.first == first, why
    assert result.phase_step is not None
    assert result.phase_step.first == first
    assert result.phase_step.cites == cites, why
    assert set(cites) <= result.cited


@pytest.mark.parametrize("budget, phased", [("one_function", True), ("both_functions", False),
                                            ("not_sure", False), (None, False)])
def test_phased_only_with_budget_for_one(ruleset, budget, phased):
    given = answers(SALESOPS_8, REVOPS_9)
    if budget is None:
        del given["budget"]
    else:
        given["budget"] = budget
    result = evaluate(ruleset, given)
    assert result.recommendation == "both"
    assert result.phased is phased
    assert result.first == "revops"          # the order is given whether phased or not


def test_single_function_has_no_order(ruleset):
    for given in (answers(SALESOPS_8, budget="one_function"), answers(REVOPS_9, budget="one_function")):
        result = evaluate(ruleset, given)
        assert result.recommendation != "both"
        assert (result.first, result.phased, result.phase_step) == (None, False, None)


# ---------------------------------------------------------------------------------------------
# Confidence
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("given, s, margin, level", [
    # salesops_needed: margin = min(S - 8, 8 - R), R = 0
    (answers(SALESOPS_8), 8, 0, "low"),
    (answers(SALESOPS_8, deal_size="over_50k"), 9, 1, "low"),
    (answers(SALESOPS_8, deal_size="over_50k", sales_cycle="over_three_months"), 10, 2, "medium"),
    (answers(SALESOPS_8, deal_size="over_50k", sales_cycle="over_three_months", reps_below_target="some"),
     11, 3, "medium"),
    (answers(SALESOPS_8, rep_admin_share="over_35", deal_size="over_50k"), 12, 4, "high"),
    (answers(SALESOPS_8, rep_admin_share="over_35", reps_below_target="half"), 14, 6, "high"),
])
def test_confidence_from_margin_bands(ruleset, given, s, margin, level):
    result = evaluate(ruleset, given)
    assert result.decision.id == "salesops_needed"
    assert result.salesops == s
    assert result.margin == margin
    assert result.caveats == ()
    assert result.confidence == level


def test_margin_is_the_smallest_term(ruleset):
    # salesops_needed hinges on salesops_over and revops_under: S 14, R 6 -> min(6, 2) = 2
    given = answers(SALESOPS_8, rep_admin_share="over_35", reps_below_target="half",
                    growth_ambition="all_revenue_teams", market_pace="fast")
    result = evaluate(ruleset, given)
    assert (result.salesops, result.revops) == (14, 6)
    assert result.decision.id == "salesops_needed"
    assert result.margin == 2
    assert result.confidence == "medium"


def test_fixed_confidence_ignores_margin(ruleset):
    result = evaluate(ruleset, answers(DEEP, revenue_trend="stalled_unknown_cause"))
    assert result.decision.id == "both_unknown_cause_deep_sales"
    assert result.margin is None
    assert result.confidence == "medium"


def test_caveat_lowers_confidence_one_level(ruleset):
    # excellent direct sales yet most reps miss targets: S 14 -> margin 6, high, lowered to medium
    plain = evaluate(ruleset, answers(SALESOPS_8, rep_admin_share="over_35", reps_below_target="half"))
    caveat = evaluate(ruleset, answers(SALESOPS_8, rep_admin_share="over_35", reps_below_target="most"))
    assert plain.salesops == caveat.salesops == 14
    assert plain.confidence == "high" and plain.caveats == ()
    assert [c.id for c in caveat.caveats] == ["strong_sales_yet_missing_targets"]
    assert caveat.margin == 6
    assert caveat.confidence == "medium"


def test_caveat_lowers_medium_to_low(ruleset):
    given = answers(SALESOPS_8, deal_size="over_50k", sales_cycle="over_three_months", reps_below_target="most")
    result = evaluate(ruleset, given)   # S 13 -> margin 5 -> high -> medium
    assert result.salesops == 13 and result.confidence == "medium"
    given = answers(SALESOPS_8, reps_below_target="most")     # S 11 -> margin 3 -> medium -> low
    result = evaluate(ruleset, given)
    assert result.margin == 3
    assert result.confidence == "low"


def test_two_lowering_caveats_lower_only_once(ruleset):
    # both contradiction caveats hold; S 13 -> margin 5 -> high, and only one level down
    given = answers(SALESOPS_8, deal_size="over_50k", sales_cycle="over_three_months",
                    reps_below_target="most", rep_future="automate")
    result = evaluate(ruleset, given)
    assert result.decision.id == "salesops_needed"
    assert {c.id for c in result.caveats} == {"strong_sales_yet_missing_targets", "automating_a_complex_sale"}
    assert result.margin == 5
    assert result.confidence == "medium"


def test_caveat_lowers_fixed_confidence(ruleset):
    # both_unknown_cause_deep_sales is fixed at medium; four unanswered questions lower it
    given = answers(DEEP, revenue_trend="stalled_unknown_cause")
    for q in ("market_pace", "lead_runway", "deal_size", "sales_cycle"):
        del given[q]
    result = evaluate(ruleset, given)
    assert result.decision.id == "both_unknown_cause_deep_sales"
    assert [c.id for c in result.caveats] == ["many_unanswered"]
    assert result.confidence == "low"


def test_gap_caveat_without_lowering_keeps_confidence(ruleset):
    given = answers(SALESOPS_8, rep_admin_share="over_35", reps_below_target="half",
                    team_communication="not_sure", budget="not_sure")
    result = evaluate(ruleset, given)   # S 14, R 1 -> margin 6
    assert {c.id for c in result.caveats} == {"communication_unknown", "budget_unknown"}
    assert result.confidence == "high"


def test_many_unanswered_counts_only_shown_questions(ruleset):
    # sales_reps 0 hides four rep questions (and rep_future); three shown questions unanswered
    given = answers(sales_reps=0, sales_motion="self_serve")
    for q in ("rep_admin_share", "reps_below_target", "rep_reactivity", "rep_future"):
        del given[q]
    for q in ("market_pace", "lead_runway", "deal_size"):
        del given[q]
    result = evaluate(ruleset, given)
    assert len(result.unanswered) == 3
    assert "many_unanswered" not in {c.id for c in result.caveats}
    del given["sales_cycle"]
    result = evaluate(ruleset, given)
    assert len(result.unanswered) == 4
    assert "many_unanswered" in {c.id for c in result.caveats}


# ---------------------------------------------------------------------------------------------
# Hidden questions
# ---------------------------------------------------------------------------------------------

def test_hidden_questions_are_hidden_not_unanswered(ruleset):
    given = answers(sales_reps=0, sales_motion="self_serve")
    result = evaluate(ruleset, given)
    rep_questions = {"direct_sales_results", "rep_admin_share", "reps_below_target", "rep_reactivity",
                     "reactivity_plan", "rep_future"}
    assert set(result.hidden) == rep_questions
    assert not set(result.unanswered) & rep_questions
    # answers were given for all but reactivity_plan: they are ignored, not counted
    assert set(result.ignored) == rep_questions - {"reactivity_plan"}
    for q in rep_questions:
        assert q not in result.answers


def test_hidden_answers_change_nothing(ruleset):
    base = answers(sales_reps=0, sales_motion="self_serve")
    for q in ("direct_sales_results", "rep_admin_share", "reps_below_target", "rep_reactivity", "rep_future"):
        del base[q]
    clean = evaluate(ruleset, base)
    noisy = evaluate(ruleset, {**base, "rep_admin_share": "over_35", "reps_below_target": "most",
                               "rep_reactivity": "mostly_reactive", "reactivity_plan": False,
                               "direct_sales_results": "excellent", "rep_future": "automate"})
    assert clean.ignored == ()
    assert set(noisy.ignored) == {"rep_admin_share", "reps_below_target", "rep_reactivity",
                                  "reactivity_plan", "direct_sales_results", "rep_future"}
    for attr in ("salesops", "revops", "criteria", "flags", "key", "confidence", "margin", "unanswered",
                 "hidden", "caveats"):
        assert getattr(noisy, attr) == getattr(clean, attr), attr
    assert dict(noisy.answers) == dict(clean.answers)
    assert noisy.decision.id == clean.decision.id


def test_unanswered_gate_hides_dependent_questions(ruleset):
    result = evaluate(ruleset, {})
    assert "sales_reps" in result.unanswered
    assert {"rep_admin_share", "reps_below_target", "rep_reactivity", "reactivity_plan",
            "rep_future"} <= set(result.hidden)
    assert len(result.unanswered) + len(result.hidden) == len(ruleset.questions)
    assert result.ignored == ()
    assert result.fired == ()


def test_reactivity_plan_shown_only_for_less_than_proactive_reps(ruleset):
    shown = evaluate(ruleset, {"sales_reps": 1, "rep_reactivity": "mixed"})
    assert "reactivity_plan" in shown.unanswered
    hidden = evaluate(ruleset, {"sales_reps": 1, "rep_reactivity": "proactive", "reactivity_plan": False})
    assert "reactivity_plan" in hidden.hidden and "reactivity_plan" in hidden.ignored


def test_report_shows_hidden_questions_as_not_asked(ruleset):
    given = answers(sales_reps=0, sales_motion="self_serve")
    result = evaluate(ruleset, given)
    report = build_report(ruleset, result, (), date="2026-12-01")
    status = {item["question"]: item["status"] for topic in report["answers"] for item in topic["items"]}
    for q in result.hidden:
        assert status[q] == "hidden"
    assert not {u["question"] for u in report["unanswered"]} & set(result.hidden)
    assert [item["question"] for item in report["ignored"]] == list(result.ignored)
    text = render(report, "markdown")
    assert "not asked for these answers" in text
    assert "These answers were ignored" in text
    assert "- How well does direct selling work for you today?" in text


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [
    {"company_size": "big"},                                  # unknown question
    {"company_stag": "growing"},                              # misspelt
    {"company_stage": "bogus"},                               # not an option
    {"company_stage": 2},                                     # an index is not an option value
    {"sales_reps": -1},                                       # below min
    {"sales_reps": 10001},                                    # above max
    {"sales_reps": 2.5},                                      # not a whole number
    {"sales_reps": "3"},                                      # a string is not a number
    {"sales_reps": True},                                     # a boolean is not a number
    {"sales_reps": 2, "reactivity_plan": "no", "rep_reactivity": "mixed"},   # yesno wants a bool
    {"revenue_teams": ["marketing", "marketing"]},            # duplicate choice
    {"revenue_teams": ["sales"]},                             # not an option
    {"revenue_teams": "marketing"},                           # not a list
])
def test_invalid_answers_raise(ruleset, bad):
    with pytest.raises(AnswersError) as info:
        evaluate(ruleset, bad)
    assert info.value.diagnostics, "the error says what is wrong"


def test_unknown_question_suggests_the_right_one(ruleset):
    with pytest.raises(AnswersError) as info:
        evaluate(ruleset, {"company_stag": "growing"})
    assert "company_stage" in str(info.value)


def test_invalid_value_on_hidden_question_raises(ruleset):
    """evaluate's docstring: it raises when an answer "has a value the question does not accept".

    A hidden question's answer is ignored, but a value the question can never
    take is still an error (load_answers rejects the same file).
    """
    with pytest.raises(AnswersError):
        evaluate(ruleset, {"sales_reps": 0, "rep_admin_share": "bogus"})


def test_what_would_change_counts_hidden_answers_a_change_reveals(ruleset):
    """Answers to hidden questions are kept, and count once a change shows their question.

    No reps: the rep questions are hidden and the deep sales problem in their
    answers is ignored; R 3 (unknown cause) gives a weak RevOps lead. Hiring
    one rep shows them, and the deep sales problem with an unknown cause
    makes it both, SalesOps first. (An invalid hidden answer never gets this
    far: evaluate rejects it, see above.)
    """
    given = answers(DEEP, sales_reps=0, revenue_trend="stalled_unknown_cause")
    base, changes = _check_changes(ruleset, given)
    assert base.decision.id == "weak_revops_lead"
    assert {"rep_admin_share", "reps_below_target"} <= set(base.hidden)
    by_question = {(ch.question_id, ch.alternative): ch for ch in changes}
    hire = by_question[("sales_reps", 1)]
    assert (hire.current, hire.recommendation, hire.first, hire.phased, hire.weak) == (0, "both", "salesops", False,
                                                                                      False)
    assert evaluate(ruleset, {**given, "sales_reps": 1}).decision.id == "both_unknown_cause_deep_sales"
    assert not {ch.question_id for ch in changes} & set(base.hidden)


def test_integral_float_is_accepted_for_integer_question(ruleset):
    result = evaluate(ruleset, {"sales_reps": 3.0, "rep_admin_share": "over_35"})
    assert "s5_admin_severe" in {f.id for f in result.fired}


def test_none_means_unanswered(ruleset):
    result = evaluate(ruleset, {"company_stage": None})
    assert "company_stage" in result.unanswered


# ---------------------------------------------------------------------------------------------
# Immutability
# ---------------------------------------------------------------------------------------------

@pytest.fixture
def fresh_ruleset():
    """A ruleset of its own, so a test that mutates by mistake cannot spoil the shared one."""
    return load_ruleset(RULES)


@pytest.mark.parametrize("attr, value", [("salesops", 99), ("recommendation", "revops"), ("confidence", "high"),
                                         ("fired", ()), ("criteria", frozenset()), ("first", "revops")])
def test_result_attributes_cannot_be_assigned(fresh_ruleset, attr, value):
    result = evaluate(fresh_ruleset, answers(SALESOPS_8, REVOPS_9))
    before = getattr(result, attr)
    with pytest.raises((AttributeError, TypeError)):
        setattr(result, attr, value)
    assert getattr(result, attr) == before
    with pytest.raises((AttributeError, TypeError)):
        delattr(result, attr)


def test_result_collections_are_immutable(fresh_ruleset):
    result = evaluate(fresh_ruleset, answers(SALESOPS_8, REVOPS_9))
    assert isinstance(result, Result)
    with pytest.raises(TypeError):
        result.answers["company_stage"] = "mature"  # type: ignore[index]
    assert isinstance(result.fired, tuple) and isinstance(result.unanswered, tuple)
    assert isinstance(result.criteria, frozenset) and isinstance(result.flags, frozenset)
    with pytest.raises((AttributeError, TypeError)):
        result.fired[0].rule = None  # type: ignore[misc]


def test_result_thresholds_are_read_only(fresh_ruleset):
    """Writing through result.thresholds must fail, not change the ruleset's policy."""
    result = evaluate(fresh_ruleset, answers(SALESOPS_8))
    with contextlib.suppress(TypeError):
        result.thresholds["salesops"] = 100  # type: ignore[index]
    assert fresh_ruleset.policy.thresholds["salesops"] == 8, "assigning through a Result changed the ruleset"
    assert evaluate(fresh_ruleset, answers(SALESOPS_8)).recommendation == "salesops"


def test_result_answers_is_a_copy(ruleset):
    given = answers(SALESOPS_8)
    result = evaluate(ruleset, given)
    given["product_complexity"] = "simple"
    assert result.answers["product_complexity"] == "complex"


# ---------------------------------------------------------------------------------------------
# What would change
# ---------------------------------------------------------------------------------------------

def _check_changes(ruleset, given):
    base = evaluate(ruleset, given)
    changes = what_would_change(ruleset, given, base)
    for ch in changes:
        assert ch.question_id not in base.hidden
        assert ch.current == given.get(ch.question_id)
        trial = {**given, ch.question_id: ch.alternative}
        other = evaluate(ruleset, trial)
        assert other.key != base.key, ch
        assert other.key == (ch.recommendation, ch.first, ch.phased, ch.weak), ch
    return base, changes


def _alternatives(q):
    if q.type in ("choice", "scale"):
        return list(q.option_values)
    if q.type == "yesno":
        return [True, False]
    return []


WHAT_IF_CASES = {
    "both_unknown": answers(DEEP, revenue_trend="stalled_unknown_cause", budget="one_function"),
    "weak_tie": answers(),
    # S 8, R 6: SalesOps at the threshold, RevOps close to it
    "salesops_low_margin": answers(SALESOPS_8, growth_ambition="all_revenue_teams", market_pace="fast"),
    "both_needed": answers(SALESOPS_8, REVOPS_9, budget="one_function"),
    "revops_absorbs": answers(REVOPS_9, SALESOPS_4, rep_future="automate"),
    "sparse": {"sales_reps": 3, "rep_admin_share": "over_35", "team_communication": "frequent_problems"},
}


@pytest.mark.parametrize("name", list(WHAT_IF_CASES))
def test_what_would_change_really_flips(ruleset, name):
    given = WHAT_IF_CASES[name]
    base, changes = _check_changes(ruleset, given)
    assert changes, "these answers are close enough to the line for some change to matter"
    # complete: every option of every shown choice/scale/yesno question that flips is listed
    listed = {(ch.question_id, repr(ch.alternative)) for ch in changes}
    for q in ruleset.questions:
        if q.id in base.hidden:
            continue
        for alt in _alternatives(q):
            if alt == given.get(q.id):
                continue
            if evaluate(ruleset, {**given, q.id: alt}).key != base.key:
                assert (q.id, repr(alt)) in listed, (q.id, alt)
            else:
                assert (q.id, repr(alt)) not in listed, (q.id, alt)


def test_what_would_change_without_result_argument(ruleset):
    given = WHAT_IF_CASES["salesops_low_margin"]
    assert what_would_change(ruleset, given) == what_would_change(ruleset, given, evaluate(ruleset, given))


def test_what_would_change_toggles_multi_options(ruleset):
    # R 8 with the teams-in-place point, S 4, reps kept: both. Removing customer success (the only
    # team that earns the point) drops R to 7: a weak RevOps lean; adding marketing changes nothing.
    given = answers(SALESOPS_4, growth_ambition="all_revenue_teams", team_communication="frequent_problems",
                    market_pace="changing", revenue_teams=["customer_success"])
    base, changes = _check_changes(ruleset, given)
    assert (base.salesops, base.revops) == (4, 8) and base.decision.id == "both_keep_reps"
    multi = [ch for ch in changes if ch.question_id == "revenue_teams"]
    assert [ch.alternative for ch in multi] == [[]]


def test_what_would_change_empty_when_nothing_flips(ruleset):
    # S 16, R 0; no single answer can bring S under 8, R to 8, or a deep sales problem with R6
    given = answers(EARLY_SALESOPS, sales_motion="field_sales", direct_sales_results="excellent",
                    rep_admin_share="over_35")
    base, changes = _check_changes(ruleset, given)
    assert (base.salesops, base.revops) == (16, 0)
    assert base.recommendation == "salesops"
    assert changes == ()
    report = build_report(ruleset, base, changes, date="2026-12-01")
    assert report["what_would_change"] == []
    assert "No single answer, changed on its own, would alter this recommendation." in render(report, "markdown")


def test_what_would_change_includes_unanswered_questions(ruleset):
    given = answers()
    del given["market_pace"]
    del given["product_complexity"]
    base, changes = _check_changes(ruleset, given)
    assert base.decision.id == "weak_tie"
    by_question = {(ch.question_id, ch.alternative): ch for ch in changes}
    assert ("market_pace", "fast") in by_question
    assert by_question[("market_pace", "fast")].current is None
    assert by_question[("market_pace", "fast")].recommendation == "revops"
    assert ("product_complexity", "complex") not in by_question   # still SalesOps (weak lead)
    report = build_report(ruleset, base, changes, date="2026-12-01")
    text = render(report, "markdown")
    assert "if you answered **Fast: new threats or openings every few months**" in text


def test_what_would_change_ignores_hidden_questions(ruleset):
    given = answers(sales_reps=0, sales_motion="self_serve", revenue_trend="stalled_unknown_cause",
                    rep_admin_share="over_35", reps_below_target="most")
    base, changes = _check_changes(ruleset, given)
    hidden_changed = {ch.question_id for ch in changes} & set(base.hidden)
    assert not hidden_changed
