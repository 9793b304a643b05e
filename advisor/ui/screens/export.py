"""The export dialog: save the report (Markdown or JSON) or the answers to a file.

The path is prefilled with a name in the current folder; choosing another
format swaps its extension, unless the person has typed a path of their
own. Failures (no such folder, no permission) are shown inside the dialog,
which stays open with what was typed, so nothing has to be typed again.

In a browser (``AdvisorApp.web``) the server's folders are out of reach:
the dialog asks only for the format, and the file is handed to the browser
as a download (``App.deliver_text``) under the name it would have had here.
"""

from __future__ import annotations

import datetime as _dt
import io
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from ...answers import dumps_answers
from ...errors import AdvisorError
from ...outputs import files_in, replaces_file, write_text
from ...plaintext import slug
from ...report import EXTENSIONS, render
from ...resources import reports_dir
from ..texts import plain, t, tc
from .confirm import ConfirmScreen
from .result import session_report

if TYPE_CHECKING:
    from ...session import Session
    from ..app import AdvisorApp

KINDS = ("markdown", "json", "answers")


class FormatChoice(RadioSet):
    """The format list. Enter on the format already chosen changes nothing, so
    RadioSet would post nothing; it still means "this one", so say so."""

    class Kept(Message):
        """Enter or Space on the option that was already chosen."""

    def action_toggle_button(self) -> None:
        # RadioSet learns which button is pressed from a message, after this returns; but the
        # button toggled turns off at once if it was the pressed one (RadioSet turns it back on).
        before = self.pressed_button
        super().action_toggle_button()
        if before is not None and not before.value:
            self.post_message(self.Kept())


def default_name(kind: str, company: str, date: str) -> str:
    """The file name suggested for ``kind`` (a report is dated; the answers file is not)."""
    stem = slug(company) or t("export.file_stem")
    if kind == "answers":
        return t("export.file_answers", stem=stem) + ".yaml"
    return t("export.file_report", stem=stem, date=date) + EXTENSIONS[kind]


