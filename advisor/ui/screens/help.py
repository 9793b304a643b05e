"""The help screen (F1): every key of the screen it was opened from, then those that work everywhere.

The rows come from the table of keys (``advisor.ui.keys``), the same one
that makes the screens' bindings and the README's table, so the list
cannot drift from what the keys do. Esc or F1 closes it; it scrolls on a
short terminal.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keys import help_rows
from ..localize import binding
from ..texts import t


class HelpScreen(ModalScreen[None]):
    """A modal list of keys for ``scopes`` (see advisor.ui.keys.KEYS)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("escape,f1,q", "dismiss", "keys.close_screen", id="help-close"),
    ]

    def __init__(self, scopes: tuple[str, ...]) -> None:
        super().__init__()
        self.scopes = scopes
        self.rows = help_rows(scopes)

    def table(self) -> Table:
        """The keys as a table whose last column wraps (our own words: plain Text, no markup)."""
        table = Table(box=None, padding=(0, 1), expand=True, show_edge=False, header_style="bold")
        table.add_column(t("help.column_where"), style="dim", no_wrap=True)
        table.add_column(t("help.column_key"), style="bold", no_wrap=True)
        table.add_column(t("help.column_does"), ratio=1)
        last = ""
        for where, keys, does in self.rows:
            table.add_row(Text(where if where != last else ""), Text(keys), Text(does))
            last = where
        return table

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static(t("help.title"), classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(self.table(), id="help-keys")
            yield Static(t("help.close"), id="help-close")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()
