"""Golden reports: each example answers file and the reports committed beside it.

Each report is regenerated in memory, exactly as

    python -m advisor evaluate examples/NAME.yaml -o examples/NAME.md --date 2026-12-01
    python -m advisor evaluate examples/NAME.yaml -o examples/NAME.json --format json --date 2026-12-01

would write it, and compared byte for byte with the committed file. After an
intended change to the rules, texts or templates, refresh them with

    ADVISOR_UPDATE_GOLDEN=1 python -m pytest tests/test_examples.py

and review the diff before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from advisor import cli
from advisor.answers import load_answers
from advisor.engine import evaluate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATE = "2026-12-01"
UPDATE = os.environ.get("ADVISOR_UPDATE_GOLDEN") == "1"

# name -> (recommendation, first, phased, decision)
EXPECTED = {
    "clear-salesops": ("salesops", None, False, "salesops_needed"),
    "clear-revops": ("revops", None, False, "revops_needed"),
    "both-phased": ("both", "revops", True, "both_needed"),
    "both-unknown-cause": ("both", "salesops", False, "both_unknown_cause_deep_sales"),
}
FORMATS = {"markdown": ".md", "json": ".json"}


def generate(name: str, fmt: str, capsys: pytest.CaptureFixture[str]) -> bytes:
    capsys.readouterr()
    code = cli.main(["evaluate", str(EXAMPLES / f"{name}.yaml"), "--format", fmt, "--date", DATE])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    return out.encode("utf-8")


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("name", list(EXPECTED))
def test_golden_report(name, fmt, capsys):
    golden = EXAMPLES / f"{name}{FORMATS[fmt]}"
    fresh = generate(name, fmt, capsys)
    if UPDATE:
        golden.write_bytes(fresh)
        return
    assert golden.is_file(), f"{golden} is missing; run with ADVISOR_UPDATE_GOLDEN=1 to create it"
    committed = golden.read_bytes()
    if fresh != committed:
        fresh_lines = fresh.decode("utf-8").splitlines()
        old_lines = committed.decode("utf-8").splitlines()
        first = next((i for i, (a, b) in enumerate(zip(fresh_lines, old_lines, strict=False)) if a != b),
                     min(len(fresh_lines), len(old_lines)))
        pytest.fail(f"{golden.name} differs from a fresh report from line {first + 1}:\n"
                    f"  committed: {old_lines[first] if first < len(old_lines) else '<end of file>'}\n"
                    f"  fresh:     {fresh_lines[first] if first < len(fresh_lines) else '<end of file>'}\n"
                    "If the change is intended, run ADVISOR_UPDATE_GOLDEN=1 python -m pytest tests/test_examples.py")


@pytest.mark.parametrize("name", list(EXPECTED))
def test_example_recommends_what_its_name_says(ruleset, name):
    recommend, first, phased, decision = EXPECTED[name]
    meta = load_answers(EXAMPLES / f"{name}.yaml", ruleset)
    assert meta.warnings == ()
    result = evaluate(ruleset, meta.answers)
    assert (result.recommendation, result.first, result.phased) == (recommend, first, phased)
    assert result.decision.id == decision
    assert not result.weak
    if name == "both-unknown-cause":
        assert "R6" in result.criteria and "B5" in result.cited
    report = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    assert report["recommendation"]["kind"] == recommend
    assert report["recommendation"]["decision"] == decision


@pytest.mark.parametrize("name", list(EXPECTED))
def test_example_answers_every_shown_question(ruleset, name):
    meta = load_answers(EXAMPLES / f"{name}.yaml", ruleset)
    assert meta.company and meta.respondent and meta.role and meta.date
    result = evaluate(ruleset, meta.answers)
    assert result.unanswered == ()
    assert result.ignored == ()
