"""What a person installing advisor relies on: the README's two commands, the metadata, the licence.

The Quick start commands must be the ones CI runs (CI runs the test command
verbatim as its last line), create their own virtual environment (a
Debian-managed Python refuses `pip install` outside one), and the
distribution name must not be the unrelated `advisor` on PyPI. The runtime
takes compatible ranges, so advisor can share an environment with other
Textual apps, while the test extra pins the versions the snapshots were
drawn with.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def quick_start() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```\n(.*?)\n```", section)


def test_the_quick_start_has_two_commands_in_a_venv_and_ci_runs_the_test_one_last() -> None:
    commands = quick_start()
    assert len(commands) == 2
    for command in commands:
        assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && ")
    assert commands[0].endswith("python -m pip install . && advisor")
    ci = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert ci[-1] == commands[1]


def test_the_distribution_has_its_own_name_a_licence_and_metadata() -> None:
    project = PYPROJECT["project"]
    assert project["name"] == "salesops-revops-advisor"
    assert PYPROJECT["project"]["scripts"] == {"advisor": "advisor.cli:main"}
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert project["authors"] and project["keywords"]
    assert "Programming Language :: Python :: 3.11" in project["classifiers"]


def test_runtime_dependencies_are_ranges_and_the_tests_pin_what_draws_the_snapshots() -> None:
    runtime = PYPROJECT["project"]["dependencies"]
    assert not [d for d in runtime if "==" in d], runtime
    textual = next(d for d in runtime if d.startswith("textual>") or d.startswith("textual<"))
    assert "<9" in textual
    test = PYPROJECT["project"]["optional-dependencies"]["test"]
    for pinned in ("textual==", "textual-serve==", "rich=="):
        assert any(d.startswith(pinned) for d in test), pinned
