"""How many browser sessions can `advisor serve` take at once: time to paint them all, and memory per session.

Starts the server (``advisor.serve.make_server``, exactly as ``advisor serve``
does) in a subprocess, opens ``--sessions`` websocket clients at once (as many
browser tabs: handshake, the page's cookie, the same origin), and waits until
each has painted the first question (the screen stream shows "Question
1"). It reports the time until all are painted and the memory of each
session's process (PSS from ``/proc/PID/smaps_rollup``, so shared
libraries are divided among the processes that share them).

The baseline, in the same run and served the same way: a bare Textual app
with one Label, painted when its first frame arrives. The advisor's
sessions open an answers file with no answers yet (``advisor --answers``),
so their first screen is the first question: the start screen's name and
Enter are a person's time, not the app's. **Targets: 40 sessions
painted within 10 s on 2 cores; at most 35 MiB per session; at most 1.3x the
bare app's figures.**

Run from the repository root: ``python benchmarks/bench_serve.py [--sessions 40]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor.spawn import PRELOAD  # noqa: E402

BARE_APP = '''
from textual.app import App
from textual.widgets import Label


class Bare(App):
    def compose(self):
        yield Label("Question 1 of a bare app")


def main(argv=()):
    Bare().run()
    return 0


if __name__ == "__main__":
    main()
'''

SERVER = '''
import json, sys
from advisor.serve import make_server
from advisor.spawn import SpawnSpec
command, port, token, spawn = sys.argv[1], int(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4])
spec = (SpawnSpec(call=spawn["call"], args=spawn["args"], preload=tuple(spawn["preload"]),
                 warm=tuple(spawn["warm"])) if spawn else None)
make_server(command, host="127.0.0.1", port=port, token=token, max_sessions=1000, title="bench",
            spawn=spec).serve()
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


async def one_session(url: str, token: str, answer_start: bool, timeout: float) -> tuple[float, float]:
    """(seconds to the first screen painted, seconds to the first question painted)."""
    import aiohttp

    start = time.perf_counter()
    async with aiohttp.ClientSession(cookies={"advisor_token": token}) as s, \
            s.ws_connect(url.replace("http", "ws") + "/ws?width=100&height=30", origin=url,
                         max_msg_size=0) as ws:
        seen = b""
        answered = False
        first = 0.0
        deadline = start + timeout
        while time.perf_counter() < deadline:
            msg = await asyncio.wait_for(ws.receive(), timeout=deadline - time.perf_counter())
            if msg.type != aiohttp.WSMsgType.BINARY:
                if msg.type == aiohttp.WSMsgType.TEXT:
                    continue
                break
            seen = (seen + msg.data)[-20000:]
            if (answered or not answer_start) and b"Question" in seen:  # "Question 1 · ..." in the header
                return (first or time.perf_counter() - start), time.perf_counter() - start
            if answer_start and not answered and b"Your" in seen:  # the start screen: name, Enter, Enter
                first = time.perf_counter() - start
                answered = True
                seen = b""
                await ws.send_str(json.dumps(["focus"]))  # as the page does when the terminal gets focus
                for keys in ("Bench\r", "\r"):  # name, Enter (to the role field), Enter (start)
                    await ws.send_str(json.dumps(["stdin", keys]))
                    await asyncio.sleep(0.3)
        raise TimeoutError("never painted")


def sessions_of(server: int) -> list[int]:
    """The sessions' processes: the server's children, or the spawner's children if sessions are forked."""
    found = []
    for pid in children_of(server):
        try:
            forks = b"advisor.spawner" in Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            forks = False
        found += children_of(pid) if forks else [pid]
    return found


def children_of(pid: int) -> list[int]:
    return [int(child) for child in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                                                   text=True).stdout.split()]


def run_round(command: str, spawn: dict[str, object] | None, sessions: int, env: dict[str, str], timeout: float
              ) -> tuple[float, list[tuple[float, float]], list[int]]:
    port, token = free_port(), "bench-token"
    server = subprocess.Popen([sys.executable, "-c", SERVER, command, str(port), token, json.dumps(spawn)],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        time.sleep(1.0 if spawn else 0.0)  # the spawner's imports happen at server start, before anyone joins
        url = f"http://127.0.0.1:{port}"

        async def everyone() -> tuple[float, list[tuple[float, float]], list[int]]:
            start = time.perf_counter()
            tasks = [asyncio.create_task(one_session(url, token, False, timeout)) for _ in range(sessions)]
            done = await asyncio.gather(*tasks)  # every tab is open and painted here
            total = time.perf_counter() - start
            return total, list(done), [pss_kib(pid) for pid in sessions_of(server.pid)]

        return asyncio.run(everyone())
    finally:
        server.terminate()
        server.wait(timeout=60)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a session may take to paint")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="advisor-bench-serve-") as tmp_name:
        tmp = Path(tmp_name)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(tmp)]), ADVISOR_WEB="1")
        for var, sub in (("HOME", "home"), ("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"),
                         ("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state")):
            env[var] = str(tmp / sub)  # never the real home: sessions and caches go here
        bare_script = tmp / "bare.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        seed = tmp / "seed.yaml"  # no answers yet: the app opens at the first question
        seed.write_text("format: advisor-answers/1\ncompany: Bench\nanswers: {}\n", encoding="utf-8")
        bare = "exec " + shlex.join([sys.executable, str(bare_script)])
        ours = "exec " + shlex.join([sys.executable, "-m", "advisor", "--answers", str(seed)])
        forked_ours = {"call": "advisor.cli:main", "args": ["--answers", str(seed)], "preload": list(PRELOAD),
                       "warm": ["advisor.cli:warm_session"]}
        forked_bare = {"call": "bare:main", "args": [], "preload": ["textual.drivers.web_driver"], "warm": []}
        setups = {  # name: (command, spawn spec or None for a new process per session)
            "bare Textual app, a new process per session (textual-serve's way)": (bare, None),
            "advisor, a new process per session (before the spawner)": (ours, None),
            "advisor, forked by the spawner (advisor serve today)": (ours, forked_ours),
            "bare Textual app, forked by the same spawner": (bare, forked_bare),
        }
        figures = {}
        for name, (command, spawn) in setups.items():
            run_round(command, spawn, 2, env, args.timeout)  # warm the caches and .pyc files
            total, each, pss = run_round(command, spawn, args.sessions, env, args.timeout)
            per_session = statistics.median(pss) / 1024 if pss else float("nan")
            screens = max(first for first, _ in each)
            figures[name] = (screens, per_session)
            print(f"{name}: {args.sessions} sessions, all painted within {screens:.1f} s "
                  f"(all connected and painted: {total:.1f} s); PSS per session: median {per_session:.1f} MiB, "
                  f"max {max(pss) / 1024 if pss else float('nan'):.1f} MiB", flush=True)
        (bare_t, bare_m), (before_t, before_m), (now_t, now_m), (fbare_t, fbare_m) = figures.values()
        print(f"advisor serve today vs the bare app served by textual-serve: first screens {now_t / bare_t:.2f}x, "
              f"memory {now_m / bare_m:.2f}x (before the spawner: {before_t / bare_t:.2f}x, {before_m / bare_m:.2f}x)")
        print(f"advisor serve today vs the bare app forked the same way: first screens {now_t / fbare_t:.2f}x, "
              f"memory {now_m / fbare_m:.2f}x")
        print("targets: 40 painted within 10 s on 2 cores, at most 35 MiB per session, at most 1.3x the bare app")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
