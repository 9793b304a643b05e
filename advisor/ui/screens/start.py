"""The start screen: what the advisor does, a new session, or one to resume.

In a workshop (``advisor --workshop FOLDER``) the company is the workshop's,
so only the participant's name and role are asked; the list to resume is
the workshop's unfinished files, and nothing is opened or discarded here.

In a browser (``AdvisorApp.web``) nothing is opened or discarded either (the
files are the server's), the workshop's folder goes unnamed, and a Quit
button stands in for Ctrl+Q, which a browser may keep for itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
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

    @property
    def fields(self) -> list[str]:
        """The inputs asked, in order: no company in a workshop (it is the workshop's)."""
        return ["respondent", "role"] if self.app.workshop is not None else ["company", "respondent", "role"]

    def compose(self) -> ComposeResult:
        ruleset = self.app.ruleset
        workshop = self.app.workshop
        count = len(ruleset.questions)
        minutes = max(1, round(count * SECONDS_PER_QUESTION / 60))
        yield Header()
        with VerticalScroll(id="start"):
            yield Static(self.heading(), id="heading")
            if workshop is None:
                yield Static(tc("start.lede", count=count, minutes=minutes), id="lede")
            else:
                # The company and the folder are the workshop's: data, never markup. In a
                # browser the folder is the server's, no business of the participant's.
                lede = "workshop_lede" if workshop.show_names else "workshop_lede_roles"
                yield Static(tc(f"{'web' if self.app.web else 'start'}.{lede}", count=count, minutes=minutes,
                                company=one_line(workshop.company), folder=one_line(str(workshop.folder))),
                             id="lede")
            with Horizontal(id="who", classes="-workshop" if workshop is not None else ""):
                if workshop is None:
                    with Vertical(classes="field"):
                        yield Static(t("start.company"), classes="label")
                        yield Input(placeholder=t("start.company_placeholder"), id="company")
                with Vertical(classes="field"):
                    yield Static(t("start.respondent"), classes="label")
                    yield Input(placeholder=t("start.respondent_placeholder"), id="respondent")
                with Vertical(classes="field", id="role-field"):
                    yield Static(t("start.role"), classes="label")
                    yield Input(placeholder=t("start.role_placeholder" if workshop is None
                                              else "start.workshop_role_placeholder"), id="role")
            yield Button(t("start.start"), variant="primary", id="start-button")
            yield Static(t("start.resume_heading" if workshop is None else "start.workshop_resume_heading"),
                         id="resume-heading")
            yield OptionList(id="resume")
            if self.app.web:
                yield Button(t("web.quit"), id="quit-button")
            elif workshop is None:
                yield Button(t("start.open"), id="open-button")
        yield Footer()

    def heading(self) -> Content:
        workshop = self.app.workshop
        if workshop is None:
            return tc("start.heading")
        # The title and the company come from workshop.yaml: data, never markup.
        if workshop.title:
            return tc("start.workshop_heading", title=one_line(workshop.title), company=one_line(workshop.company))
        return tc("start.workshop_heading_untitled", company=one_line(workshop.company))

    def on_mount(self) -> None:
        self.refresh_sessions()
        self.query_one(f"#{self.fields[0]}", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A workshop's files are the facilitator's, and its answers go to its folder; in a browser
        # every file is the server's: nothing to open or discard.
        return not (action in ("open", "discard") and (self.app.workshop is not None or self.app.web))

    def refresh_sessions(self) -> None:
        # In a browser every tab is somebody else on the server's files: listing the unfinished
        # sessions would show everyone's names and let anyone continue anyone's answers.
        self.summaries = [] if self.app.web else self.app.store.unfinished(self.app.ruleset)
        resume = self.query_one("#resume", OptionList)
        resume.clear_options()
        for index, s in enumerate(self.summaries):
            # The company and the name come from the session file: shown as they are, never as markup.
            company = one_line(s.company) or t("start.no_company")
            who = one_line(s.respondent) or t("start.no_name")
            if self.app.workshop is not None:
                prompt = tc("start.workshop_resume_item", who=who, role=one_line(s.role) or t("start.no_role"),
                            when=f"{s.updated:%H:%M}", answered=s.answered, total=s.total)
            else:
                prompt = tc("start.resume_item", company=company, who=who, when=f"{s.updated:%d %b %Y %H:%M}",
                            answered=s.answered, total=s.total)
            resume.add_option(Option(prompt, id=f"session-{index}"))
        has_any = bool(self.summaries)
        if has_any:
            resume.highlighted = 0
        resume.display = has_any
        self.query_one("#resume-heading").display = has_any

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        order = self.fields
        if event.input.id in order[:-1]:
            self.query_one(f"#{order[order.index(event.input.id) + 1]}", Input).focus()
        else:
            self.action_start()

    @on(Button.Pressed, "#start-button")
    def action_start(self) -> None:
        values = {name: self.query_one(f"#{name}", Input).value.strip() for name in self.fields}
        self.app.new_session(values.get("company", ""), values["respondent"], values["role"])

    @on(OptionList.OptionSelected, "#resume")
    def _resume(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.app.resume(self.summaries[event.option_index].path)

    def action_discard(self) -> None:
        if self.app.workshop is not None or self.app.web:
            return
        resume = self.query_one("#resume", OptionList)
        if resume.has_focus and resume.highlighted is not None:
            try:
                self.app.store.discard(self.summaries[resume.highlighted].path)
            except FileAccessError as exc:  # e.g. a read-only sessions folder: say so, keep the list
                self.notify(t("start.discard_failed", reason=exc), severity="error", timeout=10, markup=False)
            self.refresh_sessions()

    @on(Button.Pressed, "#quit-button")
    async def _quit(self, event: Button.Pressed) -> None:
        event.stop()
        await self.app.action_quit()

    @on(Button.Pressed, "#open-button")
    def action_open(self) -> None:
        if self.app.workshop is not None or self.app.web:
            return
        from .open_file import OpenFileScreen

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.app.open_answers_file(path)

        self.app.push_screen(OpenFileScreen(), chosen)
