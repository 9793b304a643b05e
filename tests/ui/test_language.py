"""The app in Spanish: started in it, switched to it from the command palette, and a session's own language.

The footer's words come from Textual bindings made when the classes were
imported (in English here); ``localize`` rewrites them, so these tests also
check that a footer and a help line change language, not only the texts
composed afresh.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import yaml

from advisor import config
from advisor.ui.screens.question import QuestionScreen
from advisor.ui.screens.result import ResultScreen
from advisor.ui.screens.start import StartScreen
from advisor.ui.texts import current_language, t

from .conftest import leave_review, report_rendered, run
from .test_plain_text import screen_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"


def footer_text(app: Any) -> str:
    """The footer's keys and words, as bound (what the Footer draws from)."""
    return " ".join(b.description for _, b, enabled, _ in app.active_bindings.values() if b.show)


def test_started_in_spanish_the_question_its_options_and_the_footer_are_spanish(make_app: Any,
                                                                                 ruleset: Any) -> None:
    async def scenario() -> None:
        app = make_app(language="es")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            assert t("keys.start", "es") in screen_text(app.screen) and "Responde hasta 28" in screen_text(app.screen)
            app.new_session("Acme", "Ana", "Fundadora")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
            question = app.screen.question
            text = screen_text(app.screen)
            assert question.text("es") in text and question.text("en") not in text
            assert question.options[1].label("es") in text  # short enough not to wrap
            footer = footer_text(app)
            assert t("keys.back", "es") in footer and t("keys.quit", "es") in footer
            assert t("keys.quit", "en") not in footer.split()
            assert app.session is not None and app.session.language == "es"
    run(scenario())


def test_the_palette_switches_the_language_and_keeps_the_session_where_it_was(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.new_session("Acme", "Ana", "Founder")
            await pilot.pause()
            await pilot.press("2")  # an answer, and on to the second question
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QuestionScreen)
            at = screen.question.id
            answers = dict(app.session.answers)
            assert answers
            titles = {c.title: c for c in app.get_system_commands(app.screen)}
            command = titles["Language: Español"]
            command.callback()
            await pilot.pause()
            await pilot.pause()
            assert current_language() == "es"
            assert isinstance(app.screen, QuestionScreen) and app.screen.question.id == at
            assert app.screen.question.text("es") in screen_text(app.screen)
            assert t("keys.back", "es") in footer_text(app)
            assert app.session.answers == answers and app.session.language == "es"
            saved = yaml.safe_load(app.session.path.read_text(encoding="utf-8"))
            assert saved["language"] == "es" and saved["answers"] == {k: v for k, v in answers.items()}
            assert config.load().language == "es"  # the choice is remembered for the next start
            # And back, from the palette in Spanish.
            titles = {c.title: c for c in app.get_system_commands(app.screen)}
            assert "Idioma: English" in titles and "Tema" in titles  # Textual's own commands too
            titles["Idioma: English"].callback()
            await pilot.pause()
            await pilot.pause()
            assert current_language() == "en" and app.screen.question.id == at
            assert t("keys.back", "en") in footer_text(app)
    run(scenario())


def test_the_palette_prompts_and_finds_nothing_in_spanish(make_app: Any) -> None:
    """Textual's own words in the palette: its prompt, and the line it shows when nothing matches."""
    from textual.command import CommandList, CommandPalette
    from textual.widgets import Input

    async def scenario() -> None:
        app = make_app(language="es")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+p")
            await pilot.pause()
            palette = app.screen
            assert isinstance(palette, CommandPalette)
            assert palette.query_one(Input).placeholder == "Busca una orden…"
            await pilot.press(*"zzqx")
            options = palette.query_one(CommandList)
            for _ in range(40):  # Textual waits half a second before saying there is no match
                await pilot.pause(0.1)
                if "No hay coincidencias" in [str(options.get_option_at_index(i).prompt.renderable)
                                              for i in range(options.option_count)]:
                    break
            shown = [str(options.get_option_at_index(i).prompt.renderable) for i in range(options.option_count)]
            await pilot.press("escape")
            await pilot.pause()
            assert shown == ["No hay coincidencias"]
    run(asyncio.wait_for(scenario(), 60))  # a palette left waiting must fail here, not hang the suite


def test_the_result_screen_is_rebuilt_in_the_new_language(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app(answers_path=EXAMPLE)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await leave_review(pilot)
            app.action_result()
            await pilot.pause()
            await report_rendered(pilot)
            assert isinstance(app.screen, ResultScreen)
            app.switch_language("es")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, ResultScreen)
            await report_rendered(pilot)
            assert "Crea un equipo de SalesOps" in app.screen.markdown  # the verdict, in Spanish
            assert "Build" not in app.screen.markdown and "Fuerza de la necesidad" in app.screen.markdown
    run(scenario())


def test_a_sessions_own_language_wins_unless_one_was_asked_for(make_app: Any, ruleset: Any, tmp_path: Path) -> None:
    spanish = tmp_path / "es.yaml"
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["language"] = "es"
    spanish.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    async def opened(**kwargs: Any) -> str:
        app = make_app(answers_path=spanish, **kwargs)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            return current_language()

    assert run(opened()) == "es"  # the answers file says Spanish: it comes before the default
    assert run(opened(language="en", language_fixed=True)) == "en"  # `--language en` comes first


def test_every_footer_key_shows_whole_at_80_columns_in_spanish(make_app: Any) -> None:
    """Spanish words are longer: each screen's footer keys still end before the palette's key."""
    from textual.widgets._footer import FooterKey

    def cut(app: Any) -> list[str]:
        keys = list(app.screen.query(FooterKey))
        palette = max(keys, key=lambda k: k.region.x)
        return [f"{k.key_display} {k.description}" for k in keys
                if k is not palette and k.region.right - 1 > palette.region.x]  # its last column is padding

    async def scenario() -> None:
        app = make_app(language="es", answers_path=EXAMPLE, language_fixed=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await leave_review(pilot)
            for question in ("company_stage", "revenue_teams", "sales_reps"):
                app.screen.show_question(question)
                await pilot.pause()
                await pilot.pause()
                assert cut(app) == [], question
            app.action_review()
            await pilot.pause()
            assert cut(app) == []
            app.action_result()
            await pilot.pause()
            await report_rendered(pilot)
            assert cut(app) == []
    run(scenario())
