"""`advisor schema NAME`, `advisor rules new DIR`, and the schema line `template` writes first."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

from advisor import cli, schemagen, schemas
from advisor.loader import FILES, load_ruleset
from advisor.shapes import FILE_SHAPES

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"


def run(capsys: Any, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = cli.main(list(args))
    except SystemExit as exc:  # a usage error: argparse exits
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


# -- advisor schema ------------------------------------------------------------------------------

def test_schema_prints_the_shipped_file(capsys: Any, tmp_path: Path) -> None:
    code, out, err = run(capsys, "schema", "questions")
    shipped = (schemagen.FOLDER / "questions.schema.json").read_text(encoding="utf-8")
    assert (code, err) == (0, "") and out == shipped
    assert json.loads(out) == schemas.schema("questions")
    target = tmp_path / "questions.schema.json"
    assert run(capsys, "schema", "questions", "-o", str(target)) == (0, "", "")
    assert target.read_text(encoding="utf-8") == shipped


@pytest.mark.parametrize("name", (*schemagen.NAMES, "report"))
def test_every_schema_is_printed_as_json(capsys: Any, name: str) -> None:
    code, out, _ = run(capsys, "schema", name)
    assert code == 0 and json.loads(out) == schemas.schema(name) and out.startswith('{\n  "$schema": ')


def test_an_unknown_schema_is_a_usage_error_listing_the_names(capsys: Any) -> None:
    code, out, err = run(capsys, "schema", "question")
    assert code == 2 and out == ""
    assert "invalid choice: 'question'" in err and all(f"'{name}'" in err for name in schemas.names())


# -- advisor rules new ---------------------------------------------------------------------------

def test_rules_new_makes_a_ruleset_that_checks_and_tests(capsys: Any, tmp_path: Path) -> None:
    folder = tmp_path / "Acme Rules"
    code, out, err = run(capsys, "rules", "new", str(folder))
    assert (code, out) == (0, "") and "ruleset `acme_rules` created" in err
    for file in FILES:
        text = (folder / file).read_text(encoding="utf-8")
        first, rest = text.split("\n", 1)
        assert first == f"# yaml-language-server: $schema=./schemas/{FILE_SHAPES[file]}.schema.json"
        if file != "ruleset.yaml":  # every other file is the default's, byte for byte
            assert rest == (RULES / file).read_text(encoding="utf-8"), file
    for name in schemagen.RULESET_NAMES:
        assert (folder / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8") == \
            (schemagen.FOLDER / f"{name}.schema.json").read_text(encoding="utf-8")
    # ruleset.yaml: only its id and name differ, every comment and other line as it was
    new = (folder / "ruleset.yaml").read_text(encoding="utf-8").split("\n", 1)[1].splitlines()
    old = (RULES / "ruleset.yaml").read_text(encoding="utf-8").splitlines()
    assert new[:4] == ["id: acme_rules", "name:", '  en: "Acme Rules"', '  es: "Acme Rules"']
    assert new[4:] == old[4:] and old[1] == "name:"
    ruleset = load_ruleset(folder)
    assert (ruleset.id, ruleset.name("en"), ruleset.name("es")) == ("acme_rules", "Acme Rules", "Acme Rules")

    code, out, _ = run(capsys, "rules", "check", str(folder))
    assert code == 0 and "ruleset `acme_rules`" in out
    code, out, _ = run(capsys, "rules", "test", str(folder))
    assert code == 0 and out.endswith(" passed, 0 failed\n")
    code, out, _ = run(capsys, "evaluate", "--rules", str(folder), str(ROOT / "examples" / "not-yet.yaml"),
                       "--format", "json", "--date", "2026-12-01")
    assert code == 0 and json.loads(out)["ruleset"]["id"] == "acme_rules"


def test_rules_new_takes_an_id_and_a_name(capsys: Any, tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()  # an empty folder is fine
    assert run(capsys, "rules", "new", str(folder), "--id", "acme_2027", "--name", 'Acme "ops" rules')[0] == 0
    ruleset = load_ruleset(folder)
    assert (ruleset.id, ruleset.name("es")) == ("acme_2027", 'Acme "ops" rules')


def test_rules_new_never_writes_into_a_folder_with_something_in_it(capsys: Any, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me\n", encoding="utf-8")
    code, out, err = run(capsys, "rules", "new", str(folder))
    assert (code, out) == (2, "")
    assert err == (f"advisor: error: {folder}: the folder is not empty; give a new or empty folder "
                   "(nothing was written)\n")
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "rules", "new", str(tmp_path / "file"))
    assert code == 4 and "not a folder" in err


@pytest.mark.parametrize("ident", ["Acme", "1st", "a-b", "x" * 65, ""])
def test_rules_new_refuses_a_bad_id(capsys: Any, tmp_path: Path, ident: str) -> None:
    code, _, err = run(capsys, "rules", "new", str(tmp_path / "r"), "--id", ident)
    assert code == 2 and "expected an id" in err and not (tmp_path / "r").exists()


def test_rules_new_from_a_ruleset_it_made_keeps_one_schema_line(capsys: Any, tmp_path: Path) -> None:
    assert run(capsys, "rules", "new", str(tmp_path / "one"))[0] == 0
    assert run(capsys, "rules", "new", str(tmp_path / "two"), "--rules", str(tmp_path / "one"))[0] == 0
    assert (tmp_path / "two" / "rules.yaml").read_text(encoding="utf-8") == \
        (tmp_path / "one" / "rules.yaml").read_text(encoding="utf-8")
    assert load_ruleset(tmp_path / "two").id == "two"


# -- the first line of `advisor template` ---------------------------------------------------------

def test_template_points_the_editor_at_the_answers_schema(capsys: Any) -> None:
    code, out, _ = run(capsys, "template")
    first = out.split("\n", 1)[0]
    assert code == 0 and first.startswith("# yaml-language-server: $schema=file:///")
    uri = first.split("$schema=", 1)[1]
    assert uri == schemas.location("answers")
    path = Path(unquote(urlparse(uri).path))
    assert path.read_text(encoding="utf-8") == (schemagen.FOLDER / "answers.schema.json").read_text(encoding="utf-8")
