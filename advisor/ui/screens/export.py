"""The export dialog: save the report (Markdown or JSON) or the answers to a file.

It opens on the format list, on the format last chosen in this run
(``AdvisorApp.last_export_kind``) unless it was opened for one (Ctrl+S: the
answers; that does not change what is remembered). Enter on a format, the
one chosen or another, only moves on to the file name; Enter there saves.
So nothing is written until the person has seen the path and confirmed it,
and a file that exists is replaced only after a second yes.

The name is prefilled, relative to the folder `advisor` was started from;
choosing another format swaps it, unless the person has typed one of their
own. Under it, as it is typed, the full path the file would be written to,
with ``~`` expanded and the folder a relative path starts in; Tab or →
completes a file or folder name (``widgets/path_field.py``). Failures (no
such folder, no permission) are shown inside the dialog, which stays open
with what was typed, so nothing has to be typed again.

In a browser (``AdvisorApp.web``) the server's folders are out of reach:
the dialog asks only for the format, and the file is handed to the browser
as a download (``App.deliver_text``) under the name it would have had here.
"""

from __future__ import annotations

import datetime as _dt
import io
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from ...answers import dumps_answers
from ...errors import AdvisorError
from ...outputs import files_in, replaces_file, write_bytes
from ...plaintext import slug
from ...report import EXTENSIONS, render
from ...resources import reports_dir
from ..localize import binding
from ..texts import plain, t, tc
from ..widgets.answer import MARK_CHOSEN, MARK_FREE
from ..widgets.path_field import PathInput, PathTarget, UnknownUser, start_folder, target_path
from .confirm import ConfirmScreen
from .result import session_report

if TYPE_CHECKING:
    from ...session import Session
    from ..app import AdvisorApp

KINDS = ("markdown", "json", "html", "pdf", "answers")


@cache
def offered_kinds() -> tuple[str, ...]:
    """The formats this dialog offers: PDF only where it can be made (the pdf extra, with Pango)."""
    from ...report_pdf import available

    return KINDS if available() else tuple(kind for kind in KINDS if kind != "pdf")


def report_bytes(report: dict[str, object], kind: str) -> bytes:
    """A report in ``kind`` as the bytes a file of it holds (PDF: the HTML report laid out for print)."""
    if kind == "pdf":
        from ...report_pdf import pdf_from_html

        return pdf_from_html(render(report, "html"))
    return render(report, kind).encode("utf-8")


