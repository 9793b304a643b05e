"""A yes/no question in a modal, answered with the keyboard or the mouse."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..localize import binding
from ..texts import plain, t


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True (yes) or False (no, Escape).

    ``question`` as a str is shown literally (it may quote a path or a name);
    our own texts with their markup come as Content (``tc``).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("escape,n", "answer(False)", "confirm.no", id="no"),
        binding("y", "answer(True)", "confirm.yes", id="yes"),
    ]

    def __init__(self, question: str | Content, yes: str | None = None, no: str | None = None) -> None:
        super().__init__()
        self.shown = question if isinstance(question, Content) else plain(question)
        self.question = str(self.shown)  # the text as the person reads it
        self.yes = yes or t("confirm.yes")
        self.no = no or t("confirm.no")

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.shown, id="dialog-text")
            with Horizontal(id="dialog-buttons"):
                yield Button(self.yes, variant="primary", id="yes")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
