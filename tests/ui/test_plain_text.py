"""Text from a ruleset or an answers file is shown as written: never markup, never an action.

Textual reads a str as markup: `[CRM]` would vanish (an unknown style), a
stray `[/]` or a `[link=file:///...]` would crash the screen with a
MarkupError, and `[@click=app.quit]` would make a word that quits the app
when clicked. These tests put such text in every place a ruleset or an
answers file can reach (question, help, option, topic; company, name and
role) and check the screen shows it literally, on every screen that shows
it, and that clicking it does nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Footer, OptionList, Static

from advisor import cli
from advisor.loader import load_ruleset
from advisor.model import Ruleset
from advisor.session import SessionStore
from advisor.ui.app import AdvisorApp
from advisor.ui.screens.export import ExportScreen
from advisor.ui.screens.question import QuestionScreen
from advisor.ui.screens.result import ResultScreen
from advisor.ui.screens.review import ReviewScreen
from advisor.ui.screens.start import StartScreen
from advisor.ui.texts import t, tc

from .conftest import leave_review, report_rendered, run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"
WIDE = (160, 50)  # room for the hostile texts to sit on one line where the layout allows

# Each piece is something Textual markup would act on.
HOSTILE = "[CRM] [link=file:///etc/passwd]x[/link] [/] [@click=app.quit]quit[/] [b]bold[/b]"


def flat(text: str) -> str:
    """``text`` with its runs of white space as single spaces (wrapped lines joined)."""
    return " ".join(text.split())


def shown(widget: Widget) -> str:
    """What ``widget`` draws (borders too), its lines joined: the text a person reads."""
    region = Region(0, 0, *widget.outer_size)
    return flat(" ".join(strip.text for strip in widget.render_lines(region)))


def bare(text: str) -> str:
    """``text`` without white space or the left border: for long paths, which wrap anywhere."""
    return "".join(text.replace("▌", "").split())


def screen_text(screen: Any) -> str:
    """Everything the screen's widgets draw (containers draw only their background)."""
    return " ".join(shown(widget) for widget in screen.query("*") if widget.display and widget.outer_size.area)


def no_actions(screen: Any) -> None:
    """No cell of the screen carries a click action other than those Textual's own widgets put there.

    Textual turns `[@click=...]` into an `@click` entry in a cell's style
    meta; the footer's keys are the only ones the app itself makes.
    """
    width, height = screen.size
    for y in range(height):
        for x in range(width):
            widget, _ = screen.get_widget_at(x, y)
            if isinstance(widget, Footer) or any(isinstance(a, Footer) for a in widget.ancestors):
                continue
            meta = screen.get_style_at(x, y).meta
            assert "@click" not in meta, (x, y, meta)


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def both(text: str) -> dict[str, str]:
    """A ruleset text in each language the default ruleset speaks (the same words: the test is about them)."""
    return {"en": text, "es": text}


def edit_questions(folder: Path, edit: Callable[[dict[str, Any]], None]) -> Ruleset:
    """The ruleset in ``folder`` with its questions file changed by ``edit`` (on the YAML data).

    On the data rather than the text, so the tests hold while the default
    questions are reworded: they need some question, option or topic, not a given one.
    """
    path = folder / "questions.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_ruleset(folder)


def hostile_rules(folder: Path, *, question: str, help: str, option: str, topic: str) -> Ruleset:
    """The default ruleset with the first question's texts, its first option and its topic's title replaced."""
    def edit(data: dict[str, Any]) -> None:
        first = data["questions"][0]
        first.update(text=both(question), help=both(help))
        first["options"][0]["label"] = both(option)
        next(tp for tp in data["topics"] if tp["id"] == first["topic"])["title"] = both(topic)

    return edit_questions(folder, edit)


@pytest.fixture
def hostile_ruleset(rules_copy: Path) -> Ruleset:
    return hostile_rules(rules_copy, question=f"Question {HOSTILE}", help=f"Help {HOSTILE}",
                         option=f"Option {HOSTILE}", topic=f"Topic {HOSTILE}")


