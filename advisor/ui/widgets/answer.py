"""The answer controls: one widget per question type, all speaking in answers.

``answer_widget`` builds the right control for a question: a numbered list
for single choices, scales and yes/no; a number field; a numbered list of
ticks for multiple choice. Their keys come from the table in
``advisor.ui.keys``. Each posts ``AnswerPicked`` / ``AnswerRejected`` / ``GoOn``
and stops the generic widget event it came from.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.binding import BindingType
from textual.widget import Widget
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from ...answers import normalizer
from ...language import exact
from ...model import Question, Ruleset
from ...plaintext import one_line
from ..keys import bindings
from ..messages import AnswerPicked, AnswerRejected, GoOn
from ..texts import t
from .option_line import OptionLine

MARK_CHOSEN = "●"
MARK_FREE = "○"
MARK_TICKED = "☑"
MARK_UNTICKED = "☐"
NONE = object()  # the "None of these" option of a multiple choice


def fit_height(widget: Widget, labels: list[str], width: int) -> None:
    """Cap a list's height at what its labels need at ``width`` (it grows no taller than that).

    The list's CSS height is "1fr" rather than "auto" (see app.tcss); this
    keeps a short list from stretching to the bottom of the screen.
    """
    inner = max(width - 6, 8)  # border, padding and the "● 1  " prefix
    lines = sum(max(1, -(-len(label) // inner)) for label in labels)
    if widget.styles.max_height is not None and widget.styles.max_height.cells == lines + 2:
        return
    widget.styles.max_height = lines + 2
    # What the list needs has changed (its first layout, a new width): the screen decides again
    # what gives way to it (QuestionScreen.give_way).
    give_way = getattr(widget.screen, "give_way", None) if widget.is_attached else None
    if callable(give_way):
        widget.call_after_refresh(give_way)


def option_labels(question: Question, ruleset: Ruleset, language: str) -> list[tuple[Any, str]]:
    """(value, label) for every choice a single-answer question offers, as one line of plain text."""
    if question.type == "yesno":
        yes = question.yes_label(language) if question.yes_label else ruleset.word("yes", language)
        no = question.no_label(language) if question.no_label else ruleset.word("no", language)
        return [(True, one_line(yes)), (False, one_line(no))]
    return [(o.value, one_line(o.label(language))) for o in question.options]


class ChoiceAnswer(OptionList):
    """A numbered list; arrows move, a number key or a click chooses, Enter chooses and goes on."""

    # Lists scroll sideways and by page on ← →; here they move between questions (advisor/ui/keys.py).
    BINDINGS: ClassVar[list[BindingType]] = bindings("choice")

    def __init__(self, question: Question, ruleset: Ruleset, language: str, current: Any) -> None:
        self.question = question
        self.ruleset = ruleset
        self.language = language
        self.choices = option_labels(question, ruleset, language)
        self.current = current
        super().__init__(*self._build_options(), classes="answer")

    def _build_options(self) -> list[Option]:
        return [Option(self._prompt(i), id=f"choice-{i}") for i in range(len(self.choices))]

    def show_question(self, question: Question, current: Any) -> None:
        """Show another question in this same list.

        Moving on reuses the list rather than mounting a new one: focus and
        key bindings stay put, so the footer is not rebuilt for every
        question (that alone cost over 100 ms a question).
        """
        self.question = question
        self.choices = option_labels(question, self.ruleset, self.language)
        self.current = current
        self.set_options(self._build_options())
        self._settle()

    def _prompt(self, index: int) -> OptionLine:
        value, label = self.choices[index]
        chosen = self.current is not None and value == self.current and type(value) is type(self.current)
        return OptionLine(MARK_CHOSEN if chosen else MARK_FREE, index + 1, label, strong=chosen)

    def on_resize(self) -> None:
        fit_height(self, [label for _, label in self.choices], self.size.width)

    def on_mount(self) -> None:
        self._settle()

    def _settle(self) -> None:
        """Fit the height to the options and highlight the current answer."""
        fit_height(self, [label for _, label in self.choices], self.size.width or 80)
        for index, (value, _) in enumerate(self.choices):
            if self.current is not None and value == self.current and type(value) is type(self.current):
                self.highlighted = index
                break
        else:
            self.highlighted = 0

    def show_choice(self, value: Any) -> None:
        """Mark ``value`` as the chosen answer (only the two options that change are redrawn)."""
        before = self._index_of(self.current)
        self.current = value
        for index in {before, self._index_of(value)}:
            if index is not None:
                self.replace_option_prompt_at_index(index, self._prompt(index))

    def _index_of(self, value: Any) -> int | None:
        for index, (choice, _) in enumerate(self.choices):
            if value is not None and choice == value and type(choice) is type(value):
                return index
        return None

    def action_choose(self, number: int) -> None:
        if 1 <= number <= len(self.choices):
            self.highlighted = number - 1
            value = self.choices[number - 1][0]
            self.show_choice(value)
            self.post_message(AnswerPicked(self.question.id, value, advance=False))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        value = self.choices[event.option_index][0]
        self.show_choice(value)
        self.post_message(AnswerPicked(self.question.id, value, advance=True))


class NumberAnswer(Input):
    """A number within the question's bounds; Enter records it and goes on (empty: asks whether to skip)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("number")  # see advisor/ui/keys.py

    def __init__(self, question: Question, language: str, current: Any) -> None:
        self.question = question
        lo, hi = question.minimum, question.maximum
        unit = f" {one_line(question.unit(language))}" if question.unit else ""
        bounds = t("question.bounds", minimum=exact(lo, language), maximum=exact(hi, language), unit=unit) \
            if lo is not None and hi is not None else t("question.any_number")
        super().__init__(value="" if current is None else _n(current), placeholder=bounds,
                         type="integer" if question.integer else "number", classes="answer")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.post_message(GoOn(ask=True))
            return
        try:
            number: float = int(text) if self.question.integer else float(text)
        except ValueError:  # not a number at all: what was typed, in the words of an answers file's error
            found = t("errors.values.string", value=f"`{text}`")
            key = "errors.answers.expected_whole" if self.question.integer else "errors.answers.expected_number"
            self.post_message(AnswerRejected(self.question.id, t(key, found=found)))
            return
        try:
            value = normalizer(self.question)(number)
        except ValueError as exc:  # out of bounds: the normalizer says so, in the current language
            self.post_message(AnswerRejected(self.question.id, str(exc)))
            return
        self.post_message(AnswerPicked(self.question.id, value, advance=True))


