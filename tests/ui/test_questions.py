"""Answering questions in the app: keys, conditional questions, autosave, resume, resize, exits."""

from __future__ import annotations

import itertools
import os
import re
import signal
from pathlib import Path
from typing import Any

import pytest

from advisor.answers import load_answers
from advisor.errors import FileAccessError
from advisor.session import open_session
from advisor.ui.screens.question import QuestionScreen
from advisor.ui.screens.review import ReviewScreen
from advisor.ui.screens.start import StartScreen
from advisor.ui.texts import t
from advisor.ui.widgets.progress import Progress, ProgressLine, progress

from .conftest import SIZE, answer_current, opening_option, run


async def start_new(pilot: Any, company: str = "Acme") -> None:
    await pilot.pause()
    assert isinstance(pilot.app.screen, StartScreen)
    for ch in company:
        await pilot.press(ch)
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, QuestionScreen)


async def go_to(pilot: Any, question_id: str) -> None:
    """Answer with the first option until ``question_id`` is on screen."""
    for _ in range(40):
        if pilot.app.screen.question.id == question_id:
            return
        await answer_current(pilot)
    raise AssertionError(f"never reached {question_id}")


def test_number_keys_choose_and_enter_goes_on(make_app: Any, ruleset: Any) -> None:
    first = ruleset.questions[0]

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await start_new(pilot)
            assert app.screen.question.id == first.id == "company_stage"
            await pilot.press("2")
            await pilot.pause()
            assert app.session.answers["company_stage"] == "first_customers"
            assert app.screen.question.id == "company_stage"  # a number key chooses, it does not move on
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen.question.id == app.session.visible_questions()[1].id
            while app.screen.question.type not in ("choice", "scale"):
                await answer_current(pilot)
            question = app.screen.question
            await pilot.press("down", "down", "enter")  # arrows move, Enter chooses and goes on
            await pilot.pause()
            assert app.session.answers[question.id] == question.options[2].value
            assert app.screen.question.id != question.id
            assert app.session.company == "Acme"
    run(scenario())


