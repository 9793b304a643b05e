"""The review screen: every question asked so far with its answer, to check and change.

A table of the questions currently asked (conditional ones appear and
disappear with the answers). Selecting a row opens that one question; when
it closes, the table is rebuilt from the session, because one changed answer
can change the answer shown, and which questions are asked at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.text import Text as RichText
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, DataTable, Header, Static

from ...plaintext import one_line
from ...report import answer_phrase
from ..keys import bindings
from ..localize import binding
from ..texts import t, tc
from ..widgets.footer import QuietFooter
from ..widgets.tables import cursor_row_key
from .question import QuestionScreen
from .result import ResultScreen, component_style

if TYPE_CHECKING:
    from ...session import Session
    from ..app import AdvisorApp

# Column widths, in cells. The question column takes whatever is left, so
# the whole table fits the terminal and long texts wrap instead of running
# off to the right behind a horizontal scrollbar. Below TOPIC_FROM cells the
# topic column goes: the question says enough, and the answers need the room.
NUMBER_WIDTH = 3
TOPIC_MIN, TOPIC_MAX = 10, 18
TOPIC_FROM = 96
ANSWER_SHARE = 0.36  # of the room left after number and topic
ANSWER_MIN, ANSWER_MAX = 16, 40
SCROLLBAR_ALLOWANCE = 2  # room for the vertical scrollbar, so it never forces a horizontal one


class ReviewRow(NamedTuple):
    """One line of the table: what the screen hands down to the table."""

    question_id: str
    number: int
    topic: str
    question: str
    answer: str  # "" when the question is not answered


def review_rows(session: Session) -> list[ReviewRow]:
    """The rows for the questions currently asked, in order, as plain one-line texts."""
    ruleset = session.ruleset
    lang = session.language
    topics = {topic.id: one_line(topic.title(lang)) for topic in ruleset.topics}
    rows = []
    for number, q in enumerate(session.visible_questions(), start=1):
        raw = session.answers.get(q.id)
        if q.type == "multi" and raw == []:  # answered "none of these", not left blank
            answer = t("question.none_of_these")
        else:
            answer = one_line(answer_phrase(ruleset, q, raw, lang)) if raw is not None else ""
        rows.append(ReviewRow(q.id, number, topics.get(q.topic, q.topic), one_line(q.text(lang)), answer))
    return rows


class AnswerTable(DataTable[RichText]):
    """The answers, laid out to the table's width; one click or Enter opens a row."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "answer-table--unanswered", "answer-table--number", "answer-table--topic",
    }
    # DataTable binds Enter (hidden) to selecting the row; the focused table's
    # binding hides the screen's in the footer, so this one says what Enter does.
    BINDINGS: ClassVar[list[BindingType]] = [binding("enter", "select_cursor", "keys.edit", id="change",
                                                     key_display="Enter")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.review_rows: list[ReviewRow] = []
        self._laid_out_width = 0

    def show_rows(self, rows: list[ReviewRow], keep: str | None = None) -> None:
        """Show ``rows``, with the cursor on question ``keep`` if it is still there."""
        previous_index = self.cursor_row
        self.review_rows = rows
        # Before the first layout the table has no size yet; it spans the screen
        # less its margins, so build for that rather than paint an empty table
        # first (a Resize rebuilds it should the guess be wrong).
        self._build(self.size.width or self.app.size.width - self.styles.margin.width)
        ids = [row.question_id for row in rows]
        # A question that went away (an answer hid it): stay at the same height in the list.
        index = ids.index(keep) if keep in ids else min(max(previous_index, 0), len(rows) - 1)
        if rows:
            self.move_cursor(row=index, animate=False)

    def current_question(self) -> str | None:
        """The id of the question under the cursor."""
        return cursor_row_key(self)

    def _widths(self, width: int) -> tuple[int, int, int, int]:
        """Widths of the number, topic (0: no topic column), question and answer columns."""
        with_topic = width >= TOPIC_FROM
        padding = 2 * self.cell_padding  # each column is padded on both sides
        usable = max(width - SCROLLBAR_ALLOWANCE - (4 if with_topic else 3) * padding - NUMBER_WIDTH, 0)
        topic = 0
        if with_topic:
            topic = min(TOPIC_MAX, max(TOPIC_MIN, max((len(r.topic) for r in self.review_rows), default=0)))
            usable -= topic
        answer = min(ANSWER_MAX, max(ANSWER_MIN, round(usable * ANSWER_SHARE)))
        question = max(usable - answer, 10)
        return NUMBER_WIDTH, topic, question, answer

    def _build(self, width: int) -> None:
        self._laid_out_width = width
        number_w, topic_w, question_w, answer_w = self._widths(width)
        unanswered = component_style(self, "answer-table--unanswered")
        number_style = component_style(self, "answer-table--number")
        topic_style = component_style(self, "answer-table--topic")
        self.clear(columns=True)
        self.add_column(t("review.column_number"), width=number_w, key="number")
        if topic_w:
            self.add_column(t("review.column_topic"), width=topic_w, key="topic")
        self.add_column(t("review.column_question"), width=question_w, key="question")
        self.add_column(t("review.column_answer"), width=answer_w, key="answer")
        for row in self.review_rows:
            # Text objects, not str: DataTable reads a str cell as markup, and a
            # question or answer may contain square brackets.
            answer = (RichText(row.answer) if row.answer
                      else RichText(t("review.not_answered"), style=unanswered))
            cells = [RichText(str(row.number), style=number_style, justify="right")]
            if topic_w:
                cells.append(RichText(row.topic, style=topic_style))
            cells += [RichText(row.question), answer]
            self.add_row(*cells, key=row.question_id, height=None)  # None: as tall as the wrapped text

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._laid_out_width and self.review_rows:
            self.show_rows(self.review_rows, self.current_question())

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        # The cells carry styles resolved from the theme; rebuild once the new one is applied.
        if self.review_rows:
            self.call_after_refresh(lambda: self.show_rows(self.review_rows, self.current_question()))

    def on_click(self, event: events.Click) -> None:
        # DataTable opens a row on the second click (the first only moves the
        # cursor); here one click on a row opens it, as a list of links would.
        # The row under the mouse is in the "row" meta DataTable puts on its cells.
        row = event.style.meta.get("row")
        if isinstance(row, int) and 0 <= row < self.row_count:
            event.prevent_default()
            self.move_cursor(row=row, animate=False)
            self.action_select_cursor()


class ReviewScreen(Screen[None]):
    """All answers at a glance; change any of them, then see the recommendation."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("review")  # see advisor/ui/keys.py

    app: AdvisorApp

    def key_scopes(self) -> tuple[str, ...]:
        return ("review",)

    @property
    def session(self) -> Session:
        return self.app.active_session

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="review-head"):
            yield Static(t("review.title"), id="review-title")
            yield Static(id="review-progress")
        yield Static(t("review.lede"), id="review-lede")
        yield AnswerTable(id="answers")
        with Horizontal(id="review-buttons"):
            if self.app.web:  # in a browser: a way out that needs no key (see AdvisorApp.action_done)
                yield Button(t("web.done"), id="done-button", compact=True)
            yield Button(t("review.see_result"), variant="primary", id="see-result", compact=True)
        yield QuietFooter()

    def on_mount(self) -> None:
        self.sub_title = one_line(self.session.company)  # the Header shows it as plain text
        self.refresh_answers()
        self.query_one(AnswerTable).focus()

    def refresh_answers(self, keep: str | None = None) -> None:
        """Rebuild the table from the session (answers, and which questions are asked)."""
        session = self.session
        table = self.query_one(AnswerTable)
        if keep is None:
            keep = table.current_question() or session.position
        table.show_rows(review_rows(session), keep)
        answered, total = session.progress()
        self.query_one("#review-progress", Static).update(tc("review.progress", answered=answered, total=total))

    # -- changing an answer -------------------------------------------------------------------

    def open_question(self, question_id: str) -> None:
        def closed(_: None) -> None:
            self.refresh_answers(keep=question_id)

        self.app.push_screen(QuestionScreen(question_id, return_to_review=True), closed)

    @on(DataTable.RowSelected, "#answers")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.open_question(event.row_key.value)

    def action_change(self) -> None:
        question_id = self.query_one(AnswerTable).current_question()
        if question_id is not None:
            self.open_question(question_id)

    # -- leaving ------------------------------------------------------------------------------

    @on(Button.Pressed, "#see-result")
    def _see_result(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_result()

    @on(Button.Pressed, "#done-button")
    def _done(self, event: Button.Pressed) -> None:
        event.stop()
        self.app.action_done()

    def action_result(self) -> None:
        stack = self.app.screen_stack
        if len(stack) >= 2 and isinstance(stack[-2], ResultScreen):
            self.dismiss()  # came from the result: go back to it (it shows any changed answers)
        else:
            self.app.action_result()

    def action_back(self) -> None:
        self.dismiss()
