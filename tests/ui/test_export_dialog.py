"""The export dialogs: focus on the formats, the format remembered, the full path shown, names completed.

Each scenario opens the dialog with ``app.action_export`` (what Ctrl+E, E
and the palette call), so it holds whichever screen the answers file opens on.
"""

from __future__ import annotations

import asyncio
import getpass
import os
import pwd
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input, RadioSet

from advisor.ui.app import AdvisorApp
from advisor.ui.screens.confirm import ConfirmScreen
from advisor.ui.screens.export import ExportScreen, default_name
from advisor.ui.screens.workshop_export import WorkshopExportScreen
from advisor.ui.texts import t, tc
from advisor.ui.widgets import path_field
from advisor.ui.widgets.path_field import PathInput, PathSuggester, PathTarget

from .conftest import SIZE, run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"


def shown(widget: Widget) -> str:
    """What ``widget`` draws, its lines joined without white space (long paths wrap anywhere)."""
    region = Region(0, 0, *widget.outer_size)
    return "".join("".join(strip.text for strip in widget.render_lines(region)).split())


def bare(text: object) -> str:
    return "".join(str(text).split())


async def open_dialog(pilot: Any, kind: str | None = None) -> ExportScreen:
    pilot.app.action_export(kind)
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportScreen)
    return dialog


async def close(pilot: Any) -> None:
    await pilot.press("escape")
    await pilot.pause()
    assert not isinstance(pilot.app.screen, ExportScreen)


