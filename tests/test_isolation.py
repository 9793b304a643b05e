"""Tests never touch the real home folder: what conftest.py promises, checked.

conftest.py points HOME and every XDG folder at a temp folder when pytest
imports it, before any test module, and again for each test. These tests
run the advisor's commands, in a process of their own and in this one, and
check with an audit hook (tests/write_audit.py) that every file they write
lies in the test's home folder or where the command was told to write;
and that collecting every test module, as the old conftest did not
guarantee, writes nothing to the home folder it was started with.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REAL_HOME_WRITES, ROOT, XDG_FOLDERS

from advisor.cli import ExitCode, main

EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"

# Runs in a fresh interpreter: records every write it makes while running the commands in argv[1].
CHILD = """
import json, sys
sys.path.insert(0, sys.argv[3])
from write_audit import WriteLog
log = WriteLog().install()
from advisor.cli import main
from advisor.loader import load_ruleset
from advisor.resources import default_rules
from advisor.session import SessionStore
codes = [main(argv) for argv in json.loads(sys.argv[1])]
session = SessionStore().new(load_ruleset(default_rules()), company="Isolation")
log.active = False
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump({"codes": codes, "writes": log.paths, "session": str(session.path)}, out)
"""


def commands(work: Path) -> list[list[str]]:
    answers = work / "answers.yaml"
    shutil.copy(EXAMPLE, answers)
    return [["evaluate", str(answers), "--date", "2026-12-01"],
            ["evaluate", str(answers), "--format", "json", "-o", str(work / "report.json")],
            ["template", "-o", str(work / "template.yaml")],
            ["rules", "check"],
            ["rules", "test"]]


def strays(writes: list[str], *allowed: Path) -> list[str]:
    """The writes outside the ``allowed`` folders; Python's own bytecode cache does not count."""
    roots = [str(folder) for folder in allowed]
    return sorted({path for path in writes if "__pycache__" not in Path(path).parts
                   and not any(path == root or path.startswith(root + os.sep) for root in roots)})


def test_a_cli_process_writes_only_under_its_home_and_where_told(test_home: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    record = tmp_path / "writes.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    assert env["HOME"] == str(test_home) and env["XDG_CACHE_HOME"].startswith(str(test_home))
    proc = subprocess.run([sys.executable, "-c", CHILD, json.dumps(commands(work)), str(record), str(ROOT / "tests")],
                          cwd=work, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(record.read_text(encoding="utf-8"))
    assert result["codes"] == [ExitCode.OK] * 5, proc.stderr
    assert strays(result["writes"], test_home, work) == []
    assert Path(result["session"]).parent == test_home / XDG_FOLDERS["XDG_DATA_HOME"] / "advisor" / "sessions"
    assert {Path(p).name for p in result["writes"] if Path(p).parent == work} >= {"report.json", "template.yaml"}


def test_in_process_commands_write_only_under_the_test_home(test_home: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    from advisor.loader import load_ruleset
    from advisor.resources import default_rules
    from advisor.session import SessionStore

    codes = [main(argv) for argv in commands(tmp_path)]
    capsys.readouterr()
    assert codes == [ExitCode.OK] * 5
    session = SessionStore().new(load_ruleset(default_rules()), company="Isolation")
    assert session.path is not None
    assert session.path.is_relative_to(test_home / XDG_FOLDERS["XDG_DATA_HOME"])
    # everything this process wrote so far, collection included
    assert REAL_HOME_WRITES.active
    assert REAL_HOME_WRITES.paths == []


def test_collecting_the_tests_writes_nothing_to_the_home_it_started_with(tmp_path: Path) -> None:
    """Test modules that load the ruleset at import time must find HOME isolated already."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in XDG_FOLDERS}
    env.update(HOME=str(home), PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                           str(ROOT / "tests")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert " tests collected" in proc.stdout
    assert sorted(str(p.relative_to(home)) for p in home.rglob("*")) == []
