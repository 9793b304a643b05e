"""The app in a browser (``advisor serve``): nothing of the server's is reached or named by path.

With ``web=True`` there is no "open a file" (button, key or command), an
export is a download handed to ``App.deliver_text`` and no file is written
where the participant could point, no notification names a server path, a
workshop's folder goes unnamed, and Quit and "I'm done" are buttons (a
browser keeps some keys for itself). The terminal app keeps its layout:
none of these buttons appear without ``web``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from conftest import XDG_FOLDERS
from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Button, RadioSet, Static

from advisor.answers import load_answers
from advisor.errors import FileAccessError
from advisor.ui import app as app_module
from advisor.ui.app import AdvisorApp, in_browser
from advisor.ui.screens.done import DoneScreen
from advisor.ui.screens.export import ExportScreen
from advisor.ui.screens.open_file import OpenFileScreen
from advisor.ui.screens.question import QuestionScreen
from advisor.ui.screens.result import ResultScreen
from advisor.ui.screens.review import ReviewScreen
from advisor.ui.screens.start import StartScreen
from advisor.ui.texts import t
from advisor.workshop.folder import create_workshop

from .conftest import SIZE, answer_current, leave_review, run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"


class Deliveries:
    """Stands in for ``App.deliver_text``: records each download, and reads it whole as a browser would."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, path_or_file: Any, **kwargs: Any) -> str:
        assert isinstance(path_or_file, io.StringIO), "a download is handed over as text, never as a server path"
        self.calls.append({"text": path_or_file.getvalue(), **kwargs})
        return f"key-{len(self.calls)}"


def notes_hook(notes: list[str]) -> Any:
    def hook(message: Message) -> None:
        if isinstance(message, Notify):
            notes.append(message.notification.message)
    return hook


def files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()}


# -- in_browser ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("env", "expected"), [
    ({}, False),
    ({"ADVISOR_WEB": "1"}, True),
    ({"ADVISOR_WEB": "0"}, False),
    ({"ADVISOR_WEB": ""}, False),
    ({"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}, True),
    ({"TEXTUAL_DRIVER": "textual.drivers.linux_driver:LinuxDriver"}, False),
])
def test_in_browser_reads_the_environment(monkeypatch: pytest.MonkeyPatch, env: dict[str, str],
                                          expected: bool, ruleset: Any) -> None:
    monkeypatch.delenv("ADVISOR_WEB", raising=False)
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert in_browser() is expected
    assert AdvisorApp(ruleset, handle_signals=False).web is expected
    assert AdvisorApp(ruleset, handle_signals=False, web=not expected).web is not expected  # given wins


# -- the start screen ----------------------------------------------------------------------------

def test_no_open_file_in_a_browser_and_quit_is_a_button(make_app: Any) -> None:
    async def scenario() -> int | None:
        app = make_app(web=True)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StartScreen)
            assert not screen.query("#open-button")
            assert "ctrl+o" not in screen.active_bindings or not screen.check_action("open", ())
            await pilot.press("ctrl+o")
            await pilot.pause()
            assert not any(isinstance(s, OpenFileScreen) for s in app.screen_stack)
            titles = {command.title for command in app.get_system_commands(app.screen)}
            assert t("keys.open") not in titles
            await pilot.click("#quit-button")
            await pilot.pause()
        return app.return_code

    assert run(scenario()) == 0


