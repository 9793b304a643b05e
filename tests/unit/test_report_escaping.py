"""The Markdown report shows user text as the text it is: no HTML, link, image, heading or table row.

Company, respondent and role come from an answers file; question texts,
option labels and rationales from a ruleset. Each goes through a CommonMark
parser (with GFM tables, as the common viewers have them) and must come out
as plain text with the same document structure as a harmless report.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from advisor import cli
from advisor.answers import load_answers
from advisor.engine import evaluate, what_would_change
from advisor.loader import load_ruleset
from advisor.model import Ruleset
from advisor.plaintext import one_line
from advisor.report import build_report, render

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"
PHASED = ROOT / "examples" / "both-phased.yaml"  # has a "what would change" section
DATE = "2026-12-01"
FORBIDDEN = {"html_inline", "html_block", "link_open", "image", "autolink"}


def tokens(markdown: str) -> list[Token]:
    """Every token of ``markdown``, inline ones included."""
    parser = MarkdownIt("commonmark").enable("table")
    found = []
    for token in parser.parse(markdown):
        found.append(token)
        found.extend(token.children or [])
    return found


def texts(markdown: str) -> list[str]:
    """The plain text of each inline run (a paragraph, a heading, a table cell), as a reader sees it."""
    runs = []
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type == "inline":
            runs.append("".join(child.content if child.type in ("text", "text_special", "code_inline")
                                else " " if child.type in ("softbreak", "hardbreak") else ""
                                for child in token.children or []))
    return runs


def structure(markdown: str) -> Counter[str]:
    """How many headings, table rows, list items, ... the document has."""
    return Counter(token.type for token in tokens(markdown) if token.nesting == 1)


def model_for(ruleset: Ruleset, answers: Path) -> dict[str, Any]:
    meta = load_answers(answers, ruleset)
    result = evaluate(ruleset, meta.answers)
    return build_report(ruleset, result, what_would_change(ruleset, meta.answers, result), meta=meta, date=DATE)


def report_for(ruleset: Ruleset, answers: Path) -> str:
    return render(model_for(ruleset, answers), "markdown")


def answers_file(folder: Path, company: str, name: str, role: str) -> Path:
    """The clear-salesops example with its company, respondent name and role replaced."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in (("company: Northwind Lab Systems\n", f"company: {json.dumps(company)}\n"),
                     ("  name: Maria Okafor\n", f"  name: {json.dumps(name)}\n"),
                     ("  role: VP Sales\n", f"  role: {json.dumps(role)}\n")):
        assert text.count(old) == 1
        text = text.replace(old, new)
    path = folder / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


HOSTILE_PEOPLE = [
    ("<script>alert(1)</script>", "[x](javascript:alert(1))", "# Owned\n| a | b |"),
    ("<img src=x onerror=alert(1)>", "![x](http://example.invalid/x.png)", "- item\n\n1. first\n---"),
    ("# Acme *bold* _em_ `code`", "<http://example.invalid>", "> quoted | cell & &amp; \\* trailing\\"),
]


@pytest.mark.parametrize(("company", "name", "role"), HOSTILE_PEOPLE)
def test_company_name_and_role_render_as_literal_text(ruleset: Ruleset, tmp_path: Path,
                                                      company: str, name: str, role: str) -> None:
    baseline = report_for(ruleset, EXAMPLE)
    markdown = report_for(ruleset, answers_file(tmp_path, company, name, role))

    found = {token.type for token in tokens(markdown)}
    assert not found & FORBIDDEN
    assert structure(markdown) == structure(baseline)  # no extra heading, table row, list item or quote

    runs = texts(markdown)
    assert runs[0] == f"{company}: SalesOps, RevOps or both?"  # the title
    assert f"Company: {company}" in runs
    assert f"Answered by: {name}, {one_line(role)}" in runs


def test_the_cli_prints_the_escaped_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    company, name, role = HOSTILE_PEOPLE[0]
    code = cli.main(["evaluate", str(answers_file(tmp_path, company, name, role)), "--date", DATE])
    out = capsys.readouterr().out
    assert code == 0
    assert not {token.type for token in tokens(out)} & FORBIDDEN
    assert f"Company: {company}" in texts(out)


HOSTILE_TEXT = " <img src=x onerror=alert(1)> [x](javascript:alert(1)) *a* | b |"


def test_ruleset_texts_render_as_literal_text(rules_copy: Path, ruleset: Ruleset) -> None:
    # Every question text and option label (single-line ones) gets the hostile suffix, in every language.
    path = rules_copy / "questions.yaml"
    changed = 0

    def suffixed(match: re.Match[str]) -> str:
        nonlocal changed
        changed += 1
        key, en, english, es, spanish = match.groups()
        return (f"{key}{en}{json.dumps(yaml.safe_load(english) + HOSTILE_TEXT)}\n"
                f"{es}{json.dumps(yaml.safe_load(spanish) + HOSTILE_TEXT)}")

    text = re.sub(r"^(\s+(?:text|label):\n)(\s+en: )([^>|\n].*)\n(\s+es: )([^>|\n].*)$", suffixed,
                  path.read_text(encoding="utf-8"), flags=re.M)
    assert changed > 50
    path.write_text(text, encoding="utf-8")
    hostile = load_ruleset(rules_copy)

    baseline = report_for(ruleset, PHASED)
    markdown = report_for(hostile, PHASED)
    assert not {token.type for token in tokens(markdown)} & FORBIDDEN
    # The same headings, rows, list items, and emphasis: the template's own `*...*` and `**...**`
    # around a question and an answer still work, and nothing in the texts adds any.
    assert structure(markdown) == structure(baseline)
    model = model_for(hostile, PHASED)
    runs = texts(markdown)
    # An evidence entry: "- *question* answer", the question ending in the hostile text.
    quoted = next(a for entry in model["why"] for a in entry["answers"] if a["answer"].endswith(HOSTILE_TEXT))
    assert quoted["text"].endswith(HOSTILE_TEXT)
    assert f"{quoted['text']} {quoted['answer']}" in runs
    # What would change it: "- **question** (now: *answer*)", then "- *answer* or *answer*: what it becomes".
    group = next(g for g in model["what_would_change"] if (g["now"] or "").endswith(HOSTILE_TEXT))
    assert group["text"].endswith(HOSTILE_TEXT)
    assert f"{group['text']} (now: {group['now']})" in runs
    outcome = group["outcomes"][0]
    assert f"{' or '.join(outcome['answers'])}: {outcome['effect']}" in runs
