"""Shared fixtures. Every test runs with HOME and the XDG folders in a temp dir."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from advisor.loader import load_ruleset
from advisor.model import Ruleset

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (("XDG_DATA_HOME", ".local/share"), ("XDG_CONFIG_HOME", ".config"),
                     ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
        monkeypatch.setenv(var, str(home / sub))


@pytest.fixture(scope="session")
def ruleset() -> Ruleset:
    """The default ruleset, loaded once."""
    return load_ruleset(RULES)


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A writable copy of the default ruleset, for tests that break it on purpose."""
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target
