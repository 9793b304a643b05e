"""advisor/batch/mapfile.py and cells.py: the map file checked with located errors, and cells read through it."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from advisor.batch import BatchError
from advisor.batch.cells import CellReader, bind
from advisor.batch.mapfile import Map, load_map

MAP = """\
format: advisor-map/1
ruleset: {id: default, version: "1.0.0"}
row_id: Timestamp
company: Company name
questions:
  company_stage:
    column: Stage
    values: {"First paying customers": first_customers, "Growing": growing, "Don't know": null}
  sales_reps:
    column: Reps
    values: {"10+": 10, "None": 0}
  reactivity_plan:
    column: Plan?
    values: {"Yes": true, "No": false}
  revenue_sources:
    column: Grow where?
    values:
      "Keeping more customers": retention
      "Selling more to current customers (upsell, cross-sell)": upsell
      "New segments": new_segments
      "None of these": null
"""
HEADER = ("Timestamp", "Company name", "Stage", "Reps", "Plan?", "Grow where?")


def write(tmp_path: Path, text: str, name: str = "map.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(tmp_path: Path, ruleset: Any, text: str) -> list[str]:
    with pytest.raises(BatchError) as caught:
        load_map(write(tmp_path, text), ruleset)
    return [str(d).replace(str(tmp_path) + "/", "") for d in caught.value.diagnostics]


@pytest.fixture
def the_map(tmp_path: Path, ruleset: Any) -> Map:
    return load_map(write(tmp_path, MAP), ruleset)


@pytest.fixture
def reader(the_map: Map, ruleset: Any) -> CellReader:
    return bind(the_map, ruleset, HEADER, "in.csv")


def row(**cells: str) -> list[str]:
    names = {"stage": "Stage", "reps": "Reps", "plan": "Plan?", "grow": "Grow where?", "company": "Company name",
             "stamp": "Timestamp"}
    by_name = {names[key]: value for key, value in cells.items()}
    return [by_name.get(column, "") for column in HEADER]


def test_a_good_map_loads(the_map: Map) -> None:
    assert [q.question for q in the_map.questions] == ["company_stage", "sales_reps", "reactivity_plan",
                                                       "revenue_sources"]
    assert (the_map.row_id, the_map.company, the_map.respondent, the_map.separator) == ("Timestamp", "Company name",
                                                                                        "", ", ")
    assert the_map.warnings == ()


def test_every_problem_is_listed_at_its_line_with_a_suggestion(tmp_path: Path, ruleset: Any) -> None:
    found = problems(tmp_path, ruleset, """\
        format: advisor-map/2
        colour: blue
        questions:
          company_stag:
            column: Stage
            values: {"Growing": growing}
          sales_reps:
            column: Reps
            values: {"Lots": 100000, "Half": 2.5}
          reactivity_plan:
            column: Plan?
            values: {Yes: true, "No": nope}
          company_size:
            column: ""
            values: {"Tiny": 1_to_9}
          sales_motion:
            column: Motion
            separator: ";"
            values: {"Founders": founder_led}
          revenue_teams:
            values: {"Marketing": marketing}
        """)
    assert found == [
        "map.yaml:1:9: unsupported format `advisor-map/2`; this version reads `advisor-map/1`",
        "map.yaml:2:1: unknown key `colour` in a map file (expected one of: company, format, questions, respondent, "
        "row_id, ruleset, separator)",
        "map.yaml:4:3: unknown question `company_stag` (did you mean `company_stage`?)",
        "map.yaml:9:22: expected a number from 0 to 10,000, whole where the question asks for it; found the number "
        "`100000`",
        "map.yaml:9:38: expected a number from 0 to 10,000, whole where the question asks for it; found the number "
        "`2.5`",
        "map.yaml:12:14: a label must be text, found the boolean `true` (quote it, as in \"Yes\": true (unquoted, "
        "YAML reads Yes as true and 10 as a number))",
        "map.yaml:12:31: expected true, false or null (no answer), found the string `nope`",
        "map.yaml:14:13: expected a column name, found the string ``",
        "map.yaml:15:22: expected an option value of `company_size` (1_to_10, 11_to_50, 51_to_200, 201_to_1000, "
        "over_1000) or null (no answer); found the string `1_to_9` (did you mean `1_to_10`?)",
        "map.yaml:18:5: `separator` is only for a question with several choices",
        "map.yaml:21:5: missing key `column` in a question's entry (`column`, `values`)",
    ]


def test_unsure_guesses_are_refused_each_at_its_line(tmp_path: Path, ruleset: Any) -> None:
    found = problems(tmp_path, ruleset, """\
        format: advisor-map/1
        questions:
          company_stage:
            column: Stage
            values: {"Growing": growing}
            unsure:
              - the column is only 62% like this question
              - the label “Growing” is read as `growing`
          budget:
            column: Money
            values: {"One": one_function}
            unsure: a single reason
        """)
    hint = "(correct it if it is wrong, then delete this `unsure` entry)"
    assert found == [f"map.yaml:7:9: a guess to check: the column is only 62% like this question {hint}",
                     f"map.yaml:8:9: a guess to check: the label “Growing” is read as `growing` {hint}",
                     f"map.yaml:12:13: a guess to check: a single reason {hint}"]


@pytest.mark.parametrize(("text", "message"), [
    ("format: advisor-map/1\nquestions: {}\n", "map.yaml:2:12: the map maps no question: add at least one under "
                                               "`questions`"),
    ("- a list\n", "map.yaml:1:1: expected a map file, found a list"),
    ("format: advisor-map/1\n", "map.yaml:1:1: missing key `questions` in a map file"),
    ("format: advisor-map/1\nseparator: ''\nquestions: {budget: {column: B, values: {}}}\n",
     "map.yaml:2:12: expected a separator, such as `, `, found the string ``"),
])
def test_a_map_that_is_no_map(tmp_path: Path, ruleset: Any, text: str, message: str) -> None:
    assert problems(tmp_path, ruleset, text) == [message]


def test_a_map_made_for_another_ruleset_is_read_with_a_warning(tmp_path: Path, ruleset: Any) -> None:
    the_map = load_map(write(tmp_path, MAP.replace("id: default", "id: other")), ruleset)
    assert the_map.warnings == (f"{tmp_path / 'map.yaml'}: made for ruleset `other`, read with ruleset `default`",)


def test_a_map_that_is_not_yaml_is_located(tmp_path: Path, ruleset: Any) -> None:
    assert problems(tmp_path, ruleset, "format: [\n") [0].startswith("map.yaml:2:1: ")


# -- binding the map to a file's header -----------------------------------------------------------------

def bind_problems(the_map: Map, ruleset: Any, header: tuple[str, ...], **options: str) -> list[str]:
    with pytest.raises(BatchError) as caught:
        bind(the_map, ruleset, header, "in.csv", **options)
    return [str(d).split("/")[-1] for d in caught.value.diagnostics]


def test_a_missing_column_is_located_in_the_map_with_the_nearest_title(the_map: Map, ruleset: Any) -> None:
    header = ("Timestamp", "Company name", "Stage ", "Reps.", "Plan?", "Grow where?")
    assert bind_problems(the_map, ruleset, header) == [
        "map.yaml:10:13: the column `Reps` is not in the header of in.csv (did you mean `Reps.`?)"]


def test_a_duplicated_column_the_map_reads_is_refused_in_the_file(the_map: Map, ruleset: Any) -> None:
    header = ("Timestamp", "Company name", "Stage", "Reps", "Plan?", "Grow where?", "Stage", "Notes", "Notes")
    assert bind_problems(the_map, ruleset, header) == [
        "in.csv:1:1: the column `Stage` appears more than once in the header (columns 3, 7): the map cannot tell "
        "which to read (rename all but one of them in the header)"]  # "Notes" twice: not read, no matter


def test_a_header_of_one_column_names_the_delimiter_that_would_split_it(the_map: Map, ruleset: Any) -> None:
    header = (";".join(HEADER),)
    found = bind_problems(the_map, ruleset, header, delimiter=",", guess=";")
    assert len(found) == 6
    assert found[0].endswith("is not in the header of in.csv (the header splits into more columns at ;: "
                             "add --delimiter ';')")
    assert bind_problems(the_map, ruleset, header)[0].endswith("(the header splits into more columns at ;: add "
                                                               "--delimiter ';')")  # no guess: the one title tells


def test_titles_match_ignoring_case_and_spacing(the_map: Map, ruleset: Any) -> None:
    header = ("timestamp", "COMPANY  NAME", "stage", "reps", "plan?", "grow where?")
    assert bind(the_map, ruleset, header, "in.csv").fields[0].key == 2


# -- cells into answers ---------------------------------------------------------------------------------

def test_cells_become_answers(reader: CellReader) -> None:
    cells = row(stamp="t1", company="Acme", stage="  growing ", reps="12", plan="Yes",
                grow="Keeping more customers, Selling more to current customers (upsell, cross-sell)")
    assert reader.answers(cells) == ({"company_stage": "growing", "sales_reps": 12, "reactivity_plan": True,
                                      "revenue_sources": ["retention", "upsell"]}, [])
    assert reader.about(cells, 7) == ("t1", "Acme", "")


def test_labels_mapped_to_null_are_no_answer_and_empty_cells_too(reader: CellReader) -> None:
    cells = row(stage="Don't know", reps="None", plan="", grow="None of these")
    assert reader.answers(cells) == ({"sales_reps": 0, "revenue_sources": []}, [])
    assert reader.about(cells, 7) == ("7", "", "")  # no Timestamp: the line number names the row


def test_a_label_holding_the_separator_still_matches_whole(reader: CellReader) -> None:
    answers, _ = reader.answers(row(grow="Selling more to current customers (upsell, cross-sell), New segments"))
    assert answers == {"revenue_sources": ["upsell", "new_segments"]}


@pytest.mark.parametrize(("cells", "problem"), [
    ({"stage": "Growin"}, ("Stage", "`Growin` is not one of the labels the map gives this column (`First paying "
                                    "customers`, `Growing`, `Don't know`) (did you mean `Growing`?)")),
    ({"reps": "a few"}, ("Reps", "expected a number such as 12 or 2.5, or one of the map's labels (`10+`, `None`); "
                                 "found `a few`")),
    ({"reps": "12000"}, ("Reps", "expected a number from 0 to 10,000, found 12000")),
    ({"reps": "2.5"}, ("Reps", "expected a whole number, found 2.5")),
    ({"plan": "Maybe"}, ("Plan?", "`Maybe` is not one of the labels the map gives this column (`Yes`, `No`)")),
    ({"grow": "Keeping more customers; New segments"},
     ("Grow where?", "`Keeping more customers; New segments` is not one of the labels the map gives this column "
                     "(`Keeping more customers`, `Selling more to current custo…`, `New segments`, `None of these`) "
                     "(the map's separator is `, `; this cell seems to use `; `)")),
    ({"grow": "Keeping more customers, Partnerships"},
     ("Grow where?", "`Partnerships` is not one of the labels the map gives this column (`Keeping more customers`, "
                     "`Selling more to current custo…`, `New segments`, `None of these`)")),
])
def test_a_cell_the_map_cannot_read_is_a_problem_naming_its_column(reader: CellReader, cells: dict[str, str],
                                                                  problem: tuple[str, str]) -> None:
    answers, found = reader.answers(row(**cells))
    assert found == [problem]
    assert answers == {}


def test_every_bad_cell_of_a_row_is_listed(reader: CellReader) -> None:
    _, found = reader.answers(row(stage="?", reps="x", plan="y"))
    assert [column for column, _ in found] == ["Stage", "Reps", "Plan?"]


def test_json_values_are_read_by_type(the_map: Map, ruleset: Any) -> None:
    reader = bind(the_map, ruleset, None, "in.jsonl")
    cells = {"Stage": "Growing", "Reps": 4, "Plan?": False, "Grow where?": ["New segments", "Keeping more customers"],
             "Company name": 42}
    assert reader.answers(cells) == ({"company_stage": "growing", "sales_reps": 4, "reactivity_plan": False,
                                      "revenue_sources": ["new_segments", "retention"]}, [])
    assert reader.about(cells, 3) == ("3", "42", "")
    _, found = reader.answers({"Stage": ["Growing"], "Reps": {"n": 1}, "Plan?": 1})
    assert found == [("Stage", "a list only answers a question with several choices"),
                     ("Reps", "expected text, a number, true/false or a list, found a JSON object"),
                     ("Plan?", "`1` is not one of the labels the map gives this column (`Yes`, `No`)")]
    assert reader.seen == {"Stage", "Reps", "Plan?", "Grow where?"}
