"""Whole journeys through the app, checked the way a person would check them.

A run-through from the start screen to an exported report, changing answers
from the review, exports that fail and files that already exist, saving the
answers, the command palette and footer, both themes, and an answers file
made for another version of the ruleset. The results are compared with what
`advisor evaluate` prints for the same answers and date.
"""

from __future__ import annotations

import datetime as _dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Input, RadioSet, Static

from advisor import cli
from advisor.answers import load_answers
from advisor.engine import evaluate as evaluate_answers
from advisor.language import long_date
from advisor.report import answer_phrase
from advisor.session import SessionStore
from advisor.ui.screens.confirm import ConfirmScreen
from advisor.ui.screens.export import KINDS, ExportScreen
from advisor.ui.screens.question import QuestionScreen
from advisor.ui.screens.result import ReportView, ResultScreen, render_markdown
from advisor.ui.screens.review import AnswerTable, ReviewScreen
from advisor.ui.screens.start import StartScreen
from advisor.ui.texts import t

from .conftest import SIZE, leave_review, opening_option, report_rendered, run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"


@pytest.fixture
def rep_questions(ruleset: Any) -> set[str]:
    """The questions about reps: shown for the example's twelve reps, hidden for none (at least five)."""
    answers = dict(load_answers(EXAMPLE, ruleset).answers)
    with_reps = set(evaluate_answers(ruleset, {**answers, "sales_reps": 12}).hidden)
    without = set(evaluate_answers(ruleset, {**answers, "sales_reps": 0}).hidden)
    found = without - with_reps
    assert {"rep_admin_share", "reps_below_target", "rep_reactivity", "rep_future"} <= found
    return found


# -- helpers ------------------------------------------------------------------------------------

