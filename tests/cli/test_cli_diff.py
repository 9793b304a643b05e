"""`advisor diff OLD NEW`, run as a user would: formats, language, files written and kept, errors, warnings.

A few tests run ``python -m advisor`` in a subprocess (stdout, stderr and
exit code as a shell sees them); the rest call ``cli.main`` in-process.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from advisor import cli
from tests.cli.test_cli import ROOT, run

JUNE = ROOT / "examples" / "diff" / "larkspur-2026-06.yaml"
DECEMBER = ROOT / "examples" / "diff" / "larkspur-2026-12.yaml"


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the example's two answers files in the working folder."""
    old, new = tmp_path / "june.yaml", tmp_path / "december.yaml"
    shutil.copy(JUNE, old)
    shutil.copy(DECEMBER, new)
    return old, new


def main(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def edited(path: Path, target: Path, **top: object) -> Path:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(top)
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def test_markdown_on_stdout(pair: tuple[Path, Path], tmp_path: Path) -> None:
    proc = run("diff", "june.yaml", "december.yaml", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == ""
    out = proc.stdout
    assert out.startswith("# Larkspur Health: what changed\n\n- **Then:** 2 June 2026 · answered by Nadia Brennan, "
                          "CEO · answers file june.yaml\n")
    for heading in ("## In short", "## What moved the recommendation", "## Criteria that started or stopped counting",
                    "## Answers that changed", "## Questions only one of the two has"):
        assert f"\n{heading}\n" in out
    assert "| SalesOps score | 6 of 23 | 13 of 23 (+7) |" in out
    assert run("diff", "june.yaml", "december.yaml", cwd=tmp_path).stdout == out  # the same bytes every time


def test_json_and_html(pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = pair
    code, out, err = main(capsys, "diff", old, new, "--format", "json")
    assert code == 0 and err == ""
    model = json.loads(out)
    assert model["format"] == "advisor-diff/1" and model["old"]["file"] == str(old)
    jsonschema = pytest.importorskip("jsonschema")
    from advisor import schemas

    jsonschema.validate(model, schemas.schema("diff"))
    page = tmp_path / "diff.html"
    code, out, err = main(capsys, "diff", old, new, "--format", "html", "-o", page)
    assert (code, out, err) == (0, "", "")
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<h1>Larkspur Health: what changed</h1>" in html
    assert "<script" not in html and 'aria-labelledby="scores-now-title scores-now-desc"' in html


def test_pdf(pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("weasyprint")
    code, _, err = main(capsys, "diff", *pair, "--format", "pdf", "-o", tmp_path / "diff.pdf")
    assert code == 0 and err == ""
    assert (tmp_path / "diff.pdf").read_bytes().startswith(b"%PDF")


def test_the_language(pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = pair
    code, out, _ = main(capsys, "diff", old, new, "--language", "es")
    assert code == 0 and out.startswith("# Larkspur Health: qué cambió\n\n- **Antes:** 2 de junio de 2026 ·")
    assert "«Vendedores ahogados en papeleo» ahora cuenta" in out
    spanish = edited(new, tmp_path / "spanish.yaml", language="es")  # the later file's own language
    assert main(capsys, "diff", old, spanish)[1].startswith("# Larkspur Health: qué cambió")
    assert main(capsys, "--language", "en", "diff", old, spanish)[1].startswith("# Larkspur Health: what changed")
    code, _, err = main(capsys, "diff", old, new, "--language", "fr")
    assert code == 2 and "`fr` is not a language the advisor offers" in err


def test_an_output_file_is_replaced_as_every_report_is(pair: tuple[Path, Path], tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "diff.md"
    out_file.write_text("last month's comparison\n", encoding="utf-8")
    code, _, err = main(capsys, "diff", *pair, "-o", out_file)
    assert code == 0 and err == "" and out_file.read_text(encoding="utf-8").startswith("# Larkspur Health")


def test_an_input_is_never_written_over(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new = pair
    before = new.read_bytes()
    code, _, err = main(capsys, "diff", old, new, "-o", new)
    assert code == 2 and new.read_bytes() == before and str(new) in err


def test_a_missing_file(pair: tuple[Path, Path], tmp_path: Path) -> None:
    proc = run("diff", "june.yaml", "nowhere.yaml", cwd=tmp_path)
    assert proc.returncode == 4 and proc.stdout == ""
    assert proc.stderr.startswith("advisor: error: nowhere.yaml: cannot read:")


@pytest.mark.parametrize("content,where", [
    ("- one\n- two\n", ":1:1: expected an answers file (with `answers:`) or a JSON report"),
    ("answers:\n  sales_reps: [3\n", ":3:1:"),
    ("answers:\n  rep_admin_share: most\n", ":2:20: `rep_admin_share`"),
    ('{"format": "advisor-workshop-report/1"}', ":1:12: `advisor-workshop-report/1` is not a format"),
])
def test_a_file_diff_cannot_compare(pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    content: str, where: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    code, out, err = main(capsys, "diff", pair[0], bad)
    assert code == 3 and out == "" and "Traceback" not in err
    assert f"{bad}{where}" in err, err


def test_a_report_and_an_answers_file(pair: tuple[Path, Path], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    old, new = pair
    report = tmp_path / "december.json"
    assert main(capsys, "evaluate", new, "--format", "json", "-o", report)[0] == 0
    code, out, err = main(capsys, "diff", old, report)
    assert code == 0 and err == ""
    assert "- **Now:** 1 December 2026 · answered by Nadia Brennan, CEO · report " in out
    assert out.split("## In short")[1] == main(capsys, "diff", old, new)[1].split("## In short")[1]


def test_two_companies_are_a_warning(pair: tuple[Path, Path], tmp_path: Path) -> None:
    other = edited(pair[1], tmp_path / "other.yaml", company="Northwind \x1b]0;owned\x07Lab")
    proc = run("diff", "june.yaml", "other.yaml", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("# Northwind")
    assert proc.stderr == ("advisor: warning: june.yaml is about “Larkspur Health” and other.yaml about "
                           "“Northwind ]0;ownedLab”: are they the same company?\n")
    assert other.is_file()


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "compare two assessments of one company" in capsys.readouterr().out
    with pytest.raises(SystemExit) as info:
        cli.main(["diff", "--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0 and out.startswith("usage: advisor diff [-h]") and "OLD NEW" in out


def test_diff_imports_no_textual(pair: tuple[Path, Path], tmp_path: Path) -> None:
    """The core of diff (every module of advisor/diff/) and the command never load the UI."""
    import os
    import subprocess
    import sys

    modules = sorted(f"advisor.diff.{p.stem}" for p in (ROOT / "advisor" / "diff").glob("*.py"))
    code = (f"import sys, io, contextlib, {', '.join(modules)}\n"
            "from advisor.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    code = main(['diff', 'june.yaml', 'december.yaml', '--format', 'html'])\n"
            "print(code, any(m == 'textual' or m.startswith('textual.') for m in sys.modules))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert proc.stdout.strip() == "0 False", proc.stderr
