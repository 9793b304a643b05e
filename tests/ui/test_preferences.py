"""The saved theme (advisor.config, advisor.ui.preferences), driven with Pilot: picked in the palette,
saved, applied on the next start; an unknown theme or a broken file is a notification and the default."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.notifications import Notification, Notify

from advisor.config import config_path, load
from advisor.ui.app import AdvisorApp
from advisor.ui.facilitator import FacilitatorApp
from advisor.workshop.folder import create_workshop

from .conftest import SIZE, run

DEFAULT = "textual-dark"


@pytest.fixture
def path(test_home: Path) -> Path:
    return config_path()


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def start(app: Any, then: Callable[[Any], Any] | None = None) -> tuple[str, list[Notification]]:
    """Run ``app`` (and ``then(pilot)``); the theme it ended with, and the notifications it showed."""
    notes: list[Notification] = []

    def hook(message: Message) -> None:
        if isinstance(message, Notify):
            notes.append(message.notification)

    async def scenario() -> str:
        async with app.run_test(size=SIZE, notifications=True, message_hook=hook) as pilot:
            await pilot.pause()
            if then is not None:
                await then(pilot)
                await pilot.pause()
            return str(app.theme)

    return run(scenario()), notes


async def pick_in_the_palette(pilot: Any, name: str = "nord") -> None:
    """Ctrl+P, "Theme", then the theme's name and Enter: what a person does."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"theme")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*name)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()
    assert pilot.app.theme == name


def test_a_theme_picked_in_the_palette_is_saved_and_applied_on_the_next_start(
        make_app: Callable[..., AdvisorApp], path: Path) -> None:
    theme, notes = start(make_app(), pick_in_the_palette)
    assert theme == "nord" and notes == []
    assert path.read_text(encoding="utf-8") == "theme: nord\n"

    theme, notes = start(make_app())
    assert theme == "nord" and notes == []
    assert path.read_text(encoding="utf-8") == "theme: nord\n"


def test_without_a_saved_theme_nothing_is_written(make_app: Callable[..., AdvisorApp], path: Path) -> None:
    theme, notes = start(make_app())
    assert theme == DEFAULT and notes == []
    assert not path.parent.exists()


def test_each_change_is_saved_and_the_other_keys_stay(make_app: Callable[..., AdvisorApp], path: Path) -> None:
    write(path, "# mine\nlanguage: es\ntheme: gruvbox\n")

    async def two_changes(pilot: Any) -> None:
        assert pilot.app.theme == "gruvbox"
        pilot.app.theme = "textual-light"
        await pilot.pause()
        pilot.app.theme = "dracula"
        await pilot.pause()

    theme, notes = start(make_app(), two_changes)
    assert theme == "dracula" and notes == []
    assert path.read_text(encoding="utf-8") == "# mine\nlanguage: es\ntheme: dracula\n"


def test_an_unknown_saved_theme_is_the_default_and_a_notification(make_app: Callable[..., AdvisorApp],
                                                                   path: Path) -> None:
    write(path, "theme: from-a-newer-textual\n")
    theme, notes = start(make_app())
    assert theme == DEFAULT
    [note] = notes
    assert note.severity == "warning"
    assert "from-a-newer-textual" in note.message and str(path) in note.message
    assert path.read_text(encoding="utf-8") == "theme: from-a-newer-textual\n"  # kept for a version that knows it


def test_a_broken_file_is_a_located_notification_and_a_pick_is_not_saved_over_it(
        make_app: Callable[..., AdvisorApp], path: Path) -> None:
    write(path, "theme: [nord\n")

    async def pick(pilot: Any) -> None:
        pilot.app.theme = "nord"
        await pilot.pause()

    theme, notes = start(make_app(), pick)
    assert theme == "nord"  # the pick applies to this run
    first, second = notes
    assert first.severity == "warning" and f"{path}:2:1: " in first.message
    assert "the defaults are used" in first.message
    assert second.severity == "warning" and "Could not save the theme" in second.message
    assert "not changed" in second.message
    assert path.read_text(encoding="utf-8") == "theme: [nord\n"


def test_a_bad_value_is_a_notification_and_the_good_ones_apply(make_app: Callable[..., AdvisorApp],
                                                                path: Path) -> None:
    write(path, "theme: nord\nlanguage: english\n")
    theme, notes = start(make_app())
    assert theme == "nord"
    [note] = notes
    assert f"{path}:2:11: `language`: expected a two-letter language code" in note.message


def test_a_save_that_fails_is_a_notification_not_a_crash(make_app: Callable[..., AdvisorApp], path: Path) -> None:
    path.parent.parent.mkdir(parents=True)
    path.parent.write_text("", encoding="utf-8")  # a file where the config folder goes: nothing can be saved

    async def pick(pilot: Any) -> None:
        pilot.app.theme = "nord"
        await pilot.pause()

    theme, notes = start(make_app(), pick)
    assert theme == "nord"
    [note] = [n for n in notes if "Could not save the theme" in n.message]
    assert note.severity == "warning"


def test_in_a_browser_the_saved_theme_applies_but_is_neither_changed_nor_named(
        make_app: Callable[..., AdvisorApp], path: Path) -> None:
    write(path, "theme: nord\nthemes: typo\n")

    async def pick(pilot: Any) -> None:
        pilot.app.theme = "dracula"
        await pilot.pause()

    theme, notes = start(make_app(web=True), pick)
    assert theme == "dracula" and notes == []  # no notification names the server's file
    assert path.read_text(encoding="utf-8") == "theme: nord\nthemes: typo\n"


def test_the_facilitator_view_applies_and_saves_the_theme(ruleset: Any, tmp_path: Path, path: Path) -> None:
    write(path, "theme: gruvbox\n")
    info = create_workshop(tmp_path / "w", ruleset, company="Acme")
    app = FacilitatorApp(ruleset, info.folder, info, handle_signals=False, poll=3600.0)

    async def pick(pilot: Any) -> None:
        assert pilot.app.theme == "gruvbox"
        pilot.app.theme = "textual-light"
        await pilot.pause()

    theme, _ = start(app, pick)
    assert theme == "textual-light" and load().theme == "textual-light"
