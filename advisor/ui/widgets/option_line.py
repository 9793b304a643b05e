"""An option of the answer lists, drawn as plain lines: a mark and a number, then the label.

A long label wraps under itself, not under the number. These lines used to
come from a two-column ``rich.table.Table.grid`` per option, which measured
and laid out a table for every option at every width (575 table renders to
walk the 25 questions of benchmarks/tui_probe.py); ``OptionLine`` draws the
same cells with the same styles at every width, from one ``Text.wrap`` of
the label, kept for the last width asked (tests/ui/test_option_lines.py
holds the grid as the oracle). The label is data: it is never read as markup.
"""

from __future__ import annotations

from functools import cache

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

BOLD = RichStyle(bold=True)
DIM = RichStyle(dim=True)
PLAIN = RichStyle()

Line = list[Segment]


@cache
def _console() -> Console:
    """A console for ``Text.wrap``'s signature (left-justified wrapping reads nothing from it)."""
    return Console(width=80, color_system=None, force_terminal=False, legacy_windows=False)


class OptionLine(Visual):
    """``mark number label``, the label wrapped at word boundaries and indented to its own column.

    What the grid did, cell for cell: the mark (bold when ``strong``, else
    dim), a space and the number (dim), one space, then the label (bold when
    ``strong``) wrapped to the room left and padded with spaces in its style
    to its column's width; a word longer than that room is cut with "…".
    """

    def __init__(self, mark: str, number: int, label: str, *, strong: bool) -> None:
        self.mark = mark
        self.number = number
        self.label = label
        self.strong = strong
        self._mark_style = BOLD if strong else DIM
        self._prefix: Line = [Segment(mark, self._mark_style), Segment(f" {number}", DIM)]
        self._prefix_width = cell_len(mark) + 1 + len(str(number))
        self._label_width = max((cell_len(line) for line in label.splitlines()), default=0)
        self._width = -1
        self._lines: list[Line] = []

    def __str__(self) -> str:
        """The option as plain text on one line, unwrapped: "☑ 1 Sales"."""
        return f"{self.mark} {self.number} {self.label}"

    def __repr__(self) -> str:
        return f"OptionLine({self.mark!r}, {self.number}, {self.label!r}, strong={self.strong})"

    def lines(self, width: int) -> list[Line]:
        """The lines at ``width`` (kept for the last width: the list asks for its height, then draws)."""
        if width != self._width:
            self._lines = self._layout(width)
            self._width = width
        return self._lines

    def _layout(self, width: int) -> list[Line]:
        gap = Segment(" ", PLAIN)
        room = width - self._prefix_width - 1
        if room < 1:  # no room for the label: the grid cut the number with "…" and showed nothing more
            if width < 2:
                return [[gap]]
            prefix = Text.assemble((self.mark, self._mark_style), (f" {self.number}", DIM))
            prefix.truncate(width - 1, overflow="ellipsis")
            return [[*prefix.render(_console()), gap]]
        # The grid's label column: as wide as the label, or what is left of the width (at least one cell).
        column = min(max(self._label_width, 1), room)
        wrapped = Text(self.label).wrap(_console(), column, justify="left", overflow="ellipsis")
        style = BOLD if self.strong else None
        indent = Segment(" " * (self._prefix_width + 1), PLAIN)
        lines = [[indent, Segment(line.plain, style)] for line in wrapped] or [[indent]]
        lines[0][:1] = [*self._prefix, gap]
        return lines

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        base = style.rich_style  # under each segment's own style, as Textual draws a Rich renderable
        return [Strip([Segment(text, base + own) for text, own, _ in line]) for line in self.lines(width)[:height]]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """The width unwrapped (the grid's measure too, whenever it fits ``container_width``)."""
        return self._prefix_width + 1 + self._label_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))
