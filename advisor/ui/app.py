"""The questionnaire app: global keys, the session, and moving between screens.

A thin App: every screen lives in ``advisor.ui.screens``; the decisions
come from the core (``advisor.engine`` through ``advisor.session``). The
app owns the one ``Session`` being answered and saves it after every
change, so a crash, a kill or a closed terminal never loses an answer.

In a browser (``advisor serve``, see ``in_browser``) the app runs on a
server the participant does not own: it opens no file by path, delivers
exports as downloads, names no server path, and has buttons for Quit and
"I'm done", since a browser keeps some keys (Ctrl+Q, Ctrl+W) for itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as _dt
import os
import signal
import sys
import traceback
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text as RichText
from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.reactive import reactive
from textual.screen import Screen

from ..errors import AdvisorError, ExitCode, FileAccessError
from ..language import NAMES as LANGUAGE_NAMES
from ..model import Ruleset
from ..plaintext import one_line, strip_controls
from ..session import Session, SessionStore, data_dir, open_session
from .idle import Prepared, answered, first_frame_painted
from .keys import bindings
from .localize import command_palette, localize, textual_commands
from .texts import current_language, languages, set_language, t, tc

if TYPE_CHECKING:
    from ..workshop.folder import WorkshopInfo

CSS_FOLDER = Path(__file__).resolve().parent / "styles"

# The signals that stop the app from outside, each with its exit code (128 + its number). SIGINT
# is one of them: Textual puts the terminal in raw mode, so Ctrl+C arrives as a key, and a SIGINT
# comes from `kill -INT`, which must save the answers like the others.
SIGNAL_EXITS = {signal.SIGTERM: ExitCode.TERMINATED, signal.SIGHUP: ExitCode.HANGUP,
                signal.SIGINT: ExitCode.INTERRUPTED}


def in_browser() -> bool:
    """Whether this process serves a browser: ``advisor serve`` sets ADVISOR_WEB=1 in each
    session's environment, and textual-serve names Textual's web driver in TEXTUAL_DRIVER."""
    return os.environ.get("ADVISOR_WEB") == "1" or "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")


class Crash(Exception):
    """An unexpected error, reported in a few words instead of a traceback with locals."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __rich__(self) -> RichText:
        return RichText(self.message)


