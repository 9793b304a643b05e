"""The two judgements and what feeds them, on a small ruleset written for these tests.

Direction (which function, in which order, how sure) and strength of need
(clear, emerging, not yet) are kept apart; reasons of every decision that
holds add up; notes (the budget) are stated for every outcome; declared
contradictions are named and lower the direction's confidence; first steps
are listed only when their condition holds, and marked only when a
criterion they cite fired. And `rules check` refuses each of these written
wrongly, at its line.

The ruleset (``MINI``) is independent of the default one, so these tests
pin the engine's semantics, not the default ruleset's calibration. Points:
S = SalesOps, R = RevOps; thresholds 8 and 8, emerging from 4 and 4.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import english_only

from advisor.casetest import run_cases
from advisor.engine import evaluate, judge, what_would_change
from advisor.errors import RulesetError
from advisor.loader import load_ruleset
from advisor.model import Ruleset
from advisor.report import build_report, load_strings

RULES = Path(__file__).resolve().parents[2] / "rules"

QUESTIONS = """\
topics:
  - {id: company, title: Company}
questions:
  - id: stage
    topic: company
    type: scale
    text: Stage?
    help: Why.
    feeds: [S1]
    options:
      - {value: early, label: Early}
      - {value: growing, label: Growing}
  - id: reps
    topic: company
    type: number
    text: Reps?
    help: Why.
    feeds: [S5]
    integer: true
    min: 0
    max: 100
  - id: admin
    topic: company
    type: scale
    text: Admin?
    help: Why.
    feeds: [S5]
    signal: salesops
    show_if: {question: reps, gt: 0}
    options:
      - {value: low, label: Low}
      - {value: mid, label: Mid}
      - {value: high, label: High}
  - id: teams
    topic: company
    type: scale
    text: Teams?
    help: Why.
    feeds: [R1]
    signal: revops
    options:
      - {value: none, label: None}
      - {value: some, label: Some}
      - {value: many, label: Many}
  - id: budget
    topic: company
    type: choice
    text: Budget?
    help: Why.
    feeds: [B2]
    options:
      - {value: one, label: One}
      - {value: both, label: Both}
"""

RULES_YAML = """\
rules:
  - id: admin_mid
    cites: [S5]
    when: {question: admin, eq: mid}
    points: {salesops: 4}
    rationale: Admin is {admin}. More words.
  - id: admin_high
    cites: [S5]
    when: {question: admin, eq: high}
    points: {salesops: 8}
    rationale: Admin is {admin}. More words.
  - id: many_reps
    cites: [S2]
    when: {question: reps, gte: 5}
    points: {salesops: 2}
    rationale: You have {reps}.
  - id: teams_some
    cites: [R1]
    when: {question: teams, eq: some}
    points: {revops: 4}
    rationale: Teams are {teams}.
  - id: teams_many
    cites: [R2]
    when: {question: teams, eq: many}
    points: {revops: 8}
    rationale: Teams are {teams}.
  - id: growing
    cites: [R4]
    when: {question: stage, eq: growing}
    points: {revops: 1}
    rationale: You are {stage}.
"""

POLICY = """\
thresholds: {salesops: 8, revops: 8}
strength:
  emerging_from: {salesops: 4, revops: 4}
  levels:
    clear: {label: Clear need, text: Now.}
    emerging: {label: Emerging need, text: Soon.}
    not_yet: {label: Not yet, text: Later.}
flags:
  - id: keeps_reps
    when: {question: reps, gt: 0}
