"""Tests for advisor.answers: reading, checking and writing answers files.

An answers file is written by a person (or the TUI) and read against a
ruleset; every problem must come back at once, each at its line and column,
and a file for another ruleset or version must still load, with a warning.
These tests use the default ruleset (``ruleset`` fixture) unless they need a
question it does not have.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from advisor.answers import FORMAT, AnswersFile, check_answers, dumps_answers, load_answers, normalizer, parse_answers
from advisor.errors import AnswersError, Diagnostic, FileAccessError
from advisor.loader import load_ruleset
from advisor.model import Ruleset
from advisor.record import replace
from advisor.yamlread import YamlError, read_yaml_text

COMPANY_STAGES = "idea_or_pre_revenue, first_customers, growing, scaling, mature"
TEAMS = "marketing, customer_success, support, product"


# -- helpers ---------------------------------------------------------------------------


def parse(text: str, ruleset: Ruleset, path: str = "answers.yaml") -> AnswersFile:
    return parse_answers(read_yaml_text(text, path), ruleset)


def problems(text: str, ruleset: Ruleset, path: str = "answers.yaml") -> list[Diagnostic]:
    with pytest.raises(AnswersError) as info:
        parse(text, ruleset, path)
    return list(info.value.diagnostics)


def one_problem(text: str, ruleset: Ruleset) -> Diagnostic:
    diagnostics = problems(text, ruleset)
    assert len(diagnostics) == 1, "\n".join(str(d) for d in diagnostics)
    return diagnostics[0]


def at(d: Diagnostic) -> tuple[int, int]:
    return d.line, d.column


def header(ruleset: Ruleset) -> str:
    return (f"format: {FORMAT}\nruleset: {{id: {ruleset.id}, version: {ruleset.version}, "
            f"hash: '{ruleset.hash}'}}\n")


def full_answers(ruleset: Ruleset) -> dict[str, object]:
    """Valid answers for every question (from the first example case, plus the gated ones)."""
    answers = dict(ruleset.cases[0].answers)
    answers.update(sales_reps=4, rep_admin_share="20_to_35", reps_below_target="half",
                   rep_reactivity="mixed", reactivity_plan=False, rep_future="keep_reps",
                   revenue_teams=["marketing", "customer_success"])
    return answers


# -- valid files ---------------------------------------------------------------------------------


def test_a_complete_yaml_file_loads(ruleset: Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(header(ruleset) + """\
company: Acme
respondent: {name: Ana, role: CRO}
date: 2024-05-01
language: en
answers:
  company_stage: growing
  sales_reps: 12
  reactivity_plan: false
  revenue_teams: [marketing, support]
""", encoding="utf-8")
    af = load_answers(path, ruleset)
    assert af.answers == {"company_stage": "growing", "sales_reps": 12, "reactivity_plan": False,
                          "revenue_teams": ["marketing", "support"]}
    assert (af.company, af.respondent, af.role, af.date, af.language) == ("Acme", "Ana", "CRO", "2024-05-01", "en")
    assert (af.ruleset_id, af.ruleset_version, af.ruleset_hash) == (ruleset.id, ruleset.version, ruleset.hash)
    assert af.path == str(path)
    assert af.warnings == ()


def test_a_json_file_loads(ruleset: Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "acme.json"
    path.write_text(json.dumps({"format": FORMAT, "answers": {"sales_motion": "hybrid", "sales_reps": 3.0,
                                                              "revenue_teams": []}}), encoding="utf-8")
    af = load_answers(path, ruleset)
    assert af.answers == {"sales_motion": "hybrid", "sales_reps": 3.0, "revenue_teams": []}


def test_an_empty_answers_mapping_is_fine(ruleset: Ruleset) -> None:
    assert parse("answers: {}\n", ruleset).answers == {}
    assert parse("answers:\n", ruleset).answers == {}


def test_null_answers_count_as_unanswered(ruleset: Ruleset) -> None:
    af = parse("answers:\n  budget: null\n  sales_reps:\n  company_stage: ~\n  sales_motion: inside_sales\n",
               ruleset)
    assert af.answers == {"sales_motion": "inside_sales"}


def test_format_defaults_to_the_current_one(ruleset: Ruleset) -> None:
    assert parse("answers: {budget: not_sure}\n", ruleset).answers == {"budget": "not_sure"}


def test_display_name_is_used_in_diagnostics(ruleset: Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("answers: {budget: maybe}\n", encoding="utf-8")
    with pytest.raises(AnswersError) as info:
        load_answers(path, ruleset, display="client/a.yaml")
    (d,) = info.value.diagnostics
    assert str(d).startswith("client/a.yaml:1:19: `budget`: expected one of: one_function, both_functions, not_sure")


# -- every problem at once -------------------------------------------------------------------------


BROKEN = """\
format: advisor-answers/1
date: 2024-13-01
language: fr
answers:
  company_stage: growin
  sales_rep: 3
  sales_reps: 20000
  reactivity_plan: "yes"
  revenue_teams: [marketing, sales]
  budget: [one_function]
