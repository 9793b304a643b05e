"""A broken report template or strings file: a located error, exit 3, and nothing written.

Each test breaks a copy of ``reports/`` in its own temp folder: a syntax
error, a runtime error (an undefined name, a filter that raises) and a
strings file that is not a mapping, lacks a key, has a key too many or a
value that is not text. The error names the file and line; through the
command line it exits 3 and leaves an existing output file as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from advisor import cli, report, report_texts
from advisor.answers import load_answers
from advisor.cli import ExitCode
from advisor.engine import evaluate, what_would_change
from advisor.errors import ExportError
from advisor.model import Ruleset
from advisor.report import build_report, render

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"
DATE = "2026-12-01"
TEMPLATE = "markdown.md.j2"


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """A writable copy of the report templates and texts."""
    target = tmp_path / "reports"
    shutil.copytree(ROOT / "reports", target)
    return target


@pytest.fixture
def model(ruleset: Ruleset) -> dict[str, Any]:
    meta = load_answers(EXAMPLE, ruleset)
    result = evaluate(ruleset, meta.answers)
    return build_report(ruleset, result, what_would_change(ruleset, meta.answers, result), meta=meta, date=DATE)


def body_line(path: Path) -> int:
    """The number (1-based) of the template's first line after its header comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines) if line.rstrip().endswith("-#}")) + 2


