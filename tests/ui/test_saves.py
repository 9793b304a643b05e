"""One write of the session file per Enter: the answer and the move to the next question together.

Enter used to save twice (the answer, then the position of the next
question), each a YAML dump and an fsync. The file must still hold both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from advisor import session as session_module
from advisor.answers import load_answers
from advisor.ui.screens.question import QuestionScreen

from .conftest import SIZE, run


def test_each_enter_is_one_write_holding_the_answer_and_the_next_position(
        make_app: Any, ruleset: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    writes: list[Path] = []
    real = session_module.write_text

    def counting(path: Any, text: str, **kwargs: Any) -> None:
        writes.append(Path(path))
        real(path, text, **kwargs)
    monkeypatch.setattr(session_module, "write_text", counting)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+n")
            await pilot.pause()
            for _ in range(4):
                assert isinstance(app.screen, QuestionScreen)
                question = app.screen.question
                answered = question.id
                # Choose (a number key or Space may record the choice already), then Enter: one write.
                keys = {"number": ("1", "2"), "multi": ("space",)}.get(question.type, ("down",))
                await pilot.press(*keys)
                await pilot.pause()
                before = len(writes)
                await pilot.press("enter")
                await pilot.pause()
                assert len(writes) - before == 1, "one write per Enter"
                on_disk = load_answers(app.session.path, ruleset)
                assert answered in on_disk.answers
                assert on_disk.position == app.screen.question.id  # the next question, in the same write
    run(scenario())
