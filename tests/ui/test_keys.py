"""The table of keys (advisor/ui/keys.py) is what the screens bind, the footer shows, F1 lists and the README says.

Checked: the README's table is the one the code generates; every footer fits
in 80 columns on every screen; F1 lists the keys of the screen it is opened
from; digits tick options in a multiple choice, whose marks differ without
colour and which offers an explicit "None of these"; keys a number field
swallows leave the footer while it has focus; an empty number asks before
skipping; → from a question opened in the review goes on to the next
question; Ctrl+S and Ctrl+E work on every screen with answers.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from textual.widgets import Footer

from advisor.model import Ruleset
from advisor.session import SessionStore
from advisor.ui.app import AdvisorApp
from advisor.ui.keys import KEYS, markdown_table
from advisor.ui.screens.confirm import ConfirmScreen
from advisor.ui.screens.export import ExportScreen
from advisor.ui.screens.help import HelpScreen
from advisor.ui.screens.question import QuestionScreen
from advisor.ui.screens.result import ResultScreen
from advisor.ui.screens.review import ReviewScreen
from advisor.ui.widgets.answer import MultiAnswer, NumberAnswer

from .conftest import run

ROOT = Path(__file__).resolve().parents[2]


def footer_text(app: AdvisorApp) -> str:
    """The footer as a person reads it: the keys and words it shows, in one line."""
    footer = app.screen.query_one(Footer)
    return " ".join(str(key.render()) for key in footer.query("FooterKey"))


def test_the_readme_table_is_the_one_the_code_generates() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- keys:.*?-->\n(.*?)\n<!-- /keys -->", readme, re.S)
    assert found, "the README has no generated table of keys"
    assert found.group(1) == markdown_table()
    for scope in KEYS:  # every scope is in it
        assert any(key.help in found.group(1) for key in KEYS[scope])


async def _to_question(pilot: Any, app: AdvisorApp, question_id: str) -> QuestionScreen:
    app.new_session("Acme", "Ana", "Founder")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, QuestionScreen)
    screen.show_question(question_id)
    await pilot.pause()
    return screen


def test_every_footer_fits_in_80_columns_and_f1_lists_the_screen_keys(ruleset: Ruleset, tmp_path: Path) -> None:
    async def scenario() -> None:
        app = AdvisorApp(ruleset, store=SessionStore(tmp_path), handle_signals=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for question_id, scope in (("company_stage", "choice"), ("revenue_teams", "multi"),
                                       ("sales_reps", "number")):
                screen = await _to_question(pilot, app, question_id) if scope == "choice" else app.screen
                assert isinstance(screen, QuestionScreen)
                screen.show_question(question_id)
                await pilot.pause()
                assert screen.key_scopes() == ("question", scope)
                footer = screen.query_one(Footer)
                keys = list(footer.query("FooterKey"))
                assert sum(key.size.width for key in keys) <= 80, footer_text(app)  # none of them cut
                assert "F1" in footer_text(app) and "Quit" in footer_text(app)
                await pilot.press("f1")
                await pilot.pause()
                assert isinstance(app.screen, HelpScreen)
                listed = [keys for _, keys, _ in app.screen.rows]
                shown = html.unescape(app.export_screenshot()).replace("\xa0", " ")
                assert all(key in shown for key in listed), listed
                assert "F1" in listed and "Ctrl+Q" in listed
                expected = {"choice": "1-9", "multi": "Space", "number": "PgUp"}[scope]
                assert expected in listed
                await pilot.press("escape")
                await pilot.pause()
                assert app.screen is screen
            for opener in ("r", "v"):  # the review and the result screens too
                await pilot.press(opener)
                await pilot.pause()
                keys = list(app.screen.query_one(Footer).query("FooterKey"))
                assert sum(key.size.width for key in keys) <= 80, footer_text(app)
    run(scenario())


def test_digits_tick_a_multiple_choice_whose_marks_differ_without_colour(ruleset: Ruleset, tmp_path: Path) -> None:
    async def scenario() -> None:
        app = AdvisorApp(ruleset, store=SessionStore(tmp_path), handle_signals=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = await _to_question(pilot, app, "revenue_teams")
            control = screen.query_one(MultiAnswer)
            labels = [label for _, label in control.choices]
            assert labels[-1] == "None of these"
            await pilot.press("1", "3")
            await pilot.pause()
            session = app.active_session
            first, third = control.question.options[0].value, control.question.options[2].value
            assert session.answers["revenue_teams"] == [first, third]
            text = [str(control.get_option_at_index(i).prompt) for i in range(len(labels))]
            assert text[0].startswith("☑ 1") and text[1].startswith("☐ 2") and text[2].startswith("☑ 3")
            await pilot.press(str(len(labels)))  # "None of these": an answer, the ticks cleared
            await pilot.pause()
            assert session.answers["revenue_teams"] == []
            await pilot.press(str(len(labels)))  # again: not answered
            await pilot.pause()
            assert "revenue_teams" not in session.answers
            await pilot.press("enter")  # nothing ticked, Enter: "none of these", and on
            await pilot.pause()
            assert session.answers["revenue_teams"] == []
            assert screen.question is not None and screen.question.id != "revenue_teams"
    run(scenario())


def test_a_number_field_hides_the_keys_it_swallows_and_asks_before_skipping(ruleset: Ruleset,
                                                                            tmp_path: Path) -> None:
    async def scenario() -> None:
        app = AdvisorApp(ruleset, store=SessionStore(tmp_path), handle_signals=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = await _to_question(pilot, app, "sales_reps")
            assert isinstance(screen.focused, NumberAnswer)
            shown = footer_text(app)
            assert "Why?" in shown and "F2" in shown and "Review" not in shown and "?" not in shown.split("Why?")[0]
            await pilot.press("enter")  # empty
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("n")  # no: stay, and type
            await pilot.pause()
            assert app.screen is screen and screen.question is not None and screen.question.id == "sales_reps"
            await pilot.press("f2")
            await pilot.pause()
            assert screen.why_wanted is False
            await pilot.press("ctrl+e")  # export, as on every question, not the field's "end of line"
            await pilot.pause()
            assert isinstance(app.screen, ExportScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen
            await pilot.press("enter", "y")  # empty again; yes: skipped, unanswered
            await pilot.pause()
            assert screen.question.id != "sales_reps" and "sales_reps" not in app.active_session.answers
    run(scenario())


def test_next_from_a_question_opened_in_the_review_goes_on_in_order(ruleset: Ruleset, tmp_path: Path) -> None:
    async def scenario() -> None:
        app = AdvisorApp(ruleset, store=SessionStore(tmp_path), handle_signals=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            screen = await _to_question(pilot, app, "company_stage")
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)
            await pilot.press("enter")  # the first question, opened from the review
            await pilot.pause()
            edited = app.screen
            assert isinstance(edited, QuestionScreen) and edited.return_to_review
            first = edited.question.id if edited.question else ""
            await pilot.press("right")
            await pilot.pause()
            assert app.screen is edited and edited.question is not None and edited.question.id != first
            await pilot.press("escape")  # back to the review
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)
            del screen
    run(scenario())


def test_save_and_export_work_on_every_screen_with_answers(ruleset: Ruleset, tmp_path: Path) -> None:
    async def scenario() -> None:
        app = AdvisorApp(ruleset, store=SessionStore(tmp_path), handle_signals=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await _to_question(pilot, app, "company_stage")
            await pilot.press("1")
            for opener in ((), ("r",), ("r", "v")):
                await pilot.press(*opener)
                await pilot.pause()
                on = type(app.screen)
                assert on in (QuestionScreen, ReviewScreen, ResultScreen)
                for key in ("ctrl+s", "ctrl+e"):
                    await pilot.press(key)
                    await pilot.pause()
                    assert isinstance(app.screen, ExportScreen), (on, key)
                    await pilot.press("escape")
                    await pilot.pause()
                    assert type(app.screen) is on
    run(scenario())


def test_the_export_formats_show_which_is_chosen_without_colour(ruleset: Ruleset, tmp_path: Path) -> None:
    from advisor.ui.screens.export import FormatButton

    async def scenario() -> None:
        app = AdvisorApp(ruleset, store=SessionStore(tmp_path), handle_signals=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await _to_question(pilot, app, "company_stage")
            await pilot.press("ctrl+e")
            await pilot.pause()
            marks = {button.id: str(button.render())[:3] for button in app.screen.query(FormatButton)}
            assert marks.pop("format-markdown") == "▐●▌" and set(marks.values()) == {"▐○▌"}
            assert {"format-json", "format-html", "format-answers"} <= set(marks)
            await pilot.press("down", "enter")  # JSON chosen: the marks follow
            await pilot.pause()
            marks = {button.id: str(button.render())[:3] for button in app.screen.query(FormatButton)}
            assert marks["format-json"] == "▐●▌" and marks["format-markdown"] == "▐○▌"
    run(scenario())
