"""Records the file-system writes a Python process makes, through an audit hook (PEP 578).

The tests use it to prove that the advisor writes nothing outside the
temporary home folder they give it: conftest.py installs one in the pytest
process before any test module is imported, and test_isolation.py installs
one in the CLI processes it starts. An audit hook sees every write made
from Python whoever makes it, so, unlike comparing folder listings before
and after, it does not mistake another program's writes to the real home
folder for the test's.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
# audit event -> positions of the arguments that name a path being written or removed
_PATH_EVENTS: dict[str, tuple[int, ...]] = {
    "os.mkdir": (0,), "os.rename": (0, 1), "os.remove": (0,), "os.rmdir": (0,), "os.link": (1,),
    "os.symlink": (1,), "os.truncate": (0,), "os.chmod": (0,), "os.chown": (0,), "os.utime": (0,),
    "os.mkfifo": (0,), "os.mknod": (0,), "shutil.rmtree": (0,),
}


def _path(value: object) -> str | None:
    """An absolute path for a path argument; None for a file descriptor or anything else."""
    if isinstance(value, (str, bytes, os.PathLike)):
        return os.path.abspath(os.fsdecode(os.fspath(value)))
    return None


def _dir_fd(event: str, args: tuple[object, ...]) -> bool:
    """True when a path is relative to a folder descriptor (shutil.rmtree's inner steps): not resolvable here."""
    if event in ("os.remove", "os.rmdir", "os.mkdir"):
        fd = args[-1]
        return isinstance(fd, int) and fd != -1
    return False


def under(path: str, roots: Iterable[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


class WriteLog:
    """Every path written, created, renamed or removed while active, for which ``keep(path)`` holds."""

    def __init__(self, keep: Callable[[str], bool] = lambda path: True) -> None:
        self.keep = keep
        self.paths: list[str] = []
        self.active = False

    def hook(self, event: str, args: tuple[object, ...]) -> None:
        if not self.active:
            return
        if event == "open":
            flags = args[2]
            if not isinstance(flags, int) or not flags & _WRITE_FLAGS:
                return
            positions: tuple[int, ...] = (0,)
        else:
            found = _PATH_EVENTS.get(event)
            if found is None or _dir_fd(event, args):
                return
            positions = found
        for position in positions:
            path = _path(args[position])
            if path is not None and self.keep(path):
                self.paths.append(path)

    def install(self) -> WriteLog:
        """Start recording; an audit hook cannot be removed, so ``active = False`` stops it."""
        sys.addaudithook(self.hook)
        self.active = True
        return self
