"""Fixtures for driving the questionnaire app with Textual's Pilot."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from advisor.engine import evaluate
from advisor.session import SessionStore
from advisor.ui.app import AdvisorApp
from advisor.ui.screens.result import ReportView, render_markdown

SIZE = (100, 30)


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "sessions")


@pytest.fixture
def make_app(ruleset: Any, store: SessionStore) -> Callable[..., AdvisorApp]:
    def make(**kwargs: Any) -> AdvisorApp:
        return AdvisorApp(ruleset, store=store, handle_signals=False, **kwargs)
    return make


def run(coroutine: Awaitable[Any]) -> Any:
    """Run one Pilot scenario (the tests are plain functions; no async plugin needed)."""
    return asyncio.run(coroutine)  # type: ignore[arg-type]


async def answer_current(pilot: Any, *, choice: int = 1, number: str = "3") -> None:
    """Answer whatever question is on screen, the way a person would, and go on."""
    question = pilot.app.screen.question
    if question.type == "number":
        for ch in number:
            await pilot.press(ch)
        await pilot.press("enter")
    elif question.type == "multi":
        await pilot.press("space", "enter")
    else:
        await pilot.press(str(choice), "enter")
    await pilot.pause()


async def leave_review(pilot: Any) -> None:
    """A complete answers file opens on the review: Escape to the question behind it (the file's position)."""
    from advisor.ui.screens.question import QuestionScreen
    from advisor.ui.screens.review import ReviewScreen

    assert isinstance(pilot.app.screen, ReviewScreen)
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(pilot.app.screen, QuestionScreen)


def choice_values(question: Any) -> list[Any]:
    """The values of a choice, scale or yes/no question, in the order the screen lists them."""
    return [True, False] if question.type == "yesno" else [option.value for option in question.options]


def opening_option(ruleset: Any, answers: dict[str, Any], question: Any, prefer: int = 2) -> int:
    """The option (1-based, as its number key) that leaves the most questions shown.

    So a walk through the questionnaire meets the follow-up questions, whatever
    the default ruleset asks today; among equals, the one nearest ``prefer``.
    """
    values = choice_values(question)

    def shown(value: Any) -> int:
        return len(ruleset.questions) - len(evaluate(ruleset, {**answers, question.id: value}).hidden)

    ranked = sorted(range(len(values)), key=lambda i: (-shown(values[i]), abs(i + 1 - prefer)))
    return ranked[0] + 1


async def report_rendered(pilot: Any) -> ReportView:
    """Wait until the result screen's report is drawn whole, not only its head.

    ReportView gives no sign of this, so: wait for the workers, then compare
    its height with the line count of the whole document at its width.
    """
    view = pilot.app.screen.query_one(ReportView)
    for _ in range(100):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        width = view.content_size.width
        if width and view.virtual_size.height == len(render_markdown(view.markdown, width, {})):
            return view
    raise AssertionError("the report was never rendered whole")
