"""The path field of the export dialogs: where a typed path leads, and completion of its names.

What a person types is read as a shell would: ``~`` and ``~user`` are
expanded, and a relative path starts in the folder `advisor` was started
from (``start_folder``). ``PathTarget``, under the field, shows the full path
a save would write, as it is typed and before anything is written.

``PathSuggester`` completes the name being typed with the entries of the
folder typed before it (case-sensitive; hidden entries only once a ``.`` is
typed; a folder gets its ``/``). It lists that one folder and nothing else,
off the event loop, once per dialog. ``PathInput`` takes the suggestion with
→ (as every Textual Input does) or Tab; with nothing to take, Tab moves on
as it does everywhere else.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import ClassVar

from textual.binding import BindingType
from textual.content import Content
from textual.suggester import Suggester
from textual.widgets import Input, Static

from ..localize import binding
from ..texts import tc


class UnknownUser(ValueError):
    """``~name`` where this computer has no user ``name`` (or no home folder, for a bare ``~``)."""

    def __init__(self, prefix: str) -> None:
        super().__init__(prefix)
        self.prefix = prefix  # as typed: "~name"


def start_folder() -> tuple[Path, bool]:
    """Where a relative path starts, and whether that is the folder `advisor` was started from.

    If that folder has been deleted since, the home folder stands in (False).
    """
    try:
        return Path.cwd(), True
    except OSError:
        return Path.home(), False


def expand(text: str, base: Path) -> Path:
    """``text`` as a path: ``~`` and ``~user`` expanded, a relative path taken from ``base``."""
    path = Path(text)
    if text.startswith("~"):
        try:
            path = path.expanduser()
        except RuntimeError as exc:  # pathlib's way of saying it found no such user
            raise UnknownUser(text.partition("/")[0]) from exc
    return path if path.is_absolute() else base / path


def target_path(text: str, base: Path) -> Path:
    """The file writing to ``text`` would write: expanded, absolute, ``..`` and symlinks resolved.

    Raises ``UnknownUser``, or ``ValueError`` for what no path can hold (a NUL character).
    """
    path = expand(text, base)
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: shown as typed, and the save will say what is wrong
        return Path(os.path.abspath(path))


def typed_relative(text: str) -> bool:
    """Whether ``text`` is a path that starts in the base folder (not absolute, no ``~``)."""
    return not text.startswith("~") and not Path(text).is_absolute()


class PathSuggester(Suggester):
    """Completes the last name of a typed path with an entry of the folder before it."""

    def __init__(self, base: Path) -> None:
        # Our own cache, per folder: Textual's is per value typed, so it would list a folder once per keystroke.
        super().__init__(use_cache=False, case_sensitive=True)
        self.base = base
        self._listings: dict[Path, list[tuple[str, bool]]] = {}

    async def get_suggestion(self, value: str) -> str | None:
        if value == "~":
            return "~/"
        folder_text, slash, partial = value.rpartition("/")
        if not partial or partial in (".", "..") or value != value.strip():
            return None
        if not slash and partial.startswith("~"):
            return None  # a user's name: people are not listed
        try:
            folder = expand(folder_text + slash, self.base) if slash else self.base
        except ValueError:
            return None
        entries = self._listings.get(folder)
        if entries is None:
            entries = self._listings[folder] = await asyncio.to_thread(_entries, folder)
        hidden = partial.startswith(".")
        for name, is_folder in entries:
            if name.startswith(".") and not hidden:
                continue
            rest = name[len(partial):] + ("/" if is_folder else "")
            if name.startswith(partial) and rest:
                return value + rest
        return None


def _entries(folder: Path) -> list[tuple[str, bool]]:
    """The names in ``folder``, sorted, each with whether it is a folder; none if it cannot be listed."""
    found: list[tuple[str, bool]] = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                try:
                    found.append((entry.name, entry.is_dir()))
                except OSError:
                    found.append((entry.name, False))
    except (OSError, ValueError):
        return []
    return sorted(found)


class PathInput(Input):
    """A path field that completes names (see ``PathSuggester``); Tab takes a suggestion as → does."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("tab", "complete", "export.complete_key", id="complete-path", show=False),
    ]

    def __init__(self, value: str = "", *, base: Path, id: str | None = None) -> None:
        super().__init__(value, suggester=PathSuggester(base), id=id)

    def action_complete(self) -> None:
        before = self.value
        if self.cursor_at_end:
            self.action_cursor_right()  # takes the suggestion, if there is one
        if self.value == before:
            self.screen.focus_next()


class PathTarget(Static):
    """Under the path field: the full path a save would write, or why there is none yet."""

    def show(self, text: str, base: Path, *, started_here: bool = True) -> None:
        text = text.strip()
        self.display = bool(text)
        if not text:
            self.update("")
            return
        try:
            path = target_path(text, base)
        except UnknownUser as exc:
            self.update(tc("export.no_user", name=exc.prefix))
            return
        except ValueError as exc:
            self.update(tc("export.not_a_path", reason=exc))
            return
        lines = [tc("export.is_folder" if path.is_dir() else "export.target", path=path)]
        if typed_relative(text):  # the full path shows the folder; named again only when it is not the file's
            if not started_here:
                lines.append(tc("export.relative_home", folder=base))
            elif path.parent == base:
                lines.append(tc("export.here"))
            else:
                lines.append(tc("export.relative", folder=base))
        self.update(Content("\n").join(lines))
