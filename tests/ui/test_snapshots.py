"""Snapshots of the key screens at 100x30 (pytest-textual-snapshot).

Regenerate after an intended change with
``python -m pytest tests/ui/test_snapshots.py --snapshot-update`` and look
at the SVGs in ``tests/ui/__snapshots__/test_snapshots/`` before committing.

Everything shown must be the same on every run: the start screen is taken
with no sessions (the list would show their timestamps), the text cursor is
kept from blinking, and the result screen is pinned to a date and taken only
once its report has been rendered whole (the tail is drawn in a worker).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from advisor import cli
from advisor.ui.screens.question import QuestionScreen
from advisor.ui.screens.result import ResultScreen
from advisor.ui.screens.review import ReviewScreen
from advisor.ui.screens.start import StartScreen

from .conftest import SIZE, report_rendered

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"
DATE = "2026-12-01"  # the date of examples/clear-salesops.md


@pytest.fixture(autouse=True)
def _colours(monkeypatch: pytest.MonkeyPatch) -> None:
    """The snapshots are in colour, whatever NO_COLOR says where the tests run."""
    monkeypatch.delenv("NO_COLOR", raising=False)


def test_start_screen(snap_compare: Any, make_app: Any, store: Any, ruleset: Any) -> None:
    assert store.unfinished(ruleset) == []

    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        assert isinstance(pilot.app.screen, StartScreen)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # the cursor stays on, instead of on or off by chance

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_question_screen(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press(*"Acme", "ctrl+n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, QuestionScreen)
        await pilot.press("2")  # chosen (the mark shows), not yet moved on
        await pilot.pause()
        assert pilot.app.session.answers == {"company_stage": "first_customers"}

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_review_screen(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        pilot.app.action_review()
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)

    assert snap_compare(make_app(answers_path=EXAMPLE), terminal_size=SIZE, run_before=run_before)


def test_result_screen(snap_compare: Any, make_app: Any, capsys: pytest.CaptureFixture[str]) -> None:
    # The report behind the screen is the one `advisor evaluate` prints for these answers and date
    # (tests/test_examples.py holds the committed example to that same output).
    capsys.readouterr()
    assert cli.main(["evaluate", str(EXAMPLE), "--date", DATE]) == 0
    printed = capsys.readouterr().out

    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        pilot.app.push_screen(ResultScreen(date=DATE))
        await pilot.pause()
        assert isinstance(pilot.app.screen, ResultScreen)
        await report_rendered(pilot)
        assert pilot.app.screen.markdown == printed

    assert snap_compare(make_app(answers_path=EXAMPLE), terminal_size=SIZE, run_before=run_before)


def test_facilitator_view(snap_compare: Any, ruleset: Any, tmp_path: Path) -> None:
    """The five-person example workshop, as the facilitator sees it at 120x36."""
    import shutil

    from advisor.ui.facilitator import FacilitatorApp
    from advisor.workshop.folder import read_workshop

    folder = tmp_path / "workshop"
    shutil.copytree(ROOT / "examples" / "workshop", folder)
    app = FacilitatorApp(ruleset, folder, read_workshop(folder, ruleset), handle_signals=False, poll=3600.0)

    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        screen = pilot.app.screen
        screen.changed_at = "10:00:00"  # the clock time of the last change: pinned, so the picture is too
        screen._show_people_title()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)