def evaluate(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """What `advisor evaluate ARGS` prints (run in-process); it must succeed."""
    capsys.readouterr()
    code = cli.main(["evaluate", *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


async def type_text(pilot: Any, text: str) -> None:
    await pilot.press(*text)


async def replace_path(pilot: Any, text: str) -> None:
    """Clear the path field and type ``text`` into it (from the format list, where the dialog opens: Tab first)."""
    if isinstance(pilot.app.focused, RadioSet):
        await pilot.press("tab")
    assert isinstance(pilot.app.focused, Input)
    await pilot.press("ctrl+a", "ctrl+k")
    await type_text(pilot, text)


def status_text(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def choose_format(pilot: Any, kind: str) -> None:
    """In the export dialog: on the formats (where it opens), down or up to ``kind``, Enter.

    The highlight starts on the format chosen when the dialog opened.
    """
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    assert pilot.app.focused is screen.query_one("#export-format", RadioSet)
    steps = KINDS.index(kind) - KINDS.index(screen.kind)
    await pilot.press(*["down" if steps > 0 else "up"] * abs(steps), "enter")
    await pilot.pause()
    assert screen.kind == kind
    assert isinstance(pilot.app.focused, Input)  # back in the path, so the next Enter saves


async def row_to(pilot: Any, question_id: str) -> None:
    """Move the review table's cursor to ``question_id`` with the arrow keys."""
    table = pilot.app.screen.query_one(AnswerTable)
    ids = [row.value for row in table.rows]
    target = ids.index(question_id)
    key = "down" if target > table.cursor_row else "up"
    await pilot.press(*[key] * abs(target - table.cursor_row))
    await pilot.pause()
    assert table.current_question() == question_id


SESSION_COMMANDS = {t(f"keys.{key}") for key in ("review", "result", "export", "save_answers")}


def command_titles(app: Any) -> set[str]:
    """The titles of the commands the palette offers on the current screen."""
    return {command.title for command in app.get_system_commands(app.screen)}


def footer_keys(app: Any) -> dict[str, str]:
    """The keys the footer shows on the current screen, with their descriptions."""
    return {key: active.binding.description for key, active in app.screen.active_bindings.items()
            if active.binding.show}


def check_keys(app: Any) -> None:
    """Every key in the footer says what it does, and the palette offers the session's commands."""
    keys = footer_keys(app)
    assert keys and all(description.strip() for description in keys.values()), keys
    assert command_titles(app) >= SESSION_COMMANDS


def table_ids(screen: Any) -> list[str]:
    return [row.value for row in screen.query_one(AnswerTable).rows]


def table_answer(screen: Any, question_id: str) -> str:
    return screen.query_one(AnswerTable).get_row(question_id)[-1].plain


# -- a whole run-through -------------------------------------------------------------------------

def test_run_through_to_exported_reports(make_app: Any, ruleset: Any, rep_questions: set[str], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the export dialog suggests names in the current folder
    outcome: dict[str, Any] = {}

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            assert not SESSION_COMMANDS & command_titles(app)  # nothing to review before a session
            await type_text(pilot, "Acme Co")
            await pilot.press("ctrl+n")
            await pilot.pause()
            asked = []
            for turn in range(40):
                if not isinstance(app.screen, QuestionScreen):
                    break
                q = app.screen.question
                asked.append(q.id)
                check_keys(app)  # on each kind of question (the focused answer control adds keys)
                if q.type == "number":
                    await type_text(pilot, "12")
                    await pilot.press("enter")
                elif q.type == "multi":
                    await pilot.press("space", "down", "down", "space", "enter")
                else:
                    # The option that keeps the follow-ups coming, so every kind of question is met.
                    choice = opening_option(ruleset, app.session.answers, q)
                    if turn % 2:
                        await pilot.press(*["down"] * (choice - 1), "enter")  # arrows and Enter
                    else:
                        await pilot.press(str(choice), "enter")  # a number key, then Enter
                await pilot.pause()
            assert isinstance(app.screen, ReviewScreen), "the last answer leads to the review"
            check_keys(app)
            session = app.session
            assert {ruleset.question(qid).type for qid in asked} == {"scale", "choice", "number", "multi", "yesno"}
            assert session.complete
            assert asked == [q.id for q in session.visible_questions()]
            assert set(asked) >= rep_questions  # 12 reps: the rep questions were asked
            assert session.answers["sales_reps"] == 12
            assert session.answers["revenue_teams"] == ["marketing", "support"]
            assert session.answers["company_stage"] == "first_customers"
            assert session.answers["marketing_reach"] == "small"  # down from the first: the second
            assert load_answers(session.path, ruleset).answers == session.answers  # all autosaved

            await pilot.press("v")
            await pilot.pause()
            assert isinstance(app.screen, ResultScreen)
            check_keys(app)
            await report_rendered(pilot)
            outcome["markdown"] = app.screen.markdown
            outcome["verdict"] = status_text(app.screen, "#verdict")
            outcome["session"] = session.path
            outcome["date"] = session.date

            # Markdown, to a name of our own.
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, ExportScreen)
            assert app.screen.query_one("#export-format", RadioSet).pressed_button.id == "format-markdown"
            await replace_path(pilot, "report.md")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ResultScreen)

            # JSON, to the name suggested.
            await pilot.press("e")
            await pilot.pause()
            await choose_format(pilot, "json")
            outcome["json_path"] = app.screen.target()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ResultScreen)

            # The answers file, to the name suggested.
            await pilot.press("e")
            await pilot.pause()
            await choose_format(pilot, "answers")
            outcome["answers_path"] = app.screen.target()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ResultScreen)
            outcome["answers"] = dict(session.answers)

    run(scenario())
    # (The CLI runs after the app: a running app captures stdout.)
    markdown, date = outcome["markdown"], outcome["date"]
    assert markdown == evaluate(capsys, str(outcome["session"]), "--date", date)  # byte for byte
    assert f"**Date:** {long_date(date, 'en')}" in markdown and "# Acme Co" in markdown
    assert outcome["verdict"] in markdown

    report = tmp_path / "report.md"
    assert report.read_bytes() == markdown.encode("utf-8")

    today = _dt.date.today().isoformat()  # the export dialog dates reports today
    json_path = outcome["json_path"]
    assert json_path == tmp_path / f"acme-co-report-{today}.json"
    assert json.loads(json_path.read_text(encoding="utf-8")) == json.loads(
        evaluate(capsys, str(outcome["session"]), "--date", today, "--format", "json"))

    answers_path = outcome["answers_path"]
    assert answers_path == tmp_path / "acme-co-answers.yaml"
    assert answers_path.read_text(encoding="utf-8").startswith("format: advisor-answers/1")
    assert load_answers(answers_path, ruleset).answers == outcome["answers"]
    again = json.loads(evaluate(capsys, str(answers_path), "--date", date, "--format", "json"))
    assert again["recommendation"] == json.loads(json_path.read_text(encoding="utf-8"))["recommendation"]
    assert evaluate(capsys, str(answers_path), "--date", date) == markdown


# -- review and change ---------------------------------------------------------------------------

def test_change_answers_from_the_review(make_app: Any, ruleset: Any, rep_questions: set[str]) -> None:
    async def scenario() -> None:
        app = make_app(answers_path=EXAMPLE)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            review = app.screen
            assert isinstance(review, ReviewScreen)  # every question answered: the file opens on the review
            session = app.session
            reach = ruleset.question("marketing_reach")
            moderate = answer_phrase(ruleset, reach, "moderate", "en")
            assert table_answer(review, "marketing_reach") == moderate

            # Enter on a row opens that question; choosing with Enter brings the review back.
            await row_to(pilot, "marketing_reach")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen) and app.screen.question.id == "marketing_reach"
            await pilot.press("4", "enter")
            await pilot.pause()
            assert app.screen is review
            strong = answer_phrase(ruleset, reach, "strong", "en")
            assert table_answer(review, "marketing_reach") == strong != moderate
            assert review.query_one(AnswerTable).current_question() == "marketing_reach"
            assert load_answers(session.path, ruleset).answers["marketing_reach"] == "strong"

            # Twelve reps down to none: the rep questions leave the table.
            assert set(table_ids(review)) >= rep_questions
            rows_with_reps = len(table_ids(review))
            await row_to(pilot, "sales_reps")
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen.question.id == "sales_reps"
            assert app.focused.value == "12"
            await pilot.press("ctrl+a", "ctrl+k", "0", "enter")
            await pilot.pause()
            assert app.screen is review
            assert table_answer(review, "sales_reps").startswith("0")
            assert not rep_questions & set(table_ids(review))
            assert len(table_ids(review)) == rows_with_reps - len(rep_questions)
            assert load_answers(session.path, ruleset).answers["sales_reps"] == 0
            progress = status_text(review, "#review-progress")
            answered, total = session.progress()
            assert total == rows_with_reps - len(rep_questions)
            assert progress == t("review.progress", answered=answered, total=total)
            assert review.query_one(AnswerTable).current_question() == "sales_reps"

            # And back to 12: they return, with the answers given before.
            await row_to(pilot, "sales_reps")
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("ctrl+a", "ctrl+k", "1", "2", "enter")
            await pilot.pause()
            assert set(table_ids(review)) >= rep_questions
            rep_admin = ruleset.question("rep_admin_share")
            assert table_answer(review, "rep_admin_share") == answer_phrase(ruleset, rep_admin, "20_to_35", "en")
            assert load_answers(session.path, ruleset).answers["sales_reps"] == 12

    run(scenario())


