"""How fast is the decision engine, compared with the same rules written by hand?

``advisor.engine.evaluate`` runs the function advisor/compiled.py writes for
the ruleset: every answer read and checked, every rule and the policy, over
local variables, returning the decided facts; the traced parts of its
``Result`` are built when read.
The baseline is ``hand_written`` below: the default ruleset (``rules/``)
written out as plain Python if-statements over the raw answers, the way a
competent developer would write it without a rules engine.

What it does, in one run (no timed assertions; it prints numbers):

1. Generates ``--n`` random *valid* raw answer sets (default 100,000, fixed
   ``--seed``): every question either absent or a valid value of its type,
   hidden questions included (the engine ignores those).
2. Agreement: ``hand_written(a)`` must equal ``engine_tuple(evaluate(a))``
   for every input: both scores, the decision id, recommendation, weak
   (outcome not yet), first, phased, fired rule ids, the Result's
   confidence (the margin bands with no flips counted, lowered by
   contradictions and many unanswered questions; ``judge``'s final one,
   which counts flips, is not benchmarked), margin, strength of the need,
   per-side strengths, ids of supporting decisions, of notes and of
   contradictions. On any difference it prints the first few inputs with
   the fields that differ and exits 1. It also says how many decisions,
   rules, notes and contradictions the inputs reached.
3. Timing, interleaved (engine and hand-written alternate, best of
   ``--rounds`` for each, because the machines here are noisy):
   microseconds per evaluation for both, and the ratio engine / hand-written.

   **Target: the engine at most 1.5x the hand-written function.**
   Measured 2026-12-03 (ruleset 1.0.0: 28 questions, 40 rules, 13
   decisions; quiet 2-core machine): **1.28x** in a default run (6.60 vs
   5.16 µs), 1.34x, 1.38x and 1.49x in three runs of ``--n 50000``, within
   target. Before the ruleset was compiled into one function
   (advisor/compiled.py) it was 7.6-9.3x.

4. For information: ``load_ruleset`` of the default ruleset (best of 20, ms)
   and ``what_would_change`` per answer set on a sample of 500.

``--profile`` runs cProfile on 20,000 evaluations and prints the top costs.

Run from the repository root: ``python benchmarks/bench_engine.py``.
The default run takes about 15 s on a 2-core machine; ``--n 20000`` about 5 s.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from advisor.engine import evaluate, what_would_change  # noqa: E402
from advisor.loader import load_ruleset  # noqa: E402
from advisor.resources import default_rules  # noqa: E402

TARGET = 1.5

# -- the default ruleset, written by hand ---------------------------------------------------
#
# Scale option orders (low to high), for the YAML's ordered comparisons (lt/lte/gt/gte).
STAGE = {"idea_or_pre_revenue": 0, "first_customers": 1, "growing": 2, "scaling": 3, "mature": 4}
SIZE = {"1_to_10": 0, "11_to_50": 1, "51_to_200": 2, "201_to_1000": 3, "over_1000": 4}
REACH = {"none": 0, "small": 1, "moderate": 2, "strong": 3}
DEAL = {"under_1k": 0, "1k_to_10k": 1, "10k_to_50k": 2, "over_50k": 3}
CYCLE = {"days": 0, "weeks": 1, "one_to_three_months": 2, "over_three_months": 3}
ADMIN = {"under_10": 0, "10_to_20": 1, "20_to_35": 2, "over_35": 3}
BELOW = {"few": 0, "some": 1, "half": 2, "most": 3}
AMBITION = {"sales_only": 0, "sales_and_marketing": 1, "all_revenue_teams": 2}
# sales_motion values where people do the selling: with them, or with reps, direct_sales_results
# and lead_quality are asked
PEOPLE_SELL = frozenset({"founder_led", "inside_sales", "field_sales", "hybrid"})
REP_DRIVEN = frozenset({"inside_sales", "field_sales"})
REACTIVE = frozenset({"mixed", "mostly_reactive"})  # reactivity_plan is asked for these
THRESHOLD_S = THRESHOLD_R = 7       # policy thresholds: a clear need
EMERGING_S = EMERGING_R = 4         # strength.emerging_from
LEVELS = ("high", "medium", "low")


def hand_written(a: dict[str, Any]) -> tuple:
    """The default ruleset as plain code, from raw answers: the tuple ``engine_tuple`` builds.

    Same semantics as the engine: a hidden question's answer is ignored; a
    test on an unanswered (or hidden) question is unknown, so no rule, flag,
    decision, note or contradiction that needs it holds, and a question
    whose ``show_if`` is unknown is hidden. Inputs are assumed valid (the
    engine also validates); caveats that do not lower confidence are not
    computed, as they are not part of the returned tuple.
    """
    get = a.get
    unanswered = 0  # shown but not answered

    # -- which questions are shown, and their answers (questionnaire order) ------------------
    stage = get("company_stage")
    if stage is None:
        unanswered += 1
    else:
        stage = STAGE[stage]
    reps = get("sales_reps")
    if reps is None:
        unanswered += 1
    has_reps = reps is not None and reps > 0
    size = get("company_size")
    if size is None:
        unanswered += 1
    else:
        size = SIZE[size]
    reach = get("marketing_reach")
    if reach is None:
        unanswered += 1
    else:
        reach = REACH[reach]
    motion = get("sales_motion")
    if motion is None:
        unanswered += 1
    people_sell = has_reps or motion in PEOPLE_SELL
    direct = None
    if stage is not None and stage >= 1 and people_sell:
        direct = get("direct_sales_results")
        if direct is None:
            unanswered += 1
    complexity = get("product_complexity")
    if complexity is None:
        unanswered += 1
    deal = get("deal_size")
    if deal is None:
        unanswered += 1
    else:
        deal = DEAL[deal]
    cycle = get("sales_cycle")
    if cycle is None:
        unanswered += 1
    else:
        cycle = CYCLE[cycle]
    admin = below = training = react = plan = future = None
    if has_reps:
        admin = get("rep_admin_share")
        if admin is None:
            unanswered += 1
        else:
            admin = ADMIN[admin]
        below = get("reps_below_target")
        if below is None:
            unanswered += 1
        else:
            below = BELOW[below]
        training = get("rep_training")
        if training is None:
            unanswered += 1
        react = get("rep_reactivity")
        if react is None:
            unanswered += 1
        elif react in REACTIVE:
            plan = get("reactivity_plan")
            if plan is None:
                unanswered += 1
    audience = get("audience_building_difficulty")
    if audience is None:
        unanswered += 1
    pace = get("market_pace")
    if pace is None:
        unanswered += 1
    runway = None
    if motion is not None and motion != "not_selling_yet":
        runway = get("lead_runway")
        if runway is None:
            unanswered += 1
    teams = get("revenue_teams")  # a list; [] (none ticked) is an answer
    if teams is None:
        unanswered += 1
    communication = lead_quality = tools = None
    if teams:  # any team at all: every option counts for contains_any
        communication = get("team_communication")
        if communication is None:
            unanswered += 1
    if teams is not None and "marketing" in teams and people_sell:
        lead_quality = get("lead_quality")
        if lead_quality is None:
            unanswered += 1
    if teams:
        tools = get("tools_split")
        if tools is None:
            unanswered += 1
    ambition = get("growth_ambition")
    if ambition is None:
        unanswered += 1
    else:
        ambition = AMBITION[ambition]
    sources = trend = attribution = None
    selling = stage is not None and stage >= 1
    if selling:
        sources = get("revenue_sources")
        if sources is None:
            unanswered += 1
    strategy = get("growth_strategy")
    if strategy is None:
        unanswered += 1
    if selling:
        trend = get("revenue_trend")
        if trend is None:
            unanswered += 1
        attribution = get("revenue_attribution")
        if attribution is None:
            unanswered += 1
    budget = get("budget")
    if budget is None:
        unanswered += 1
    if has_reps:
        future = get("rep_future")
        if future is None:
            unanswered += 1

    # -- rules, in rules.yaml order ----------------------------------------------------------
    s = r = 0
    fired = []
    if stage is not None and reach is not None and stage <= 1 and reach <= 1:
        s += 3
        fired.append("s1_early_no_audience")
    if audience == "moderate":
        s += 1
        fired.append("s2_audience_slow")
    elif audience == "hard":
        s += 2
        fired.append("s2_audience_hard")
    if motion in REP_DRIVEN:
        s += 1
        fired.append("s2_rep_driven_motion")
    if direct == "good":
        s += 2
        fired.append("s3_direct_sales_good")
    elif direct == "excellent":
        s += 3
        fired.append("s3_direct_sales_excellent")
    if complexity == "moderate":
        s += 1
        fired.append("s4_moderately_complex_product")
    elif complexity == "complex":
        s += 2
        fired.append("s4_complex_product")
    if deal is not None and deal >= 2:
        s += 1
        fired.append("s4_large_deals")
    if cycle is not None and cycle >= 2:
        s += 1
        fired.append("s4_long_cycle")
    if admin == 2:
        s += 2
        fired.append("s5_admin_heavy")
    elif admin == 3:
        s += 3
        fired.append("s5_admin_severe")
    if below == 1:
        s += 1
        fired.append("s6_some_below_target")
    elif below is not None and below >= 2:
        s += 2
        fired.append("s6_many_below_target")
    if training == "some_gaps":
        s += 1
        fired.append("s6_training_gaps")
    elif training == "major_gaps":
        s += 2
        fired.append("s6_training_major")
    if react == "mostly_reactive":
        s += 2
        fired.append("s7_reactive_reps")
    if plan is False:  # only shown (and kept) when reps are mixed or mostly reactive
        s += 1
        fired.append("s7_no_reactivity_plan")
    if ambition == 1:
        r += 2
        fired.append("r1_sales_and_marketing")
    elif ambition == 2:
        r += 3
        fired.append("r1_all_revenue_teams")
    if teams is not None and ambition is not None and ambition >= 1 and (
            "marketing" in teams or "customer_success" in teams):
        r += 1
        fired.append("r1_teams_in_place")
    if sources is not None:
        if "retention" in sources:
            r += 2
            fired.append("d3_retention")
        if "upsell" in sources:
            r += 1
            fired.append("d3_upsell")
        if "new_segments" in sources:
            r += 1
            fired.append("d4_new_segments")
    if communication == "frequent_problems":
        r += 3
        fired.append("r2_frequent_problems")
    elif communication == "some_friction":
        r += 1
        fired.append("r2_some_friction")
    elif communication == "not_sure":
        r += 1
        fired.append("r2_communication_unknown")
    if lead_quality == "mixed":
        r += 1
        fired.append("r2_lead_quality_mixed")
    elif lead_quality == "poor":
        r += 2
        fired.append("r2_lead_quality_poor")
    if tools == "separate":
        r += 2
        fired.append("r2_tools_separate")
    if pace == "changing":
        r += 1
        fired.append("r3_market_changing")
    elif pace == "fast":
        r += 2
        fired.append("r3_market_fast")
    if runway == "few_months":
        r += 2
        fired.append("r4_leads_few_months")
    elif runway == "running_out":
        r += 3
        fired.append("r4_leads_running_out")
    if stage is not None and reach is not None and stage >= 2 and reach <= 1:
        r += 1
        fired.append("r4_no_audience_past_early_stage")
    if strategy == "unowned":
        r += 2
        fired.append("r5_strategy_unowned")
    elif strategy == "none":
        r += 3
        fired.append("r5_no_strategy")
    stalled_unknown = trend == "stalled_unknown_cause"
    if stalled_unknown:
        r += 3
        fired.append("r6_unknown_cause")
    if attribution == "unknown":
        r += 2
        fired.append("r6_sources_unknown")
    if motion == "self_serve":
        r += 1
        fired.append("d4_self_serve")

    # -- policy: flags, then the first decision that holds -------------------------------------
    early = stage is not None and stage <= 1
    pre_revenue = stage == 0 and reps == 0
    deep = ((admin is not None and admin >= 2)
            + ((below is not None and below >= 2) or training == "major_gaps")
            + (react == "mostly_reactive")) >= 2
    keeps_reps = future == "grow_reps" or future == "keep_reps"
    automating = future == "automate"
    need_s = s >= THRESHOLD_S
    need_r = r >= THRESHOLD_R
    keep_reps_holds = need_r and keeps_reps and s >= EMERGING_S

    weak = False
    margin = None
    supporting: tuple[str, ...] = ()
    if stalled_unknown and deep:
        decision, recommendation = "both_unknown_cause_deep_sales", "both"
        supporting = (("both_needed",) if need_s and need_r else ()) + (
            ("both_keep_reps",) if keep_reps_holds else ())
    elif pre_revenue and r > s:
        decision, recommendation, weak, margin = "pre_revenue_revops_lean", "revops", True, r - s
    elif pre_revenue:
        decision, recommendation, weak, margin = "pre_revenue", "salesops", True, s - r
    elif need_r and automating and not need_s:
        decision, recommendation, margin = "revops_absorbs_sales", "revops", r - s
    elif need_s and need_r:
        decision, recommendation, margin = "both_needed", "both", min(s - THRESHOLD_S, r - THRESHOLD_R)
        supporting = ("both_keep_reps",) if keep_reps_holds else ()
    elif keep_reps_holds:
        decision, recommendation, margin = "both_keep_reps", "both", r - THRESHOLD_R
    elif need_r:
        decision, recommendation, margin = "revops_needed", "revops", r - s
    elif need_s and reps == 0:
        decision, recommendation, weak, margin = "founders_sell", "salesops", True, s - r
    elif need_s:
        decision, recommendation, margin = "salesops_needed", "salesops", s - r
    elif early:
        decision, recommendation, weak, margin = "weak_early", "salesops", True, s - r
    elif s == r:
        decision, recommendation, weak, margin = "weak_tie", "salesops", True, 0
    elif r > s:
        decision, recommendation, weak, margin = "weak_revops_lead", "revops", True, r - s
    else:
        decision, recommendation, weak, margin = "weak_salesops_lead", "salesops", True, s - r

    # -- contradictions, in policy.yaml order ---------------------------------------------------
    contradictions = []
    if early and reach == 3:
        contradictions.append("early_yet_large_audience")
    if reach == 0 and runway == "years":
        contradictions.append("no_audience_yet_leads_for_years")
    if reps == 0 and motion in REP_DRIVEN:
        contradictions.append("no_sellers_rep_driven_motion")
    if motion == "not_selling_yet" and selling:
        contradictions.append("not_selling_yet_with_customers")
    if motion == "self_serve" and cycle is not None and cycle >= 2:
        contradictions.append("self_serve_with_long_sales")
    if size == 0 and reps is not None and reps > 10:
        contradictions.append("small_company_many_sellers")
    if direct == "excellent" and below == 3:
        contradictions.append("strong_sales_yet_missing_targets")
    if automating and complexity == "complex":
        contradictions.append("automating_a_complex_sale")
    if communication == "smooth" and lead_quality == "poor":
        contradictions.append("smooth_teams_yet_lead_complaints")
    if tools == "shared" and communication == "frequent_problems":
        contradictions.append("shared_tools_yet_numbers_disagree")

    # -- the direction's confidence with no flips counted (bands high >= 3, medium >= 1), one level
    # lower per contradiction and once for many unanswered questions -------------------------------
    # No margin: both_unknown_cause_deep_sales, whose confidence is fixed at high.
    level = 0 if margin is None or margin >= 3 else 1 if margin >= 1 else 2
    level += len(contradictions) + (unanswered >= 4)
    confidence = LEVELS[min(level, 2)]

    # -- strength of the need -------------------------------------------------------------------
    strength_s = "clear" if need_s else "emerging" if s >= EMERGING_S else "not_yet"
    strength_r = "clear" if need_r else "emerging" if r >= EMERGING_R else "not_yet"
    if recommendation == "both":
        # The stronger side's: both_needed and both_keep_reps need a clear side, and
        # both_unknown_cause_deep_sales states a clear need.
        strength = "clear"
    else:
        strength = strength_s if recommendation == "salesops" else strength_r
        if weak and strength == "clear":
            strength = "emerging"

    # -- notes ------------------------------------------------------------------------------------
    outcome = "not_yet" if weak else recommendation
    notes = []
    if budget == "one_function":
        notes.append("budget_one_function_" + outcome)
    if outcome == "salesops":
        notes.append("salesops_alone_for_now" if r < EMERGING_R else "revops_can_grow_from_salesops")
    if size is not None and size <= 1 and weak:
        notes.append("small_company_part_time")

    # -- phasing, for both --------------------------------------------------------------------------
    first = None
    phased = False
    if recommendation == "both":
        if early:
            first = "salesops"
        elif automating:
            first = "revops"
        elif deep:
            first = "salesops"
        elif r > s:  # with or without R4 cited (two phase steps with the same order)
            first = "revops"
        else:
            first = "salesops"
        phased = budget == "one_function"

    return (s, r, decision, recommendation, weak, first, phased, tuple(fired), confidence, margin, strength,
            (strength_s, strength_r), supporting, tuple(notes), tuple(contradictions))


# What agreement compares, in the order of both tuples.
FIELDS = ("salesops", "revops", "decision", "recommendation", "weak", "first", "phased", "fired",
          "confidence", "margin", "strength", "strengths", "supporting", "notes", "contradictions")


def engine_tuple(result: Any) -> tuple:
    """The engine's result as the tuple ``hand_written`` returns (see FIELDS); ``confidence`` is the
    Result's, with no flips counted (``judge`` counts them, and is not benchmarked here)."""
    r = result
    return (r.salesops, r.revops, r.decision.id, r.recommendation, r.weak, r.first, r.phased,
            tuple(rule.id for rule in r.fired_rules), r.confidence, r.margin, r.strength,
            (r.strengths["salesops"], r.strengths["revops"]), tuple(d.id for d in r.supporting),
            tuple(n.id for n in r.notes), tuple(c.id for c in r.contradictions))


