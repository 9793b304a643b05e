"""Reading a file a user names: regular files only, and never more than a limit.

Every ruleset and answers file goes through ``read_input_bytes``. A folder,
a named pipe, a device or a socket is refused at once, before a byte is
read: reading a pipe or a terminal would wait for input forever, and a
device such as /dev/zero never ends. A file over the size limit is refused
without being read whole.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from typing import Any

from .errors import Diagnostic, FileAccessError, YamlError
from .language import number as language_number

MIB = 1 << 20

# os.open flags for an input: a FIFO with no writer must not block the open,
# and opening a terminal must not make it the controlling terminal.
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def _t(key: str, **values: Any) -> str:
    from .texts import t  # not at import: advisor.texts reads its strings with this module

    return t(key, **values)


def number_text(number: float) -> str:
    """A number as a message writes it, the current language's way (1,048,576 / 1.048.576; 1.5 / 1,5)."""
    from .texts import current_language

    return language_number(number, current_language())


def read_input_bytes(path: str | os.PathLike, *, display: str | None = None, max_bytes: int = MIB,
                     hint: Callable[[], str] | None = None) -> bytes:
    """The bytes of a regular file, at most ``max_bytes`` of them, or a FileAccessError.

    Anything else (a folder, a named pipe, a device, a socket) is refused at
    once, before a byte is read: reading a pipe or a terminal would wait for
    input forever, and a device such as /dev/zero never ends.
    """
    shown = display if display is not None else os.fsdecode(path)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _cannot_read(shown, _os_reason(exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _cannot_read(shown, _not_regular(mode))
        with os.fdopen(fd, "rb", closefd=False) as stream:
            # Read one byte past the limit so a huge file is never read whole.
            raw = stream.read(max_bytes + 1)
            size = len(raw)
            if size > max_bytes:
                size = max(size, os.fstat(fd).st_size)
    except OSError as exc:
        raise _cannot_read(shown, _os_reason(exc)) from None
    finally:
        os.close(fd)
    check_size(size, shown, max_bytes, hint)
    return raw


def input_file_problem(path: str | os.PathLike) -> str:
    """Why ``path`` cannot be read as an input file ("" when it is a regular file), without opening it."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return _t("errors.files.no_such_file") if exc.errno == errno.ENOENT else _os_reason(exc)
    return "" if stat.S_ISREG(mode) else _not_regular(mode)


def _not_regular(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return _t("errors.files.folder")
    if stat.S_ISFIFO(mode):
        return _t("errors.files.fifo")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _t("errors.files.device")
    if stat.S_ISSOCK(mode):
        return _t("errors.files.socket")
    return _t("errors.files.not_regular")


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.EISDIR:
        return _t("errors.files.folder")
    if exc.errno == errno.ENXIO:  # what opening a socket for reading gives
        return _t("errors.files.not_regular")
    return exc.strerror or str(exc)


def _cannot_read(shown: str, reason: str) -> FileAccessError:
    return FileAccessError(_t("errors.files.cannot_read", path=shown),
                           [Diagnostic(shown, 0, 0, _t("errors.files.cannot_read_because", reason=reason))])


def check_size(size: int, path: str, max_bytes: int, hint: Callable[[], str] | None = None) -> None:
    """Refuse a file over ``max_bytes``; ``hint()`` (asked only then) suggests what to do."""
    if size > max_bytes:
        shown, limit = _human(size), _human(max_bytes)
        if shown == limit:  # rounding hid the difference
            shown, limit = (_t("errors.files.bytes", count=number_text(n)) for n in (size, max_bytes))
        message = _t("errors.files.too_big", size=shown, limit=limit)
        diagnostic = Diagnostic(path, 0, 0, message, hint() if hint else "")
        raise YamlError(_t("errors.files.cannot_load", path=path), [diagnostic])


def _human(size: int) -> str:
    for unit, scale in (("mib", MIB), ("kib", 1 << 10)):
        if size >= scale:
            return _t(f"errors.files.{unit}", count=number_text(round(size / scale, 1)))
    return _t("errors.files.bytes", count=size)
