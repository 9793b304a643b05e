"""Domain messages the questionnaire's widgets post upwards.

Widgets turn generic events (an option selected, a number submitted) into
these, so screens deal in answers, not in widget events.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message


class AnswerPicked(Message):
    """The person chose an answer (``advance``: and wants the next question)."""

    def __init__(self, question_id: str, value: Any, *, advance: bool) -> None:
        super().__init__()
        self.question_id = question_id
        self.value = value
        self.advance = advance


class AnswerRejected(Message):
    """What the person typed is not a valid answer; ``reason`` says why."""

    def __init__(self, question_id: str, reason: str) -> None:
        super().__init__()
        self.question_id = question_id
        self.reason = reason


class GoOn(Message):
    """Go to the next question, keeping the answer as it is (``ask``: ask first, nothing was given)."""

    def __init__(self, *, ask: bool = False) -> None:
        super().__init__()
        self.ask = ask
