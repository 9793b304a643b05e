"""Regenerate the README's screenshots (docs/images/*.svg) from the real app.

    python docs/screenshots.py

Runs the questionnaire headless at 100x30 on the answers in
examples/both-phased.yaml and saves what the question and result screens
show, as SVG (Textual's own screenshot format); then the facilitator view
of examples/workshop at 120x36.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


async def main() -> None:
    from advisor.loader import load_ruleset
    from advisor.session import SessionStore
    from advisor.ui.app import AdvisorApp
    from advisor.ui.screens.result import ResultScreen

    out = ROOT / "docs" / "images"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_DATA_HOME"] = tmp
        os.environ["XDG_CONFIG_HOME"] = tmp  # the default theme, whatever theme this machine saved
        app = AdvisorApp(load_ruleset(ROOT / "rules"), store=SessionStore(Path(tmp) / "s"),
                         answers_path=ROOT / "examples" / "both-phased.yaml", handle_signals=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("escape")  # a complete answers file opens on the review: to the questions
            await pilot.pause()
            app.screen.show_question("lead_runway")
            await pilot.pause(0.3)
            app.save_screenshot(str(out / "question.svg"))
            app.push_screen(ResultScreen(date="2026-12-01"))
            await pilot.pause(1.0)  # the report's tail renders in a worker
            app.save_screenshot(str(out / "result.svg"))
        from advisor.ui.facilitator import FacilitatorApp
        from advisor.workshop.folder import read_workshop

        ruleset = load_ruleset(ROOT / "rules")
        folder = ROOT / "examples" / "workshop"
        room = FacilitatorApp(ruleset, folder, read_workshop(folder, ruleset), handle_signals=False)
        async with room.run_test(size=(120, 36)) as pilot:
            await pilot.pause(0.5)
            room.save_screenshot(str(out / "workshop.svg"))
    print(f"saved {out / 'question.svg'}, {out / 'result.svg'} and {out / 'workshop.svg'}")


if __name__ == "__main__":
    asyncio.run(main())
