"""The facilitator's app (`advisor workshop DIR`): follows a workshop folder live while the room answers.

A thin App around ``screens.facilitator.FacilitatorScreen``: the quit key,
the styles, and leaving cleanly on a signal or an unexpected error. It only
reads the folder (the export writes the report where it is asked to), so
there is nothing to save on the way out. An unexpected error is reported in
a few words with a log file, as the questionnaire does: Textual's own
traceback shows local variables, which would put participants' answers on
screen.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen

from ..errors import ExitCode
from ..model import Ruleset
from ..workshop.folder import WorkshopInfo
from .app import CSS_FOLDER, SIGNAL_EXITS, Crash, _write_crash_log
from .localize import binding, command_palette, localize, textual_commands
from .texts import set_language, t


class FacilitatorApp(App[int]):
    """The live view of one workshop."""

    CSS_PATH = [CSS_FOLDER / "app.tcss", CSS_FOLDER / "review_result.tcss",  # noqa: RUF012 - Textual types it so
                CSS_FOLDER / "facilitator.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("ctrl+q", "quit", "keys.quit", id="facilitator-quit", priority=True),
        # The footer's palette key, in the facilitator's language (Textual's own says "palette").
        binding("ctrl+p", "app.command_palette", "keys.palette", id="palette-ctrl+p", show=False, key_display="^p"),
    ]

    def __init__(self, ruleset: Ruleset, folder: Path, info: WorkshopInfo, *, language: str | None = None,
                 handle_signals: bool = True, poll: float | None = None, settle: float | None = None) -> None:
        # The facilitator's language (the report's too), before anything is composed in it.
        self.language = language if language in ruleset.languages else ruleset.default_language
        set_language(self.language)
        super().__init__()
        self.title = t("facilitator.title")
        self.ruleset = ruleset
        self.folder = folder
        self.info = info
        self.handle_signals = handle_signals
        self.poll = poll
        self.settle = settle

    def on_mount(self) -> None:
        from .preferences import keep_theme
        from .screens.facilitator import POLL, SETTLE, FacilitatorScreen

        localize(self)  # the footer's words in the facilitator's language (see localize.py)
        keep_theme(self)  # the theme saved by either app (docs/config.md), and the one picked here
        if self.handle_signals:
            loop = asyncio.get_running_loop()
            for signum in SIGNAL_EXITS:
                loop.add_signal_handler(signum, self.on_signal, signum)
        self.push_screen(FacilitatorScreen(self.ruleset, self.folder, self.info, language=self.language,
                                           poll=POLL if self.poll is None else self.poll,
                                           settle=SETTLE if self.settle is None else self.settle))

    def on_signal(self, signum: int) -> None:
        self.exit(return_code=SIGNAL_EXITS[signal.Signals(signum)])

    def action_command_palette(self) -> None:
        command_palette(self)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from textual_commands(super().get_system_commands(screen))

    async def action_quit(self) -> None:
        self.exit(return_code=ExitCode.OK)

    def _handle_exception(self, error: Exception) -> None:
        # As AdvisorApp does, for the same reason: no traceback with locals on screen.
        log = _write_crash_log(error)
        super()._handle_exception(Crash(t("facilitator.crashed", log=log)))


def run_facilitator(ruleset: Ruleset, folder: Path, info: WorkshopInfo, *, language: str | None = None) -> int:
    """Run the facilitator view in this terminal; returns the exit code."""
    app = FacilitatorApp(ruleset, folder, info, language=language)
    app.run()
    code = app.return_code
    return ExitCode.OK if code is None else code
