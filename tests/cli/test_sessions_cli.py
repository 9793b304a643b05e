"""`advisor sessions`: list without paths, print a path, move one to the trash; bad IDs are clear errors.

The sessions live in the test's own data folder (HOME and XDG are isolated by tests/conftest.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor import cli
from advisor.answers import load_answers
from advisor.errors import ExitCode
from advisor.session import Session, SessionStore, data_dir

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"


def advisor(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["sessions", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sessions(ruleset) -> dict[str, Session]:
    store = SessionStore()
    done = store.new(ruleset, company="Done Co", respondent="Dee", answers=load_answers(EXAMPLE, ruleset).answers)
    half = store.new(ruleset, company="Half [b]Co[/b]\x1b[2J", respondent="", answers={"company_stage": "growing"})
    os.utime(done.path, (1_000_000_000, 1_000_000_000))  # the older of the two
    return {"done": done, "half": half}


def test_list_prints_a_table_without_paths(capsys, sessions, ruleset):
    code, out, err = advisor(capsys)
    assert code == ExitCode.OK and err == ""
    header, first, second = out.splitlines()
    assert header.split() == ["ID", "UPDATED", "ANSWERED", "STATE", "COMPANY", "NAME"]
    half, done = sessions["half"], sessions["done"]
    assert first.startswith(half.path.stem) and "unfinished" in first and "1 of " in first  # newest first
    assert "Half [b]Co[/b][2J" in first and "\x1b" not in out  # as written, without the control character
    assert first.rstrip().endswith("-")  # no name
    total = len(done.visible_questions())
    assert second.startswith(done.path.stem) and f"{total} of {total}" in second and " finished " in second
    assert "2001-09-09" in second and "Done Co" in second and "Dee" in second
    assert str(data_dir()) not in out and ".yaml" not in out
    assert advisor(capsys, "list")[1] == out


def test_list_with_no_sessions_says_so_on_stderr(capsys):
    code, out, err = advisor(capsys)
    assert (code, out) == (ExitCode.OK, "")
    assert "no sessions yet" in err


def test_path_prints_the_folder_or_a_session_file(capsys, sessions):
    code, out, _ = advisor(capsys, "path")
    assert code == ExitCode.OK and out == f"{data_dir() / 'sessions'}\n"
    half = sessions["half"].path
    assert advisor(capsys, "path", half.stem) == (ExitCode.OK, f"{half}\n", "")
    assert advisor(capsys, "path", half.name)[1] == f"{half}\n"  # with .yaml, too


def test_a_unique_beginning_of_an_id_is_enough_and_an_ambiguous_one_is_a_usage_error(capsys, sessions):
    half = sessions["half"].path
    assert advisor(capsys, "path", half.stem[:-2])[1] == f"{half}\n"
    code, out, err = advisor(capsys, "path", half.stem[:4])  # the year: both sessions have it
    assert code == ExitCode.USAGE and out == ""
    assert "fits 2 sessions" in err and half.stem in err


def test_delete_moves_the_session_to_the_trash_and_says_so(capsys, sessions, ruleset):
    half = sessions["half"].path
    code, out, err = advisor(capsys, "delete", half.stem)
    assert code == ExitCode.OK and err == ""
    trashed = data_dir() / "sessions" / "trash" / half.name
    assert out == f"{half.stem}: moved to the trash, {trashed} (kept 30 days)\n"
    assert not half.exists() and trashed.is_file()
    assert sessions["done"].path.is_file()
    assert half.stem not in advisor(capsys)[1]


@pytest.mark.parametrize("bad", ["nope", "../sessions", "trash", "", "20990101"])
def test_an_unknown_id_is_a_clear_error_and_nothing_moves(capsys, sessions, bad):
    before = sorted(p.name for p in (data_dir() / "sessions").rglob("*"))
    for command in ("delete", "path"):
        code, out, err = advisor(capsys, command, bad)
        assert code == ExitCode.FILE and out == ""
        assert err.startswith("advisor: error: no session") and "`advisor sessions` lists them" in err
    assert sorted(p.name for p in (data_dir() / "sessions").rglob("*")) == before


def test_a_misspelt_id_gets_a_suggestion(capsys, sessions):
    stem = sessions["half"].path.stem
    code, _, err = advisor(capsys, "delete", stem[:-1] + ("x" if stem[-1] != "x" else "y"))
    assert code == ExitCode.FILE and f"did you mean `{stem}`" in err


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["sessions", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for word in ("list", "path", "delete", "trash"):
        assert word in out
    with pytest.raises(SystemExit) as info:
        cli.main(["sessions", "delete"])  # the ID is required
    assert info.value.code == ExitCode.USAGE


def test_the_command_imports_no_textual(tmp_path, sessions):
    code = ("import sys\n"
            "from advisor.cli import main\n"
            "codes = [main(['sessions']), main(['sessions', 'path'])]\n"
            "print(codes, any(m == 'textual' or m.startswith('textual.') for m in sys.modules), file=sys.stderr)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "[0, 0] False"
