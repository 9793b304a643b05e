"""The start screen: what the advisor does, a new session, or one to resume.

Sessions with questions left are listed under "Continue where you left
off", finished ones under "Finished"; Enter opens either. Delete asks, then
moves the session's file to the trash (``SessionStore.discard``).

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
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...errors import FileAccessError
from ...language import short_datetime
from ...plaintext import one_line
from ...session import TRASH_DAYS, SessionSummary
from ..keys import bindings
from ..texts import current_language, t, tc
from ..widgets.footer import QuietFooter

if TYPE_CHECKING:
    from ..app import AdvisorApp

SECONDS_PER_QUESTION = 25  # what a founder needs on average, timed in trial runs


class StartScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("start")  # see advisor/ui/keys.py

    app: AdvisorApp
    summaries: list[SessionSummary]  # the unfinished sessions listed, in their order
    finished: list[SessionSummary]   # the finished ones

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
            # Sessions to continue come first, so at 80x24 they are in view and one Enter away.
            yield Static(t("start.resume_heading" if workshop is None else "start.workshop_resume_heading"),
                         id="resume-heading")
            yield OptionList(id="resume")
            yield Static(t("start.finished_heading"), id="finished-heading")
            yield OptionList(id="finished")
            yield Static(t("start.sessions_hint", days=TRASH_DAYS), id="sessions-hint")
            yield Static(t("start.new_heading"), id="new-heading")
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
            with Horizontal(id="start-buttons"):
                yield Button(t("start.start"), variant="primary", id="start-button")
                if self.app.web:
                    yield Button(t("web.quit"), id="quit-button")
                elif workshop is None:
                    yield Button(t("start.open"), id="open-button")
        yield QuietFooter()

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
        # Someone with a session to continue most likely wants it: its list has the focus (Tab or
        # Ctrl+N for a new one); otherwise the first field of a new session. Not in a workshop:
        # there the next person at the keyboard is most likely someone new.
        if self.summaries and self.app.workshop is None:
            self.query_one("#resume", OptionList).focus()
        else:
            self.query_one(f"#{self.fields[0]}", Input).focus()

    def key_scopes(self) -> tuple[str, ...]:
        return ("start",)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A workshop's files are the facilitator's, and its answers go to its folder; in a browser
        # every file is the server's: nothing to open or discard.
        return not (action in ("open", "discard") and (self.app.workshop is not None or self.app.web))

    def refresh_sessions(self) -> None:
        """List the unfinished sessions (``summaries``) and, outside a workshop, the finished ones."""
        store, ruleset = self.app.store, self.app.ruleset
        if self.app.web:
            # In a browser every tab is somebody else on the server's files: listing the sessions
            # would show everyone's names and let anyone continue anyone's answers.
            self.summaries, self.finished = [], []
        elif self.app.workshop is not None:  # the workshop's unfinished files; finished ones are done with
            self.summaries, self.finished = store.unfinished(ruleset), []
        else:
            every = store.summaries(ruleset)
            self.summaries = [s for s in every if not s.finished]
            self.finished = [s for s in every if s.finished]
        self._fill("resume", self.summaries)
        self._fill("finished", self.finished)
        self.query_one("#sessions-hint").display = bool(self.summaries or self.finished) and self._may_discard()
        self.set_class(bool(self.summaries or self.finished), "-has-sessions")  # "A new session" heads the form

    def _fill(self, name: str, summaries: list[SessionSummary]) -> None:
        listed = self.query_one(f"#{name}", OptionList)
        keep = listed.highlighted
        listed.clear_options()
        for index, s in enumerate(summaries):
            # The company and the name come from the session file: shown as they are, never as markup.
            company = one_line(s.company) or t("start.no_company")
            who = one_line(s.respondent) or t("start.no_name")
            if self.app.workshop is not None:
                prompt = tc("start.workshop_resume_item", who=who, role=one_line(s.role) or t("start.no_role"),
                            when=f"{s.updated:%H:%M}", answered=s.answered, total=s.total)
            else:
                item = "start.finished_item" if name == "finished" else "start.resume_item"
                prompt = tc(item, company=company, who=who, when=short_datetime(s.updated, current_language()),
                            answered=s.answered, total=s.total)
            listed.add_option(Option(prompt, id=f"{name}-{index}"))
        if summaries:
            listed.highlighted = min(keep or 0, len(summaries) - 1)
        listed.display = bool(summaries)
        self.query_one(f"#{name}-heading").display = bool(summaries)

    def _may_discard(self) -> bool:
        return self.app.workshop is None and not self.app.web

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

    @on(OptionList.OptionSelected, "#resume, #finished")
    def _resume(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        listed = self.finished if event.option_list.id == "finished" else self.summaries
        self.app.resume(listed[event.option_index].path)

    def highlighted_session(self) -> SessionSummary | None:
        """The session under the cursor of the focused list, if a list has the focus."""
        for name, summaries in (("resume", self.summaries), ("finished", self.finished)):
            listed = self.query_one(f"#{name}", OptionList)
            if listed.has_focus and listed.highlighted is not None and listed.highlighted < len(summaries):
                return summaries[listed.highlighted]
        return None

    def action_discard(self) -> None:
        """Delete: asks, then moves the session's file to the trash (kept ``TRASH_DAYS`` days)."""
        if not self._may_discard():
            return
        session = self.highlighted_session()
        if session is None:
            return
        from .confirm import ConfirmScreen

        company = one_line(session.company) or t("start.no_company")
        who = one_line(session.respondent) or t("start.no_name")

        def answered(really: bool | None) -> None:
            if not really:
                return
            try:
                self.app.store.discard(session.path)
            except FileAccessError as exc:  # e.g. a read-only sessions folder: say so, keep the list
                self.notify(t("start.discard_failed", reason=exc), severity="error", timeout=10, markup=False)
            else:
                self.notify(t("start.discarded", company=company, who=who), markup=False)
            self.refresh_sessions()
            # The list emptied is hidden: on to the other one, else to the first field.
            lists = [self.query_one(f"#{name}", OptionList) for name in ("resume", "finished")]
            if not any(self.focused is listed and listed.display for listed in lists):
                shown = [listed for listed in lists if listed.display]
                (shown[0] if shown else self.query_one(f"#{self.fields[0]}", Input)).focus()

        question = t("start.discard_confirm", company=company, who=who, answered=session.answered,
                     total=session.total, days=TRASH_DAYS, trash=one_line(str(self.app.store.trash)))
        self.app.push_screen(ConfirmScreen(question, t("start.discard_yes"), t("start.discard_no")), answered)

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
