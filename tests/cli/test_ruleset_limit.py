"""How large a ruleset file may be: 8 MiB by default, ADVISOR_MAX_RULESET_MIB to change it (docs/rules.md).

A consultant's questions.yaml of 1.2 MB was refused by the old 1 MiB limit;
a file past the limit is still refused before it is read whole, with a hint
that names the setting, and a setting that is not a number is a usage error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.cli import main


def padded(rules: Path, size: int) -> Path:
    """``rules`` with its questions.yaml grown to about ``size`` bytes by a comment at the end."""
    questions = rules / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    line = "# " + "x" * 76 + "\n"
    questions.write_text(text + line * ((size - len(text)) // len(line) + 1), encoding="utf-8")
    return rules


def test_a_ruleset_file_of_1_2_mb_loads_by_default(rules_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    padded(rules_copy, 1_200_000)
    assert main(["rules", "check", str(rules_copy)]) == 0, capsys.readouterr().err


def test_a_file_past_the_limit_is_refused_with_the_setting_named(
        rules_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    padded(rules_copy, 1_200_000)
    monkeypatch.setenv("ADVISOR_MAX_RULESET_MIB", "1")
    assert main(["rules", "check", str(rules_copy)]) == 3
    err = capsys.readouterr().err
    assert "questions.yaml" in err and "the limit is 1 MiB" in err
    assert "set ADVISOR_MAX_RULESET_MIB to allow more" in err
    monkeypatch.setenv("ADVISOR_MAX_RULESET_MIB", "2")
    assert main(["rules", "check", str(rules_copy)]) == 0


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1.5", "99999"])
def test_a_setting_that_is_not_a_size_is_a_usage_error(
        value: str, rules_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_MAX_RULESET_MIB", value)
    assert main(["rules", "check", str(rules_copy)]) == 2
    err = capsys.readouterr().err
    assert f"ADVISOR_MAX_RULESET_MIB: expected a whole number of MiB from 1 to 1,024, found `{value}`" in err
    assert "Traceback" not in err
