"""One question of a workshop in full: each answer given, who gave it, and what it would do to the pooled result.

Opened from a row of the agreement grid. The facilitator view hands it the
workshop again on every change (``show``), so it stays live while open.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...workshop.analysis import Side, Spread, Workshop
from ...workshop.pool import answer_key
from ..localize import binding
from ..texts import t
from ..workshop_words import Words

Line = tuple[Content, str]  # a line of the detail and its class (the people and effects are indented)


def spread_lines(words: Words, workshop: Workshop, question_id: str) -> list[Line]:
    """The detail of one question: the pooled answer (or the tie), then each answer with its people and effect."""
    spread = next((sp for sp in workshop.spreads if sp.question_id == question_id), None)
    lines: list[Line] = [(Content.styled(words.question(question_id), "bold"), "spread-question")]
    if spread is None or not spread.sides:
        lines.append((Content.styled(t("facilitator.detail.nobody"), "$text-muted"), "spread-pooled"))
        return lines
    lines.append((_pooled_line(words, spread), "spread-pooled"))
    tied = {answer_key(v) for v in spread.pooled.tie}
    for side in spread.sides:
        lines.extend(_side_lines(words, spread, side, answer_key(side.value) in tied))
    return lines


def _pooled_line(words: Words, spread: Spread) -> Content:
    pooled = spread.pooled
    qid = spread.question_id
    if pooled.tie:
        answers = " / ".join(words.answer(qid, v) for v in pooled.tie)
        key = "facilitator.detail.tie_open" if pooled.value is None else "facilitator.detail.tie_first"
        return Content.styled(t(key, answers=answers, votes=pooled.votes), "$text-warning")
    if pooled.value is None:
        return Content.styled(t("facilitator.detail.pooled_none", votes=pooled.votes), "$text-muted")
    return Content(t("facilitator.detail.pooled", answer=words.answer(qid, pooled.value), votes=pooled.votes))


def _side_lines(words: Words, spread: Spread, side: Side, tied: bool) -> list[Line]:
    marks = []
    if side.pooled:
        marks.append(t("facilitator.detail.mark_pooled"))
    if tied:
        marks.append(t("facilitator.detail.mark_tied"))
    head = Content.assemble(("● " if side.changes else "○ ", "bold $text-warning" if side.changes else "$text-muted"),
                            (words.answer(spread.question_id, side.value), "bold"),
                            (f"  ({', '.join(marks)})" if marks else "", "$text-accent"))
    people = Content.assemble((t("facilitator.detail.given_by", count=len(side.people)), "$text-muted"), " ",
                              ", ".join(side.people))
    standing = words.standing(side.result)
    if side.pooled:
        effect = Content.styled(t("facilitator.detail.effect_pooled", standing=standing), "$text-muted")
    elif side.changes:
        effect = Content.styled(t("facilitator.detail.effect_turns", standing=standing), "bold $text-warning")
    else:
        effect = Content.styled(t("facilitator.detail.effect_keeps", standing=standing), "$text-muted")
    return [(head, "spread-answer"), (people, "spread-people"), (effect, "spread-effect")]


class SpreadScreen(ModalScreen[None]):
    """Who answered what to one question, and what each answer would do to the pooled result."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("escape,enter", "close", "facilitator.keys.close", id="spread-close"),
    ]

    def __init__(self, words: Words, workshop: Workshop, question_id: str) -> None:
        super().__init__()
        self.words = words
        self.workshop = workshop
        self.question_id = question_id

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="spread-dialog"):
            yield Static(t("facilitator.detail.title"), classes="dialog-title")
            yield VerticalScroll(id="spread-scroll")
            yield Static(t("facilitator.detail.hint"), id="spread-hint")

    def on_mount(self) -> None:
        self.show(self.workshop)
        self.query_one("#spread-scroll", VerticalScroll).focus()

    def show(self, workshop: Workshop) -> None:
        """Show the question as ``workshop`` has it (called again on every change while open)."""
        self.workshop = workshop
        scroll = self.query_one("#spread-scroll", VerticalScroll)
        with self.app.batch_update():
            scroll.remove_children()
            scroll.mount_all(Static(line, classes=name) for line, name in
                             spread_lines(self.words, workshop, self.question_id))

    def text(self) -> str:
        """What the dialog says, as plain text (for tests and screen readers)."""
        return "\n".join(str(line) for line, _ in spread_lines(self.words, self.workshop, self.question_id))

    def action_close(self) -> None:
        self.dismiss(None)
