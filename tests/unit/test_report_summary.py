"""The report as a reader checks it: a plain first page, then the evidence.

The first page (everything before the appendix heading) names no criterion
id; a weak result says "Not yet" and never "Build"; numbers agree with
their nouns; the evidence quotes each question once per criterion; "what
would change it" names each question once, leaves out changes that read
the same as the verdict, and says an order change in words; the app's
version (``screen=True``) leaves out what its widgets show.

The answers are found by searching the loaded ruleset (a greedy climb
toward a goal over each question's possible answers), not written out, so
the tests hold whatever the default ruleset's questions and texts become.
The example answers under ``examples/`` are checked as well.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from advisor.answers import load_answers
from advisor.engine import Change, Result, evaluate, what_would_change
from advisor.model import Question, Ruleset
from advisor.plaintext import md_escape
from advisor.report import build_report, fill, load_strings, render

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
DATE = "2026-12-01"
CRITERION_ID = re.compile(r"\b[SRBD][0-9]\b")
STRINGS = load_strings("en")


# -- answers found by search ------------------------------------------------------------------------

def candidates(q: Question, ruleset: Ruleset) -> list[Any]:
    """The answers worth trying for ``q``: every option, yes and no, the numbers the rules compare with."""
    if q.type == "multi":
        values = list(q.option_values)
        sets = [[], *([v] for v in values), values]
        return [s for s in sets if q.min_choices <= len(s) <= (q.max_choices or len(values))]
    return list(ruleset.probes[q.id])


def climb(ruleset: Ruleset, goal: Callable[[Result], float]) -> dict[str, Any]:
    """Answers that push ``goal`` up, one question at a time, in questionnaire order.

    A few passes, so that follow-up questions shown only after an earlier
    answer get their turn, and an early answer can be revisited once later
    ones make another choice pay.
    """
    answers: dict[str, Any] = {}
    for _ in range(4):
        for q in ruleset.questions:
            if q.id in evaluate(ruleset, answers).hidden:
                continue
            options = candidates(q, ruleset)
            if options:
                answers[q.id] = max(options, key=lambda v: goal(evaluate(ruleset, {**answers, q.id: v})))
        answers = {qid: v for qid, v in answers.items() if qid not in evaluate(ruleset, answers).hidden}
    return answers


def weaken(ruleset: Ruleset, answers: Mapping[str, Any], side: str) -> dict[str, Any]:
    """``answers`` toned down, from the last question back, until the result is weak.

    The last answer changed is then one answer away from a real need, so
    "what would make it a real need" has something to say.
    """
    weaker = dict(answers)
    for q in reversed(ruleset.questions):
        result = evaluate(ruleset, weaker)
        if result.weak:
            break
        if q.id not in weaker or q.id in result.hidden:
            continue
        weaker[q.id] = min(candidates(q, ruleset), key=lambda v: getattr(evaluate(ruleset, {**weaker, q.id: v}), side))
    return weaker


GOALS: dict[str, Callable[[Result], float]] = {
    "salesops": lambda r: 100 * (r.outcome == "salesops") + r.salesops - r.revops,
    "revops": lambda r: 100 * (r.outcome == "revops") + r.revops - r.salesops,
    "both": lambda r: 100 * (r.outcome == "both") + r.salesops + r.revops,
}

_FOUND: dict[str, dict[str, Any]] = {}


def answers_for(ruleset: Ruleset, name: str) -> dict[str, Any]:
    """The answers of an input: none, found by a search, or an example's."""
    if name == "empty":
        return {}
    if name.startswith("example:"):
        return dict(load_answers(ROOT / "examples" / name.split(":", 1)[1], ruleset).answers)
    if name not in _FOUND:
        if name == "weak":
            _FOUND[name] = weaken(ruleset, answers_for(ruleset, "salesops"), "salesops")
        else:
            _FOUND[name] = climb(ruleset, GOALS[name])
    return _FOUND[name]


def model(ruleset: Ruleset, answers: Mapping[str, Any], changes: tuple[Change, ...] | None = None) -> dict[str, Any]:
    result = evaluate(ruleset, answers)
    found = what_would_change(ruleset, answers, result) if changes is None else changes
    return build_report(ruleset, result, found, date=DATE)


def summary_of(markdown: str) -> str:
    """The first page: everything before the appendix heading."""
    heading = f"\n# {STRINGS['headings']['appendix']}\n"
    assert markdown.count(heading) == 1
    return markdown[:markdown.index(heading)]