"""


def test_every_problem_is_listed_with_its_line(ruleset: Ruleset) -> None:
    with pytest.raises(AnswersError) as info:
        parse(BROKEN, ruleset)
    diagnostics = list(info.value.diagnostics)
    assert info.value.message == "answers.yaml: 8 problems in the answers file"
    assert [(d.path, d.line, d.column) for d in diagnostics] == [
        ("answers.yaml", 2, 7), ("answers.yaml", 3, 11), ("answers.yaml", 5, 18), ("answers.yaml", 6, 3),
        ("answers.yaml", 7, 15), ("answers.yaml", 8, 20), ("answers.yaml", 9, 18), ("answers.yaml", 10, 11),
    ]
    messages = [d.message for d in diagnostics]
    assert messages[0] == "expected a date as YYYY-MM-DD, found `2024-13-01`"
    assert messages[1] == "language `fr` is not offered by this ruleset (en, es)"
    assert messages[2] == (f"`company_stage`: expected one of: {COMPANY_STAGES}; found the string `growin` "
                           "(did you mean `growing`?)")
    assert messages[3] == "unknown question `sales_rep`"
    assert diagnostics[3].suggestion == "did you mean `sales_reps`?"
    assert messages[4] == "`sales_reps`: expected a number from 0 to 10,000, found 20000"
    assert messages[5] == "`reactivity_plan`: expected true or false, found the string `yes`"
    assert messages[6] == f"`revenue_teams`: the string `sales` is not an option; expected some of: {TEAMS}"
    assert messages[7] == ("`budget`: expected one of: one_function, both_functions, not_sure; "
                           "found a list")
    assert str(diagnostics[3]) == ("answers.yaml:6:3: unknown question `sales_rep` "
                                   "(did you mean `sales_reps`?)")


def test_json_problems_have_line_numbers(ruleset: Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{\n  "format": "advisor-answers/1",\n  "answers": {\n    "budgett": "not_sure",\n'
                    '    "sales_reps": 2.5,\n    "revenue_teams": ["support", "support"]\n  }\n}\n',
                    encoding="utf-8")
    with pytest.raises(AnswersError) as info:
        load_answers(path, ruleset)
    assert [(d.line, d.column, d.message, d.suggestion) for d in info.value.diagnostics] == [
        (4, 5, "unknown question `budgett`", "did you mean `budget`?"),
        (5, 19, "`sales_reps`: expected a whole number, found 2.5", ""),
        (6, 22, "`revenue_teams`: lists an option twice", ""),
    ]
    assert all(d.path == str(path) for d in info.value.diagnostics)


@pytest.mark.parametrize(("answer", "message"), [
    ("sales_reps: 2.5", "`sales_reps`: expected a whole number, found 2.5"),
    ("sales_reps: -1", "`sales_reps`: expected a number from 0 to 10,000, found -1"),
    ("sales_reps: five", "`sales_reps`: expected a number, found the string `five`"),
    ("sales_reps: true", "`sales_reps`: expected a number, found the boolean `true`"),
    # Numbers are decimal only: YAML 1.1's other forms are not read as numbers.
    ("sales_reps: .nan", "`sales_reps`: expected a number, found the string `.nan`"),
    ("sales_reps: .inf", "`sales_reps`: expected a number, found the string `.inf`"),
    ("sales_reps: 1:30", "`sales_reps`: expected a number, found the string `1:30`"),
    ("sales_reps: 0x10", "`sales_reps`: expected a number, found the string `0x10`"),
    ("sales_reps: 0o17", "`sales_reps`: expected a number, found the string `0o17`"),
    ("sales_reps: 1_000", "`sales_reps`: expected a number, found the string `1_000`"),
    ("sales_reps: +12", "`sales_reps`: expected a number, found the string `+12`"),
    ("reactivity_plan: 1", "`reactivity_plan`: expected true or false, found the number `1`"),
    ("company_stage: 3", f"`company_stage`: expected one of: {COMPANY_STAGES}; found the number `3`"),
    ("revenue_teams: marketing",
     f"`revenue_teams`: expected a list of options ({TEAMS}), found the string `marketing`"),
    ("revenue_teams: [marketing, marketing]", "`revenue_teams`: lists an option twice"),
    ("revenue_teams: [marketing, 3]", f"`revenue_teams`: the number `3` is not an option; expected some of: {TEAMS}"),
])
def test_bad_value(ruleset: Ruleset, answer: str, message: str) -> None:
    d = one_problem(f"answers:\n  {answer}\n", ruleset)
    assert d.message == message
    assert at(d) == (2, answer.index(":") + 5)


def test_a_leading_zero_is_decimal_not_octal(ruleset: Ruleset) -> None:
    # YAML 1.1 (yaml.safe_load) reads `010` as 8.
    assert parse("answers:\n  sales_reps: 010\n", ruleset).answers == {"sales_reps": 10}


def test_yes_read_as_a_boolean_for_a_choice(ruleset: Ruleset) -> None:
    d = one_problem("answers:\n  budget: no\n", ruleset)
    assert d.message.startswith("`budget`: expected one of: one_function, both_functions, not_sure; "
                                "found the boolean `false`")


def test_huge_whole_number_is_an_error_not_a_crash(ruleset: Ruleset) -> None:
    """BUG: `float(raw)` on an integer too large for a float raises OverflowError."""
    d = one_problem("answers:\n  sales_reps: 1" + "0" * 400 + "\n", ruleset)
    assert d.message.startswith("`sales_reps`: expected a number from 0 to 10,000")
    assert at(d) == (2, 15)


def test_unknown_top_level_key(ruleset: Ruleset) -> None:
    d = one_problem("compnay: Acme\nanswers: {}\n", ruleset)
    assert d.message == "unknown key `compnay` in an answers file"
    assert d.suggestion == "did you mean `company`?"
    assert at(d) == (1, 1)


def test_missing_answers_key(ruleset: Ruleset) -> None:
    d = one_problem("company: Acme\n", ruleset)
    assert d.message == "missing key `answers` in an answers file"
    assert at(d) == (1, 1)


def test_not_a_mapping(ruleset: Ruleset) -> None:
    with pytest.raises(AnswersError) as info:
        parse("- company_stage: growing\n", ruleset)
    assert info.value.message == "answers.yaml: not a valid answers file"
    (d,) = info.value.diagnostics
    assert d.message == "expected an answers file, found a list"


def test_answers_not_a_mapping(ruleset: Ruleset) -> None:
    d = one_problem("answers: [company_stage, growing]\n", ruleset)
    assert d.message == "expected `answers` (question id: value), found a list"
    assert at(d) == (1, 10)


def test_unsupported_format(ruleset: Ruleset) -> None:
    d = one_problem("format: advisor-answers/2\nanswers: {}\n", ruleset)
    assert d.message == "unsupported format `advisor-answers/2`; this version reads `advisor-answers/1`"
    assert at(d) == (1, 9)


@pytest.mark.parametrize("date", ["2024-13-01", "2024-02-30", "01/05/2024", "'2024-5-1'", "yesterday"])
def test_bad_date(ruleset: Ruleset, date: str) -> None:
    d = one_problem(f"date: {date}\nanswers: {{}}\n", ruleset)
    assert d.message == f"expected a date as YYYY-MM-DD, found `{date.strip(chr(39))}`"
    assert at(d) == (1, 7)


@pytest.mark.parametrize("date", ["'20240501'", "2024-W18-3"])
def test_date_in_another_iso_form_is_refused(ruleset: Ruleset, date: str) -> None:
    """BUG: date.fromisoformat (3.11) also takes `20240501` and week dates,
    which the message promises to refuse and the report then prints as is."""
    d = one_problem(f"date: {date}\nanswers: {{}}\n", ruleset)
    assert d.message.startswith("expected a date as YYYY-MM-DD")


def test_date_must_be_a_string(ruleset: Ruleset) -> None:
    d = one_problem("date: 20240501\nanswers: {}\n", ruleset)
    assert d.message == "expected a string for `date`, found the number `20240501`"


@pytest.mark.parametrize(("language", "closest"), [("eng", "en"), ("esp", "es")])
def test_unknown_language_is_suggested(ruleset: Ruleset, language: str, closest: str) -> None:
    d = one_problem(f"language: {language}\nanswers: {{}}\n", ruleset)
    assert d.message == f"language `{language}` is not offered by this ruleset (en, es)"
    assert d.suggestion == f"did you mean `{closest}`?"
    assert at(d) == (1, 11)


def test_respondent_fields_must_be_strings(ruleset: Ruleset) -> None:
    diagnostics = problems("respondent:\n  name: 42\n  rol: CRO\nanswers: {}\n", ruleset)
    assert [(d.line, d.column, d.message) for d in diagnostics] == [
        (2, 9, "expected a string, found the number `42`"),
        (3, 3, "unknown key `rol` in `respondent`"),
    ]
    assert diagnostics[1].suggestion == "did you mean `role`?"


# -- another ruleset or version ------------------------------------------------------------------


def test_file_for_another_ruleset_id_warns_but_loads(ruleset: Ruleset) -> None:
    af = parse("ruleset: {id: enterprise, version: 2.0.0, hash: 'sha256:0000'}\n"
               "answers: {budget: not_sure}\n", ruleset, path="old.yaml")
    assert af.answers == {"budget": "not_sure"}
    assert af.warnings == ("old.yaml: made for ruleset `enterprise`, read with ruleset `default`",)
    assert af.ruleset_id == "enterprise"


def test_file_for_another_hash_warns_but_loads(ruleset: Ruleset) -> None:
    af = parse("ruleset: {id: default, version: 0.9.0, hash: 'sha256:0123456789abcdef'}\n"
               "answers: {budget: not_sure}\n", ruleset, path="old.yaml")
    assert af.answers == {"budget": "not_sure"}
    (warning,) = af.warnings
    assert warning == (f"old.yaml: made for another version of ruleset `default` (0.9.0 sha256:0123456789abcdef; "
                       f"this is {ruleset.version} {ruleset.hash})")


def test_matching_ruleset_gives_no_warning(ruleset: Ruleset) -> None:
    assert parse(header(ruleset) + "answers: {}\n", ruleset).warnings == ()


def test_warning_is_repeated_in_the_error_message(ruleset: Ruleset) -> None:
    with pytest.raises(AnswersError) as info:
        parse("ruleset: {id: enterprise}\nanswers: {budget: maybe}\n", ruleset)
    assert info.value.message == ("answers.yaml: 1 problem in the answers file "
                                  "(made for ruleset `enterprise`, read with ruleset `default`)")


# -- files that cannot be read ------------------------------------------------------------------


def test_missing_answers_file(ruleset: Ruleset, tmp_path: Path) -> None:
    with pytest.raises(FileAccessError) as info:
        load_answers(tmp_path / "nope.yaml", ruleset)
    (d,) = info.value.diagnostics
    assert d.path == str(tmp_path / "nope.yaml")
    assert d.message.startswith("cannot read")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_at_once(ruleset: Ruleset, tmp_path: Path) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    with pytest.raises(FileAccessError) as info:
        load_answers(fifo, ruleset)  # no writer: a plain open() would wait here forever
    (d,) = info.value.diagnostics
    assert str(d) == f"{fifo}: cannot read: it is a named pipe (FIFO), not a regular file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_open_session_on_a_named_pipe_is_refused_at_once(ruleset: Ruleset, tmp_path: Path) -> None:
    # The app's "Open an answers file..." path; it froze the app before.
    from advisor.session import open_session

    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    with pytest.raises(FileAccessError) as info:
        open_session(fifo, ruleset, keep_path=False)
    assert "named pipe" in str(info.value)


def test_control_characters_never_reach_the_answers(ruleset: Ruleset) -> None:
    af = parse('company: "Acme\\e]0;pwned\\a"\nrespondent: {name: "A\\x1b[2Jn", role: "\\x9bCRO"}\n'
               'answers: {}\n', ruleset)
    assert (af.company, af.respondent, af.role) == ("Acme]0;pwned", "A[2Jn", "CRO")


def test_a_bad_value_with_control_characters_is_quoted_without_them(ruleset: Ruleset) -> None:
    d = one_problem('answers:\n  budget: "\\e]0;pwned\\amaybe"\n', ruleset)
    assert d.message.startswith("`budget`: expected one of: one_function, both_functions, not_sure; "
                                "found the string `]0;pwnedmaybe`")


@pytest.mark.parametrize("meta", ["[1, 2]", "{a: b}", "true"])
def test_ruleset_metadata_must_be_text(ruleset: Ruleset, meta: str) -> None:
    d = one_problem(f"ruleset: {{id: default, version: {meta}}}\nanswers: {{}}\n", ruleset)
    assert d.message.startswith("expected a string for `version`, found ")
    assert at(d) == (1, 33)


def test_a_list_for_the_format_is_described_not_printed(ruleset: Ruleset) -> None:
    d = one_problem("format: [advisor-answers/1]\nanswers: {}\n", ruleset)
    assert d.message == "unsupported format a list; this version reads `advisor-answers/1`"


@pytest.mark.parametrize("key", ["language", "date"])
def test_a_long_bad_value_is_quoted_cut_short(ruleset: Ruleset, key: str) -> None:
    # The whole value went into the message before: 100,000 characters of it.
    d = one_problem(f"{key}: " + "x" * 100_000 + "\nanswers: {}\n", ruleset)
    assert "`" + "x" * 37 + "...`" in d.message
    assert len(d.message) < 200


def test_anchor_in_answers_file(ruleset: Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("answers:\n  budget: &b not_sure\n  company_stage: *b\n", encoding="utf-8")
    with pytest.raises(YamlError) as info:
        load_answers(path, ruleset)
    (d,) = info.value.diagnostics
    assert (d.line, d.column, d.message) == (2, 11, "anchors and aliases are not supported")


# -- writing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("as_json", [False, True], ids=["yaml", "json"])
def test_dumps_answers_round_trips(ruleset: Ruleset, tmp_path: Path, as_json: bool) -> None:
    original = AnswersFile(answers=full_answers(ruleset), company="Acme: «Ventas» & Co", respondent="Ana",
                           role="yes", date="2024-05-01", language="en", ruleset_id=ruleset.id,
                           ruleset_version=ruleset.version, ruleset_hash=ruleset.hash)
    path = tmp_path / ("a.json" if as_json else "a.yaml")
    path.write_text(dumps_answers(original, as_json=as_json), encoding="utf-8")
    loaded = load_answers(path, ruleset)
    assert loaded == replace(original, path=str(path))
    assert check_answers(ruleset, loaded.answers) == []


def test_dumps_json_is_json(ruleset: Ruleset) -> None:
    af = AnswersFile(answers={"budget": "not_sure"}, ruleset_id="default")
    data = json.loads(dumps_answers(af, as_json=True))
    assert list(data) == ["format", "ruleset", "answers"]
    assert data["format"] == FORMAT and data["answers"] == {"budget": "not_sure"}


def test_json_round_trip_of_a_small_decimal(rules_copy: Path, tmp_path: Path) -> None:
    """BUG: json.dumps writes 1e-05, which the YAML 1.1 reader takes as the string "1e-05"."""
    questions = rules_copy / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    questions.write_text(text.replace("    integer: true\n    min: 0\n    max: 10000\n",
                                      "    min: 0\n    max: 10000\n"), encoding="utf-8")
    decimal_rules = load_ruleset(rules_copy)
    af = AnswersFile(answers={"sales_reps": 0.00001}, ruleset_id=decimal_rules.id)
    path = tmp_path / "a.json"
    path.write_text(dumps_answers(af, as_json=True), encoding="utf-8")
    assert load_answers(path, decimal_rules).answers == {"sales_reps": 0.00001}


# -- check_answers and normalizer ---------------------------------------------------------------


def test_check_answers_lists_every_problem(ruleset: Ruleset) -> None:
    assert check_answers(ruleset, {"budget": None, "sales_rep": 1, "sales_reps": 1.5,
                                   "company_stage": "growing"}) == [
        ("sales_rep", "unknown question `sales_rep` (did you mean `sales_reps`?)"),
        ("sales_reps", "`sales_reps`: expected a whole number, found 1.5"),
    ]


def test_normalizer_gives_the_engine_form(ruleset: Ruleset) -> None:
    assert normalizer(ruleset.question("company_stage"))("scaling") == 3  # position on the scale
    assert normalizer(ruleset.question("sales_motion"))("hybrid") == "hybrid"
    assert normalizer(ruleset.question("sales_reps"))(5.0) == 5 and isinstance(
        normalizer(ruleset.question("sales_reps"))(5.0), int)
    assert normalizer(ruleset.question("revenue_teams"))(["support", "product"]) == frozenset({"support", "product"})
    assert normalizer(ruleset.question("reactivity_plan"))(False) is False