# -- exports that fail, and files that exist ----------------------------------------------------

def test_export_failure_stays_in_the_dialog_and_existing_files_are_asked_about(
        make_app: Any, ruleset: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    existing = tmp_path / "old.md"
    existing.write_text("my own notes\n", encoding="utf-8")

    async def scenario() -> None:
        app = make_app(answers_path=EXAMPLE)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await leave_review(pilot)
            session = app.session
            answers_before = dict(session.answers)
            session_file = session.path.read_bytes()
            files_before = sorted(p.name for p in tmp_path.iterdir())

            await pilot.press("ctrl+e")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, ExportScreen)
            await replace_path(pilot, "nope/r.md")
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog  # still open, with what was typed
            assert dialog.query_one("#export-path", Input).value == "nope/r.md"
            error = status_text(dialog, "#export-status")
            assert dialog.query_one("#export-status").display
            assert str(tmp_path / "nope") in error and "does not exist" in error
            assert not (tmp_path / "nope").exists()
            assert sorted(p.name for p in tmp_path.iterdir()) == files_before  # no stray temp file
            assert session.answers == answers_before and session.path.read_bytes() == session_file

            # Corrected: saved, and the dialog closes.
            assert isinstance(app.focused, Input)
            await replace_path(pilot, "r.md")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
            assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Northwind Lab Systems")

            # Onto an existing file: asked first; "Keep it" (the default) leaves it alone.
            await pilot.press("ctrl+e")
            await pilot.pause()
            dialog = app.screen
            await replace_path(pilot, "old.md")
            await pilot.press("enter")
            await pilot.pause()
            confirm = app.screen
            assert isinstance(confirm, ConfirmScreen)
            assert str(existing) in confirm.question
            assert str(app.focused.label) == t("export.keep")
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog
            assert existing.read_text(encoding="utf-8") == "my own notes\n"

            # Asked again; "Replace" overwrites.
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("shift+tab")
            assert str(app.focused.label) == t("export.replace")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
            assert existing.read_text(encoding="utf-8") == (tmp_path / "r.md").read_text(encoding="utf-8")
            assert session.answers == answers_before

    run(scenario())


def test_ctrl_s_saves_answers_the_cli_reads(make_app: Any, ruleset: Any, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    async def scenario() -> Path:
        app = make_app(answers_path=EXAMPLE)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await leave_review(pilot)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ExportScreen) and app.screen.kind == "answers"
            path = app.screen.target()
            await pilot.press("enter", "enter")  # the format (the answers), then the path
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
            return path

    path = run(scenario())
    assert path == tmp_path / "northwind-lab-systems-answers.yaml"
    saved = load_answers(path, ruleset)
    assert saved.answers == load_answers(EXAMPLE, ruleset).answers
    assert saved.company == "Northwind Lab Systems" and saved.respondent == "Maria Okafor"
    assert evaluate(capsys, str(path), "--date", "2026-12-01") == evaluate(capsys, str(EXAMPLE), "--date", "2026-12-01")


