"""The agreement grid: one row per question, one column per participant, each answer in its colour.

Rows come in the workshop's order (most divisive first). The first columns
stay put when the grid scrolls sideways: a mark for a disagreement that
changes the pooled result (◆) or only differs (◇), the question, the
pooled answer. In a row, the same answer has the same colour (by its place
among the question's options: the palette is in the .tcss, from the theme).
``compact`` shows each answer as its number in that order (a number as
itself) under the participants' numbers, so some twenty people fit 120 columns.

A refresh that keeps the rows and columns updates only the cells that
changed, so the cursor and the scroll stay where the facilitator left them;
otherwise the grid is rebuilt and the cursor kept on its question.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.style import Style as RichStyle
from rich.text import Text as RichText
from textual import events
from textual.binding import BindingType
from textual.widgets import DataTable

from ...workshop.analysis import Spread, Workshop
from ...workshop.pool import answer_key
from ..localize import binding
from ..screens.result import component_style
from ..texts import t
from ..workshop_words import Words, answer_positions, shorten
from .tables import cursor_row_key

PALETTE = 6  # agreement-grid--answer-0 .. -5 in facilitator.tcss; more answers than that reuse them
CELL_WIDTH = 12
COMPACT_WIDTH = 3
QUESTION_WIDTH, QUESTION_NARROW = 32, 22
NARROW_BELOW = 110  # grid widths below this keep the question column narrow
MARK_COLUMN, QUESTION_COLUMN, POOLED_COLUMN = "mark", "question", "pooled"

# (text, component class) for a cell: what is compared between refreshes.
Cell = tuple[str, str]


def answer_class(position: int) -> str:
    return f"agreement-grid--answer-{position % PALETTE}"


class AgreementGrid(DataTable[RichText]):
    """Who answered what, question by question; Enter or a click opens a row's details."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(answer_class(i) for i in range(PALETTE)),
        "agreement-grid--blank", "agreement-grid--matters", "agreement-grid--minor", "agreement-grid--tie",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("enter", "select_cursor", "facilitator.keys.details", id="details"),
    ]

    def __init__(self, words: Words, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", cell_padding=1)
        self.words = words
        self.compact = False
        self.workshop: Workshop | None = None
        self._shape: tuple[object, ...] = ()
        self._cells: dict[tuple[str, str], Cell] = {}
        self._laid_out_question = 0  # the question column's width when the grid was last built

    # -- what the grid shows --------------------------------------------------------------------

    def current_question(self) -> str | None:
        """The id of the question under the cursor."""
        return cursor_row_key(self)

    def _question_width(self) -> int:
        width = self.size.width or self.app.size.width
        return QUESTION_WIDTH if width >= NARROW_BELOW else QUESTION_NARROW

    def columns_for(self, workshop: Workshop) -> list[tuple[str, str, int]]:
        """(key, heading, width) of every column: the mark, the question, the pooled answer, each participant."""
        cell = COMPACT_WIDTH if self.compact else CELL_WIDTH
        columns = [(MARK_COLUMN, "", 1), (QUESTION_COLUMN, t("facilitator.grid.question"), self._question_width()),
                   (POOLED_COLUMN, t("facilitator.grid.pooled_short" if self.compact else "facilitator.grid.pooled"),
                    max(cell, 4 if self.compact else cell))]
        for number, p in enumerate(workshop.participants, start=1):
            if p.counted:
                heading = str(number) if self.compact else workshop.labels[p.file]
                columns.append((p.file, shorten(heading, cell), cell))
        return columns

    def row_for(self, workshop: Workshop, spread: Spread, widths: Mapping[str, int]) -> dict[str, Cell]:
        """The cells of one question's row, by column key."""
        qid = spread.question_id
        q = self.words.ruleset.question(qid)
        pooled = spread.pooled
        values = [side.value for side in spread.sides]
        if pooled.value is not None:
            values.append(pooled.value)
        positions = answer_positions(q, values)

        def answer(value: object, width: int) -> Cell:
            if value is None:
                return ("—", "agreement-grid--blank")
            position = positions[answer_key(value)]
            if self.compact:
                text = self.words.answer(qid, value).split()[0] if q.type == "number" else str(position + 1)
            else:
                text = self.words.short_answer(qid, value)
            return (shorten(text, width), answer_class(position))

        if spread.matters and spread.disagreement:
            mark: Cell = ("◆", "agreement-grid--matters")
        elif spread.disagreement:
            mark = ("◇", "agreement-grid--minor")
        else:
            mark = ("", "")
        cells = {MARK_COLUMN: mark,
                 QUESTION_COLUMN: (shorten(self.words.question(qid), widths[QUESTION_COLUMN]), "")}
        if pooled.value is None and pooled.tie:
            cells[POOLED_COLUMN] = (shorten(t("facilitator.grid.tie"), widths[POOLED_COLUMN]), "agreement-grid--tie")
        else:
            cells[POOLED_COLUMN] = answer(pooled.value, widths[POOLED_COLUMN])
        for p in workshop.participants:
            if p.counted:
                cells[p.file] = answer(p.answers.get(qid), widths[p.file])
        return cells

    # -- showing it -------------------------------------------------------------------------------

    def show(self, workshop: Workshop | None, *, rebuild: bool = False) -> None:
        """Show ``workshop``: only the changed cells when the rows and columns stay, else the whole grid."""
        self.workshop = workshop
        if workshop is None or workshop.result is None:
            self._shape = ()
            self._cells = {}
            self.clear(columns=True)
            return
        columns = self.columns_for(workshop)
        widths = {key: width for key, _, width in columns}
        rows = {sp.question_id: self.row_for(workshop, sp, widths) for sp in workshop.spreads}
        shape = (tuple(columns), tuple(rows), self.compact)
        styles: dict[str, RichStyle] = {}

        def text(cell: Cell, bold: bool = False) -> RichText:
            content, name = cell
            if not name:
                return RichText(content, no_wrap=True, end="")
            if name not in styles:
                styles[name] = component_style(self, name)
            style = styles[name] + RichStyle(bold=True) if bold else styles[name]
            return RichText(content, style=style, no_wrap=True, end="")

        if shape == self._shape and not rebuild:
            for qid, cells in rows.items():
                for key, cell in cells.items():
                    if self._cells.get((qid, key)) != cell:
                        self.update_cell(qid, key, text(cell, key == POOLED_COLUMN))
                        self._cells[qid, key] = cell
            return
        keep = self.current_question()
        scroll_x, scroll_y = self.scroll_x, self.scroll_y
        self.clear(columns=True)
        for key, heading, width in columns:
            self.add_column(RichText(heading, no_wrap=True, end=""), width=width, key=key)
        self._cells = {}
        for qid, cells in rows.items():
            self.add_row(*(text(cell, key == POOLED_COLUMN) for key, cell in cells.items()), key=qid)
            self._cells.update(((qid, key), cell) for key, cell in cells.items())
        self.fixed_columns = 3
        self._shape = shape
        self._laid_out_question = widths[QUESTION_COLUMN]
        if keep in rows:
            self.move_cursor(row=list(rows).index(keep), animate=False, scroll=False)
        self.scroll_to(scroll_x, scroll_y, animate=False, immediate=True)

    def set_compact(self, compact: bool) -> None:
        self.compact = compact
        self.show(self.workshop, rebuild=True)

    # -- events -----------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        # The cells carry styles resolved from the theme; rebuild once the new one is applied.
        self.call_after_refresh(lambda: self.show(self.workshop, rebuild=True))

    def on_resize(self, event: events.Resize) -> None:
        if self._shape and self._question_width() != self._laid_out_question:
            self.show(self.workshop, rebuild=True)

    def on_click(self, event: events.Click) -> None:
        # One click on a row opens it, as a list of links would (DataTable wants two).
        row = event.style.meta.get("row")
        if isinstance(row, int) and 0 <= row < self.row_count:
            event.prevent_default()
            self.move_cursor(row=row, animate=False)
            self.action_select_cursor()
