"""The command line's own words in English and Spanish: help, argparse's errors, messages, template comments.

The parser is built in the language picked before parsing (``--language``
anywhere in argv, ADVISOR_LANG, the preferences, the locale, English) from
the ``cli`` texts of advisor/strings/<lang>.yaml. The Spanish tests are
skipped while es.yaml has no ``cli`` section. Most tests run in-process;
one runs ``python -m advisor`` with a Spanish locale, as a user would.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from advisor import cli, texts
from advisor.cli_parser import Parser, early_language, translate
from advisor.errors import ExitCode

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"
SPANISH = Path(texts.__file__).parent / "strings" / "es.yaml"
LANGUAGE_VARIABLES = ("ADVISOR_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


def _spanish_cli_strings() -> bool:
    if not SPANISH.is_file():
        return False
    data = yaml.safe_load(SPANISH.read_text(encoding="utf-8"))
    return isinstance(data, dict) and isinstance(data.get("cli"), dict)


spanish = pytest.mark.skipif(not _spanish_cli_strings(),
                             reason="advisor/strings/es.yaml has no `cli` section (the command line's Spanish)")


@pytest.fixture(autouse=True)
def _no_language_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in LANGUAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def advisor(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``advisor ARGV`` in-process: (exit code, stdout, stderr); --help and usage errors exit through SystemExit."""
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...],
                                                                                           argparse.ArgumentParser]]:
    """Every parser under ``parser`` with its command path: ("workshop", "new"), ..."""
    if isinstance(parser, Parser):
        parser.complete()  # a command's arguments are added when it is first used, in the parser's language
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from parsers(child, (*path, name))


def words(parser: argparse.ArgumentParser) -> list[str | None]:
    """A parser's texts in order: description, epilog, then each argument's (and each command's) help."""
    found = [parser.description, parser.epilog]
    for action in parser._actions:
        found.append(action.help)
        if isinstance(action, argparse._SubParsersAction):
            found += [choice.help for choice in action._choices_actions]
    return found


def built_in(language: str) -> argparse.ArgumentParser:
    texts.set_language(language)
    try:
        return cli.build_parser()
    finally:
        texts.set_language("en")


# -- the English help and errors are argparse's as before ------------------------------------------

