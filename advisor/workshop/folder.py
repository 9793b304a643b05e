"""The workshop folder: ``workshop.yaml`` and one answers file per participant.

Nothing but the files holds state. ``read_workshop`` checks the workshop
file (every problem located, as ``WorkshopError``); ``FolderReader`` reads
the participants' files, again only those that changed since its last
look, and never fails on one of them: a file that is invalid, empty, made
for another ruleset or half-written becomes a participant with a
``problem``, and the others still count. Files are only ever read here;
``create_workshop`` writes a new ``workshop.yaml`` and nothing else.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..answers import AnswersFile, found, load_answers
from ..checks import Checker, quote
from ..engine import Result, evaluate
from ..errors import AdvisorError, Diagnostic, FileAccessError
from ..model import Ruleset
from ..outputs import TEMP_SUFFIX
from ..plaintext import one_line
from ..record import Record
from ..texts import t
from ..yamlread import read_yaml_file

WORKSHOP_FILE = "workshop.yaml"
FORMAT = "advisor-workshop/1"
TOP_KEYS = ("format", "title", "company", "date", "ruleset", "notes", "show_names")
ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
MAX_PARTICIPANTS = 500  # a room, not a survey: `advisor batch` is for thousands of rows


class WorkshopError(AdvisorError):
    """The workshop folder or its ``workshop.yaml`` is missing or invalid."""


class WorkshopInfo(Record):
    """What ``workshop.yaml`` says."""

    folder: Path
    company: str
    title: str = ""
    date: str = ""
    ruleset_id: str = ""
    ruleset_version: str = ""
    ruleset_hash: str = ""
    notes: str = ""
    show_names: bool = True
    warnings: tuple[str, ...] = ()


def workshop_data(info: WorkshopInfo) -> dict[str, Any]:
    data: dict[str, Any] = {"format": FORMAT, "company": info.company}
    if info.title:
        data["title"] = info.title
    if info.date:
        data["date"] = info.date
    data["ruleset"] = {"id": info.ruleset_id, "version": info.ruleset_version, "hash": info.ruleset_hash}
    data["show_names"] = info.show_names
    if info.notes:
        data["notes"] = info.notes
    return data


def create_workshop(folder: Path, ruleset: Ruleset, *, company: str, title: str = "", date: str = "",
                    show_names: bool = True, notes: str = "") -> WorkshopInfo:
    """Make ``folder`` a workshop (created if need be); an existing ``workshop.yaml`` is never replaced."""
    import yaml

    from ..errors import OutputRefused
    from ..outputs import write_text

    if folder.exists() and not folder.is_dir():
        raise FileAccessError(t("errors.workshop.not_a_folder", path=folder))
    target = folder / WORKSHOP_FILE
    if target.exists():
        raise OutputRefused(t("errors.workshop.already", path=target))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileAccessError(t("errors.files.cannot_create_folder", path=folder, reason=exc.strerror or exc)) from None
    info = WorkshopInfo(folder, company.strip(), title.strip(), date or _dt.date.today().isoformat(),
                        ruleset.id, ruleset.version, ruleset.hash, notes.strip(), show_names)
    header = ("# An advisor workshop: one answers file per participant sits next to this file.\n"
              "# `advisor --workshop FOLDER` answers into it; `advisor workshop FOLDER` follows the room.\n")
    text = header + yaml.safe_dump(workshop_data(info), sort_keys=False, allow_unicode=True,
                                   default_flow_style=False)
    write_text(target, text, replace=False)
    return info


def read_workshop(folder: str | os.PathLike[str], ruleset: Ruleset) -> WorkshopInfo:
    """Read and check ``workshop.yaml``; WorkshopError (exit 3) with its location if it is missing or wrong."""
    from ..errors import YamlError

    path = Path(folder)
    target = path / WORKSHOP_FILE
    if not path.is_dir():
        raise WorkshopError(t("errors.workshop.no_folder", path=path))
    if not target.is_file():
        raise WorkshopError(t("errors.workshop.missing_file", file=target, path=path))
    try:
        doc = read_yaml_file(target)
    except YamlError as exc:
        raise WorkshopError(exc.message, exc.diagnostics) from None
    diagnostics: list[Diagnostic] = []
    ck = Checker(doc, diagnostics)
    top = ck.mapping((), doc.data, required=("company",), optional=TOP_KEYS, what="workshop_file")
    if top is None:
        raise WorkshopError(t("errors.workshop.not_workshop_file", path=target), diagnostics)
    if top.get("format", FORMAT) != FORMAT:
        ck.error(("format",), t("errors.answers.unsupported_format", found=quote(top.get("format")), expected=FORMAT))
    strings: dict[str, str] = {}
    for key in ("company", "title", "date", "notes"):
        value = top.get(key)
        if value is not None and not isinstance(value, str):
            ck.error((key,), t("errors.answers.expected_string_for", name=key, found=found(value)))
        elif value:
            strings[key] = value.strip()
    if "company" in top and not strings.get("company"):
        ck.error(("company",), t("errors.workshop.empty_company"))
    if strings.get("date"):
        try:
            if not _DATE.match(strings["date"]):
                raise ValueError
            _dt.date.fromisoformat(strings["date"])
        except ValueError:
            ck.error(("date",), t("errors.answers.expected_date", found=quote(strings["date"])))
    show = top.get("show_names", True)
    if not isinstance(show, bool):
        ck.error(("show_names",), t("errors.workshop.show_names", found=found(show)))
        show = True
    meta = {"id": "", "version": "", "hash": ""}
    if "ruleset" in top:
        rs = ck.mapping(("ruleset",), top["ruleset"], optional=tuple(meta), what="ruleset_key") or {}
        for key in meta:
            value = rs.get(key)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                meta[key] = str(value)
            elif value is not None:
                ck.error(("ruleset", key), t("errors.answers.expected_string_for", name=key, found=found(value)))
    if diagnostics:
        many = len(diagnostics) > 1
        raise WorkshopError(t("errors.workshop.problems" if many else "errors.workshop.problem", path=target,
                              count=len(diagnostics)), sorted(diagnostics))
    warnings = []
    if meta["id"] and meta["id"] != ruleset.id:
        warnings.append(t("errors.answers.other_ruleset", path=target, found=quote(meta["id"]), ruleset=ruleset.id))
    elif meta["hash"] and meta["hash"] != ruleset.hash:
        warnings.append(t("errors.workshop.other_version", path=target, ruleset=ruleset.id,
                          version=meta["version"] or "?", hash=meta["hash"], current_version=ruleset.version,
                          current_hash=ruleset.hash))
    return WorkshopInfo(path, strings["company"], strings.get("title", ""), strings.get("date", ""), meta["id"],
                        meta["version"], meta["hash"], strings.get("notes", ""), show, tuple(warnings))


class Participant(Record):
    """One participant's file: who, how far, their own result, or why the file does not count."""

    file: str                      # the file's name in the folder: the participant's identity
    name: str = ""
    role: str = ""
    company: str = ""
    answers: Any = None            # the counted answers (visible, not blank); None when the file has a problem
    result: Result | None = None
    answered: int = 0
    asked: int = 0
    problem: str = ""              # why the file is not counted ("" when it is)
    writing: bool = False          # changed a moment ago and not readable yet: probably still being written

    @property
    def counted(self) -> bool:
        return self.result is not None

    @property
    def finished(self) -> bool:
        return self.result is not None and self.answered == self.asked


