"""The facilitator's export dialog: where to write the workshop report; the name's extension picks the format.

Prefilled with ``workshop-report.md`` in the workshop folder. ``.md`` writes
Markdown, ``.json`` JSON, ``.html`` the HTML page and, where the pdf extra
is installed, ``.pdf`` a PDF, as `advisor workshop report` does for the same
folder (a report saved in the folder is never read as a participant's
file). Under the field, as it is typed, the full path the report would be
written to, as in the questionnaire's export dialog (``~`` expanded, a
relative path from the folder `advisor` was started from; Tab or →
completes a name). There is no format list to start on, nor a format to
remember: the name says it. An existing file is replaced only after a yes;
failures stay in the dialog with what was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ...errors import AdvisorError
from ...outputs import replaces_file, write_bytes, write_text
from ...report_pdf import available as pdf_available
from ..localize import binding
from ..texts import plain, t, tc
from ..widgets.path_field import PathInput, PathTarget, UnknownUser, start_folder, target_path
from .confirm import ConfirmScreen

FORMATS_BY_SUFFIX = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".html": "html", ".htm": "html",
                     ".pdf": "pdf"}


def formats_by_suffix() -> dict[str, str]:
    """The file name endings the dialog takes, and the format each writes (PDF only where it can be made)."""
    if pdf_available():
        return FORMATS_BY_SUFFIX
    return {suffix: fmt for suffix, fmt in FORMATS_BY_SUFFIX.items() if fmt != "pdf"}


class WorkshopExportScreen(ModalScreen[Path | None]):
    """Dismisses with the path written, or None when cancelled.

    ``report(fmt)`` gives the report's text in ``markdown``, ``json`` or ``html``;
    ``inputs()`` the files it was made from (never to be written over).
    """

    BINDINGS: ClassVar[list[BindingType]] = [binding("escape", "cancel", "keys.cancel", id="cancel")]

    def __init__(self, folder: Path, report: Callable[[str], str], inputs: Callable[[], Iterable[Path]]) -> None:
        super().__init__()
        self.folder = folder
        self.report = report
        self.inputs = inputs
        self.base, self.started_here = start_folder()  # where a relative path starts, as in the CLI
        self.formats = formats_by_suffix()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(t("facilitator.export.title"), classes="dialog-title")
            path_input = PathInput(str(self.folder / t("facilitator.export.file")), base=self.base, id="export-path")
            path_input.border_title = t("export.path")
            yield path_input
            yield PathTarget(id="export-target")
            yield Static(t("facilitator.export.hint_pdf" if "pdf" in self.formats.values()
                           else "facilitator.export.hint"), id="export-hint")
            yield Static(id="export-status")
            with Horizontal(id="dialog-buttons"):
                yield Button(t("export.save"), variant="primary", id="save")
                yield Button(t("export.cancel"), id="cancel")

    def on_mount(self) -> None:
        self._say("")
        path_input = self.query_one("#export-path", Input)
        path_input.cursor_position = len(path_input.value)
        path_input.focus()
        self.query_one(PathTarget).show(path_input.value, self.base, started_here=self.started_here)

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._say("")  # a message was about what was typed before
        self.query_one(PathTarget).show(event.value, self.base, started_here=self.started_here)

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

    def target(self) -> tuple[Path, str] | None:
        """The path typed and its format; None (with the reason shown) when it will not do."""
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self._say(tc("export.no_path"))
            return None
        try:
            path = target_path(text, self.base)
            if path.is_dir():
                self._say(tc("export.is_folder", path=path))
                return None
            fmt = self.formats.get(path.suffix.lower())
            if fmt is None:
                self._say(tc("facilitator.export.suffix_pdf" if "pdf" in self.formats.values()
                             else "facilitator.export.suffix"))
                return None
        except UnknownUser as exc:
            self._say(tc("export.no_user", name=exc.prefix))
            return None
        except (OSError, ValueError) as exc:  # e.g. a name too long, or a NUL character
            self._say(tc("export.failed", reason=exc))
            return None
        return path, fmt

    def save(self) -> None:
        """Check the path, ask before replacing a file, then write."""
        target = self.target()
        if target is None:
            return
        path, fmt = target
        if not replaces_file(path):
            self._write(path, fmt, replace=False)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self._write(path, fmt, replace=True)
            else:
                self.query_one("#export-path", Input).focus()

        self.app.push_screen(ConfirmScreen(tc("export.exists", path=path), yes=t("export.replace"),
                                           no=t("export.keep")), answered)

    def _write(self, path: Path, fmt: str, *, replace: bool) -> None:
        try:
            if fmt == "pdf":
                from ...report_pdf import pdf_from_html

                write_bytes(path, pdf_from_html(self.report("html")), inputs=list(self.inputs()), replace=replace)
            else:
                write_text(path, self.report(fmt), inputs=list(self.inputs()), replace=replace)
        except (AdvisorError, ValueError) as exc:
            self._say(tc("export.failed", reason=exc))
            self.query_one("#export-path", Input).focus()
            return
        self.app.notify(t("facilitator.export.saved", path=path), markup=False)
        self.dismiss(path)

    def _say(self, message: str | Content) -> None:
        """Show ``message`` under the path (our texts come as Content: a path in them is data)."""
        status = self.query_one("#export-status", Static)
        status.update(message if isinstance(message, Content) else plain(message))
        status.display = bool(str(message))
        self.query_one("#export-hint").display = not status.display  # the row it needs, on a short terminal

    def action_cancel(self) -> None:
        self.dismiss(None)
