"""The question screen's first frame holds the question; the score panel and the Footer arrive right after.

Issue 14: styling and laying out the Footer and the score panel was most of
the time to the first question. They are mounted after the first frame, the
Footer in a one-row placeholder of its colour, so nothing moves. The
snapshot tests show the screen once they have arrived; this checks they do.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer

from advisor.ui.screens.question import QuestionScreen
from advisor.ui.widgets.scores import ScorePanel

from .conftest import SIZE, run


def test_the_footer_and_the_score_panel_arrive_after_the_first_frame(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+n")
            screen = app.screen
            assert isinstance(screen, QuestionScreen)
            assert not screen.query(Footer) or not screen.query("#footer-room")  # one or the other, never both
            await pilot.pause()
            await pilot.pause()
            assert not screen.query("#footer-room")
            footer = screen.query_one(Footer)
            assert footer.region.height == 1 and footer.region.y == SIZE[1] - 1
            assert "Next" in "".join(str(key.render()) for key in footer.children)  # its keys are listed
            panel = screen.query_one("#scores", ScorePanel)
            assert panel.result is app.session.result
    run(scenario())