def section(markdown: str, heading: str, level: str = "##") -> str:
    """The text under ``level heading`` up to the next heading of that level or higher."""
    start = markdown.index(f"\n{level} {heading}\n")
    ends = [markdown.find(f"\n{mark} ", start + 1) for mark in ("#", "##", "###")[:len(level)]]
    ends = [e for e in ends if e != -1]
    return markdown[start:min(ends) if ends else None]


INPUTS = ["empty", "salesops", "revops", "both", "weak", *(f"example:{p.name}" for p in EXAMPLES)]


@pytest.fixture(params=INPUTS)
def case(request: pytest.FixtureRequest, ruleset: Ruleset) -> tuple[dict[str, Any], str]:
    report = model(ruleset, answers_for(ruleset, request.param))
    return report, render(report, "markdown")


def test_the_searches_find_what_they_look_for(ruleset: Ruleset) -> None:
    # Otherwise the tests below would check less than they claim.
    outcomes = {name: evaluate(ruleset, answers_for(ruleset, name)).outcome for name in [*GOALS, "weak"]}
    assert outcomes == {"salesops": "salesops", "revops": "revops", "both": "both", "weak": "not_yet"}
    assert evaluate(ruleset, {}).outcome == "not_yet"


# -- the first page ---------------------------------------------------------------------------------

def test_the_first_page_names_no_criterion(case: tuple[dict[str, Any], str]) -> None:
    report, markdown = case
    summary = summary_of(markdown)
    assert CRITERION_ID.findall(summary) == []
    assert report["why"] == [] or CRITERION_ID.search(markdown[len(summary):])  # the ids are in the appendix


def test_the_first_page_is_short_and_has_what_a_ceo_needs(case: tuple[dict[str, Any], str]) -> None:
    report, markdown = case
    summary = summary_of(markdown)
    assert len(summary.split()) <= 600  # about two minutes of reading
    assert f"\n## {report['recommendation']['title']}\n" in summary
    assert f"**{STRINGS['labels']['direction']}:** {report['direction']['label']}." in summary
    assert f"**{STRINGS['labels']['strength']}:** {report['strength']['label']}." in summary
    assert not re.search(r"^\| .* \| \d+ \| \d+ \|", summary, re.M)  # the scores table is in the appendix
    for reason in report["top_reasons"]:
        assert f"- **{md_escape(reason['name'])}**: {md_escape(reason['text'])}" in summary
    assert len(report["top_reasons"]) <= 3 and len(report["top_steps"]) <= 3
    for i, step in enumerate(report["top_steps"], 1):
        assert re.search(rf"^{i}\. .*{re.escape(md_escape(step['text']))}$", summary, re.M)


@pytest.mark.parametrize("name", ["empty", "weak"])
def test_a_weak_result_says_not_yet_and_never_build(ruleset: Ruleset, name: str) -> None:
    report = model(ruleset, answers_for(ruleset, name))
    rec = report["recommendation"]
    assert rec["weak"] and rec["outcome"] == "not_yet"
    summary = summary_of(render(report, "markdown"))
    assert rec["title"].startswith("Not yet") and f"\n## {rec['title']}\n" in summary
    assert md_escape(rec["lean_text"]) in summary
    # The report's own words never say "Build" (the ruleset's texts are its author's: taken out first).
    own = summary
    texts = [rec["summary"], *(r["text"] for r in rec["reasons"]), *(r["text"] for r in report["top_reasons"]),
             *(s["text"] for s in report["top_steps"]), report["direction"]["text"], report["strength"]["text"]]
    for text in texts:
        own = own.replace(md_escape(text), "")
    assert "Build" not in own
    for kind in ("salesops", "revops", "both", "both_phased"):
        assert STRINGS["titles"][kind].split("{")[0] not in summary


def test_a_weak_result_says_what_would_make_it_a_real_need(ruleset: Ruleset) -> None:
    report = model(ruleset, answers_for(ruleset, "weak"))
    real = [(g, o) for g in report["what_would_change"] for o in g["outcomes"] if o["outcome"] != "not_yet"]
    assert real, "the weak search should end one answer away from a real need"
    summary = summary_of(render(report, "markdown"))
    part = section(summary, STRINGS["headings"]["real_need"])
    names = {side: report["scores"][side]["short"] for side in ("salesops", "revops")}
    shown = {g["question"] for g, _ in real[:3]}
    for group, outcome in real:
        if group["question"] in shown:
            need = fill(STRINGS["needs"][outcome["outcome"]], names)
            assert f"{' or '.join(f'*{md_escape(a)}*' for a in outcome['answers'])}: {need}" in part
    for group in report["what_would_change"]:  # a change that stays "not yet" is no real need
        for outcome in group["outcomes"]:
            if outcome["outcome"] == "not_yet":
                assert f"{' or '.join(f'*{md_escape(a)}*' for a in outcome['answers'])}:" not in part


