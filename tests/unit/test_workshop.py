"""The workshop core: the pooling rule on hand-worked examples, the pooled result, and the disagreements.

The pooling rule is the default ruleset's (policy.yaml, ``pooling``): medians
for ordered answers (the lower middle on an even count), the most common
answer for unordered ones with ties left open, and at least half the votes
for a multiple-choice option. Disagreements are checked against the engine
itself: one shown as mattering does change the pooled result when its answer
is put in, and one shown as not mattering does not.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.answers import AnswersFile, dumps_answers
from advisor.engine import evaluate
from advisor.errors import AdvisorError
from advisor.model import Pooling, Ruleset
from advisor.record import replace
from advisor.workshop.analysis import analyse, standing
from advisor.workshop.folder import (
    FolderReader,
    Participant,
    WorkshopError,
    WorkshopInfo,
    create_workshop,
    read_participant,
    read_participants,
    read_workshop,
)
from advisor.workshop.pool import pool_answers, pool_question, pooled_values
from tests.unit.test_properties import answer_sets, default_ruleset

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ["clear-salesops", "clear-revops", "both-phased", "both-unknown-cause", "not-yet"]


def pool(ruleset: Ruleset, qid: str, votes: list[Any], rule: Pooling | None = None) -> Any:
    return pool_question(ruleset.question(qid), votes, rule or ruleset.policy.pooling)


def participant(ruleset: Ruleset, file: str, answers: dict[str, Any], role: str = "", name: str = "") -> Participant:
    result = evaluate(ruleset, answers)
    asked = len(ruleset.questions) - len(result.hidden)
    return Participant(file, name, role, "", dict(result.answers), result, asked - len(result.unanswered), asked)


def info(**kw: Any) -> WorkshopInfo:
    return WorkshopInfo(Path("."), "Acme", **kw)


def write_answers(path: Path, ruleset: Ruleset, answers: dict[str, Any], *, name: str = "", role: str = "") -> None:
    af = AnswersFile(answers=answers, company="Acme", respondent=name, role=role, ruleset_id=ruleset.id,
                     ruleset_version=ruleset.version, ruleset_hash=ruleset.hash)
    path.write_text(dumps_answers(af), encoding="utf-8")


# -- the pooling rule, worked by hand ---------------------------------------------------------------

def test_ordered_options_take_the_median(ruleset):
    # company_stage: idea_or_pre_revenue < first_customers < growing < scaling < mature
    assert pool(ruleset, "company_stage", ["mature", "first_customers", "growing"]).value == "growing"
    # An even count takes the lower of the two middle answers: one somebody gave.
    assert pool(ruleset, "company_stage", ["scaling", "first_customers", "mature", "growing"]).value == "growing"
    upper = Pooling(ordered="upper_median")
    assert pool(ruleset, "company_stage", ["scaling", "first_customers", "mature", "growing"], upper).value == \
        "scaling"


def test_numbers_take_the_median(ruleset):
    assert pool(ruleset, "sales_reps", [20, 3, 9]).value == 9
    assert pool(ruleset, "sales_reps", [0, 12, 3, 20]).value == 3  # lower middle of 0, 3, 12, 20
    assert pool(ruleset, "sales_reps", [5]).value == 5


def test_unordered_options_take_the_most_common(ruleset):
    p = pool(ruleset, "sales_motion", ["field_sales", "inside_sales", "field_sales"])
    assert (p.value, p.votes, p.tie) == ("field_sales", 3, ())


def test_a_tie_is_named_and_left_open(ruleset):
    p = pool(ruleset, "sales_motion", ["field_sales", "inside_sales", "inside_sales", "field_sales", "hybrid"])
    assert p.value is None
    assert p.tie == ("inside_sales", "field_sales")  # in the questionnaire's order
    first = pool(ruleset, "sales_motion", ["field_sales", "inside_sales"], Pooling(ties="first_listed"))
    assert (first.value, first.tie) == ("inside_sales", ("inside_sales", "field_sales"))


def test_yes_no_is_unordered(ruleset):
    assert pool(ruleset, "reactivity_plan", [True, False, False]).value is False
    tied = pool(ruleset, "reactivity_plan", [True, False])
    assert tied.value is None and tied.tie == (True, False)


def test_multiple_choice_takes_the_options_ticked_by_at_least_half(ruleset):
    votes = [["marketing", "customer_success"], ["marketing"], ["marketing", "support"], []]
    # marketing 3/4, customer_success 1/4, support 1/4; an empty answer ("none of these") votes too.
    assert pool(ruleset, "revenue_teams", votes).value == ["marketing"]
    assert pool(ruleset, "revenue_teams", [["marketing", "product"], ["product"]]).value == ["marketing", "product"]
    assert pool(ruleset, "revenue_teams", [[], []]).value == []


def test_blank_and_unasked_answers_do_not_vote(ruleset):
    a = participant(ruleset, "a.yaml", {"sales_motion": "field_sales", "sales_reps": 0, "rep_reactivity": "proactive"})
    b = participant(ruleset, "b.yaml", {"sales_motion": "inside_sales", "sales_reps": 4})
    c = participant(ruleset, "c.yaml", {"sales_motion": "inside_sales", "sales_reps": 6,
                                        "rep_reactivity": "mostly_reactive"})
    pooled = pool_answers(ruleset, [p.answers for p in (a, b, c)])
    # a has no reps, so a was not asked how reps find deals: only c votes; b left it blank.
    assert "rep_reactivity" not in a.answers
    assert (pooled["rep_reactivity"].value, pooled["rep_reactivity"].votes) == ("mostly_reactive", 1)
    assert pooled["sales_motion"].value == "inside_sales"
    assert pooled["budget"].votes == 0 and pooled["budget"].value is None
    assert "budget" not in pooled_values(pooled)


# -- the pooled result --------------------------------------------------------------------------------

def _example(ruleset: Ruleset, name: str) -> Participant:
    found = read_participant(ROOT / "examples" / f"{name}.yaml", ruleset)
    assert found is not None and found.counted, found
    return found


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("count", [1, 2, 5])
def test_identical_participants_pool_to_that_participant(ruleset, name, count):
    one = _example(ruleset, name)
    people = [replace(one, file=f"{i}.yaml") for i in range(count)]
    w = analyse(ruleset, info(), people)
    assert w.result is not None and one.result is not None
    assert standing(w.result) == standing(one.result)
    assert (w.result.salesops, w.result.revops) == (one.result.salesops, one.result.revops)
    assert w.agree == w.agree_fully == count
    assert not w.mattering and not w.minor


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answer_sets(), count=st.integers(min_value=1, max_value=6))
def test_property_n_identical_participants_give_that_participants_result(answers, count):
    ruleset = default_ruleset()
    people = [participant(ruleset, f"{i}.yaml", answers) for i in range(count)]
    w = analyse(ruleset, info(), people)
    alone = evaluate(ruleset, answers)
    assert w.result is not None
    assert w.result.key == alone.key and w.result.strength == alone.strength
    assert (w.result.salesops, w.result.revops) == (alone.salesops, alone.revops)


def test_a_workshop_of_one_works(ruleset):
    w = analyse(ruleset, info(), [_example(ruleset, "clear-revops")])
    assert w.result is not None and w.result.outcome == "revops" and w.agree == 1


def test_nobody_yet(ruleset):
    w = analyse(ruleset, info(), [])
    assert w.result is None and w.spreads == () and w.agree == 0


# -- disagreements ------------------------------------------------------------------------------------

def _five(ruleset: Ruleset) -> Any:
    return analyse(ruleset, info(), [_example(ruleset, name) for name in EXAMPLES])


def test_a_disagreement_shown_as_mattering_does_change_the_pooled_result(ruleset):
    w = _five(ruleset)
    assert w.result is not None and w.mattering
    for spread in w.mattering:
        changing = [side for side in spread.sides if side.changes]
        assert changing
        for side in changing:
            trial = {**w.answers, spread.question_id: side.value}
            assert standing(evaluate(ruleset, trial)) != standing(w.result), spread.question_id
    # Ranked by how many people hold the dissenting answer.
    counts = [spread.dissenters for spread in w.mattering]
    assert counts == sorted(counts, reverse=True)


def test_a_disagreement_shown_as_not_mattering_does_not(ruleset):
    w = _five(ruleset)
    assert w.result is not None and w.minor
    for spread in w.minor:
        assert spread.disagreement
        for side in spread.sides:
            trial = {**w.answers, spread.question_id: side.value}
            assert standing(evaluate(ruleset, trial)) == standing(w.result), spread.question_id


def test_grid_rows_put_the_most_divisive_first(ruleset):
    w = _five(ruleset)
    assert len(w.spreads) == len(ruleset.questions)
    values = [s.divisiveness for s in w.spreads]
    assert values == sorted(values, reverse=True)
    everyone_agrees = [s for s in w.spreads if s.answered > 1 and len(s.sides) == 1]
    assert all(s.divisiveness == 0 for s in everyone_agrees)


def test_sides_name_everyone_who_answered(ruleset):
    w = _five(ruleset)
    for spread in w.spreads:
        people = [label for side in spread.sides for label in side.people]
        assert len(people) == len(set(people)) == spread.answered


def test_dissent_is_recorded_by_name_and_roles_pool_when_they_repeat(ruleset):
    a = participant(ruleset, "a.yaml", _example(ruleset, "clear-salesops").answers, role="Sales", name="Ana")
    b = participant(ruleset, "b.yaml", _example(ruleset, "clear-salesops").answers, role="sales ", name="Bo")
    c = participant(ruleset, "c.yaml", _example(ruleset, "clear-revops").answers, role="Marketing", name="Cy")
    w = analyse(ruleset, info(), [a, b, c])
    assert w.result is not None and w.result.recommendation == "salesops"
    assert [w.labels[p.file] for p in w.dissent] == ["Cy (Marketing)"]
    assert [(v.role, v.people, v.result.recommendation) for v in w.roles] == [
        ("Sales", ("Ana (Sales)", "Bo (sales)"), "salesops"), ("Marketing", ("Cy (Marketing)",), "revops")]
    anonymous = analyse(ruleset, info(show_names=False), [a, b, c])
    assert sorted(anonymous.labels.values()) == ["Marketing", "Sales", "sales"]
    assert analyse(ruleset, info(), [a, c]).roles == ()  # no role repeats


# -- the folder ---------------------------------------------------------------------------------------

def test_create_and_read_a_workshop(ruleset, tmp_path):
    folder = tmp_path / "w"
    made = create_workshop(folder, ruleset, company="Acme <b>", title="Kick-off", date="2026-12-01")
    read = read_workshop(folder, ruleset)
    assert (read.company, read.title, read.date, read.ruleset_hash, read.show_names) == \
        ("Acme <b>", "Kick-off", "2026-12-01", ruleset.hash, True)
    assert made.company == read.company and read.warnings == ()
    with pytest.raises(AdvisorError, match="workshop already"):
        create_workshop(folder, ruleset, company="Other")
    assert read_workshop(folder, ruleset).company == "Acme <b>"  # kept


@pytest.mark.parametrize(("text", "found"), [
    (None, "missing"),
    ("company: [1\n", "workshop.yaml:2"),
    ("company: Acme\nshow_names: maybe\n", "workshop.yaml:2:13: expected `true`"),
    ("title: No company\n", "missing key `company`"),
    ("company: Acme\ndate: 1 Dec\n", "workshop.yaml:2:7: expected a date"),
])
def test_a_broken_workshop_file_is_located(ruleset, tmp_path, text, found):
    folder = tmp_path / "w"
    folder.mkdir()
    if text is not None:
        (folder / "workshop.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(WorkshopError) as caught:
        read_workshop(folder, ruleset)
    assert found in str(caught.value)


def test_bad_participant_files_are_listed_and_the_others_count(ruleset, tmp_path):
    folder = tmp_path / "w"
    create_workshop(folder, ruleset, company="Acme")
    write_answers(folder / "ana.yaml", ruleset, {"company_stage": "growing"}, name="Ana")
    (folder / "empty.yaml").write_text("", encoding="utf-8")
    (folder / "half.yaml").write_text("answers:\n  company_stage: [gro", encoding="utf-8")
    (folder / "wrong.yaml").write_text("answers:\n  company_stage: huge\n", encoding="utf-8")
    other = (folder / "ana.yaml").read_text(encoding="utf-8").replace(ruleset.hash, "sha256:0000000000000000")
    (folder / "old.yaml").write_text(other, encoding="utf-8")
    (folder / "notes.txt").write_text("not a participant", encoding="utf-8")
    (folder / ".ana.yaml.123.abcdef12.advisor.tmp").write_text("partial", encoding="utf-8")
    (folder / "report.json").write_text('{"format": "advisor-workshop-report/1"}', encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    people = read_participants(folder, ruleset)
    by_file = {p.file: p for p in people}
    assert sorted(by_file) == ["ana.yaml", "empty.yaml", "half.yaml", "old.yaml", "wrong.yaml"]
    assert by_file["ana.yaml"].counted and not by_file["ana.yaml"].problem
    assert by_file["empty.yaml"].problem == "the file is empty"
    assert by_file["half.yaml"].problem.startswith("line 3: did not find")
    assert "company_stage" in by_file["wrong.yaml"].problem
    assert "another version" in by_file["old.yaml"].problem
    w = analyse(ruleset, read_workshop(folder, ruleset), people)
    assert len(w.counted) == 1 and len(w.problems) == 4
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # nothing changed


def test_the_reader_rereads_only_what_changed_and_waits_for_a_file_being_written(ruleset, tmp_path):
    folder = tmp_path / "w"
    create_workshop(folder, ruleset, company="Acme")
    reader = FolderReader(folder, ruleset, settle=30.0)
    assert reader.read() == ([], False)
    write_answers(folder / "ana.yaml", ruleset, {"company_stage": "growing"}, name="Ana")
    people, changed = reader.read()
    assert changed and [p.answered for p in people] == [1]
    assert reader.read()[1] is False
    # Caught mid-write: the last good reading stays, and no error shows.
    (folder / "ana.yaml").write_text("answers:\n  company_stage: [gro", encoding="utf-8")
    people, _ = reader.read()
    assert [(p.answered, p.problem) for p in people] == [(1, "")]
    # A new file that cannot be read yet shows as being written, not as an error.
    (folder / "bo.yaml").write_text("answ", encoding="utf-8")
    people, _ = reader.read()
    assert [(p.file, p.writing, p.problem) for p in people][1] == ("bo.yaml", True, "")
    # Once it has settled, the problem shows.
    old = time.time() - 60
    os.utime(folder / "bo.yaml", (old, old))
    people, _ = reader.read()
    assert people[1].problem and not people[1].writing
    (folder / "ana.yaml").unlink()
    people, changed = reader.read()
    assert changed and [p.file for p in people] == ["bo.yaml"]
