"""The ruleset loader's own messages in Spanish (``errors.rules.loader`` in advisor/strings/es.yaml).

Each test breaks one thing in a copy of the default ruleset, loads it with
Spanish chosen, and checks the Spanish words with their location; the
English words are asserted in test_loader.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor import cli, texts
from advisor.errors import Diagnostic, ExitCode, RulesetError
from advisor.loader import load_ruleset


@pytest.fixture
def spanish() -> Iterator[None]:
    texts.set_language("es")
    try:
        yield
    finally:
        texts.set_language("en")


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(folder: Path, name: str, needle: str) -> int:
    text = (folder / name).read_text(encoding="utf-8")
    return text.count("\n", 0, text.index(needle)) + 1


def failure(folder: Path) -> RulesetError:
    with pytest.raises(RulesetError) as info:
        load_ruleset(folder, cache=False)
    return info.value


def one(diagnostics: tuple[Diagnostic, ...], fragment: str) -> Diagnostic:
    found = [d for d in diagnostics if fragment in d.message]
    assert len(found) == 1, "\n".join(str(d) for d in diagnostics)
    return found[0]


@pytest.mark.usefixtures("spanish")
def test_a_number_question_whose_max_is_not_above_its_min(rules_copy: Path) -> None:
    edit(rules_copy, "questions.yaml", "    min: 0\n    max: 10000\n", "    min: 12.5\n    max: 2.5\n")
    error = failure(rules_copy)
    assert error.message == f"{rules_copy}: 1 problema en el conjunto de reglas"
    d = one(error.diagnostics, "debe ser mayor")
    assert d.message == "`max` (2,5) debe ser mayor que `min` (12,5)"  # decimal comma
    assert (d.path, d.line) == (str(rules_copy / "questions.yaml"), line_of(rules_copy, "questions.yaml", "max: 2.5"))


@pytest.mark.usefixtures("spanish")
def test_a_key_that_does_not_apply_to_the_question_type(rules_copy: Path) -> None:
    edit(rules_copy, "questions.yaml", "    type: choice\n    text:\n      en: How do you mainly sell",
         "    type: choice\n    min: 1\n    text:\n      en: How do you mainly sell")
    d = one(failure(rules_copy).diagnostics, "no corresponde")
    assert d.message == "`min` no corresponde a una pregunta de opción única (choice)"
    assert d.line == line_of(rules_copy, "questions.yaml", "min: 1")


@pytest.mark.usefixtures("spanish")
def test_a_missing_file(rules_copy: Path) -> None:
    (rules_copy / "cases.yaml").unlink()
    error = failure(rules_copy)
    assert error.message == f"{rules_copy}: no se puede leer el conjunto de reglas"
    (d,) = error.diagnostics
    assert d.path == str(rules_copy / "cases.yaml")
    assert d.message.startswith("falta el archivo; la carpeta de un conjunto de reglas contiene ruleset.yaml, ")


def test_rules_check_speaks_spanish(rules_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(rules_copy, "rules.yaml", "difficulty, eq: moderate}\n    points: {salesops: 1}",
         "difficulty, eq: moderate}\n    points: {salesops: 0}")
    try:
        code = cli.main(["--language", "es", "rules", "check", str(rules_copy)])
    finally:
        texts.set_language("en")
    err = capsys.readouterr().err
    assert code == ExitCode.INVALID
    where = f"{rules_copy / 'rules.yaml'}:{line_of(rules_copy, 'rules.yaml', '{salesops: 0}')}:"
    assert f"{where}" in err
    assert "una regla debe sumar puntos a `salesops` o a `revops`" in err
    assert "1 problema en el conjunto de reglas" in err