# -- the evidence -----------------------------------------------------------------------------------

def test_each_question_is_quoted_once_per_criterion(case: tuple[dict[str, Any], str]) -> None:
    report, markdown = case
    evidence = section(markdown, STRINGS["headings"]["why"])
    entries = re.split(r"\n### ", evidence)[1:]
    assert [e.split(" · ")[0] for e in entries] == [g["criterion"] for g in report["why"]]
    for entry, group in zip(entries, report["why"], strict=True):
        assert len({a["question"] for a in group["answers"]}) == len(group["answers"])
        for a in group["answers"]:
            assert entry.count(f"*{md_escape(a['text'])}*") == 1, (group["criterion"], a["question"])
        assert entry.count(" point for ") + entry.count(" points for ") >= len(group["rules"])


def test_numbers_agree_with_their_nouns(case: tuple[dict[str, Any], str]) -> None:
    _, markdown = case
    assert not re.search(r"\b1 (points|questions|answers|things)\b", markdown)
    assert not re.search(r"\b(?:[02-9]|[1-9][0-9]+) (point|question|answer|thing)\b", markdown)


@pytest.mark.parametrize(("points", "text"), [(1, "+1 point for"), (2, "+2 points for"), (12, "+12 points for")])
def test_points_read_as_points(ruleset: Ruleset, points: int, text: str) -> None:
    report = model(ruleset, answers_for(ruleset, "salesops"))
    rule = report["why"][0]["rules"][0]
    side = "salesops" if rule["points"]["salesops"] else "revops"
    rule["points"] = {"salesops": 0, "revops": 0, side: points}
    markdown = render(report, "markdown")
    assert f"; {text} {report['scores'][side]['short']})" in markdown


@pytest.mark.parametrize(("count", "text"), [(1, "One question was left"), (2, "2 questions were left")])
def test_unanswered_questions_are_counted_in_words(ruleset: Ruleset, count: int, text: str) -> None:
    report = model(ruleset, answers_for(ruleset, "salesops"))
    report["unanswered"] = [{"question": f"q{i}", "text": f"Question {i}?", "feeds": []} for i in range(count)]
    assert text in summary_of(render(report, "markdown"))


def test_contradictions_are_named_first_among_the_caveats(ruleset: Ruleset) -> None:
    # The first declared contradiction that the two answers it names can make hold, on top of
    # the search's answers (its questions may be follow-ups that need them).
    base = answers_for(ruleset, "salesops")
    qs = ruleset.question_by_id
    found = next(((c, {**base, q1: a, q2: b}) for c in ruleset.policy.contradictions
                  for q1, q2 in [tuple(sorted(cond.reads)[0] for cond in c.answers)]
                  for a in candidates(qs[q1], ruleset) for b in candidates(qs[q2], ruleset)
                  if c in evaluate(ruleset, {**base, q1: a, q2: b}).contradictions), None)
    if found is None:
        pytest.skip("no declared contradiction can be made to hold on top of the search's answers")
    contradiction, answers = found
    report = model(ruleset, answers)
    kinds = [c["kind"] for c in report["caveats"]]
    assert kinds == sorted(kinds, key=lambda k: k != "contradiction")
    assert contradiction.id in [c["id"] for c in report["caveats"] if c["kind"] == "contradiction"]
    markdown = render(report, "markdown")
    caveats = section(markdown, STRINGS["headings"]["caveats"])
    label = STRINGS["labels"]["contradiction"]
    assert f"- **{label}:** {md_escape(contradiction.text('en'))}" in caveats


# -- what would change it ---------------------------------------------------------------------------

def test_what_would_change_names_each_question_once(case: tuple[dict[str, Any], str]) -> None:
    report, markdown = case
    groups = report["what_would_change"]
    title = report["recommendation"]["title"]
    assert len({g["question"] for g in groups}) == len(groups)
    for group in groups:
        assert group["outcomes"]
        assert all(o["title"] != title for o in group["outcomes"])
        assert len({o["title"] for o in group["outcomes"]}) == len(group["outcomes"])
    for heading in (STRINGS["headings"]["changes"], STRINGS["headings"]["all_changes"]):
        if f"\n## {heading}\n" not in markdown:
            continue
        part = section(markdown, heading)
        for group in groups:
            assert part.count(f"- **{md_escape(group['text'])}** (") <= 1
        for line in part.splitlines():
            if line.startswith("  - "):
                assert not line.endswith(f": {md_escape(title)}")  # nothing that reads as the verdict itself