def test_the_terminal_app_has_no_browser_buttons(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app(web=False, answers_path=EXAMPLE)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await leave_review(pilot)
            assert isinstance(app.screen, QuestionScreen)
            assert not app.screen.query("#done-button")
            app.action_result()
            await pilot.pause()
            assert isinstance(app.screen, ResultScreen)
            assert not app.screen.query("#done-button")
            app.action_restart()
            await pilot.pause()
            assert app.screen.query("#open-button") and not app.screen.query("#quit-button")
            titles = {command.title for command in app.get_system_commands(app.screen)}
            assert t("web.done") not in titles

    run(scenario())


def test_a_workshop_in_a_browser_names_no_folder(tmp_path: Path, ruleset: Any) -> None:
    info = create_workshop(tmp_path / "room", ruleset, company="Northwind", title="Kick-off", date="2026-03-02")

    async def scenario(web: bool) -> str:
        app = AdvisorApp(ruleset, workshop=info, web=web, handle_signals=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            return " ".join(str(widget.render()) for widget in app.screen.query(Static))

    shown = run(scenario(True))
    assert "Northwind" in shown
    assert str(info.folder) not in shown and "room" not in shown
    assert str(tmp_path) not in shown
    assert str(info.folder) in run(scenario(False))  # the terminal's start screen still names it


# -- exports are downloads -----------------------------------------------------------------------

def test_exports_are_downloads_and_no_file_is_written(make_app: Any, ruleset: Any, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch, test_home: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    deliveries = Deliveries()
    notes: list[str] = []
    before_home = files_under(test_home)

    async def scenario() -> AdvisorApp:
        app = make_app(web=True, answers_path=EXAMPLE)
        monkeypatch.setattr(app, "deliver_text", deliveries)
        async with app.run_test(size=SIZE, notifications=True, message_hook=notes_hook(notes)) as pilot:
            await pilot.pause()
            await leave_review(pilot)
            for key, kind in (("ctrl+e", "markdown"), ("ctrl+s", "answers")):
                await pilot.press(key)
                await pilot.pause()
                dialog = app.screen
                assert isinstance(dialog, ExportScreen) and dialog.kind == kind
                assert not dialog.query("#export-path")  # only the format is asked
                assert app.focused is dialog.query_one("#export-format", RadioSet)
                await pilot.press("enter")  # Enter on the format chosen: download it
                await pilot.pause()
                assert isinstance(app.screen, QuestionScreen)
            # The JSON report, chosen with the arrows, then the Download button.
            app.action_export()
            await pilot.pause()
            await pilot.press("down", "enter")  # the highlight starts on the format chosen (Markdown)
            await pilot.pause()
            assert isinstance(app.screen, ExportScreen) and app.screen.kind == "json"
            app.clear_notifications()  # the toasts of the downloads before would take the click
            await pilot.pause()
            await pilot.click("#save")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
        return app

    app = run(scenario())
    session_file = app.session.path
    names = [call["save_filename"] for call in deliveries.calls]
    assert names == ["northwind-lab-systems-report-" + app.session.date + ".md",
                     "northwind-lab-systems-answers.yaml",
                     "northwind-lab-systems-report-" + app.session.date + ".json"]
    assert all(call.get("save_directory") is None for call in deliveries.calls)
    markdown, answers, _json = (call["text"] for call in deliveries.calls)
    assert markdown.startswith("#")
    saved = tmp_path / "check.yaml"
    saved.write_text(answers, encoding="utf-8")
    assert load_answers(saved, ruleset).answers == load_answers(EXAMPLE, ruleset).answers
    saved.unlink()
    assert _json.lstrip().startswith("{")
    # Nothing written but the session file: not in the working folder, not under tmp_path, not at home.
    assert files_under(tmp_path) == {session_file}
    # At home, at most entries of the advisor's own cache (parsed files and compiled code, keyed by content).
    cache = test_home / XDG_FOLDERS["XDG_CACHE_HOME"] / "advisor"
    assert all(path.is_relative_to(cache) for path in files_under(test_home) - before_home)
    for name in names:
        assert t("web.download_started", name=name) in notes
    assert not any(str(tmp_path) in note for note in notes), notes


def test_no_notification_names_a_server_path(make_app: Any, tmp_path: Path, store: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed save names the session file in the terminal; in a browser it says what happened, no path."""
    notes: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise FileAccessError(f"{store.folder}/x.yaml: cannot write: read-only file system")

    async def scenario() -> None:
        app = make_app(web=True, answers_path=EXAMPLE)
        async with app.run_test(size=SIZE, notifications=True, message_hook=notes_hook(notes)) as pilot:
            await pilot.pause()
            await leave_review(pilot)
            monkeypatch.setattr(app.session, "save", refuse)
            await answer_current(pilot)  # kept in memory, and the next question shown
            assert isinstance(app.screen, QuestionScreen) and app.unsaved
            await pilot.click("#done-button")  # the answers cannot be saved: the session stays open
            await pilot.pause()
            assert not isinstance(app.screen, DoneScreen) and app.is_running
            monkeypatch.setattr(store, "new", refuse)
            app.new_session("Acme", "Ann", "CEO")  # the sessions folder cannot be written
            await pilot.pause()

    run(scenario())
    assert notes.count(t("web.save_failed")) >= 2  # the answer, then "I'm done"
    assert t("web.problem") in notes
    assert notes and not any(str(tmp_path) in note for note in notes), notes


# -- ending the session --------------------------------------------------------------------------

@pytest.mark.parametrize("screen_name", ["question", "review", "result"])
def test_im_done_saves_thanks_and_exits(make_app: Any, ruleset: Any, screen_name: str,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module.AdvisorApp, "DONE_SECONDS", 0.2)

    async def scenario() -> tuple[AdvisorApp, list[str]]:
        app = make_app(web=True, answers_path=EXAMPLE)
        seen: list[str] = []
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await leave_review(pilot)
            await answer_current(pilot)
            if screen_name == "review":
                app.action_review()
            elif screen_name == "result":
                app.action_result()
            await pilot.pause()
            expected = {"question": QuestionScreen, "review": ReviewScreen, "result": ResultScreen}[screen_name]
            assert isinstance(app.screen, expected)
            assert app.screen.query_one("#done-button", Button).display
            await pilot.click("#done-button")
            await pilot.pause()
            assert isinstance(app.screen, DoneScreen)
            seen.append(" ".join(str(widget.render()) for widget in app.screen.query(Static)))
            for _ in range(50):
                if not app.is_running:
                    break
                await pilot.pause(0.05)
        return app, seen

    app, seen = run(scenario())
    assert app.return_code == 0
    assert t("web.thanks") in seen[0]
    assert load_answers(app.session.path, ruleset).answers == app.session.answers


def test_im_done_is_a_command_in_the_palette(make_app: Any) -> None:
    async def scenario() -> set[str]:
        app = make_app(web=True, answers_path=EXAMPLE)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            return {command.title for command in app.get_system_commands(app.screen)}

    assert t("web.done") in run(scenario())


def test_a_crash_in_a_browser_names_no_path(make_app: Any, ruleset: Any, tmp_path: Path, test_home: Path) -> None:
    apps: list[AdvisorApp] = []

    async def scenario() -> None:
        app = make_app(web=True, answers_path=EXAMPLE)
        apps.append(app)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()

            def boom() -> None:
                raise RuntimeError("bug")

            app.call_later(boom)
            await pilot.pause()

    with pytest.raises(Exception) as info:
        run(scenario())
    app = apps[0]
    assert app.return_code == 1
    assert load_answers(app.session.path, ruleset).answers == app.session.answers  # saved, as in a terminal
    logs = list((test_home / ".local" / "share" / "advisor" / "crashes").iterdir())
    assert len(logs) == 1  # the log is kept on the server, for whoever runs it
    message = str(info.value)
    assert message == t("web.crashed")
    assert str(tmp_path) not in message and str(test_home) not in message and "crash-" not in message


def test_a_browser_never_lists_other_peoples_sessions(ruleset: Any, store: Any) -> None:
    """Each tab is someone else: no names from the server's files, nothing to resume that is not theirs."""
    from textual.widgets import OptionList

    from advisor.ui.app import AdvisorApp

    store.new(ruleset, company="Other Corp", respondent="Somebody Else")

    async def scenario() -> None:
        app = AdvisorApp(ruleset, store=store, handle_signals=False, web=True)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert not app.screen.query_one("#resume", OptionList).display
            assert app.screen.summaries == []
    run(scenario())