# -- inputs -----------------------------------------------------------------------------------

def random_answers(ruleset: Any, n: int, seed: int, p_unanswered: float = 0.15) -> list[dict[str, Any]]:
    """``n`` valid raw answer sets; each question absent with probability ``p_unanswered``."""
    rng = random.Random(seed)
    rand, choice, randint = rng.random, rng.choice, rng.randint
    makers = []
    for q in ruleset.questions:
        if q.type in ("choice", "scale"):
            makers.append((q.id, lambda values=q.option_values: choice(values)))
        elif q.type == "yesno":
            makers.append((q.id, lambda: rand() < 0.5))
        elif q.type == "number":
            lo = int(q.minimum if q.minimum is not None else 0)
            hi = int(q.maximum if q.maximum is not None else 10_000)

            def number(lo: int = lo, hi: int = hi) -> int:
                x = rand()
                if x < 0.2:
                    return lo                              # e.g. no reps: rep questions hidden
                if x < 0.8:
                    return randint(lo, min(hi, lo + 50))   # small: rep questions shown
                return randint(lo, hi)
            makers.append((q.id, number))
        else:  # multi: a random subset, in random order
            def subset(values: tuple[str, ...] = q.option_values, lo: int = q.min_choices,
                       hi: int | None = q.max_choices) -> list[str]:
                while True:
                    chosen = [v for v in values if rand() < 0.5]
                    if lo <= len(chosen) <= (hi if hi is not None else len(values)):
                        rng.shuffle(chosen)
                        return chosen
            makers.append((q.id, subset))
    out = []
    for _ in range(n):
        out.append({qid: make() for qid, make in makers if rand() >= p_unanswered})
    return out


