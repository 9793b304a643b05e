"""A questionnaire in progress: answers, position, and autosave to disk.

The interactive clients (the TUI today, a browser or workshop view later)
keep one ``Session`` per respondent. Every change is written at once,
atomically, to a session file in the user's data folder, in the answers-file
format the CLI reads, so killing the process loses nothing and the next
start can resume exactly where the person was. No UI code lives here.

A new session's file is written at its first answer, not before: a start
abandoned before any answer leaves nothing behind. A session seeded from an
answers file (``advisor --answers FILE``) records where it came from on its
file's first line, a YAML comment the answers reader ignores::

    # source: {"path": "/home/ana/answers.yaml", "sha256": "..."}

so opening the same, unchanged file again continues that session instead
of making another copy (``SessionStore.open_answers``). Deleting a session
moves its file to ``trash/`` inside the sessions folder, where it is kept
``TRASH_DAYS`` days; older files there are removed when the store is opened.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .answers import AnswersFile, dumps_answers, load_answers, normalizer, parse_answers
from .engine import Result, evaluate
from .errors import AdvisorError, FileAccessError
from .inputs import read_input_bytes
from .model import Question, Ruleset
from .outputs import clear_stale_temps, files_in, write_text
from .record import Record
from .resources import TRASH_DAYS
from .yamlread import read_yaml_bytes

if TYPE_CHECKING:
    from .workshop.folder import WorkshopInfo

TRASH_FOLDER = "trash"   # inside the sessions folder: same file system, so a move is a rename

SOURCE_PREFIX = "# source: "
_SOURCE_LINE_MAX = 16_384  # a source line longer than this is not ours


def data_dir() -> Path:
    """Where sessions live: the platform's user data folder for the advisor."""
    from platformdirs import user_data_path

    return user_data_path("advisor", appauthor=False)


class SessionSummary(Record):
    """What the start screen (and `advisor sessions`) lists for a session."""

    path: Path
    company: str
    respondent: str
    updated: _dt.datetime
    answered: int
    total: int
    position: str
    role: str = ""

    @property
    def finished(self) -> bool:
        """Every question asked is answered (``Session.complete``)."""
        return self.answered == self.total


class Source(Record):
    """The answers file a session was seeded from: its resolved path and the SHA-256 of its bytes."""

    path: str
    sha256: str

    def line(self) -> str:
        return SOURCE_PREFIX + json.dumps({"path": self.path, "sha256": self.sha256}, ensure_ascii=False) + "\n"


def read_source(path: Path) -> Source | None:
    """The source recorded on a session file's first line, or None (none, unreadable, or not ours)."""
    try:
        with open(path, "rb") as stream:
            first = stream.readline(_SOURCE_LINE_MAX)
        data = json.loads(first.decode("utf-8").removeprefix(SOURCE_PREFIX)) \
            if first.startswith(SOURCE_PREFIX.encode()) else None
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if isinstance(data, dict) and isinstance(data.get("path"), str) and isinstance(data.get("sha256"), str):
        return Source(data["path"], data["sha256"])
    return None