decisions:
  - id: both_needed
    cites: [B2]
    when: {all: [{need: salesops}, {need: revops}]}
    recommend: both
    margin: [salesops_over, revops_over]
    reason: Both meet their criteria.
    summary: Both ({salesops}, {revops}).
  - id: both_keep_reps
    cites: [B3]
    when: {all: [{need: revops}, {flag: keeps_reps}, {score: salesops, gte: 4}]}
    recommend: both
    margin: [revops_over]
    reason: You keep reps ({salesops}).
    summary: Both, you keep reps.
  - id: revops_needed
    cites: [D4]
    when: {need: revops}
    recommend: revops
    margin: [revops_lead]
    summary: RevOps.
  - id: salesops_needed
    cites: [D2]
    when: {need: salesops}
    recommend: salesops
    margin: [salesops_lead]
    reason: Never used, another salesops decision is never chosen after this.
    summary: SalesOps.
  - id: weak_revops
    cites: [D4]
    when: {lead: revops}
    recommend: revops
    weak: true
    margin: [revops_lead]
    summary: Leaning RevOps.
  - id: weak_salesops
    cites: [D2]
    recommend: salesops
    weak: true
    margin: [salesops_lead]
    summary: Leaning SalesOps.
phasing:
  phased_when: {question: budget, eq: one}
  order:
    - first: salesops
      cites: [D2]
      reason: SalesOps first.
direction:
  bands:
    - {level: high, min_margin: 4, max_flips: 1}
    - {level: medium, min_margin: 2, max_flips: 3}
    - {level: low}
  levels:
    high: {label: Firm, text: Sure.}
    medium: {label: Likely, text: Fairly sure.}
    low: {label: Open, text: Unsure.}
notes:
  - id: budget_single
    cites: [B2]
    when: {all: [{question: budget, eq: one}, {outcome: [salesops, revops]}]}
    text: One function, and one is what you need ({first}{then}).
  - id: budget_both
    cites: [B2]
    when: {all: [{question: budget, eq: one}, {outcome: both}]}
    text: Build {first} first, then {then}.
  - id: budget_not_yet
    cites: [B2]
    when: {all: [{question: budget, eq: one}, {outcome: not_yet}]}
    text: When the need is clear, start with {lean}.
contradictions:
  - id: early_many_teams
    cites: [S1, R1]
    answers:
      - {question: stage, eq: early}
      - {question: teams, eq: many}
    text: Early, yet many teams.
  - id: no_budget_many_reps
    cites: [B2]
    answers:
      - {question: budget, eq: one}
      - {question: reps, gte: 50}
    text: Fifty reps, yet budget for one function.
caveats:
  - id: lots_unanswered
    kind: gap
    lowers_confidence: true
    when: {count: unanswered, gte: 4}
    text: "{unanswered} unanswered."
"""

FUNCTIONS = """\
metrics:
  - {id: close_rate, name: Close rate, description: Deals won.}
functions:
  salesops:
    name: Sales Operations
    summary: Helps reps.
    first_steps:
      - id: cut_admin
        cites: [S5]
        when: {question: reps, gt: 0}
        text: Cut the reps' admin.
      - id: playbook
        cites: [S2, D2]
        text: Write a playbook.
    metrics: [close_rate]
  revops:
    name: Revenue Operations
    summary: Aligns teams.
    first_steps:
      - id: align
        cites: [R1, R2]
        text: Align the teams.
    metrics: [close_rate]
  both:
    summary: Split the work.
    cites: [B4]
"""

CASES = """\
cases:
  - id: clear_salesops
    answers: {stage: early, reps: 6, admin: high, teams: none, budget: both}
    expect: {recommend: salesops, confidence: high, strength: clear, criteria: [S5, S2]}
