"""Tests for advisor.loader: a value of the wrong shape anywhere is a located error, never a crash.

Each test breaks one thing in a writable copy of the default ruleset
(``rules_copy``), then checks what a ruleset author would see: the loader's
diagnostic (file, line, column, message) and, for the reported crashes, the
CLI's exit code 3 with no traceback. Also here: the limits on texts and ids,
the checks on confidence bands, and inputs that are not regular files.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

from advisor.cli import main
from advisor.errors import Diagnostic, RulesetError
from advisor.loader import load_ruleset
from advisor.model import Ruleset

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "both-phased.yaml"


def edit(folder: Path, name: str, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in ``folder/name`` by ``new``."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def where(folder: Path, name: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the first ``needle`` in the file, plus ``offset`` characters."""
    text = (folder / name).read_text(encoding="utf-8")
    index = text.index(needle) + offset
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def problems(folder: Path, **kwargs: bool) -> list[Diagnostic]:
    with pytest.raises(RulesetError) as info:
        load_ruleset(folder, **kwargs)
    assert info.value.diagnostics, "a RulesetError must carry diagnostics"
    return list(info.value.diagnostics)


def find(diagnostics: list[Diagnostic], *fragments: str) -> Diagnostic:
    """The one diagnostic whose message contains every fragment."""
    found = [d for d in diagnostics if all(f in d.message for f in fragments)]
    shown = "\n".join(str(d) for d in diagnostics)
    assert len(found) == 1, f"expected one diagnostic with {fragments}, got {len(found)}:\n{shown}"
    return found[0]


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_cli_reports(capsys: pytest.CaptureFixture[str], folder: Path, located: str, *,
                       evaluate_exit: int = 3) -> None:
    """`rules check`, `rules test` and `evaluate --rules` exit 3 (or ``evaluate_exit``) with ``located``."""
    for argv, expected in ((("rules", "check", str(folder)), 3), (("rules", "test", str(folder)), 3),
                           (("evaluate", str(EXAMPLE), "--rules", str(folder)), evaluate_exit)):
        code, _, err = cli(capsys, *argv)
        assert code == expected, f"{argv}: exit {code}\n{err}"
        assert "Traceback" not in err
        if expected == 3:
            assert err.startswith("advisor: error: ")
            assert located in err, err


# -- the three reported crashes (TypeError: unhashable type) ------------------------------------


