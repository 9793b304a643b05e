"""advisor/batch/makemap.py and similar.py: a first map guessed from an export, its doubts marked."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.batch import BatchError
from advisor.batch.cells import bind
from advisor.batch.makemap import make_map, survey
from advisor.batch.mapfile import load_map
from advisor.batch.rows import read_rows
from advisor.batch.similar import numbers, similarity


def export(rows: list[list[str]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def guessed(ruleset: Any, data: bytes, *, jsonl: bool = False, language: str = "en") -> tuple[str, dict[str, Any]]:
    columns, _ = survey(read_rows(io.BytesIO(data), "in.csv", jsonl=jsonl))
    text, _ = make_map(ruleset, columns, "in.csv", language)
    return text, yaml.safe_load(text)


def cleared(text: str) -> str:
    """The map with every `unsure` entry deleted, as a consultant leaves it once each guess is checked."""
    return re.sub(r"\n    unsure:\n(      - .*\n)+", "\n", text)


def test_a_form_using_the_questions_own_words_needs_no_checking(ruleset: Any, tmp_path: Path) -> None:
    stage, size, teams, plan = (ruleset.question_by_id[q] for q in ("company_stage", "company_size",
                                                                    "revenue_teams", "reactivity_plan"))
    header = ["Timestamp", "Company name", "Your name", stage.text("en"), size.text("en"), teams.text("en"),
              plan.text("en"), "Email address", "Anything else?"]
    rows = [header,
            ["1", "Acme", "Ana", stage.options[1].label("en"), size.options[0].label("en"),
             f"{teams.options[0].label('en')}, {teams.options[3].label('en')}", "Yes", "a@x", ""],
            ["2", "Bo", "Bo", stage.options[2].label("en"), size.options[4].label("en"), "", "No", "b@x", "hi"]]
    text, data = guessed(ruleset, export(rows))
    assert not re.search(r"^ +unsure:|# unsure$", text, re.MULTILINE)
    assert (data["row_id"], data["company"], data["respondent"], data["separator"]) == ("Timestamp", "Company name",
                                                                                        "Your name", ", ")
    assert data["questions"] == {
        "company_stage": {"column": stage.text("en"), "values": {stage.options[1].label("en"): "first_customers",
                                                                 stage.options[2].label("en"): "growing"}},
        "company_size": {"column": size.text("en"), "values": {"1 to 10": "1_to_10", "More than 1,000": "over_1000"}},
        "reactivity_plan": {"column": plan.text("en"), "values": {"Yes": True, "No": False}},
        "revenue_teams": {"column": teams.text("en"), "values": {"Marketing": "marketing", "Product": "product"}}}
    assert '#   "Email address"' in text and '#   "Anything else?"' in text  # the columns not read
    assert "#   budget: Could you fund two new operations functions over the next year?" in text  # not matched
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    the_map = load_map(path, ruleset)  # runs as it is
    assert bind(the_map, ruleset, tuple(header), "in.csv").answers(rows[1]) == (
        {"company_stage": "first_customers", "company_size": "1_to_10", "revenue_teams": ["marketing", "product"],
         "reactivity_plan": True}, [])


def test_doubtful_guesses_are_marked_and_the_map_refused_until_they_are_cleared(ruleset: Any, tmp_path: Path) -> None:
    rows = [["Stage of the business", "How long does a typical sale take?", "How many people sell full time?"],
            ["Growing", "1-3 months", "10+"], ["Idea / pre-revenue", "Over 3 months", "None"],
            ["Mature", "Forever", "4"]]
    text, data = guessed(ruleset, export(rows))
    stage, cycle, reps = (data["questions"][q] for q in ("company_stage", "sales_cycle", "sales_reps"))
    assert stage["column"] == "Stage of the business" and any("is only" in r for r in stage["unsure"])
    assert stage["values"]["Growing"] == "growing"
    assert cycle["values"] == {"1-3 months": "one_to_three_months", "Over 3 months": "over_three_months",
                               "Forever": cycle["values"]["Forever"]}
    assert [r for r in cycle["unsure"] if "Forever" in r]  # the one label it cannot place
    assert not [r for r in cycle["unsure"] if "1-3 months" in r]  # the same numbers: sure
    assert reps["values"] == {"10+": 10, "None": 0}  # non-numbers of a number question: always checked
    assert len(reps["unsure"]) == 2
    assert '"Forever": ' in text and re.search(r'"Forever": \w+  # unsure', text)
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BatchError) as caught:
        load_map(path, ruleset)
    assert all("a guess to check" in d.message for d in caught.value.diagnostics)
    assert len(caught.value.diagnostics) == text.count("\n      - ")
    path.write_text(cleared(text), encoding="utf-8")
    assert load_map(path, ruleset).questions


def test_a_spanish_form_is_matched_too(ruleset: Any) -> None:
    stage, plan = ruleset.question_by_id["company_stage"], ruleset.question_by_id["reactivity_plan"]
    rows = [["Marca temporal", "Nombre de la empresa", "Nombre", stage.text("es"), plan.text("es")],
            ["1", "Acme", "Ana", stage.options[3].label("es"), "Sí"], ["2", "Bo", "Bo", "", "No"]]
    text, data = guessed(ruleset, export(rows), language="es")
    assert (data["row_id"], data["company"], data["respondent"]) == ("Marca temporal", "Nombre de la empresa",
                                                                     "Nombre")
    assert data["questions"]["company_stage"]["values"] == {stage.options[3].label("es"): "scaling"}
    assert data["questions"]["reactivity_plan"]["values"] == {"Sí": True, "No": False}
    assert "# ¿En qué punto está hoy tu empresa?" in text  # the comments speak the command line's language


def test_ticked_boxes_split_at_the_separator_the_cells_use(ruleset: Any) -> None:
    sources = ruleset.question_by_id["revenue_sources"]
    rows = [[sources.text("en")],
            ["Keeping more customers: too many leave;Selling more to current customers (upsell, cross-sell)"],
            ["Reaching new customer segments or markets"]]
    _, data = guessed(ruleset, export(rows))
    entry = data["questions"]["revenue_sources"]
    assert data["separator"] == ";"
    assert entry["values"] == {"Keeping more customers: too many leave": "retention",
                               "Selling more to current customers (upsell, cross-sell)": "upsell",
                               "Reaching new customer segments or markets": "new_segments"}


def test_columns_named_twice_are_left_out_and_said_so(ruleset: Any) -> None:
    stage = ruleset.question_by_id["company_stage"]
    rows = [[stage.text("en"), stage.text("en"), "Budget"], ["Growing", "Mature", ""]]
    text, data = guessed(ruleset, export(rows))
    assert "company_stage" not in data["questions"]
    assert text.count("appears twice in the header: rename one to use it") == 2


def test_hostile_titles_and_labels_stay_data_and_the_yaml_reads_back(ruleset: Any, tmp_path: Path) -> None:
    title = 'Where is your company today?\x1b]0;owned\x07 # "really"\n- : [x]'
    label = "First paying customers: {x} \\ # '\"\x1b[2J"
    rows = [[title, "Company name"], [label, "Acme"]]
    text, _ = guessed(ruleset, export(rows))
    assert "\x1b" not in text and "\x07" not in text
    path = tmp_path / "map.yaml"
    path.write_text(cleared(text), encoding="utf-8")
    the_map = load_map(path, ruleset)
    reader = bind(the_map, ruleset, tuple(rows[0]), "in.csv")
    assert reader.answers(rows[1]) == ({"company_stage": "first_customers"}, [])
    assert reader.about(rows[1], 2) == ("2", "Acme", "")


def test_json_lines_keys_are_the_columns(ruleset: Any) -> None:
    data = (b'{"company_stage": "Growing", "reps": 3, "Company": "Acme"}\n'
            b'{"company_stage": "Scaling", "reps": 12, "extra": {"x": 1}}\n')
    _, found = guessed(ruleset, data, jsonl=True)
    assert found["company"] == "Company"
    assert found["questions"]["company_stage"]["column"] == "company_stage"  # an id as the title: sure
    assert found["questions"]["company_stage"]["values"] == {"Growing": "growing", "Scaling": "scaling"}


@pytest.mark.parametrize(("a", "b", "alike"), [
    ("20-35%", "20% to 35%", True), ("10-19%", "20% to 35%", False), ("1-10", "1 to 10", True),
    ("Growing", "Growing: sales are repeatable and customers keep coming", True),
    ("1-3 months", "One to three months", True), ("Over 3 months", "One to three months", False),
    ("Yes, one shared system", "tienen cada uno sus propias herramientas", False),
    ("GROWING!", "growing", True), ("Más de 1.000", "More than 1,000", True),
])
def test_similarity(a: str, b: str, alike: bool) -> None:
    assert (similarity(a, b) >= 0.8) is alike, similarity(a, b)


def test_numbers_read_digits_and_words() -> None:
    assert numbers("One to three months") == ("1", "3")
    assert numbers("$1,000 to $9,999") == ("1000", "9999")