def test_order_changes_are_said_in_words(ruleset: Ruleset) -> None:
    # Changes made up on top of a real "both" result, so that each kind is there whatever the ruleset does.
    answers = answers_for(ruleset, "both")
    result = evaluate(ruleset, answers)
    assert result.outcome == "both"
    other = "revops" if result.first == "salesops" else "salesops"
    asked = [q for q in ruleset.questions if q.id in answers and q.type in ("choice", "scale")
             and len(q.option_values) >= 4]
    q = asked[0]
    now = answers[q.id]
    a, b, c = [v for v in q.option_values if v != now][:3]
    third = asked[2]
    changes = (
        Change(q.id, now, a, "both", other, result.phased, False, "clear", True),
        Change(q.id, now, b, "both", other, result.phased, False, "clear", True),
        Change(q.id, now, c, "salesops", None, False, False, "clear", True),
        Change(asked[1].id, answers[asked[1].id], asked[1].option_values[0], "both", result.first, result.phased,
               False, "clear", False),  # reads exactly as the verdict: left out
        Change(third.id, answers[third.id], next(v for v in third.option_values if v != answers[third.id]), "both",
               result.first, not result.phased, False, "clear", False),
    )
    report = build_report(ruleset, result, changes, date=DATE)
    names = {side: report["scores"][side]["short"] for side in ("salesops", "revops")}
    groups = {g["question"]: g for g in report["what_would_change"]}
    assert set(groups) == {q.id, third.id}
    order, new = groups[q.id]["outcomes"]
    phrase = fill(STRINGS["effects"]["order"], {"first": names[other], "other": names[result.first]})
    assert order["effect"] == phrase and order["values"] == [a, b]
    assert new["effect"] == fill(STRINGS["titles"]["salesops"], names) and new["values"] == [c]
    phasing = groups[third.id]["outcomes"][0]["effect"]
    assert phasing == STRINGS["effects"]["together" if result.phased else "phased"]

    part = section(summary_of(render(report, "markdown")), STRINGS["headings"]["changes"])
    label = {v: md_escape(q.option(v).label("en")) for v in (now, a, b, c)}  # type: ignore[union-attr]
    assert f"- **{md_escape(q.text('en'))}** (now: *{label[now]}*)" in part
    assert f"  - *{label[a]}* or *{label[b]}*: {md_escape(phrase)}" in part
    assert f"  - *{label[c]}*: {md_escape(new['effect'])}" in part
    assert part.count("\n- **") == 2


def test_an_unanswered_question_that_would_change_it(ruleset: Ruleset) -> None:
    report = model(ruleset, {})
    groups = [g for g in report["what_would_change"] if g["now"] is None]
    assert groups
    markdown = render(report, "markdown")
    for group in groups:
        assert f"- **{md_escape(group['text'])}** ({STRINGS['labels']['not_answered_now']})" in markdown


# -- the app's version ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["both", "weak"])
def test_the_screen_version_leaves_out_what_the_app_shows(ruleset: Ruleset, name: str) -> None:
    report = model(ruleset, answers_for(ruleset, name))
    document = render(report, "markdown")
    screen = render(report, "markdown", screen=True)
    rec = report["recommendation"]
    assert f"\n## {rec['title']}\n" in document and rec["title"] not in screen
    for label in (STRINGS["labels"]["direction"], STRINGS["labels"]["strength"]):
        assert label in document and label not in screen
    if rec["lean_text"]:
        assert md_escape(rec["lean_text"]) not in screen
    table = re.compile(r"^\| [^|\n]+ \| \d+ \| \d+ \| \d+ \| \d+ \| [^|\n]+ \|$", re.M)  # a side's scores
    assert len(table.findall(document)) == 2 and not table.search(screen)
    assert not re.search("[█░^]", document.split(STRINGS["headings"]["scores"])[1].split("\n## ")[0])
    assert f"\n## {STRINGS['headings']['scores']}\n" not in screen
    # Everything else stays: the summary's sections, and the evidence.
    assert md_escape(rec["summary"]) in screen
    for heading in (STRINGS["headings"]["top_reasons"], STRINGS["headings"]["why"],
                    STRINGS["headings"]["first_steps"], STRINGS["headings"]["source"]):
        assert (f"\n## {heading}\n" in screen) == (f"\n## {heading}\n" in document)
    assert f"\n# {STRINGS['headings']['appendix']}\n" in screen
    for group in report["why"]:
        assert f"\n### {group['criterion']} · {md_escape(group['name'])}\n" in screen
    assert CRITERION_ID.findall(summary_of(screen)) == []
