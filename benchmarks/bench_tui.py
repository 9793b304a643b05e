"""How quickly does the questionnaire app respond?

Three measurements, each printed as a ratio or against its target (no timed
assertions anywhere; machines here are noisy, so compare ratios):

1. Start-up: from process start to the first question painted, for
   ``advisor --answers FILE`` (headless), against a bare Textual app with one
   Label started the same way in the same run. Both processes exit right after
   their first paint. **Target: at most 1.25x.**
2. Enter to next question: in one running app (``run_test``), the time from
   the Enter key to the next question being painted, over the questionnaire.
   **Target: within two frames, about 35 ms.**
3. Result screen: from asking for the result to the screen with the full
   report painted. **Target: under 150 ms.**

Run from the repository root: ``python benchmarks/bench_tui.py`` (about 1 min).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Each probe prints the wall-clock time of its first paint, then leaves a
# moment later (leaving at once races with widgets still starting up).
BARE = textwrap.dedent("""
    import time
    from textual.app import App
    from textual.widgets import Label

    class Bare(App):
        def compose(self):
            yield Label("hello")

        def on_mount(self):
            self.call_after_refresh(self.painted)

        def painted(self):
            print(time.time(), flush=True)
            self.set_timer(0.05, self.exit)

    Bare().run(headless=True)
""")

ADVISOR = textwrap.dedent("""
    import sys
    from pathlib import Path
    from advisor.loader import load_ruleset
    from advisor.resources import default_rules
    from advisor.session import SessionStore
    from advisor.ui.app import AdvisorApp
    from advisor.ui.screens.question import QuestionScreen

    import time

    class Probe(AdvisorApp):
        seen = False

        def on_mount(self):
            super().on_mount()
            self.set_interval(0.001, self._check)

        def _check(self):
            if not self.seen and isinstance(self.screen, QuestionScreen) and self.screen.question is not None:
                self.seen = True
                self.call_after_refresh(self.painted)

        def painted(self):
            print(time.time(), flush=True)
            self.set_timer(0.05, self.exit)

    ruleset = load_ruleset(default_rules(), with_cases=False)
    Probe(ruleset, store=SessionStore(Path(sys.argv[2])), answers_path=Path(sys.argv[1]),
          handle_signals=False).run(headless=True)
""")


def time_process(code: str, *args: str, env: dict[str, str]) -> float:
    """Seconds from starting the process to its first paint (as the process reports it)."""
    start = time.time()
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, check=True,
                          capture_output=True, text=True)
    return float(done.stdout.split()[-1]) - start


def startup(rounds: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_CACHE_HOME=f"{tmp}/cache", XDG_DATA_HOME=f"{tmp}/data",
                   PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=f"{tmp}/pycache")
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed package would run
        answers = ROOT / "examples" / "clear-salesops.yaml"
        store = f"{tmp}/sessions"
        time_process(ADVISOR, str(answers), store, env=env)  # warm the caches and bytecode
        time_process(BARE, env=env)
        bare, advisor = [], []
        for _ in range(rounds):
            bare.append(time_process(BARE, env=env))
            advisor.append(time_process(ADVISOR, str(answers), store, env=env))
    return statistics.median(bare), statistics.median(advisor)


async def in_app() -> tuple[list[float], list[float], float]:
    from advisor.loader import load_ruleset
    from advisor.session import SessionStore
    from advisor.ui.app import AdvisorApp
    from advisor.ui.screens.question import QuestionScreen
    from advisor.ui.screens.result import ResultScreen

    ruleset = load_ruleset(ROOT / "rules")
    with tempfile.TemporaryDirectory() as tmp:
        app = AdvisorApp(ruleset, store=SessionStore(Path(tmp)), handle_signals=False)
        steps: list[float] = []
        cpu: list[float] = []
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("ctrl+n")
            await pilot.pause()
            while isinstance(app.screen, QuestionScreen):
                screen = app.screen
                question = screen.question
                if question.type in ("number", "multi"):
                    await pilot.press(*("1" if question.type == "number" else "space"))
                else:
                    await pilot.press("2")
                await pilot.pause()
                painted = asyncio.Event()
                start, start_cpu = time.perf_counter(), time.process_time()
                await pilot.press("enter")
                while isinstance(app.screen, QuestionScreen) and app.screen.question is question:
                    await asyncio.sleep(0)
                app.screen.call_after_refresh(painted.set)
                await painted.wait()
                if isinstance(app.screen, QuestionScreen):
                    steps.append(time.perf_counter() - start)
                    cpu.append(time.process_time() - start_cpu)
            painted = asyncio.Event()
            start = time.perf_counter()
            app.action_result()
            while not isinstance(app.screen, ResultScreen):
                await asyncio.sleep(0)
            app.screen.call_after_refresh(painted.set)
            await painted.wait()
            result_time = time.perf_counter() - start
    return steps, cpu, result_time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="start-up rounds (default 10)")
    args = parser.parse_args(argv)
    bare, advisor = startup(args.rounds)
    steps, cpu, result_time = asyncio.run(in_app())
    ratio = advisor / bare
    print(f"bench_tui: Python {sys.version.split()[0]}, {args.rounds} start-up rounds (median)")
    print(f"start-up to first paint: bare Textual app {bare * 1000:.0f} ms, advisor first question "
          f"{advisor * 1000:.0f} ms -> {ratio:.2f}x (target at most 1.25x) "
          f"{'within' if ratio <= 1.25 else 'OVER'} target")
    print(f"Enter to next question painted: median {statistics.median(steps) * 1000:.1f} ms, "
          f"max {max(steps) * 1000:.1f} ms over {len(steps)} questions (target about 35 ms)")
    print(f"  of which CPU work in the process: median {statistics.median(cpu) * 1000:.1f} ms "
          "(the rest is waiting for Textual's next frame and the test driver)")
    print(f"result screen with the full report painted: {result_time * 1000:.0f} ms (target under 150 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
