"""`advisor config`, run as a user would: what it prints, where, and its exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor import cli

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, "-m", "advisor", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture
def path(test_home: Path) -> Path:
    return test_home / ".config" / "advisor" / "config.yaml"


def test_path_prints_where_the_file_is_even_before_it_exists(tmp_path: Path, path: Path) -> None:
    proc = run("config", "path", cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"{path}\n", "")
    assert not path.exists()


def test_show_without_a_file_gives_the_defaults(tmp_path: Path, path: Path) -> None:
    proc = run("config", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout == (f"file: {path} (not created yet: every value is the default)\n"
                           "theme:    textual-dark  (default)\n"
                           "language: en  (default)\n")
    assert run("config", "show", cwd=tmp_path).stdout == proc.stdout


def test_set_then_show_then_unset(tmp_path: Path, path: Path) -> None:
    proc = run("config", "set", "theme", "nord", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == f"theme: nord (saved to {path})\n"
    assert path.read_text(encoding="utf-8") == "theme: nord\n"

    proc = run("config", cwd=tmp_path)
    assert proc.stdout == f"file: {path}\ntheme:    nord\nlanguage: en  (default)\n"

    proc = run("config", "unset", "theme", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout == f"theme: textual-dark (the default; removed from {path})\n"
    assert "theme" not in path.read_text(encoding="utf-8")


def test_set_keeps_the_rest_of_the_file(tmp_path: Path, path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("# mine\ntheme: nord\nnewer_key: 1\n", encoding="utf-8")
    assert run("config", "set", "language", "es", cwd=tmp_path).returncode == 0
    assert path.read_text(encoding="utf-8") == "# mine\ntheme: nord\nnewer_key: 1\nlanguage: es\n"


@pytest.mark.parametrize(("args", "message"), [
    (("set", "thme", "nord"), "advisor: error: unknown key `thme` (did you mean `theme`?)\n"),
    (("set", "language", "english"), "advisor: error: language: expected a two-letter language code such as "
                                     "`en` or `es`, found `english`\n"),
    (("set", "theme", ""), "advisor: error: theme: expected a theme name"),
    (("unset", "colour"), "advisor: error: unknown key `colour` (the keys are `theme`, `language`)\n"),
])
def test_a_bad_key_or_value_is_a_usage_error_and_changes_nothing(tmp_path: Path, path: Path, args: tuple,
                                                                 message: str) -> None:
    proc = run("config", *args, cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith(message)
    assert not path.exists()


def test_set_without_a_value_is_a_usage_error(tmp_path: Path) -> None:
    proc = run("config", "set", "theme", cwd=tmp_path)
    assert proc.returncode == 2 and "usage: advisor config set" in proc.stderr


def test_a_broken_file_is_a_located_warning_and_the_defaults(tmp_path: Path, path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("theme: nord\nlanguage: english\nthemes: x\n", encoding="utf-8")
    proc = run("config", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout == f"file: {path}\ntheme:    nord\nlanguage: en  (default)\n"
    assert proc.stderr.splitlines() == [
        f"advisor: warning: {path}:2:11: `language`: expected a two-letter language code such as `en` or `es`, "
        "found `english`; using the default `en`",
        f"advisor: warning: {path}:3:1: unknown key `themes`, ignored (did you mean `theme`?)",
    ]


def test_an_unknown_key_can_be_unset_to_quiet_its_warning(tmp_path: Path, path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("themes: x\ntheme: nord\n", encoding="utf-8")
    proc = run("config", "unset", "themes", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == f"themes: removed from {path}\n"
    assert path.read_text(encoding="utf-8") == "theme: nord\n"
    assert run("config", cwd=tmp_path).stderr == ""


def test_a_file_that_is_not_yaml_is_never_overwritten(tmp_path: Path, path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("theme: [nord\n", encoding="utf-8")
    proc = run("config", cwd=tmp_path)
    assert proc.returncode == 0 and "theme:    textual-dark  (default)" in proc.stdout
    assert proc.stderr.startswith(f"advisor: warning: {path}:2:1: ")
    assert "the whole file is ignored and the defaults are used" in proc.stderr

    proc = run("config", "set", "theme", "dracula", cwd=tmp_path)
    assert proc.returncode == 3 and proc.stdout == ""
    warning, error = proc.stderr.splitlines()
    assert warning.startswith(f"advisor: warning: {path}:2:1: ")
    assert error == (f"advisor: error: {path}: not changed, since it cannot be read as settings (line 2, "
                     "column 1); fix the file, or delete it to start afresh")
    assert path.read_text(encoding="utf-8") == "theme: [nord\n"


def test_a_config_folder_that_cannot_be_made_is_exit_4(tmp_path: Path, path: Path) -> None:
    path.parent.parent.mkdir(parents=True)
    path.parent.write_text("", encoding="utf-8")  # a file where the advisor's config folder goes
    proc = run("config", "set", "theme", "nord", cwd=tmp_path)
    assert proc.returncode == 4 and proc.stderr.startswith("advisor: error: ")


def test_the_config_command_loads_no_textual(tmp_path: Path) -> None:
    code = ("import sys\nfrom advisor import cli\ncode = cli.main(['config'])\n"
            "print(code, any(m == 'textual' or m.startswith('textual.') for m in sys.modules))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path,
                          check=True)
    assert proc.stdout.splitlines()[-1] == "0 False"


@pytest.mark.parametrize("argv", [["config", "--help"], ["config", "set", "--help"], ["config", "unset", "--help"],
                                  ["config", "path", "--help"]])
def test_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(argv)
    assert info.value.code == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"usage: advisor {' '.join(argv[:-1])}") and err == ""
    assert "theme" in out or argv[1] == "path"


def test_the_top_level_help_lists_config(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "config" in capsys.readouterr().out
