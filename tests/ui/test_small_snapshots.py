"""Snapshots at 80x24 and 60x18: every screen shows what it must on a small terminal.

For each size: a single-choice, a multiple-choice and a number question, the
review, the recommendation and the export dialog. Besides the picture, each
question test checks from the widget tree that every option of the question
can be reached on screen: the answer list lies inside the screen, has rows
to show, and, when it must scroll, moving to the last option brings it into
view. Regenerate with ``--snapshot-update`` (see test_snapshots.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList

from advisor.ui.screens.export import ExportScreen
from advisor.ui.screens.question import QuestionScreen
from advisor.ui.screens.result import ResultScreen
from advisor.ui.screens.review import ReviewScreen

from .conftest import report_rendered

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"
DATE = "2026-12-01"
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((60, 18), id="60x18")]


@pytest.fixture(autouse=True)
def _colours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)


async def every_option_reachable(pilot: Any) -> None:
    """The question's options: inside the screen, with rows to show, the last one reachable."""
    screen = pilot.app.screen
    assert isinstance(screen, QuestionScreen)
    controls = list(screen.query(OptionList))
    if not controls:
        return  # a number field
    control = controls[0]
    _, height = pilot.app.size
    region = control.region
    assert region.height >= 3 and region.y >= 0 and region.bottom <= height - 1, region  # above the footer
    assert control.scrollable_content_region.height >= 1
    if control.max_scroll_y:
        control.highlighted = control.option_count - 1
        await pilot.pause()
        assert control.scroll_y == control.max_scroll_y  # scrolled to the last one
        control.highlighted = 0
        await pilot.pause()


async def settled(pilot: Any) -> None:
    """Wait until the layout has settled: "why we ask" gives way after a refresh, and lists fit theirs."""
    for _ in range(3):
        await pilot.pause(0.05)
        await pilot.wait_for_scheduled_animations()


def question_test(question_id: str, keys: tuple[str, ...] = ()) -> Any:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        pilot.app.new_session("Acme", "Ana", "Founder")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, QuestionScreen)
        screen.show_question(question_id)
        await pilot.pause()
        await pilot.press(*keys)
        await settled(pilot)
        # Once more on the settled layout, as the next resize would: the first look can come while the
        # answer slot still has a height from before the last change (a number field at 60x18 showed
        # "why we ask" or not from one run to the next).
        screen.give_way()
        await settled(pilot)
        await every_option_reachable(pilot)
    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_single_choice(snap_compare: Any, make_app: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=question_test("company_stage", ("2",)))


@pytest.mark.parametrize("size", SIZES)
def test_multiple_choice(snap_compare: Any, make_app: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=question_test("revenue_teams", ("1", "3")))


@pytest.mark.parametrize("size", SIZES)
def test_number(snap_compare: Any, make_app: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        await question_test("sales_reps", ("1", "2"))(pilot)
        pilot.app.screen.focused.cursor_blink = False

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_review(snap_compare: Any, make_app: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        pilot.app.action_review()
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)

    assert snap_compare(make_app(answers_path=EXAMPLE), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_result(snap_compare: Any, make_app: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        pilot.app.push_screen(ResultScreen(date=DATE))
        await pilot.pause()
        await report_rendered(pilot)

    assert snap_compare(make_app(answers_path=EXAMPLE), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_export_dialog(snap_compare: Any, make_app: Any, size: tuple[int, int],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    # The dialog names the folder advisor was started from: the same one on every machine here.
    monkeypatch.setattr("advisor.ui.screens.export.start_folder", lambda: (Path("/home/ana/reports"), True))

    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        pilot.app.push_screen(ResultScreen(date=DATE))
        await pilot.pause()
        await report_rendered(pilot)
        pilot.app.action_export()
        await pilot.pause()
        assert isinstance(pilot.app.screen, ExportScreen)
        for field in pilot.app.screen.query("Input"):
            field.cursor_blink = False
            field.value = "acme-report.md"  # not the date of the day the tests run
        await pilot.pause()

    assert snap_compare(make_app(answers_path=EXAMPLE), terminal_size=size, run_before=run_before)


def test_a_question_in_spanish(snap_compare: Any, make_app: Any) -> None:
    """Spanish runs about a fifth longer: the progress line, the options, the hint and the footer still fit."""
    assert snap_compare(make_app(language="es"), terminal_size=(80, 24),
                        run_before=question_test("company_stage", ("2",)))


def test_the_result_in_spanish(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        pilot.app.push_screen(ResultScreen(date=DATE))
        await pilot.pause()
        await report_rendered(pilot)

    app = make_app(answers_path=EXAMPLE, language="es", language_fixed=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_a_long_company_name_is_shortened_and_the_progress_stays(make_app: Any) -> None:
    from advisor.ui.widgets.progress import ProgressLine

    from .conftest import run

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.new_session("Acme Corporation International Holdings and Subsidiaries Worldwide Ltd", "", "")
            await settled(pilot)
            line = app.screen.query_one(ProgressLine)
            text = str(line.render())
            assert line.size.height == 2 and text.splitlines()[0].rstrip().endswith("left")  # the count shows
            assert "…" in text and "Question 1" in text
    run(scenario())