class ExportScreen(ModalScreen[Path | None]):
    """Dismisses with the path written, or None when cancelled (or downloaded, in a browser)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", t("keys.cancel"), id="cancel")]

    app: AdvisorApp

    @property
    def session(self) -> Session:
        return self.app.active_session

    def __init__(self, kind: str = "markdown", *, folder: Path | None = None, date: str | None = None) -> None:
        super().__init__()
        if kind not in KINDS:
            raise ValueError(f"unknown export kind {kind!r} (expected one of: {', '.join(KINDS)})")
        self.kind = kind
        self.folder = folder  # None: the current working directory, read when the dialog opens
        # As the result screen and `advisor evaluate` date a report: the given
        # date, else the answers' own date (resolved on mount), else today.
        self.date = date or ""
        self._suggested = ""  # the path we filled in; if the field still holds it, it is ours to change

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(t("export.title"), classes="dialog-title")
            # The field labels sit in the fields' top borders: two lines fewer, so
            # the dialog and an error message still fit a 24-line terminal.
            with FormatChoice(id="export-format") as formats:
                formats.border_title = t("export.format")
                for kind in KINDS:
                    yield RadioButton(t(f"export.{kind}"), value=kind == self.kind, id=f"format-{kind}")
            if not self.app.web:  # a browser gets a download: no path on the server to type
                path_input = Input(id="export-path")
                path_input.border_title = t("export.path")
                yield path_input
            yield Static(t("web.export_hint" if self.app.web else "export.hint"), id="export-hint")
            yield Static(id="export-status")
            with Horizontal(id="dialog-buttons"):
                yield Button(t("web.download" if self.app.web else "export.save"), variant="primary", id="save")
                yield Button(t("export.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.date = self.date or self.session.date or _dt.date.today().isoformat()
        self._say("")
        if self.app.web:
            formats = self.query_one("#export-format", FormatChoice)
            # RadioSet highlights its first button, whichever is chosen; Enter must mean the one chosen.
            for _ in range(KINDS.index(self.kind)):
                formats.action_next_button()
            formats.focus()
            return
        self._suggest()
        self.query_one("#export-path", Input).focus()

    def _folder(self) -> Path:
        if self.folder is not None:
            return self.folder
        try:
            return Path.cwd()
        except OSError:  # the folder the advisor was started in has been deleted
            return Path.home()

    def _suggest(self) -> None:
        self._suggested = str(self._folder() / default_name(self.kind, self.session.company, self.date))
        path_input = self.query_one("#export-path", Input)
        path_input.value = self._suggested
        path_input.cursor_position = len(self._suggested)

    @on(FormatChoice.Kept)
    def _format_kept(self, event: FormatChoice.Kept) -> None:
        event.stop()
        if self.app.web:  # no path to type: Enter on the format chosen downloads it
            self.save()
            return
        self.query_one("#export-path", Input).focus()

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.kind = KINDS[event.index]
        self._say("")
        if self.app.web:
            return
        path_input = self.query_one("#export-path", Input)
        if path_input.value == self._suggested:
            self._suggest()  # still our suggestion: follow the format
        # Enter picked the format; the next Enter (in the path) saves, as the hint says.
        path_input.focus()

    # -- saving ---------------------------------------------------------------------------------

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def save(self) -> None:
        """Check the path, ask before replacing a file, then write (in a browser: download)."""
        if self.app.web:
            self._deliver()
            return
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self._say(tc("export.no_path"))
            return
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self._folder() / path
        try:
            if path.is_dir():
                self._say(tc("export.is_folder", path=path))
                return
        except (OSError, ValueError) as exc:  # e.g. a name too long, or a NUL character
            self._say(tc("export.failed", reason=exc))
            return
        # A device or FIFO is written to, not replaced: nothing to ask about.
        if not replaces_file(path):
            self._write(path)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self._write(path)
            else:
                self.query_one("#export-path", Input).focus()

        self.app.push_screen(ConfirmScreen(tc("export.exists", path=path), yes=t("export.replace"),
                                           no=t("export.keep")), answered)

    def _write(self, path: Path) -> None:
        session = self.session
        try:
            if self.kind == "answers":
                session.export_answers(path)
            else:
                inputs = [*session.inputs(), *files_in(reports_dir(), recursive=True)]
                write_text(path, render(session_report(session, self.date), self.kind), inputs=inputs)
        except AdvisorError as exc:
            self._say(tc("export.failed", reason=exc))
            self.query_one("#export-path", Input).focus()
            return
        except ValueError as exc:  # a path the OS refuses outright (e.g. a NUL character)
            self._say(tc("export.failed", reason=exc))
            return
        self.app.notify(t("app.saved_answers" if self.kind == "answers" else "app.exported", path=path),
                        markup=False)
        self.dismiss(path)

    def _deliver(self) -> None:
        """Hand the file to the browser as a download; nothing is written at a path of the participant's."""
        session = self.session
        name = default_name(self.kind, session.company, self.date)
        try:
            if self.kind == "answers":
                text = dumps_answers(session.to_answers_file())
            else:
                text = render(session_report(session, self.date), self.kind)
        except AdvisorError as exc:
            self._say(tc("export.failed", reason=self.app.problem(exc)))
            return
        # The name comes back with a failed delivery (AdvisorApp._delivery_failed), prefixed as ours.
        self.app.deliver_text(io.StringIO(text), save_filename=name, encoding="utf-8", name=f"advisor:{name}")
        self.app.notify(t("web.download_started", name=name), markup=False)
        self.dismiss(None)

    def _say(self, message: str | Content) -> None:
        """Show ``message`` under the path (our texts come as Content: a path in them is data)."""
        status = self.query_one("#export-status", Static)
        status.update(message if isinstance(message, Content) else plain(message))
        status.display = bool(str(message))  # no empty gap above the buttons while all is well

    def action_cancel(self) -> None:
        self.dismiss(None)
