"""OptionLine draws an option cell for cell as the two-column ``Table.grid`` it replaced did.

The grid is kept here only, as the oracle: both are drawn at many widths,
chosen and not, under a list's style (as Textual puts the list's style under
a prompt's own), and compared segment by segment once contiguous segments of
one style are joined (as the screen does). Then both are drawn by a real
OptionList, highlighted and not, line for line.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.console import Console
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.render import measure
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions
from textual.widgets import OptionList

from advisor.ui.widgets.answer import MARK_CHOSEN, MARK_FREE, MARK_TICKED, MARK_UNTICKED
from advisor.ui.widgets.option_line import OptionLine

from .conftest import run

LABELS = [
    "",
    "Yes",
    "Between 10 and 50 people work on sales, most of them in one office",
    "We have a written process that every new salesperson learns in the first week",
    "supercalifragilisticexpialidociousandthensomemoreletters at the start",
    "ends with an unbreakable word pneumonoultramicroscopicsilicovolcanoconiosis",
    "[bold]x[/] and [link=https://example.com]y[/link] are not markup",
    "$x costs ${amount} \\[escaped] :smile: :thumbs_up:",
    "日本語のラベルはとても長いので折り返します",
    "中文 标签 很长 需要 换行 才能 显示 完整 的 内容",
    "emoji 🎉🎉🎉 wide 👩‍💻 characters 🇪🇸 mixed in with words",
    "a b c d e f g h i j k l m n o p q r s t u v w x y z",
    "x" * 200,
]
WIDTHS = [1, 2, 3, 4, 5, 6, 7, 8, 10, 13, 20, 37, 52, 80, 120]
MARKS = [(MARK_CHOSEN, True), (MARK_FREE, False), (MARK_TICKED, True), (MARK_UNTICKED, False)]
BASE = RichStyle(color="#e0e0e0", bgcolor="#202040")  # a list's style, under every segment


def grid(mark: str, number: int, label: str, strong: bool) -> Table:
    """The prompt as ChoiceAnswer and MultiAnswer built it before OptionLine."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    table.add_row(Text.assemble((mark, "bold" if strong else "dim"), (f" {number}", "dim")),
                  Text(label, style="bold" if strong else ""))
    return table


def shown(lines: list[list[Segment]], width: int, base: RichStyle) -> list[list[tuple[str, RichStyle]]]:
    """What the screen shows of ``lines``: cropped and padded to ``width`` in ``base``, joined by style."""
    out = []
    for line in lines:
        styled = [Segment(text, base + style if base else style or RichStyle()) for text, style, _ in line]
        strip = Strip(styled).crop_extend(0, width, base)
        out.append([(text, style or RichStyle()) for text, style, _ in Segment.simplify(strip) if text])
    return out


def grid_lines(mark: str, number: int, label: str, strong: bool, width: int) -> list[list[Segment]]:
    console = Console(width=width, force_terminal=True, color_system="truecolor", legacy_windows=False)
    segments = console.render(grid(mark, number, label, strong), console.options)
    return list(Segment.split_and_crop_lines(segments, width, include_new_lines=False, pad=False))


def option_lines(mark: str, number: int, label: str, strong: bool, width: int, base: RichStyle) -> list[Strip]:
    options = RenderOptions(get_style=Style.parse, rules={})  # type: ignore[arg-type]
    return OptionLine(mark, number, label, strong=strong).render_strips(width, None, Style.from_rich_style(base),
                                                                        options)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("mark", "strong"), MARKS)
@pytest.mark.parametrize("base", [BASE, RichStyle(bold=True, reverse=True), RichStyle()], ids=["list", "bold", "null"])
def test_the_same_cells_as_the_grid(mark: str, strong: bool, width: int, base: RichStyle) -> None:
    for number in (1, 12):
        for label in LABELS:
            expected = shown(grid_lines(mark, number, label, strong, width), width, base)
            strips = option_lines(mark, number, label, strong, width, base)
            assert shown([list(strip) for strip in strips], width, base) == expected, (label, number)
            line = OptionLine(mark, number, label, strong=strong)
            assert line.get_height({}, width) == len(expected)


def test_the_same_width_unwrapped_as_the_grid() -> None:
    console = Console(width=300)
    for label in LABELS:
        for number in (1, 12):
            wanted = OptionLine(MARK_CHOSEN, number, label, strong=True).get_optimal_width({}, 300)
            assert measure(console, grid(MARK_CHOSEN, number, label, True), 300, container_width=300) == wanted


def test_markup_in_a_label_is_text() -> None:
    label = "[bold]x[/] $x :smile:"
    lines = option_lines(MARK_FREE, 3, label, False, 80, RichStyle())
    assert "".join(text for text, _, _ in lines[0]) == f"{MARK_FREE} 3 {label}"


def test_a_long_label_wraps_under_itself() -> None:
    line = OptionLine(MARK_CHOSEN, 2, "alpha beta gamma delta", strong=True)
    texts = ["".join(text for text, _, _ in line_) for line_ in line.lines(15)]
    assert texts == ["● 2 alpha beta ", "    gamma delta"]


class TwoLists(App[None]):
    """The same options in two lists of one size: drawn by the grid, and by OptionLine."""

    CSS = "OptionList { height: 1fr; }"

    def __init__(self, labels: list[str], chosen: int) -> None:
        super().__init__()
        self.labels = labels
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        marks = [(MARK_CHOSEN if i == self.chosen else MARK_FREE, i == self.chosen) for i in range(len(self.labels))]
        yield OptionList(*[grid(mark, i + 1, label, strong)
                           for i, ((mark, strong), label) in enumerate(zip(marks, self.labels, strict=True))],
                         id="grid")
        yield OptionList(*[OptionLine(mark, i + 1, label, strong=strong)
                           for i, ((mark, strong), label) in enumerate(zip(marks, self.labels, strict=True))],
                         id="lines")


def screen_lines(option_list: OptionList) -> list[Any]:
    return [[(text, style) for text, style, _ in Segment.simplify(option_list.render_line(y).discard_meta())]
            for y in range(option_list.scrollable_content_region.height)]


@pytest.mark.parametrize("size", [(80, 40), (37, 60), (24, 80)])
def test_a_list_draws_them_as_it_drew_the_grid(size: tuple[int, int]) -> None:
    run(_two_lists(size))


async def _two_lists(size: tuple[int, int]) -> None:
    labels = [label for label in LABELS if label] * 2  # 24 options: two-digit numbers too
    app = TwoLists(labels, chosen=2)
    async with app.run_test(size=size) as pilot:
        before, after = app.query_one("#grid", OptionList), app.query_one("#lines", OptionList)
        app.set_focus(None)  # neither focused: one style for both
        for highlighted in (0, 2, 13, 23):  # the list scrolls to the last ones
            before.highlighted = after.highlighted = highlighted
            await pilot.pause()
            assert before.virtual_size == after.virtual_size and before.scroll_offset == after.scroll_offset
            assert screen_lines(after) == screen_lines(before)
        before.focus()  # the focused list's highlight
        await pilot.pause()
        focused = screen_lines(before)
        after.focus()
        await pilot.pause()
        assert screen_lines(after) == focused