class AdvisorApp(App[int]):
    """Asks the questions, shows the recommendation, exports the report."""

    CSS_PATH = [CSS_FOLDER / "app.tcss", CSS_FOLDER / "review_result.tcss"]  # noqa: RUF012 - Textual types it so
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")  # see advisor/ui/keys.py

    show_scores: reactive[bool] = reactive(True)

    DONE_SECONDS = 4.0  # how long "Thank you" stays in the browser before the session ends

    def __init__(self, ruleset: Ruleset, *, store: SessionStore | None = None, answers_path: Path | None = None,
                 handle_signals: bool = True, workshop: WorkshopInfo | None = None,
                 web: bool | None = None, language: str | None = None, language_fixed: bool = False) -> None:
        # The language first: the app's title and the words of its screens are read from it.
        set_language(language if language in ruleset.languages else ruleset.default_language)
        super().__init__()
        self.title = t("app.title")
        self.ruleset = ruleset
        # `--language` given: a session's own language does not change it (advisor/language.py's order).
        self.language_fixed = language_fixed
        # In a browser the participant reaches nothing of the server's by path (see the module docstring).
        self.web = in_browser() if web is None else web
        # A workshop: the sessions are the participants' files in its folder (``advisor --workshop``).
        if workshop is None and store is not None:
            workshop = store.info
        if store is None and workshop is not None:
            from ..workshop.store import WorkshopStore  # only then: the questionnaire alone starts without it

            store = WorkshopStore(workshop)
        elif store is None:
            store = SessionStore()
        self.store = store
        self.workshop = workshop
        if workshop is not None:
            self.sub_title = one_line(workshop.title or workshop.company)
        self.answers_path = answers_path
        self.handle_signals = handle_signals
        self.session: Session | None = None
        self.unsaved = False  # the last autosave failed
        self.last_export_kind = "markdown"  # the format last chosen in the export dialog, for its next opening
        self.prepared_report: Prepared | None = None  # the report built in idle time (advisor/ui/idle.py)

    # -- start-up ---------------------------------------------------------------------------------

    def on_mount(self) -> None:
        from .preferences import keep_theme

        localize(self)  # the footer's words in the language set in __init__ (see localize.py)
        # The saved theme (docs/config.md). In a browser the file is the server's: used, never changed or named.
        keep_theme(self, save=not self.web, warn=not self.web)
        if self.handle_signals:
            loop = asyncio.get_running_loop()
            for signum in SIGNAL_EXITS:
                loop.add_signal_handler(signum, self.on_signal, signum)
        # With an answers file, go straight to its questions: composing the
        # start screen first would only slow the first question down.
        if self.answers_path is None or not self.open_answers_file(self.answers_path):
            from .screens.start import StartScreen

            self.push_screen(StartScreen())
        # Once the first screen is painted and its late parts have arrived: the idle-time work.
        self.call_after_refresh(self.set_timer, 0.25, partial(first_frame_painted, self))

    def keep_prepared(self, prepared: Prepared) -> None:
        """Hold a report built in idle time (advisor/ui/idle.py) for the result screen."""
        self.prepared_report = prepared

    @property
    def active_session(self) -> Session:
        """The session being answered; screens past the start screen only exist with one."""
        assert self.session is not None, "no session yet"
        return self.session

    def function_names(self) -> dict[str, str]:
        language = self.session.language if self.session else self.ruleset.default_language
        return {side: one_line(self.ruleset.word(side, language)) for side in ("salesops", "revops")}

    # -- sessions ---------------------------------------------------------------------------------

    def begin(self, session: Session, dropped: Iterable[str] = (), *, land: bool = False) -> None:
        """Answer ``session`` from where it stands; one with every question answered opens on the review.

        ``land``: at its first unanswered question rather than where it was left.
        """
        from .screens.question import QuestionScreen

        self.session = session
        stated = session.stated_language  # an answers file's language comes before the person's default
        if not self.language_fixed and stated in self.ruleset.languages and stated != current_language():
            self._speak(stated)
        session.language = current_language()
        dropped = list(dropped)
        if dropped:
            self.notify(t("app.dropped", items="; ".join(dropped)), severity="warning", timeout=12, markup=False)
        # Complete: the review, over the question the person was on (where Escape leads back).
        at = session.first_unanswered() if land and not session.complete else None
        if len(self.screen_stack) > 1:
            self.switch_screen(QuestionScreen(at))
        else:
            self.push_screen(QuestionScreen(at))
        if session.complete:
            self.action_review()

    def new_session(self, company: str, respondent: str, role: str) -> None:
        """A new session; its file is written at the first answer, with the company and name given here."""
        try:
            session = self.store.new(self.ruleset, company=company, respondent=respondent, role=role)
        except AdvisorError as exc:
            self.notify(self.problem(exc), severity="error", timeout=10, markup=False)
            return
        self.begin(session)

    # -- language ---------------------------------------------------------------------------------

    def _speak(self, language: str) -> None:
        """Speak ``language`` from now on: texts, the footer's words and the title (screens built later)."""
        set_language(language)
        localize(self)
        self.title = t("app.title")

    def switch_language(self, language: str) -> None:
        """The command palette's choice: the whole app in ``language`` at once, the session kept where it was.

        The screens are built again (their words are read when they are
        composed), at the same question, review or result; dialogs open over
        them are closed. The choice is kept as the person's preference, and
        in the session file, so the next start speaks it too.
        """
        from .screens.result import ResultScreen
        from .screens.review import ReviewScreen

        if language == current_language() or language not in self.ruleset.languages:
            return
        showing = {type(screen) for screen in self.screen_stack}
        self._speak(language)
        self.language_fixed = True  # chosen now, by the person: a session's language no longer overrides it
        if not self.web:  # in a browser the preferences file is the server's
            from ..config import save

            with contextlib.suppress(AdvisorError, OSError):
                save(language=language)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if self.session is None:
            from .screens.start import StartScreen

            self.push_screen(StartScreen())
            return
        self.session.language = language
        with contextlib.suppress(AdvisorError):
            self.session.save()
        self.begin(self.session)
        if ReviewScreen in showing:
            self.action_review()
        if ResultScreen in showing:
            self.action_result()

    def problem(self, error: AdvisorError) -> str:
        """What to tell the person about ``error``: in a browser, without the server's paths it names."""
        return t("web.problem") if self.web else strip_controls(str(error))

    def resume(self, path: Path) -> None:
        try:
            session, dropped = open_session(path, self.ruleset)
        except AdvisorError as exc:
            self.notify(self.problem(exc), severity="error", timeout=10, markup=False)
            return
        self.begin(session, dropped)

    def open_answers_file(self, path: Path) -> bool:
        """Answer from an answers file (the file itself is left alone): the session started from it
        before while it is unchanged, else a new one seeded with it; at its first unanswered question."""
        try:
            opened = self.store.open_answers(self.ruleset, path)
        except AdvisorError as exc:
            self.notify(self.problem(exc) if self.web else t("start.open_failed", path=path, reason=exc),
                        severity="error", timeout=12, markup=False)
            return False
        if opened.how != "new":
            self.notify(t(f"sessions.{opened.how}", name=path.name), timeout=8, markup=False)
        self.begin(opened.session, opened.dropped, land=True)
        return True

    def record_answer(self, question_id: str, value: Any, *, move: bool = True) -> None:
        """Record an answer; raises ValueError for an invalid one, FileAccessError (reported) if unsaved."""
        assert self.session is not None
        try:
            self.session.set_answer(question_id, value, move=move)
        except FileAccessError as exc:
            self.save_failed(exc)
            raise
        finally:
            answered(self)  # the last answer: the report is prepared while the person looks (idle.py)
        self.unsaved = False

    def save_failed(self, exc: AdvisorError) -> None:
        """Say the answers could not be saved (in a browser without the server's path); they stay in memory."""
        self.unsaved = True
        self.notify(t("web.save_failed") if self.web else t("app.save_failed", reason=exc),
                    severity="error", timeout=10, markup=False)

    # -- actions ------------------------------------------------------------------------------------

    def action_help(self) -> None:
        """F1: the keys of the screen on top (its ``key_scopes()``), in a modal list."""
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        scopes = getattr(self.screen, "key_scopes", None)
        self.push_screen(HelpScreen(scopes() if callable(scopes) else ()))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Exports and saving need answers: no session yet (the start screen), nothing to export.
        return not (action in ("export", "save_answers") and self.session is None)

    def action_toggle_scores(self) -> None:
        self.show_scores = not self.show_scores

    def action_review(self) -> None:
        if self.session is None:
            return
        from .screens.review import ReviewScreen

        if any(isinstance(screen, ReviewScreen) for screen in self.screen_stack):
            while not isinstance(self.screen, ReviewScreen):  # back to the one already open
                self.pop_screen()
            return
        self.push_screen(ReviewScreen())

    def action_result(self) -> None:
        if self.session is None:
            return
        from .screens.result import ResultScreen

        if not isinstance(self.screen, ResultScreen):
            self.push_screen(ResultScreen())

    def action_export(self, kind: str | None = None) -> None:
        """The export dialog on ``kind`` (Ctrl+S: the answers), or else on the format last chosen in it."""
        if self.session is None:
            return
        from .screens.export import ExportScreen

        self.push_screen(ExportScreen(kind or self.last_export_kind))

    def action_save_answers(self) -> None:
        self.action_export("answers")

    def action_restart(self) -> None:
        from .screens.start import StartScreen

        self.session = None
        self.switch_screen(StartScreen())

    async def action_quit(self) -> None:
        if self.unsaved and self.session is not None:
            from .screens.confirm import ConfirmScreen

            def answered(really: bool | None) -> None:
                if really:
                    self.exit(return_code=0)

            self.push_screen(ConfirmScreen(tc("quit.unsaved")), answered)
            return
        self.exit(return_code=0)

    def action_done(self) -> None:
        """"I'm done" (in a browser): save, thank the person, and end the session."""
        if self.session is not None:
            try:
                self.session.save()
            except AdvisorError as exc:
                self.save_failed(exc)
                return
            self.unsaved = False
        from .screens.done import DoneScreen

        self.push_screen(DoneScreen(self.DONE_SECONDS))

    @on(events.DeliveryFailed)
    def _delivery_failed(self, event: events.DeliveryFailed) -> None:
        if event.name is not None and event.name.startswith("advisor:"):  # a download of ours (see ExportScreen)
            self.notify(t("web.download_failed", name=event.name.removeprefix("advisor:")), severity="error",
                        timeout=10, markup=False)

    def action_command_palette(self) -> None:
        command_palette(self)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from textual_commands(super().get_system_commands(screen))
        if self.session is not None:
            yield SystemCommand(t("keys.scores"), t("commands.scores"), self.action_toggle_scores)
            yield SystemCommand(t("keys.review"), t("commands.review"), self.action_review)
            yield SystemCommand(t("keys.result"), t("commands.result"), self.action_result)
            yield SystemCommand(t("keys.export"), t("commands.export"), self.action_export)
            yield SystemCommand(t("keys.save_answers"), t("commands.save_answers"), self.action_save_answers)
            if self.web:
                yield SystemCommand(t("web.done"), t("web.done_help"), self.action_done)
        yield SystemCommand(t("keys.start"), t("commands.start"), self.action_restart)
        for code in self.ruleset.languages:
            if code != current_language() and code in languages():
                name = LANGUAGE_NAMES.get(code, code)
                yield SystemCommand(t("commands.language", name=name), t("commands.language_help", name=name),
                                    partial(self.switch_language, code))

    # -- the unexpected ---------------------------------------------------------------------------

    def on_signal(self, signum: int) -> None:
        """SIGTERM, SIGHUP, SIGINT: the answers are already saved; save once more and leave cleanly."""
        self._save_quietly()
        self.exit(return_code=SIGNAL_EXITS[signal.Signals(signum)])

    def _save_quietly(self) -> None:
        if self.session is not None:
            with contextlib.suppress(AdvisorError):  # nothing more can be done on the way out
                self.session.save()

    def _handle_exception(self, error: Exception) -> None:
        # Textual's own handler prints a traceback *with local variables*, which
        # would put the person's answers on screen. Textual has no public hook
        # for this, so we override its handler: save, write the traceback
        # (without locals) to a log file, and exit with a short message.
        self._save_quietly()
        log = _write_crash_log(error)
        if self.web:  # the log and the session file are the server's: no paths for the browser
            super()._handle_exception(Crash(t("web.crashed")))
            return
        path = self.session.path if self.session is not None else None
        where = str(path) if path is not None and path.exists() else "-"  # not written before the first answer
        super()._handle_exception(Crash(t("app.crashed", session=where, log=log)))


def _write_crash_log(error: BaseException) -> str:
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    try:
        folder = data_dir() / "crashes"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{_dt.datetime.now():%Y%m%d-%H%M%S}.log"
        path.write_text(text, encoding="utf-8")
        return str(path)
    except OSError:
        return f"{type(error).__name__}: {error}"


def run(ruleset: Ruleset, answers_path: Path | None = None, workshop: Path | None = None,
        info: WorkshopInfo | None = None, web: bool | None = None, language: str | None = None,
        language_fixed: bool = False) -> int:
    """Run the app in this terminal; returns the exit code.

    ``workshop`` (or its ``info``, read already): answer as one participant of
    that workshop, into a file of its folder. WorkshopError if it is no workshop.
    ``web``: the browser mode (None: ``in_browser()`` decides).
    """
    if info is None and workshop is not None:
        from ..workshop.folder import read_workshop

        info = read_workshop(workshop, ruleset)
    app = AdvisorApp(ruleset, answers_path=answers_path, workshop=info, web=web, language=language,
                     language_fixed=language_fixed)
    app.run()
    code = app.return_code
    return ExitCode.OK if code is None else code


def has_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()
