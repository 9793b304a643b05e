"""The facilitator view's words for results and answers: directions, strengths, short answer labels.

Built once per view from the ruleset and the language; every text comes
from the ruleset (names, strength labels, questions, options) or from the
app's strings, on one line and without control characters. No Textual here.
"""

from __future__ import annotations

from typing import Any

from ..engine import Result
from ..model import SIDES, STRENGTHS, Question, Ruleset
from ..plaintext import one_line
from ..report import answer_phrase
from .texts import t

SHORT_UP_TO = 24  # an option label "Growing: sales are repeatable ..." is shown as "Growing" up to this long


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, with an ellipsis when cut."""
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: max(width - 1, 0)].rstrip() + "…"


class Words:
    """How the facilitator view names the ruleset's results and answers, in one language."""

    def __init__(self, ruleset: Ruleset, language: str | None = None) -> None:
        self.ruleset = ruleset
        self.language = language or ruleset.default_language
        self.names = {side: one_line(ruleset.word(side, self.language)) for side in SIDES}
        policy = ruleset.policy
        self.strengths = {level: one_line(policy.strength(level).label(self.language)) for level in STRENGTHS}
        self._questions: dict[str, str] = {}

    def direction(self, result: Result) -> str:
        """"SalesOps", "RevOps", "Both", or "Both, SalesOps first" when they are built one after the other."""
        recommend, first = result.direction
        if recommend != "both":
            return self.names[recommend]
        if first is None:
            return t("facilitator.direction_both")
        return t("facilitator.direction_both_first", first=self.names[first])

    def strength(self, result: Result) -> str:
        return self.strengths[result.strength]

    def standing(self, result: Result) -> str:
        """Direction and strength: "Both, SalesOps first · Emerging need"."""
        return t("facilitator.standing", direction=self.direction(result), strength=self.strength(result))

    def question(self, question_id: str) -> str:
        text = self._questions.get(question_id)
        if text is None:
            text = self._questions[question_id] = one_line(self.ruleset.question(question_id).text(self.language))
        return text

    def answer(self, question_id: str, value: Any) -> str:
        """An answer in full words; "" for no answer."""
        if value is None:
            return ""
        q = self.ruleset.question(question_id)
        if q.type == "multi" and not value:
            return t("facilitator.grid.none_ticked")
        return one_line(answer_phrase(self.ruleset, q, value, self.language))

    def short_answer(self, question_id: str, value: Any) -> str:
        """An answer in a word or two where the option says so ("Growing: sales are ..." -> "Growing")."""
        text = self.answer(question_id, value)
        head, colon, _ = text.partition(":")
        return head.strip() if colon and 0 < len(head.strip()) <= SHORT_UP_TO else text


def answer_positions(q: Question, values: list[Any]) -> dict[Any, int]:
    """Where each answer sits among the question's answers, from 0: its colour in the grid.

    Options and yes/no keep their place in the question (the same answer has
    the same colour on every refresh); numbers rank low to high; multiple
    choices keep the order they are given in (most people first).
    """
    from ..workshop.pool import answer_key

    if q.type in ("choice", "scale"):
        order = {o.value: i for i, o in enumerate(q.options)}
        return {answer_key(v): order.get(v, 0) for v in values}
    if q.type == "yesno":
        return {answer_key(v): 0 if v else 1 for v in values}
    if q.type == "number":
        ranked = sorted({float(v) for v in values})
        return {answer_key(v): ranked.index(float(v)) for v in values}
    positions: dict[Any, int] = {}
    for v in values:
        positions.setdefault(answer_key(v), len(positions))
    return positions