def test_a_list_as_the_question_of_a_condition(rules_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(rules_copy, "rules.yaml", "- {question: company_stage, lte: first_customers}",
         "- {question: [company_stage], lte: first_customers}")
    d = find(problems(rules_copy), "expected a question id")
    assert d.message == "expected a question id, found a list"
    assert (d.path, d.line, d.column) == (str(rules_copy / "rules.yaml"),
                                          *where(rules_copy, "rules.yaml", "[company_stage]"))
    assert_cli_reports(capsys, rules_copy, f"{rules_copy / 'rules.yaml'}:{d.line}:{d.column}: expected a question id")


def test_a_mapping_as_the_id_of_a_question(rules_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(rules_copy, "questions.yaml", "  - id: company_stage\n", "  - id: {name: company_stage}\n")
    d = find(problems(rules_copy), "expected a question id")
    assert d.message.endswith("found a mapping")
    assert (d.line, d.column) == where(rules_copy, "questions.yaml", "{name: company_stage}")
    assert_cli_reports(capsys, rules_copy, f"{rules_copy / 'questions.yaml'}:{d.line}:{d.column}: ")


def test_a_list_as_a_rule_a_case_expects(rules_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(rules_copy, "cases.yaml", "rules: [s1_early_no_audience]", "rules: [[s1_early_no_audience]]")
    d = find(problems(rules_copy), "expected a rule id")
    assert d.message == "expected a rule id, found a list"
    assert (d.line, d.column) == where(rules_copy, "cases.yaml", "[s1_early_no_audience]]")
    # `evaluate` does not read the cases, so it still works.
    assert_cli_reports(capsys, rules_copy, f"{rules_copy / 'cases.yaml'}:{d.line}:{d.column}: ", evaluate_exit=0)


def test_an_unknown_rule_after_a_broken_one_is_located_at_its_own_place(rules_copy: Path) -> None:
    # The broken rule was filtered out of the list first, so the next one was reported one item early.
    hard = "when: {question: audience_building_difficulty, eq: hard}\n"
    edit(rules_copy, "rules.yaml", hard + "    points: {salesops: 2}", hard + "    points: {salesops: -2}")
    edit(rules_copy, "cases.yaml", "rules: [s2_audience_hard, s2_rep_driven_motion]",
         "rules: [s2_audience_hard, s2_rep_driven_motoin]")
    diagnostics = problems(rules_copy)
    assert not [d for d in diagnostics if "s2_audience_hard" in d.message]  # reported once, at the rule
    d = find(diagnostics, "unknown rule")
    assert (d.line, d.column) == where(rules_copy, "cases.yaml", "s2_rep_driven_motoin")


# -- more of the same kind -------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "needle", "message"), [
    # a raw value tested against a set of known ids
    ("{flag: automating}", "{flag: [automating]}", "[automating]", "expected a flag id, found a list"),
    ("{fired: r6_unknown_cause}", "{fired: {id: r6_unknown_cause}}", "{id: r6", "expected a rule id, found a mapping"),
    # keys that are not strings, next to a policy test
    ("- {need: salesops}\n        - {need: revops}", "- {need: salesops}\n        - {need: revops, 3: x, ~: y}",
     "{need: revops, 3", "a `need` test takes no other keys"),
])
def test_policy_leaves_of_the_wrong_shape(rules_copy: Path, old: str, new: str, needle: str, message: str) -> None:
    text = (rules_copy / "policy.yaml").read_text(encoding="utf-8")
    assert old in text
    (rules_copy / "policy.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    d = find(problems(rules_copy), message)
    assert d.path == str(rules_copy / "policy.yaml")
    assert d.line == where(rules_copy, "policy.yaml", needle)[0]


def test_a_combinator_with_keys_of_mixed_types(rules_copy: Path) -> None:
    """BUG: sorting the keys for the message compared an int with a str (TypeError)."""
    edit(rules_copy, "rules.yaml", "    when:\n      all:\n        - {question: company_stage, lte: first_customers}",
         "    when:\n      3: x\n      all:\n        - {question: company_stage, lte: first_customers}")
    d = find(problems(rules_copy), "condition takes no other keys")
    assert d.message == "an `all` condition takes no other keys; found 3, all"


def test_a_mapping_as_a_criterion_id(rules_copy: Path) -> None:
    edit(rules_copy, "criteria.yaml", "  - id: S2\n", "  - id: {S: 2}\n")
    d = find(problems(rules_copy), "expected a criterion id")
    assert d.message == "expected a criterion id such as S1, R6, B2, D5 or M; found a mapping"


def test_a_list_as_a_cited_criterion(rules_copy: Path) -> None:
    edit(rules_copy, "rules.yaml", "cites: [S1, D2]\n", "cites: [[S1], D2]\n")
    d = find(problems(rules_copy), "expected a criterion id")
    assert d.message == "expected a criterion id, found a list"


def test_a_mapping_as_a_case_description(rules_copy: Path) -> None:
    edit(rules_copy, "cases.yaml", "  - id: early_founder_led\n    description: >-\n      First customers,",
         "  - id: early_founder_led\n    description: {text: First customers}\n    x: >-\n      First customers,")
    d = find(problems(rules_copy), "expected a description")
    assert d.message == "expected a description, found a mapping"


def test_an_empty_list_of_cases_says_what_the_list_must_hold(rules_copy: Path) -> None:
    (rules_copy / "cases.yaml").write_text("cases: []\n", encoding="utf-8")
    d = find(problems(rules_copy), "empty list")
    assert d.message == "expected a list of at least one case, found an empty list"
    assert (d.line, d.column) == (1, 8)


def test_numbers_too_large_for_the_analysis(rules_copy: Path) -> None:
    """BUG: a 400-digit bound and test value crashed the analysis (OverflowError: ... too large for a float)."""
    huge = "1" + "0" * 400
    edit(rules_copy, "questions.yaml", "    integer: true\n    min: 0\n    max: 10000\n",
         f"    integer: false\n    min: 0\n    max: {huge}\n")
    reps = "{question: sales_reps, gt: 0}"
    edit(rules_copy, "questions.yaml", f"    feeds: [S5]\n    signal: salesops\n    show_if: {reps}",
         f"    feeds: [S5]\n    signal: salesops\n    show_if: {reps.replace('0', huge[:-1])}")
    diagnostics = problems(rules_copy)
    bound = find(diagnostics, "an upper bound")
    assert bound.message == ("expected an upper bound `max` from -1,000,000,000,000,000 to 1,000,000,000,000,000, "
                             "found the number `1000000000000000000000000000000000000...`")
    assert (bound.line, bound.column) == where(rules_copy, "questions.yaml", huge)
    # The cases answer the broken question; that is not reported again as an unknown key.
    assert len(diagnostics) == 1, "\n".join(map(str, diagnostics))


@pytest.mark.parametrize("value", ["0x10", "1:30", "1_000", ".inf"])
def test_yaml11_number_forms_are_not_numbers_in_a_ruleset(rules_copy: Path, value: str) -> None:
    edit(rules_copy, "questions.yaml", "  max: 10000\n", f"  max: {value}\n")
    d = find(problems(rules_copy), "an upper bound")
    assert d.message == f"expected an upper bound `max`, found the string `{value}`"


# -- limits on texts and ids -----------------------------------------------------------------------


STAGE_EN = "en: Where is your company today?"
STAGE_ES = 'es: "¿En qué punto está hoy tu empresa?"'


def test_a_question_text_over_4_kib_is_refused_with_its_place(rules_copy: Path) -> None:
    edit(rules_copy, "questions.yaml", STAGE_EN, STAGE_EN + " x" * 2100)
    d = find(problems(rules_copy), "bytes long")
    assert d.message == "the text in `en` is 4,228 bytes long; the limit is 4,096 bytes (4 KiB)"
    assert (d.line, d.column) == where(rules_copy, "questions.yaml", "Where is your company today?")


def test_the_text_limit_counts_utf8_bytes_not_characters(rules_copy: Path) -> None:
    # 1,400 euro signs are 1,400 characters but 4,200 bytes.
    edit(rules_copy, "questions.yaml", STAGE_EN, "en: " + "€" * 1400)
    assert find(problems(rules_copy), "bytes long").message.startswith("the text in `en` is 4,200 bytes long")


def test_a_text_of_exactly_4_kib_passes(rules_copy: Path) -> None:
    edit(rules_copy, "questions.yaml", STAGE_EN, "en: " + "x" * 4096)
    edit(rules_copy, "questions.yaml", STAGE_ES, "es: " + "ñ" * 2048)  # 4,096 bytes in 2,048 characters
    text = load_ruleset(rules_copy).question_by_id["company_stage"].text
    assert dict(text.by_language) == {"en": "x" * 4096, "es": "ñ" * 2048}


def test_the_text_limit_applies_to_each_language(rules_copy: Path) -> None:
    edit(rules_copy, "questions.yaml", STAGE_ES, "es: " + "y" * 5000)  # the English one stays short
    d = find(problems(rules_copy), "bytes long")
    assert d.message == "the text in `es` is 5,000 bytes long; the limit is 4,096 bytes (4 KiB)"
    assert (d.line, d.column) == where(rules_copy, "questions.yaml", "yyy")


def test_a_one_megabyte_question_text_fails_rules_check(rules_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(rules_copy, "questions.yaml", STAGE_EN, "en: " + "z" * 1_000_000)
    code, _, err = cli(capsys, "rules", "check", str(rules_copy))
    line, column = where(rules_copy, "questions.yaml", "zzz")
    assert code == 3
    assert f"{rules_copy / 'questions.yaml'}:{line}:{column}: the text in `en` is 1,000,000 bytes long" in err


def test_an_id_over_64_characters_is_refused(rules_copy: Path) -> None:
    long_id = "r" * 65
    edit(rules_copy, "rules.yaml", "  - id: s1_early_no_audience\n", f"  - id: {long_id}\n")
    edit(rules_copy, "cases.yaml", "rules: [s1_early_no_audience]", "rules: []")
    d = find(problems(rules_copy), "at most 64 characters")
    assert d.message == "expected a rule id of at most 64 characters, found one of 65"


def test_an_id_of_64_characters_passes(rules_copy: Path) -> None:
    new_id = "r" * 64
    edit(rules_copy, "rules.yaml", "  - id: s1_early_no_audience\n", f"  - id: {new_id}\n")
    edit(rules_copy, "cases.yaml", "rules: [s1_early_no_audience]", f"rules: [{new_id}]")
    assert new_id in load_ruleset(rules_copy).rule_by_id


# -- the direction's confidence bands ---------------------------------------------------------------

BANDS = "    - {level: high, min_margin: 4}\n    - {level: medium, min_margin: 2}\n    - {level: low}\n"


def set_bands(folder: Path, bands: str) -> None:
    """Replace the bands of the direction's confidence, whatever the default ruleset has there."""
    path = folder / "policy.yaml"
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(r"(?m)^(direction:\n  bands:\n)(?:    - .*\n)+", lambda m: m.group(1) + bands, text)
    assert count == 1, "policy.yaml has no `direction: bands:` list to replace"
    path.write_text(new, encoding="utf-8")


def band_problems(folder: Path) -> list[Diagnostic]:
    return [d for d in problems(folder) if d.path == str(folder / "policy.yaml")]


def test_the_default_bands_load(ruleset: Ruleset) -> None:
    levels = ruleset.policy.confidence
    assert [c.id for c in levels] == ["high", "medium", "low"]
    assert levels[0].min_margin > levels[1].min_margin >= 0 and levels[2].min_margin is None


def test_bands_may_limit_the_flips(rules_copy: Path) -> None:
    set_bands(rules_copy, BANDS.replace("high, min_margin: 4", "high, min_margin: 4, max_flips: 1"))
    assert [c.max_flips for c in load_ruleset(rules_copy).policy.confidence] == [1, None, None]


def test_inverted_bands(rules_copy: Path) -> None:
    set_bands(rules_copy, "    - {level: high, min_margin: 2}\n    - {level: medium, min_margin: 4}\n"
                          "    - {level: low}\n")
    (d,) = band_problems(rules_copy)
    assert d.message == "`medium` starts at a margin of 4, not below `high` (2): the bands are inverted"
    assert (d.line, d.column) == where(rules_copy, "policy.yaml", "medium, min_margin: 4}", offset=20)


def test_overlapping_bands(rules_copy: Path) -> None:
    set_bands(rules_copy, "    - {level: high, min_margin: 3}\n    - {level: medium, min_margin: 3}\n"
                          "    - {level: low}\n")
    (d,) = band_problems(rules_copy)
    assert d.message == "`medium` starts at a margin of 3, not below `high` (3): the two bands overlap"


def test_a_duplicated_band(rules_copy: Path) -> None:
    # Before, the second `high` silently replaced the first (and passed the order check).
    set_bands(rules_copy, BANDS.replace("    - {level: low}\n", "    - {level: high, min_margin: 1}\n"
                                                               "    - {level: low}\n"))
    (d,) = band_problems(rules_copy)
    first = where(rules_copy, "policy.yaml", "{level: high")[0]
    assert d.message == f"duplicate band `high` (first at line {first})"
    assert (d.line, d.column) == where(rules_copy, "policy.yaml", "high, min_margin: 1", )
    assert d.suggestion == "expected three bands: high, medium, low, in that order"


@pytest.mark.parametrize("margin", ["-1", "-4"])
def test_a_negative_margin(rules_copy: Path, margin: str) -> None:
    set_bands(rules_copy, BANDS.replace("medium, min_margin: 2", f"medium, min_margin: {margin}"))
    (d,) = band_problems(rules_copy)
    assert d.message == f"expected a margin in points of at least 0, found {margin}"
    assert (d.line, d.column) == where(rules_copy, "policy.yaml", margin + "}")


def test_bands_out_of_order(rules_copy: Path) -> None:
    set_bands(rules_copy, "    - {level: medium, min_margin: 2}\n    - {level: high, min_margin: 4}\n"
                          "    - {level: low}\n")
    (d,) = band_problems(rules_copy)
    assert d.message == "band `high` comes after `medium`"


def test_a_missing_band(rules_copy: Path) -> None:
    set_bands(rules_copy, "    - {level: high, min_margin: 4}\n    - {level: low}\n")
    (d,) = band_problems(rules_copy)
    assert d.message == "no band for `medium`"
    assert d.line == where(rules_copy, "policy.yaml", "- {level: high")[0]


def test_a_band_without_a_margin_would_always_hold(rules_copy: Path) -> None:
    set_bands(rules_copy, BANDS.replace("{level: high, min_margin: 4}", "{level: high}"))
    (d,) = band_problems(rules_copy)
    assert d.message == "band `high` needs a `min_margin` (without one it holds for every margin)"


def test_the_low_band_takes_no_margin(rules_copy: Path) -> None:
    set_bands(rules_copy, BANDS.replace("{level: low}", "{level: low, min_margin: 0}"))
    (d,) = band_problems(rules_copy)
    assert d.message == "the `low` band takes no `min_margin`: it is the fallback"
    assert (d.line, d.column) == where(rules_copy, "policy.yaml", "min_margin: 0")


def test_a_margin_of_zero_is_in_range(rules_copy: Path) -> None:
    set_bands(rules_copy, BANDS.replace("medium, min_margin: 2", "medium, min_margin: 0"))
    assert [c.min_margin for c in load_ruleset(rules_copy).policy.confidence] == [4, 0, None]


# -- inputs that are not regular files ---------------------------------------------------------------


def _load_in_thread(folder: Path, **kwargs: bool) -> BaseException | Ruleset:
    outcome: list[BaseException | Ruleset] = []

    def load() -> None:
        try:
            outcome.append(load_ruleset(folder, **kwargs))
        except BaseException as exc:  # handed to the test
            outcome.append(exc)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "loading the ruleset blocked"
    return outcome[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize(("name", "with_cases"), [("questions.yaml", True), ("cases.yaml", False)])
def test_a_named_pipe_in_the_ruleset_folder_is_refused_at_once(rules_copy: Path, name: str,
                                                               with_cases: bool) -> None:
    # cases.yaml is only hashed when the cases are not needed; it is refused all the same.
    (rules_copy / name).unlink()
    os.mkfifo(rules_copy / name)
    outcome = _load_in_thread(rules_copy, with_cases=with_cases)
    assert isinstance(outcome, RulesetError)
    assert [str(d) for d in outcome.diagnostics] == [
        f"{rules_copy / name}: cannot read: it is a named pipe (FIFO), not a regular file"]


def test_a_folder_in_place_of_a_ruleset_file(rules_copy: Path) -> None:
    (rules_copy / "rules.yaml").unlink()
    (rules_copy / "rules.yaml").mkdir()
    (d,) = problems(rules_copy)
    assert str(d) == f"{rules_copy / 'rules.yaml'}: cannot read: it is a folder, not a file"