class Session:
    """One respondent's answers to one ruleset, saved after every change.

    ``deferred``: the file is not written until something is answered (a new
    session, see ``SessionStore.new``); from its first write on, every change is.
    """

    def __init__(self, ruleset: Ruleset, path: Path | None, *, company: str = "", respondent: str = "",
                 role: str = "", answers: Mapping[str, Any] | None = None, position: str = "",
                 date: str = "", language: str = "", source: Source | None = None,
                 deferred: bool = False) -> None:
        self.ruleset = ruleset
        self.path = path          # None: not saved anywhere (e.g. tests, or a read-only open)
        self.company = company
        self.respondent = respondent
        self.role = role
        self.answers: dict[str, Any] = dict(answers or {})
        self.position = position or (ruleset.questions[0].id if ruleset.questions else "")
        self.date = date
        self.language = language or ruleset.default_language
        self.stated_language = language  # what the file said ("" when it names none): the app may adopt it
        self.source = source      # the answers file it was seeded from, if any
        self.deferred = deferred
        self._result: Result | None = None
        self._batching = False  # inside batch(): saves wait for its end
        self._pending = False   # a save is owed when the batch ends

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

    def first_unanswered(self) -> str | None:
        """The first question asked that has no answer yet, or None when every one has."""
        return next((q.id for q in self.visible_questions() if q.id not in self.result.answers), None)

    # -- files -----------------------------------------------------------------------------

    def to_answers_file(self) -> AnswersFile:
        return AnswersFile(answers=dict(self.answers), company=self.company, respondent=self.respondent,
                           role=self.role, date=self.date, language=self.language,
                           ruleset_id=self.ruleset.id, ruleset_version=self.ruleset.version,
                           ruleset_hash=self.ruleset.hash, position=self.position)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Save once, at the end, whatever changes happen inside (an answer, then the move to the next
        question: one write per Enter, not two). The save happens even when the block raises; a failed
        save raises FileAccessError from here."""
        if self._batching:
            yield
            return
        self._batching, self._pending = True, False
        try:
            yield
        finally:
            self._batching = False
            if self._pending:
                self._pending = False
                self.save()

    def save(self) -> None:
        """Write the session file now (inside ``batch``: at its end): a no-op without a file, or while
        deferred with nothing answered."""
        if self._batching:
            self._pending = True
            return
        if self.path is None or (self.deferred and not self.answers):
            return
        text = dumps_answers(self.to_answers_file())
        write_text(self.path, self.source.line() + text if self.source is not None else text)
        self.deferred = False

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


class Opened(Record):
    """An answers file opened as a session (``SessionStore.open_answers``).

    ``how``: "reopened" (the session started from this unchanged file before),
    "new" (the first time), or "changed" (sessions started from this file
    exist, but it has changed since: a new one).
    """

    session: Session
    dropped: tuple[str, ...]
    how: Literal["new", "reopened", "changed"]


class SessionStore:
    """The folder of session files, one per questionnaire in progress or done."""

    info: WorkshopInfo | None = None  # the workshop whose folder this is (``WorkshopStore``), if any

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else data_dir() / "sessions"
        if self.keeps_trash:
            self.empty_trash()

    @property
    def keeps_trash(self) -> bool:
        """Whether discarded sessions go to a trash here: not in a store that refuses to discard (a workshop's)."""
        return type(self).discard is SessionStore.discard

    @property
    def trash(self) -> Path:
        return self.folder / TRASH_FOLDER

    # -- new sessions ------------------------------------------------------------------------

    def new(self, ruleset: Ruleset, *, company: str = "", respondent: str = "", role: str = "",
            answers: Mapping[str, Any] | None = None, position: str = "", date: str = "") -> Session:
        """A new session; its file is written at its first answer (at once when ``answers`` has some)."""
        return self._create(ruleset, company=company, respondent=respondent, role=role, answers=answers,
                            position=position, date=date)

    def _create(self, ruleset: Ruleset, *, company: str = "", respondent: str = "", role: str = "",
                answers: Mapping[str, Any] | None = None, position: str = "", date: str = "",
                language: str = "", source: Source | None = None) -> Session:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FileAccessError(f"{self.folder}: cannot create the sessions folder: {exc.strerror or exc}") \
                from None
        clear_stale_temps(self.folder)
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = self.folder / f"{stamp}-{os.urandom(3).hex()}.yaml"  # not `secrets`: its import brings _hashlib
        session = Session(ruleset, path, company=company, respondent=respondent, role=role, answers=answers,
                          position=position, date=date or _dt.date.today().isoformat(), language=language,
                          source=source, deferred=True)
        session.save()
        return session

    def open_answers(self, ruleset: Ruleset, path: Path) -> Opened:
        """The session for an answers file: the one seeded from it before if the file is unchanged since
        (same resolved path, same bytes), else a new one seeded with it. The file itself is never written."""
        import hashlib  # here: its import (the OpenSSL binding) costs 2-3 ms, and starting a questionnaire needs none

        raw = read_input_bytes(path)
        source = Source(str(path.resolve()), hashlib.sha256(raw).hexdigest())
        earlier = self.seeded_from(source.path)
        for candidate in (p for p, s in earlier if s.sha256 == source.sha256):
            try:
                session, dropped = open_session(candidate, ruleset)
            except AdvisorError:  # unreadable since: try the next, or start anew
                continue
            return Opened(session, dropped, "reopened")
        seed = parse_answers(read_yaml_bytes(raw, str(path)), ruleset, lenient=True)
        session = self._create(ruleset, company=seed.company, respondent=seed.respondent, role=seed.role,
                               answers=seed.answers, position=seed.position, date=seed.date,
                               language=seed.language if seed.language in ruleset.languages else "",
                               source=source)
        return Opened(session, seed.dropped, "changed" if earlier else "new")

    def seeded_from(self, source_path: str) -> list[tuple[Path, Source]]:
        """The session files seeded from the answers file at ``source_path`` (resolved), newest first."""
        found = []
        for path in self.files():
            source = read_source(path)
            if source is not None and source.path == source_path:
                found.append((path, source))
        return sorted(found, key=lambda item: _mtime(item[0]), reverse=True)

    # -- listing ---------------------------------------------------------------------------

    def summaries(self, ruleset: Ruleset) -> list[SessionSummary]:
        """Every session, finished or not, newest first; unreadable files are skipped."""
        summaries = []
        if not self.folder.is_dir():
            return []
        # Saves cut short by a kill leave their temp files; the next start clears them.
        clear_stale_temps(self.folder)
        for path in self.files():
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

    def unfinished(self, ruleset: Ruleset) -> list[SessionSummary]:
        """Sessions with questions left to answer, newest first."""
        return [s for s in self.summaries(ruleset) if not s.finished]

    def finished(self, ruleset: Ruleset) -> list[SessionSummary]:
        """Sessions with every question asked answered, newest first."""
        return [s for s in self.summaries(ruleset) if s.finished]

    def files(self) -> list[Path]:
        """The session files in the folder (not the trash), in no particular order."""
        try:
            return [path for path in self.folder.glob("*.yaml") if path.is_file()]
        except OSError:
            return []

    # -- the trash -------------------------------------------------------------------------

    def discard(self, path: Path) -> Path | None:
        """Move a session file to the trash; where it went, or None if it was gone already.

        Only a file of this store's folder is moved; anything else is refused.
        """
        if path.parent.resolve() != self.folder.resolve() or path.suffix != ".yaml":
            raise FileAccessError(f"{path}: not a session of {self.folder}; nothing moved")
        if not path.exists() and not path.is_symlink():
            return None
        if not path.is_file():
            raise FileAccessError(f"{path}: cannot move to the trash: not a session file")
        try:
            self.trash.mkdir(exist_ok=True)
            target = self._free_trash_name(path)
            os.replace(path, target)
        except FileNotFoundError:  # gone in the meantime
            return None
        except OSError as exc:
            raise FileAccessError(f"{path}: cannot move to the trash: {exc.strerror or exc}") from None
        with contextlib.suppress(OSError):
            os.utime(target)  # its days in the trash count from now
        return target

    def _free_trash_name(self, path: Path) -> Path:
        target = self.trash / path.name
        number = 2
        while target.exists() or target.is_symlink():
            target = self.trash / f"{path.stem}-{number}{path.suffix}"
            number += 1
        return target

    def empty_trash(self, days: int = TRASH_DAYS) -> int:
        """Remove the session files that have been in the trash longer than ``days``; how many.

        Only ``*.yaml`` files directly in the trash folder; never a folder, never anything else.
        """
        limit = time.time() - days * 86_400
        removed = 0
        try:
            entries = list(os.scandir(self.trash))
        except OSError:
            return 0
        for entry in entries:
            try:
                if (entry.name.endswith(".yaml") and entry.is_file(follow_symlinks=False)
                        and entry.stat(follow_symlinks=False).st_mtime < limit):
                    os.unlink(entry.path)
                    removed += 1
            except OSError:  # gone already, or not ours to remove: leave it
                continue
        return removed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def open_session(path: Path, ruleset: Ruleset, *, keep_path: bool = True) -> tuple[Session, tuple[str, ...]]:
    """A session from an answers or session file, and the answers that had to be dropped.

    Answers that no longer fit the ruleset (another version, renamed options)
    are left out and listed rather than refusing the whole file. With
    ``keep_path`` the session goes on saving to ``path``, keeping its source.
    """
    meta = load_answers(path, ruleset, lenient=True)
    session = Session(ruleset, path if keep_path else None, company=meta.company, respondent=meta.respondent,
                      role=meta.role, answers=meta.answers, position=meta.position, date=meta.date,
                      language=meta.language if meta.language in ruleset.languages else "",
                      source=read_source(path) if keep_path else None)
    return session, meta.dropped