def test_ruleset_texts_are_shown_as_written_on_every_screen(hostile_ruleset: Ruleset, store: SessionStore) -> None:
    async def scenario() -> None:
        app = AdvisorApp(hostile_ruleset, store=store, handle_signals=False)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press(*"Acme", "ctrl+n")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QuestionScreen)  # no MarkupError on the way
            assert screen.question is not None and screen.question.id == "company_stage"
            assert shown(screen.query_one("#question-text", Static)).endswith(f"Question {HOSTILE}")
            assert shown(screen.query_one("#help", Static)).endswith(f"Help {HOSTILE}")
            text = screen_text(screen)
            assert f"Option {HOSTILE}" in text
            # The progress line names the topic (cut short with an ellipsis when the line is full).
            assert f"Topic {HOSTILE}"[:60] in text
            no_actions(screen)

            # Choose the hostile option: the review lists the question, its topic and that answer.
            await pilot.press("1")  # chosen, and still on this question (the next may take typing)
            await pilot.pause()
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)
            # Cells wrap within their columns, so look for each piece (none wraps inside).
            text = screen_text(app.screen)
            for piece in HOSTILE.split():
                assert text.count(piece) >= 2, piece  # the question and its answer
            no_actions(app.screen)

            # The report on the result screen is Markdown, escaped: the texts come out literally.
            await pilot.press("v")
            await pilot.pause()
            assert isinstance(app.screen, ResultScreen)
            view = await report_rendered(pilot)
            report = shown(view)
            for piece in HOSTILE.split():  # in table cells too, which wrap within their column
                assert report.count(piece) >= 2, piece  # the question and its answer
            assert app.is_running

    run(scenario())


def test_ticks_and_units_are_shown_as_written(rules_copy: Path, store: SessionStore) -> None:
    # A multiple-choice option (a SelectionList, which reads a str as markup) and a unit (the
    # number field's placeholder).
    def edit(data: dict[str, Any]) -> None:
        by_id = {q["id"]: q for q in data["questions"]}
        by_id["revenue_teams"]["options"][0]["label"] = both("Marketing " + HOSTILE)
        by_id["sales_reps"]["unit"] = both("reps " + HOSTILE)

    ruleset = edit_questions(rules_copy, edit)

    async def scenario() -> None:
        app = AdvisorApp(ruleset, store=store, handle_signals=False)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("ctrl+n")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QuestionScreen)
            screen.show_question("revenue_teams")
            await pilot.pause()
            assert screen.question is not None and screen.question.id == "revenue_teams"
            assert f"Marketing {HOSTILE}" in screen_text(screen)
            no_actions(screen)
            screen.show_question("sales_reps")
            await pilot.pause()
            assert screen.question is not None and screen.question.id == "sales_reps"
            assert f"reps {HOSTILE}" in screen_text(screen)  # "0 to 10000 reps [CRM] ..."
            assert app.is_running

    run(scenario())


def test_clicking_an_action_in_a_question_does_nothing(rules_copy: Path, store: SessionStore) -> None:
    # Only the click action here, which Textual parses without complaint: the
    # test fails for the click, not for a crash on the first question.
    ruleset = hostile_rules(rules_copy, question="Press [@click=app.quit]quit[/] now", help="Why",
                            option="One", topic="Topic")

    async def scenario() -> None:
        app = AdvisorApp(ruleset, store=store, handle_signals=False)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("ctrl+n")
            await pilot.pause()
            question = app.screen.query_one("#question-text", Static)
            line = question.render_lines(Region(0, 0, question.size.width, 1))[0].text
            places = [x for x in range(len(line)) if line.startswith("quit", x)]
            assert places
            for x in places:  # wherever the word is drawn
                await pilot.click(question, offset=(x + 1, 0))
                await pilot.pause()
            assert app.is_running and app.return_code is None
            assert isinstance(app.screen, QuestionScreen)
            assert shown(question).endswith("Press [@click=app.quit]quit[/] now")

    run(scenario())


# -- the answers file's company, name and role ----------------------------------------------------

# Textual markup, and Markdown for the report the result screen shows.
COMPANY = f"Acme {HOSTILE}"
NAME = "Ann [@click=app.quit]quit[/] [i]Lee[/i] [x](javascript:alert(1)) *Lee*"
ROLE = "CEO [link=file:///etc/passwd]me[/link] [/] <b>boss</b> `code`"


