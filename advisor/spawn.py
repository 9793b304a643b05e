"""The server's side of the session spawner (advisor.spawner): start it, ask it for sessions, hear of their end.

``advisor serve`` starts one ``Spawner`` at start-up; each browser session
asks it for a ``SessionProcess``, shaped like the asyncio Process that
textual-serve drives (streams, ``returncode``, ``wait``). The protocol is
described in advisor.spawner.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sys
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("advisor.serve")

# What a session needs, imported once in the spawner rather than in every session.
PRELOAD = ("advisor.cli", "advisor.ui.app", "textual.drivers.web_driver", "advisor.ui.screens.start",
           "advisor.ui.screens.question", "advisor.ui.screens.review", "advisor.ui.screens.result",
           "advisor.ui.screens.export", "advisor.ui.screens.done", "advisor.ui.screens.confirm",
           "advisor.workshop.store", "advisor.report", "advisor.engine", "rich.markdown")


@dataclass(frozen=True)
class SpawnSpec:
    """How the spawner runs a session: ``call`` (``module:function``) with ``args``, after importing ``preload``."""

    call: str = "advisor.cli:main"
    args: list[str] = field(default_factory=list)
    preload: tuple[str, ...] = PRELOAD
    warm: tuple[str, ...] = ("advisor.cli:warm_session",)  # called with ``args`` after the imports


class Spawner:
    """The server's side of the session spawner (see advisor.spawner): start it, ask it for sessions."""

    def __init__(self, spec: SpawnSpec, env: dict[str, str]) -> None:
        self.spec, self.env = spec, env
        self.sock: Any = None
        self.process: Any = None
        self.pending: dict[int, asyncio.Future[int]] = {}
        self.sessions: dict[int, SessionProcess] = {}
        self.next_id = 0

    @staticmethod
    def available() -> bool:
        import socket

        return sys.platform.startswith("linux") and hasattr(socket, "SOCK_SEQPACKET")

    def start(self) -> None:
        import socket
        import subprocess

        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        command = [sys.executable, "-m", "advisor.spawner", str(theirs.fileno()), self.spec.call]
        for module in self.spec.preload:
            command += ["--preload", module]
        for call in self.spec.warm:
            command += ["--warm", call]
        command += ["--", *self.spec.args]
        try:
            self.process = subprocess.Popen(command, env=self.env, pass_fds=[theirs.fileno()],
                                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                            start_new_session=True)  # Ctrl+C reaches the server, which stops each
        finally:
            theirs.close()
        ours.setblocking(False)
        self.sock = ours
        asyncio.get_running_loop().add_reader(ours.fileno(), self._read)

    @property
    def alive(self) -> bool:
        return self.sock is not None

    def _read(self) -> None:
        try:
            data = self.sock.recv(4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:  # the spawner has gone: sessions from now on start as new processes
            self._gone()
            return
        try:
            message = json.loads(data)
        except ValueError:
            return
        if "exit" in message:
            process = self.sessions.pop(message["exit"], None)
            if process is not None:
                process.ended(int(message.get("code", -1)))
        elif message.get("id") in self.pending:
            future = self.pending.pop(message["id"])
            if not future.done():
                if "pid" in message:
                    future.set_result(int(message["pid"]))
                else:
                    future.set_exception(OSError(str(message.get("error", "the spawner refused"))))

    def _gone(self) -> None:
        if self.sock is not None:
            self._close()
            log.warning("the session spawner has stopped; new sessions start as new processes")
            if self.process is not None:  # reap it, leaving no zombie behind
                asyncio.get_running_loop().run_in_executor(None, self.process.wait)
        for future in self.pending.values():
            if not future.done():
                future.set_exception(OSError("the session spawner has stopped"))
        self.pending.clear()
        for process in self.sessions.values():
            process.ended(-1)
        self.sessions.clear()

    async def spawn(self, width: int, height: int) -> SessionProcess:
        """A new session process with the given terminal size, its streams connected to us."""
        import array
        import socket

        loop = asyncio.get_running_loop()
        stdin_r, stdin_w = os.pipe()
        stdout_r, stdout_w = os.pipe()
        stderr_r, stderr_w = os.pipe()
        self.next_id += 1
        ident = self.next_id
        future: asyncio.Future[int] = loop.create_future()
        self.pending[ident] = future
        try:
            message = json.dumps({"id": ident, "env": {"COLUMNS": str(width), "ROWS": str(height)}}).encode()
            self.sock.sendmsg([message], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                                           array.array("i", [stdin_r, stdout_w, stderr_w]))])
        except OSError:
            self.pending.pop(ident, None)
            for fd in (stdin_r, stdin_w, stdout_r, stdout_w, stderr_r, stderr_w):
                os.close(fd)
            raise
        finally:
            for fd in (stdin_r, stdout_w, stderr_w):  # the child has its own copies now
                with contextlib.suppress(OSError):
                    os.close(fd)
        try:
            pid = await asyncio.wait_for(future, timeout=30)
        except BaseException:
            self.pending.pop(ident, None)
            for fd in (stdin_w, stdout_r, stderr_r):
                os.close(fd)
            raise
        process = await SessionProcess.connect(self, pid, stdin_w, stdout_r, stderr_r)
        self.sessions[pid] = process
        return process

    def signal(self, pid: int, number: int) -> None:
        if self.sock is not None:
            with contextlib.suppress(OSError):
                self.sock.send(json.dumps({"signal": pid, "number": number}).encode())

    async def stop(self) -> None:
        """Close our end (the spawner then exits) and wait for it a moment."""
        if self.sock is not None:
            self._close()
        if self.process is not None:
            for _ in range(50):
                if self.process.poll() is not None:
                    return
                await asyncio.sleep(0.1)
            self.process.kill()

    def _close(self) -> None:
        asyncio.get_running_loop().remove_reader(self.sock.fileno())
        self.sock.close()
        self.sock = None


class SessionProcess:
    """A forked session, shaped like the asyncio Process textual-serve expects (streams, returncode, wait)."""

    def __init__(self, spawner: Spawner, pid: int) -> None:
        self.spawner, self.pid = spawner, pid
        self.returncode: int | None = None
        self.stdin: asyncio.StreamWriter | None = None
        self.stdout: asyncio.StreamReader | None = None
        self.stderr: asyncio.StreamReader | None = None
        self._ended = asyncio.Event()

    @classmethod
    async def connect(cls, spawner: Spawner, pid: int, stdin: int, stdout: int, stderr: int) -> SessionProcess:
        loop = asyncio.get_running_loop()
        process = cls(spawner, pid)
        process.stdout = await cls._reader(stdout)
        process.stderr = await cls._reader(stderr)
        transport, protocol = await loop.connect_write_pipe(
            lambda: asyncio.streams.FlowControlMixin(loop=loop), os.fdopen(stdin, "wb", 0))
        process.stdin = asyncio.StreamWriter(transport, protocol, None, loop)
        return process

    @staticmethod
    async def _reader(fd: int) -> asyncio.StreamReader:
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader(limit=2 ** 16, loop=loop)
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(fd, "rb", 0))
        return reader

    def ended(self, code: int) -> None:
        self.returncode = code
        self._ended.set()

    async def wait(self) -> int:
        await self._ended.wait()
        return self.returncode if self.returncode is not None else -1

    def send_signal(self, number: int) -> None:
        if self.returncode is None:
            self.spawner.signal(self.pid, number)

    def terminate(self) -> None:
        import signal

        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        import signal

        self.send_signal(signal.SIGKILL)



