"""Three classic attacks as a company, a respondent's name and a role: literal text in HTML, Markdown and the app.

``<script>alert(1)</script>``, ``[x](javascript:alert(1))`` and
``"><img src=x onerror=alert(1)>`` go into an answers file (company, name
and role) and into a workshop (its company, and two participants' names
and roles). Each must come out as the very text typed:

- **HTML** (the single report and the workshop report, charts included):
  the parser sees exactly the elements and attributes of the same report
  made for a harmless company, so no element or attribute came from user
  text; and the page's text holds the string as typed.
- **Markdown** (both reports): a CommonMark parser with GFM tables, as
  viewers have them, finds no HTML, link or image, and the text as typed.
- **The app**: the result screen and the facilitator view show it as typed.
"""

from __future__ import annotations

import json
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from advisor import cli
from advisor.answers import AnswersFile, dumps_answers
from advisor.model import Ruleset
from advisor.session import SessionStore
from advisor.ui.app import AdvisorApp
from advisor.ui.facilitator import FacilitatorApp
from advisor.ui.screens.facilitator import FacilitatorScreen
from advisor.ui.screens.result import ResultScreen
from advisor.workshop.folder import create_workshop, read_workshop

from .conftest import leave_review, report_rendered, run
from .test_plain_text import screen_text

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ["<script>alert(1)</script>", "[x](javascript:alert(1))", '"><img src=x onerror=alert(1)>']
IDS = ["script", "javascript-link", "img-onerror"]
DATE = "2026-12-01"


class Page(HTMLParser):
    """What a browser's parser sees: each element with its attributes' names, and the text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: Counter[tuple[str, tuple[str, ...]]] = Counter()
        self.hrefs: list[str] = []
        self.data: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements[(tag, tuple(sorted(name for name, _ in attrs)))] += 1
        self.hrefs += [value or "" for name, value in attrs if name in ("href", "src", "xlink:href")]

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    @property
    def text(self) -> str:
        return "".join(self.data)


def check_html(html: str, harmless: str, hostile: str) -> None:
    page, reference = Page(html), Page(harmless)
    assert page.elements == reference.elements  # not one element or attribute more, or fewer
    assert not {tag for tag, _ in page.elements} & {"script", "img", "a", "iframe", "object", "embed", "link"}
    assert page.hrefs == []
    assert hostile in page.text


def check_markdown(markdown: str, hostile: str) -> None:
    parser = MarkdownIt("commonmark").enable("table")
    runs = []
    for token in parser.parse(markdown):
        for child in token.children or []:
            assert child.type not in ("html_inline", "link_open", "image", "autolink"), child
        assert token.type != "html_block", token
        if token.type == "inline":
            runs.append("".join(c.content for c in token.children or [] if c.type in ("text", "text_special")))
    assert any(hostile in text for text in runs), hostile


def answers_file(folder: Path, company: str, name: str, role: str) -> Path:
    data = yaml.safe_load((ROOT / "examples" / "clear-salesops.yaml").read_text(encoding="utf-8"))
    data.update(company=company, respondent={"name": name, "role": role})
    path = folder / f"answers-{len(list(folder.iterdir()))}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def evaluate(path: Path, fmt: str, capsys: pytest.CaptureFixture[str], *dated: str) -> str:
    """The report on ``path`` as `advisor evaluate` prints it (dated as the answers file says, as the app does)."""
    capsys.readouterr()
    assert cli.main(["evaluate", str(path), "--format", fmt, *dated]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def workshop_folder(folder: Path, ruleset: Ruleset, company: str, name: str, role: str) -> Path:
    """A workshop about ``company``: two people called ``name`` (one with a suffix) with ``role``, who disagree."""
    info = create_workshop(folder, ruleset, company=company, title=company, date=DATE)
    for file, example, who in (("a.yaml", "clear-salesops", name), ("b.yaml", "clear-revops", f"{name} 2")):
        answers = yaml.safe_load((ROOT / "examples" / f"{example}.yaml").read_text(encoding="utf-8"))["answers"]
        af = AnswersFile(answers, company=company, respondent=who, role=role, ruleset_id=ruleset.id,
                         ruleset_version=ruleset.version, ruleset_hash=ruleset.hash)
        (folder / file).write_text(dumps_answers(af), encoding="utf-8")
    return info.folder


def workshop_report(folder: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert cli.main(["workshop", "report", str(folder), "--format", fmt, "--date", DATE]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


@pytest.mark.parametrize("hostile", HOSTILE, ids=IDS)
def test_the_single_report_shows_it_as_text(hostile: str, tmp_path: Path, ruleset: Ruleset, store: SessionStore,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    harmless = answers_file(tmp_path, "Acme", "Ana", "CEO")
    path = answers_file(tmp_path, hostile, hostile, hostile)

    check_html(evaluate(path, "html", capsys), evaluate(harmless, "html", capsys), hostile)
    markdown = evaluate(path, "markdown", capsys)
    check_markdown(markdown, hostile)
    report = json.loads(evaluate(path, "json", capsys))
    assert (report["company"], report["respondent"]) == (hostile, {"name": hostile, "role": hostile})

    async def scenario() -> None:
        app = AdvisorApp(ruleset, store=store, answers_path=path, handle_signals=False)
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            await leave_review(pilot)
            await pilot.press("r")
            await pilot.pause()
            await pilot.press("v")
            await pilot.pause()
            assert isinstance(app.screen, ResultScreen)
            await report_rendered(pilot)
            assert app.screen.markdown == markdown  # the same escaped report as the command line's
            text = screen_text(app.screen)
            assert text.count(hostile) >= 2  # the header, and the report's company line
            assert f"{hostile}, {hostile}" in text  # "Answered by: name, role"

    run(scenario())


@pytest.mark.parametrize("hostile", HOSTILE, ids=IDS)
def test_the_workshop_report_and_view_show_it_as_text(hostile: str, tmp_path: Path, ruleset: Ruleset,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    harmless = workshop_folder(tmp_path / "plain", ruleset, "Acme", "Ana", "CEO")
    folder = workshop_folder(tmp_path / "room", ruleset, hostile, hostile, hostile)

    html = workshop_report(folder, "html", capsys)
    check_html(html, workshop_report(harmless, "html", capsys), hostile)
    assert f"{hostile} 2 ({hostile})" in Page(html).text  # a participant, in the table and the charts' key
    check_markdown(workshop_report(folder, "markdown", capsys), hostile)

    async def scenario() -> None:
        info = read_workshop(folder, ruleset)
        app = FacilitatorApp(ruleset, folder, info, handle_signals=False, poll=3600.0)
        async with app.run_test(size=(200, 50)) as pilot:
            screen = app.screen
            assert isinstance(screen, FacilitatorScreen)
            screen.refresh_workshop()
            await pilot.pause()
            text = screen_text(screen)
            assert hostile in text and f"{hostile} 2" in text
            assert app.is_running

    run(scenario())


def test_the_harmless_reports_differ_only_in_text(tmp_path: Path, ruleset: Ruleset,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """The check above can fail: a report whose company is real HTML has elements the harmless one lacks."""
    harmless = evaluate(answers_file(tmp_path, "Acme", "Ana", "CEO"), "html", capsys)
    injected = harmless.replace("<dd>Acme</dd>", "<dd><img src=x onerror=alert(1)></dd>", 1)
    assert injected != harmless
    with pytest.raises(AssertionError):
        check_html(injected, harmless, "Acme")
