"""The question screen: one question at a time, with progress, help and live scores.

One screen serves every question: moving on swaps the question's texts and
its answer control, which keeps Enter-to-next-question within a frame or
two. Answers are recorded (and autosaved) by the session the moment they
are picked; the screen only decides what to show next. In a browser an
"I'm done" button under the question ends the session (``AdvisorApp.action_done``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from ...errors import FileAccessError
from ...model import Question
from ...plaintext import one_line
from ..keys import bindings
from ..messages import AnswerPicked, AnswerRejected, GoOn
from ..texts import plain, t, tc
from ..widgets.answer import ChoiceAnswer, MultiAnswer, NumberAnswer, answer_widget
from ..widgets.footer import QuietFooter
from ..widgets.progress import ProgressLine, progress
from ..widgets.scores import ChartKey, ScorePanel, score_strip

if TYPE_CHECKING:
    from ...session import Session
    from ..app import AdvisorApp


NUMBER_LINES = 3  # a number field's height, border included (app.tcss)


class QuestionScreen(Screen[None]):
    """Asks the visible questions in order; conditional ones come and go with the answers."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("question")  # see advisor/ui/keys.py

    # Below 96 columns the live scores shrink to one line above the question,
    # so the question and its options keep the width they need.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]  # noqa: RUF012 - Textual declares it so
    # Below 24 lines the blank lines go and the score strip with them (app.tcss); "why we ask"
    # gives way whenever the options would not all show (``give_way``).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]  # noqa: RUF012

    app: AdvisorApp

    def __init__(self, question_id: str | None = None, *, return_to_review: bool = False) -> None:
        super().__init__()
        self.start_at = question_id
        self.return_to_review = return_to_review  # editing one answer from the review screen
        self.question: Question | None = None
        self.why_wanted: bool | None = None  # None: shown when there is room; True/False: as ? last set it
        self._key: tuple[str, ChartKey] | None = None  # (language, the chart key made for it)

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield ProgressLine(id="progress")
                yield Static(id="score-strip")
                yield Static(id="question-text")
                yield Static(id="help")
                yield Container(id="answer-slot")
                yield Static(id="status")
                yield Static(id="hint")
                if self.app.web:
                    with Horizontal(classes="web-actions"):
                        yield Button(t("web.done"), id="done-button", compact=True)
            with VerticalScroll(id="side"):
                yield Static(t("scores.title"), id="scores-title")
        # The first frame holds what the person needs to answer; the score panel and the Footer (the
        # costliest to style and lay out) arrive right after it, the Footer in the row kept for it (_arrive).
        yield Static(id="footer-room")

    @property
    def session(self) -> Session:
        return self.app.active_session

    def _chart_key(self) -> ChartKey:
        """The chart's names and labels, made once per language (every answer redraws the scores)."""
        session = self.session
        if self._key is None or self._key[0] != session.language:
            self._key = (session.language, ChartKey.of(session.ruleset, self.app.function_names(), session.language))
        return self._key[1]

    def on_screen_resume(self) -> None:
        # Back from the review (or a dialog): an answer may have changed there.
        if self.question is not None:
            self.show_question(self.question.id)

    def on_mount(self) -> None:
        session = self.session
        self.watch(self.app, "show_scores", self._show_scores, init=True)
        self.show_question(self.start_at or session.position)
        self.call_after_refresh(self._arrive)

    async def _arrive(self) -> None:
        """After the first frame: the score panel, and the Footer in place of the row kept for it."""
        panel = ScorePanel(self._chart_key(), id="scores")
        panel.result = self.session.result
        await self.query_one("#side", VerticalScroll).mount(panel)
        await self.query_one("#footer-room", Static).remove()
        await self.mount(QuietFooter())
        self.refresh_bindings()  # the Footer lists the keys when the bindings change, once it listens

    def _show_scores(self, show: bool) -> None:
        self.set_class(not show, "-no-scores")

    # -- showing a question -------------------------------------------------------------------

    def show_question(self, question_id: str) -> None:
        session = self.session
        visible = session.visible_questions()
        ids = [q.id for q in visible]
        if question_id not in ids:
            # Hidden now (an earlier answer changed): go to the first unanswered one instead.
            question_id = next((q.id for q in visible if q.id not in session.answers), ids[-1])
        q = session.ruleset.question(question_id)
        self.question = q
        if not self.return_to_review:  # a resume lands where the person was in order
            try:
                session.move_to(q.id)
            except FileAccessError:  # the file cannot be written: keep going, the position held in memory
                self.app.unsaved = True
        lang = session.language
        self._refresh_progress()
        # Ruleset texts are shown as written: `[CRM]` is a word, not a style.
        self.query_one("#question-text", Static).update(plain(q.text(lang)))
        self.query_one("#help", Static).update(Content.assemble(tc("question.why"), " ", plain(q.help(lang))))
        self.query_one("#status", Static).update("")
        hint = {"number": "question.hint_number", "multi": "question.hint_multi"}.get(q.type, "question.hint_choice")
        self.query_one("#hint", Static).update(tc(hint))
        self.call_after_refresh(self.give_way)
        slot = self.query_one("#answer-slot", Container)
        current = session.answers.get(q.id)
        existing = slot.children[0] if slot.children else None
        if isinstance(existing, ChoiceAnswer) and q.type in ("choice", "scale", "yesno"):
            existing.show_question(q, current)
            if not existing.has_focus:
                existing.focus()
        else:
            slot.remove_children()
            widget = answer_widget(q, session.ruleset, lang, current)
            slot.mount(widget)
            widget.focus()

    def _show_result(self) -> None:
        result = self.session.result
        for panel in self.query("#scores").results(ScorePanel):  # none before the first frame (_arrive)
            panel.result = result
        self.query_one("#score-strip", Static).update(score_strip(self._chart_key().sides(result)))

    def _refresh_progress(self) -> None:
        session = self.session
        assert self.question is not None
        where = progress(session.ruleset, session.result, self.question.id)
        topic = next(tp for tp in session.ruleset.topics if tp.id == self.question.topic)
        # Drawn as plain text (ProgressLine); only control characters need to go.
        label = one_line(topic.title(session.language))
        if one_line(session.company):
            label = f"{one_line(session.company)} · {label}"
        line = self.query_one("#progress", ProgressLine)
        line.label, line.count, line.answered, line.total = label, where.text, where.answered, where.total
        self._show_result()

    # -- moving -------------------------------------------------------------------------------

    def _neighbour(self, step: int) -> str | None:
        assert self.question is not None
        ids = [q.id for q in self.session.visible_questions()]
        index = ids.index(self.question.id) + step
        return ids[index] if 0 <= index < len(ids) else None

    def go_on(self) -> None:
        if self.return_to_review:
            self.dismiss()
            return
        following = self._neighbour(+1)
        if following is None:
            self.app.action_review()
        else:
            self.show_question(following)

    def action_leave(self) -> None:
        """Escape: back to the review when editing one answer from it."""
        if self.return_to_review:
            self.dismiss()

    def action_back(self) -> None:
        """← (PgUp in a number field): the previous question, also when this one was opened from the review."""
        previous = self._neighbour(-1)
        if previous is not None:
            self.show_question(previous)

    def action_skip(self) -> None:
        """→ (PgDn): the next question in order, also when this one was opened from the review
        (Esc goes back there); after the last one, the review."""
        following = self._neighbour(+1)
        if following is not None:
            self.show_question(following)
        elif self.return_to_review:
            self.dismiss()
        else:
            self.app.action_review()

    def action_toggle_help(self) -> None:
        help_text = self.query_one("#help", Static)
        self.why_wanted = not help_text.display
        help_text.display = self.why_wanted

    def on_resize(self) -> None:
        self.call_after_refresh(self.give_way)

    def give_way(self) -> None:
        """Show "why we ask" only if the options all show with it (unless ? asked for it): options first.

        The options' list scrolls to the one under the cursor in any case; this
        keeps every option in view whenever the screen has the room for them.
        """
        if not self.is_attached:  # a screen closed before its refresh came (a language switch rebuilds them)
            return
        help_text = self.query_one("#help", Static)
        slot = self.query_one("#answer-slot", Container)
        if self.why_wanted is not None or not slot.children or self.question is None:
            if self.why_wanted is not None:
                help_text.display = self.why_wanted
            return
        control = slot.children[0]
        # A list needs the lines fit_height gave it; a number field its three (app.tcss), known before layout.
        cap = control.styles.max_height
        need = (cap.cells if cap is not None else None) or NUMBER_LINES
        # The room the options have with "why we ask" shown: what they have now, less its lines if hidden.
        room = slot.size.height - (0 if help_text.display else self._help_lines())
        fits = room >= need
        if help_text.display != fits:
            help_text.display = fits

    def _help_lines(self) -> int:
        """The lines "why we ask" takes at the current width (its text wrapped, and its margin)."""
        assert self.question is not None
        width = max(self.query_one("#main").content_size.width, 20)
        text = f"{t('question.why')} {self.question.help(self.session.language)}"
        lines = sum(max(1, -(-len(paragraph) // width)) for paragraph in text.splitlines() or [""])
        return lines + (1 if self.has_class("-tall") else 0)

    def action_why(self) -> None:
        """F2: "why we ask" where ? is typed (a number field)."""
        self.action_toggle_help()

    def action_review(self) -> None:
        self.app.action_review()

    def action_toggle_scores(self) -> None:
        self.app.action_toggle_scores()

    def key_scopes(self) -> tuple[str, ...]:
        """The scopes of keys the help screen lists here: the question's, and its control's."""
        control = self.focused
        kind = "number" if isinstance(control, NumberAnswer) else "multi" if isinstance(control, MultiAnswer) \
            else "choice"
        return ("question", kind)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys a focused text field would take as typing leave the footer while it has the focus."""
        typing = isinstance(self.focused, Input)
        if action in ("toggle_help", "review", "toggle_scores"):
            return not typing
        if action == "why":
            return typing
        if action == "leave":
            return self.return_to_review
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    # -- answers ------------------------------------------------------------------------------

    @on(AnswerPicked)
    def _picked(self, message: AnswerPicked) -> None:
        message.stop()
        try:
            # The answer and the move to the next question are saved in one write.
            with self.session.batch():
                try:
                    self.app.record_answer(message.question_id, message.value, move=not self.return_to_review)
                except ValueError as exc:
                    self.query_one("#status", Static).update(plain(exc))
                    return
                self.query_one("#status", Static).update("")
                self._refresh_progress()
                if message.advance:
                    self.go_on()
        except FileAccessError as exc:
            self.app.save_failed(exc)  # the answer is kept in memory

    @on(Button.Pressed, "#done-button")
    def _done(self, event: Button.Pressed) -> None:
        event.stop()
        self.app.action_done()

    @on(AnswerRejected)
    def _rejected(self, message: AnswerRejected) -> None:
        message.stop()
        self.query_one("#status", Static).update(plain(message.reason))

    @on(GoOn)
    def _go_on(self, message: GoOn) -> None:
        message.stop()
        if not message.ask:
            self.go_on()
            return
        from .confirm import ConfirmScreen

        def answered(skip: bool | None) -> None:
            if skip:
                self.go_on()

        self.app.push_screen(ConfirmScreen(tc("question.skip_empty"), yes=t("question.skip_yes"),
                                           no=t("question.skip_no")), answered)
