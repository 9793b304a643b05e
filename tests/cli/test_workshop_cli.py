"""`advisor workshop new|report|view` and `advisor compare`, run as a consultant would.

Exit codes, the files each command writes (and the ones it must not touch),
byte-identical reports for the same files and date, and names and answers
that stay text in every format.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from tests.cli.test_cli import ROOT, files_in, run

EXAMPLES = ["clear-salesops", "clear-revops", "both-phased", "both-unknown-cause", "not-yet"]


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    """A workshop folder with the five example answers files as participants."""
    proc = run("workshop", "new", "room", "--company", "Acme", "--title", "Kick-off", "--date", "2026-12-01",
               cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for name in EXAMPLES:
        shutil.copy(ROOT / "examples" / f"{name}.yaml", tmp_path / "room" / f"{name}.yaml")
    return tmp_path / "room"


def test_new_creates_only_the_workshop_file_and_never_replaces_it(tmp_path):
    proc = run("workshop", "new", "room", "--company", "Acme", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert files_in(tmp_path) == {"room", "room/workshop.yaml"}
    assert "advisor --workshop room" in proc.stdout
    before = (tmp_path / "room" / "workshop.yaml").read_bytes()
    again = run("workshop", "new", "room", "--company", "Other", cwd=tmp_path)
    assert again.returncode == 2
    assert "workshop already" in again.stderr
    assert (tmp_path / "room" / "workshop.yaml").read_bytes() == before


def test_new_needs_a_company(tmp_path):
    proc = run("workshop", "new", "room", cwd=tmp_path)
    assert proc.returncode == 2 and "--company" in proc.stderr
    assert not (tmp_path / "room").exists()


def test_report_of_a_workshop(workshop):
    proc = run("workshop", "report", "room", cwd=workshop.parent)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("# Acme: a workshop on SalesOps and RevOps\n")
    for heading in ("## The pooled recommendation", "## Each participant's result", "## Disagreements that matter",
                    "## Disagreements that do not change the result", "### How the answers were pooled"):
        assert heading in out
    assert "participants' own results reach the same verdict" in out
    assert "Maria Okafor (VP Sales)" in out  # dissent is recorded by name


def test_same_files_and_date_give_the_same_bytes(workshop):
    first = run("workshop", "report", "room", "--date", "2026-12-02", cwd=workshop.parent).stdout
    second = run("workshop", "report", "room", "--date", "2026-12-02", cwd=workshop.parent).stdout
    assert first == second and "- **Date:** 2 December 2026" in first


def test_json_report(workshop):
    proc = run("workshop", "report", "room", "--format", "json", cwd=workshop.parent)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["format"] == "advisor-workshop-report/1"
    assert len(data["participants"]) == 5
    assert data["pooled"]["counted"] == 5
    matter = data["disagreements"]["matter"]
    assert matter and [d["dissenters"] for d in matter] == sorted((d["dissenters"] for d in matter), reverse=True)
    assert all(any(side["changes"] for side in d["sides"]) for d in matter)


def test_report_written_into_the_folder_is_not_a_participant(workshop):
    for fmt, name in (("json", "report.json"), ("md", "report.md"), ("json", "report.json")):  # and again
        proc = run("workshop", "report", "room", "--format", fmt, "-o", f"room/{name}", cwd=workshop.parent)
        assert proc.returncode == 0, proc.stderr
    again = json.loads(run("workshop", "report", "room", "--format", "json", cwd=workshop.parent).stdout)
    assert len(again["participants"]) == 5 and again["not_counted"] == []


def test_report_never_overwrites_a_participant_file(workshop):
    before = (workshop / "not-yet.yaml").read_bytes()
    proc = run("workshop", "report", "room", "-o", "room/not-yet.yaml", cwd=workshop.parent)
    assert proc.returncode == 2
    assert (workshop / "not-yet.yaml").read_bytes() == before


def test_bad_participant_files_are_listed_not_fatal(workshop):
    (workshop / "broken.yaml").write_text("answers: [\n", encoding="utf-8")
    (workshop / "empty.json").write_text("", encoding="utf-8")
    (workshop / "wrong.yaml").write_text("answers:\n  budget: lots\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in workshop.iterdir()}
    proc = run("workshop", "report", "room", cwd=workshop.parent)
    assert proc.returncode == 0, proc.stderr
    section = proc.stdout.split("## Files not counted", 1)[1]
    assert "broken.yaml: line 2" in section
    assert "empty.json: the file is empty" in section
    assert "wrong.yaml: line 2: \\`budget\\`: expected one of" in section  # escaped Markdown
    assert "**Participants counted:** 5" in proc.stdout
    assert {p.name: p.read_bytes() for p in workshop.iterdir()} == before


@pytest.mark.parametrize(("setup", "found"), [
    ("none", "no such workshop folder"),
    ("empty", "workshop.yaml: missing"),
    ("broken", "workshop.yaml:1:"),
])
def test_missing_or_broken_workshop_file_exits_3_with_its_location(tmp_path, setup, found):
    if setup != "none":
        (tmp_path / "room").mkdir()
    if setup == "broken":
        (tmp_path / "room" / "workshop.yaml").write_text("- just a list\n", encoding="utf-8")
    for command in (("workshop", "report", "room"), ("workshop", "room")):
        proc = run(*command, cwd=tmp_path)
        assert proc.returncode == 3, (command, proc.stderr)
        assert found in proc.stderr and proc.stdout == ""


def test_view_needs_a_terminal(workshop):
    proc = run("workshop", "room", cwd=workshop.parent)
    assert proc.returncode == 2
    assert "advisor workshop report room" in proc.stderr


def test_a_workshop_of_one(tmp_path):
    run("workshop", "new", "room", "--company", "Solo", cwd=tmp_path)
    shutil.copy(ROOT / "examples" / "clear-revops.yaml", tmp_path / "room" / "me.yaml")
    data = json.loads(run("workshop", "report", "room", "--format", "json", cwd=tmp_path).stdout)
    assert data["pooled"]["outcome"] == "revops" and data["pooled"]["agree"] == 1


def test_an_empty_workshop_reports_that_nobody_has_answered(tmp_path):
    run("workshop", "new", "room", "--company", "Acme", cwd=tmp_path)
    proc = run("workshop", "report", "room", cwd=tmp_path)
    assert proc.returncode == 0
    assert "No participant's answers count yet" in proc.stdout


def test_roles_only_hides_names_everywhere(tmp_path):
    run("workshop", "new", "room", "--company", "Acme", "--roles-only", cwd=tmp_path)
    for name in EXAMPLES:
        shutil.copy(ROOT / "examples" / f"{name}.yaml", tmp_path / "room" / f"{name}.yaml")
    for fmt in ("markdown", "json"):
        out = run("workshop", "report", "room", "--format", fmt, cwd=tmp_path).stdout
        for person in ("Maria", "Okafor", "Priya", "Jonas", "Tomás", "Daniel"):
            assert person not in out, (fmt, person)
        assert "VP Sales" in out


def test_hostile_names_stay_text(tmp_path):
    run("workshop", "new", "room", "--company", "<script>alert(1)</script> # Owned", cwd=tmp_path)
    data = yaml.safe_load((ROOT / "examples" / "clear-salesops.yaml").read_text(encoding="utf-8"))
    data["respondent"] = {"name": "[click](http://evil) *x*", "role": "<b>\x1b[31mred</b>"}
    (tmp_path / "room" / "evil.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    out = run("workshop", "report", "room", cwd=tmp_path).stdout
    assert "<script>" not in out and "\\<script\\>" in out
    assert "[click](http://evil)" not in out and "\\[click\\]" in out
    assert "\x1b" not in out
    assert "**Participants counted:** 1" in out and "\\<b\\>" in out


def test_compare_loose_files(tmp_path):
    files = []
    for name in sorted(EXAMPLES):  # in the order a folder lists them
        shutil.copy(ROOT / "examples" / f"{name}.yaml", tmp_path / f"{name}.yaml")
        files.append(f"{name}.yaml")
    proc = run("compare", *files, "--date", "2026-12-01", "--company", "Acme", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    folder = run("workshop", "new", "room", "--company", "Acme", "--date", "2026-12-01", cwd=tmp_path)
    assert folder.returncode == 0
    for name in files:
        shutil.copy(tmp_path / name, tmp_path / "room" / name)
    report = run("workshop", "report", "room", cwd=tmp_path).stdout
    # The same answers give the same report, with or without a folder.
    assert proc.stdout.split("## The pooled recommendation")[1] == report.split("## The pooled recommendation")[1]


def test_compare_refuses_a_file_given_twice_and_a_missing_one(tmp_path):
    shutil.copy(ROOT / "examples" / "not-yet.yaml", tmp_path / "a.yaml")
    twice = run("compare", "a.yaml", "./a.yaml", cwd=tmp_path)
    assert twice.returncode == 2 and "given twice" in twice.stderr
    missing = run("compare", "a.yaml", "nope.yaml", cwd=tmp_path)
    assert missing.returncode == 4 and "nope.yaml" in missing.stderr


def test_joining_a_missing_or_broken_workshop_exits_3(tmp_path):
    proc = run("--workshop", "nowhere", cwd=tmp_path)
    assert proc.returncode == 3 and "no such workshop folder" in proc.stderr
    (tmp_path / "room").mkdir()
    (tmp_path / "room" / "workshop.yaml").write_text("company: [\n", encoding="utf-8")
    proc = run("--workshop", "room", cwd=tmp_path)
    assert proc.returncode == 3 and "workshop.yaml:" in proc.stderr


def test_joining_needs_a_terminal_and_one_source(workshop):
    proc = run("--workshop", "room", cwd=workshop.parent)
    assert proc.returncode == 2 and "interactive terminal" in proc.stderr
    both = run("--workshop", "room", "--answers", "room/not-yet.yaml", cwd=workshop.parent)
    assert both.returncode == 2 and "give one of them" in both.stderr
