"""Where the person is: topic, "Question n · m left", and a bar of answered questions.

The count must not jump up as follow-up questions appear. So "left" counts
the questions still to come that can still be asked: the ones shown now,
and the follow-ups an answer not given yet may bring ("up to" while there
are such). An answer then only shrinks it: by one, or by the follow-ups it
rules out. The bar is the answered share of everything that can still be
asked, so it never goes backwards as the questionnaire is answered.

A single light widget rather than a Label plus Textual's ProgressBar (which
is several widgets): the question screen is the first thing painted, and
every widget on it costs start-up time.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ...answers import normalizer
from ...engine import Result
from ...model import Question, Ruleset
from ..texts import t


class Progress(NamedTuple):
    number: int      # the current question's place among those shown now
    left: int        # unanswered questions after this one that can still be asked
    exact: bool      # every one of them will be asked (no answer still to come can rule one out)
    answered: int
    total: int       # answered + every unanswered question that can still be asked

    @property
    def text(self) -> str:
        if self.left:
            return t("question.progress" if self.exact else "question.progress_up_to",
                     number=self.number, left=self.left)
        return t("question.progress_last" if self.answered < self.total else "question.progress_done",
                 number=self.number)


def askable(ruleset: Ruleset, result: Result) -> list[Question]:
    """The questions that are, or can still be, asked: those shown, and the hidden ones whose
    condition is not settled yet (it reads a question still to be answered)."""
    hidden = set(result.hidden)
    answers = {qid: normalizer(ruleset.question_by_id[qid])(raw) for qid, raw in result.answers.items()}
    settled = set(answers)  # answered, or never to be asked: its answer will not change any more
    found = []
    for q in ruleset.questions:
        if q.id not in hidden:
            found.append(q)
        elif (q.show_if is not None and q.show_if.test(answers, None) is None
              and not q.show_if.reads <= settled):
            found.append(q)  # hidden until an answer still to come shows it (or rules it out)
        else:
            settled.add(q.id)
    return found


def progress(ruleset: Ruleset, result: Result, current: str) -> Progress:
    """Where ``current`` stands among the questions shown for ``result``'s answers."""
    hidden = set(result.hidden)
    shown = [q.id for q in ruleset.questions if q.id not in hidden]
    to_answer = [q.id for q in askable(ruleset, result) if q.id not in result.answers]
    answered = sum(1 for qid in shown if qid in result.answers)
    # Still to come: after this one in the questionnaire's order (skipped ones are in the review).
    after = {q.id for q in ruleset.questions if q.index > ruleset.question_by_id[current].index}
    ahead = [qid for qid in to_answer if qid in after]
    return Progress(number=shown.index(current) + 1 if current in shown else len(shown), left=len(ahead),
                    exact=not any(qid in hidden for qid in ahead), answered=answered,
                    total=answered + len(to_answer))


class ProgressLine(Widget):
    """Where the person is (company, topic) on the left, the count on the right, the bar under them."""

    DEFAULT_CSS = """
    ProgressLine { height: 2; }
    """

    label: reactive[str] = reactive("")  # company and topic: shortened first when the line is full
    count: reactive[str] = reactive("")  # "Question 4 · 12 left": always shown whole
    answered: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)

    def render(self) -> Content:
        width = max(self.content_region.width, 4)
        filled = 0 if self.total <= 0 else round(width * min(self.answered, self.total) / self.total)
        bar = Content.assemble(("━" * filled, "$accent"), ("━" * (width - filled), "$panel"))
        count = Content(self.count)
        room = width - count.cell_length - 2
        label = Content(self.label).truncate(max(room, 0), ellipsis=True) if room > 1 else Content("")
        gap = max(width - label.cell_length - count.cell_length, 1 if label.cell_length else 0)
        line = Content.assemble(label, " " * gap, count).truncate(width, ellipsis=True)
        return Content("\n").join([line.stylize("$text-muted"), bar])
