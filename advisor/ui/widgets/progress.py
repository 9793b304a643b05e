"""Where the person is: topic, "question n of N", and a bar of answered questions.

A single light widget rather than a Label plus Textual's ProgressBar (which
is several widgets): the question screen is the first thing painted, and
every widget on it costs start-up time.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


class ProgressLine(Widget):
    DEFAULT_CSS = """
    ProgressLine { height: 2; }
    """

    label: reactive[str] = reactive("")
    answered: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)

    def render(self) -> Content:
        width = max(self.content_region.width, 4)
        filled = 0 if self.total <= 0 else round(width * min(self.answered, self.total) / self.total)
        bar = Content.assemble(("━" * filled, "$accent"), ("━" * (width - filled), "$panel"))
        return Content("\n").join([Content.styled(self.label, "$text-muted"), bar])
