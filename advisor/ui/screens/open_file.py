"""Asks for the path of an answers file to open."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..localize import binding
from ..texts import t


class OpenFileScreen(ModalScreen[Path | None]):
    """Dismisses with the path typed, or None (Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [binding("escape", "cancel", "keys.cancel", id="cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(t("start.open_title"), classes="dialog-title")
            yield Static(t("start.open_prompt"), id="dialog-text")
            yield Input(placeholder="answers.yaml", id="path")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if text:
            self.dismiss(Path(text).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)