def test_the_english_help_and_usage_errors_keep_argparse_words(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = advisor(capsys, "evaluate", "--help")
    assert code == 0 and err == ""
    assert out.startswith("usage: advisor evaluate [-h] [--rules DIR] [--language CODE] [-o FILE]\n")
    assert "\npositional arguments:\n  ANSWERS               the answers file\n" in out
    assert "\noptions:\n  -h, --help            show this help message and exit\n" in out
    assert "report format (default: markdown;" in out
    code, out, err = advisor(capsys, "evaluate")
    assert code == ExitCode.USAGE and out == ""
    assert err.startswith("usage: advisor evaluate")
    assert err.endswith("\nadvisor evaluate: error: the following arguments are required: ANSWERS\n")
    code, _, err = advisor(capsys, "evaluate", "a.yaml", "--format", "docx")
    assert code == ExitCode.USAGE
    assert "advisor evaluate: error: argument --format: invalid choice: 'docx' (choose from " in err


@pytest.mark.parametrize("message", [
    "the following arguments are required: ANSWERS", "unrecognized arguments: --bogus x",
    "argument --format: invalid choice: 'docx' (choose from 'markdown', 'json')",
    "argument --format: invalid choice: 'docx' (choose from markdown, json)",  # Python 3.12.8 and later
    "argument --port: invalid int value: 'x'", "argument --ratio: invalid float value: 'x'",
    "argument -o/--output: expected one argument", "argument DIR: expected at most one argument",
    "ambiguous option: --r could match --rules, --roles-only", "argument -f/--force: ignored explicit argument '3'",
    "argument --date: expected a date as YYYY-MM-DD, found '2026-13-01'",
    "a message argparse may write one day", "argument --x: expected 2 arguments",
])
def test_argparse_messages_read_in_english_as_argparse_wrote_them(message: str) -> None:
    assert translate(message) == message


# -- Spanish ---------------------------------------------------------------------------------------

@spanish
@pytest.mark.parametrize("argv", [("--language", "es", "--help"), ("--help", "--language=es"), ("--lang", "es", "-h")])
def test_the_top_level_help_in_spanish(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    code, out, err = advisor(capsys, *argv)
    assert code == 0 and err == ""
    assert out.startswith("uso: advisor [-h] [--version]")
    for spanish_words in ("\nargumentos posicionales:\n", "\nopciones:\n", "muestra esta ayuda y termina",
                          "Códigos de salida:", "evalúa un archivo de respuestas", "SalesOps"):
        assert spanish_words in out
    for english in ("usage:", "options:", "positional arguments", "show this help", "show program's version",
                    "Exit codes", "without a command", "evaluate an answers file", "the questionnaire"):
        assert english not in out


@spanish
def test_a_command_help_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = advisor(capsys, "evaluate", "--help", "--language", "es")
    assert code == 0 and err == ""
    assert out.startswith("uso: advisor evaluate [-h]")
    for text in words(dict(parsers(built_in("en")))[("evaluate",)]):
        if text:
            assert text[:20] not in out, text
    for spanish_words in ("el archivo de respuestas", "formato del informe", "AAAA-MM-DD", "muestra esta ayuda"):
        assert spanish_words in out


@spanish
def test_every_help_text_has_its_spanish() -> None:
    english, spanish_parser = dict(parsers(built_in("en"))), dict(parsers(built_in("es")))
    assert english.keys() == spanish_parser.keys() and len(english) > 20
    for path, parser in english.items():
        pairs = list(zip(words(parser), words(spanish_parser[path]), strict=True))
        for en_text, es_text in pairs:
            assert (en_text is None) == (es_text is None), path
            if en_text and en_text != argparse.SUPPRESS:
                assert es_text != en_text, (path, en_text)
        texts.set_language("es")
        assert spanish_parser[path].format_help().startswith("uso: ")  # no stray % for argparse to read


@spanish
@pytest.mark.parametrize(("argv", "usage", "message"), [
    (("evaluate",), "advisor evaluate", "advisor evaluate: error: faltan argumentos obligatorios: ANSWERS"),
    (("evaluate", "a.yaml", "--format", "docx"), "advisor evaluate",
     "advisor evaluate: error: argumento --format: valor no válido: 'docx' (elige entre "),
    (("frobnicate",), "advisor", "advisor: error: argumento COMMAND: valor no válido: 'frobnicate'"),
    (("evaluate", "a.yaml", "--bogus"), "advisor", "advisor: error: argumentos no reconocidos: --bogus"),
    (("evaluate", "a.yaml", "--date"), "advisor evaluate", "error: argumento --date: se esperaba un argumento"),
    (("evaluate", "a.yaml", "--date", "2026-13-01"), "advisor evaluate",
     "error: argumento --date: se esperaba una fecha AAAA-MM-DD, se encontró '2026-13-01'"),
    (("serve", "--port", "x"), "advisor serve", "advisor serve: error: argumento --port: número entero no válido: 'x'"),
    (("workshop", "new", "dir"), "advisor workshop new", "faltan argumentos obligatorios: --company"),
    (("compare", "--r", "x"), "advisor compare", "opción ambigua: --r puede ser --rules, --roles-only"),
])
def test_a_usage_error_in_spanish_exits_2(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], usage: str,
                                          message: str) -> None:
    code, out, err = advisor(capsys, "--language", "es", *argv)
    assert code == ExitCode.USAGE and out == ""
    assert err.startswith(f"uso: {usage} ")
    assert message in err
    for english in ("usage:", "required", "invalid", "unrecognized", "expected", "argument "):
        assert english not in err


@spanish
def test_the_commands_messages_in_spanish(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = advisor(capsys, "--language", "es", "sessions")
    assert code == 0 and err == "advisor: aún no hay sesiones; `advisor` empieza una\n"
    code, _, err = advisor(capsys, "--language", "es", "sessions", "delete", "nadie")
    assert code == ExitCode.FILE and err.startswith("advisor: error: no hay ninguna sesión `nadie`")
    code, out, _ = advisor(capsys, "--language", "es", "config", "set", "theme", "nord")
    assert code == 0 and out.startswith("theme: nord (se guardó en ")
    code, out, _ = advisor(capsys, "--language", "es", "rules", "test")
    assert code == 0 and out.endswith(" pasan, 0 fallan\n")
    folder = tmp_path / "taller"
    code, out, _ = advisor(capsys, "--language", "es", "workshop", "new", str(folder), "--company", "Acme")
    assert code == 0 and out.startswith(f"{folder / 'workshop.yaml'}: taller de Acme creado.")
    code, _, err = advisor(capsys, "--language", "es", "compare", str(EXAMPLE), str(EXAMPLE))
    assert code == ExitCode.USAGE and err == f"advisor: error: {EXAMPLE}: aparece dos veces; el archivo de cada " \
                                             "participante cuenta una sola vez\n"


def test_a_failing_case_and_a_broken_rule_say_so_in_spanish(capsys: pytest.CaptureFixture[str],
                                                              tmp_path: Path) -> None:
    """`rules test` and `rules check` for a consultant who works in Spanish: what failed, and where."""
    import shutil

    folder = tmp_path / "reglas"
    shutil.copytree(ROOT / "rules", folder)
    cases = folder / "cases.yaml"
    text = cases.read_text(encoding="utf-8")
    cases.write_text(text.replace("recommend: salesops\n      confidence: high", "recommend: revops\n      "
                                  "confidence: high", 1), encoding="utf-8")
    code, out, _ = advisor(capsys, "--language", "es", "rules", "test", str(folder))
    assert code == ExitCode.CASES_FAILED
    failed = [line for line in out.splitlines() if line.startswith("FALLA ")]
    assert failed and f"({cases}:" in failed[0] and "se esperaba revops, se obtuvo salesops (decisión `" in failed[0]
    assert out.endswith(" pasan, 1 fallan\n")
    rules = folder / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("cites:", "cite:", 1), encoding="utf-8")
    code, _, err = advisor(capsys, "--language", "es", "rules", "check", str(folder))
    assert code == ExitCode.INVALID
    assert f"{folder}: 2 problemas en el conjunto de reglas" in err
    assert "falta la clave `cites` en una regla" in err and "clave desconocida `cite` en una regla " \
        "(¿quisiste decir `cites`?)" in err


@spanish
def test_the_spanish_template_is_the_same_answers_file_with_spanish_comments(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    english, spanish_file = tmp_path / "en.yaml", tmp_path / "es.yaml"
    assert advisor(capsys, "template", "-o", str(english))[0] == 0
    assert advisor(capsys, "template", "--language", "es", "-o", str(spanish_file))[0] == 0
    en_data = yaml.safe_load(english.read_text(encoding="utf-8"))
    es_data = yaml.safe_load(spanish_file.read_text(encoding="utf-8"))
    assert es_data.pop("language") == "es" and en_data.pop("language") == "en"
    assert es_data == en_data  # the keys and values: only the comments speak Spanish
    text = spanish_file.read_text(encoding="utf-8")
    for spanish_words in ("# Después ejecuta: advisor evaluate ESTE_ARCHIVO", "  # Por qué lo preguntamos: ",
                          "  # Responde con una opción:", "  # Solo se pregunta si `"):
        assert spanish_words in text
    assert "Why we ask" not in text and "Answer with" not in text and "Asked only when" not in text
    code, out, _ = advisor(capsys, "questions", "--language", "es")
    assert code == 0 and "   Por qué lo preguntamos: " in out and "Solo se pregunta si `" in out
    assert "Why we ask" not in out and " is one of " not in out


@spanish
@pytest.mark.parametrize(("environ", "config", "argv", "expected"), [
    ({}, None, (), "en"),
    ({"LANG": "es_ES.UTF-8"}, None, (), "es"),
    ({"LC_ALL": "es_AR.UTF-8", "LANG": "en_US.UTF-8"}, None, (), "es"),
    ({"LANG": "fr_FR.UTF-8"}, None, (), "en"),  # a locale the advisor does not speak: English
    ({}, "es", (), "es"),
    ({"LANG": "en_US.UTF-8"}, "es", (), "es"),  # a preference set outranks the locale
    ({"ADVISOR_LANG": "en"}, "es", (), "en"),
    ({"ADVISOR_LANG": "fr", "LANG": "es_ES.UTF-8"}, None, (), "es"),  # not offered: passed over here
    ({"ADVISOR_LANG": "es"}, None, ("--language", "en"), "en"),
    ({}, None, ("evaluate", "x.yaml", "--language", "ES"), "es"),
    ({}, None, ("--language", "en", "evaluate", "--language=es"), "es"),  # the command's, as argparse takes it
    ({}, None, ("--language", "fr", "--help"), "en"),
    ({}, None, ("--", "--language", "es"), "en"),
])
def test_the_language_is_chosen_before_parsing(capsys: pytest.CaptureFixture[str], environ: dict[str, str],
                                               config: str | None, argv: tuple[str, ...], expected: str) -> None:
    if config:
        assert advisor(capsys, "config", "set", "language", config)[0] == 0
    assert early_language(list(argv), environ) == expected


@spanish
@pytest.mark.parametrize("variable", ["LANG", "ADVISOR_LANG"])
def test_the_help_follows_the_environment(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                          variable: str) -> None:
    monkeypatch.setenv(variable, "es_ES.UTF-8" if variable == "LANG" else "es")
    code, out, _ = advisor(capsys, "--help")
    assert code == 0 and out.startswith("uso: advisor")
    code, out, _ = advisor(capsys, "--language", "en", "--help")
    assert code == 0 and out.startswith("usage: advisor")


@spanish
def test_a_preference_for_spanish_gives_spanish_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert advisor(capsys, "config", "set", "language", "es")[0] == 0
    code, out, _ = advisor(capsys, "rules", "--help")
    assert code == 0 and out.startswith("uso: advisor rules") and "valida un conjunto de reglas" in out


@spanish
def test_the_installed_command_speaks_the_locale(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key not in LANGUAGE_VARIABLES}
    env.update(LANG="es_ES.UTF-8", PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-m", "advisor", "--help"], cwd=tmp_path, capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("uso: advisor") and "opciones:" in proc.stdout


# -- a language the advisor does not offer -----------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ("--language", "fr", "evaluate", str(EXAMPLE)), ("evaluate", str(EXAMPLE), "--language", "fr"),
    ("--language", "fr", "questions"), ("--language=fr", "config"), ("rules", "check", "--language", "fr"),
])
def test_a_language_not_offered_exits_2_naming_the_offered_ones(capsys: pytest.CaptureFixture[str],
                                                                 argv: tuple[str, ...]) -> None:
    code, out, err = advisor(capsys, *argv)
    assert code == ExitCode.USAGE and out == ""
    assert err.startswith("advisor: error: --language: `fr`") and "en (English), es (Español)" in err


def test_the_language_before_a_workshop_folder_still_means_view() -> None:
    assert cli._default_workshop_command(["--language", "es", "workshop", "dir"]) == [
        "--language", "es", "workshop", "view", "dir"]
