"""The published JSON Schemas of the JSON reports (advisor/schemas/): valid, current, and not vacuous.

Every JSON report under examples/ is found by its ``format`` and validated
against its schema, and so are fresh reports: the CLI's for each example
answers file, the workshop example and ``advisor compare``, reports of
random answers, and workshops with nobody counted or shown by role only.
Broken copies of the examples (a key missing, an unknown key, a value
outside its enum, a verdict that contradicts itself) must fail, so a schema
that accepted anything would fail here too. Both schema files are checked
against the draft 2020-12 metaschema, and their ``format`` constants
against the code's, so a new report format cannot ship with an old schema.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

jsonschema = pytest.importorskip("jsonschema")

from advisor import cli, schemagen, schemas  # noqa: E402 - after the skip above
from advisor.engine import evaluate, what_would_change  # noqa: E402
from advisor.model import Ruleset  # noqa: E402
from advisor.report import REPORT_FORMAT, build_report  # noqa: E402
from advisor.workshop.analysis import analyse  # noqa: E402
from advisor.workshop.folder import Participant, WorkshopInfo, read_participants, read_workshop  # noqa: E402
from advisor.workshop.report import WORKSHOP_REPORT_FORMAT, build_workshop_report  # noqa: E402
from tests.unit.test_properties import SETTINGS, answer_sets, default_ruleset  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
WORKSHOP = EXAMPLES / "workshop"
REPORT_FORMATS = {REPORT_FORMAT: "report", WORKSHOP_REPORT_FORMAT: "workshop-report"}
# JSON files under examples/ that are not reports (none today; an answers file in JSON would be).
NOT_REPORTS = {"advisor-answers/1", "advisor-workshop/1"}


def validator(name: str) -> Any:
    return jsonschema.Draft202012Validator(schemas.schema(name))


def errors(name: str, report: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(report)]


def assert_valid(name: str, report: Any) -> None:
    problems = errors(name, report)
    assert not problems, "\n".join(problems[:10])


def example_reports() -> list[Path]:
    """Every JSON file under examples/ whose ``format`` is a report's."""
    found = []
    for path in sorted(EXAMPLES.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        fmt = data.get("format") if isinstance(data, dict) else None
        if fmt in REPORT_FORMATS:
            found.append(path)
    return found


def report_of(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def cli_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    code = cli.main(args)
    out, err = capsys.readouterr()
    assert code == 0 and err == "", err
    return json.loads(out)


# -- the schema files ---------------------------------------------------------------------------


def test_the_package_ships_one_schema_per_report_format() -> None:
    # diff: tests/unit/test_diff.py; the editors' schemas: tests/unit/test_schema_agreement.py
    assert schemas.names() == tuple(sorted(("diff", "report", "workshop-report", *schemagen.NAMES)))
    for fmt, name in REPORT_FORMATS.items():
        assert schemas.name_for(fmt) == name
        assert schemas.schema(name)["properties"]["format"] == {**schemas.schema(name)["properties"]["format"],
                                                                "const": fmt}
    assert schemas.name_for("advisor-report/1") is None
    with pytest.raises(KeyError):
        schemas.schema("nope")


@pytest.mark.parametrize("name", ["report", "workshop-report"])
def test_each_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    s = schemas.schema(name)
    jsonschema.Draft202012Validator.check_schema(s)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["$id"].startswith("urn:advisor:schema:") and s["title"] and s["description"]
    assert s["type"] == "object" and s["additionalProperties"] is False
    assert set(s["required"]) == set(s["properties"])


def test_the_schemas_do_not_import_a_validator_at_run_time() -> None:
    source = (ROOT / "advisor" / "schemas" / "__init__.py").read_text(encoding="utf-8")
    assert "import jsonschema" not in source


# -- the examples -------------------------------------------------------------------------------


def test_every_json_example_is_a_report_with_a_schema() -> None:
    every = sorted(EXAMPLES.rglob("*.json"))
    reports = example_reports()
    others = {p.name: report_of(p).get("format") for p in every if p not in reports}
    assert all(fmt in NOT_REPORTS for fmt in others.values()), others
    kinds = [report_of(p)["format"] for p in reports]
    assert kinds.count(REPORT_FORMAT) >= 5 and kinds.count(WORKSHOP_REPORT_FORMAT) >= 1, kinds


@pytest.mark.parametrize("path", example_reports(), ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_example_report_matches_its_schema(path: Path) -> None:
    report = report_of(path)
    assert_valid(REPORT_FORMATS[report["format"]], report)


# -- fresh reports ------------------------------------------------------------------------------


@pytest.mark.parametrize("answers", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_a_fresh_report_matches_the_schema(answers: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert_valid("report", cli_json(["evaluate", str(answers), "--format", "json", "--date", "2026-12-01"], capsys))


def test_reports_of_few_answers_match_the_schema(ruleset: Ruleset) -> None:
    """Nothing answered, and one answer: unanswered questions, caveats, a weak or empty verdict."""
    for answers in ({}, {"company_stage": "idea_or_pre_revenue"}):
        result = evaluate(ruleset, answers)
        report = build_report(ruleset, result, what_would_change(ruleset, answers, result))
        assert report["date"] == "" and report["unanswered"]
        assert_valid("report", report)


@SETTINGS
@given(answer_sets())
def test_reports_of_random_answers_match_the_schema(answers: dict[str, Any]) -> None:
    ruleset = default_ruleset()
    result = evaluate(ruleset, answers)
    assert_valid("report", build_report(ruleset, result, what_would_change(ruleset, answers, result),
                                        date="2026-12-01"))


def test_the_workshop_report_and_compare_match_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    report = cli_json(["workshop", "report", str(WORKSHOP), "--format", "json", "--date", "2026-12-01"], capsys)
    assert report["participants"] and report["disagreements"]["matter"]
    assert_valid("workshop-report", report)
    files = [str(p) for p in sorted(WORKSHOP.glob("*.yaml")) if p.name != "workshop.yaml"]
    compared = cli_json(["compare", *files, "--format", "json"], capsys)
    assert_valid("workshop-report", compared)
    by_role = cli_json(["compare", *files, "--format", "json", "--roles-only"], capsys)
    assert by_role["workshop"]["show_names"] is False
    assert_valid("workshop-report", by_role)


def test_a_workshop_with_nobody_counted_matches_the_schema(ruleset: Ruleset) -> None:
    info = WorkshopInfo(Path("."), "Acme")
    empty = build_workshop_report(ruleset, analyse(ruleset, info, []))
    assert empty["pooled"] is None and empty["participants"] == []
    assert_valid("workshop-report", empty)
    broken = Participant("broken.yaml", problem="not valid YAML")
    people = [*read_participants(WORKSHOP, ruleset), broken]
    report = build_workshop_report(ruleset, analyse(ruleset, read_workshop(WORKSHOP, ruleset), people))
    assert report["not_counted"] == [{"file": "broken.yaml", "reason": "not valid YAML"}]
    assert_valid("workshop-report", report)


# -- broken reports fail ------------------------------------------------------------------------

Edit = Callable[[dict[str, Any]], object]


def _set(path: str, value: Any) -> Edit:
    *parents, last = path.split(".")

    def edit(report: dict[str, Any]) -> None:
        node: Any = report
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[int(last) if isinstance(node, list) else last] = value
    return edit


def _drop(path: str) -> Edit:
    *parents, last = path.split(".")

    def edit(report: dict[str, Any]) -> None:
        node: Any = report
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        del node[last]
    return edit


BROKEN_REPORTS: dict[str, Edit] = {
    "a required key missing": _drop("strength"),
    "a nested required key missing": _drop("scores.revops.threshold"),
    "an unknown key": _set("kind", "salesops"),
    "an unknown nested key": _set("recommendation.kind", "both"),
    "an old format": _set("format", "advisor-report/1"),
    "an unknown direction level": _set("direction.level", "certain"),
    "an unknown strength": _set("strength.level", "strong"),
    "an unknown outcome": _set("recommendation.outcome", "neither"),
    "a not-yet verdict without its lean": _set("recommendation.outcome", "not_yet"),
    "a lean on a clear verdict": _set("recommendation.lean", "revops"),
    "a criterion id of no known form": _set("criteria.0", "X1"),
    "a question id that is not an id": _set("direction.flips", ["Company Stage"]),
    "an unknown caveat kind": _set("caveats", [{"id": "gap", "kind": "warning", "cites": [], "text": "?"}]),
    "an unknown answer status": _set("answers.0.items.0.status", "skipped"),
    "a score that is not a number": _set("scores.salesops.score", "12"),
    "a date in another form": _set("date", "01/12/2026"),
    "a short ruleset hash": _set("ruleset.hash", "sha256:abc"),
}

BROKEN_WORKSHOP_REPORTS: dict[str, Edit] = {
    "a required key missing": _drop("pooled.agree"),
    "the pooled result missing": _drop("pooled"),
    "an unknown key": _set("pooled.kind", "both"),
    "an unknown pooling rule": _set("pooling.ordered", "mean"),
    "an unknown outcome": _set("participants.0.outcome", "neither"),
    "a first side on a single function": _set("roles.0.first", "salesops"),
    "no first side on both": _set("pooled.first", None),
    "a name shown by role only": _set("workshop.show_names", False),
    "a changing answer without its effect": _drop("disagreements.matter.0.sides.1.effect"),
    "an effect on an answer that changes nothing": lambda r: r["disagreements"]["matter"][0]["sides"][0].update(
        effect=r["disagreements"]["matter"][0]["sides"][1]["effect"]),
    "an unknown key in an effect": _set("disagreements.matter.0.sides.1.effect.why", "?"),
}


@pytest.mark.parametrize("breakage", list(BROKEN_REPORTS))
def test_a_broken_report_is_rejected(breakage: str) -> None:
    report = report_of(EXAMPLES / "clear-salesops.json")
    assert_valid("report", report)
    broken = copy.deepcopy(report)
    BROKEN_REPORTS[breakage](broken)
    assert errors("report", broken), breakage


@pytest.mark.parametrize("breakage", list(BROKEN_WORKSHOP_REPORTS))
def test_a_broken_workshop_report_is_rejected(breakage: str) -> None:
    report = report_of(WORKSHOP / "report.json")
    sides = report["disagreements"]["matter"][0]["sides"]
    assert not sides[0]["changes"] and sides[1]["changes"] and report["roles"][0]["recommend"] != "both"
    broken = copy.deepcopy(report)
    BROKEN_WORKSHOP_REPORTS[breakage](broken)
    assert errors("workshop-report", broken), breakage
