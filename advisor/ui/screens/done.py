"""The end of a browser session: "Thank you, your answers are saved", then the app exits.

Shown by "I'm done" (``AdvisorApp.action_done``) once the answers are saved.
After a few seconds the app exits with 0; in a browser, textual-serve then
says that the session has ended. A key or a click ends it at once.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from ..texts import t


class DoneScreen(Screen[None]):
    """Thanks the person, then ends the app (exit code 0)."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    def compose(self) -> ComposeResult:
        with Vertical(id="done"):
            yield Static(t("web.thanks"), id="done-thanks", markup=False)
            yield Static(t("web.thanks_detail"), id="done-detail", markup=False)

    def on_mount(self) -> None:
        self.set_timer(self.seconds, self._end)

    def on_key(self) -> None:
        self._end()

    def on_click(self) -> None:
        self._end()

    def _end(self) -> None:
        self.app.exit(return_code=0)