def insert_line(path: Path, number: int, text: str) -> None:
    """Put ``text`` in as line ``number`` (1-based) of ``path``."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(number - 1, text + "\n")
    path.write_text("".join(lines), encoding="utf-8")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def position(path: Path, needle: str) -> str:
    """``line:column`` (1-based) of the first ``needle`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    return f"{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def render_error(model: dict[str, Any], folder: Path, language: str | None = None) -> str:
    if language is not None:
        model = {**model, "language": language}
    with pytest.raises(ExportError) as caught:
        render(model, "markdown", folder=folder)
    return str(caught.value)


# -- the template ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "message"), [
    ("{% if %}", "Expected an expression"),
    ("{{ r.company }", "unexpected '}'"),
    ("{% for x in r.why %}", "Unexpected end of template"),
])
def test_a_syntax_error_names_the_template_and_its_line(model: dict[str, Any], reports: Path,
                                                        text: str, message: str) -> None:
    at = body_line(reports / TEMPLATE)
    insert_line(reports / TEMPLATE, at, text)
    error = render_error(model, reports)
    assert error.startswith(f"{reports / TEMPLATE}:")
    line = int(error.split(":")[1])
    # An unclosed block is only noticed at the end of the file.
    expected = len((reports / TEMPLATE).read_text(encoding="utf-8").splitlines()) if "end" in message else at
    assert line == expected
    assert message in error
    assert "\n" not in error


def test_an_undefined_attribute_names_the_template_line(model: dict[str, Any], reports: Path) -> None:
    at = body_line(reports / TEMPLATE)
    insert_line(reports / TEMPLATE, at, "{{ r.recommendation.nope }}")
    assert render_error(model, reports) == f"{reports / TEMPLATE}:{at}: 'dict object' has no attribute 'nope'"


def test_a_filter_that_raises_names_the_template_line_inside_a_loop(model: dict[str, Any], reports: Path) -> None:
    template = reports / TEMPLATE
    replace(template, "{{ loop.index }}. {{ step.text }}", '{{ "%d" | format(step.text) }}. {{ step.text }}')
    line = position(template, '"%d"').split(":")[0]
    error = render_error(model, reports)
    assert error.startswith(f"{template}:{line}: TypeError: ")
    assert "real number is required" in error


def test_a_template_reading_a_text_the_strings_file_lacks_names_both(model: dict[str, Any], reports: Path) -> None:
    template = reports / TEMPLATE
    replace(template, "{{ s.labels.addressed }}", "{{ s.labels.adressed }}")
    line = position(template, "s.labels.adressed").split(":")[0]
    strings = reports / "strings" / "en.yaml"
    assert render_error(model, reports) == (
        f"{strings}:{position(strings, 'labels:')}: `labels.adressed` is missing (used at {TEMPLATE}:{line})")


# -- the strings file -----------------------------------------------------------------------------

def test_a_strings_file_that_is_not_a_mapping(model: dict[str, Any], reports: Path) -> None:
    strings = reports / "strings" / "en.yaml"
    strings.write_text("- Recommendation\n- Scores\n", encoding="utf-8")
    assert render_error(model, reports) == f"{strings}:1:1: the file must be a mapping of texts, found a list"


@pytest.mark.parametrize(("new", "needle", "message"), [
    ("  company: 42\n", "42", "`meta.company` must be text, found the number `42` (put the text in quotes)"),
    ("  company: [Company, Firm]\n", "[Company", "`meta.company` must be text, found a list (put the text in quotes)"),
    ("  company: yes\n", "yes", "`meta.company` must be text, found the boolean `true` (put the text in quotes)"),
    ("  company:\n", "company:", "`meta.company` must be text, found nothing (null) (put the text in quotes)"),
])
def test_a_value_that_is_not_text(model: dict[str, Any], reports: Path, new: str, needle: str, message: str) -> None:
    strings = reports / "strings" / "en.yaml"
    replace(strings, "  company: Company\n", new)
    where = position(strings, needle)
    if needle == "company:":  # no value: placed just after the colon
        line, column = where.split(":")
        where = f"{line}:{int(column) + len(needle)}"
    assert render_error(model, reports) == f"{strings}:{where}: {message}"


def test_a_mapping_where_the_template_prints_a_text(model: dict[str, Any], reports: Path) -> None:
    # en.yaml is its own reference, so only the template says `headings.scores` is a text.
    strings = reports / "strings" / "en.yaml"
    replace(strings, "  scores: Scores\n", "  scores:\n    title: Scores\n")
    line = position(reports / TEMPLATE, "s.headings.scores").split(":")[0]
    assert render_error(model, reports) == (
        f"{strings}:{position(strings, 'title: Scores')}: `headings.scores` must be text, found a mapping "
        f"(used at {TEMPLATE}:{line})")


def test_a_missing_text_the_report_needs(model: dict[str, Any], reports: Path) -> None:
    strings = reports / "strings" / "en.yaml"
    replace(strings, '  not_yet: "Not yet: no operations team needed today, leaning toward {lean}"\n', "")
    error = render_error(model, reports)
    assert error == f"{strings}:{position(strings, 'titles:')}: `titles.not_yet` is missing (the report needs it)"


def test_a_translation_is_checked_against_the_english_texts(model: dict[str, Any], reports: Path) -> None:
    english = reports / "strings" / "en.yaml"
    german = reports / "strings" / "de.yaml"
    text = english.read_text(encoding="utf-8")
    text = text.replace("  why: Each criterion and the answers behind it\n", "").replace("  scores: Scores\n",
                                                                                        "  score: Punkte\n")
    german.write_text(text, encoding="utf-8")
    error = render_error(model, reports, language="de")
    lines = error.splitlines()
    assert lines[0] == f"{german}: the report texts are not valid"
    assert f"  {german}:{position(german, 'score:')}: unknown key `headings.score` (did you mean `scores`?)" in lines
    assert f"  {german}:{position(german, 'headings:')}: `headings.scores` is missing (add it, as in {english})" \
        in lines
    assert f"  {german}:{position(german, 'headings:')}: `headings.why` is missing (add it, as in {english})" in lines


# -- counted texts (plural forms) -----------------------------------------------------------------

POINTS = '  points_for: {one: "+{n} point for {side}", other: "+{n} points for {side}"}\n'


def translation(reports: Path, language: str, old: str = "", new: str = "") -> Path:
    """A copy of en.yaml as ``<language>.yaml``, with ``old`` replaced by ``new``."""
    english = reports / "strings" / "en.yaml"
    target = reports / "strings" / f"{language}.yaml"
    text = english.read_text(encoding="utf-8")
    if old:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    return target


def test_a_number_picks_its_form_by_the_rule_of_its_language() -> None:
    forms = {"one": "{n} point", "other": "{n} points"}
    assert [report_texts.plural_form(forms, n, "en") for n in (0, 1, 2)] == ["{n} points", "{n} point", "{n} points"]
    assert [report_texts.plural_form(forms, n, "fr") for n in (0, 1, 2)] == ["{n} point", "{n} point", "{n} points"]
    assert report_texts.plural_form("{n} Punkte", 1, "de") == "{n} Punkte"  # one text for every number
    assert report_texts.plural_form({"other": "{n}"}, 1, "en") == "{n}"      # a form the text lacks: `other`
    assert report_texts.plural_categories("pt-BR") == ("one", "other")


@pytest.mark.parametrize("new", [
    '  points_for: "+{n} Punkt(e) für {side}"\n',  # one text for every number
    '  points_for: {one: "+{n} Punkt für {side}", other: "+{n} Punkte für {side}"}\n',  # its language's forms
    '  points_for:\n    other: "+{n} Punkte für {side}"\n    one: "+{n} Punkt für {side}"\n',  # in any order
])
def test_a_translation_may_give_its_own_forms_or_one_text(model: dict[str, Any], reports: Path, new: str) -> None:
    translation(reports, "de", POINTS, new)
    markdown = render({**model, "language": "de"}, "markdown", folder=reports)
    assert "Punkt" in markdown


def test_a_translation_that_drops_or_adds_a_placeholder_is_located(model: dict[str, Any], reports: Path) -> None:
    german = translation(reports, "de", POINTS, '  points_for: {one: "+{n} Punkt", other: "+{n} Punkte {team}"}\n')
    message = render_error(model, reports, language="de")
    where = position(german, '"+{n} Punkt"')
    assert f"{german}:{where}: `counts.points_for.one` has the placeholders {{n}}; the reference has {{n}}, {{side}}" \
        in message
    assert "`counts.points_for.other` has the placeholders {n}, {team}; the reference has {n}, {side}" in message


@pytest.mark.parametrize(("new", "needle", "message"), [
    ('  points_for: {one: "{n} Punkt {side}", few: "{n} Punkte {side}", other: "{n} Punkte {side}"}\n', "few:",
     "`counts.points_for` has no plural form `few` in `de` (the forms are: one, other)"),
    ('  points_for: {one: "{n} Punkt {side}"}\n', "points_for:",
     "`counts.points_for` needs the plural form `other` (it is used for every number the other forms do not take)"),
    ('  points_for: {one: 1, other: "{n} Punkte {side}"}\n', "1,",
     "`counts.points_for.one` must be text, found the number `1` (put the text in quotes)"),
    ('  points_for: [Punkt, Punkte]\n', "[Punkt",
     '`counts.points_for` must be text or plural forms, found a list '
     '(as in `{one: "{n} point", other: "{n} points"}`)'),
])
def test_a_translations_plural_forms_are_checked(model: dict[str, Any], reports: Path, new: str, needle: str,
                                                 message: str) -> None:
    german = translation(reports, "de", POINTS, new)
    where = position(german, needle)
    if needle == "points_for:":  # a missing form: reported at the mapping that should hold it
        line = where.split(":")[0]
        text = german.read_text(encoding="utf-8").splitlines()[int(line) - 1]
        where = f"{line}:{text.index('{') + 1}"
    assert render_error(model, reports, language="de") == f"{german}:{where}: {message}"


def test_the_reference_forms_are_checked_too(model: dict[str, Any], reports: Path) -> None:
    english = reports / "strings" / "en.yaml"
    replace(english, POINTS, '  points_for: {one: "{n} point", many: "{n} points"}\n')
    lines = render_error(model, reports).splitlines()
    assert f"  {english}:{position(english, 'many:')}: `counts.points_for` has no plural form `many` in `en` " \
           "(the forms are: one, other)" in lines
    assert any("`counts.points_for` needs the plural form `other`" in line for line in lines)


def test_the_shipped_texts_and_template_agree() -> None:
    # Every text the template and build_report read is a text of en.yaml, the reference.
    folder = ROOT / "reports"
    used = set(report_texts.template_keys(report._environment(folder), folder)) | set(report_texts._MODEL_KEYS)
    strings = report.load_strings("en", folder)

    def leaves(node: dict[str, Any], keys: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
        found: set[tuple[str, ...]] = set()
        for key, value in node.items():
            found |= leaves(value, (*keys, key)) if isinstance(value, dict) else {(*keys, key)}
        return found

    texts = leaves(strings)
    assert used - {keys[:n] for keys in texts for n in range(1, len(keys))} <= texts


# -- through the command line ---------------------------------------------------------------------

@pytest.mark.parametrize("breakage", ["syntax", "runtime", "strings"])
def test_the_cli_exits_3_and_leaves_the_output_file_alone(
        reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        breakage: str) -> None:
    at = body_line(reports / TEMPLATE)
    if breakage == "syntax":
        insert_line(reports / TEMPLATE, at, "{% if %}")
        expected = f"{reports / TEMPLATE}:{at}: "
    elif breakage == "runtime":
        insert_line(reports / TEMPLATE, at, "{{ r.nope }}")
        expected = f"{reports / TEMPLATE}:{at}: 'dict object' has no attribute 'nope'"
    else:
        strings = reports / "strings" / "en.yaml"
        replace(strings, "  company: Company\n", "  company: 42\n")
        expected = f"{strings}:{position(strings, '42')}: `meta.company` must be text, found the number `42`"
    monkeypatch.setattr(report, "reports_dir", lambda: reports)
    out_folder = tmp_path / "out"
    out_folder.mkdir()
    output = out_folder / "report.md"
    output.write_text("an earlier report\n", encoding="utf-8")
    before = output.stat()

    code = cli.main(["evaluate", str(EXAMPLE), "--date", DATE, "-o", str(output)])
    out, err = capsys.readouterr()
    assert code == ExitCode.INVALID == 3
    assert out == ""
    assert err.startswith(f"advisor: error: {expected}")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert output.read_text(encoding="utf-8") == "an earlier report\n"
    assert output.stat().st_mtime_ns == before.st_mtime_ns and output.stat().st_ino == before.st_ino
    assert [p.name for p in out_folder.iterdir()] == ["report.md"]  # no temp file left behind