# -- checks and timings ---------------------------------------------------------------------

def check_agreement(ruleset: Any, inputs: list[dict[str, Any]], show: int = 5) -> tuple[int, dict[str, set[str]]]:
    """Compare on every input; print the first ``show`` differences. Returns the number of
    differences and the decisions, rules, notes and contradictions seen, so the output can say how
    much of the ruleset was exercised."""
    mismatches = []
    seen: dict[str, set[str]] = {"decisions": set(), "rules": set(), "notes": set(), "contradictions": set()}
    for a in inputs:
        result = evaluate(ruleset, a)
        want = engine_tuple(result)
        seen["decisions"].add(want[2])
        seen["rules"].update(want[7])
        seen["notes"].update(want[13])
        seen["contradictions"].update(want[14])
        got = hand_written(a)
        if got != want:
            mismatches.append((a, result.hidden, want, got))
    for a, hidden, want, got in mismatches[:show]:
        print("\nMISMATCH for answers:")
        for key in sorted(a, key=lambda k: ruleset.question_by_id[k].index):
            print(f"    {key}: {a[key]!r}" + ("   (hidden, ignored)" if key in hidden else ""))
        for field, w, g in zip(FIELDS, want, got, strict=True):
            if w != g:
                print(f"  {field}: engine {w!r}, hand_written {g!r}")
    return len(mismatches), seen