def files_in(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


# -- focus: nothing is written until the path is confirmed ----------------------------------------

def test_the_dialog_opens_on_the_formats_and_down_enter_writes_nothing(
        make_app: Callable[..., AdvisorApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    async def scenario() -> None:
        app = make_app(answers_path=EXAMPLE)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            session = app.active_session
            for kind in ("markdown", "json"):  # both names taken: a save would ask to replace one
                (tmp_path / default_name(kind, session.company, session.date)).write_text("mine\n", encoding="utf-8")
            before = files_in(tmp_path)

            dialog = await open_dialog(pilot)
            formats = dialog.query_one("#export-format", RadioSet)
            assert app.focused is formats
            assert shown(dialog.query_one("#export-hint")) == bare(t("export.hint_format"))
            await pilot.press("down", "enter")  # the trap of old: this re-saved Markdown
            await pilot.pause()
            assert app.screen is dialog and dialog.kind == "json"
            assert isinstance(app.focused, PathInput)  # on to the name, nothing asked, nothing written
            assert shown(dialog.query_one("#export-hint")) == bare(t("export.hint"))
            assert files_in(tmp_path) == before

            # Enter in the path is the confirmation: the existing file is asked about, "Keep it" keeps it.
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog and files_in(tmp_path) == before
            await close(pilot)

            # Enter on the format already chosen also only leads to the path.
            dialog = await open_dialog(pilot)
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog and isinstance(app.focused, PathInput)
            assert files_in(tmp_path) == before

    run(scenario())


# -- the format remembered ------------------------------------------------------------------------

def test_the_last_format_chosen_is_remembered_and_an_explicit_kind_wins(
        make_app: Callable[..., AdvisorApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    async def scenario() -> None:
        app = make_app(answers_path=EXAMPLE)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            dialog = await open_dialog(pilot)
            assert dialog.kind == "markdown" == app.last_export_kind
            await pilot.press("down", "enter")  # JSON, then cancelled: still the last chosen
            await close(pilot)
            assert app.last_export_kind == "json"

            dialog = await open_dialog(pilot)
            assert dialog.kind == "json"
            assert dialog.query_one("#export-format", RadioSet).pressed_button.id == "format-json"
            await pilot.press("enter")  # the highlight is on JSON: Enter keeps it
            await pilot.pause()
            assert dialog.kind == "json" and dialog.query_one("#export-path", Input).value.endswith(".json")
            await close(pilot)

            # Ctrl+S asks for the answers: that wins, and is not remembered.
            app.action_save_answers()
            await pilot.pause()
            assert isinstance(app.screen, ExportScreen) and app.screen.kind == "answers"
            await close(pilot)
            dialog = await open_dialog(pilot)
            assert dialog.kind == "json"

            # Saved in JSON: written there, and still JSON next time.
            await pilot.press("enter", "enter")
            await pilot.pause()
            assert not isinstance(app.screen, ExportScreen)
            written = tmp_path / default_name("json", app.active_session.company, dialog.date)
            assert written.read_text(encoding="utf-8").lstrip().startswith("{")
            assert (await open_dialog(pilot)).kind == "json"

    run(scenario())


# -- the full path, before anything is written ----------------------------------------------------

def test_the_full_path_is_shown_as_it_is_typed(make_app: Callable[..., AdvisorApp], tmp_path: Path,
                                               test_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()

    async def scenario() -> None:
        app = make_app(answers_path=EXAMPLE)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            dialog = await open_dialog(pilot)
            path_input = dialog.query_one("#export-path", Input)
            target = dialog.query_one(PathTarget)
            # Prefilled with a name alone: the full path is the folder advisor was started from, and it says so.
            name = default_name("markdown", app.active_session.company, dialog.date)
            assert path_input.value == name
            assert bare(t("export.target", path=tmp_path / name)) in shown(target)
            assert bare(tc("export.here").plain) in shown(target)
            assert dialog.target() == tmp_path / name

            async def typed(text: str) -> str:
                path_input.focus()
                await pilot.press("ctrl+a", "ctrl+k", *text)
                await pilot.pause()
                return shown(target)

            assert bare(test_home / "r.md") in await typed("~/r.md")
            assert "~" not in await typed("~/r.md")
            user = getpass.getuser()
            assert bare(Path(pwd.getpwnam(user).pw_dir).resolve() / "r.md") in await typed(f"~{user}/r.md")
            # Relative, elsewhere than the start folder: that folder is named.
            assert bare(tmp_path / "sub" / "r.md") in await typed("sub/../sub/r.md")
            assert bare(tmp_path) in (await typed("sub/r.md")).split(bare(tmp_path / "sub" / "r.md"))[1]
            assert bare(t("export.is_folder", path=tmp_path / "sub")) in await typed("sub")
            assert await typed("/abs/r.md") == bare(t("export.target", path=Path("/abs/r.md")))  # no note

            # A user that does not exist: said, live and on Enter; nothing written, no crash.
            no_user = t("export.no_user", name="~no-such-user-here")
            assert bare(no_user) in await typed("~no-such-user-here/r.md")
            before = files_in(tmp_path)
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog and files_in(tmp_path) == before
            assert bare(no_user) in shown(dialog.query_one("#export-status"))
            assert not dialog.query_one("#export-hint").display  # the message takes its row
            await pilot.press("backspace")
            await pilot.pause()
            assert not dialog.query_one("#export-status").display  # typing clears it

    run(scenario())


def test_a_hostile_file_name_is_shown_as_written(make_app: Callable[..., AdvisorApp], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    name = "[b]x[/b] [@click=app.quit]q[/] [/] \x1b[31mred\x07.md"

    async def scenario() -> None:
        app = make_app(answers_path=EXAMPLE)
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            dialog = await open_dialog(pilot)
            dialog.query_one("#export-path", Input).value = name
            await pilot.pause()
            target = dialog.query_one(PathTarget)
            text = shown(target)
            assert bare("[b]x[/b] [@click=app.quit]q[/] [/]") in text and "red" in text
            assert "\x1b" not in text and "\x07" not in text
            region = target.region
            for y in range(region.y, region.bottom):
                for x in range(region.x, region.right):
                    assert "@click" not in dialog.get_style_at(x, y).meta
            assert app.is_running

    run(scenario())


# -- completion ------------------------------------------------------------------------------------

def suggest(suggester: PathSuggester, value: str) -> str | None:
    return asyncio.run(suggester.get_suggestion(value))


def test_the_suggester_completes_the_entries_of_the_folder_typed(tmp_path: Path, test_home: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path / "work"
    (base / "Reports").mkdir(parents=True)
    (base / "Reports" / "q3.md").write_text("", encoding="utf-8")
    (base / "readme.txt").write_text("", encoding="utf-8")
    (base / ".hidden").write_text("", encoding="utf-8")
    (test_home / "Documents").mkdir()
    listed: list[Path] = []
    entries = path_field._entries
    monkeypatch.setattr(path_field, "_entries", lambda folder: listed.append(folder) or entries(folder))
    suggester = PathSuggester(base)

    assert suggest(suggester, "Rep") == "Reports/"
    assert suggest(suggester, "re") == "readme.txt"  # case-sensitive: not Reports
    assert suggest(suggester, "Reports") == "Reports/"
    assert suggest(suggester, "readme.txt") is None  # nothing left to add
    assert suggest(suggester, "x") is None
    assert suggest(suggester, "h") is None and suggest(suggester, ".h") == ".hidden"
    assert suggest(suggester, ".") is None and suggest(suggester, "..") is None
    assert suggest(suggester, "Reports/") is None  # no name typed yet: no guess
    assert suggest(suggester, "Reports/q") == "Reports/q3.md"
    assert suggest(suggester, f"{base}/Rep") == f"{base}/Reports/"
    assert suggest(suggester, "~") == "~/"
    assert suggest(suggester, "~/Doc") == "~/Documents/"
    assert suggest(suggester, "~roo") is None  # user names are not listed
    assert suggest(suggester, "nope/x") is None
    # One listing per folder, however much is typed in it.
    assert sorted(map(str, listed)) == sorted(map(str, [base, base / "Reports", test_home, base / "nope"]))


def test_tab_or_right_takes_a_suggestion_in_the_dialog(make_app: Callable[..., AdvisorApp], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Reports").mkdir()

    async def scenario() -> None:
        app = make_app(answers_path=EXAMPLE)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            dialog = await open_dialog(pilot)
            await pilot.press("tab", "ctrl+a", "ctrl+k", *"Rep")
            await pilot.pause()
            path_input = dialog.query_one("#export-path", Input)
            await pilot.press("tab")
            assert path_input.value == "Reports/" and app.focused is path_input
            await pilot.press(*"r.md")
            assert dialog.target() == tmp_path / "Reports" / "r.md"
            await pilot.press("ctrl+a", "ctrl+k", *"Rep")
            await pilot.pause()
            await pilot.press("right")
            assert path_input.value == "Reports/"
            await pilot.press("tab")  # nothing left to take: on to the next field, as Tab does
            assert app.focused is not path_input
            await pilot.press("shift+tab")
            assert app.focused is path_input

    run(scenario())


# -- in a browser: as before ------------------------------------------------------------------------

def test_in_a_browser_only_the_format_is_asked(make_app: Callable[..., AdvisorApp], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    names: list[str] = []

    async def scenario() -> None:
        app = make_app(answers_path=EXAMPLE, web=True)
        monkeypatch.setattr(app, "deliver_text", lambda *args, **kwargs: names.append(kwargs["save_filename"]))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            dialog = await open_dialog(pilot)
            assert not dialog.query("#export-path") and not dialog.query(PathTarget)
            assert app.focused is dialog.query_one("#export-format", RadioSet)
            await pilot.press("down", "enter", "enter")  # JSON chosen, then Enter on it: downloaded
            await pilot.pause()
            assert not isinstance(app.screen, ExportScreen)
            assert (await open_dialog(pilot)).kind == "json"

    run(scenario())
    assert len(names) == 1 and names[0].endswith(".json")
    assert not [p for p in tmp_path.iterdir() if p.is_file()]


# -- the workshop report's dialog -------------------------------------------------------------------

class WorkshopExportApp(App[None]):
    CSS_PATH = [ROOT / "advisor" / "ui" / "styles" / name for name in ("app.tcss", "review_result.tcss")]  # noqa: RUF012

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.push_screen(WorkshopExportScreen(self.folder, lambda fmt: f"report in {fmt}\n", lambda: []))


def test_the_workshop_dialog_shows_the_full_path_and_completes(tmp_path: Path, test_home: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    room = tmp_path / "room"
    room.mkdir()

    async def scenario() -> None:
        app = WorkshopExportApp(Path("room"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, WorkshopExportScreen)
            target = dialog.query_one(PathTarget)
            assert bare(room / t("facilitator.export.file")) in shown(target)
            await pilot.press("ctrl+a", "ctrl+k", *"~/r.md")
            await pilot.pause()
            assert bare(test_home / "r.md") in shown(target)
            await pilot.press("ctrl+a", "ctrl+k", *"ro")
            await pilot.pause()
            await pilot.press("tab", *"w.json")
            assert dialog.query_one("#export-path", Input).value == "room/w.json"
            await pilot.press("enter")
            await pilot.pause()
            assert not isinstance(app.screen, WorkshopExportScreen)

    run(scenario())
    assert (room / "w.json").read_text(encoding="utf-8") == "report in json\n"
    assert os.listdir(room) == ["w.json"]