# -- themes --------------------------------------------------------------------------------------

def test_light_and_dark_themes_render(make_app: Any) -> None:
    async def both_themes(pilot: Any) -> tuple[str, str]:
        app = pilot.app
        shots = []
        for theme in ("textual-light", "textual-dark"):
            app.theme = theme
            app.screen.refresh(layout=True)
            await pilot.pause()
            if isinstance(app.screen, ResultScreen):
                await report_rendered(pilot)
            shots.append(app.export_screenshot())
        return shots[0], shots[1]

    async def scenario() -> None:
        app = make_app(answers_path=EXAMPLE)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            light, dark = await both_themes(pilot)
            assert light != dark and "Northwind" in light

            app.push_screen(ResultScreen(date="2026-12-01"))
            await pilot.pause()
            await report_rendered(pilot)
            light, dark = await both_themes(pilot)
            assert light != dark and "Build a SalesOps team" in light.replace("&#160;", " ")
            view = app.screen.query_one(ReportView)
            # The whole report is there in the new theme, not only its head.
            assert view.virtual_size.height == len(render_markdown(view.markdown, view.content_size.width, {}))

    run(scenario())


# -- an answers file for another version of the ruleset ------------------------------------------

def test_answers_for_another_ruleset_version(make_app: Any, ruleset: Any, tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('  version: "1.0.0"\n', '  version: "0.9.0"\n  hash: sha256:0000000000000000\n')
    text = text.replace("growth_strategy: owned", "growth_strategy: outsourced")
    assert "hash: sha256:0000" in text and "outsourced" in text
    older = tmp_path / "older.yaml"
    older.write_text(text, encoding="utf-8")
    expected = dict(load_answers(EXAMPLE, ruleset).answers)
    del expected["growth_strategy"]
    notes: list[Notify] = []

    def hook(message: Message) -> None:
        if isinstance(message, Notify):
            notes.append(message)

    async def scenario() -> None:
        app = make_app(answers_path=older)
        async with app.run_test(size=SIZE, notifications=True, message_hook=hook) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
            assert app.session.answers == expected
            assert "growth_strategy" not in app.session.answers
            assert load_answers(app.session.path, ruleset).answers == expected  # the new session's file
            assert older.read_text(encoding="utf-8") == text  # the file opened is left alone

    run(scenario())
    warnings = [n.notification for n in notes if n.notification.severity == "warning"]
    assert len(warnings) == 1
    message = warnings[0].message
    assert "growth_strategy" in message and "outsourced" in message
    assert "market_pace" not in message


# -- a session started on another day ------------------------------------------------------------

def test_exported_report_is_the_report_on_screen_for_an_older_session(
        make_app: Any, store: SessionStore, ruleset: Any, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    store.folder.mkdir(parents=True)
    started = (_dt.date.today() - _dt.timedelta(days=3)).isoformat()
    older = store.folder / "20200101-000000-abcdef.yaml"
    shutil.copy(EXAMPLE, older)
    older.write_text(older.read_text(encoding="utf-8").replace('date: "2026-11-18"', f'date: "{started}"'),
                     encoding="utf-8")

    async def scenario() -> str:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.screen.query_one("#finished").focus()  # every question answered: listed as finished
            await pilot.press("enter")  # open the session started three days ago
            await pilot.pause()
            assert app.session.date == started
            app.action_result()
            await pilot.pause()
            markdown = app.screen.markdown
            await pilot.press("e")
            await pilot.pause()
            await replace_path(pilot, "report.md")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ResultScreen)
            return str(markdown)

    markdown = run(scenario())
    assert markdown == evaluate(capsys, str(older))  # the screen shows what the CLI prints
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == markdown  # so should the export


def test_enter_on_the_chosen_format_goes_back_to_the_path(make_app: Any, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    async def scenario() -> None:
        app = make_app(answers_path=EXAMPLE)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await leave_review(pilot)
            await pilot.press("ctrl+e")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, ExportScreen) and dialog.kind == "markdown"
            # The dialog opens on the formats; Markdown is chosen and highlighted.
            assert app.focused is dialog.query_one("#export-format", RadioSet)
            await pilot.press("enter")  # "yes, Markdown"
            await pilot.pause()
            assert dialog.kind == "markdown"
            assert isinstance(app.focused, Input), "Enter on a format leads back to the path"

    run(scenario())
