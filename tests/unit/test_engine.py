"""The decision engine on the default ruleset: rules, decisions, phasing,
hidden questions, errors, immutability and "what would change".

Every answer set below is worked out by hand from rules/rules.yaml and
rules/policy.yaml; the comments give the points (S = SalesOps, R = RevOps;
both thresholds are 7, and a need emerges from 4). The direction's
confidence and the strength of need are tested on a ruleset of their own in
test_verdict.py; the default ruleset's calibration is held by its cases
(rules/cases.yaml).
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

SELLS = {"sales_reps": 1}                                   # unlocks the rep questions
HAS_CUSTOMERS = {"company_stage": "growing"}                # unlocks revenue growth, sources, churn
TEAMS = {"revenue_teams": ["marketing"]}                    # unlocks the questions between teams

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
    # S3: direct_sales_results is asked of companies with customers and someone who sells
    ("S3", "s3_direct_sales_good", {**HAS_CUSTOMERS, **SELLS, "direct_sales_results": "good"},
     "direct_sales_results"),
    ("S3", "s3_direct_sales_excellent",
     {**HAS_CUSTOMERS, "sales_motion": "founder_led", "direct_sales_results": "excellent"}, "direct_sales_results"),
    ("S4", "s4_moderately_complex_product", {"product_complexity": "moderate"}, "product_complexity"),
    ("S4", "s4_complex_product", {"product_complexity": "complex"}, "product_complexity"),
    ("S4", "s4_large_deals", {"deal_size": "10k_to_50k"}, "deal_size"),
    ("S4", "s4_long_cycle", {"sales_cycle": "one_to_three_months"}, "sales_cycle"),
    # S5-S7: the rep questions need sales_reps > 0
    ("S5", "s5_admin_heavy", {"sales_reps": 2, "rep_admin_share": "20_to_35"}, "rep_admin_share"),
    ("S5", "s5_admin_severe", {"sales_reps": 2, "rep_admin_share": "over_35"}, "rep_admin_share"),
    ("S6", "s6_some_below_target", {"sales_reps": 2, "reps_below_target": "some"}, "reps_below_target"),
    ("S6", "s6_many_below_target", {"sales_reps": 2, "reps_below_target": "half"}, "reps_below_target"),
    ("S6", "s6_training_gaps", {"sales_reps": 2, "rep_training": "some_gaps"}, "rep_training"),
    ("S6", "s6_training_major", {"sales_reps": 2, "rep_training": "major_gaps"}, "rep_training"),
    ("S7", "s7_reactive_reps", {"sales_reps": 2, "rep_reactivity": "mostly_reactive"}, "rep_reactivity"),
    ("S7", "s7_no_reactivity_plan",
     {"sales_reps": 2, "rep_reactivity": "mixed", "reactivity_plan": False}, "reactivity_plan"),
    ("R1", "r1_sales_and_marketing", {"growth_ambition": "sales_and_marketing"}, "growth_ambition"),
    ("R1", "r1_all_revenue_teams", {"growth_ambition": "all_revenue_teams"}, "growth_ambition"),
    ("R1", "r1_teams_in_place", {"revenue_teams": ["customer_success"], "growth_ambition": "all_revenue_teams"},
     "growth_ambition"),
    ("D3", "d3_retention", {**HAS_CUSTOMERS, "revenue_sources": ["retention"]}, "revenue_sources"),
    ("D3", "d3_upsell", {**HAS_CUSTOMERS, "revenue_sources": ["upsell"]}, "revenue_sources"),
    ("D4", "d4_new_segments", {**HAS_CUSTOMERS, "revenue_sources": ["new_segments"]}, "revenue_sources"),
    ("R2", "r2_frequent_problems", {**TEAMS, "team_communication": "frequent_problems"}, "team_communication"),
    ("R2", "r2_some_friction", {**TEAMS, "team_communication": "some_friction"}, "team_communication"),
    ("R2", "r2_communication_unknown", {**TEAMS, "team_communication": "not_sure"}, "team_communication"),
    ("R2", "r2_lead_quality_mixed", {**TEAMS, **SELLS, "lead_quality": "mixed"}, "lead_quality"),
    ("R2", "r2_lead_quality_poor", {**TEAMS, "sales_motion": "founder_led", "lead_quality": "poor"},
     "lead_quality"),
    ("R2", "r2_tools_separate", {"revenue_teams": ["support"], "tools_split": "separate"}, "tools_split"),
    ("R3", "r3_market_changing", {"market_pace": "changing"}, "market_pace"),
    ("R3", "r3_market_fast", {"market_pace": "fast"}, "market_pace"),
    # R4: lead_runway is asked of everyone who sells (any way of selling but "not yet")
    ("R4", "r4_leads_few_months", {"sales_motion": "hybrid", "lead_runway": "few_months"}, "lead_runway"),
    ("R4", "r4_leads_running_out", {"sales_motion": "self_serve", "lead_runway": "running_out"}, "lead_runway"),
    ("R4", "r4_no_audience_past_early_stage", {"company_stage": "scaling", "marketing_reach": "none"},
     "marketing_reach"),
    ("R5", "r5_strategy_unowned", {"growth_strategy": "unowned"}, "growth_strategy"),
    ("R5", "r5_no_strategy", {"growth_strategy": "none"}, "growth_strategy"),
    ("R6", "r6_unknown_cause", {**HAS_CUSTOMERS, "revenue_trend": "stalled_unknown_cause"}, "revenue_trend"),
    ("R6", "r6_sources_unknown", {**HAS_CUSTOMERS, "revenue_attribution": "unknown"}, "revenue_attribution"),
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
    ("S6", {"sales_reps": 0, "rep_training": "major_gaps"}),
    ("S7", {"sales_reps": 0, "rep_reactivity": "mostly_reactive"}),
    ("S5", {"rep_admin_share": "over_35"}),                          # sales_reps unanswered: not shown either
    ("S3", {"company_stage": "growing", "sales_motion": "self_serve", "sales_reps": 0,
            "direct_sales_results": "excellent"}),
    # a company that is not selling yet is not asked how well direct sales or revenue growth go
    ("S3", {"company_stage": "idea_or_pre_revenue", "sales_motion": "founder_led",
            "direct_sales_results": "excellent"}),
    ("R6", {"company_stage": "idea_or_pre_revenue", "revenue_trend": "stalled_unknown_cause",
            "revenue_attribution": "unknown"}),
    ("R4", {"sales_motion": "not_selling_yet", "lead_runway": "running_out"}),
    ("S7", {"sales_reps": 3, "rep_reactivity": "proactive", "reactivity_plan": False}),
    ("S7", {"sales_reps": 3, "rep_reactivity": "inbound_by_design", "reactivity_plan": False}),
    # with sales alone there is nothing between teams to ask about
    ("R2", {"revenue_teams": [], "team_communication": "frequent_problems", "tools_split": "separate"}),
    # lead quality needs a marketing team and someone who sells
    ("R2", {"revenue_teams": ["customer_success"], "sales_reps": 2, "lead_quality": "poor"}),
    ("R2", {"revenue_teams": ["marketing"], "sales_motion": "self_serve", "sales_reps": 0, "lead_quality": "poor"}),
])
def test_gated_rule_does_not_fire_when_question_hidden(ruleset, criterion, answers):
    result = evaluate(ruleset, answers)
    assert criterion not in result.criteria
    gated = [q for q in answers if q in result.hidden]
    assert gated, "the gated question should be hidden"
    assert set(gated) <= set(result.ignored)


def test_reps_who_answer_leads_by_design_score_no_s7(ruleset):
    result = evaluate(ruleset, {"sales_reps": 4, "rep_reactivity": "inbound_by_design"})
    assert result.fired == () and "reactivity_plan" in result.hidden


def test_other_value_does_not_fire(ruleset):
    # below the rule's level, nothing fires
    result = evaluate(ruleset, {"sales_reps": 2, "rep_admin_share": "10_to_20", "reps_below_target": "few",
                                "rep_training": "ready", "rep_reactivity": "proactive",
                                "revenue_teams": ["marketing"], "tools_split": "partly",
                                "company_stage": "growing", "revenue_attribution": "rough"})
    assert result.fired == ()
    assert result.salesops == 0 and result.revops == 0


# ---------------------------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------------------------

# Every question answered, nothing fires, no flag but keeps_reps: S = 0, R = 0.
NEUTRAL: dict[str, Any] = {
    "company_stage": "growing",
    "sales_reps": 4,
    "company_size": "51_to_200",
    "marketing_reach": "moderate",
    "sales_motion": "hybrid",
    "direct_sales_results": "mixed",
    "product_complexity": "simple",
    "deal_size": "1k_to_10k",
    "sales_cycle": "weeks",
    "rep_admin_share": "10_to_20",
    "reps_below_target": "few",
    "rep_training": "ready",
    "rep_reactivity": "proactive",
    "audience_building_difficulty": "easy",
    "market_pace": "stable",
    "lead_runway": "years",
    "revenue_teams": ["marketing"],
    "team_communication": "smooth",
    "lead_quality": "good",
    "tools_split": "shared",
    "growth_ambition": "sales_only",
    "revenue_sources": [],
    "growth_strategy": "owned",
    "revenue_trend": "growing_as_planned",
    "revenue_attribution": "known",
    "budget": "both_functions",
    "rep_future": "keep_reps",
}

# S = 2 (hard) + 1 (field) + 3 (excellent) + 2 (complex) = 8
SALESOPS_8 = {"audience_building_difficulty": "hard", "sales_motion": "field_sales",
              "direct_sales_results": "excellent", "product_complexity": "complex"}
# R = 3 (all teams) + 1 (teams in place) + 3 (frequent problems) + 2 (fast market) = 9
REVOPS_9 = {"growth_ambition": "all_revenue_teams", "team_communication": "frequent_problems",
            "market_pace": "fast"}
# S = 2 (complex) + 1 (over $50k) + 1 (over three months) = 4: an emerging need
SALESOPS_4 = {"product_complexity": "complex", "deal_size": "over_50k", "sales_cycle": "over_three_months"}
# the deep sales problem: two of heavy admin, missed targets or slow training, reactive reps; S = 3 + 2 = 5
DEEP = {"rep_admin_share": "over_35", "reps_below_target": "most"}
# not selling yet, nobody selling
PRE_REVENUE = {"company_stage": "idea_or_pre_revenue", "sales_reps": 0, "sales_motion": "not_selling_yet"}


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
    assert result.caveats == () and result.contradictions == () and result.notes == ()


# (decision id, answers, S, R, outcome, lean, first, phased)
DECISIONS = [
    ("both_unknown_cause_deep_sales", answers(DEEP, revenue_trend="stalled_unknown_cause"),
     5, 3, "both", None, "salesops", False),
    ("both_unknown_cause_deep_sales",
     answers(DEEP, revenue_trend="stalled_unknown_cause", budget="one_function"), 5, 3, "both", None, "salesops",
     True),
    # B5 wins even over the B3 path (needs RevOps, automating, SalesOps not needed)
    ("both_unknown_cause_deep_sales",
     answers(DEEP, REVOPS_9, revenue_trend="stalled_unknown_cause", rep_future="automate"),
     5, 12, "both", None, "revops", False),
    # not selling yet and nobody selling: no team, whatever the scores; the lean follows the scores
    ("pre_revenue", answers(PRE_REVENUE), 0, 0, "not_yet", "salesops", None, False),
    ("pre_revenue", answers(PRE_REVENUE, audience_building_difficulty="hard", product_complexity="complex",
                            deal_size="over_50k", sales_cycle="over_three_months", marketing_reach="none"),
     9, 0, "not_yet", "salesops", None, False),
    ("pre_revenue_revops_lean", answers(PRE_REVENUE, REVOPS_9), 0, 9, "not_yet", "revops", None, False),
    ("revops_absorbs_sales", answers(REVOPS_9, rep_future="automate"), 0, 9, "revops", None, None, False),
    ("revops_absorbs_sales", answers(REVOPS_9, SALESOPS_4, rep_future="automate", budget="one_function"),
     4, 9, "revops", None, None, False),
    ("both_needed", answers(SALESOPS_8, REVOPS_9), 8, 9, "both", None, "revops", False),
    ("both_needed", answers(SALESOPS_8, REVOPS_9, budget="one_function"), 8, 9, "both", None, "revops", True),
    ("both_keep_reps", answers(REVOPS_9, SALESOPS_4), 4, 9, "both", None, "revops", False),
    ("both_keep_reps", answers(REVOPS_9, SALESOPS_4, rep_future="grow_reps", budget="one_function"),
     4, 9, "both", None, "revops", True),
    # keeps reps but SalesOps score 3 < 4 (no emerging need): RevOps alone
    ("revops_needed", answers(REVOPS_9, product_complexity="complex", deal_size="over_50k"),
     3, 9, "revops", None, None, False),
    # SalesOps 4, but no reps kept (no reps at all): RevOps alone
    ("revops_needed", answers(REVOPS_9, SALESOPS_4, sales_reps=0, sales_motion="self_serve"),
     4, 10, "revops", None, None, False),
    # a clear SalesOps score, but nobody sells full time: no sales team to support yet
    ("founders_sell", answers(SALESOPS_8, sales_reps=0, sales_motion="founder_led"),
     7, 0, "not_yet", "salesops", None, False),
    ("salesops_needed", answers(SALESOPS_8), 8, 0, "salesops", None, None, False),
    ("salesops_needed", answers(SALESOPS_8, rep_future="automate"), 8, 0, "salesops", None, None, False),
    ("weak_early", answers(company_stage="first_customers", market_pace="fast"), 0, 2, "not_yet", "salesops", None,
     False),
    ("weak_tie", answers(), 0, 0, "not_yet", "salesops", None, False),
    ("weak_tie", answers(market_pace="fast", product_complexity="complex"), 2, 2, "not_yet", "salesops", None,
     False),
    ("weak_revops_lead", answers(market_pace="fast"), 0, 2, "not_yet", "revops", None, False),
    ("weak_salesops_lead", answers(product_complexity="complex"), 2, 0, "not_yet", "salesops", None, False),
]


@pytest.mark.parametrize("decision, given, s, r, outcome, lean, first, phased", DECISIONS,
                         ids=[f"{d[0]}-{i}" for i, d in enumerate(DECISIONS)])
def test_decision_paths(ruleset, decision, given, s, r, outcome, lean, first, phased):
    result = evaluate(ruleset, given)
    assert (result.salesops, result.revops) == (s, r)
    assert result.decision.id == decision
    assert (result.outcome, result.lean, result.first, result.phased) == (outcome, lean, first, phased)
    assert result.recommendation == (lean or outcome)
    if outcome != "both":
        assert result.phase_step is None


def test_every_decision_is_exercised(ruleset):
    assert {d[0] for d in DECISIONS} == {d.id for d in ruleset.policy.decisions}


@pytest.mark.parametrize("decision, cite", [
    ("both_unknown_cause_deep_sales", "B5"), ("revops_absorbs_sales", "B3"), ("both_needed", "B2"),
    ("both_needed", "B4"), ("both_keep_reps", "B3"), ("weak_early", "D2"), ("founders_sell", "D1"),
    ("pre_revenue", "D2"),
])
def test_decision_cites(ruleset, decision, cite):
    given = next(d[1] for d in DECISIONS if d[0] == decision)
    result = evaluate(ruleset, given)
    assert result.decision.id == decision
    assert cite in result.decision.cites
    assert cite in result.cited


def test_weak_decisions_say_not_yet_with_a_lean(ruleset):
    for decision, given, *_ in DECISIONS:
        result = evaluate(ruleset, given)
        weak = decision.startswith(("weak_", "pre_revenue", "founders_"))
        assert result.weak is weak, decision
        if result.weak:
            assert result.outcome == "not_yet" and result.lean == result.recommendation
            assert result.strength in ("emerging", "not_yet")


def test_deep_sales_problem_needs_two_signs(ruleset):
    one_sign = evaluate(ruleset, answers(rep_admin_share="over_35", revenue_trend="stalled_unknown_cause"))
    assert "deep_sales_problem" not in one_sign.flags
    assert one_sign.decision.id != "both_unknown_cause_deep_sales"
    two_signs = evaluate(ruleset, answers(rep_admin_share="20_to_35", rep_reactivity="mostly_reactive",
                                          reactivity_plan=True, revenue_trend="stalled_unknown_cause"))
    assert "deep_sales_problem" in two_signs.flags
    assert two_signs.decision.id == "both_unknown_cause_deep_sales"


def test_slow_training_is_a_sign_of_a_deep_sales_problem(ruleset):
    result = evaluate(ruleset, answers(rep_admin_share="over_35", rep_training="major_gaps",
                                       revenue_trend="stalled_unknown_cause"))
    assert "deep_sales_problem" in result.flags
    assert result.decision.id == "both_unknown_cause_deep_sales"


def test_missed_targets_and_slow_training_are_one_s6_sign(ruleset):
    # both S6 answers at their worst are still one sign of the three, not two
    result = evaluate(ruleset, answers(reps_below_target="most", rep_training="major_gaps",
                                       revenue_trend="stalled_unknown_cause"))
    assert "deep_sales_problem" not in result.flags
    assert result.decision.id != "both_unknown_cause_deep_sales"


def test_deep_sales_problem_without_r6_is_not_b5(ruleset):
    result = evaluate(ruleset, answers(DEEP, revenue_trend="stalled_known_cause"))
    assert "deep_sales_problem" in result.flags
    assert result.decision.id == "weak_salesops_lead"
    assert "B5" not in result.cited


def test_b5_needs_stalled_growth_not_any_r6(ruleset):
    # not knowing which channels bring revenue is R6 too, but growth is fine: no B5
    result = evaluate(ruleset, answers(DEEP, revenue_attribution="unknown"))
    assert "R6" in result.criteria and "deep_sales_problem" in result.flags
    assert result.decision.id != "both_unknown_cause_deep_sales"
    assert "B5" not in result.cited


def test_unanswered_r6_is_not_b5(ruleset):
    given = answers(DEEP)
    del given["revenue_trend"]
    result = evaluate(ruleset, given)
    assert result.decision.id != "both_unknown_cause_deep_sales"
    assert "revenue_trend" in result.unanswered


def test_a_pre_revenue_company_is_not_asked_about_revenue_or_sales_results(ruleset):
    result = evaluate(ruleset, answers(PRE_REVENUE))
    assert {"revenue_trend", "revenue_attribution", "revenue_sources", "direct_sales_results",
            "lead_runway"} <= set(result.hidden)
    assert result.outcome == "not_yet"


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
    # deep sales problem: SalesOps first even though RevOps leads (S 13 < R 15)
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
# Reasons, notes and first steps on the default ruleset
# ---------------------------------------------------------------------------------------------

def test_keeping_reps_adds_the_b3_reason_to_b2(ruleset):
    # S 8, R 9, reps kept: both_needed (B2) is chosen and both_keep_reps (B3) holds too
    result = evaluate(ruleset, answers(SALESOPS_8, REVOPS_9))
    assert result.decision.id == "both_needed"
    assert [d.id for d in result.supporting] == ["both_keep_reps"]
    assert {"B2", "B3", "B4"} <= result.cited
    automating = evaluate(ruleset, answers(SALESOPS_8, REVOPS_9, rep_future="automate"))
    assert automating.supporting == () and "B3" not in {c for d in automating.supporting for c in d.cites}


def test_b5_adds_the_b2_and_b3_reasons_when_they_hold(ruleset):
    given = answers(DEEP, SALESOPS_8, REVOPS_9, revenue_trend="stalled_unknown_cause")
    result = evaluate(ruleset, given)
    assert result.decision.id == "both_unknown_cause_deep_sales"
    assert [d.id for d in result.supporting] == ["both_needed", "both_keep_reps"]
    assert {"B2", "B3", "B5"} <= result.cited


@pytest.mark.parametrize("given, outcome, note", [
    (answers(SALESOPS_8), "salesops", "budget_one_function_salesops"),
    (answers(REVOPS_9), "revops", "budget_one_function_revops"),
    (answers(SALESOPS_8, REVOPS_9), "both", "budget_one_function_both"),
    (answers(), "not_yet", "budget_one_function_not_yet"),
])
def test_the_budget_note_fits_the_outcome(ruleset, given, outcome, note):
    result = evaluate(ruleset, {**given, "budget": "one_function"})
    assert result.outcome == outcome
    assert [n.id for n in result.notes if "B2" in n.cites] == [note]
    assert not [n for n in evaluate(ruleset, {**given, "budget": "both_functions"}).notes if "B2" in n.cites]


@pytest.mark.parametrize("revops, note", [
    ({}, "salesops_alone_for_now"),
    ({"growth_ambition": "sales_and_marketing", "market_pace": "changing"}, "revops_can_grow_from_salesops"),
])
def test_a_salesops_verdict_says_whether_revops_may_follow(ruleset, revops, note):
    result = evaluate(ruleset, answers(SALESOPS_8, revops))
    assert result.outcome == "salesops"
    assert [n.id for n in result.notes if "B1" in n.cites] == [note]


REP_STEPS = {"cut_rep_admin", "training_with_feedback", "prospecting_activity_plan"}


def steps(ruleset, result) -> set[str]:
    report = build_report(ruleset, result, (), date="2026-12-01")
    return {step["id"] for function in report["first_steps"] for step in function["steps"]}


def test_rep_steps_only_for_a_company_with_reps(ruleset):
    with_reps = evaluate(ruleset, answers(SALESOPS_8, REVOPS_9))
    assert steps(ruleset, with_reps) >= REP_STEPS
    without = evaluate(ruleset, answers(SALESOPS_8, REVOPS_9, sales_reps=0))
    listed = steps(ruleset, without)
    assert not REP_STEPS & listed
    assert "founder_sales_playbook" in listed


def test_no_prospecting_step_for_an_inbound_team(ruleset):
    result = evaluate(ruleset, answers(SALESOPS_8, rep_reactivity="inbound_by_design"))
    assert "prospecting_activity_plan" not in steps(ruleset, result)
    assert {"cut_rep_admin", "training_with_feedback"} <= steps(ruleset, result)


def test_lead_and_tool_steps_only_when_the_answers_call_for_them(ruleset):
    calm = evaluate(ruleset, answers(REVOPS_9))
    assert not {"lead_quality_agreement", "one_customer_view"} & steps(ruleset, calm)
    rough = evaluate(ruleset, answers(REVOPS_9, lead_quality="poor", tools_split="separate"))
    assert {"lead_quality_agreement", "one_customer_view"} <= steps(ruleset, rough)


# ---------------------------------------------------------------------------------------------
# Gaps
# ---------------------------------------------------------------------------------------------

def test_many_unanswered_counts_only_shown_questions(ruleset):
    # sales_reps 0 with self-serve hides the rep questions, direct sales and lead quality;
    # three shown questions unanswered
    given = answers(sales_reps=0, sales_motion="self_serve")
    for q in REP_QUESTIONS | {"direct_sales_results", "lead_quality"}:
        given.pop(q, None)
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

REP_QUESTIONS = {"rep_admin_share", "reps_below_target", "rep_training", "rep_reactivity", "reactivity_plan",
                 "rep_future"}


def test_hidden_questions_are_hidden_not_unanswered(ruleset):
    given = answers(sales_reps=0, sales_motion="self_serve")
    result = evaluate(ruleset, given)
    # nobody sells: the rep questions, how well direct sales work and what sales thinks of the leads
    not_asked = REP_QUESTIONS | {"direct_sales_results", "lead_quality"}
    assert set(result.hidden) == not_asked
    assert not set(result.unanswered) & not_asked
    # answers were given for all but reactivity_plan: they are ignored, not counted
    assert set(result.ignored) == not_asked - {"reactivity_plan"}
    for q in not_asked:
        assert q not in result.answers


def test_hidden_answers_change_nothing(ruleset):
    base = answers(sales_reps=0, sales_motion="self_serve")
    for q in REP_QUESTIONS | {"direct_sales_results", "lead_quality"}:
        base.pop(q, None)
    clean = evaluate(ruleset, base)
    noisy = evaluate(ruleset, {**base, "rep_admin_share": "over_35", "reps_below_target": "most",
                               "rep_training": "major_gaps", "rep_reactivity": "mostly_reactive",
                               "reactivity_plan": False, "direct_sales_results": "excellent",
                               "rep_future": "automate", "lead_quality": "poor"})
    assert clean.ignored == ()
    assert set(noisy.ignored) == REP_QUESTIONS | {"direct_sales_results", "lead_quality"}
    for attr in ("salesops", "revops", "criteria", "flags", "key", "confidence", "margin", "unanswered",
                 "hidden", "caveats", "strength", "notes", "contradictions"):
        assert getattr(noisy, attr) == getattr(clean, attr), attr
    assert dict(noisy.answers) == dict(clean.answers)
    assert noisy.decision.id == clean.decision.id


def test_unanswered_gate_hides_dependent_questions(ruleset):
    result = evaluate(ruleset, {})
    assert "sales_reps" in result.unanswered
    assert set(result.hidden) >= REP_QUESTIONS
    assert {"team_communication", "lead_quality", "tools_split", "revenue_trend", "revenue_attribution",
            "revenue_sources", "direct_sales_results", "lead_runway"} <= set(result.hidden)
    assert len(result.unanswered) + len(result.hidden) == len(ruleset.questions)
    assert result.ignored == ()
    assert result.fired == ()


def test_reactivity_plan_shown_only_for_reps_who_should_prospect(ruleset):
    for reactivity in ("mixed", "mostly_reactive"):
        shown = evaluate(ruleset, {"sales_reps": 1, "rep_reactivity": reactivity})
        assert "reactivity_plan" in shown.unanswered
    for reactivity in ("proactive", "inbound_by_design"):
        hidden = evaluate(ruleset, {"sales_reps": 1, "rep_reactivity": reactivity, "reactivity_plan": False})
        assert "reactivity_plan" in hidden.hidden and "reactivity_plan" in hidden.ignored


def test_follow_ups_between_teams(ruleset):
    alone = evaluate(ruleset, {"revenue_teams": [], "sales_reps": 3})
    assert {"team_communication", "lead_quality", "tools_split"} <= set(alone.hidden)
    support = evaluate(ruleset, {"revenue_teams": ["support"], "sales_reps": 3})
    assert {"team_communication", "tools_split"} <= set(support.unanswered)
    assert "lead_quality" in support.hidden       # no marketing team to send leads
    marketing = evaluate(ruleset, {"revenue_teams": ["marketing"], "sales_reps": 3})
    assert {"team_communication", "lead_quality", "tools_split"} <= set(marketing.unanswered)


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
    assert "These answers were ignored" in text
    assert "- How well does direct selling work for you today?" in text


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [
    {"company_sise": "11_to_50"},                             # unknown question
    {"company_size": "big"},                                  # not an option
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
    assert fresh_ruleset.policy.thresholds["salesops"] == 7, "assigning through a Result changed the ruleset"
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
    # S 8, R 6: SalesOps just over its threshold, RevOps one point under its own
    "salesops_low_margin": answers(SALESOPS_8, growth_ambition="all_revenue_teams", market_pace="fast"),
    "both_needed": answers(SALESOPS_8, REVOPS_9, budget="one_function"),
    "revops_absorbs": answers(REVOPS_9, SALESOPS_4, rep_future="automate"),
    "sparse": {"sales_reps": 3, "rep_admin_share": "over_35", "revenue_teams": ["marketing"],
               "team_communication": "frequent_problems"},
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
    # team) drops the teams point and the question on how teams communicate: R 4, a weak lean;
    # adding marketing (whose lead quality is good) or another team changes nothing.
    given = answers(SALESOPS_4, growth_ambition="all_revenue_teams", team_communication="frequent_problems",
                    market_pace="changing", revenue_teams=["customer_success"])
    base, changes = _check_changes(ruleset, given)
    assert (base.salesops, base.revops) == (4, 8) and base.decision.id == "both_keep_reps"
    multi = [ch for ch in changes if ch.question_id == "revenue_teams"]
    assert [ch.alternative for ch in multi] == [[]]


def test_what_would_change_empty_when_nothing_flips(ruleset):
    # R 15, S 0, reps kept: no single answer brings R under 7, S to 4 (both, to keep the reps) or
    # makes it pre-revenue (that needs nobody selling); automating is RevOps alone as well
    given = answers(REVOPS_9, lead_runway="running_out", growth_strategy="none")
    base, changes = _check_changes(ruleset, given)
    assert (base.salesops, base.revops) == (0, 15)
    assert base.outcome == "revops"
    assert changes == ()
    report = build_report(ruleset, base, changes, date="2026-12-01")
    assert report["what_would_change"] == []


def test_what_would_change_includes_unanswered_questions(ruleset):
    given = answers()
    del given["market_pace"]
    del given["product_complexity"]
    base, changes = _check_changes(ruleset, given)
    assert base.decision.id == "weak_tie"
    by_question = {(ch.question_id, repr(ch.alternative)): ch for ch in changes}
    fast = by_question[("market_pace", repr("fast"))]
    assert fast.current is None
    assert (fast.recommendation, fast.weak) == ("revops", True)   # the lean turns to RevOps
    assert ("product_complexity", repr("complex")) not in by_question   # still leaning to SalesOps
    report = build_report(ruleset, base, changes, date="2026-12-01")
    assert "Fast: new threats or openings every few months" in render(report, "markdown")


def test_what_would_change_ignores_hidden_questions(ruleset):
    given = answers(sales_reps=0, sales_motion="self_serve", revenue_trend="stalled_unknown_cause",
                    rep_admin_share="over_35", reps_below_target="most")
    base, changes = _check_changes(ruleset, given)
    hidden_changed = {ch.question_id for ch in changes} & set(base.hidden)
    assert not hidden_changed