def _loop_engine(ruleset: Any, inputs: list[dict[str, Any]]) -> float:
    ev = evaluate
    gc.collect()
    t0 = time.perf_counter()
    for a in inputs:
        ev(ruleset, a)
    return time.perf_counter() - t0


def _loop_hand(inputs: list[dict[str, Any]]) -> float:
    hw = hand_written
    gc.collect()
    t0 = time.perf_counter()
    for a in inputs:
        hw(a)
    return time.perf_counter() - t0


def time_interleaved(ruleset: Any, inputs: list[dict[str, Any]], rounds: int) -> tuple[list[float], list[float]]:
    engine: list[float] = []
    hand: list[float] = []
    for i in range(rounds):
        if i % 2 == 0:
            engine.append(_loop_engine(ruleset, inputs))
            hand.append(_loop_hand(inputs))
        else:
            hand.append(_loop_hand(inputs))
            engine.append(_loop_engine(ruleset, inputs))
    return engine, hand


def time_load(folder: Path, repeats: int = 20) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        load_ruleset(folder)
        best = min(best, time.perf_counter() - t0)
    return best


def time_what_would_change(ruleset: Any, sample: list[dict[str, Any]], rounds: int = 1) -> tuple[float, float]:
    """Seconds per call (best of ``rounds`` passes), and alternatives per call (average, on 100 of them)."""
    results = [evaluate(ruleset, a) for a in sample]
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        t0 = time.perf_counter()
        for a, res in zip(sample, results, strict=True):
            what_would_change(ruleset, a, res)
        best = min(best, time.perf_counter() - t0)
    # How many alternatives one call works out (for reading the number), counted outside the timing.
    from advisor.compiled import compiled

    functions = compiled(ruleset)
    real = functions.alternatives
    calls = 0

    def counting(alternative: Any) -> Any:
        def counted(*args: Any) -> Any:
            nonlocal calls
            calls += 1
            return alternative(*args)
        return counted
    functions.alternatives = tuple(counting(a) for a in real)
    try:
        for a, res in zip(sample[:100], results, strict=False):
            what_would_change(ruleset, a, res)
    finally:
        functions.alternatives = real
    return best / len(sample), calls / min(len(sample), 100)


