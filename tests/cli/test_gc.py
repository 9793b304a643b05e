"""The garbage collector is off while a short command runs, and back on for what runs long (cli.main).

Issue 14: its passes over the objects imports and loading leave behind cost
`advisor evaluate` ~20 ms of ~160 and free nothing. The app turns it back on
once its first screen is painted (tests/ui/test_idle.py); `batch`, `serve`
and the facilitator view as they start.
"""

from __future__ import annotations

import gc
import io
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from advisor import cli, report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"


@pytest.fixture
def collector_state() -> Any:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()


def _seen_while(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[bool]:
    """Whether the collector was on each time ``module.name`` ran."""
    seen: list[bool] = []
    real = getattr(module, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return seen


def test_evaluate_runs_with_the_collector_off_and_main_restores_it(monkeypatch: pytest.MonkeyPatch,
                                                                   collector_state: Any) -> None:
    gc.enable()
    seen = _seen_while(monkeypatch, report, "render")
    with redirect_stdout(io.StringIO()) as out:
        assert cli.main(["evaluate", str(EXAMPLE), "--date", "2026-12-01"]) == 0
    assert out.getvalue().startswith("# ")
    assert seen == [False]
    assert gc.isenabled()  # as main found it: a test process, or a caller of main, keeps its collector


def test_main_leaves_a_collector_that_was_off_off(collector_state: Any) -> None:
    gc.disable()  # as `python -m advisor` does before its imports
    with redirect_stdout(io.StringIO()):
        assert cli.main(["questions"]) == 0
    assert not gc.isenabled()


def test_batch_turns_the_collector_back_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                           collector_state: Any) -> None:
    from advisor import cli_batch

    gc.enable()
    seen = _seen_while(monkeypatch, cli_batch, "_score")
    out = tmp_path / "scored.csv"
    code = cli.main(["batch", str(ROOT / "examples" / "batch" / "responses.csv"),
                     "--map", str(ROOT / "examples" / "batch" / "map.yaml"), "-o", str(out)])
    assert code == 3  # one row of the example is rejected (examples/batch/README.md)
    assert out.is_file()
    assert seen == [True]  # millions of rows may pass through: the collector runs
