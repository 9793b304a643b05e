"""Every file the advisor writes for a user goes through ``write_text``.

One place decides how an output meets what is already on disk, so the CLI's
``-o``, the app's exports and the session autosave all behave the same:

- ``-`` is stdout. A device, a FIFO or ``/dev/stdout`` is written directly,
  never replaced by a regular file.
- An output that is one of the command's inputs (same real path, or the same
  file through a symlink or hard link) is refused (``OutputRefused``).
- A file people edit is only replaced when the caller says so (``replace``).
- A regular file is written whole or not at all: a temp file in the same
  folder, fsync, rename, fsync of the folder. A replaced file keeps its mode
  (and owner, when we may set it); a new one follows the umask. A symlink is
  written through to its target; a file with several hard links is written
  in place so the links stay shared.
- The temp file is removed on every failure; the ones a killed process left
  behind are removed by the first write to that folder in a later process (``clear_stale_temps``,
  which the session store also runs when it starts).

No UI code lives here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO, cast

from .errors import FileAccessError, OutputRefused
from .texts import t

TEMP_SUFFIX = ".advisor.tmp"
# ".NAME.PID.RANDOM.advisor.tmp": the pid says whether the writer may still be alive.
_TEMP_NAME = re.compile(r"^\..*\.(\d+)\.[0-9a-f]{8}" + re.escape(TEMP_SUFFIX) + "$", re.DOTALL)
STALE_AFTER = 24 * 3600.0  # seconds; a temp file this old is stale whoever wrote it
_DESCRIPTOR_PATH = re.compile(r"^(/dev/(stdin|stdout|stderr|fd/\d+)|/proc/[^/]+/fd/\d+)$")
_CLEARED: set[str] = set()  # folders whose stale temp files this process has cleared
_NAME_ROOM = 100  # characters of the target's name kept in a temp name, so it stays under NAME_MAX

PathLike = str | os.PathLike[str]


class StdoutError(FileAccessError):
    """Standard output is closed, full, or its reader went away."""


def write_text(target: PathLike, text: str, *, inputs: Iterable[PathLike] = (), replace: bool = True,
               replace_hint: str = "") -> None:
    """Write ``text`` (UTF-8) to ``target``; ``-`` is stdout.

    ``inputs``: files the calling command reads; writing over one of them is
    refused. ``replace``: whether an existing regular file may be replaced;
    if not, the refusal says ``replace_hint`` (e.g. "add --force to replace it").
    Raises ``OutputRefused`` or ``FileAccessError``; ``StdoutError`` for stdout.
    """
    display = os.fspath(target)
    if display == "-":
        write_stdout(text)
        return
    write_bytes(target, text.encode("utf-8"), inputs=inputs, replace=replace, replace_hint=replace_hint)


def write_bytes(target: PathLike, data: bytes, *, inputs: Iterable[PathLike] = (), replace: bool = True,
                replace_hint: str = "") -> None:
    """Write ``data`` to ``target`` as ``write_text`` does; ``-`` is stdout, refused when it is a terminal
    (a PDF's bytes would only garble the screen)."""
    display = os.fspath(target)
    if display == "-":
        _write_stdout_bytes(data)
        return
    try:
        status = _stat(display)
        _refuse_inputs(display, status, inputs)
        if status is not None and stat.S_ISDIR(status.st_mode):
            raise FileAccessError(t("errors.files.write_folder", path=display))
        if status is not None and (not stat.S_ISREG(status.st_mode) or _through_descriptor(display)):
            _write_directly(display, data, status)
            return
        if status is not None and not replace:
            raise OutputRefused(t("errors.files.exists_hint", path=display, hint=replace_hint) if replace_hint
                                else t("errors.files.exists", path=display))
        _write_regular(display, data, status)
    except ValueError as exc:  # a path the OS refuses outright, e.g. with a NUL character
        raise FileAccessError(t("errors.files.cannot_write", path=display, reason=exc)) from None


def write_stdout(text: str) -> None:
    """Write ``text`` to stdout and flush it; any failure is a ``StdoutError``."""
    stream = sys.stdout
    if stream is None:  # started with stdout closed (`>&-`)
        raise StdoutError(t("errors.files.stdout_closed"))
    try:
        stream.write(text)
        stream.flush()
    except OSError as exc:
        raise stdout_error(exc) from None


@contextlib.contextmanager
def streamed_output(target: PathLike, *, inputs: Iterable[PathLike] = (), replace: bool = True,
                    replace_hint: str = "") -> Iterator[TextIO]:
    """A UTF-8 text stream to ``target`` for an output too large to hold whole (``advisor batch``).

    The same rules as ``write_text``: ``-`` is stdout, written as it comes; a
    device, a FIFO or a descriptor path is written directly; an input is never
    written over; an existing file only when ``replace``. A regular file is
    written to a temp file beside it, renamed over the target when the block
    ends without an error and removed when it does not (Ctrl+C included): a
    run stopped midway leaves the old file, never half of a new one. A failed
    write raises ``FileAccessError``.
    """
    display = os.fspath(target)
    if display == "-":
        if sys.stdout is None:
            raise StdoutError(t("errors.files.stdout_closed"))
        yield sys.stdout  # GuardedStdout, while a command runs: its failures are StdoutErrors already
        write_stdout("")  # flush
        return
    try:
        status = _stat(display)
        _refuse_inputs(display, status, inputs)
        if status is not None and stat.S_ISDIR(status.st_mode):
            raise FileAccessError(t("errors.files.write_folder", path=display))
        direct = status is not None and (not stat.S_ISREG(status.st_mode) or _through_descriptor(display))
        if status is not None and not direct and not replace:
            raise OutputRefused(t("errors.files.exists_hint", path=display, hint=replace_hint) if replace_hint
                                else t("errors.files.exists", path=display))
        if direct:
            flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
            try:
                fd = os.open(display, flags)
            except OSError as exc:
                raise FileAccessError(_cannot_write(display, exc)) from None
            real = folder = temporary = ""
        else:
            real, folder, temporary, fd = _open_temporary(display, status)
    except ValueError as exc:  # a path the OS refuses outright, e.g. with a NUL character
        raise FileAccessError(t("errors.files.cannot_write", path=display, reason=exc)) from None
    try:
        with open(fd, "w", encoding="utf-8", newline="") as raw:
            stream = _WriteErrors(raw, display)
            yield cast(TextIO, stream)
            stream.flush()
            if not direct and status is not None:
                _copy_owner_and_mode(fd, status)
            if not direct or (status is not None and stat.S_ISREG(status.st_mode)):
                os.fsync(fd)
        if direct:
            return
        if status is not None and status.st_nlink > 1:  # several names share the file: in place, as _write_regular
            import shutil

            with open(temporary, "rb") as source, open(real, "r+b") as destination:
                destination.truncate(0)
                shutil.copyfileobj(source, destination, 1 << 20)
                destination.flush()
                os.fsync(destination.fileno())
            os.unlink(temporary)
        else:
            os.replace(temporary, real)
            _fsync_folder(folder)
    except BaseException as exc:  # KeyboardInterrupt included: never leave the temp file behind
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        if isinstance(exc, OSError):
            raise FileAccessError(_cannot_write(display, exc)) from None
        raise


class _WriteErrors:
    """A text stream whose failed writes are ``FileAccessError``s naming the file (a full disk, say)."""

    def __init__(self, stream: TextIO, display: str) -> None:
        self._stream = stream
        self._display = display

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise FileAccessError(_cannot_write(self._display, exc)) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise FileAccessError(_cannot_write(self._display, exc)) from None


def _write_stdout_bytes(data: bytes) -> None:
    stream = sys.__stdout__
    if stream is None:
        raise StdoutError(t("errors.files.stdout_closed"))
    if stream.isatty():
        raise OutputRefused(t("errors.files.binary_terminal"))
    try:
        sys.stdout.flush()
        stream.buffer.write(data)
        stream.buffer.flush()
    except OSError as exc:
        raise stdout_error(exc) from None


def stdout_error(exc: OSError) -> StdoutError:
    """The one-line error for a failed write to stdout."""
    if exc.errno == errno.EPIPE:
        return StdoutError(t("errors.files.stdout_pipe"))
    if exc.errno == errno.EBADF:
        return StdoutError(t("errors.files.stdout_closed"))
    return StdoutError(t("errors.files.stdout_failed", reason=exc.strerror or exc))


class GuardedStdout:
    """``sys.stdout`` while a command runs: a failed write or flush becomes one ``StdoutError``.

    A closed stdout (``>&-``), a full one (``> /dev/full``) and a reader that
    went away (``| head``) then end the command with one line on stderr, not
    a traceback. ``failed`` tells the caller to ``silence`` stdout, so the
    interpreter's last flush does not print "Exception ignored" on its way out.
    """

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream
        self.failed = False

    @classmethod
    def install(cls) -> GuardedStdout:
        guard = cls(sys.stdout)
        if guard._stream is None:
            _hold_descriptor(1)
        sys.stdout = cast(TextIO, guard)
        return guard

    def uninstall(self) -> None:
        if sys.stdout is cast(TextIO, self):
            sys.stdout = self._stream  # None when it was closed

    def write(self, text: str) -> int:
        if self._stream is None:
            self.failed = True
            raise StdoutError(t("errors.files.stdout_closed"))
        try:
            return self._stream.write(text)
        except OSError as exc:
            self.failed = True
            raise stdout_error(exc) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            self.failed = True
            raise stdout_error(exc) from None

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def silence(self) -> None:
        """Point the failed stdout at the null device: what is still buffered goes nowhere."""
        if self._stream is None:
            return
        with contextlib.suppress(OSError, ValueError):
            target = self._stream.fileno()
            fd = os.open(os.devnull, os.O_WRONLY)
            if fd != target:
                os.dup2(fd, target)
                os.close(fd)

    def __getattr__(self, name: str) -> Any:
        if self._stream is None:
            raise AttributeError(name)
        return getattr(self._stream, name)


def replaces_file(path: PathLike) -> bool:
    """Whether writing to ``path`` would replace an existing regular file (asked about first)."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(status.st_mode) and not _through_descriptor(os.fspath(path))


def files_in(folder: PathLike, *, recursive: bool = False) -> list[Path]:
    """The regular files in ``folder`` (a command's inputs); ``[]`` if it cannot be listed."""
    found: list[Path] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_file():
                    found.append(Path(entry.path))
                elif recursive and entry.is_dir(follow_symlinks=False):
                    found.extend(files_in(entry.path, recursive=True))
    except OSError:
        pass
    return found


def clear_stale_temps(folder: PathLike, *, max_age: float = STALE_AFTER) -> int:
    """Remove the temp files ``write_text`` left in ``folder`` when its process died; how many.

    A temp file is stale when the process named in it is gone, or when it is
    older than ``max_age`` seconds (the pid may have been reused).
    """
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match is None:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > max_age
            if old or not _alive(int(match.group(1))):
                os.unlink(entry.path)
                removed += 1
        except OSError:  # gone already, or not ours to remove: leave it
            continue
    return removed


# -- internals ---------------------------------------------------------------------------------------

def _stat(display: str) -> os.stat_result | None:
    """The target's status (through symlinks), or None if there is nothing there yet."""
    try:
        return os.stat(display)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FileAccessError(_cannot_write(display, exc)) from None


def _cannot_write(display: str, exc: OSError) -> str:
    return t("errors.files.cannot_write", path=display, reason=exc.strerror or exc)


def _refuse_inputs(display: str, status: os.stat_result | None, inputs: Iterable[PathLike]) -> None:
    real = os.path.realpath(display)
    for item in inputs:
        source = os.fspath(item)
        same = os.path.realpath(source) == real
        if not same and status is not None:
            try:
                other = os.stat(source)
            except (OSError, ValueError):
                continue
            same = (other.st_dev, other.st_ino) == (status.st_dev, status.st_ino)
        if same:
            if os.path.abspath(source) == os.path.abspath(display):
                raise OutputRefused(t("errors.files.over_input", path=display))
            raise OutputRefused(t("errors.files.over_named_input", path=display, source=source))


def _through_descriptor(display: str) -> bool:
    """Whether ``display`` names an open descriptor (``/dev/stdout``, ``/dev/fd/3``, ``/proc/self/fd/1``).

    Through such a path a regular file is, e.g., the shell's ``> report.md``:
    renaming a new file over it would leave the descriptor on the old file.
    """
    path = os.path.join(os.path.realpath(os.path.dirname(os.path.abspath(display))), os.path.basename(display))
    for _ in range(40):  # the kernel's own limit on a chain of symlinks
        if _DESCRIPTOR_PATH.match(path):
            return True
        try:
            link = os.readlink(path)
        except OSError:
            return False
        path = os.path.normpath(os.path.join(os.path.dirname(path), link))
    return False


def _write_directly(display: str, data: bytes, status: os.stat_result) -> None:
    """A device, FIFO or descriptor path: open it and write, nothing is created or renamed.

    O_APPEND: through ``/dev/stdout`` to a regular file the shell has already
    truncated (``>``) or wants appended to (``>>``); devices and FIFOs ignore it.
    """
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(display, flags)
    except OSError as exc:
        raise FileAccessError(_cannot_write(display, exc)) from None
    try:
        _write_all(fd, data)
        if stat.S_ISREG(status.st_mode):
            os.fsync(fd)
    except OSError as exc:
        raise FileAccessError(_cannot_write(display, exc)) from None
    finally:
        os.close(fd)


def _open_temporary(display: str, status: os.stat_result | None) -> tuple[str, str, str, int]:
    """The target's real path, its folder, and a new temp file beside it: (real, folder, temporary, fd)."""
    # Through a symlink (even a dangling one) to the file it names: the link stays a link.
    real = os.path.realpath(display)
    folder = os.path.dirname(real)
    if not os.path.isdir(folder):
        shown = os.path.dirname(display) or "."
        if os.path.islink(display):
            shown = folder
        raise FileAccessError(t("errors.files.no_folder", path=display, folder=shown))
    temporary = os.path.join(folder, f".{os.path.basename(real)[:_NAME_ROOM]}.{os.getpid()}."
                                     f"{os.urandom(4).hex()}{TEMP_SUFFIX}")
    # A new file gets 0o666 less the umask, as any editor's would (mkstemp's 0o600 would
    # leak); a replacement starts private and takes the old file's mode below.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(temporary, flags, 0o666 if status is None else 0o600)
    except OSError as exc:
        raise FileAccessError(_cannot_write(display, exc)) from None
    return real, folder, temporary, fd


def _write_regular(display: str, data: bytes, status: os.stat_result | None) -> None:
    real, folder, temporary, fd = _open_temporary(display, status)
    try:
        try:
            _write_all(fd, data)
            if status is not None:
                _copy_owner_and_mode(fd, status)
            os.fsync(fd)
        finally:
            os.close(fd)
        if status is not None and status.st_nlink > 1:
            # Several names share this file: replacing one name would split it from the
            # others, so write in place, as vim does. The temp file, written in full while
            # the old content still took its room, proved the new content fits; it is
            # removed first so that room is free again when the old content is truncated.
            os.unlink(temporary)
            _write_in_place(real, data)
        else:
            os.replace(temporary, real)
            _fsync_folder(folder)
    except BaseException as exc:  # KeyboardInterrupt included: never leave the temp file behind
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise FileAccessError(_cannot_write(display, exc)) from None
        raise
    if folder not in _CLEARED:  # once a folder a process: a session saves on every answer
        _CLEARED.add(folder)
        clear_stale_temps(folder)  # what earlier writers killed midway left in this folder


def _write_in_place(real: str, data: bytes) -> None:
    fd = os.open(real, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0))
    try:
        _write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_owner_and_mode(fd: int, status: os.stat_result) -> None:
    if hasattr(os, "fchown") and (status.st_uid, status.st_gid) != (os.getuid(), os.getgid()):
        # Only root (or the group's member) may; otherwise the file becomes the writer's, as with cp.
        with contextlib.suppress(OSError):
            os.fchown(fd, status.st_uid, status.st_gid)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(status.st_mode))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_folder(folder: str) -> None:
    """Make the rename itself durable (some file systems cannot sync a folder: that is fine)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _hold_descriptor(fd: int) -> None:
    """Keep a closed standard descriptor taken (by the null device), so no file we open lands on it."""
    try:
        os.fstat(fd)
        return
    except OSError:
        pass
    with contextlib.suppress(OSError):
        held = os.open(os.devnull, os.O_WRONLY)
        if held != fd:
            os.dup2(held, fd)
            os.close(held)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill would end the process there; rely on the age alone
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except OSError:  # e.g. EPERM: someone else's process, alive
        return True
    return True
