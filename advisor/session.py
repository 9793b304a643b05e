"""A questionnaire in progress: answers, position, and autosave to disk.

The interactive clients (the TUI today, a browser or workshop view later)
keep one ``Session`` per respondent. Every change is written at once,
atomically, to a session file in the user's data folder, in the answers-file
format the CLI reads, so killing the process loses nothing and the next
start can resume exactly where the person was. No UI code lives here.
"""

from __future__ import annotations

import datetime as _dt
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .answers import AnswersFile, dumps_answers, load_answers, normalizer
from .engine import Result, evaluate
from .errors import AdvisorError, AnswersError, FileAccessError
from .model import Question, Ruleset
from .outputs import clear_stale_temps, files_in, write_text
from .record import Record

if TYPE_CHECKING:
    from .workshop.folder import WorkshopInfo


def data_dir() -> Path:
    """Where sessions live: the platform's user data folder for the advisor."""
    from platformdirs import user_data_path

    return user_data_path("advisor", appauthor=False)


class SessionSummary(Record):
    """What the start screen lists for an unfinished session."""

    path: Path
    company: str
    respondent: str
    updated: _dt.datetime
    answered: int
    total: int
    position: str
    role: str = ""


class Session:
    """One respondent's answers to one ruleset, saved after every change."""

    def __init__(self, ruleset: Ruleset, path: Path | None, *, company: str = "", respondent: str = "",
                 role: str = "", answers: Mapping[str, Any] | None = None, position: str = "",
                 date: str = "", language: str = "") -> None:
        self.ruleset = ruleset
        self.path = path          # None: not saved anywhere (e.g. tests, or a read-only open)
        self.company = company
        self.respondent = respondent
        self.role = role
        self.answers: dict[str, Any] = dict(answers or {})
        self.position = position or (ruleset.questions[0].id if ruleset.questions else "")
        self.date = date
        self.language = language or ruleset.default_language
        self._result: Result | None = None

    # -- answers -----------------------------------------------------------------------------

    def set_answer(self, question_id: str, value: Any, *, move: bool = True) -> None:
        """Record an answer (validated; ValueError with a message if the question refuses it).

        ``move``: the person is now at this question (False when correcting
        one answer from the review, so a resume still lands in order).
        """
        if question_id not in self.ruleset.question_by_id:
            raise ValueError(f"unknown question `{question_id}`")
        q = self.ruleset.question(question_id)
        if value is None:
            self.answers.pop(question_id, None)
        else:
            normalizer(q)(value)
            self.answers[question_id] = value
        if move:
            self.position = question_id
        self._result = None
        self.save()

    def clear_answer(self, question_id: str) -> None:
        self.set_answer(question_id, None)

    def move_to(self, question_id: str) -> None:
        """Remember where the person is, so a resume lands there."""
        if question_id != self.position:
            self.position = question_id
            self.save()

    @property
    def result(self) -> Result:
        """The engine's result for the current answers (cached until the next change)."""
        if self._result is None:
            self._result = evaluate(self.ruleset, self.answers)
        return self._result

    def visible_questions(self) -> list[Question]:
        """The questions asked for the current answers, in order."""
        hidden = set(self.result.hidden)
        return [q for q in self.ruleset.questions if q.id not in hidden]

    def progress(self) -> tuple[int, int]:
        """(answered, asked) among the questions currently asked."""
        visible = self.visible_questions()
        return sum(1 for q in visible if q.id in self.result.answers), len(visible)

    @property
    def complete(self) -> bool:
        answered, total = self.progress()
        return answered == total

    # -- files -----------------------------------------------------------------------------

    def to_answers_file(self) -> AnswersFile:
        return AnswersFile(answers=dict(self.answers), company=self.company, respondent=self.respondent,
                           role=self.role, date=self.date, language=self.language,
                           ruleset_id=self.ruleset.id, ruleset_version=self.ruleset.version,
                           ruleset_hash=self.ruleset.hash, position=self.position)

    def save(self) -> None:
        """Write the session file now (a no-op for a session without a file)."""
        if self.path is not None:
            write_text(self.path, dumps_answers(self.to_answers_file()))

    def inputs(self) -> list[Path]:
        """The files this session reads, which no export may write over: the ruleset's and its own."""
        found = files_in(self.ruleset.path) if self.ruleset.path else []
        if self.path is not None:
            found.append(self.path)
        return found

    def export_answers(self, target: Path) -> None:
        """Save the answers to a file of the person's choosing (the CLI reads it); replaces one there."""
        data = self.to_answers_file()
        text = dumps_answers(data, as_json=target.suffix.lower() == ".json")
        write_text(target, text, inputs=self.inputs())


class SessionStore:
    """The folder of session files, one per questionnaire in progress."""

    info: WorkshopInfo | None = None  # the workshop whose folder this is (``WorkshopStore``), if any

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else data_dir() / "sessions"

    def new(self, ruleset: Ruleset, *, company: str = "", respondent: str = "", role: str = "",
            answers: Mapping[str, Any] | None = None, position: str = "", date: str = "") -> Session:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FileAccessError(f"{self.folder}: cannot create the sessions folder: {exc.strerror or exc}") \
                from None
        clear_stale_temps(self.folder)
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = self.folder / f"{stamp}-{secrets.token_hex(3)}.yaml"
        session = Session(ruleset, path, company=company, respondent=respondent, role=role, answers=answers,
                          position=position, date=date or _dt.date.today().isoformat())
        session.save()
        return session

    def unfinished(self, ruleset: Ruleset) -> list[SessionSummary]:
        """Sessions that can be resumed, newest first; unreadable files are skipped."""
        summaries = []
        if not self.folder.is_dir():
            return []
        # Saves cut short by a kill leave their temp files; the next start clears them.
        clear_stale_temps(self.folder)
        for path in self.folder.glob("*.yaml"):
            try:
                session, _ = open_session(path, ruleset)
                answered, total = session.progress()
                updated = _dt.datetime.fromtimestamp(path.stat().st_mtime)
            except (AdvisorError, OSError):
                continue
            summaries.append(SessionSummary(path, session.company, session.respondent, updated, answered,
                                            total, session.position, session.role))
        summaries.sort(key=lambda s: s.updated, reverse=True)
        return summaries

    def discard(self, path: Path) -> None:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise FileAccessError(f"{path}: cannot delete: {exc.strerror or exc}") from None


def open_session(path: Path, ruleset: Ruleset, *, keep_path: bool = True) -> tuple[Session, tuple[str, ...]]:
    """A session from an answers or session file, and the answers that had to be dropped.

    Answers that no longer fit the ruleset (another version, renamed options)
    are left out and listed rather than refusing the whole file.
    """
    try:
        meta = load_answers(path, ruleset, lenient=True)
    except AnswersError:
        raise
    session = Session(ruleset, path if keep_path else None, company=meta.company, respondent=meta.respondent,
                      role=meta.role, answers=meta.answers, position=meta.position, date=meta.date,
                      language=meta.language if meta.language in ruleset.languages else "")
    return session, meta.dropped
