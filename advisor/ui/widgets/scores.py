"""Live scores: both functions' scores as bars, with the line each must reach.

Shown beside the questions (toggled with a key) so a workshop audience sees
each answer move the scores; the result screen shows the same chart wider.
Colours come from the theme ($primary for SalesOps, $accent for RevOps).
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ...engine import Result
from ..texts import t

SIDES = (("salesops", "$primary"), ("revops", "$accent"))


def score_bar(score: int, maximum: int, threshold: int, width: int, colour: str) -> Content:
    """A bar of ``width`` cells filled to the score, with the threshold drawn as `┃`."""
    width = max(width, 4)
    filled = 0 if maximum <= 0 else round(width * min(max(score, 0), maximum) / maximum)
    mark = None if maximum <= 0 else min(width - 1, round(width * threshold / maximum))
    parts: list[tuple[str, str] | str] = []
    for cell in range(width):
        if cell == mark:
            parts.append(("┃", "bold $text"))
        elif cell < filled:
            parts.append(("█", f"bold {colour}"))
        else:
            parts.append(("░", "$text-muted"))
    return Content.assemble(*parts)


def score_chart(result: Result, names: dict[str, str], width: int, *, lean: bool = True) -> Content:
    """Both bars with their labels, and a line saying which way the answers lean."""
    lines: list[Content] = []
    for side, colour in SIDES:
        score = result.salesops if side == "salesops" else result.revops
        maximum = result.salesops_max if side == "salesops" else result.revops_max
        threshold = result.thresholds[side]
        lines.append(Content.assemble((names[side], f"bold {colour}"), f"  {score} / {maximum}"))
        lines.append(score_bar(score, maximum, threshold, width, colour))
        note = t("scores.needed", threshold=threshold)
        if score >= threshold:
            note += f"  ✓ {t('scores.reached')}"
        lines.append(Content.styled(note, "$text-muted"))
        lines.append(Content(""))
    if lean:
        key = "scores.lean_none" if result.weak else f"scores.lean_{result.recommendation}"
        lines.append(Content.styled(t(key), "italic"))
    return Content("\n").join(lines)


def score_strip(result: Result, names: dict[str, str], width: int = 12) -> Content:
    """Both scores on one line, for terminals too narrow for the panel."""
    parts: list[Content] = []
    for side, colour in SIDES:
        score = result.salesops if side == "salesops" else result.revops
        maximum = result.salesops_max if side == "salesops" else result.revops_max
        parts.append(Content.assemble((names[side], f"bold {colour}"), " ",
                                      score_bar(score, maximum, result.thresholds[side], width, colour),
                                      f" {score}/{maximum}"))
    return Content("   ").join(parts)


class ScorePanel(Widget):
    """Both scores, the threshold each must reach, and which way the answers lean."""

    DEFAULT_CSS = """
    ScorePanel { height: auto; }
    """

    result: reactive[Result | None] = reactive(None, layout=True)

    def __init__(self, names: dict[str, str], *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.names = names

    def render(self) -> Content:
        if self.result is None:
            return Content("")
        return score_chart(self.result, self.names, max(self.content_region.width, 8))
