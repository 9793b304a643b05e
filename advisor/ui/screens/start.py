"""The start screen: what the advisor does, a new session, or one to resume."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...errors import FileAccessError
from ...plaintext import one_line
from ..texts import t, tc

if TYPE_CHECKING:
    from ..app import AdvisorApp

SECONDS_PER_QUESTION = 25  # what a founder needs on average, timed in trial runs


class StartScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "start", t("keys.start"), id="start"),
        Binding("ctrl+o", "open", t("keys.open"), id="open"),
        Binding("delete", "discard", t("keys.discard"), id="discard", show=False),
    ]

    app: AdvisorApp

    def compose(self) -> ComposeResult:
        ruleset = self.app.ruleset
        count = len(ruleset.questions)
        minutes = max(1, round(count * SECONDS_PER_QUESTION / 60))
        yield Header()
        with VerticalScroll(id="start"):
            yield Static(t("start.heading"), id="heading")
            yield Static(tc("start.lede", count=count, minutes=minutes), id="lede")
            with Horizontal(id="who"):
                with Vertical(classes="field"):
                    yield Static(t("start.company"), classes="label")
                    yield Input(placeholder=t("start.company_placeholder"), id="company")
                with Vertical(classes="field"):
                    yield Static(t("start.respondent"), classes="label")
                    yield Input(placeholder=t("start.respondent_placeholder"), id="respondent")
                with Vertical(classes="field"):
                    yield Static(t("start.role"), classes="label")
                    yield Input(placeholder=t("start.role_placeholder"), id="role")
            yield Button(t("start.start"), variant="primary", id="start-button")
            yield Static(t("start.resume_heading"), id="resume-heading")
            yield OptionList(id="resume")
            yield Button(t("start.open"), id="open-button")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_sessions()
        self.query_one("#company", Input).focus()

    def refresh_sessions(self) -> None:
        self.summaries = self.app.store.unfinished(self.app.ruleset)
        resume = self.query_one("#resume", OptionList)
        resume.clear_options()
        for index, s in enumerate(self.summaries):
            # The company and the name come from the session file: shown as they are, never as markup.
            company = one_line(s.company) or t("start.no_company")
            who = one_line(s.respondent) or t("start.no_name")
            resume.add_option(Option(tc("start.resume_item", company=company, who=who,
                                        when=f"{s.updated:%d %b %Y %H:%M}", answered=s.answered,
                                        total=s.total), id=f"session-{index}"))
        has_any = bool(self.summaries)
        if has_any:
            resume.highlighted = 0
        resume.display = has_any
        self.query_one("#resume-heading").display = has_any

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        order = ["company", "respondent", "role"]
        if event.input.id in order[:-1]:
            self.query_one(f"#{order[order.index(event.input.id) + 1]}", Input).focus()
        else:
            self.action_start()

    @on(Button.Pressed, "#start-button")
    def action_start(self) -> None:
        values = [self.query_one(f"#{name}", Input).value.strip() for name in ("company", "respondent", "role")]
        self.app.new_session(*values)

    @on(OptionList.OptionSelected, "#resume")
    def _resume(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.app.resume(self.summaries[event.option_index].path)

    def action_discard(self) -> None:
        resume = self.query_one("#resume", OptionList)
        if resume.has_focus and resume.highlighted is not None:
            try:
                self.app.store.discard(self.summaries[resume.highlighted].path)
            except FileAccessError as exc:  # e.g. a read-only sessions folder: say so, keep the list
                self.notify(t("start.discard_failed", reason=exc), severity="error", timeout=10, markup=False)
            self.refresh_sessions()

    @on(Button.Pressed, "#open-button")
    def action_open(self) -> None:
        from .open_file import OpenFileScreen

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.app.open_answers_file(path)

        self.app.push_screen(OpenFileScreen(), chosen)