def profile(ruleset: Any, inputs: list[dict[str, Any]], n: int = 20_000, top: int = 20) -> None:
    batch = inputs[:n]
    prof = cProfile.Profile()
    prof.enable()
    for a in batch:
        evaluate(ruleset, a)
    prof.disable()
    print(f"\ncProfile of evaluate() over {len(batch):,} answer sets (top {top} by own time; "
          "cProfile inflates per-call costs):")
    pstats.Stats(prof, stream=sys.stdout).strip_dirs().sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="random answer sets (default 100000)")
    parser.add_argument("--seed", type=int, default=20240601, help="random seed (default 20240601)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved timing rounds (default 5)")
    parser.add_argument("--wwc-sample", type=int, default=500, help="answer sets for what_would_change (default 500)")
    parser.add_argument("--profile", action="store_true", help="also cProfile 20,000 evaluations")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    folder = default_rules()
    ruleset = load_ruleset(folder)
    inputs = random_answers(ruleset, args.n, args.seed)
    print(f"bench_engine: {len(inputs):,} random valid answer sets (seed {args.seed}), ruleset "
          f"`{ruleset.id}` {ruleset.version} ({ruleset.hash}), Python {sys.version.split()[0]}")

    bad, seen = check_agreement(ruleset, inputs)
    if bad:
        print(f"\nFAIL: hand_written disagrees with the engine on {bad:,} of {len(inputs):,} inputs")
        return 1
    policy = ruleset.policy
    print(f"agreement: hand_written == engine on all {len(inputs):,} inputs "
          f"({len(seen['decisions'])} of {len(policy.decisions)} decisions reached, "
          f"{len(seen['rules'])} of {len(ruleset.rules)} rules fired, {len(seen['notes'])} of {len(policy.notes)} "
          f"notes and {len(seen['contradictions'])} of {len(policy.contradictions)} contradictions seen)")

    engine_times, hand_times = time_interleaved(ruleset, inputs, args.rounds)
    n = len(inputs)
    e_best, h_best = min(engine_times) / n * 1e6, min(hand_times) / n * 1e6
    e_med, h_med = statistics.median(engine_times) / n * 1e6, statistics.median(hand_times) / n * 1e6
    ratio = e_best / h_best
    round_ratios = [e / h for e, h in zip(engine_times, hand_times, strict=True)]

    load_ms = time_load(folder) * 1e3
    sample = inputs[:args.wwc_sample]
    wwc_s, wwc_evals = time_what_would_change(ruleset, sample)

    print(f"\n{'measure':<44}{'best':>12}{'median':>12}")
    print(f"{'engine evaluate(), µs per answer set':<44}{e_best:>12.2f}{e_med:>12.2f}")
    print(f"{'hand_written(), µs per answer set':<44}{h_best:>12.2f}{h_med:>12.2f}")
    print(f"{'load_ruleset(default), ms (of 20)':<44}{load_ms:>12.1f}{'':>12}")
    print(f"{f'what_would_change(), ms per set (of {len(sample)})':<44}{wwc_s * 1e3:>12.2f}{'':>12}"
          f"   ~{wwc_evals:.0f} alternatives each")
    print(f"\nratio engine / hand_written (best of {args.rounds} interleaved rounds): {ratio:.2f}x   "
          f"target: at most {TARGET:.1f}x   -> {'within target' if ratio <= TARGET else 'OVER target'}")
    print(f"per-round ratios: {', '.join(f'{x:.2f}' for x in round_ratios)} "
          "(machines here are noisy; compare ratios, not absolute times)")
    if args.profile:
        profile(ruleset, inputs)
    print(f"(total run time {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
