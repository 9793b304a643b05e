"""Both functions' scores as bars on one scale, with the marks where the need starts to show and is clear.

The question screen shows them live beside the questions (toggled with a
key), so a workshop audience sees each answer move the scores; the result
screen shows the same bars one row per side. Both bars share one scale (the
larger of the two maximum scores), so equal scores are equal bars; on each,
`╎` marks where the need starts to emerge and `┃` where it is clear (the
threshold). Colours come from the theme ($primary for SalesOps, $accent for
RevOps). Names and labels come from the ruleset and are drawn as written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ...engine import Result
from ...model import SIDES, Ruleset
from ...plaintext import one_line
from ..texts import t

COLOURS = {"salesops": "$primary", "revops": "$accent"}
EMERGING_MARK = "╎"
CLEAR_MARK = "┃"
LEVELS = ("clear", "emerging", "not_yet")


class SideScore(NamedTuple):
    """One side's score and what it is measured against."""

    side: str        # salesops | revops
    name: str        # the short name ("SalesOps")
    score: int
    maximum: int
    threshold: int   # from here on the need is clear
    emerging: int    # from here on the need is emerging
    level: str       # clear | emerging | not_yet
    label: str       # the level in words, from the ruleset ("Emerging need")


class ChartKey(NamedTuple):
    """What a chart needs from the ruleset besides a result: names, the emerging marks, level labels."""

    names: Mapping[str, str]
    emerging: Mapping[str, int]
    labels: Mapping[str, str]

    @classmethod
    def of(cls, ruleset: Ruleset, names: Mapping[str, str], language: str | None = None) -> ChartKey:
        policy = ruleset.policy
        return cls(names, dict(policy.emerging),
                   {level: one_line(policy.strength(level).label(language)) for level in LEVELS})

    def sides(self, result: Result) -> tuple[SideScore, SideScore]:
        """Both sides of ``result``."""
        first, second = (SideScore(side, self.names[side], getattr(result, side), getattr(result, f"{side}_max"),
                                   result.thresholds[side], self.emerging[side], result.strengths[side],
                                   self.labels[result.strengths[side]]) for side in SIDES)
        return first, second


def _cell(points: int, scale: int, width: int) -> int:
    return round(width * min(max(points, 0), scale) / scale)


def score_bar(side: SideScore, scale: int, width: int) -> Content:
    """A bar of ``width`` cells for ``scale`` points, filled to the score, with both marks."""
    width = max(width, 4)
    scale = max(scale, 1)
    colour = COLOURS[side.side]
    filled = _cell(side.score, scale, width)
    clear = min(width - 1, _cell(side.threshold, scale, width))
    emerging = min(width - 1, _cell(side.emerging, scale, width))
    parts: list[tuple[str, str]] = []
    for cell in range(width):
        if cell == clear:
            parts.append((CLEAR_MARK, "bold $text"))
        elif cell == emerging:
            parts.append((EMERGING_MARK, "$text" if cell < filled else "$text-muted"))
        elif cell < filled:
            parts.append(("█", f"bold {colour}"))
        else:
            parts.append(("░", "$text-muted"))
    return Content.assemble(*parts)


def common_scale(sides: Sequence[SideScore]) -> int:
    """The one scale both bars are drawn on: the larger maximum (or score, or threshold)."""
    return max(max(s.maximum, s.score, s.threshold) for s in sides)


def legend(sides: Sequence[SideScore], labels: Mapping[str, str], *, stacked: bool = False) -> Content:
    """What the marks mean: "╎ Emerging need from 5 · ┃ Clear need from 8" (each side's, if they differ)."""
    emerging = Content.assemble((EMERGING_MARK, "$text"), " ", (
        t("scores.from", label=labels["emerging"], points=_points(sides, "emerging")), "$text-muted"))
    clear = Content.assemble((CLEAR_MARK, "bold $text"), " ", (
        t("scores.from", label=labels["clear"], points=_points(sides, "threshold")), "$text-muted"))
    return Content("\n" if stacked else " · ").join([emerging, clear])