def hostile_answers(folder: Path) -> Path:
    """The clear-salesops example with the company, name and role replaced."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in (("company: Northwind Lab Systems\n", f"company: {quoted(COMPANY)}\n"),
                     ("  name: Maria Okafor\n", f"  name: {quoted(NAME)}\n"),
                     ("  role: VP Sales\n", f"  role: {quoted(ROLE)}\n")):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = folder / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_company_name_and_role_from_an_answers_file_are_shown_as_written(
        ruleset: Ruleset, store: SessionStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = hostile_answers(tmp_path)
    assert cli.main(["evaluate", str(answers)]) == 0
    printed = capsys.readouterr().out  # the escaped Markdown report

    async def scenario() -> None:
        app = AdvisorApp(ruleset, store=store, answers_path=answers, handle_signals=False)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await leave_review(pilot)
            assert isinstance(app.screen, QuestionScreen)
            assert COMPANY in screen_text(app.screen)  # the progress line
            no_actions(app.screen)

            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)
            assert COMPANY in screen_text(app.screen)  # the header
            no_actions(app.screen)

            await pilot.press("v")
            await pilot.pause()
            assert isinstance(app.screen, ResultScreen)
            await report_rendered(pilot)
            assert app.screen.markdown == printed  # the very report `advisor evaluate` prints
            text = screen_text(app.screen)
            assert text.count(COMPANY) >= 2  # the header and the report's company line
            assert f"{NAME}, {ROLE}" in text  # "Answered by: name, role"
            no_actions(app.screen)
            assert app.is_running

    run(scenario())


def test_the_start_screen_lists_a_session_by_its_company_and_name_as_written(
        ruleset: Ruleset, store: SessionStore) -> None:
    store.new(ruleset, company=COMPANY, respondent=NAME, role=ROLE, answers={"company_stage": "growing"})

    async def scenario() -> None:
        app = AdvisorApp(ruleset, store=store, handle_signals=False)
        async with app.run_test(size=(240, 40)) as pilot:  # the item on one line, between the list's borders
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            listed = shown(app.screen.query_one("#resume", OptionList))
            assert f"{COMPANY} · {NAME} ·" in listed
            no_actions(app.screen)

    run(scenario())


def test_control_characters_in_a_company_name_never_reach_the_terminal(
        ruleset: Ruleset, store: SessionStore) -> None:
    # Typed into no field (an Input takes no ESC), but an answers or session
    # file may carry them: set them on the session directly.
    company = "\x1b]0;pwned\x07Acme\x1b[2J\u202eCo"

    async def scenario() -> None:
        app = AdvisorApp(ruleset, store=store, handle_signals=False)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.new_session(company, "Ann\x9b31m", "CEO\x1b[H")
            await pilot.pause()
            texts = [screen_text(app.screen)]
            await pilot.press("r")
            await pilot.pause()
            texts.append(screen_text(app.screen))
            await pilot.press("v")
            await pilot.pause()
            await report_rendered(pilot)
            texts.append(screen_text(app.screen))
            for text in texts:
                assert "]0;pwnedAcme[2JCo" in text  # the printable rest stays
                assert [ch for ch in "\x1b\x07\x9b\u202e" if ch in text] == [], text

    run(scenario())


def test_an_error_quoting_a_path_is_shown_as_written(ruleset: Ruleset, store: SessionStore, tmp_path: Path) -> None:
    # The notification quotes the path and the reason; Textual would read both as markup.
    folder = tmp_path / "[b]bold [@click=app.quit]quit"  # a file name cannot hold the `/` of `[/]`
    folder.mkdir()
    answers = folder / "[CRM].yaml"
    answers.write_text("format: advisor-answers/1\nanswers: [\n", encoding="utf-8")

    async def scenario() -> None:
        app = AdvisorApp(ruleset, store=store, answers_path=answers, handle_signals=False)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)  # the file could not be opened: the start screen
            toasts = [shown(toast) for toast in app.screen.query("Toast")]
            assert len(toasts) == 1
            assert bare(str(answers)) in bare(toasts[0])
            assert "[b]bold [@click=app.quit]quit/[CRM].yaml" in toasts[0]
            no_actions(app.screen)
            assert app.is_running

    run(scenario())


def test_an_export_path_with_brackets_is_shown_as_written(ruleset: Ruleset, store: SessionStore, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    typed = "no[/]pe [CRM]/r.md"  # a folder that does not exist, so the dialog says so

    async def scenario() -> None:
        app = AdvisorApp(ruleset, store=store, answers_path=EXAMPLE, handle_signals=False)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+e")
            await pilot.pause()
            assert isinstance(app.screen, ExportScreen)
            await pilot.press("tab", "ctrl+a", "ctrl+k", *typed, "enter")  # from the formats to the path
            await pilot.pause()
            assert isinstance(app.screen, ExportScreen)  # still open, with the reason
            status = shown(app.screen.query_one("#export-status", Static))
            assert bare(str(tmp_path / "no[/]pe [CRM]")) in bare(status) and "does not exist" in status
            no_actions(app.screen)

    run(scenario())


@pytest.mark.parametrize("value", ["[/]", "[CRM]", "a\\", "\\[b]x", "$HOME ${advisor_value_0} $$", "{name}"])
def test_a_value_filled_into_our_texts_stays_as_written(value: str) -> None:
    # Our texts may carry markup; what is filled into them never does, even at their edges.
    shown_text = tc("export.exists", path=value).plain
    assert shown_text == f"{value} already exists. Replace it?"
    assert t("export.exists", path=f"{value}\x1b[2J") == f"{value}[2J already exists. Replace it?"
