"""A session spawner for `advisor serve`: imports the app once, then forks a process per browser session.

Starting a Python process that imports Textual and the app costs each
browser session a few hundred milliseconds of CPU; forty people joining at
once on two cores wait many seconds for that. This process does it once:
it imports everything a session needs, then waits for requests from the
server. Each request brings three pipe ends (the session's stdin, stdout
and stderr) and its terminal size; the spawner forks, and the child makes
those pipes its standard streams and runs the app's entry point exactly as
``python -m advisor`` would. The server talks to the child over the pipes
as textual-serve talks to any app process, so nothing of the protocol
changes. Children share the imported modules' memory with the spawner
(copy on write, with the garbage collector told to leave those objects
alone), so each session costs less memory too.

The server's side (start it, ask for sessions) is advisor.spawn.

Protocol (a ``SOCK_SEQPACKET`` Unix socket, one JSON object per message):

- server to spawner: ``{"id": N, "env": {"COLUMNS": "80", "ROWS": "24"}}``
  with three file descriptors attached (``SCM_RIGHTS``); or
  ``{"signal": PID, "number": 15}`` to signal a child still running;
- spawner to server: ``{"id": N, "pid": PID}`` once forked (or
  ``{"id": N, "error": "..."}``), and ``{"exit": PID, "code": CODE}`` when
  a child has ended and been reaped.

The spawner ends when the server's end of the socket closes; its children
then see their stdin close, as with any server that goes away.

Linux only (``SOCK_SEQPACKET``, and forking after imports is not safe on
every platform); elsewhere `advisor serve` starts a new process per session.
Run as ``python -m advisor.spawner FD CALL [--preload MODULE]... [--warm CALL]... -- ARG...``:
after the imports, each ``--warm`` function is called with the ARGs (say, to
load the ruleset the sessions will use).
"""

from __future__ import annotations

import array
import contextlib
import gc
import importlib
import json
import os
import selectors
import signal
import socket
import sys
from collections.abc import Callable, Sequence

FDS = 3  # stdin, stdout, stderr
MAX_MESSAGE = 64 * 1024


def _send(sock: socket.socket, message: dict[str, object]) -> None:
    with contextlib.suppress(OSError):  # the server has gone: the next receive sees it
        sock.send(json.dumps(message).encode("utf-8"))


def _receive(sock: socket.socket) -> tuple[dict[str, object] | None, list[int]]:
    """One message and the descriptors that came with it; (None, []) when the server has gone."""
    size = socket.CMSG_SPACE(FDS * array.array("i").itemsize)
    try:
        data, ancillary, _, _ = sock.recvmsg(MAX_MESSAGE, size)
    except (ConnectionResetError, BrokenPipeError):
        return None, []
    fds: list[int] = []
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            got = array.array("i")
            got.frombytes(payload[: len(payload) - len(payload) % got.itemsize])
            fds.extend(got)
    if not data:
        for fd in fds:
            os.close(fd)
        return None, []
    try:
        message = json.loads(data)
    except ValueError:
        message = {}
    return (message if isinstance(message, dict) else {}), fds


def _reap(sock: socket.socket, children: set[int]) -> None:
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            children.clear()
            return
        if pid == 0:
            return
        children.discard(pid)
        _send(sock, {"exit": pid, "code": os.waitstatus_to_exitcode(status)})


def serve_requests(sock: socket.socket) -> dict[str, str] | None:
    """Fork a child per request until the server goes away.

    Returns only in a child, with the environment to add: the child has its
    standard streams in place and goes on to run the app. In the spawner it
    returns None when the server's end closes.
    """
    children: set[int] = set()
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    previous = signal.signal(signal.SIGCHLD, lambda *_: None)  # a handler, so the wakeup fd hears of it
    selector = selectors.DefaultSelector()
    selector.register(sock, selectors.EVENT_READ)
    selector.register(wake_read, selectors.EVENT_READ)
    while True:
        for key, _ in selector.select():
            if key.fileobj == wake_read:
                try:
                    while os.read(wake_read, 512):
                        pass
                except BlockingIOError:
                    pass
                _reap(sock, children)
                continue
            message, fds = _receive(sock)
            if message is None:
                return None
            if "signal" in message:
                pid, number = message.get("signal"), message.get("number")
                if pid in children and isinstance(number, int):  # never a process that is not ours
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, number)  # checked: one of our children
                continue
            if not isinstance(message.get("id"), int):  # not a request of ours: nothing to answer
                for fd in fds:
                    os.close(fd)
                continue
            if len(fds) != FDS:
                for fd in fds:
                    os.close(fd)
                _send(sock, {"id": message.get("id"), "error": f"expected {FDS} descriptors, got {len(fds)}"})
                continue
            env = message.get("env")
            env = {str(k): str(v) for k, v in env.items()} if isinstance(env, dict) else {}
            try:
                pid = os.fork()
            except OSError as exc:
                for fd in fds:
                    os.close(fd)
                _send(sock, {"id": message.get("id"), "error": exc.strerror or str(exc)})
                continue
            if pid == 0:  # the child: the session's streams become ours; back to the caller, to run the app
                selector.close()
                sock.close()
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, previous)
                os.close(wake_read)
                os.close(wake_write)
                for target, fd in enumerate(fds):
                    os.dup2(fd, target)
                    os.close(fd)
                return env
            for fd in fds:
                os.close(fd)
            children.add(pid)
            _send(sock, {"id": message.get("id"), "pid": pid})


def _entry(call: str) -> Callable[[Sequence[str]], int]:
    module, _, name = call.partition(":")
    function = getattr(importlib.import_module(module), name)
    if not callable(function):
        raise SystemExit(f"spawner: {call} is not callable")
    return function


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    args = words[words.index("--") + 1:] if "--" in words else []
    head = words[: words.index("--")] if "--" in words else words
    if len(head) < 2:
        print("usage: python -m advisor.spawner FD MODULE:FUNCTION [--preload MODULE]... [--warm MODULE:FUNCTION]... "
              "-- ARG...",
              file=sys.stderr)
        return 2
    fd, call = int(head[0]), head[1]
    preload = [head[i + 1] for i, word in enumerate(head) if word == "--preload" and i + 1 < len(head)]
    sock = socket.socket(fileno=fd)
    entry = _entry(call)
    for module in preload:
        importlib.import_module(module)
    warm = [head[i + 1] for i, word in enumerate(head) if word == "--warm" and i + 1 < len(head)]
    for call in warm:  # the entry point's own preparation, given the same arguments
        try:
            _entry(call)(args)
        except (Exception, SystemExit) as exc:  # a failed warm-up leaves the work to each session, which reports it
            print(f"spawner: {call}: {type(exc).__name__}: {exc}", file=sys.stderr)
    gc.collect()
    gc.freeze()  # the imported objects stay put: the children's pages stay shared with ours
    env = serve_requests(sock)
    if env is None:
        return 0
    os.environ.update(env)
    sys.argv = [sys.argv[0], *args]
    return int(entry(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
