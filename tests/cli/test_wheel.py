"""The installed package: build a wheel, install it into a fresh venv, run it elsewhere.

This proves the wheel carries the default ruleset and the report templates
(``advisor/_data/``) and that the installed ``advisor`` finds them there, not
in this checkout. It builds with hatchling, fetched from the package index by
pip, and installs the dependencies the same way; it takes some seconds, hence
the ``slow`` marker, but it runs by default. pip runs with HOME, the XDG
folders and its cache in a temp folder, like everything else the tests run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import XDG_FOLDERS, home_env

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"


def _run(cmd: list[str], cwd: Path, home: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` outside this checkout's Python setup, with ``home`` as HOME and pip's cache inside it."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(home_env(home), PIP_CACHE_DIR=str(home / ".cache" / "pip"))
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel built from this checkout installed; returns the venv folder."""
    base = tmp_path_factory.mktemp("wheel")
    home = base / "home"
    dist = base / "dist"
    build = _run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-w", str(dist)], cwd=ROOT, home=home)
    assert build.returncode == 0, f"building the wheel failed:\n{build.stdout[-3000:]}\n{build.stderr[-3000:]}"
    wheels = list(dist.glob("salesops_revops_advisor-*.whl"))
    assert len(wheels) == 1, wheels
    venv = base / "venv"
    made = _run([sys.executable, "-m", "venv", str(venv)], cwd=base, home=home)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    install = _run([str(python), "-m", "pip", "install", str(wheels[0])], cwd=base, home=home)
    assert install.returncode == 0, f"installing the wheel failed:\n{install.stdout[-3000:]}\n{install.stderr[-3000:]}"
    return venv


@pytest.mark.slow
def test_installed_wheel_runs_from_elsewhere(installed: Path, tmp_path: Path, test_home: Path) -> None:
    advisor = installed / "bin" / "advisor"
    assert advisor.is_file()
    work = tmp_path / "elsewhere"
    work.mkdir()
    answers = work / "answers.yaml"
    shutil.copy(EXAMPLE, answers)

    check = _run([str(advisor), "rules", "check"], cwd=work, home=test_home)
    assert check.returncode == 0, check.stderr
    assert "Traceback" not in check.stderr
    rules_path = Path(check.stdout.split(": ok:", 1)[0]).resolve()
    assert rules_path.parts[-3:] == ("advisor", "_data", "rules"), check.stdout
    assert rules_path.parent.parent.parent.name == "site-packages"
    assert rules_path.is_relative_to(installed.resolve()), f"{rules_path} is not inside the venv {installed}"
    assert not rules_path.is_relative_to(ROOT), "the installed advisor read the checkout's rules"

    tested = _run([str(advisor), "rules", "test"], cwd=work, home=test_home)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    last = tested.stdout.splitlines()[-1]
    assert last.endswith(" passed, 0 failed"), tested.stdout

    evaluated = _run([str(advisor), "evaluate", "answers.yaml", "--date", "2026-12-01"], cwd=work, home=test_home)
    assert evaluated.returncode == 0, evaluated.stderr
    assert evaluated.stderr == ""
    assert evaluated.stdout.startswith("# Northwind Lab Systems: SalesOps, RevOps or both?")
    # the same report as this checkout gives: the wheel carries the same ruleset and templates
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    here = subprocess.run([sys.executable, "-m", "advisor", "evaluate", "answers.yaml", "--date", "2026-12-01"],
                          cwd=work, capture_output=True, text=True, env=env, timeout=120)
    assert here.returncode == 0, here.stderr
    assert evaluated.stdout == here.stdout


@pytest.mark.slow
def test_installed_package_imports_from_the_venv(installed: Path, tmp_path: Path, test_home: Path) -> None:
    python = installed / "bin" / "python"
    code = "import advisor, advisor.resources as r; print(advisor.__file__); print(r.reports_dir())"
    proc = _run([str(python), "-c", code], cwd=tmp_path, home=test_home)
    assert proc.returncode == 0, proc.stderr
    module, reports = (Path(line).resolve() for line in proc.stdout.splitlines())
    assert module.is_relative_to(installed.resolve())
    assert reports.parts[-3:] == ("advisor", "_data", "reports")
    assert (reports / "markdown.md.j2").is_file()


@pytest.mark.slow
def test_the_first_run_after_install_finds_its_caches_in_the_wheel(installed: Path, tmp_path: Path) -> None:
    """Issue 14: the wheel carries the caches a first run would build (advisor/prebuild.py, hatch_build.py).

    A first `advisor evaluate`, in either language, with an empty cache
    folder, finds the parsed ruleset and strings, the compiled functions and
    the compiled template there, so it writes nothing to the user's cache.
    """
    home = tmp_path / "new-home"  # a person who never ran the advisor
    cache = home / XDG_FOLDERS["XDG_CACHE_HOME"] / "advisor"
    prebuilt = [folder for folder in installed.rglob("_prebuilt") if folder.parent.name == "advisor"]
    assert len(prebuilt) == 1, "the wheel has no prebuilt caches"
    assert any(p.name.endswith(".marshal") for p in prebuilt[0].rglob("*"))  # parsed files, compiled functions
    assert any(p.name.startswith("__jinja2_") for p in prebuilt[0].rglob("*"))  # the compiled template
    for language in ("en", "es"):
        done = _run([str(installed / "bin" / "advisor"), "--language", language, "evaluate", str(EXAMPLE),
                     "--date", "2026-12-01"], cwd=tmp_path, home=home)
        assert done.returncode == 0, done.stderr
        written = sorted(str(p.relative_to(cache)) for p in cache.rglob("*") if p.is_file()) \
            if cache.exists() else []
        assert written == [], f"the first run in {language} built caches the wheel should carry: {written}"
