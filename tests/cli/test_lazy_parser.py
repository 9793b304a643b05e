"""The command line builds only the parser of the command it runs, and every help is still whole.

``advisor.cli.build_parser`` lists the commands with their one-line help;
each command's arguments (and the module that holds them: cli_batch,
cli_config, ...) are added only when argparse parses that command or shows
its help (``advisor.cli_parser.Parser``'s ``fill``). What a user sees does
not change: the help of every command and of every nested one is complete,
and in the language the parser was built in.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor import cli, texts
from advisor.cli_parser import Parser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"
COMMAND_MODULES = ("advisor.cli_batch", "advisor.cli_config", "advisor.cli_diff", "advisor.cli_schema",
                   "advisor.cli_sessions", "advisor.cli_workshop")


def modules_after(code: str, tmp_path: Path) -> dict[str, object]:
    """Run ``code`` (which sets ``result``) in a fresh interpreter: {"result": ..., "modules": the advisor's}."""
    program = (f"import io, contextlib, json, sys\n{code}\n"
               "print(json.dumps({'result': result, 'modules': sorted(m for m in sys.modules"
               " if m.startswith('advisor.'))}))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, env=env,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    found: dict[str, object] = json.loads(proc.stdout.splitlines()[-1])
    return found


def test_advisor_evaluate_imports_no_other_command(tmp_path: Path) -> None:
    found = modules_after(
        "from advisor.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    code = main(['evaluate', {str(EXAMPLE)!r}])\n"
        "result = [code, out.getvalue().startswith('#')]", tmp_path)
    assert found["result"] == [0, True]
    modules = found["modules"]
    assert isinstance(modules, list)
    assert not [name for name in modules if name in COMMAND_MODULES or name.startswith("advisor.batch")]


@pytest.mark.parametrize(("argv", "module"), [
    (["batch", "x.csv", "--map", "m.yaml"], "advisor.cli_batch"),
    (["config", "set", "theme", "nord"], "advisor.cli_config"),
    (["diff", "a.yaml", "b.yaml"], "advisor.cli_diff"),
    (["schema", "answers"], "advisor.cli_schema"),
    (["rules", "new", "dir"], "advisor.cli_schema"),
    (["sessions", "delete", "x"], "advisor.cli_sessions"),
    (["workshop", "new", "dir", "--company", "Acme"], "advisor.cli_workshop"),
    (["compare", "a.yaml"], "advisor.cli_workshop"),
    (["serve", "--port", "9000"], "advisor.cli_workshop"),
])
def test_parsing_a_command_imports_its_module_and_no_other(tmp_path: Path, argv: list[str], module: str) -> None:
    found = modules_after(
        "from advisor.cli import build_parser\n"
        f"args = build_parser().parse_args({argv!r})\n"
        "result = args.func.__module__", tmp_path)
    assert found["result"] == module
    modules = found["modules"]
    assert isinstance(modules, list)
    assert [name for name in modules if name in COMMAND_MODULES] == [module]


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The command path of every parser under ``parser``: (), ("evaluate",), ..., ("workshop", "new"), ..."""
    assert isinstance(parser, Parser)
    yield path
    for action in parser.complete()._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from commands(child, (*path, name))


def run_help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exited:
        cli.main([*argv, "--help"])
    out, err = capsys.readouterr()
    assert exited.value.code == 0 and err == ""
    return out


@pytest.mark.parametrize("path", list(commands(cli.build_parser())), ids=lambda path: " ".join(path) or "advisor")
def test_each_commands_help_is_whole(capsys: pytest.CaptureFixture[str], path: tuple[str, ...]) -> None:
    """``advisor ... --help``: the usage, the description and every option with its help, nested commands too."""
    parser = cli.build_parser()
    for name in path:  # the parser of this command, every one on the way filled as argparse would
        parser = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
                      ).choices[name]
        assert isinstance(parser, Parser)
        parser.complete()
    out = run_help(capsys, *path)
    assert out.startswith(f"usage: {' '.join(('advisor', *path))} [-h]")
    assert "\noptions:\n  -h, --help  " in out
    flat = " ".join(out.split())
    for text in (parser.description, parser.epilog):
        if text:
            assert " ".join(text.split())[:40] in flat
    helped = [action for action in parser._actions if action.help != argparse.SUPPRESS]
    assert len(helped) > 1 or path == ("config", "show") or path == ("config", "path")
    for action in helped:
        if isinstance(action, argparse._SubParsersAction):  # its commands, each with its one-line help
            for choice in action._choices_actions:
                assert f"    {choice.dest} " in out and choice.help and choice.help[:30] in flat
            continue
        assert action.help and " ".join(action.help.split())[:30].replace("%%", "%") in flat, action.help
        for option in action.option_strings:
            assert option in out


def test_the_top_level_help_lists_every_command_without_building_them(capsys: pytest.CaptureFixture[str]) -> None:
    parser = cli.build_parser()
    listed = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    out = parser.format_help()
    for choice in listed._choices_actions:
        assert f"    {choice.dest} " in out and choice.help and choice.help[:30] in " ".join(out.split())
    for child in listed.choices.values():  # the top-level help needs none of their arguments
        assert [action.dest for action in child._actions] == []


def test_a_command_is_filled_once_and_parses_again(capsys: pytest.CaptureFixture[str]) -> None:
    parser = cli.build_parser()
    first = parser.parse_args(["evaluate", "a.yaml", "--format", "json"])
    again = parser.parse_args(["evaluate", "b.yaml"])  # a second fill would add --rules twice: argparse refuses
    assert (first.answers, first.format, again.answers, again.format) == ("a.yaml", "json", "b.yaml", "markdown")
    assert parser.format_help().startswith("usage: advisor [-h]")


@pytest.mark.skipif(texts.languages() == ("en",), reason="no Spanish strings file")
def test_a_command_speaks_the_language_its_parser_was_built_in() -> None:
    texts.set_language("es")
    try:
        parser = cli.build_parser()
    finally:
        texts.set_language("en")
    commands_action = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    evaluate = commands_action.choices["evaluate"]
    evaluate.format_help()  # filled now, while English is spoken: in the Spanish it was built in
    assert evaluate.description == texts.t("cli.evaluate.description", "es")
    assert [action.help for action in evaluate._actions][:2] == [texts.t("cli.argparse.help", "es"),
                                                                 texts.t("cli.common.rules", "es")]
