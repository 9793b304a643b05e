"""The errors and warnings people meet at the command line, in Spanish (``errors`` in advisor/strings/es.yaml).

English is the default and its exact words are asserted all over the other
tests; here `--language es` picks the Spanish ones, with the same locations
and exit codes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor import cli, texts
from advisor.config import config_path
from advisor.errors import ExitCode


def advisor(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_spanish_strings_match_the_english_ones() -> None:
    assert texts.check("es") == []


def test_an_unknown_option_value_is_a_located_spanish_error(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("format: advisor-answers/1\nanswers:\n  company_stage: growin\n", encoding="utf-8")
    code, out, err = advisor(capsys, "evaluate", "--language", "es", str(answers))
    assert code == ExitCode.INVALID and out == ""
    assert err.startswith(f"advisor: error: {answers}:3:18: `company_stage`: se esperaba una de estas opciones: ")
    assert err.endswith("; se encontró el texto `growin` (¿quisiste decir `growing`?)\n")


def test_a_missing_answers_file_cannot_be_read_in_spanish(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.yaml"
    code, out, err = advisor(capsys, "evaluate", "--language", "es", str(missing))
    assert code == ExitCode.FILE and out == ""
    assert err.startswith(f"advisor: error: {missing}: no se puede leer: ")  # then the system's own words


def test_a_folder_given_as_answers_file_says_why_in_spanish(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = advisor(capsys, "evaluate", "--language", "es", str(tmp_path))
    assert code == ExitCode.FILE
    assert err == f"advisor: error: {tmp_path}: no se puede leer: es una carpeta, no un archivo\n"


def test_a_yaml_syntax_error_in_spanish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers:\n  company_stage: [growing\n", encoding="utf-8")
    code, _, err = advisor(capsys, "evaluate", "--language", "es", str(answers))
    assert code == ExitCode.INVALID
    # The parser's own words stay as it wrote them; the advisor's around them are Spanish.
    assert err.startswith(f"advisor: error: {answers}:3:1: ")
    assert err.endswith(", que empieza en la línea 2, columna 18)\n")


def test_a_duplicate_key_in_spanish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers:\n  sales_reps: 3\n  sales_reps: 4\n", encoding="utf-8")
    code, _, err = advisor(capsys, "evaluate", "--language", "es", str(answers))
    assert code == ExitCode.INVALID
    assert err == (f"advisor: error: {answers}:3:3: clave duplicada `sales_reps` (la primera, en la línea 2) "
                   "(quita o renombra una de las dos)\n")


def test_a_bad_preference_is_a_spanish_warning_and_a_spanish_error(capsys: pytest.CaptureFixture[str]) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("language: english\n", encoding="utf-8")
    code, out, err = advisor(capsys, "--language", "es", "config", "show")
    assert code == ExitCode.OK and "language: en" in out
    assert err == (f"advisor: aviso: {path}:1:11: `language`: se esperaba un código de idioma de dos letras "
                   "como `en` o `es`, se encontró `english`; se usa el valor predeterminado `en`\n")

    code, _, err = advisor(capsys, "--language", "es", "config", "set", "language", "english")
    assert code == ExitCode.USAGE
    assert err.endswith("advisor: error: language: se esperaba un código de idioma de dos letras como `en` o `es`, "
                        "se encontró `english`\n")
    code, _, err = advisor(capsys, "--language", "es", "config", "set", "thme", "nord")
    assert code == ExitCode.USAGE
    assert err.endswith("advisor: error: clave desconocida `thme` (¿quisiste decir `theme`?)\n")
