"""Work done while the person reads (advisor/ui/idle.py).

Issue 14: the result screen took 236-450 ms, most of it importing Rich's
Markdown and Jinja2, building the report, a full garbage collection and the
Footer rebuilding itself (tests/ui/test_footer.py). These tests check that the work moved to idle
time gives the same screen: the report prepared after the last answer is
the one shown, a stale one is not, and the result screen still draws the
whole report when Rich has never drawn Markdown in the process.
"""

from __future__ import annotations

import gc
from typing import Any

import pytest

from advisor.report import render
from advisor.ui import idle
from advisor.ui.screens import result as result_screen
from advisor.ui.screens.result import ResultScreen, session_report

from .conftest import SIZE, answer_current, report_rendered, run


async def _answer_all(pilot: Any) -> None:
    from advisor.ui.screens.question import QuestionScreen

    await pilot.press("ctrl+n")
    await pilot.pause()
    while isinstance(pilot.app.screen, QuestionScreen):
        await answer_current(pilot)


async def _prepared(pilot: Any) -> idle.Prepared:
    """Wait for the report prepared after the last answer (a timer, then a thread)."""
    for _ in range(100):
        await pilot.pause(0.05)
        await pilot.app.workers.wait_for_complete()
        held = pilot.app.prepared_report
        if held is not None and held.key == idle.report_key(pilot.app.session, None):
            return held
    raise AssertionError("no report was prepared after the last answer")


def test_the_report_prepared_after_the_last_answer_is_the_one_shown(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await _answer_all(pilot)
            prepared = await _prepared(pilot)
            # Built as the result screen builds its own, for the same answers.
            assert prepared.report == session_report(app.session)
            assert prepared.shown == render(prepared.report, "markdown", screen=True)
            await pilot.press("v")  # the review's key for the result
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ResultScreen)
            assert screen.report is prepared.report  # taken, not built again
            view = await report_rendered(pilot)
            assert view.markdown == prepared.shown
    run(scenario())


def test_a_report_prepared_for_other_answers_is_not_shown(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await _answer_all(pilot)
            prepared = await _prepared(pilot)
            # Another answer to the first question, without waiting for a new report to be prepared.
            first = app.ruleset.questions[0]
            other = next(o.value for o in first.options if o.value != app.session.answers[first.id])
            app.prepared_report = prepared  # as if the new one were still being built
            app.session.set_answer(first.id, other, move=False)
            app.action_result()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ResultScreen)
            assert screen.report is not prepared.report
            assert screen.report == session_report(app.session)
            assert screen.report["answers"] != prepared.report["answers"]
    run(scenario())


def test_the_whole_report_is_drawn_when_rich_has_not_drawn_markdown_yet(make_app: Any,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The first drawing in a process is slow: only the head before the first frame, the rest after."""
    monkeypatch.setattr(result_screen, "_rich_ready", [False])
    monkeypatch.setattr(idle, "first_frame_painted", lambda app: None)  # no warm-up drawing either

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+n")
            await pilot.pause()
            await answer_current(pilot)
            app.action_result()
            await pilot.pause()
            view = await report_rendered(pilot)  # the whole document, at its width
            assert view.markdown == app.screen.shown
    run(scenario())


def test_objects_made_before_the_first_frame_are_frozen_and_the_collector_turned_back_on(make_app: Any) -> None:
    gc.disable()  # as `advisor` starts (cli.main)
    try:
        async def scenario() -> None:
            app = make_app()
            async with app.run_test(size=SIZE) as pilot:
                for _ in range(40):
                    await pilot.pause(0.05)
                    if gc.isenabled():
                        break
                assert gc.isenabled()  # the app runs long, and Textual makes reference cycles
                assert idle._frozen[0]
                assert gc.get_freeze_count() > 0
        run(scenario())
    finally:
        gc.enable()


def test_the_start_screen_warms_what_the_first_result_needs(make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """No session yet: the report for no answers is built and drawn once in a thread, and dropped."""
    monkeypatch.setattr(result_screen, "_rich_ready", [False])

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(60):
                await pilot.pause(0.05)
                await app.workers.wait_for_complete()
                if result_screen._rich_ready[0]:
                    break
            assert result_screen._rich_ready[0]  # Rich has drawn Markdown: the result screen draws it whole at once
            assert app.session is None and app.prepared_report is None  # nothing kept for no session
    run(scenario())
