"""advisor/yamlwrite.py: the YAML the advisor writes without PyYAML, read back by our reader and by PyYAML.

Whatever a string holds, both readers must give it back unchanged: a plain
scalar is written only where no YAML reader could take it for a boolean, a
null, a number or a date.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from advisor.answers import dumps_answers, load_answers
from advisor.plaintext import strip_controls
from advisor.yamlread import read_yaml_text
from advisor.yamlwrite import dumps, scalar

ROOT = Path(__file__).resolve().parents[2]
STRINGS = [
    "Northwind Lab Systems", "O'Brien & Sons (EU), Ltd.", "sha256:43f986c5c75ff529", "1.0.0", "20_to_35",
    "1k_to_10k", "yes", "No", "ON", "off", "true", "False", "null", "None", "~", "y", "n", "", " ", "a ", " a",
    "12", "-3", "1.5", "1e3", "1.0e3", ".5", "0x1F", "0o17", "0b101", "1_000", "12:30", "2026-12-01",
    "2026-12-01 10:00:00", "key: value", "a #comment", "#start", "- item", "[x]", "{x}", "*alias", "&anchor",
    "!tag", "|block", ">fold", "%directive", "@at", "`tick`", '"quoted"', "'single'", "line\nbreak", "tab\there",
    "Café Müller", "Señora Núñez", "東京の会社", "🙂 emoji", "back\\slash", "a  two spaces", "trailing:",
    "\u202eRTL override", "nul\x00char", "bell\x07", ":start", "?question", "ends with ,", "=", "<<",
]


@pytest.mark.parametrize("text", STRINGS)
def test_every_string_reads_back_unchanged_with_both_readers(text: str) -> None:
    written = dumps({"company": text, "answers": {"q": text, "many": [text, "x"]}})
    assert yaml.safe_load(written) == {"company": text, "answers": {"q": text, "many": [text, "x"]}}, written
    clean = strip_controls(text)  # our reader drops control characters from every string, by design
    assert read_yaml_text(written).data == {"company": clean, "answers": {"q": clean, "many": [clean, "x"]}}


@pytest.mark.parametrize("value", [True, False, None, 0, 12, -3, 2.5, 1e20, 1.5e-7, 10.0, [], {}])
def test_other_scalars_read_back_as_what_they_are(value: object) -> None:
    written = dumps({"v": value})
    assert yaml.safe_load(written) == {"v": value}
    assert read_yaml_text(written).data == {"v": value}


def test_the_layout_is_pyyaml_s_for_an_answers_file(ruleset: object) -> None:
    answers = load_answers(ROOT / "examples" / "clear-salesops.yaml", ruleset)  # type: ignore[arg-type]
    ours = dumps_answers(answers)
    theirs = yaml.safe_dump(answers.to_data(), sort_keys=False, allow_unicode=True, default_flow_style=False)
    # The same lines, but for the quotes PyYAML picks for a date and an empty string.
    assert ours.replace('"', "'") == theirs
    assert load_answers_text(ours, ruleset) == answers.answers


def load_answers_text(text: str, ruleset: object) -> object:
    from advisor.answers import parse_answers

    return parse_answers(read_yaml_text(text, "x.yaml"), ruleset).answers  # type: ignore[arg-type]


def test_what_it_does_not_lay_out_goes_to_pyyaml() -> None:
    data = {"nested": [{"a": 1}], "tuple_key": {1: "x"}}
    assert yaml.safe_load(dumps(data)) == data
    assert scalar("plain") == "plain"
