"""A participant's session, saved as their answers file in a workshop folder.

``WorkshopStore`` is the questionnaire's ``SessionStore`` for ``advisor
--workshop FOLDER``: a new session becomes ``<name>.yaml`` next to
``workshop.yaml``, in the answers-file format the facilitator's view reads,
and is then autosaved there like any session. The file name comes from the
participant's name (else their role) and is claimed with ``O_CREAT |
O_EXCL``: two people called Ana, even starting at the same instant on two
machines sharing the folder, get ``ana.yaml`` and ``ana-2.yaml``, and no
file is ever written over. Resuming lists the workshop's unfinished files;
nothing here deletes one, since they are the facilitator's data. No UI
code lives here.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import AdvisorError, FileAccessError
from ..model import Ruleset
from ..plaintext import slug as plain_slug
from ..session import Session, SessionStore, SessionSummary
from ..texts import t
from .folder import ANSWER_SUFFIXES, WORKSHOP_FILE, WorkshopInfo, unfinished_files

SLUG_LENGTH = 40
FALLBACK_SLUG = "participant"
NUMBERED_TRIES = 999  # ana.yaml, ana-2.yaml ... ana-999.yaml, then a random suffix
# Names Windows keeps for devices (with any extension), and the workshop's own file.
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10)),
                       Path(WORKSHOP_FILE).stem})


def slug(text: str) -> str:
    """``text`` as a participant's file name stem (``plaintext.slug``), at most ``SLUG_LENGTH`` characters.

    A name Windows reserves, or the workshop file's own, gets a suffix.
    """
    stem = plain_slug(text, SLUG_LENGTH)
    return f"{stem}-{FALLBACK_SLUG}" if stem in _RESERVED else stem


def file_stem(respondent: str, role: str) -> str:
    """The stem a participant's file is named from: their name, else their role, else "participant"."""
    return slug(respondent) or slug(role) or FALLBACK_SLUG


class WorkshopStore(SessionStore):
    """The sessions of one workshop: its participants' answers files, in its folder."""

    info: WorkshopInfo

    def __init__(self, info: WorkshopInfo) -> None:
        super().__init__(info.folder)
        self.info = info

    def new(self, ruleset: Ruleset, *, company: str = "", respondent: str = "", role: str = "",
            answers: Mapping[str, Any] | None = None, position: str = "", date: str = "") -> Session:
        """A participant's session in a new file of the workshop.

        The company and the date are the workshop's (the date today's when it has none).
        """
        path = self.claim(file_stem(respondent, role))
        session = Session(ruleset, path, company=self.info.company, respondent=respondent, role=role,
                          answers=answers, position=position,
                          date=self.info.date or _dt.date.today().isoformat())
        try:
            session.save()
        except AdvisorError:
            # The empty file claimed a moment ago would show as a broken participant: give the name back.
            with contextlib.suppress(OSError):
                path.unlink()
            raise
        return session

    def claim(self, stem: str) -> Path:
        """Create an empty ``<stem>.yaml`` (or ``<stem>-N.yaml``) that did not exist; return its path.

        ``O_EXCL`` makes the claim atomic, for threads and processes alike, and
        refuses a symlink left at that name; a name taken with another suffix
        (``ana.json``) is skipped too, so one stem is one person.
        """
        for number in range(1, NUMBERED_TRIES + 2):
            name = stem if number == 1 else f"{stem}-{number}"
            if number > NUMBERED_TRIES:
                name = f"{stem}-{secrets.token_hex(4)}"
            if any((self.folder / f"{name}{suffix}").exists() for suffix in ANSWER_SUFFIXES if suffix != ".yaml"):
                continue
            path = self.folder / f"{name}.yaml"
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
            try:
                fd = os.open(path, flags, 0o666)
            except FileExistsError:  # someone has it, or a folder or a link is there
                continue
            except OSError as exc:
                raise FileAccessError(t("errors.workshop.cannot_create", path=path, reason=exc.strerror or exc)) \
                    from None
            os.close(fd)
            return path
        raise FileAccessError(t("errors.workshop.no_free_name", path=self.folder, name=f"`{stem}`"))

    def unfinished(self, ruleset: Ruleset) -> list[SessionSummary]:
        """The workshop's counted, unfinished files, newest first: one of them is the participant's own.

        Files that are invalid, empty or made for another version of the rules are left out.
        """
        summaries = []
        for path, p in unfinished_files(self.folder, ruleset):
            try:
                updated = _dt.datetime.fromtimestamp(path.stat().st_mtime)
            except OSError:  # removed since the folder was read
                continue
            summaries.append(SessionSummary(path, self.info.company, p.name, updated, p.answered, p.asked, "",
                                            p.role))
        summaries.sort(key=lambda s: s.updated, reverse=True)
        return summaries

    def discard(self, path: Path) -> None:
        """Refused: a participant's file in a workshop is the facilitator's data."""
        raise FileAccessError(t("errors.workshop.kept", path=path))