def participant_files(folder: Path) -> list[Path]:
    """The answers files in a workshop folder, by name: no hidden, temporary or workshop file."""
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        raise FileAccessError(t("errors.workshop.cannot_list", path=folder, reason=exc.strerror or exc)) from None
    found = [Path(e.path) for e in entries
             if not e.name.startswith(".") and e.name != WORKSHOP_FILE and not e.name.endswith(TEMP_SUFFIX)
             and e.name.lower().endswith(ANSWER_SUFFIXES)]
    return sorted(found, key=lambda p: p.name)


def read_participant(path: Path, ruleset: Ruleset, *, file: str = "") -> Participant | None:
    """One participant from their file; never raises for a bad file (the problem is recorded).

    ``file``: how the participant's file is named (default: its name in the
    folder). None for a file that is one of our reports, not a participant's.
    """
    file = file or path.name
    try:
        if path.stat().st_size == 0:
            return Participant(file, problem=t("errors.workshop.empty_file"))
        meta = load_answers(path, ruleset)
    except AdvisorError as exc:
        if _is_report(exc):
            return None
        return Participant(file, problem=_first_problem(exc))
    except OSError as exc:
        return Participant(file, problem=t("errors.workshop.cannot_read_file", reason=exc.strerror or exc))
    problem = _version_problem(meta, ruleset)
    if problem:
        return Participant(file, meta.respondent, meta.role, meta.company, problem=problem)
    result = evaluate(ruleset, meta.answers)
    asked = len(ruleset.questions) - len(result.hidden)
    return Participant(file, meta.respondent, meta.role, meta.company, dict(result.answers), result,
                       asked - len(result.unanswered), asked)


