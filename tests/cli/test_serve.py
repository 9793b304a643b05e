"""`advisor serve`, run as a consultant would, probed as an attacker would: over real HTTP and websockets.

Each test starts the server in a subprocess on a free port, with HOME and the
XDG folders in a temp dir and a workshop folder to answer into, and talks to
it with aiohttp's client (the websocket protocol a browser speaks). Checked:
the token and its cookie, 403 for every request without them and for a
websocket from another origin, no folder listing, the session cap, clamped
terminal sizes, a session that paints and writes its answers file, a killed
session that leaves the server up, and SIGTERM ending every session.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import segno

from advisor.serve import MAX_SIZE, MIN_SIZE, clamp_size, link_host, session_command
from tests.cli.test_cli import ROOT, run

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and process groups")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    def __init__(self, proc: subprocess.Popen[str], url: str, token: str, folder: Path) -> None:
        self.proc, self.url, self.token, self.folder = proc, url, token, folder
        self.first_lines = ""  # what the server printed before its link, and the link

    def children(self) -> list[int]:
        """The sessions' processes: forked by the spawner (on Linux), or the server's own children."""
        sessions = []
        for pid in child_pids(self.proc.pid):
            if pid == self.spawner():
                sessions += child_pids(pid)
            else:
                sessions.append(pid)
        return sessions

    def stop_and_read_stdout(self) -> str:
        self.proc.send_signal(signal.SIGTERM)
        out, _ = self.proc.communicate(timeout=30)
        return self.first_lines + out

    def stop_and_read_stderr(self) -> str:
        self.proc.send_signal(signal.SIGTERM)
        _, err = self.proc.communicate(timeout=30)
        return err

    def spawner(self) -> int | None:
        for pid in child_pids(self.proc.pid):
            try:
                if b"advisor.spawner" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    return pid
            except OSError:
                pass
        return None


def child_pids(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(child) for child in out.split()]


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie waiting to be reaped has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


FORKS = sys.platform.startswith("linux")  # sessions are forked by the spawner there


@pytest.fixture
def served(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Served]:
    extra: list[str] = getattr(request, "param", [])
    made = run("workshop", "new", "room", "--company", "Acme", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "advisor", "serve", "--port", str(port), "--workshop", "room",
                             *extra], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    line = read = ""
    deadline = time.time() + 30
    while "token=" not in line and time.time() < deadline:
        line = proc.stdout.readline()
        read += line
    found = re.search(r"(http://\S+)/\?token=(\S+)", line)
    assert found, line
    url, token = found.groups()
    for _ in range(100):  # listening yet?
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    served = Served(proc, url, token, tmp_path / "room")
    served.first_lines = read
    yield served
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def http(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


async def status(url: str, **kwargs: Any) -> tuple[int, dict[str, str], str]:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as s, \
            s.get(url, allow_redirects=False, **kwargs) as r:
        return r.status, dict(r.headers), await r.text()


# -- access ---------------------------------------------------------------------------------------

def test_every_request_without_the_token_is_refused(served: Served) -> None:
    for path in ("/", "/ws", "/static/js/textual.js", "/download/x", "/?token=wrong"):
        code, _, text = http(status(served.url + path))
        assert code == 403, path
        assert "advisor:" in text


def test_the_token_sets_a_strict_cookie_and_leaves_the_address_bar(served: Served) -> None:
    code, headers, _ = http(status(f"{served.url}/?token={served.token}&fontsize=14"))
    assert code == 303
    assert headers["Location"] == "/?fontsize=14"
    cookie = headers["Set-Cookie"]
    assert f"advisor_token={served.token}" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    code, _, page = http(status(served.url + "/", cookies={"advisor_token": served.token}))
    assert code == 200 and "/ws" in page and served.token not in page


def test_static_lists_no_folder(served: Served) -> None:
    jar = {"advisor_token": served.token}
    assert http(status(served.url + "/static/", cookies=jar))[0] in (403, 404)
    assert http(status(served.url + "/static/js/textual.js", cookies=jar))[0] == 200


async def _ws(served: Served, origin: str, query: str = "") -> aiohttp.ClientWebSocketResponse:
    session = aiohttp.ClientSession(cookies={"advisor_token": served.token})
    try:
        return await session.ws_connect(served.url.replace("http", "ws") + "/ws" + query, origin=origin)
    except BaseException:
        await session.close()
        raise


def test_a_websocket_from_another_origin_is_refused(served: Served) -> None:
    async def attempt() -> int:
        try:
            ws = await _ws(served, "http://evil.example")
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status
        await ws.close()
        return 101
    assert http(attempt()) == 403
    assert served.children() == []  # no app process was started for it


# -- sessions -------------------------------------------------------------------------------------

async def _screen(ws: aiohttp.ClientWebSocketResponse, seconds: float = 20.0, until: int = 4000) -> int:
    got = 0
    deadline = time.time() + seconds
    while time.time() < deadline and got < until:
        try:
            msg = await asyncio.wait_for(ws.receive(), timeout=max(0.1, deadline - time.time()))
        except TimeoutError:
            break
        if msg.type == aiohttp.WSMsgType.BINARY:
            got += len(msg.data)
        elif msg.type != aiohttp.WSMsgType.TEXT:
            break
    return got


def test_a_session_paints_writes_its_file_and_ends_with_its_tab(served: Served) -> None:
    async def scenario() -> None:
        async with aiohttp.ClientSession(cookies={"advisor_token": served.token}) as s, \
                s.ws_connect(served.url.replace("http", "ws") + "/ws?width=100&height=30", origin=served.url) as ws:
            assert await _screen(ws) > 0  # the start screen arrived
            assert len(served.children()) == 1
            if FORKS:  # forked by the spawner, not started afresh
                spawner = served.spawner()
                assert spawner is not None and child_pids(spawner) == served.children()
            await ws.send_str(json.dumps(["stdin", "Zoe"]))
            await asyncio.sleep(0.5)
            await ws.send_str(json.dumps(["stdin", "\r"]))
            await asyncio.sleep(0.5)
            await ws.send_str(json.dumps(["stdin", "Sales\r"]))
            for _ in range(100):
                if (served.folder / "zoe.yaml").exists():
                    break
                await asyncio.sleep(0.1)
        for _ in range(100):  # the tab is closed: its process ends
            if not served.children():
                break
            await asyncio.sleep(0.1)
    http(scenario())
    assert "name: Zoe" in (served.folder / "zoe.yaml").read_text(encoding="utf-8")
    assert served.children() == []
    assert served.proc.poll() is None


@pytest.mark.parametrize("served", [["--max-sessions", "1"]], indirect=True)
def test_the_session_cap_holds_and_says_so(served: Served) -> None:
    async def scenario() -> tuple[int, str, int]:
        async with aiohttp.ClientSession(cookies={"advisor_token": served.token}) as s, \
                s.ws_connect(served.url.replace("http", "ws") + "/ws", origin=served.url) as ws:
            await _screen(ws, until=1)
            try:
                await s.ws_connect(served.url.replace("http", "ws") + "/ws", origin=served.url)
                second = 101
            except aiohttp.WSServerHandshakeError as exc:
                second = exc.status
            async with s.get(served.url + "/") as page:
                return second, await page.text(), page.status
    second, text, page_status = http(scenario())
    assert second == 503 and page_status == 503
    assert "--max-sessions 1" in text


def test_a_killed_session_leaves_the_server_up(served: Served) -> None:
    async def scenario() -> None:
        async with aiohttp.ClientSession(cookies={"advisor_token": served.token}) as s:
            ws = await s.ws_connect(served.url.replace("http", "ws") + "/ws", origin=served.url)
            await _screen(ws, until=1)
            for pid in served.children():
                os.kill(pid, signal.SIGKILL)  # the session crashes, as hard as it can
            await _screen(ws, seconds=3)
            await ws.close()
            async with s.get(served.url + "/") as page:
                assert page.status == 200
            again = await s.ws_connect(served.url.replace("http", "ws") + "/ws", origin=served.url)
            assert await _screen(again) > 0
            await again.close()
    http(scenario())
    assert served.proc.poll() is None


@pytest.mark.skipif(not FORKS, reason="sessions are forked on Linux only")
def test_sessions_still_start_when_the_spawner_has_died(served: Served) -> None:
    spawner = served.spawner()
    assert spawner is not None
    os.kill(spawner, signal.SIGKILL)

    async def scenario() -> int:
        await asyncio.sleep(0.5)
        async with aiohttp.ClientSession(cookies={"advisor_token": served.token}) as s, \
                s.ws_connect(served.url.replace("http", "ws") + "/ws", origin=served.url) as ws:
            painted = await _screen(ws)
            assert served.spawner() is None and len(served.children()) == 1  # a new process, the server's own
            return painted
    assert http(scenario()) > 0
    assert served.proc.poll() is None
    assert "spawner has stopped" in served.stop_and_read_stderr()


def test_sigterm_ends_every_session_and_the_server(served: Served) -> None:
    ended: list[int] = []

    async def scenario() -> None:
        async with aiohttp.ClientSession(cookies={"advisor_token": served.token}) as s:
            sockets = [await s.ws_connect(served.url.replace("http", "ws") + "/ws", origin=served.url)
                       for _ in range(2)]
            for ws in sockets:
                await _screen(ws)
            assert len(served.children()) == 2
            ended.extend(served.children() + ([served.spawner()] if FORKS else []))  # type: ignore[list-item]
            first = sockets[0]
            for keys in ("Yan", "\r", "Sales\r"):
                await first.send_str(json.dumps(["stdin", keys]))
                await asyncio.sleep(0.5)
            for _ in range(100):
                if (served.folder / "yan.yaml").exists():
                    break
                await asyncio.sleep(0.1)
            await asyncio.sleep(1.0)  # the first question is on screen
            await first.send_str(json.dumps(["stdin", "3\r"]))
            await asyncio.sleep(1.0)
            served.proc.send_signal(signal.SIGTERM)
            for ws in sockets:
                await _screen(ws, seconds=15)
    http(scenario())
    assert served.proc.wait(timeout=30) == 0
    assert len(ended) == (3 if FORKS else 2) and all(pid is not None for pid in ended)
    for _ in range(50):
        if not any(alive(pid) for pid in ended):
            break
        time.sleep(0.1)
    assert [pid for pid in ended if alive(pid)] == []  # every session, and the spawner, has ended
    saved = (served.folder / "yan.yaml").read_text(encoding="utf-8")
    assert "company_stage: growing" in saved


# -- pieces ----------------------------------------------------------------------------------------

def test_sizes_from_a_browser_are_clamped() -> None:
    assert clamp_size("100000", "-5") == (MAX_SIZE[0], MIN_SIZE[1])
    assert clamp_size("abc", None) == (80, 24)
    assert clamp_size(120, 40) == (120, 40)
    assert clamp_size("9" * 5000, "1e9") == (MAX_SIZE[0], 24)


def test_the_session_command_quotes_hostile_paths(tmp_path: Path) -> None:
    folder = tmp_path / "room $(touch pwned) `x` ; rm -rf ~ 'q' \"d\""
    words = shlex.split(session_command(workshop=folder, rules=tmp_path / "a b"))
    assert words[-2:] == ["--workshop", str(folder.resolve())]
    assert words[:4] == ["exec", sys.executable, "-m", "advisor"]
    assert not (tmp_path / "pwned").exists()


def test_another_host_warns_who_can_reach_it_and_links_an_address_a_phone_can_open(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "advisor", "serve", "--host", "0.0.0.0", "--port",
                             str(port), "--qr", "always"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(3)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert "anyone who can reach this machine" in err
    link = re.search(r"Open (http://(\S+):(\d+)/\?token=\S+)", out)
    assert link, out
    url, host, shown_port = link.groups()
    assert host not in ("0.0.0.0", "[::]") and shown_port == str(port)  # an address, not the wildcard
    assert link_host("0.0.0.0") == host
    # The QR code is the link itself, drawn in block characters after it.
    drawn = io.StringIO()
    segno.make(url, error="l").terminal(out=drawn, compact=True)
    assert drawn.getvalue() in out


def test_no_qr_code_on_this_machine_only_or_when_asked_not_to(served: Served, tmp_path: Path) -> None:
    assert link_host("127.0.0.1") == "127.0.0.1" and link_host("example.org") == "example.org"
    out = served.stop_and_read_stdout()
    assert "token=" in out and "▀" not in out and "█" not in out


def test_the_page_addresses_its_script_and_websocket_by_the_host_the_browser_used(served: Served) -> None:
    port = served.url.rsplit(":", 1)[1]
    for host in (f"localhost:{port}", f"127.0.0.1:{port}"):
        code, _, text = http(status(served.url + "/", headers={"Host": host},
                                    cookies={"advisor_token": served.token}))
        assert code == 200
        assert f'"ws://{host}/ws"' in text or f"ws://{host}/ws" in text
        assert f"http://{host}/static/" in text


@pytest.mark.parametrize(("args", "found"), [(["--max-sessions", "0"], "--max-sessions"),
                                             (["--port", "70000"], "--port"),
                                             (["--workshop", "nowhere"], "no such workshop folder")])
def test_bad_serve_arguments(tmp_path: Path, args: list[str], found: str) -> None:
    proc = run("serve", *args, cwd=tmp_path)
    assert proc.returncode in (2, 3) and found in proc.stderr


def test_focus_and_blur_reach_the_app(served: Served) -> None:
    # The page sends ["focus"] and ["blur"] without data; a relay that wants two items drops them.
    async def scenario() -> bool:
        async with aiohttp.ClientSession(cookies={"advisor_token": served.token}) as s, \
                s.ws_connect(served.url.replace("http", "ws") + "/ws?width=100&height=30", origin=served.url) as ws:
            await _screen(ws)
            await ws.send_str(json.dumps(["focus"]))
            await ws.send_str(json.dumps(["stdin", "Quinn"]))
            await asyncio.sleep(0.3)
            await ws.send_str(json.dumps(["stdin", "\r"]))
            await asyncio.sleep(0.3)
            await ws.send_str(json.dumps(["stdin", "Sales\r"]))
            for _ in range(100):
                if (served.folder / "quinn.yaml").exists():
                    return True
                await asyncio.sleep(0.1)
            return False
    assert http(scenario())


def test_a_port_in_use_or_an_unknown_host_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = run("serve", "--port", str(port), cwd=tmp_path)
    assert proc.returncode == 4
    assert f"cannot listen on 127.0.0.1 port {port}" in proc.stderr and "--port" in proc.stderr
    assert "token=" not in proc.stdout  # no link to a server that is not there
    unknown = run("serve", "--host", "nosuch.invalid", "--port", str(free_port()), cwd=tmp_path)
    assert unknown.returncode == 4 and "cannot listen on nosuch.invalid" in unknown.stderr
