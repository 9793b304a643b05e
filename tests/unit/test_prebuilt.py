"""The caches the wheel ships (advisor/prebuild.py): read when the user's cache misses, never trusted blindly.

tests/cli/test_wheel.py checks a real wheel; this checks the lookup itself
in-process: a first run with an empty cache folder writes nothing when the
prebuilt folder holds its entries, gives the same report, and a damaged or
foreign prebuilt entry only costs the work it would have saved.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor import report as report_module
from advisor import resources
from advisor.engine import evaluate, what_would_change
from advisor.loader import load_ruleset
from advisor.report import build_report, render

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("prebuilt")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "advisor.prebuild", str(folder)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return folder


def _report(language: str) -> str:
    ruleset = load_ruleset(resources.default_rules(), with_cases=False, cache=True)
    result = evaluate(ruleset, {})
    model = build_report(ruleset, result, what_would_change(ruleset, {}, result), language=language,
                         date="2026-12-01")
    return render(model, "markdown")


@pytest.fixture
def first_run(prebuilt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty user cache, the prebuilt one as the wheel's; the user cache folder is returned."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setattr(resources, "shipped_cache", lambda name: prebuilt / "advisor" / name)
    monkeypatch.setattr(report_module, "_ENVIRONMENTS", {})  # the template's cache is chosen per environment
    return cache


def _written(cache: Path) -> list[str]:
    return sorted(str(p.relative_to(cache)) for p in cache.rglob("*") if p.is_file()) if cache.exists() else []


def test_prebuild_writes_the_entries_a_first_run_writes(prebuilt: Path) -> None:
    names = [p.name for p in prebuilt.rglob("*") if p.is_file()]
    assert any(n.startswith("code-") for n in names)      # the ruleset's compiled functions
    assert any(n.startswith("analysis-") for n in names)  # its analysis
    assert any(n.startswith("__jinja2_") for n in names)  # the compiled report template
    assert len([n for n in names if len(n) == len("0" * 40 + ".marshal")]) >= 8  # parsed files


def test_a_first_run_reads_the_prebuilt_caches_and_writes_none(first_run: Path) -> None:
    for language in ("en", "es"):
        text = _report(language)
        assert text.startswith("# ")
    assert _written(first_run) == []


def test_the_report_is_the_same_with_or_without_them(first_run: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    with_them = _report("en")
    monkeypatch.setattr(resources, "shipped_cache", lambda name: None)
    monkeypatch.setattr(report_module, "_ENVIRONMENTS", {})
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another"))
    assert _report("en") == with_them


def test_damaged_prebuilt_entries_are_only_a_miss(prebuilt: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    damaged = tmp_path / "damaged"
    for path in prebuilt.rglob("*"):
        if path.is_file():
            target = damaged / path.relative_to(prebuilt)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])  # cut in half
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setattr(resources, "shipped_cache", lambda name: damaged / "advisor" / name)
    monkeypatch.setattr(report_module, "_ENVIRONMENTS", {})
    assert _report("en").startswith("# ")
    assert _written(cache)  # built afresh, and kept in the user's cache as before


def test_prebuild_into_a_folder_it_cannot_make_says_so_without_a_traceback(tmp_path: Path) -> None:
    """hatch_build.py then builds the wheel without the caches, and shows this line in its warning."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "advisor.prebuild", str(blocker / "caches")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.startswith(f"advisor.prebuild: {blocker / 'caches'}: ")
    assert "Traceback" not in done.stderr