"""


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def mini_folder(tmp_path: Path, **files: str) -> Path:
    """The MINI ruleset in a folder, with any of its files replaced (``policy="..."``)."""
    folder = tmp_path / "mini"
    folder.mkdir(exist_ok=True)
    for name in ("ruleset.yaml", "criteria.yaml"):  # English only, as MINI's own texts are
        write(folder, name, english_only(RULES / name))
    texts = {"questions": QUESTIONS, "rules": RULES_YAML, "policy": POLICY, "functions": FUNCTIONS,
             "cases": CASES, **files}
    for stem, text in texts.items():
        write(folder, f"{stem}.yaml", text)
    return folder


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Ruleset:
    return load_ruleset(mini_folder(tmp_path_factory.mktemp("verdict")), cache=False)


def problems(folder: Path) -> list[str]:
    with pytest.raises(RulesetError) as info:
        load_ruleset(folder, cache=False)
    return [f"{Path(d.path).name}:{d.line}: {d.message}" for d in info.value.diagnostics]


# -- strength of need ------------------------------------------------------------------------


@pytest.mark.parametrize("admin, level", [("low", "not_yet"), ("mid", "emerging"), ("high", "clear")])
def test_strength_of_each_side_comes_from_its_score(mini: Ruleset, admin: str, level: str) -> None:
    result = evaluate(mini, {"reps": 1, "admin": admin, "teams": "none"})
    assert result.strengths["salesops"] == level
    assert result.strengths["revops"] == "not_yet"


def test_a_weak_lean_is_not_yet_with_its_lean_and_strength(mini: Ruleset) -> None:
    result = evaluate(mini, {"reps": 1, "admin": "mid", "teams": "none"})  # S 4, R 0
    assert (result.outcome, result.lean, result.strength) == ("not_yet", "salesops", "emerging")
    weaker = evaluate(mini, {"reps": 1, "admin": "low", "teams": "none"})  # S 0, R 0
    assert (weaker.outcome, weaker.lean, weaker.strength) == ("not_yet", "salesops", "not_yet")


def test_a_clear_direction_with_a_clear_need(mini: Ruleset) -> None:
    verdict = judge(mini, {"stage": "early", "reps": 6, "admin": "high", "teams": "none", "budget": "both"})
    result = verdict.result
    assert (result.outcome, result.lean, result.strength) == ("salesops", None, "clear")
    assert result.margin == 10  # the lead: 10 against 0, not 2 over the threshold
    assert verdict.flips == ("teams",)  # only "many teams" (RevOps 8) would turn it, into both
    assert verdict.confidence == "high"  # one question may: max_flips 1


def test_direction_and_strength_are_apart(mini: Ruleset) -> None:
    # The same direction (SalesOps, far ahead of RevOps) at two strengths: only the strength moves.
    strong = judge(mini, {"reps": 6, "admin": "high", "teams": "none", "budget": "both", "stage": "early"})
    weak = judge(mini, {"reps": 1, "admin": "mid", "teams": "none", "budget": "both", "stage": "early"})
    assert strong.result.direction == weak.result.direction == ("salesops", None)
    assert (strong.result.strength, weak.result.strength) == ("clear", "emerging")
    assert weak.confidence in ("high", "medium")  # 4 points ahead; only the strength is moderate


def test_flips_lower_the_direction_confidence(mini: Ruleset) -> None:
    # S 10 (admin high + many reps), R 4 (teams some): a lead of 6, but teams=many makes it both.
    answers = {"stage": "early", "reps": 6, "admin": "high", "teams": "some", "budget": "both"}
    verdict = judge(mini, answers)
    assert verdict.result.margin == 6
    assert "teams" in verdict.flips
    changes = what_would_change(mini, answers)
    assert any(ch.question_id == "teams" and ch.turns_direction for ch in changes)
    # Change that only the strength would see (admin mid: SalesOps 6, not yet) does not count as a flip.
    assert all(ch.turns_direction == (ch.recommendation != "salesops") for ch in changes)


# -- reasons add up ------------------------------------------------------------------------


def test_every_agreeing_decision_adds_its_reason(mini: Ruleset) -> None:
    result = evaluate(mini, {"stage": "early", "reps": 6, "admin": "high", "teams": "many", "budget": "both"})
    assert result.decision.id == "both_needed"
    assert [d.id for d in result.supporting] == ["both_keep_reps"]
    assert {"B2", "B3"} <= result.cited
    report = build_report(mini, result, (), strings=load_strings("en"))
    assert [r["id"] for r in report["recommendation"]["reasons"]] == ["both_keep_reps"]
    assert report["recommendation"]["reasons"][0]["text"] == "You keep reps (10)."


def test_disagreeing_or_weak_decisions_add_nothing(mini: Ruleset) -> None:
    result = evaluate(mini, {"reps": 6, "admin": "high", "teams": "none"})
    assert result.decision.id == "salesops_needed" and result.supporting == ()
    weak = evaluate(mini, {"reps": 1, "admin": "mid"})
    assert weak.supporting == ()


@pytest.mark.parametrize("answers, outcome, note", [
    ({"reps": 6, "admin": "high", "teams": "none"}, "salesops", "budget_single"),
    ({"teams": "many"}, "revops", "budget_single"),
    ({"reps": 6, "admin": "high", "teams": "many"}, "both", "budget_both"),
    ({"teams": "some"}, "not_yet", "budget_not_yet"),
])
def test_the_budget_is_named_for_every_outcome(mini: Ruleset, answers: dict[str, Any], outcome: str,
                                               note: str) -> None:
    result = evaluate(mini, {**answers, "budget": "one"})
    assert result.outcome == outcome
    assert [n.id for n in result.notes] == [note]
    assert "B2" in result.cited
    assert evaluate(mini, {**answers, "budget": "both"}).notes == ()


def test_note_placeholders_name_the_functions(mini: Ruleset) -> None:
    result = evaluate(mini, {"teams": "some", "budget": "one"})
    report = build_report(mini, result, (), strings=load_strings("en"))
    assert report["recommendation"]["reasons"][0]["text"] == "When the need is clear, start with RevOps."


# -- contradictions ---------------------------------------------------------------------------


def test_a_contradiction_is_named_and_lowers_confidence_one_level(mini: Ruleset) -> None:
    base = {"stage": "growing", "reps": 0, "teams": "many", "budget": "both"}
    clean = judge(mini, base)
    contradicted = judge(mini, {**base, "stage": "early"})
    assert clean.result.contradictions == ()
    assert [c.id for c in contradicted.result.contradictions] == ["early_many_teams"]
    levels = ("high", "medium", "low")
    assert levels.index(contradicted.confidence) == min(levels.index(clean.confidence) + 1, 2)
    report = build_report(mini, contradicted.result, (), strings=load_strings("en"))
    assert report["caveats"][0] == {"id": "early_many_teams", "kind": "contradiction", "cites": ["S1", "R1"],
                                    "text": "Early, yet many teams."}


def test_each_contradiction_lowers_once_more(mini: Ruleset) -> None:
    answers = {"stage": "early", "reps": 60, "admin": "low", "teams": "many", "budget": "one"}
    verdict = judge(mini, answers)
    assert len(verdict.result.contradictions) == 2
    assert verdict.confidence == "low"


# -- first steps ------------------------------------------------------------------------------


def _steps(ruleset: Ruleset, answers: dict[str, Any]) -> dict[str, bool]:
    result = evaluate(ruleset, answers)
    report = build_report(ruleset, result, (), strings=load_strings("en"))
    return {st["id"]: st["triggered"] for fn in report["first_steps"] for st in fn["steps"]}


def test_a_step_with_a_condition_is_listed_only_when_it_holds(mini: Ruleset) -> None:
    assert "cut_admin" not in _steps(mini, {"reps": 0})
    assert "cut_admin" not in _steps(mini, {})  # not answered: not listed either
    assert "cut_admin" in _steps(mini, {"reps": 3, "admin": "low"})


def test_a_step_is_marked_only_when_a_criterion_it_cites_fired(mini: Ruleset) -> None:
    # SalesOps lean through the fallback decision (cites D2): D2 alone does not mark the playbook.
    assert _steps(mini, {"reps": 3, "admin": "low"}) == {"cut_admin": False, "playbook": False}
    assert _steps(mini, {"reps": 6, "admin": "high"}) == {"cut_admin": True, "playbook": True}


# -- cases ----------------------------------------------------------------------------------


def test_cases_check_direction_confidence_and_strength(tmp_path: Path) -> None:
    cases = CASES + """\
  - id: wrong
    answers: {stage: early, reps: 6, admin: high, teams: some, budget: both}
    expect: {recommend: salesops, confidence: high, strength: emerging}
  - id: weak
    answers: {reps: 1, admin: mid, teams: none}
    expect: {recommend: not_yet, lean: revops, strength: emerging}
