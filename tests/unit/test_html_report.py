"""The HTML report: user text stays text, the page loads nothing, and the charts draw from numbers only.

Company, respondent and role come from an answers file: each hostile text
below goes in as all three, and the page an HTML parser reads must hold no
element or attribute that came from it, and show it literally.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor import cli
from advisor.report import FORMATS, _environment, render
from advisor.report_html import environment, inline_markdown, num, score_layout
from advisor.resources import reports_dir

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"
HOSTILE = ["<script>alert(1)</script>", "[x](javascript:alert(1))", '"><img src=x onerror=alert(1)>']


class Page(HTMLParser):
    """What a browser's parser sees: every tag with its attributes, and the text between them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.data: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    @property
    def text(self) -> str:
        return "".join(self.data)


def html_report(tmp_path: Path, capsys: pytest.CaptureFixture[str], company: str, name: str, role: str) -> str:
    answers = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    answers["company"] = company
    answers["respondent"] = {"name": name, "role": role}
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["evaluate", str(path), "--format", "html", "--date", "2026-12-01"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


@pytest.mark.parametrize("hostile", HOSTILE, ids=["script", "javascript-link", "img-onerror"])
def test_company_respondent_and_role_are_text(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              hostile: str) -> None:
    html = html_report(tmp_path, capsys, hostile, hostile, hostile)
    page = Page(html)
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "img", "a", "iframe", "object", "embed", "link"}
    for tag, attrs in page.tags:
        for attr, value in attrs:
            assert not attr.startswith("on"), (tag, attr)
            assert "javascript:" not in (value or "").lower(), (tag, attr, value)
    text = page.text
    assert text.count(hostile) >= 3  # the title's company, the meta list's company, name and role
    assert f"{hostile}, {hostile}" in text  # "name, role"


def test_all_three_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = Page(html_report(tmp_path, capsys, *HOSTILE))
    assert all(text in page.text for text in HOSTILE)
    assert {tag for tag, _ in page.tags} <= {
        "html", "head", "meta", "title", "style", "body", "main", "section", "header", "dl", "div", "dt", "dd",
        "h1", "h2", "h3", "p", "strong", "em", "code", "ul", "ol", "li", "figure", "figcaption", "svg", "line",
        "text", "tspan", "rect", "desc", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "span"}


@pytest.mark.parametrize("name", ["clear-salesops", "both-phased", "not-yet"])
def test_the_page_is_self_contained(name: str) -> None:
    html = (ROOT / "examples" / f"{name}.html").read_text(encoding="utf-8")
    page = Page(html)
    for tag, attrs in page.tags:
        assert tag not in ("script", "link", "img", "iframe", "object"), tag
        assert not {attr for attr, _ in attrs} & {"src", "href", "srcset", "style"}, (tag, attrs)
    lowered = html.lower()
    assert "url(" not in lowered and "@import" not in lowered and "@font-face" not in lowered
    assert "prefers-color-scheme: dark" in html and "@media print" in html and "break-inside: avoid" in html


def test_the_summary_comes_first_and_each_chart_reads_without_the_picture() -> None:
    html = (ROOT / "examples" / "both-phased.html").read_text(encoding="utf-8")
    assert html.index('id="verdict"') < html.index('<figure class="chart scores-chart">') < html.index('id="appendix"')
    assert html.count("<svg") == 2 and html.count("<title id=") == 2 and html.count("<desc id=") == 2
    assert html.count("<figcaption>") == 2
    text = Page(html).text
    assert "SalesOps: 12 of 23, Clear need. Emerging need from 4, clear need from 7." in text
    assert "RevOps: R1 4, R2 2, R3 1, R4 3, R5 3, D3 1, total 14" in text


def test_both_scores_share_one_scale_with_their_marks() -> None:
    scores: dict[str, Any] = {
        "salesops": {"score": 10, "max": 20, "threshold": 8, "emerging_from": 5, "level": "clear"},
        "revops": {"score": 10, "max": 40, "threshold": 8, "emerging_from": 8, "level": "clear"},
    }
    layout = score_layout(scores)
    sales, rev = layout["rows"]
    assert layout["scale"] == 40
    assert sales["bar"] == rev["bar"]  # equal scores, equal bars
    assert rev["track_width"] == pytest.approx(2 * sales["track_width"])
    assert [m["kind"] for m in sales["marks"]] == ["emerging", "clear"]
    assert [m["kind"] for m in rev["marks"]] == ["clear"]  # no emerging band: one mark
    assert sales["marks"][1]["x"] == rev["marks"][0]["x"]  # the same threshold, the same place
    assert [t["value"] for t in layout["ticks"]] == list(range(0, 41, 5))


def test_svg_numbers_come_from_numbers_only() -> None:
    assert (num(12), num(12.5), num(1 / 3), num(-0.001)) == ("12", "12.5", "0.33", "0")
    for value in ("12", '1" onload="x', True, None):
        with pytest.raises(TypeError):
            num(value)


def test_our_markdown_goes_through_markdown_it_without_html_or_unsafe_links() -> None:
    assert inline_markdown("A step marked *fits your answers*") == "A step marked <em>fits your answers</em>"
    assert "<b>" not in inline_markdown("<b>bold</b>")
    assert "href" not in inline_markdown("[x](javascript:alert(1))")
    assert 'href="https://example.org"' in inline_markdown("[x](https://example.org)")


def test_autoescape_is_on_for_html_only() -> None:
    folder = reports_dir()
    assert environment(folder).autoescape is True
    assert _environment(folder).autoescape is False  # the Markdown escapes its own way
    assert "html" in FORMATS


def test_render_html_matches_the_cli(ruleset: Any) -> None:
    from advisor.answers import load_answers
    from advisor.engine import evaluate, what_would_change
    from advisor.report import build_report

    meta = load_answers(EXAMPLE, ruleset)
    result = evaluate(ruleset, meta.answers)
    report = build_report(ruleset, result, what_would_change(ruleset, meta.answers, result), meta=meta,
                          date="2026-12-01")
    assert render(report, "html") == (ROOT / "examples" / "clear-salesops.html").read_text(encoding="utf-8")