def _points(sides: Sequence[SideScore], attribute: str) -> str:
    values = [getattr(s, attribute) for s in sides]
    if len(set(values)) == 1:
        return str(values[0])
    return ", ".join(t("scores.points_of", points=getattr(s, attribute), name=s.name) for s in sides)


def score_rows(sides: Sequence[SideScore], labels: Mapping[str, str], width: int) -> Content:
    """One row per side (name, bar, score, need), then the legend: the result screen's chart."""
    name_width = max(len(s.name) for s in sides)
    numbers = [f"{s.score}/{s.maximum}" for s in sides]
    number_width = max(len(n) for n in numbers)
    label_width = max(len(s.label) for s in sides)
    bar_width = max(width - name_width - number_width - label_width - 5, 8)
    scale = common_scale(sides)
    rows: list[Content] = []
    for side, number in zip(sides, numbers, strict=True):
        rows.append(Content.assemble(
            (side.name.ljust(name_width), f"bold {COLOURS[side.side]}"), " ", score_bar(side, scale, bar_width),
            " ", number.rjust(number_width), "  ",
            (side.label, "bold" if side.level != "not_yet" else "$text-muted")))
    rows.append(Content(" " * (name_width + 1)) + legend(sides, labels))
    return Content("\n").join(rows)


def score_chart(sides: Sequence[SideScore], labels: Mapping[str, str], width: int, lean: str | None = None) -> Content:
    """The bars stacked with their labels above them, for a narrow panel; ``lean``: a line under them."""
    scale = common_scale(sides)
    lines: list[Content] = []
    for side in sides:
        lines.append(Content.assemble((side.name, f"bold {COLOURS[side.side]}"), f"  {side.score}/{side.maximum}",
                                      " · ", (side.label, "bold" if side.level != "not_yet" else "$text-muted")))
        lines.append(score_bar(side, scale, width))
        lines.append(Content(""))
    lines.append(legend(sides, labels, stacked=True))
    if lean is not None:
        lines.append(Content(""))
        lines.append(Content.styled(lean, "italic"))
    return Content("\n").join(lines)


def lean_line(result: Result, names: Mapping[str, str]) -> str:
    """Which way the answers lean, in a few words."""
    if result.weak:
        if not (result.salesops or result.revops) or result.recommendation not in names:
            return t("scores.lean_none")  # no points yet: a lean would be the default, not the answers
        return t("scores.lean_weak", lean=names[result.recommendation])
    return t(f"scores.lean_{result.recommendation}")


def score_strip(sides: Sequence[SideScore], width: int = 12) -> Content:
    """Both scores on one line, for terminals too narrow for the panel."""
    scale = common_scale(sides)
    parts = [Content.assemble((s.name, f"bold {COLOURS[s.side]}"), " ", score_bar(s, scale, width),
                              f" {s.score}/{s.maximum}") for s in sides]
    return Content("   ").join(parts)


class ScorePanel(Widget):
    """Both scores, where the need emerges and is clear, and which way the answers lean."""

    DEFAULT_CSS = """
    ScorePanel { height: auto; }
    """

    result: reactive[Result | None] = reactive(None, layout=True)

    def __init__(self, key: ChartKey, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.key = key

    def render(self) -> Content:
        if self.result is None:
            return Content("")
        return score_chart(self.key.sides(self.result), self.key.labels, max(self.content_region.width, 8),
                           lean_line(self.result, self.key.names))


class ScoreChart(Widget):
    """The result screen's chart: a row per side on one scale, as wide as the widget."""

    DEFAULT_CSS = """
    ScoreChart { height: auto; }
    """

    def __init__(self, key: ChartKey, result: Result, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.key = key
        self.result = result

    def show(self, result: Result) -> None:
        self.result = result
        self.refresh(layout=True)

    def render(self) -> Content:
        # Rendered again on every resize, so the bars always fill the width.
        return score_rows(self.key.sides(self.result), self.key.labels, max(self.content_region.width, 24))
