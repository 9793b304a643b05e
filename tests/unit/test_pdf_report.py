"""`advisor evaluate --format pdf`: the HTML report laid out for print by WeasyPrint (the pdf extra).

Checked: each example prints on at most 4 pages; the PDF goes to a file, or
to stdout when redirected; without WeasyPrint the command exits 2 with one
line naming the extra and the system packages; nothing in a report can make
WeasyPrint fetch a file or a URL.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from advisor import cli, report_pdf
from advisor.loader import load_ruleset
from advisor.report import render

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_prints_on_at_most_four_pages(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    assert cli.main(["evaluate", str(example), "--date", "2026-12-01", "--format", "pdf", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    import weasyprint

    html = (ROOT / "examples" / f"{example.stem}.html").read_text(encoding="utf-8")
    pages = weasyprint.HTML(string=html, url_fetcher=report_pdf._fetcher(weasyprint)).render().pages
    assert 1 <= len(pages) <= 4


def test_without_weasyprint_the_command_says_which_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if not installed
    out = tmp_path / "report.pdf"
    code = cli.main(["evaluate", str(EXAMPLES[0]), "--format", "pdf", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert err.count("\n") == 1 and "salesops-revops-advisor[pdf]" in err and "libpango" in err
    assert not report_pdf.available()


def test_a_report_fetches_nothing(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not to be read")
    import weasyprint

    fetcher = report_pdf._fetcher(weasyprint)
    with pytest.raises(ValueError, match="fetches nothing"):
        fetcher.fetch(secret.as_uri()) if hasattr(fetcher, "fetch") else fetcher(secret.as_uri())
    # An <img> or a stylesheet link in the HTML (our template has none) is refused, and the PDF still made.
    data = report_pdf.pdf_from_html(f'<html><body><img src="{secret.as_uri()}"><p>x</p></body></html>')
    assert data.startswith(b"%PDF-")


def test_html_is_what_the_pdf_is_made_from(tmp_path: Path) -> None:
    from advisor.answers import load_answers
    from advisor.engine import evaluate, what_would_change
    from advisor.report import build_report

    ruleset = load_ruleset(ROOT / "rules", with_cases=False)
    meta = load_answers(EXAMPLES[0], ruleset)
    result = evaluate(ruleset, meta.answers)
    report = build_report(ruleset, result, what_would_change(ruleset, meta.answers, result), meta=meta,
                          date="2026-12-01")
    assert render(report, "html") == (ROOT / "examples" / f"{EXAMPLES[0].stem}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["workshop", "compare"])
def test_the_workshop_report_as_pdf(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder = ROOT / "examples" / "workshop"
    people = sorted(str(p) for p in folder.glob("*.yaml") if p.name != "workshop.yaml")
    args = ["workshop", "report", str(folder)] if command == "workshop" else ["compare", *people]
    out = tmp_path / "room.pdf"
    assert cli.main([*args, "--date", "2026-12-01", "--format", "pdf", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    if command == "workshop":
        import weasyprint

        html = (folder / "report.html").read_text(encoding="utf-8")
        pages = weasyprint.HTML(string=html, url_fetcher=report_pdf._fetcher(weasyprint)).render().pages
        assert 1 <= len(pages) <= 5
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if not installed: one line, exit 2, nothing written
    capsys.readouterr()
    assert cli.main([*args, "--format", "pdf", "-o", str(tmp_path / "none.pdf")]) == 2
    assert "salesops-revops-advisor[pdf]" in capsys.readouterr().err
    assert not (tmp_path / "none.pdf").exists()