class MultiAnswer(OptionList):
    """Ticks, numbered; Space, a number key or a click ticks, Enter records the ticks and goes on.

    Ticked and unticked differ by their mark (☑ / ☐), not by colour alone.
    A question that may be answered with no option ends with "None of
    these": an explicit answer (an empty list), told apart from not
    answered yet. Ticking it clears the other ticks; ticking another
    option clears it.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("multi")  # see advisor/ui/keys.py

    def __init__(self, question: Question, language: str, current: Any) -> None:
        self.question = question
        self.language = language
        self.choices: list[tuple[object, str]] = [(o.value, one_line(o.label(language))) for o in question.options]
        self.offers_none = question.min_choices == 0
        if self.offers_none:
            self.choices.append((NONE, t("question.none_of_these")))
        self.current: list[str] | None = None if current is None else list(current)
        super().__init__(*[Option(self._prompt(i), id=f"tick-{i}") for i in range(len(self.choices))],
                         classes="answer")

    def _ticked(self, index: int) -> bool:
        value = self.choices[index][0]
        if self.current is None:
            return False
        return not self.current if value is NONE else value in self.current

    def _prompt(self, index: int) -> OptionLine:
        ticked = self._ticked(index)
        return OptionLine(MARK_TICKED if ticked else MARK_UNTICKED, index + 1, self.choices[index][1], strong=ticked)

    def on_mount(self) -> None:
        fit_height(self, [label for _, label in self.choices], self.size.width or 80)
        self.highlighted = 0

    def on_resize(self) -> None:
        fit_height(self, [label for _, label in self.choices], self.size.width)

    def toggle(self, index: int) -> None:
        """Tick or untick option ``index`` and record the answer (refused ticks say why and change nothing)."""
        value = self.choices[index][0]
        order = [o.value for o in self.question.options]
        ticked = set(self.current or [])
        if value is NONE:
            new: list[str] | None = None if self.current == [] else []
        else:
            ticked ^= {str(value)}
            new = sorted(ticked, key=order.index)
            if not new and not self.offers_none:
                new = None  # no "none" answer here: nothing ticked is not answered
        if new:
            try:
                normalizer(self.question)(new)
            except ValueError as exc:
                self.post_message(AnswerRejected(self.question.id, str(exc)))
                return
        self.current = new
        for i in range(len(self.choices)):
            self.replace_option_prompt_at_index(i, self._prompt(i))
        self.post_message(AnswerPicked(self.question.id, new, advance=False))

    def action_toggle_tick(self) -> None:
        if self.highlighted is not None:
            self.toggle(self.highlighted)

    def action_tick(self, number: int) -> None:
        if 1 <= number <= len(self.choices):
            self.highlighted = number - 1
            self.toggle(number - 1)

    def action_go_on(self) -> None:
        if self.current is None and self.offers_none:
            # Enter with nothing ticked is an answer ("none of these": sales is the only team); → skips.
            self.toggle(len(self.choices) - 1)
            self.post_message(AnswerPicked(self.question.id, [], advance=True))
        else:
            self.post_message(GoOn())

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.toggle(event.option_index)


def answer_widget(question: Question, ruleset: Ruleset, language: str, current: Any) -> Widget:
    if question.type == "number":
        return NumberAnswer(question, language, current)
    if question.type == "multi":
        return MultiAnswer(question, language, current)
    return ChoiceAnswer(question, ruleset, language, current)


def _n(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else str(x)
