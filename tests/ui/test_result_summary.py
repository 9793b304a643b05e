"""The result screen puts the summary first, and says each thing once.

At 80x24, right after the last answer, the verdict, the strength of the need
and the direction with its confidence are on the first screen; a weak result
reads "Not yet" with its lean, never "Build ..."; the verdict and the score
chart appear once each (the report under them leaves them out). The answers
are built from the loaded ruleset, so the tests hold while its questions are
reworded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Footer, Static

from advisor.engine import evaluate
from advisor.ui.screens.export import ExportScreen
from advisor.ui.screens.question import QuestionScreen
from advisor.ui.screens.result import ReportView, ResultScreen
from advisor.ui.screens.review import ReviewScreen
from advisor.ui.widgets.scores import ScoreChart

from .conftest import choice_values, report_rendered, run

ROOT = Path(__file__).resolve().parents[2]
CLEAR = ROOT / "examples" / "clear-salesops.yaml"
SMALL = (80, 24)
# A founder with first customers and nobody selling full time.
FOUNDER = {"company_stage": "first_customers", "sales_reps": 0}


def text_of(widget: Any) -> str:
    return " ".join(str(widget.render()).split())


def quietest(ruleset: Any, answers: dict[str, Any], question: Any) -> Any:
    """The answer to ``question`` that adds the fewest points (a company with little going on)."""
    def points(value: Any) -> int:
        result = evaluate(ruleset, {**answers, question.id: value})
        return result.salesops + result.revops

    if question.type == "number":
        return 0
    if question.type == "multi":
        return []
    return min(choice_values(question), key=points)


async def answer_as_founder(pilot: Any, ruleset: Any) -> None:
    """Answer every question on screen as a small founder-led company would, with keys, up to the review."""
    for _ in range(len(ruleset.questions) + 1):
        screen = pilot.app.screen
        if not isinstance(screen, QuestionScreen):
            break
        question = screen.question
        value = FOUNDER.get(question.id, quietest(ruleset, dict(pilot.app.session.answers), question))
        if question.type == "number":
            await pilot.press(*str(value), "enter")
        elif question.type == "multi":
            await pilot.press("enter")  # nothing ticked
        else:
            await pilot.press(str(choice_values(question).index(value) + 1), "enter")
        await pilot.pause()


def assert_summary_on_first_screen(screen: ResultScreen) -> None:
    """Verdict, strength and direction lie between the header and the footer, with nothing scrolled."""
    assert screen.query_one("#result-scroll").scroll_y == 0
    footer = screen.query_one(Footer).region
    for selector in ("#verdict", "#strength", "#direction"):
        region = screen.query_one(selector).region
        assert region.height > 0 and region.y >= 1 and region.bottom <= footer.y, (selector, region)


def assert_said_once(screen: ResultScreen) -> None:
    """One score chart, and the report under the summary repeats neither the verdict nor the scores."""
    assert len(screen.query(ScoreChart)) == 1
    report = screen.query_one(ReportView)
    shown = " ".join(strip.text for strip in report.lines_at(report.content_size.width))
    title = screen.report["recommendation"]["title"]
    scores_row = f"| {screen.report['scores']['salesops']['short']} | {screen.report['scores']['salesops']['score']} |"
    assert title not in shown and "█" not in shown and "░" not in shown and scores_row not in screen.shown
    assert title in screen.markdown and scores_row in screen.markdown  # the exported report keeps both


def test_a_weak_result_says_not_yet_on_the_first_screen(make_app: Any, ruleset: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            await pilot.press(*"Tiny Loop", "ctrl+n")
            await pilot.pause()
            await answer_as_founder(pilot, ruleset)
            assert isinstance(app.screen, ReviewScreen), "the last answer leads to the review"
            result = app.session.result
            assert result.outcome == "not_yet", (result.decision.id, result.salesops, result.revops)
            # Enter with nothing ticked answers "none of these" (no other teams): every question is answered.
            assert result.unanswered == ()
            assert [q.id for q in ruleset.questions if q.type == "multi" and app.session.answers.get(q.id) == []]
            await pilot.press("v")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ResultScreen)
            await report_rendered(pilot)

            assert_summary_on_first_screen(screen)
            banner = text_of(screen.query_one("#verdict", Static))
            lean = app.function_names()[result.lean]
            assert banner.startswith("Not yet") and lean in banner and "Build" not in banner
            assert screen.query_one("#verdict-row").has_class("-not-yet")
            strength = screen.report["strength"]["label"]
            assert strength in text_of(screen.query_one("#strength", Static))
            direction = text_of(screen.query_one("#direction", Static))
            assert screen.report["direction"]["label"] in direction and lean in direction
            assert_said_once(screen)
            chart = text_of(screen.query_one(ScoreChart))
            for side in ("salesops", "revops"):  # each side's strength of need, on the chart
                assert screen.report["scores"][side]["label"] in chart
            assert "╎" in chart and "┃" in chart  # where the need emerges, where it is clear

    run(scenario())


def test_a_clear_result_at_80x24(make_app: Any, ruleset: Any) -> None:
    async def scenario() -> None:
        app = make_app(answers_path=CLEAR)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            await pilot.press("r")
            await pilot.pause()
            await pilot.press("v")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ResultScreen)
            await report_rendered(pilot)
            assert screen.report["recommendation"]["outcome"] == "salesops"

            assert_summary_on_first_screen(screen)
            banner = text_of(screen.query_one("#verdict", Static))
            assert banner == screen.report["recommendation"]["title"]
            assert not screen.query_one("#verdict-row").has_class("-not-yet")
            direction = text_of(screen.query_one("#direction", Static))
            assert app.function_names()["salesops"] in direction and screen.report["direction"]["label"] in direction
            assert_said_once(screen)

    run(scenario())


def test_the_summary_follows_changed_answers(make_app: Any, ruleset: Any) -> None:
    async def scenario() -> None:
        app = make_app(answers_path=CLEAR)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            app.action_result()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ResultScreen)
            before = text_of(screen.query_one(ScoreChart))
            # Through a question screen, as the review would: no reps any more.
            app.push_screen(QuestionScreen("sales_reps", return_to_review=True))
            await pilot.pause()
            await pilot.press("ctrl+a", "ctrl+k", "0", "enter")
            await pilot.pause()
            assert app.screen is screen
            result = app.session.result
            assert screen.report["scores"]["salesops"]["score"] == result.salesops
            after = text_of(screen.query_one(ScoreChart))
            assert after != before and f"{result.salesops}/{result.salesops_max}" in after

    run(scenario())


def test_the_buttons_beside_the_verdict_where_they_fit(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app(answers_path=CLEAR)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.action_result()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ResultScreen)
            assert screen.query_one("#result-actions").display
            await pilot.click("#export-button")
            await pilot.pause()
            assert isinstance(app.screen, ExportScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen
            await pilot.click("#review-button")
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)
            # At 80 columns the verdict has the width; the footer's keys do the same.
            await pilot.resize_terminal(*SMALL)
            app.action_result()
            await pilot.pause()
            assert isinstance(app.screen, ResultScreen) and not app.screen.query_one("#result-actions").display

    run(scenario())
