"""The installed app in a real pseudo-terminal, stopped by real signals from outside.

``advisor --answers FILE`` starts on a question; once that question is on
the screen the test changes the answer with a key press, as a person would,
removes the autosaved session file so that only the signal handler can write
it again, and sends the signal with ``kill``. The app must save the session,
restore the terminal and exit with 128 + the signal's number (README, "exit
codes"). Every wait has a deadline, so a hang fails the test instead of
blocking the run.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from advisor.answers import load_answers
from advisor.cli import ExitCode
from advisor.model import Ruleset

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"
DEADLINE = 20.0  # seconds for each step: start-up, a key press, the way out
ROWS, COLUMNS = 30, 100
# What Textual writes between the characters of a line: escape sequences (CSI, OSC, charset, keypad).
ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>]")


def advisor_command() -> list[str]:
    """The installed ``advisor`` script beside this Python; ``python -m advisor`` if there is none."""
    script = Path(sys.executable).with_name("advisor")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "advisor"]


class Terminal:
    """A child process on the slave side of a pty; this side reads everything it draws."""

    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.output = b""
        self.status: int | None = None
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: a new session whose controlling terminal is the pty
            try:
                os.chdir(cwd)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))

    @property
    def text(self) -> str:
        return ESCAPES.sub(b"", self.output).decode("utf-8", errors="replace")

    def _pump(self, timeout: float) -> None:
        """Read what the app drew; keep reading, or a full pty would block the app's writes."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            with contextlib.suppress(OSError):  # EIO: the child closed its side
                self.output += os.read(self.fd, 65536)

    def _reap(self) -> bool:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
        return self.status is not None

    def wait_for(self, what: str, check: Callable[[], bool]) -> None:
        end = time.monotonic() + DEADLINE
        while not check():
            if self._reap():
                raise AssertionError(f"the app exited ({self.status}) before {what}:\n{self.text[-2000:]}")
            if time.monotonic() > end:
                raise AssertionError(f"no {what} within {DEADLINE} s:\n{self.text[-2000:]}")
            self._pump(0.05)

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def exit_code(self) -> int:
        """Wait for the app to end; its exit code (negative: killed by that signal)."""
        end = time.monotonic() + DEADLINE
        while not self._reap():
            if time.monotonic() > end:
                raise AssertionError(f"the app did not exit within {DEADLINE} s:\n{self.text[-2000:]}")
            self._pump(0.05)
        self._pump(0)
        assert self.status is not None
        return self.status

    def close(self) -> None:
        if not self._reap():
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    started: list[Terminal] = []

    def start(*args: str) -> Terminal:
        env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT), "LINES": str(ROWS),
               "COLUMNS": str(COLUMNS)}
        started.append(Terminal([*advisor_command(), *args], tmp_path, env))
        return started[-1]

    yield start
    for term in started:
        term.close()


def sessions_folder() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "advisor" / "sessions"


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, ExitCode.TERMINATED), (signal.SIGHUP, ExitCode.HANGUP),
                                          (signal.SIGINT, ExitCode.INTERRUPTED)],
                         ids=["SIGTERM-143", "SIGHUP-129", "SIGINT-130"])
def test_a_signal_saves_the_session_and_exits_with_its_code(terminal: Callable[..., Terminal], tmp_path: Path,
                                                            ruleset: Ruleset, signum: int, code: int) -> None:
    answers_file = tmp_path / "answers.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count("  company_stage: growing\n") == 1
    answers_file.write_text(text.replace("  company_stage: growing\n", ""), encoding="utf-8")
    before = answers_file.read_bytes()
    given = load_answers(answers_file, ruleset).answers
    assert "company_stage" not in given  # so the app opens on it: the first question left to answer

    app = terminal("--answers", str(answers_file))
    # the first question, with the answers file's answer chosen, and the session it started
    app.wait_for("first question", lambda: "First paying customers" in app.text and "Quit" in app.text)
    sessions = list(sessions_folder().glob("*.yaml"))
    assert len(sessions) == 1, sessions
    session = sessions[0]
    assert load_answers(session, ruleset).answers == given

    app.type("2")  # choose "First paying customers"; saved at once
    app.wait_for("the autosave of the new answer",
                 lambda: "company_stage: first_customers" in session.read_text(encoding="utf-8"))
    session.unlink()  # only the signal handler can write it again now

    os.kill(app.pid, signum)
    assert app.exit_code() == code
    assert "\x1b[?1049l" in app.output[-4000:].decode("utf-8", errors="replace"), "the terminal is restored"
    assert session.is_file(), "the session was not saved on the way out"
    assert load_answers(session, ruleset).answers == {**given, "company_stage": "first_customers"}
    assert answers_file.read_bytes() == before, "the answers file itself is left alone"
