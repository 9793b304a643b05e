"""Every screen survives a terminal shrunk to 20x5 and grown back, keeping what was typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from advisor.ui.screens.export import ExportScreen
from advisor.ui.screens.question import QuestionScreen
from advisor.ui.screens.result import ResultScreen
from advisor.ui.screens.review import ReviewScreen
from advisor.ui.screens.start import StartScreen

from .conftest import SIZE, leave_review, run

ROOT = Path(__file__).resolve().parent.parent.parent
SIZES = [(20, 5), (40, 10), (20, 5), (80, 24), (30, 6), (120, 40), (20, 5), SIZE]


async def shake(pilot: Any) -> None:
    for width, height in SIZES:
        await pilot.resize_terminal(width, height)
        await pilot.pause()


def test_start_screen_survives_tiny_sizes(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("Z", "e", "d")
            await shake(pilot)
            assert isinstance(app.screen, StartScreen)
            assert app.screen.query_one("#company").value == "Zed"
    run(scenario())


def test_every_later_screen_survives_tiny_sizes(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app(answers_path=ROOT / "examples" / "both-phased.yaml")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await leave_review(pilot)
            answers = dict(app.session.answers)
            await shake(pilot)
            assert isinstance(app.screen, QuestionScreen)
            app.action_review()
            await pilot.pause()
            await shake(pilot)
            assert isinstance(app.screen, ReviewScreen)
            app.action_result()
            await pilot.pause(0.3)
            await shake(pilot)
            assert isinstance(app.screen, ResultScreen)
            app.action_export()
            await pilot.pause()
            path = app.screen.query_one("#export-path")
            path.value = "/nowhere/at/all/report.md"
            path.focus()  # the dialog opens on the formats; Enter saves from the path
            await pilot.press("enter")
            await pilot.pause()
            await shake(pilot)
            assert isinstance(app.screen, ExportScreen)
            assert path.value == "/nowhere/at/all/report.md"  # what was typed survives
            assert app.session.answers == answers
    run(scenario())
