"""The room at a glance: the participants' table and the pooled result panel of the facilitator view.

Both are handed the analysed workshop (``show``) and draw it; neither reads
files or computes. Names, roles, file names and problems are data, shown as
Text or Content, never read as markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style as RichStyle
from rich.text import Text as RichText
from textual import events
from textual.content import Content
from textual.widget import Widget
from textual.widgets import DataTable

from ...plaintext import one_line
from ...workshop.analysis import Workshop
from ...workshop.folder import Participant
from ..screens.result import component_style
from ..texts import t
from ..workshop_words import Words
from .scores import ChartKey, score_rows, score_strip
from .tables import cursor_row_key

LABEL_MIN = 12   # a participant's label is cut to what the other columns leave, but not below this
SCROLLBAR_ALLOWANCE = 2


class ParticipantTable(DataTable[RichText]):
    """Everyone whose file is in the folder: how far they are and where their own answers point."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "participant-table--problem", "participant-table--writing", "participant-table--dissent",
        "participant-table--weak", "participant-table--number",
    }

    def __init__(self, words: Words, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.words = words
        self.workshop: Workshop | None = None
        self._laid_out_width = 0

    def on_resize(self, event: events.Resize) -> None:
        if self.workshop is not None and event.size.width != self._laid_out_width:
            self.show(self.workshop)

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        # The cells carry styles resolved from the theme; rebuild once the new one is applied.
        self.call_after_refresh(lambda: self.show(self.workshop))

    def current_file(self) -> str | None:
        return cursor_row_key(self)

    def show(self, workshop: Workshop | None) -> None:
        self.workshop = workshop
        keep = self.current_file()
        scroll_y = self.scroll_y
        self.clear(columns=True)
        if workshop is None:
            return
        styles = {name: component_style(self, f"participant-table--{name}")
                  for name in ("problem", "writing", "dissent", "weak", "number")}
        rows = [self._row(number, p, workshop, styles) for number, p in enumerate(workshop.participants, start=1)]
        headings = ("number", "participant", "progress", "direction", "strength")
        labels = [t(f"facilitator.people.{heading}") for heading in headings]
        widths = {h: max(len(label), *(row[i].cell_len for row in rows)) if rows else len(label)
                  for i, (h, label) in enumerate(zip(headings, labels, strict=True))}
        # The names take the room the other columns leave (a long one is cut), so that at
        # 120 columns the whole table fits beside the pooled result without scrolling sideways.
        self._laid_out_width = self.size.width or self.app.size.width
        room = self._laid_out_width - SCROLLBAR_ALLOWANCE - 2 * self.cell_padding * len(headings)
        others = sum(w for h, w in widths.items() if h != "participant")
        widths["participant"] = min(widths["participant"], max(LABEL_MIN, room - others))
        for heading, label in zip(headings, labels, strict=True):
            self.add_column(RichText(label), width=widths[heading], key=heading)
        files = [p.file for p in workshop.participants]
        for file, row in zip(files, rows, strict=True):
            row[1].truncate(widths["participant"], overflow="ellipsis")
            self.add_row(*row, key=file)
        if keep in files:
            self.move_cursor(row=files.index(keep), animate=False, scroll=False)
        self.scroll_to(y=scroll_y, animate=False, immediate=True)

    def _row(self, number: int, p: Participant, workshop: Workshop,
             styles: dict[str, RichStyle]) -> list[RichText]:
        words = self.words
        cells = [RichText(str(number), style=styles["number"], justify="right")]
        if p.problem or p.writing:
            # The file's name: the facilitator has to find it to fix it (the reason is listed under the table).
            style = styles["problem"] if p.problem else styles["writing"]
            status = t("facilitator.people.not_counted" if p.problem else "facilitator.people.writing")
            return [*cells, RichText(one_line(p.file), style=style), RichText(""), RichText(status, style=style),
                    RichText("")]
        cells.append(RichText(one_line(workshop.labels[p.file])))
        progress = t("facilitator.people.progress_of", answered=p.answered, asked=p.asked)
        cells.append(RichText(t("facilitator.people.finished", progress=progress) if p.finished else progress))
        result = p.result
        assert result is not None  # counted
        pooled = workshop.result
        differs = pooled is not None and result.direction != pooled.direction
        cells.append(RichText(words.direction(result),
                              style=styles["dissent"] if differs else styles["weak"] if result.weak else ""))
        cells.append(RichText(words.strength(result), style=styles["weak"] if result.weak else ""))
        return cells


def problem_lines(workshop: Workshop | None) -> Content:
    """Why each file that does not count does not: "broken.yaml: line 4: ...", one file a line."""
    if workshop is None:
        return Content("")
    return Content("\n").join(Content.assemble((one_line(p.file), "bold"), ": ", one_line(p.problem))
                              for p in workshop.problems)


class PooledPanel(Widget):
    """The pooled result: direction and strength, both scores against their thresholds, how many agree."""

    DEFAULT_CSS = """
    PooledPanel { height: auto; }
    """

    def __init__(self, words: Words, key: ChartKey, join: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.words = words
        self.key = key
        self.join = join  # the command participants join with
        self.workshop: Workshop | None = None
        self.short = False  # a short terminal: the scores on one line, the headline with its heading

    def show(self, workshop: Workshop | None) -> None:
        self.workshop = workshop
        self.refresh(layout=True)

    def render(self) -> Content:
        workshop = self.workshop
        heading = Content.styled(t("facilitator.pooled.heading"), "bold $text-muted")
        result = workshop.result if workshop is not None else None
        if workshop is None or result is None:
            lines = [heading, Content.styled(t("facilitator.pooled.nobody"), "bold"),
                     Content(t("facilitator.pooled.join")), Content.styled(self.join, "bold $text-accent")]
            if workshop is not None and workshop.participants:
                lines.append(Content.styled(t("facilitator.pooled.none_counted"), "$text-warning"))
            return Content("\n").join(lines)
        counted = len(workshop.counted)
        standing = Content.styled(self.words.standing(result),
                                  "bold $text-muted" if result.weak else "bold $text-accent")
        sides = self.key.sides(result)
        if self.short:
            lines = [Content.assemble(heading, ": ", standing), score_strip(sides, 10)]
        else:
            lines = [heading, standing, score_rows(sides, self.key.labels, max(self.content_region.width, 24))]
        agree = t("facilitator.pooled.agree", agree=workshop.agree, counted=counted)
        if not self.short:
            agree += " " + t("facilitator.pooled.agree_fully", fully=workshop.agree_fully)
        lines.append(Content(agree))
        matter, minor = len(workshop.mattering), len(workshop.minor)
        open_ties = sum(1 for p in workshop.pooled.values() if p.value is None and p.tie)
        counts = []
        if matter or minor:
            counts += [Content.styled(t("facilitator.pooled.matter", count=matter),
                                      "bold $text-warning" if matter else ""),
                       Content(t("facilitator.pooled.minor", count=minor))]
        if open_ties:
            counts.append(Content.styled(t("facilitator.pooled.ties", count=open_ties), "$text-muted"))
        if counts:
            lines.append(Content(" · ").join(counts))
        return Content("\n").join(lines)