class FormatButton(RadioButton):
    """A format: ● when chosen, ○ when not, so the choice shows without colour too."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = MARK_CHOSEN if self.value else MARK_FREE
        return RadioButton._button.fget(self)  # type: ignore[attr-defined]


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
    return t("export.file_report", stem=stem, date=date) + EXTENSIONS.get(kind, f".{kind}")


class ExportScreen(ModalScreen[Path | None]):
    """Dismisses with the path written, or None when cancelled (or downloaded, in a browser)."""

    BINDINGS: ClassVar[list[BindingType]] = [binding("escape", "cancel", "keys.cancel", id="cancel")]

    app: AdvisorApp

    @property
    def session(self) -> Session:
        return self.app.active_session

    def __init__(self, kind: str = "markdown", *, folder: Path | None = None, date: str | None = None) -> None:
        super().__init__()
        if kind not in KINDS:
            raise ValueError(f"unknown export kind {kind!r} (expected one of: {', '.join(KINDS)})")
        self.kinds = offered_kinds()
        self.kind = kind if kind in self.kinds else "markdown"
        # Where a relative path starts: the folder advisor was started from, unless told.
        self.folder, self.started_here = (folder, True) if folder is not None else start_folder()
        # As the result screen and `advisor evaluate` date a report: the given
        # date, else the answers' own date (resolved on mount), else today.
        self.date = date or ""
        self._suggested = ""  # the path we filled in; if the field still holds it, it is ours to change

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(t("export.title"), classes="dialog-title")
            # The field labels sit in the fields' top borders: two lines fewer, so the
            # dialog and an error message (in the hint's row) still fit a 24-line terminal.
            with FormatChoice(id="export-format") as formats:
                formats.border_title = t("export.format")
                for kind in self.kinds:
                    yield FormatButton(t(f"export.{kind}"), value=kind == self.kind, id=f"format-{kind}")
            if not self.app.web:  # a browser gets a download: no path on the server to type
                path_input = PathInput(base=self.folder, id="export-path")
                path_input.border_title = t("export.path")
                yield path_input
                yield PathTarget(id="export-target")
            yield Static(t("web.export_hint" if self.app.web else "export.hint_format"), id="export-hint")
            yield Static(id="export-status")
            with Horizontal(id="dialog-buttons"):
                yield Button(t("web.download" if self.app.web else "export.save"), variant="primary", id="save")
                yield Button(t("export.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.date = self.date or self.session.date or _dt.date.today().isoformat()
        self._say("")
        formats = self.query_one("#export-format", FormatChoice)
        # RadioSet highlights its first button, whichever is chosen; Enter must mean the one chosen.
        for _ in range(self.kinds.index(self.kind)):
            formats.action_next_button()
        if not self.app.web:
            self._suggest()
        formats.focus()  # first the format: Enter there leads to the path, and only Enter in the path saves

    def _suggest(self) -> None:
        self._suggested = default_name(self.kind, self.session.company, self.date)
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
        self.kind = self.kinds[event.index]
        self.app.last_export_kind = self.kind  # chosen in the list: the next export opens on it
        self._say("")
        if self.app.web:
            return
        path_input = self.query_one("#export-path", Input)
        if path_input.value == self._suggested:
            self._suggest()  # still our suggestion: follow the format
        # Enter picked the format; the next Enter (in the path) saves, as the hint says.
        path_input.focus()

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._say("")  # a message was about what was typed before
        self.query_one(PathTarget).show(event.value, self.folder, started_here=self.started_here)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self.app.web:
            return
        if isinstance(event.widget, (FormatChoice, Input)):  # what Enter does where the focus is
            key = "export.hint" if isinstance(event.widget, Input) else "export.hint_format"
            self.query_one("#export-hint", Static).update(t(key))

    # -- saving ---------------------------------------------------------------------------------

    def target(self) -> Path | None:
        """The full path a save would write to (as shown under the field); None if there is none."""
        try:
            text = self.query_one("#export-path", Input).value.strip()
            return target_path(text, self.folder) if text else None
        except ValueError:
            return None

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
        try:
            path = target_path(text, self.folder)
            if path.is_dir():
                self._say(tc("export.is_folder", path=path))
                return
        except UnknownUser as exc:
            self._say(tc("export.no_user", name=exc.prefix))
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
                write_bytes(path, report_bytes(session_report(session, self.date), self.kind), inputs=inputs)
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
                data = dumps_answers(session.to_answers_file()).encode("utf-8")
            else:
                data = report_bytes(session_report(session, self.date), self.kind)
        except AdvisorError as exc:
            self._say(tc("export.failed", reason=self.app.problem(exc)))
            return
        # The name comes back with a failed delivery (AdvisorApp._delivery_failed), prefixed as ours.
        if self.kind == "pdf":
            self.app.deliver_binary(io.BytesIO(data), save_filename=name, mime_type="application/pdf",
                                    name=f"advisor:{name}")
        else:
            self.app.deliver_text(io.StringIO(data.decode("utf-8")), save_filename=name, encoding="utf-8",
                                  name=f"advisor:{name}")
        self.app.notify(t("web.download_started", name=name), markup=False)
        self.dismiss(None)

    def _say(self, message: str | Content) -> None:
        """Show ``message`` under the path (our texts come as Content: a path in them is data)."""
        status = self.query_one("#export-status", Static)
        status.update(message if isinstance(message, Content) else plain(message))
        status.display = bool(str(message))  # no empty gap above the buttons while all is well
        self.query_one("#export-hint").display = not status.display  # the row it needs, on a short terminal

    def action_cancel(self) -> None:
        self.dismiss(None)