def test_every_answer_is_saved_at_once(make_app: Any, ruleset: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await start_new(pilot)
            await pilot.press("3")
            await pilot.pause()
            saved = load_answers(app.session.path, ruleset)
            assert saved.answers == {"company_stage": "growing"}
            assert saved.company == "Acme"
    run(scenario())


def test_back_and_change_shows_and_hides_conditional_questions(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await start_new(pilot)
            await go_to(pilot, "sales_reps")
            await answer_current(pilot, number="0")
            ids = [q.id for q in app.session.visible_questions()]
            assert "rep_admin_share" not in ids
            total_without_reps = len(ids)
            # back to the rep count, change it: the rep questions appear
            while app.screen.question.id != "sales_reps":
                await pilot.press("left" if app.screen.question.type != "number" else "pageup")
                await pilot.pause()
            await pilot.press("ctrl+a", "ctrl+k")  # clear the field
            await answer_current(pilot, number="12")
            ids = [q.id for q in app.session.visible_questions()]
            assert "rep_admin_share" in ids and len(ids) > total_without_reps
            await go_to(pilot, "rep_admin_share")
            # and back again to 0: they go, but their answers are kept for later
            await answer_current(pilot, choice=3)
            while app.screen.question.id != "sales_reps":
                await pilot.press("left" if app.screen.question.type != "number" else "pageup")
                await pilot.pause()
            await pilot.press("ctrl+a", "ctrl+k")
            await answer_current(pilot, number="0")
            assert "rep_admin_share" not in [q.id for q in app.session.visible_questions()]
            assert app.session.answers["rep_admin_share"] == "20_to_35"
            assert "rep_admin_share" in app.session.result.ignored
    run(scenario())


def test_back_and_forward_keep_answers(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await start_new(pilot)
            asked = []
            for choice in (4, 2, 3):
                asked.append(app.screen.question)
                await answer_current(pilot, choice=choice)
            answers = dict(app.session.answers)
            assert set(answers) == {q.id for q in asked}
            await pilot.press("pageup", "pageup", "pageup")
            await pilot.pause()
            assert app.screen.question.id == asked[0].id
            assert app.session.answers[asked[0].id] == asked[0].options[3].value
            await pilot.press("pagedown", "pagedown", "pagedown")
            await pilot.pause()
            assert app.screen.question.id == app.session.visible_questions()[3].id
            while app.screen.question.type not in ("choice", "scale"):  # ← goes back from a choice
                await pilot.press("pagedown")
                await pilot.pause()
            here = app.screen.question.id
            await pilot.press("left")
            await pilot.pause()
            ids = [q.id for q in app.session.visible_questions()]
            assert app.screen.question.id == ids[ids.index(here) - 1]
            assert app.session.answers == answers  # moving around changes no answer
    run(scenario())


def test_an_invalid_number_is_refused_in_place(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await start_new(pilot)
            await go_to(pilot, "sales_reps")
            await answer_current(pilot, number="99999")
            assert app.screen.question.id == "sales_reps"
            assert "sales_reps" not in app.session.answers
            status = str(app.screen.query_one("#status").render())
            assert "10,000" in status
    run(scenario())


def test_an_invalid_number_is_refused_in_the_apps_language(make_app: Any) -> None:
    """In Spanish: the field's hint and the refusal (a number out of bounds is not "not a number")."""
    from textual.widgets import Input

    async def scenario() -> None:
        app = make_app(language="es")
        async with app.run_test(size=SIZE) as pilot:
            await start_new(pilot)
            await go_to(pilot, "sales_reps")
            assert app.screen.query_one(Input).placeholder.startswith("de 0 a 10.000 ")
            await answer_current(pilot, number="99999")
            assert app.screen.question.id == "sales_reps" and "sales_reps" not in app.session.answers
            status = str(app.screen.query_one("#status").render())
            assert status == "se esperaba un número de 0 a 10.000, se encontró 99999"
    run(scenario())


def test_resume_after_a_crash_lands_on_the_same_question(make_app: Any, store: Any, ruleset: Any) -> None:
    expected: dict[str, Any] = {}

    async def first_run() -> Path:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await start_new(pilot, "Crashy")
            for choice in (2, 1):
                await answer_current(pilot, choice=choice)
            while app.screen.question.type not in ("choice", "scale"):
                await answer_current(pilot)
            expected.update(app.session.answers)
            question = app.screen.question
            await pilot.press("3")  # chosen, not yet moved on
            await pilot.pause()
            expected[question.id] = question.options[2].value
            expected["position"] = question.id
            path = app.session.path
        # No quit, no save on the way out: as if the process had been killed here.
        return path

    path = run(first_run())
    position = expected.pop("position")
    session, dropped = open_session(path, ruleset)
    assert session.answers == expected
    assert session.position == position and dropped == ()

    async def second_run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            start = app.screen
            assert isinstance(start, StartScreen)
            assert [s.company for s in start.summaries] == ["Crashy"]
            start.query_one("#resume").focus()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
            assert app.screen.question.id == position
            assert app.session.answers[position] == expected[position]
    run(second_run())


def test_tiny_terminal_and_back_keeps_answer_and_focus(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await start_new(pilot)
            await pilot.press("3")
            await pilot.pause()
            for width, height in [(20, 5), (40, 10), (20, 5), (80, 24), SIZE]:
                await pilot.resize_terminal(width, height)
                await pilot.pause()
            assert app.screen.question.id == "company_stage"
            assert app.session.answers == {"company_stage": "growing"}
            assert app.focused is not None and "answer" in app.focused.classes
    run(scenario())


def test_scores_panel_toggles_and_follows_answers(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await start_new(pilot)
            panel = app.screen.query_one("#scores")
            assert panel.result.salesops == 0
            await go_to(pilot, "product_complexity")
            await answer_current(pilot, choice=3)  # complex: +2 SalesOps
            assert panel.result.salesops == app.session.result.salesops >= 2
            await pilot.press("s")
            await pilot.pause()
            assert not app.screen.query_one("#side").display or app.screen.has_class("-no-scores")
            await pilot.press("s")
            await pilot.pause()
            assert not app.screen.has_class("-no-scores")
    run(scenario())


def test_quit_asks_nothing_when_saved(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await start_new(pilot)
            await answer_current(pilot)
            await pilot.press("ctrl+q")
            await pilot.pause()
        assert app.return_code == 0
    run(scenario())


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)])
def test_signals_save_and_exit_cleanly(make_app: Any, ruleset: Any, signum: int, code: int) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await start_new(pilot)
            await pilot.press("2")
            await pilot.pause()
            path = app.session.path
            path.unlink()  # the signal handler must write it again
            app.on_signal(signum)
            await pilot.pause()
            assert app.return_code == code
        assert load_answers(path, ruleset).answers == {"company_stage": "first_customers"}
    run(scenario())


def test_an_unexpected_error_saves_the_answers_and_logs_without_locals(make_app: Any, ruleset: Any,
                                                                      test_home: Path) -> None:
    apps: list[Any] = []

    async def scenario() -> None:
        app = make_app()
        apps.append(app)
        async with app.run_test(size=SIZE) as pilot:
            await start_new(pilot, "Secret Corp")
            await pilot.press("2")
            await pilot.pause()
            app.session.path.unlink()  # saved on every answer: the crash handler must save it again

            def boom() -> None:
                secret = "the founder's private answer"  # noqa: F841 - must not reach the screen or the log
                raise RuntimeError("bug")

            app.call_later(boom)
            await pilot.pause()

    with pytest.raises(Exception) as info:
        run(scenario())
    app = apps[0]
    assert app.return_code == 1
    session = app.session.path
    assert load_answers(session, ruleset).answers == {"company_stage": "first_customers"}

    logs = list((test_home / ".local" / "share" / "advisor" / "crashes").iterdir())
    assert len(logs) == 1 and logs[0].suffix == ".log"
    log = logs[0].read_text(encoding="utf-8")
    assert log.startswith("Traceback (most recent call last):")
    assert "in boom" in log and log.rstrip().endswith("RuntimeError: bug")
    for secret in ("private answer", "secret =", "Secret Corp", "first_customers"):
        assert secret not in log, secret
    assert not re.search(r"\blocals\b", log, re.IGNORECASE)

    message = str(info.value)
    assert "Something went wrong" in message and "private answer" not in message
    assert str(session) in message and str(logs[0]) in message


def test_a_session_that_cannot_be_discarded_is_reported_not_a_crash(make_app: Any, store: Any,
                                                                    ruleset: Any) -> None:
    store.new(ruleset, company="Stuck", answers={"company_stage": "growing"})
    folder = store.folder

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            start = app.screen
            assert isinstance(start, StartScreen)
            start.query_one("#resume").focus()
            folder.chmod(0o500)  # the file stays, its folder refuses the unlink
            try:
                if os.geteuid() == 0:  # root ignores the mode: make the unlink itself fail
                    def refuse(path: Path) -> None:
                        raise FileAccessError(f"{path}: cannot delete: Permission denied")
                    app.store.discard = refuse  # type: ignore[method-assign]
                await pilot.press("delete")  # asks first
                await pilot.pause()
                await pilot.press("y")
                await pilot.pause()
            finally:
                folder.chmod(0o700)
            assert app.is_running and isinstance(app.screen, StartScreen)
            messages = [str(n.message) for n in app._notifications]
            assert any("Could not discard this session" in m and "Permission denied" in m for m in messages)
            assert [s.company for s in app.screen.summaries] == ["Stuck"]
    run(scenario())


def test_the_count_never_jumps_up_as_follow_up_questions_appear(make_app: Any, ruleset: Any) -> None:
    """Each answer takes one off what is left, or more when it rules follow-ups out, never fewer:
    follow-ups an answer brings were counted before it ("up to")."""
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await start_new(pilot)
            line = app.screen.query_one("#progress", ProgressLine)
            seen: list[tuple[str, int, Progress, str, int, int]] = []
            for _ in range(len(ruleset.questions) + 1):
                screen = app.screen
                if not isinstance(screen, QuestionScreen):
                    break
                question = screen.question
                where = progress(ruleset, app.session.result, question.id)
                assert line.count == where.text and (line.answered, line.total) == (where.answered, where.total)
                shown = len(app.session.visible_questions())
                seen.append((question.id, shown, where, line.count, line.answered, line.total))
                if question.type in ("choice", "scale", "yesno"):  # the option that brings follow-ups
                    await answer_current(pilot, choice=opening_option(ruleset, dict(app.session.answers), question))
                else:
                    await answer_current(pilot)  # 3 reps; the first team ticked
            assert isinstance(app.screen, ReviewScreen) and app.session.complete

        gates = 0
        for before, after in itertools.pairwise(seen):
            _, shown_before, was, _, answered_before, total_before = before
            _, shown_after, now, label, answered_after, total_after = after
            assert now.left <= was.left - 1, (before, after)  # never up, whatever appeared
            assert total_after <= total_before  # the bar's whole never grows...
            assert answered_after * total_before >= answered_before * total_after  # ...nor goes backwards
            if shown_after > shown_before:  # this answer brought follow-up questions
                gates += 1
                assert now.left == was.left - 1 and not was.exact, (before, after)
            assert str(now.left) in label or now.left == 0
        assert gates >= 1, "no answer brought a follow-up question: pick another walk"
        assert seen[-1][2].left == 0 and seen[-1][3] == t("question.progress_last", number=seen[-1][2].number)

    run(scenario())
