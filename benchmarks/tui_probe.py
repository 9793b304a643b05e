"""One measured run of an app, in a process of its own, for bench_tui.py (which starts it; not run alone).

``python benchmarks/tui_probe.py bare|advisor ANSWERS STORE`` prints one
JSON line. Every time is taken where a frame is painted: when the app's
compositor hands a renderable to ``App._display`` (headless, so nothing is
written to a terminal). Keys go into the app's driver, as a terminal's
would (``Driver.process_message``), not through ``Pilot.press``, whose wait
for idle adds 80-250 ms to what it measures.

- ``bare``: a Textual app showing one Label. ``first_paint``: the wall-clock
  time (``time.time``) of its first painted frame; ``rss_first``: its peak
  RSS then (MiB); ``key_to_paint``: seconds from an Enter key to the frame
  showing the Label's new text, for each of 20 keys. The anchor of every
  figure bench_tui prints.
- ``advisor``: the questionnaire opened on ANSWERS (a file with the first
  answers, so it lands on a question), with the garbage collector off until
  the app turns it on, as the ``advisor`` command starts it (cli.main). ``first_paint`` and ``rss_first`` at
  the first question painted; ``enter_to_next``: for each following
  question, seconds from Enter (its answer already chosen) to the frame
  showing the next question; then, after a second on the review screen
  (``READING``: a person reads it first), the result screen: ``result``
  seconds from asking for it to the frame with the whole report, and
  ``rss_result``.
"""

from __future__ import annotations

import asyncio
import gc
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textual import events  # noqa: E402
from textual.app import App  # noqa: E402

READING = 1.0  # seconds on the review screen before asking for the result


def rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Painted:
    """Mixed into an App: remembers the time of each painted frame, and wakes whoever waits for one."""

    frames: list[float]
    waiter: asyncio.Event | None = None

    def _display(self, screen: Any, renderable: Any) -> None:  # a frame, as the compositor hands it over
        if renderable is not None:
            self.frames.append(time.perf_counter())
            if self.waiter is not None:
                self.waiter.set()
        super()._display(screen, renderable)  # type: ignore[misc]

    async def next_frame(self, condition: Any = None, timeout: float = 10.0) -> float:
        """The time of the first frame painted from now on for which ``condition()`` holds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            self.waiter = asyncio.Event()
            try:
                await asyncio.wait_for(self.waiter.wait(), deadline - time.perf_counter())
            except TimeoutError:
                break
            if condition is None or condition():
                return self.frames[-1]
        raise TimeoutError("no such frame was painted")

    def key(self, key: str, character: str | None = None) -> float:
        """Send ``key`` through the driver, as a terminal would; the time it was sent."""
        sent = time.perf_counter()
        self._driver.process_message(events.Key(key, character))  # type: ignore[attr-defined]
        return sent


async def bare() -> dict[str, Any]:
    from textual.widgets import Label

    class Bare(Painted, App[None]):
        def __init__(self) -> None:
            super().__init__()
            self.frames = []
            self.count = 0

        def compose(self) -> Any:
            yield Label("hello", id="label")

        def on_key(self, event: events.Key) -> None:
            if event.key == "enter":
                self.count += 1
                self.query_one("#label", Label).update(f"hello {self.count}")

    app = Bare()
    out: dict[str, Any] = {}
    async with app.run_test(size=(100, 30)):
        await app.next_frame()
        out["first_paint"], out["rss_first"] = time.time(), rss()
        steps = []
        for n in range(1, 21):
            await asyncio.sleep(0.05)
            sent = app.key("enter", "\r")
            painted = await app.next_frame(lambda n=n: app.count >= n)
            steps.append(painted - sent)
        out["key_to_paint"] = steps
    return out


async def advisor(answers: Path, store: Path) -> dict[str, Any]:
    from advisor.loader import load_ruleset
    from advisor.resources import default_rules
    from advisor.session import SessionStore
    from advisor.ui.app import AdvisorApp
    from advisor.ui.screens.question import QuestionScreen
    from advisor.ui.screens.result import ReportView, ResultScreen

    class Probe(Painted, AdvisorApp):
        pass

    app = Probe(load_ruleset(default_rules(), with_cases=False), store=SessionStore(store), answers_path=answers,
                handle_signals=False)
    app.frames = []
    out: dict[str, Any] = {}

    def on_question() -> Any:
        screen = app.screen
        return screen.question if isinstance(screen, QuestionScreen) else None

    async with app.run_test(size=(100, 30)):
        await app.next_frame(lambda: on_question() is not None)
        out["first_paint"], out["rss_first"] = time.time(), rss()
        steps = []
        while (question := on_question()) is not None:
            await asyncio.sleep(0.05)
            if question.type == "number":
                app.key("1", "1")
            elif question.type == "multi":
                app.key("space", " ")
            else:
                app.key("2", "2")
            await asyncio.sleep(0.05)
            sent = app.key("enter", "\r")
            painted = await app.next_frame(lambda question=question: on_question() is not question)
            if on_question() is not None:
                steps.append(painted - sent)
        out["enter_to_next"] = steps
        # The review screen now shows; a person reads it before asking for the result (idle time the
        # app uses to prepare the report: advisor/ui/idle.py).
        await asyncio.sleep(READING)

        def whole_report() -> bool:
            if not isinstance(app.screen, ResultScreen):
                return False
            view = app.screen.query_one(ReportView)
            return bool(view.content_size.width) and view.content_size.width in view._lines

        asked = time.perf_counter()
        app.action_result()
        out["result"] = await app.next_frame(whole_report) - asked
        out["rss_result"] = rss()
    return out


def main() -> None:
    mode = sys.argv[1]
    if mode == "advisor":
        gc.disable()  # as `advisor` runs: its entry point (advisor.cli.main) turns the collector off
    found = asyncio.run(bare() if mode == "bare" else advisor(Path(sys.argv[2]), Path(sys.argv[3])))
    print(json.dumps(found))


if __name__ == "__main__":
    main()
