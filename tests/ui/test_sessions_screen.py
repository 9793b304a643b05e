"""Sessions as a person meets them: no file before the first answer, finished ones apart,
Delete that asks and keeps the file in the trash, and an answers file that reopens its session.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Input, OptionList, Static

from advisor.answers import AnswersFile, dumps_answers, load_answers
from advisor.session import SessionStore
from advisor.ui.screens.confirm import ConfirmScreen
from advisor.ui.screens.question import QuestionScreen
from advisor.ui.screens.review import ReviewScreen
from advisor.ui.screens.start import StartScreen
from advisor.ui.texts import t

from .conftest import SIZE, answer_current, run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"


def session_files(store: SessionStore) -> list[Path]:
    return sorted(store.folder.glob("*.yaml")) if store.folder.is_dir() else []


def text_of(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def prompts(screen: Any, selector: str) -> list[str]:
    listed = screen.query_one(selector, OptionList)
    return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]


def notes_hook(notes: list[str]) -> Any:
    def hook(message: Message) -> None:
        if isinstance(message, Notify):
            notes.append(message.notification.message)
    return hook


# -- no file before the first answer ------------------------------------------------------------

def test_a_start_abandoned_before_any_answer_is_not_listed(make_app: Any, store: SessionStore) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press(*"Acme", "enter", *"Ana", "ctrl+n")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
            assert session_files(store) == []  # started, nothing answered: nothing written

            app.action_restart()  # back to the start: nothing to continue either
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            assert not app.screen.query_one("#resume", OptionList).display
            assert session_files(store) == []

    run(scenario())


def test_quitting_before_any_answer_leaves_nothing(make_app: Any, store: SessionStore) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press(*"Acme", "ctrl+n")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
            await pilot.press("ctrl+q")
            await pilot.pause()

    run(scenario())
    assert session_files(store) == []


def test_the_company_and_name_typed_are_saved_with_the_first_answer(make_app: Any, store: SessionStore,
                                                                    ruleset: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press(*"Acme", "enter", *"Ana", "enter", *"CEO", "enter")
            await pilot.pause()
            assert session_files(store) == []
            await answer_current(pilot)

    run(scenario())
    (path,) = session_files(store)
    meta = load_answers(path, ruleset)
    assert (meta.company, meta.respondent, meta.role) == ("Acme", "Ana", "CEO")
    assert len(meta.answers) == 1


# -- finished sessions apart ---------------------------------------------------------------------

def test_finished_sessions_are_listed_apart_and_both_lists_open_on_enter(make_app: Any, store: SessionStore,
                                                                         ruleset: Any) -> None:
    done = store.new(ruleset, company="Done Co", respondent="Dee", answers=load_answers(EXAMPLE, ruleset).answers)
    half = store.new(ruleset, company="Half Co", respondent="Hal", answers={"company_stage": "growing"})
    half.move_to("sales_motion")
    done_bytes = done.path.read_bytes()

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            start = app.screen
            assert isinstance(start, StartScreen)
            assert text_of(start, "#resume-heading") == t("start.resume_heading")
            assert text_of(start, "#finished-heading") == t("start.finished_heading") == "Finished"
            (unfinished,) = prompts(start, "#resume")
            (finished,) = prompts(start, "#finished")
            assert unfinished.startswith("Half Co · Hal ·") and unfinished.endswith("answered")
            assert finished.startswith("Done Co · Dee ·") and "answered" not in finished  # the heading says it
            hint = text_of(start, "#sessions-hint")
            assert start.query_one("#sessions-hint").display and "Del" in hint and "trash" in hint

            start.query_one("#finished").focus()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)  # a finished session opens on the review
            assert app.session.path == done.path
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)  # behind it, the question it was left on
            assert app.screen.question.id == done.position
            assert done.path.read_bytes() == done_bytes  # opening it changed nothing

            app.action_restart()
            await pilot.pause()
            app.screen.query_one("#resume").focus()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
            assert app.session.path == half.path
            assert app.screen.question.id == "sales_motion"  # exactly where it was left

    run(scenario())


# -- Delete asks, and keeps the file in the trash ---------------------------------------------------

def test_delete_asks_then_moves_the_session_to_the_trash(make_app: Any, store: SessionStore, ruleset: Any) -> None:
    done = store.new(ruleset, company="Done Co", answers=load_answers(EXAMPLE, ruleset).answers)
    half = store.new(ruleset, company="Half Co", respondent="Hal", answers={"company_stage": "growing"})
    notes: list[str] = []

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40), notifications=True, message_hook=notes_hook(notes)) as pilot:
            await pilot.pause()
            start = app.screen
            start.query_one("#resume").focus()
            await pilot.press("delete")
            await pilot.pause()
            confirm = app.screen
            assert isinstance(confirm, ConfirmScreen)
            assert "Half Co · Hal" in confirm.question and "trash" in confirm.question
            assert str(store.trash) in confirm.question
            await pilot.press("n")  # no: nothing happens
            await pilot.pause()
            assert app.screen is start and half.path.is_file()

            await pilot.press("delete")
            await pilot.pause()
            await pilot.press("escape")  # Escape is "no" too
            await pilot.pause()
            assert half.path.is_file()

            await pilot.press("delete")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            assert app.screen is start
            assert not half.path.exists() and (store.trash / half.path.name).is_file()
            assert not start.query_one("#resume", OptionList).display
            assert app.focused is start.query_one("#finished")  # on to the list that is left
            assert t("start.discarded", company="Half Co", who="Hal") in notes

            await pilot.press("delete", "y")  # the finished one, too
            await pilot.pause()
            assert not done.path.exists()
            assert isinstance(app.focused, Input)
            assert not start.query_one("#sessions-hint").display

    run(scenario())
    assert sorted(p.name for p in store.trash.iterdir()) == sorted([done.path.name, half.path.name])


def test_delete_outside_the_lists_asks_nothing(make_app: Any, store: SessionStore, ruleset: Any) -> None:
    kept = store.new(ruleset, company="Kept", answers={"company_stage": "growing"})

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.focused is app.screen.query_one("#resume")  # a session to continue: its list first
            app.screen.query_one("#company", Input).focus()
            await pilot.pause()
            await pilot.press("delete")  # in a field: the key edits the field
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)

    run(scenario())
    assert kept.path.is_file()


# -- an answers file reopens its session --------------------------------------------------------

def answers_without(ruleset: Any, folder: Path, question_id: str) -> Path:
    """The example's answers without one answer, as a file of the person's."""
    meta = load_answers(EXAMPLE, ruleset)
    answers = {qid: value for qid, value in meta.answers.items() if qid != question_id}
    path = folder / "ours.yaml"
    path.write_text(dumps_answers(AnswersFile(answers=answers, company=meta.company, respondent=meta.respondent,
                                              position="company_stage")), encoding="utf-8")
    return path


def test_an_answers_file_reopens_its_session_at_the_first_unanswered_question(
        make_app: Any, store: SessionStore, ruleset: Any, tmp_path: Path) -> None:
    source = answers_without(ruleset, tmp_path, "marketing_reach")
    before = source.read_bytes()

    async def first_run() -> Path:
        app = make_app(answers_path=source)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
            assert app.screen.question.id == "marketing_reach"  # the one left, not the file's position
            assert app.session.path is not None
            return app.session.path

    path = run(first_run())
    assert session_files(store) == [path]

    notes: list[str] = []

    async def second_run() -> None:
        app = make_app(answers_path=source)
        async with app.run_test(size=SIZE, notifications=True, message_hook=notes_hook(notes)) as pilot:
            await pilot.pause()
            assert app.session.path == path  # the same session, not a copy
            assert app.screen.question.id == "marketing_reach"
            await pilot.press("4", "enter")  # answered: now every question is
            await pilot.pause()
            assert app.session.complete

    run(second_run())
    assert t("sessions.reopened", name=source.name) in notes
    assert session_files(store) == [path]

    async def third_run() -> None:
        app = make_app(answers_path=source)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.session.path == path
            assert isinstance(app.screen, ReviewScreen)  # every question answered: the review

    run(third_run())
    assert source.read_bytes() == before  # the file opened is never written
    assert session_files(store) == [path]


def test_a_changed_answers_file_starts_a_new_session_and_says_so(
        make_app: Any, store: SessionStore, ruleset: Any, tmp_path: Path) -> None:
    source = answers_without(ruleset, tmp_path, "marketing_reach")
    notes: list[str] = []

    async def once() -> Path:
        app = make_app(answers_path=source)
        async with app.run_test(size=SIZE, notifications=True, message_hook=notes_hook(notes)) as pilot:
            await pilot.pause()
            assert app.session.path is not None
            return app.session.path

    first = run(once())
    source.write_text(source.read_text(encoding="utf-8").replace("company: Northwind", "company: Southwind"),
                      encoding="utf-8")
    second = run(once())
    assert second != first and sorted(session_files(store)) == sorted([first, second])
    assert load_answers(second, ruleset).company.startswith("Southwind")
    assert t("sessions.changed", name=source.name) in notes