def _is_report(exc: AdvisorError) -> bool:
    """Whether an answers file refused is one of our reports, written into the folder on purpose."""
    unsupported = t("errors.answers.unsupported_format").split("{found}")[0] + "`advisor-"
    return any(d.message.startswith(unsupported) and "report/" in d.message for d in exc.diagnostics)


def _version_problem(meta: AnswersFile, ruleset: Ruleset) -> str:
    if meta.ruleset_id and meta.ruleset_id != ruleset.id:
        return t("errors.workshop.participant_other_ruleset", found=quote(meta.ruleset_id), ruleset=ruleset.id)
    if meta.ruleset_hash and meta.ruleset_hash != ruleset.hash:
        return t("errors.workshop.participant_other_version", ruleset=ruleset.id,
                 version=meta.ruleset_version or "?")
    return ""


def _first_problem(exc: AdvisorError) -> str:
    """The reason a file does not count, in one line: its first located problem, or the message."""
    if exc.diagnostics:
        d = exc.diagnostics[0]
        more = len(exc.diagnostics) - 1
        message = t("errors.workshop.at_line", line=d.line, message=d.message) if d.line else d.message
        return one_line(t("errors.workshop.and_more", message=message, count=more) if more else message)
    message = str(exc)
    return one_line(message.split(": ", 1)[1] if ": " in message else message)


class FolderReader:
    """Reads a workshop's participants, re-reading only the files that changed since the last look.

    ``settle``: a file changed less than this many seconds ago that cannot
    be read is taken to be still being written. The view passes 2 s, and
    keeps showing that participant as they were; the report passes 0.
    """

    def __init__(self, folder: Path, ruleset: Ruleset, *, settle: float = 0.0) -> None:
        self.folder = folder
        self.ruleset = ruleset
        self.settle = settle
        self._seen: dict[str, tuple[tuple[int, int, int], Participant]] = {}

    def read(self) -> tuple[list[Participant], bool]:
        """The participants, by file name, and whether anything changed since the last call."""
        changed = False
        current: dict[str, tuple[tuple[int, int, int], Participant]] = {}
        for path in participant_files(self.folder)[:MAX_PARTICIPANTS]:
            try:
                st = path.stat()
            except OSError:
                continue  # gone between the listing and now: gone
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
            before = self._seen.get(path.name)
            if before is not None and before[0] == stamp:
                current[path.name] = before
                continue
            changed = True
            participant = read_participant(path, self.ruleset)
            if participant is None:
                continue
            if participant.problem and self.settle and time.time() - st.st_mtime < self.settle:
                # Probably caught mid-write: keep what we had, and look again next time.
                kept = before[1] if before is not None else Participant(path.name, problem="", writing=True)
                current[path.name] = ((0, 0, 0), kept)
                continue
            current[path.name] = (stamp, participant)
        if set(current) != set(self._seen):
            changed = True
        self._seen = current
        return [entry[1] for _, entry in sorted(current.items())], changed


def read_participants(folder: Path, ruleset: Ruleset) -> list[Participant]:
    """Every participant file of a workshop, read once."""
    return FolderReader(folder, ruleset).read()[0]


def unfinished_files(folder: Path, ruleset: Ruleset) -> Iterable[tuple[Path, Participant]]:
    """The counted files whose questionnaire is not finished: what a participant may resume."""
    for p in read_participants(folder, ruleset):
        if p.counted and not p.finished:
            yield folder / p.file, p
