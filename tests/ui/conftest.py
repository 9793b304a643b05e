"""Fixtures for driving the questionnaire app with Textual's Pilot."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from advisor.session import SessionStore
from advisor.ui.app import AdvisorApp

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
