"""`advisor diff`'s core (advisor/diff/): two assessments of one company compared, by id, in plain words.

Answers files and JSON reports, alone or mixed; answers that changed, rules
and criteria that started or stopped, the direction and strength then and
now; nothing changed; files made for different versions of the ruleset;
the diff's language rather than the files'; inputs that are neither kind,
broken reports, a YAML error; hostile text; and the JSON model against its
published schema.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor import schemas
from advisor.answers import load_answers
from advisor.diff import DIFF_FORMAT, DiffInputError, build_diff, other_companies, read_input, render_diff
from advisor.engine import evaluate, what_would_change
from advisor.errors import AnswersError, YamlError
from advisor.model import Ruleset
from advisor.report import build_report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
JUNE = EXAMPLES / "diff" / "larkspur-2026-06.yaml"
DECEMBER = EXAMPLES / "diff" / "larkspur-2026-12.yaml"


def data_of(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write(folder: Path, name: str, data: Any) -> Path:
    path = folder / name
    text = json.dumps(data, ensure_ascii=False) if name.endswith(".json") else yaml.safe_dump(data, sort_keys=False,
                                                                                              allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def changed(path: Path, folder: Path, name: str, **answers: Any) -> Path:
    """A copy of the answers file ``path`` with some answers replaced (None: removed)."""
    data = data_of(path)
    for qid, value in answers.items():
        if value is None:
            data["answers"].pop(qid, None)
        else:
            data["answers"][qid] = value
    return write(folder, name, data)


def report_of(ruleset: Ruleset, answers: Path, folder: Path, name: str, language: str = "en") -> Path:
    """The JSON report `advisor evaluate --format json` writes for ``answers``."""
    meta = load_answers(answers, ruleset)
    result = evaluate(ruleset, meta.answers)
    report = build_report(ruleset, result, what_would_change(ruleset, meta.answers, result), meta=meta,
                          language=language, date=meta.date)
    return write(folder, name, report)


def diff(ruleset: Ruleset, old: Path, new: Path, language: str = "en") -> dict[str, Any]:
    return build_diff(ruleset, read_input(old, ruleset), read_input(new, ruleset), language=language)


def paragraph(model: dict[str, Any], start: str) -> dict[str, Any]:
    found = [p for p in model["moved"] if p["text"].startswith(start)]
    assert len(found) == 1, [p["text"] for p in model["moved"]]
    return found[0]


def without_june_crm(folder: Path) -> Path:
    return changed(JUNE, folder, "june.yaml", crm_tool=None)


# -- what changed --------------------------------------------------------------------------------

def test_the_answers_that_changed_and_the_criteria_that_started_and_stopped(ruleset: Ruleset) -> None:
    m = diff(ruleset, JUNE, DECEMBER)
    assert m["format"] == DIFF_FORMAT and m["company"] == "Larkspur Health" and m["same_ruleset"]
    admin = next(a for a in m["answers"] if a["question"] == "rep_admin_share")
    assert (admin["old"]["answer"], admin["new"]["answer"]) == ("10% to 19%", "20% to 35%")
    assert admin["rules"] == ["s5_admin_heavy"]
    started = [c["criterion"] for c in m["criteria"]["started"]]
    assert started == ["S3", "S5", "S6", "S7", "R1", "R2", "R4"]
    assert m["criteria"]["stopped"] == [{"criterion": "S1", "name": "Early company, no audience yet"}]
    rule = next(r for r in m["rules"] if r["id"] == "s5_admin_heavy")
    assert rule == {"id": "s5_admin_heavy", "cites": ["S5"], "change": "started", "old": None,
                    "new": {"salesops": 2, "revops": 0}, "effect": {"salesops": 2, "revops": 0},
                    "because": ["rep_admin_share"], "text": rule["text"]}
    assert rule["text"].startswith("Your reps spend 20 to 35% of their week on admin")
    stopped = next(r for r in m["rules"] if r["id"] == "s1_early_no_audience")
    assert stopped["change"] == "stopped" and stopped["effect"]["salesops"] == -3
    assert stopped["because"] == ["company_stage"]
    assert m["scores"] == {"salesops": {"old": 6, "new": 13, "change": 7}, "revops": {"old": 0, "new": 3, "change": 3}}
    # both scores then and now, and the direction and strength on each side
    assert (m["old"]["verdict"]["outcome"], m["old"]["verdict"]["lean"], m["old"]["strength"]["level"]) == \
        ("not_yet", "salesops", "emerging")
    assert (m["new"]["verdict"]["outcome"], m["new"]["strength"]["level"]) == ("salesops", "clear")


def test_what_moved_the_recommendation_in_plain_words(ruleset: Ruleset) -> None:
    m = diff(ruleset, JUNE, DECEMBER)
    assert [p["kind"] for p in m["moved"]][:3] == ["verdict", "score", "score"]
    assert m["moved"][0]["text"] == (
        "The verdict changed from “Not yet: no operations team needed today, leaning toward SalesOps” to "
        "“Build a SalesOps team”. The need went from “Emerging need” to “Clear need”. (D2)")
    score = paragraph(m, "The SalesOps score rose from 6 to 13")
    assert "points added by S3, S5, S6 and S7, taken away by S1" in score["text"]
    assert "(emerging from 4, clear from 7)" in score["text"]
    admin = paragraph(m, "“Reps buried in admin” now counts")
    assert admin["text"].endswith("went from “10% to 19%” to “20% to 35%”. (S5; +2 points for SalesOps)")
    assert admin["cites"] == ["S5"] and admin["questions"] == ["rep_admin_share"]
    early = paragraph(m, "“Early company, no audience yet” no longer counts")
    assert early["text"].endswith("(S1, D2; −3 points for SalesOps)")
    unmoved = m["moved"][-1]
    assert unmoved["kind"] == "answers" and unmoved["questions"] == ["sales_reps", "revenue_teams"]
    assert unmoved["text"].startswith("These answers changed without moving either score: “How many people")
    for p in m["moved"]:  # each paragraph names its criterion ids
        assert all(cid in p["text"] for cid in p["cites"]), p


def test_the_direction_and_how_clear_it_is(ruleset: Ruleset) -> None:
    m = diff(ruleset, EXAMPLES / "clear-salesops.yaml", EXAMPLES / "both-phased.yaml")
    assert m["changed"]["verdict"] and m["changed"]["direction"] and m["changed"]["decision"]
    text = m["moved"][0]["text"]
    assert text.startswith("The verdict changed from “Build a SalesOps team” to “Build both, in phases: RevOps first, "
                           "then SalesOps”.")
    assert "How clear the direction is went from “Firm” to “Open”." in text
    assert "The margin it rests on went from 14 to 5 points." in text
    assert "Single answers that would turn it: 0 then, 8 now." in text
    assert text.endswith("(then D2; now B2, B4)") and m["moved"][0]["cites"] == ["B2", "B4", "D2"]
    assert (m["old"]["direction"]["level"], m["new"]["direction"]["level"]) == ("high", "low")


def test_nothing_changed(ruleset: Ruleset) -> None:
    m = diff(ruleset, DECEMBER, DECEMBER)
    assert m["moved"] == [{"kind": "nothing", "cites": ["D2"], "questions": [], "text": (
        "Nothing changed: the same answers give the same scores and the same verdict, “Build a SalesOps team”. (D2)")}]
    assert m["answers"] == m["rules"] == [] and m["criteria"] == {"started": [], "stopped": []}
    assert not any(m["changed"].values())
    assert "## Criteria" not in render_diff(m) and "## Answers that changed" not in render_diff(m)


def test_only_questions_one_side_has_changed(ruleset: Ruleset, tmp_path: Path) -> None:
    m = diff(ruleset, JUNE, without_june_crm(tmp_path))
    assert m["moved"][0]["text"].startswith("Nothing moved: the answers both have are the same")
    assert [q["question"] for q in m["only_in"]["old"]] == ["crm_tool"] and m["only_in"]["new"] == []


def test_an_answer_that_moves_no_score(ruleset: Ruleset, tmp_path: Path) -> None:
    m = diff(ruleset, DECEMBER, changed(DECEMBER, tmp_path, "later.yaml", sales_reps=11))
    assert [p["kind"] for p in m["moved"]] == ["verdict", "answers"]
    assert m["moved"][0]["text"] == "The verdict is the same: “Build a SalesOps team”. (D2)"
    assert m["moved"][1]["text"] == ("This answer changed without moving either score: “How many people in your "
                                     "company sell full time?”.")


def test_a_question_no_longer_asked_counts_as_no_answer(ruleset: Ruleset, tmp_path: Path) -> None:
    m = diff(ruleset, DECEMBER, changed(DECEMBER, tmp_path, "no-reps.yaml", sales_reps=0))
    admin = next(a for a in m["answers"] if a["question"] == "rep_admin_share")
    assert admin["new"] == {"status": "hidden", "value": None, "answer": "not asked"}
    assert "went from “20% to 35%” to not asked" in paragraph(m, "“Reps buried in admin” no longer counts")["text"]


# -- across versions, kinds and languages ----------------------------------------------------------

def test_two_reports_give_the_diff_of_their_answers_files(ruleset: Ruleset, tmp_path: Path) -> None:
    june = without_june_crm(tmp_path)
    from_answers = diff(ruleset, june, DECEMBER)
    from_reports = diff(ruleset, report_of(ruleset, june, tmp_path, "june.json"),
                        report_of(ruleset, DECEMBER, tmp_path, "december.json", language="es"))
    mixed = diff(ruleset, june, report_of(ruleset, DECEMBER, tmp_path, "december.json"))
    for model in (from_reports, mixed):
        for key in ("moved", "answers", "rules", "criteria", "scores", "changed", "only_in"):
            assert model[key] == from_answers[key], key
    assert (from_reports["old"]["kind"], mixed["old"]["kind"], mixed["new"]["kind"]) == ("report", "answers", "report")


def test_the_diffs_language_not_the_files(ruleset: Ruleset, tmp_path: Path) -> None:
    spanish_report = report_of(ruleset, DECEMBER, tmp_path, "december.json", language="es")
    english = diff(ruleset, JUNE, spanish_report)
    assert next(a for a in english["answers"] if a["question"] == "rep_admin_share")["new"]["answer"] == "20% to 35%"
    m = diff(ruleset, JUNE, DECEMBER, language="es")
    assert m["language"] == "es" and m["new"]["verdict"]["title"] == "Crea un equipo de SalesOps"
    assert m["moved"][0]["text"].startswith("El veredicto pasó de «Todavía no: hoy no hace falta un equipo")
    assert "«Vendedores ahogados en papeleo» ahora cuenta, porque" in paragraph(m, "«Vendedores ahogados")["text"]
    assert "(S5; +2 puntos para SalesOps)" in paragraph(m, "«Vendedores ahogados")["text"]
    assert render_diff(m).startswith("# Larkspur Health: qué cambió\n\n- **Antes:** 2 de junio de 2026 · ")


def test_reports_made_with_another_version_of_the_ruleset(ruleset: Ruleset, tmp_path: Path) -> None:
    """An older report: another hash, a question since removed, one not yet asked, a rule since renamed."""
    old = json.loads(report_of(ruleset, without_june_crm(tmp_path), tmp_path, "june.json").read_text("utf-8"))
    old["ruleset"].update(version="0.9.0", hash="sha256:0123456789abcdef")
    topic = old["answers"][0]["items"]
    topic.append({"question": "crm_tool", "text": "Which CRM does your sales team use?", "status": "answered",
                  "value": "spreadsheets", "answer": "Spreadsheets"})
    for group in old["answers"]:
        group["items"] = [item for item in group["items"] if item["question"] != "budget"]
    renamed = next(r for g in old["why"] for r in g["rules"] if r["id"] == "s1_early_no_audience")
    renamed["id"] = "s1_early_stage"
    m = diff(ruleset, write(tmp_path, "old.json", old), DECEMBER)
    assert not m["same_ruleset"] and m["old"]["ruleset"]["version"] == "0.9.0"
    assert m["only_in"]["old"] == [{"question": "crm_tool", "text": "Which CRM does your sales team use?",
                                    "status": "answered", "value": "spreadsheets", "answer": "Spreadsheets"}]
    assert [q["question"] for q in m["only_in"]["new"]] == ["budget"]
    rule = next(r for r in m["rules"] if r["id"] == "s1_early_stage")
    assert rule["change"] == "stopped" and rule["because"] == ["company_stage"]  # the report's answers behind it
    assert "budget" not in [a["question"] for a in m["answers"]]
    text = render_diff(m)
    assert "- **Ruleset:** SalesOps or RevOps? 0.9.0 then, SalesOps or RevOps? 1.0.0 now" in text
    assert "- **Only then:** Which CRM does your sales team use? (crm\\_tool): Spreadsheets" in text
    assert "- **Only now:** Could you fund two new operations functions" in text


def test_a_rule_the_rulesets_score_differently(ruleset: Ruleset, tmp_path: Path) -> None:
    old = json.loads(report_of(ruleset, DECEMBER, tmp_path, "dec.json").read_text("utf-8"))
    old["ruleset"]["hash"] = "sha256:0123456789abcdef"
    rule = next(r for g in old["why"] for r in g["rules"] if r["id"] == "s5_admin_heavy")
    rule["points"]["salesops"] = 1
    m = diff(ruleset, write(tmp_path, "old.json", old), DECEMBER)
    assert [(r["id"], r["change"], r["effect"]["salesops"]) for r in m["rules"]] == [("s5_admin_heavy", "changed", 1)]
    assert paragraph(m, "“Reps buried in admin” counts for more")["text"] == (
        "“Reps buried in admin” counts for more: the two versions of the ruleset score it differently. "
        "(S5; +1 point for SalesOps)")


# -- inputs that are not what they should be -------------------------------------------------------

@pytest.mark.parametrize("content,needle", [
    ("- a\n- b\n", "expected an answers file (with `answers:`) or a JSON report"),
    ("company: Acme\n", "found a mapping with neither `answers` nor `format: advisor-report/2`"),
    ('{"format": "advisor-workshop-report/1", "answers": []}', "compare the participants' answers files instead"),
    ('{"format": "advisor-report/1"}', "write the report again with `advisor evaluate --format json`"),
])
def test_a_file_that_is_neither_kind(ruleset: Ruleset, tmp_path: Path, content: str, needle: str) -> None:
    path = tmp_path / "input.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DiffInputError) as info:
        read_input(path, ruleset)
    assert str(info.value).startswith(f"{path}:1:") and needle in str(info.value)


def test_a_broken_report_is_refused_with_every_problem_located(ruleset: Ruleset, tmp_path: Path) -> None:
    report = json.loads(report_of(ruleset, DECEMBER, tmp_path, "dec.json").read_text("utf-8"))
    report["scores"]["salesops"]["score"] = "13"
    report["recommendation"]["outcome"] = "neither"
    report["date"] = "01/12/2026"
    del report["why"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(report, indent=1), encoding="utf-8")
    with pytest.raises(DiffInputError) as info:
        read_input(path, ruleset)
    lines = str(info.value).splitlines()
    assert lines[0] == f"{path}: the report lacks parts the comparison reads, or has them in another shape"
    assert len(lines) == 5 and all(line.startswith(f"  {path}:") for line in lines[1:])
    text = "\n".join(lines)
    for needle in ("`why`", "the string `13`", "`neither`", "`01/12/2026`"):
        assert needle in text


def test_a_yaml_error_and_a_bad_answer_are_located(ruleset: Ruleset, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("answers:\n  sales_reps: [3\n", encoding="utf-8")
    with pytest.raises(YamlError) as info:
        read_input(broken, ruleset)
    assert str(info.value).startswith(f"{broken}:")
    bad = changed(DECEMBER, tmp_path, "bad.yaml", rep_admin_share="most")  # validation is not weakened
    with pytest.raises(AnswersError) as answers_info:
        read_input(bad, ruleset)
    assert "rep_admin_share" in str(answers_info.value) and f"{bad}:" in str(answers_info.value)


def test_an_unknown_question_close_to_a_known_one_is_a_warning(ruleset: Ruleset, tmp_path: Path) -> None:
    path = changed(DECEMBER, tmp_path, "typo.yaml", sales_reps=None, sales_rep=9)
    side = read_input(path, ruleset)
    assert "sales_rep" in side.unknown and side.answers["sales_rep"].value == 9
    assert len(side.warnings) == 1 and side.warnings[0].startswith(f"{path}:")
    assert "did you mean `sales_reps`?" in side.warnings[0]
    assert read_input(JUNE, ruleset).warnings == ()  # crm_tool is like no question of today's


def test_companies(ruleset: Ruleset, tmp_path: Path) -> None:
    june = read_input(JUNE, ruleset)
    assert not other_companies(june, read_input(changed(DECEMBER, tmp_path, "a.yaml"), ruleset))
    data = data_of(DECEMBER)
    data["company"] = "  larkspur   HEALTH "
    assert not other_companies(june, read_input(write(tmp_path, "b.yaml", data), ruleset))
    data["company"] = "Northwind"
    assert other_companies(june, read_input(write(tmp_path, "c.yaml", data), ruleset))
    del data["company"]
    assert not other_companies(june, read_input(write(tmp_path, "d.yaml", data), ruleset))


# -- text from files is data -----------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> # Owned [x](javascript:alert(1)) ![i](http://e/x.png) | cell"


def test_hostile_text_never_becomes_markup(ruleset: Ruleset, tmp_path: Path) -> None:
    from tests.unit.test_report_escaping import FORBIDDEN, structure, tokens

    data = data_of(DECEMBER)
    data["company"] = HOSTILE
    data["respondent"] = {"name": HOSTILE, "role": "<b>CEO</b>"}
    data["answers"]["<img src=x onerror=alert(1)>"] = HOSTILE
    hostile = write(tmp_path, "hostile.yaml", data)
    plain = diff(ruleset, JUNE, DECEMBER)
    m = diff(ruleset, JUNE, hostile)
    markdown = render_diff(m)
    assert not {t.type for t in tokens(markdown)} & FORBIDDEN
    assert structure(markdown) == structure(render_diff({**plain, "only_in": m["only_in"]}))
    page = render_diff(m, "html")
    for raw in ("<script", "<img", "<b>", "<a ", "href="):
        assert raw not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;CEO&lt;/b&gt;" in page


# -- the JSON model and its schema -------------------------------------------------------------------

jsonschema = pytest.importorskip("jsonschema")


def assert_valid(model: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(schemas.schema("diff"))
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(model)]
    assert not problems, "\n".join(problems[:10])


def test_the_schema_is_published_and_sound() -> None:
    s = schemas.schema("diff")
    jsonschema.Draft202012Validator.check_schema(s)
    assert schemas.name_for(DIFF_FORMAT) == "diff" and s["properties"]["format"]["const"] == DIFF_FORMAT
    assert s["additionalProperties"] is False and set(s["required"]) == set(s["properties"])


def test_every_diff_matches_the_schema(ruleset: Ruleset, tmp_path: Path) -> None:
    june = without_june_crm(tmp_path)
    models = [diff(ruleset, JUNE, DECEMBER), diff(ruleset, DECEMBER, DECEMBER), diff(ruleset, JUNE, june),
              diff(ruleset, JUNE, DECEMBER, language="es"),
              diff(ruleset, EXAMPLES / "clear-salesops.yaml", EXAMPLES / "both-phased.yaml"),
              diff(ruleset, report_of(ruleset, june, tmp_path, "june.json"), DECEMBER),
              diff(ruleset, DECEMBER, changed(DECEMBER, tmp_path, "no-reps.yaml", sales_reps=0))]
    for model in models:
        assert_valid(json.loads(render_diff(model, "json")))


@pytest.mark.parametrize("breakage", ["missing", "unknown", "enum", "started_with_old_points", "lean_on_clear"])
def test_a_broken_diff_fails_the_schema(ruleset: Ruleset, breakage: str) -> None:
    model = json.loads(render_diff(diff(ruleset, JUNE, DECEMBER), "json"))
    assert_valid(model)
    broken = copy.deepcopy(model)
    if breakage == "missing":
        del broken["moved"]
    elif breakage == "unknown":
        broken["old"]["mood"] = "fine"
    elif breakage == "enum":
        broken["moved"][0]["kind"] = "summary"
    elif breakage == "started_with_old_points":
        next(r for r in broken["rules"] if r["change"] == "started")["old"] = {"salesops": 1, "revops": 0}
    else:
        broken["new"]["verdict"]["lean"] = "revops"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schemas.schema("diff"))
