"""Shared fixtures. Every test runs with HOME and the XDG folders in a temp dir.

The home folder is isolated twice: here at import time, since pytest imports
this file before it imports (collects) any test module, so that nothing a
module does at import reaches the real home; and again for every test, in a
folder of its own. An audit hook (tests/write_audit.py), installed here as
well, records any write to the real home folder made from this process;
test_isolation.py asserts there is none, and so does the end of the run.
"""

from __future__ import annotations

import os
import pwd
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
if str(ROOT / "tests") not in sys.path:  # pytest's default import mode puts it there; others may not
    sys.path.insert(0, str(ROOT / "tests"))

from write_audit import WriteLog, under  # noqa: E402 - needs the path above

if TYPE_CHECKING:
    from advisor.model import Ruleset

XDG_FOLDERS = {"XDG_DATA_HOME": ".local/share", "XDG_CONFIG_HOME": ".config", "XDG_CACHE_HOME": ".cache",
               "XDG_STATE_HOME": ".local/state", "XDG_RUNTIME_DIR": ".run"}


def home_env(home: Path) -> dict[str, str]:
    """HOME and every XDG folder inside ``home``; the runtime folder is made 0700, as the XDG spec asks."""
    runtime = home / XDG_FOLDERS["XDG_RUNTIME_DIR"]
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    return {"HOME": str(home), **{var: str(home / sub) for var, sub in XDG_FOLDERS.items()}}


# -- before any test module is imported ---------------------------------------------------------

# The folders the advisor would write to if the isolation failed: the account's
# home (from the password database, whatever HOME says) and HOME and the XDG
# folders as this run was started with.
REAL_HOMES = sorted({os.path.abspath(pwd.getpwuid(os.getuid()).pw_dir),
                     os.path.abspath(os.environ.get("HOME") or pwd.getpwuid(os.getuid()).pw_dir)})
REAL_ADVISOR_FOLDERS = sorted(
    {os.path.join(home, sub, "advisor") for home in REAL_HOMES for sub in (".cache", ".local/share", ".config",
                                                                           ".local/state")}
    | {os.path.join(os.path.abspath(os.environ[var]), "advisor") for var in XDG_FOLDERS if os.environ.get(var)})

SESSION_HOME = Path(tempfile.mkdtemp(prefix="advisor-tests-home-")).resolve()
os.environ.update(home_env(SESSION_HOME))

# Anywhere under the real home counts, except this checkout and the temp folder
# (either may lie inside it); the advisor's own folders count wherever they are.
_ALLOWED_IN_HOME = [str(ROOT), os.path.realpath(tempfile.gettempdir()), tempfile.gettempdir()]


def outside_the_test_home(path: str) -> bool:
    if under(path, REAL_ADVISOR_FOLDERS):
        return True
    return under(path, REAL_HOMES) and not under(path, _ALLOWED_IN_HOME)


REAL_HOME_WRITES = WriteLog(outside_the_test_home).install()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if REAL_HOME_WRITES.paths:
        sys.stderr.write("\nFAILED: tests wrote to the real home folder:\n" +
                         "".join(f"  {path}\n" for path in sorted(set(REAL_HOME_WRITES.paths))))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(SESSION_HOME, ignore_errors=True)


# -- English-only copies of the default rules ------------------------------------------------

# The languages the default ruleset's texts are written in: a mapping with
# these keys only (and `en` among them) is one text in several languages.
_TEXT_LANGUAGES = frozenset({"en", "es"})


def _english(node: Any) -> Any:
    if isinstance(node, dict):
        if "en" in node and set(node) <= _TEXT_LANGUAGES:
            return node["en"]
        return {key: _english(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_english(item) for item in node]
    return node


def english_only(source: Path | str) -> str:
    """A default rules file (a path, or its text) in its English-only form.

    Every ``{en: ..., es: ...}`` text becomes its English string, and a
    ruleset.yaml declares ``languages: [en]``: for tests that build a small
    ruleset of their own plain-string files next to copies of default ones.
    Comments and the original layout are not kept.
    """
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    data = _english(yaml.safe_load(text))
    if isinstance(data, dict) and "languages" in data:
        data["languages"] = ["en"]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


# -- for every test ------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _english_again() -> Iterator[None]:
    """Each test starts speaking English: the app's language is a module setting a test may change."""
    from advisor.texts import set_language

    set_language("en")
    yield
    set_language("en")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("home")
    for var, value in home_env(home).items():
        monkeypatch.setenv(var, value)
    yield home


@pytest.fixture
def test_home(_isolated_home: Path) -> Path:
    """This test's home folder (HOME; the XDG folders are inside it)."""
    return _isolated_home


@pytest.fixture(scope="session")
def ruleset() -> Ruleset:
    """The default ruleset, loaded once."""
    from advisor.loader import load_ruleset

    return load_ruleset(RULES)


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A writable copy of the default ruleset, for tests that break it on purpose."""
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target
