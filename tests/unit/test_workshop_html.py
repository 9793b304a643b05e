"""The HTML workshop report: its two charts say what the JSON report says, and read without the pictures.

The scatter puts each participant where their two scores are and the
pooled result where its scores are; the agreement grid gives each person,
on each question people disagree on, the state the JSON report gives them
(the pooled answer, another answer, one that would change the result, no
answer). Each chart has a title, a description and a caption; the key
numbers the participants as the table of results does.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from advisor import cli
from advisor.model import Ruleset
from advisor.workshop.charts import agreement_layout, scatter_layout, wrap
from advisor.workshop.report import render_workshop

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "examples" / "workshop"
PEOPLE = sorted(str(p) for p in FOLDER.glob("*.yaml") if p.name != "workshop.yaml")


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    data = json.loads((FOLDER / "report.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def html() -> str:
    return (FOLDER / "report.html").read_text(encoding="utf-8")


class Svgs(HTMLParser):
    """Each <svg>'s title and description, and the class of every rect and its tooltip."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.charts: list[dict[str, Any]] = []
        self.ids: set[str] = set()
        self.stack: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "svg":
            self.charts.append({"attrs": a, "title": "", "desc": "", "rects": []})
        elif tag == "rect" and self.charts:
            self.charts[-1]["rects"].append({"class": a.get("class", ""), "title": ""})
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if not self.stack or not self.charts or "svg" not in self.stack:
            return
        chart = self.charts[-1]
        if self.stack[-1] == "title" and len(self.stack) >= 2 and self.stack[-2] == "svg":
            chart["title"] += data
        elif self.stack[-1] == "desc":
            chart["desc"] += data
        elif self.stack[-1] == "title" and self.stack[-2] == "rect":
            chart["rects"][-1]["title"] += data


def test_both_charts_have_a_title_a_description_and_a_caption(html: str) -> None:
    page = Svgs(html)
    assert len(page.charts) == 2
    for chart in page.charts:
        assert chart["attrs"]["role"] == "img"
        assert chart["title"].strip() and chart["desc"].strip()
        assert set(str(chart["attrs"]["aria-labelledby"]).split()) <= page.ids
    assert html.count("<figcaption>") == 2


def test_the_scatter_puts_each_participant_at_their_scores(report: dict[str, Any], html: str) -> None:
    g = scatter_layout(report)
    assert g is not None
    people = report["participants"]
    placed = {n for m in g["markers"] for n in m["label"].split(",")}
    assert placed == {str(i) for i in range(1, len(people) + 1)}  # everyone, once
    for m in g["markers"]:
        for number in m["label"].split(","):
            scores = people[int(number) - 1]["scores"]
            assert (m["salesops"], m["revops"]) == (scores["salesops"], scores["revops"])
    # Higher SalesOps score, further right; higher RevOps score, higher up (smaller y).
    by_sales = sorted(g["markers"], key=lambda m: m["salesops"])
    assert [m["x"] for m in by_sales] == sorted(m["x"] for m in by_sales)
    by_rev = sorted(g["markers"], key=lambda m: m["revops"])
    assert [m["y"] for m in by_rev] == sorted((m["y"] for m in by_rev), reverse=True)
    pooled = report["pooled"]["scores"]
    assert (g["pooled"]["salesops"], g["pooled"]["revops"]) == (pooled["salesops"], pooled["revops"])
    # The key names each number as the table of results does.
    for i, person in enumerate(people, start=1):
        assert f"<span>{i} {person['participant'].replace('&', '&amp;')}</span>" in html


def test_people_with_the_same_scores_share_one_marker(report: dict[str, Any]) -> None:
    twin = {**report["participants"][0], "participant": "Twin"}
    g = scatter_layout({**report, "participants": [report["participants"][0], twin]})
    assert g is not None
    assert [m["label"] for m in g["markers"]] == ["1,2"]
    assert g["markers"][0]["people"] == [report["participants"][0]["participant"], "Twin"]
    assert g["markers"][0]["width"] > 2 * 8  # wider than a one-person marker, to hold "1,2"


def test_the_grid_gives_each_person_the_state_the_report_gives_them(report: dict[str, Any], html: str) -> None:
    a = agreement_layout(report)
    assert a is not None
    people = [p["participant"] for p in report["participants"]]
    rows = [*report["disagreements"]["matter"], *report["disagreements"]["minor"]]
    assert [r["question"] for r in a["rows"]] == [d["question"] for d in rows]
    for row, d in zip(a["rows"], rows, strict=True):
        want = dict.fromkeys(people, "none")
        for side in d["sides"]:
            for person in side["people"]:
                want[person] = "pooled" if side["pooled"] else "turns" if side["changes"] else "differs"
        assert [c["state"] for c in row["cells"]] == [want[p] for p in people]
    # On the page: one rect per cell, its class the state, its tooltip the person and the answer.
    grid = Svgs(html).charts[1]
    cells = [r for r in grid["rects"] if r["class"].startswith("cell ")]
    assert len(cells) == len(rows) * len(people)
    turns = [c for c in cells if c["class"] == "cell cell-turns"]
    assert len(turns) == sum(len(s["people"]) for d in rows for s in d["sides"] if s["changes"])
    assert all("would turn the pooled result to" in c["title"] for c in turns)
    # The rows that change the result come first, set apart by a line.
    assert a["divider"] == 24 + 32 * len(report["disagreements"]["matter"])


def test_a_long_question_is_cut_to_two_lines() -> None:
    short = wrap("How is revenue growth going?")
    assert short == ["How is revenue growth going?"]
    lines = wrap("word " * 40)
    assert len(lines) == 2 and lines[-1].endswith("…") and all(len(line) <= 50 for line in lines)


def test_a_workshop_nobody_has_joined_says_how_to_join(tmp_path: Path, ruleset: Ruleset,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from advisor.workshop.folder import create_workshop

    create_workshop(tmp_path / "w", ruleset, company="Acme", date="2026-12-01")
    capsys.readouterr()
    assert cli.main(["workshop", "report", str(tmp_path / "w"), "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert "<svg" not in page and "No participant" in page and "<code>advisor --workshop FOLDER</code>" in page


def test_a_room_that_agrees_on_everything_has_no_grid(report: dict[str, Any]) -> None:
    calm = {**report, "disagreements": {"matter": [], "minor": []}}
    assert agreement_layout(calm) is None
    page = render_workshop(calm, "html")
    assert page.count("<svg") == 1 and "Everyone who answered a question gave the same answer" in page


def test_compare_writes_the_same_page_for_the_same_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert cli.main(["compare", *PEOPLE, "--format", "html", "--date", "2026-12-01",
                     "--title", "Ops planning workshop"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 2
    # The same people, scores and grid as the workshop folder's report (not its notes, which only a folder has).
    example = (FOLDER / "report.html").read_text(encoding="utf-8")
    svg = re.compile(r"<svg.*?</svg>", re.DOTALL)
    assert svg.findall(page) == svg.findall(example)
