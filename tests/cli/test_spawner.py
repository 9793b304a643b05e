"""The session spawner (advisor.spawner), spoken to as the server speaks to it, and as a confused peer might.

Each test starts ``python -m advisor.spawner`` with one end of a socket pair,
asks it for sessions with three pipe ends, and checks that the forked child
has those pipes as its standard streams, runs the entry point with the
arguments and terminal size it was given, and that its exit is reported.
Malformed requests get an error or are ignored; a request to signal a
process that is not one of its children is ignored; the spawner ends when
the server's end closes.
"""

from __future__ import annotations

import array
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import ROOT

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the spawner is Linux only")


class Spawner:
    def __init__(self) -> None:
        self.sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.sock.settimeout(20)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "advisor.spawner", str(theirs.fileno()), "tests.cli.spawn_target:main",
             "--preload", "json", "--", "--workshop", "room; rm -rf ~"],
            pass_fds=[theirs.fileno()], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        theirs.close()

    def send(self, message: Any, fds: list[int] = ()) -> None:  # type: ignore[assignment]
        data = message if isinstance(message, bytes) else json.dumps(message).encode()
        ancillary = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))] if fds else []
        self.sock.sendmsg([data], ancillary)

    def receive(self) -> dict[str, Any]:
        return json.loads(self.sock.recv(4096))

    def session(self, ident: int, columns: int) -> tuple[int, Any, Any, Any]:
        """Ask for a session: (its pid, our ends of its stdin, stdout and stderr)."""
        stdin_r, stdin_w = os.pipe()
        stdout_r, stdout_w = os.pipe()
        stderr_r, stderr_w = os.pipe()
        self.send({"id": ident, "env": {"COLUMNS": str(columns)}}, [stdin_r, stdout_w, stderr_w])
        for fd in (stdin_r, stdout_w, stderr_w):
            os.close(fd)
        reply = self.receive()
        assert reply["id"] == ident, reply
        return (reply["pid"], os.fdopen(stdin_w, "w"), os.fdopen(stdout_r), os.fdopen(stderr_r))


@pytest.fixture
def spawner() -> Iterator[Spawner]:
    s = Spawner()
    yield s
    s.sock.close()
    try:
        s.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        s.proc.kill()


def test_a_session_runs_on_its_own_pipes_and_its_exit_is_reported(spawner: Spawner) -> None:
    pid, stdin, stdout, stderr = spawner.session(1, 93)
    assert stdout.readline().strip() == ("argv=['--workshop', 'room; rm -rf ~'] columns=93 "
                                         "argv0=['--workshop', 'room; rm -rf ~']")
    assert stderr.readline().strip() == "to stderr"
    stdin.write("hello\n")
    stdin.flush()
    assert stdout.readline().strip() == "read=hello"
    assert spawner.receive() == {"exit": pid, "code": 3}
    for stream in (stdin, stdout, stderr):
        stream.close()


def test_sessions_are_independent_and_can_be_signalled(spawner: Spawner) -> None:
    first = spawner.session(1, 80)
    second = spawner.session(2, 120)
    assert first[0] != second[0]
    assert "columns=80" in first[2].readline() and "columns=120" in second[2].readline()
    spawner.send({"signal": first[0], "number": int(signal.SIGTERM)})
    assert spawner.receive() == {"exit": first[0], "code": -signal.SIGTERM}
    second[1].write("bye\n")
    second[1].flush()
    assert spawner.receive() == {"exit": second[0], "code": 3}


def test_confused_requests_are_refused_or_ignored(spawner: Spawner) -> None:
    r, w = os.pipe()
    spawner.send({"id": 7, "env": {}}, [r])  # one descriptor, not three
    assert spawner.receive() == {"id": 7, "error": "expected 3 descriptors, got 1"}
    spawner.send(b"not json at all")
    spawner.send(b"[1, 2, 3]")
    spawner.send({"signal": os.getpid(), "number": int(signal.SIGKILL)})  # not its child: never signalled
    spawner.send({"signal": 1, "number": int(signal.SIGTERM)})
    spawner.send({"id": 8, "env": "COLUMNS=1"})  # no descriptors at all
    assert spawner.receive() == {"id": 8, "error": "expected 3 descriptors, got 0"}
    pid, stdin, stdout, _ = spawner.session(9, 100)  # and it still works
    assert "columns=100" in stdout.readline()
    stdin.close()
    assert spawner.receive() == {"exit": pid, "code": 3}
    os.close(r)
    os.close(w)


def test_the_spawner_ends_when_the_server_goes(spawner: Spawner) -> None:
    spawner.sock.close()
    assert spawner.proc.wait(timeout=20) == 0


def test_a_warm_ruleset_is_handed_out_while_its_files_are_unchanged(tmp_path: Path) -> None:
    from advisor import loader
    from advisor.resources import default_rules

    folder = tmp_path / "rules"
    shutil.copytree(default_rules(), folder)
    try:
        loader.keep_loaded(folder)
        kept = loader.load_ruleset(folder, with_cases=False)
        assert loader.load_ruleset(folder, with_cases=False) is kept  # no parse, no validation
        assert kept.plan.run is not None  # and its functions compiled before any session forks
        assert loader.load_ruleset(folder, with_cases=True) is not kept  # the cases were not kept
        questions = folder / "questions.yaml"
        questions.write_text(questions.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        fresh = loader.load_ruleset(folder, with_cases=False)
        assert fresh is not kept and fresh.hash != kept.hash  # an edit is loaded afresh
    finally:
        loader._kept.clear()
