"""The facilitator's view of a workshop: who has answered, the pooled result, and where the room disagrees.

It follows the folder: every second (``POLL``) a ``FolderReader`` looks at
the participants' files and re-reads only those that changed; only then is
the workshop analysed again and the widgets handed the new state. A file
caught half-written is shown as it was (or as "saving…"), never as an error
until it settles. Nothing here writes to the folder except the export.
"""

from __future__ import annotations

import datetime as _dt
import shlex
import time
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ...errors import AdvisorError
from ...model import Ruleset
from ...outputs import files_in
from ...plaintext import one_line
from ...resources import reports_dir
from ...workshop.analysis import Workshop, analyse
from ...workshop.folder import WORKSHOP_FILE, FolderReader, WorkshopInfo
from ..localize import binding
from ..texts import t
from ..widgets.agreement import AgreementGrid
from ..widgets.footer import QuietFooter
from ..widgets.room import ParticipantTable, PooledPanel, problem_lines
from ..widgets.scores import ChartKey
from ..workshop_words import Words
from .spread import SpreadScreen

POLL = 1.0     # seconds between two looks at the folder
SETTLE = 2.0   # a file changed this recently that cannot be read is still being written
SHORT_BELOW = 32


class FacilitatorScreen(Screen[None]):
    """The live view of one workshop folder."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("e", "export", "facilitator.keys.export", id="facilitator-export"),
        binding("c", "compact", "facilitator.keys.compact", id="compact"),
        binding("r", "refresh", "facilitator.keys.refresh", id="refresh", show=False),
    ]
    # Below 110 columns the pooled result sits above the participants, not beside them; below 32
    # lines it keeps to four lines (the scores on one), so the grid keeps some rows on 80x24.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 - Textual declares it so
    VERTICAL_BREAKPOINTS = [(0, "-short"), (SHORT_BELOW, "-tall")]  # noqa: RUF012 - Textual declares it so

    def __init__(self, ruleset: Ruleset, folder: Path, info: WorkshopInfo, *, language: str | None = None,
                 poll: float = POLL, settle: float = SETTLE) -> None:
        super().__init__()
        self.ruleset = ruleset
        self.info = info
        self.folder = folder
        self.words = Words(ruleset, language)
        self.poll = poll
        self.reader = FolderReader(self.folder, ruleset, settle=settle)
        self.workshop: Workshop | None = None
        self.folder_problem = ""
        self.changed_at = ""
        self.last_update_ms = 0.0  # how long the last change took to analyse and show (for the record)
        self._detail: SpreadScreen | None = None

    def compose(self) -> ComposeResult:
        names = self.words.names
        key = ChartKey.of(self.ruleset, names, self.words.language)
        join = f"advisor --workshop {shlex.quote(str(self.folder))}"
        yield Header()
        with Horizontal(id="room"):
            yield PooledPanel(self.words, key, join, id="pooled")
            with Vertical(id="people-box"):
                yield Static(id="people-title", classes="section-title")
                yield ParticipantTable(self.words, id="people")
                yield Static(id="people-problems")
        yield Static(t("facilitator.grid.title"), id="grid-title", classes="section-title")
        yield AgreementGrid(self.words, id="grid")
        yield Static(id="grid-hint")
        yield QuietFooter()

    def on_mount(self) -> None:
        # The Header shows these as plain text: a title or a company name is data.
        self.title = one_line(self.info.title) or t("facilitator.title")
        self.sub_title = one_line(self.info.company)
        for warning in self.info.warnings:
            self.notify(one_line(warning), severity="warning", timeout=15, markup=False)
        self.refresh_workshop(force=True)
        self.set_interval(self.poll, self.refresh_workshop, name="poll-workshop")
        self.query_one(AgreementGrid).focus()

    def on_resize(self, event: events.Resize) -> None:
        panel = self.query_one(PooledPanel)
        short = event.size.height < SHORT_BELOW
        if panel.short != short:
            panel.short = short
            panel.refresh(layout=True)
            self._show_hint()

    # -- following the folder -----------------------------------------------------------------------

    def refresh_workshop(self, *, force: bool = False) -> bool:
        """Look at the folder; when something changed, analyse again and show it. Whether it changed."""
        try:
            participants, changed = self.reader.read()
        except AdvisorError as exc:  # the folder went away, or cannot be listed any more
            problem = one_line(str(exc))
            if problem != self.folder_problem:
                self.folder_problem = problem
                self._show_people_title()
            return False
        if self.folder_problem:
            self.folder_problem = ""
            changed = True
        if not (changed or force):
            return False
        started = time.perf_counter()
        self.workshop = analyse(self.ruleset, self.info, participants)
        self.changed_at = _dt.datetime.now().strftime("%H:%M:%S")
        self._show()
        self.last_update_ms = (time.perf_counter() - started) * 1000
        return True

    def _show(self) -> None:
        workshop = self.workshop
        self.query_one(PooledPanel).show(workshop)
        self.query_one(ParticipantTable).show(workshop)
        problems = self.query_one("#people-problems", Static)
        problems.update(problem_lines(workshop))
        problems.display = bool(workshop and workshop.problems)
        self.query_one(AgreementGrid).show(workshop)
        self._show_people_title()
        self._show_hint()
        if self._detail is not None and workshop is not None and self._detail.is_attached:
            self._detail.show(workshop)

    def _show_people_title(self) -> None:
        title = self.query_one("#people-title", Static)
        if self.folder_problem:
            title.update(Content.styled(t("facilitator.people.folder_problem", reason=self.folder_problem),
                                        "bold $text-error"))
            return
        workshop = self.workshop
        files = len(workshop.participants) if workshop else 0
        counted = len(workshop.counted) if workshop else 0
        problems = len(workshop.problems) if workshop else 0
        parts = [t("facilitator.people.title", files=files, counted=counted)]
        if problems:
            parts.append(t("facilitator.people.problems", count=problems))
        if self.changed_at:
            parts.append(t("facilitator.people.changed", time=self.changed_at))
        title.update(Content(" · ").join(Content(part) for part in parts))

    def _show_hint(self, question_id: str | None = None) -> None:
        """Under the grid: the highlighted question in full, or what the grid's marks mean."""
        hint = self.query_one("#grid-hint", Static)
        grid = self.query_one(AgreementGrid)
        workshop = self.workshop
        if workshop is None or workshop.result is None:
            hint.update(t("facilitator.grid.empty"))
            return
        question_id = question_id or grid.current_question()
        if question_id is None:
            hint.update(t("facilitator.grid.legend"))
            return
        parts = [Content.styled(self.words.question(question_id), "bold")]
        if grid.compact:
            spread = next((sp for sp in workshop.spreads if sp.question_id == question_id), None)
            if spread is not None:
                q = self.ruleset.question(question_id)
                if q.type in ("choice", "scale", "yesno"):
                    values: list[object] = [True, False] if q.type == "yesno" else [o.value for o in q.options]
                    parts.append(Content(" · ".join(f"{i} {self.words.short_answer(question_id, v)}"
                                                    for i, v in enumerate(values, start=1))))
        if not self.query_one(PooledPanel).short:
            parts.append(Content.styled(t("facilitator.grid.legend"), "$text-muted"))
        hint.update(Content("\n").join(parts))

    # -- the grid ---------------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#grid")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_hint(event.row_key.value)

    @on(DataTable.RowSelected, "#grid")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.open_detail(event.row_key.value)

    def open_detail(self, question_id: str) -> SpreadScreen | None:
        """Open the detail of one question (who answered what, and what it would do)."""
        if self.workshop is None or self.workshop.result is None:
            return None
        detail = SpreadScreen(self.words, self.workshop, question_id)
        self._detail = detail

        def closed(_: None) -> None:
            self._detail = None

        self.app.push_screen(detail, closed)
        return detail

    def action_compact(self) -> None:
        grid = self.query_one(AgreementGrid)
        grid.set_compact(not grid.compact)
        self._show_hint()

    def action_refresh(self) -> None:
        self.refresh_workshop()

    # -- export -------------------------------------------------------------------------------------

    def report(self, fmt: str) -> str:
        """The workshop report for the folder as it is now, as `advisor workshop report` writes it."""
        from ...workshop.report import report_text

        self.refresh_workshop()
        workshop = self.workshop or analyse(self.ruleset, self.info, [])
        date = self.info.date or _dt.date.today().isoformat()
        return report_text(self.ruleset, workshop, fmt, date=date, language=self.words.language)

    def report_inputs(self) -> list[Path]:
        """The files the report is made from: never to be written over by the export."""
        participants = self.workshop.participants if self.workshop else ()
        return [self.folder / WORKSHOP_FILE, *(self.folder / p.file for p in participants),
                *files_in(reports_dir(), recursive=True)]

    def action_export(self) -> None:
        from .workshop_export import WorkshopExportScreen

        self.app.push_screen(WorkshopExportScreen(self.folder, self.report, self.report_inputs))