"""
    ruleset = load_ruleset(mini_folder(tmp_path, cases=cases), cache=False)
    report = run_cases(ruleset)
    failures = {o.case.id: o.failures for o in report.outcomes}
    assert failures["clear_salesops"] == ()
    assert any("expected high confidence in the direction, got" in f and "teams" in f for f in failures["wrong"])
    assert any("expected strength emerging, got clear" in f for f in failures["wrong"])
    assert failures["weak"] == ("expected not_yet (leaning revops), got not_yet (leaning salesops) "
                                "(decision `weak_salesops`, scores 4/0)",)


# -- rules check ----------------------------------------------------------------------------


def _replace(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.mark.parametrize("file, old, new, message", [
    ("policy", "{outcome: both}", "{outcome: everything}",
     "policy.yaml:74: expected an outcome: one of salesops, revops, both, not_yet; found the string"),
    ("policy", "when: {need: revops}\n    recommend: revops",
     "when: {outcome: revops}\n    recommend: revops", "`outcome` is not known yet here"),
    ("policy", "      - {question: reps, gte: 50}", "      - {question: budget, eq: both}",
     "both answers read `budget`: a contradiction is between the answers to different questions"),
    ("policy", "      - {question: teams, eq: many}\n",
     "", "expected two answer conditions (a pair), found 1"),
    ("policy", "      - {question: teams, eq: many}", "      - {question: admin, eq: high}\n"
     "      - {question: reps, eq: 0}", "expected two answer conditions (a pair), found 3"),
    ("policy", "emerging_from: {salesops: 4, revops: 4}", "emerging_from: {salesops: 8, revops: 4}",
     "the need cannot emerge at 8: the threshold for `salesops` is 8"),
    ("policy", "    weak: true\n    margin: [revops_lead]", "    weak: true\n    strength: clear\n"
     "    margin: [revops_lead]", "a weak decision cannot state a clear need"),
    ("policy", "medium, min_margin: 2, max_flips: 3}", "medium, min_margin: 2, max_flips: 0}",
     "`medium` allows fewer flips (0) than `high` (1)"),
    ("policy", "direction:\n", "confidence:\n", "`confidence` is now `direction`"),
    ("policy", "    kind: gap", "    kind: contradiction", "contradictions have their own list now"),
    ("policy", "    not_yet: {label: Not yet, text: Later.}\n", "", "missing key `not_yet`"),
    ("functions", "when: {question: reps, gt: 0}", "when: {question: rep_count, gt: 0}",
     "unknown question `rep_count`"),
    ("cases", "expect: {recommend: salesops,", "expect: {recommend: not_yet,",
     "`recommend: not_yet` needs `lean`"),
    ("cases", "expect: {recommend: salesops,", "expect: {recommend: salesops, lean: revops,",
     "`lean` goes with `recommend: not_yet`, not `salesops`"),
])
def test_rules_check_refuses(tmp_path: Path, file: str, old: str, new: str, message: str) -> None:
    texts = {"policy": POLICY, "functions": FUNCTIONS, "cases": CASES}
    folder = mini_folder(tmp_path, **{file: _replace(texts[file], old, new)})
    found = problems(folder)
    assert any(message in p for p in found), found


def test_a_contradiction_or_step_that_can_never_hold_is_reported(tmp_path: Path) -> None:
    policy = _replace(POLICY, "      - {question: reps, gte: 50}", "      - {question: admin, eq: high}")
    policy = _replace(policy, "      - {question: budget, eq: one}\n      - {question: admin",
                      "      - {question: reps, eq: 0}\n      - {question: admin")
    functions = _replace(FUNCTIONS, "when: {question: reps, gt: 0}",
                         "when: {all: [{question: reps, eq: 0}, {question: admin, eq: low}]}")
    found = problems(mini_folder(tmp_path, policy=policy, functions=functions))
    assert any(p.startswith("policy.yaml:") and "contradiction `no_budget_many_reps` can never apply" in p
               for p in found), found
    assert any(p.startswith("functions.yaml:") and "first step `cut_admin` can never apply" in p
               for p in found), found
