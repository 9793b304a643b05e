"""One participant of a workshop (`advisor --workshop FOLDER`), driven the way they would use it.

The start screen names the workshop and asks only for a name and a role;
starting makes the participant's file in the workshop folder, every answer
is saved there (read back with ``load_answers``, as the facilitator's view
reads it), two people of the same name get two files, and an unfinished
file can be picked up again. The user's own sessions folder is never used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, OptionList, Static

from advisor.answers import load_answers
from advisor.session import data_dir
from advisor.ui import app as app_module
from advisor.ui.app import AdvisorApp
from advisor.ui.screens.open_file import OpenFileScreen
from advisor.ui.screens.question import QuestionScreen
from advisor.ui.screens.result import ResultScreen
from advisor.ui.screens.start import StartScreen
from advisor.workshop.folder import WorkshopError, WorkshopInfo, create_workshop, participant_files
from advisor.workshop.store import WorkshopStore

from .conftest import SIZE, answer_current, run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"


@pytest.fixture
def info(tmp_path: Path, ruleset: Any) -> WorkshopInfo:
    return create_workshop(tmp_path / "room", ruleset, company="Northwind", title="Kick-off", date="2026-03-02")


def workshop_app(ruleset: Any, info: WorkshopInfo) -> AdvisorApp:
    return AdvisorApp(ruleset, workshop=info, handle_signals=False)


def files(info: WorkshopInfo) -> list[str]:
    return [p.name for p in participant_files(info.folder)]


def text_of(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def sessions_untouched() -> bool:
    return not (data_dir() / "sessions").exists()


def current_question(app: AdvisorApp) -> Any:
    screen = app.screen
    assert isinstance(screen, QuestionScreen) and screen.question is not None
    return screen.question


async def start_as(pilot: Any, name: str, role: str) -> None:
    """Type a name, Enter, a role, Enter: the questionnaire starts."""
    await pilot.press(*name, "enter", *role, "enter")
    await pilot.pause()


def test_the_start_screen_names_the_workshop_and_asks_no_company(ruleset: Any, info: WorkshopInfo) -> None:
    async def scenario() -> None:
        app = workshop_app(ruleset, info)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StartScreen)
            assert isinstance(app.store, WorkshopStore)
            assert not screen.query("#company")
            assert not screen.query("#open-button")
            heading = text_of(screen, "#heading")
            assert "Kick-off" in heading and "Northwind" in heading
            lede = text_of(screen, "#lede")
            assert str(info.folder) in lede and "Northwind" in lede
            assert app.focused is screen.query_one("#respondent", Input)
            assert "Sales, Marketing" in screen.query_one("#role", Input).placeholder
            assert not screen.query_one("#resume", OptionList).display  # nobody has started yet
            assert app.sub_title == "Kick-off"
            await pilot.press("ctrl+o")  # nothing to open: the answers go to the workshop
            await pilot.pause()
            assert not isinstance(app.screen, OpenFileScreen)

    run(scenario())


def test_workshop_text_is_shown_as_data_not_markup(ruleset: Any, tmp_path: Path) -> None:
    info = create_workshop(tmp_path / "odd", ruleset, company="[b]Acme[/b] [@click=app.quit]x[/]",
                           title="Q3 [/] \x1b]0;pwned\x07review", show_names=False)

    async def scenario() -> None:
        app = workshop_app(ruleset, info)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            heading = text_of(app.screen, "#heading")
            assert "[b]Acme[/b] [@click=app.quit]x[/]" in heading
            assert "Q3 [/] ]0;pwnedreview" in heading
            assert "\x1b" not in heading and "\x07" not in heading
            lede = text_of(app.screen, "#lede")
            assert "[b]Acme[/b] [@click=app.quit]x[/]" in lede and "role, not your name" in lede

    run(scenario())


def test_a_workshop_without_a_title_is_named_by_its_company(ruleset: Any, tmp_path: Path) -> None:
    info = create_workshop(tmp_path / "plain", ruleset, company="Northwind")

    async def scenario() -> None:
        app = workshop_app(ruleset, info)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert text_of(app.screen, "#heading") == "Workshop for Northwind"
            assert app.sub_title == "Northwind"

    run(scenario())


def test_starting_makes_the_participants_file_and_answers_go_into_it(ruleset: Any, info: WorkshopInfo) -> None:
    async def scenario() -> None:
        app = workshop_app(ruleset, info)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await start_as(pilot, "Ana López", "Sales")
            assert isinstance(app.screen, QuestionScreen)
            path = info.folder / "ana-lopez.yaml"
            assert app.active_session.path == path
            meta = load_answers(path, ruleset)
            assert (meta.company, meta.respondent, meta.role, meta.date) == \
                ("Northwind", "Ana López", "Sales", "2026-03-02")
            assert dict(meta.answers) == {}

            first = current_question(app)
            await answer_current(pilot)
            await answer_current(pilot)
            saved = load_answers(path, ruleset)
            assert first.id in saved.answers
            assert dict(saved.answers) == app.active_session.answers and len(saved.answers) == 2
            assert saved.position == current_question(app).id

            app.action_result()  # the rest of the app works as ever
            await pilot.pause()
            assert isinstance(app.screen, ResultScreen)
        assert files(info) == ["ana-lopez.yaml"]

    run(scenario())
    assert sessions_untouched()


def test_two_participants_with_the_same_name_get_two_files(ruleset: Any, info: WorkshopInfo) -> None:
    async def one(role: str) -> Path:
        app = workshop_app(ruleset, info)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await start_as(pilot, "Ana", role)
            await answer_current(pilot)
            return app.active_session.path  # type: ignore[return-value]

    first = run(one("Sales"))
    second = run(one("Marketing"))
    assert (first.name, second.name) == ("ana.yaml", "ana-2.yaml")
    assert [load_answers(p, ruleset).role for p in (first, second)] == ["Sales", "Marketing"]
    assert sessions_untouched()


def test_an_unfinished_file_is_listed_and_resumed(ruleset: Any, info: WorkshopInfo) -> None:
    store = WorkshopStore(info)
    ana = store.new(ruleset, respondent="Ana", role="Sales")
    ana.set_answer(ruleset.questions[0].id, ana.visible_questions()[0].options[0].value)
    ana.move_to(ana.visible_questions()[1].id)  # Ana went on to the next question, then left
    _, asked = ana.progress()
    store.new(ruleset, respondent="Cleo", role="Founder", answers=load_answers(EXAMPLE, ruleset).answers)
    (info.folder / "broken.yaml").write_text("answers: [\n", encoding="utf-8")
    before = set(files(info))

    async def scenario() -> None:
        app = workshop_app(ruleset, info)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            resume = app.screen.query_one("#resume", OptionList)
            assert resume.display and resume.option_count == 1  # not the finished one, not the broken one
            prompt = str(resume.get_option_at_index(0).prompt)
            assert prompt.startswith(f"Ana · Sales · 1 of {asked} answered · last change ")
            assert "Continue your answers" in text_of(app.screen, "#resume-heading")

            resume.focus()
            await pilot.press("delete")  # no discarding a workshop's file
            await pilot.pause()
            assert ana.path is not None and ana.path.is_file()
            assert resume.option_count == 1

            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
            assert app.active_session.path == ana.path
            assert app.active_session.respondent == "Ana"
            second = current_question(app)
            assert second.id == ana.position  # where Ana was
            await answer_current(pilot)
            saved = load_answers(ana.path, ruleset)
            assert second.id in saved.answers and len(saved.answers) == 2

    run(scenario())
    assert set(files(info)) == before  # continued in place: no new file
    assert sessions_untouched()


def test_the_start_button_works_without_a_name(ruleset: Any, info: WorkshopInfo) -> None:
    async def scenario() -> None:
        app = workshop_app(ruleset, info)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.click("#start-button")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
        assert files(info) == ["participant.yaml"]

    run(scenario())


def test_run_reads_the_workshop_folder(ruleset: Any, info: WorkshopInfo, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[AdvisorApp] = []
    monkeypatch.setattr(app_module.AdvisorApp, "run", lambda self, *a, **k: made.append(self))
    assert app_module.run(ruleset, None, workshop=info.folder) == 0
    assert made[0].workshop == info
    assert isinstance(made[0].store, WorkshopStore) and made[0].store.folder == info.folder
    assert app_module.run(ruleset, None, info=info) == 0
    assert made[1].workshop is info
    assert app_module.run(ruleset) == 0
    assert made[2].workshop is None and not isinstance(made[2].store, WorkshopStore)
    with pytest.raises(WorkshopError):
        app_module.run(ruleset, None, workshop=tmp_path)
