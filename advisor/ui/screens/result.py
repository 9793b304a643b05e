"""The result screen: the summary first (verdict, strength of need, direction, scores), then the report.

It follows the report's own order. The summary at the top is drawn by
widgets from the report model; under it comes the report's Markdown as
`advisor evaluate` writes it for the same answers and date, less what the
summary already shows (``render(..., screen=True)``), so the verdict and the
scores appear once each. The whole report, byte for byte what the CLI prints
and the export writes, is kept as ``markdown``.

It is drawn with Rich's Markdown renderer through a small line-based widget.
Measured on the example reports (``examples/*.md``, 10-20 kB) in a
``run_test()`` app, from push_screen to the first frame: Textual's
``Markdown`` widget 0.8-1.8 s (it mounts a widget per block; likewise
``MarkdownViewer``), a ``Static`` holding ``rich.markdown.Markdown`` 0.1-0.2 s
(it renders the whole document twice: to measure, then to draw). This
widget renders the report once per width. Rich's first Markdown drawing in
a process costs 50-70 ms, its later ones some 12 ms; the app draws once in
idle time (advisor/ui/idle.py), so the whole report is usually drawn before
the first frame. Before that, only the head of the report is, and the rest
in a worker thread just after the frame.
"""

from __future__ import annotations

import datetime as _dt
import io
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import CodeBlock, Heading, MarkdownElement
from rich.markdown import Markdown as RichMarkdown
from rich.padding import Padding
from rich.style import Style as RichStyle
from rich.text import Text as RichText
from rich.theme import Theme
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Button, Header, Static

from ...engine import what_would_change
from ...plaintext import one_line
from ...report import build_report, render
from ..idle import report_key
from ..keys import bindings
from ..texts import plain, t, tc
from ..widgets.footer import QuietFooter
from ..widgets.scores import ChartKey, ScoreChart

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ...answers import AnswersFile
    from ...engine import Result
    from ...model import Ruleset
    from ...session import Session
    from ..app import AdvisorApp

WIDE = 96  # from this many columns the buttons fit beside the verdict (the footer has their keys)
TALL = 30  # below this many lines the summary keeps to fewer blank lines


def session_report(session: Session, date: str | None = None) -> dict[str, Any]:
    """The report model for the session's answers, built as `advisor evaluate` builds it.

    ``date`` defaults, as in `advisor evaluate`, to the answers' own date,
    then to today. The JSON export renders this same model.
    """
    return report_for(session.ruleset, session.answers, session.result,  # evaluate(), cached by the session
                      session.to_answers_file(), date or session.date or _dt.date.today().isoformat())


def report_for(ruleset: Ruleset, answers: Mapping[str, Any], result: Result, meta: AnswersFile,
               date: str) -> dict[str, Any]:
    """The report model for ``answers`` (``result`` their evaluation), with ``meta``'s names and language."""
    changes = what_would_change(ruleset, answers, result)
    return build_report(ruleset, result, changes, meta=meta, language=None, date=date)


# -- the report, drawn ---------------------------------------------------------------------------

class _Heading(Heading):
    # Rich centres level-1 headings; a left edge reads better in a report that scrolls.
    LEVEL_ALIGN: ClassVar[dict[str, Any]] = {**Heading.LEVEL_ALIGN, "h1": "left"}


class _CodeBlock(CodeBlock):
    """A fenced block as plain, unwrapped text on the theme's code background.

    Rich would highlight it with a Pygments theme whose colours ignore the
    app's theme; the report's only fenced block is the score chart, which
    must not wrap or its bars break apart.
    """

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        code = RichText(str(self.text).rstrip(), style="markdown.code_block", no_wrap=True, overflow="ellipsis")
        yield Padding(code, (1, 2), style="markdown.code_block", expand=True)


class _ReportMarkdown(RichMarkdown):
    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **RichMarkdown.elements, "heading_open": _Heading, "fence": _CodeBlock, "code_block": _CodeBlock,
    }


# Rich's Markdown styles, each taken from a component class of ReportView (so
# from the .tcss and the theme); Rich's own defaults are fixed colours.
_MARKDOWN_STYLES: dict[str, tuple[str, ...]] = {
    "report-view--h1": ("markdown.h1",),
    "report-view--h2": ("markdown.h2",),
    "report-view--h3": ("markdown.h3", "markdown.h4", "markdown.h5", "markdown.h6"),
    "report-view--strong": ("markdown.strong",),
    "report-view--em": ("markdown.em", "markdown.emph"),
    "report-view--code": ("markdown.code", "markdown.kbd"),
    "report-view--code-block": ("markdown.code_block",),
    "report-view--bullet": ("markdown.item.bullet", "markdown.item.number"),
    "report-view--quote": ("markdown.block_quote",),
    "report-view--link": ("markdown.link", "markdown.link_url"),
    "report-view--rule": ("markdown.hr",),
    "report-view--table-border": ("markdown.table.border",),
    "report-view--table-header": ("markdown.table.header",),
}
_PLAIN = ("markdown.list", "markdown.item", "markdown.paragraph", "markdown.text", "markdown.h1.border")


def report_head(markdown: str, sections: int = 2) -> str:
    """The Markdown up to its ``sections + 1``-th level-2 heading (all of it if shorter).

    For a report: its first sections, enough to fill the screen under the
    summary; the rest can be drawn a moment later.
    """
    count, offset, fenced = 0, 0, False
    for line in markdown.splitlines(keepends=True):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("## "):
            count += 1
            if count > sections:
                return markdown[:offset]
        offset += len(line)
    return markdown


def render_markdown(markdown: str, width: int, styles: dict[str, RichStyle]) -> list[Strip]:
    """``markdown`` rendered ``width`` cells wide with Rich, as strips of a Line API widget.

    A Console of its own (not the app's), so it can run in a worker thread.
    """
    console = Console(width=width, file=io.StringIO(), force_terminal=True, color_system="truecolor",
                      legacy_windows=False, highlight=False, theme=Theme(styles, inherit=True))
    rendered = console.render_lines(_ReportMarkdown(markdown), console.options.update(width=width), pad=False)
    while rendered and not any(segment.text.strip() for segment in rendered[-1]):
        rendered.pop()
    _rich_ready[0] = True
    return [Strip(line) for line in rendered]


# Whether Rich has drawn Markdown in this process: its first drawing costs several times a later one
# (markdown-it's parser and Rich's styles are built then). The app draws once in idle time (idle.py).
_rich_ready = [False]


def component_style(widget: Widget, name: str) -> RichStyle:
    """What the component class ``name`` sets, as a Rich style, with its colours resolved.

    The partial style says which attributes the .tcss sets, but leaves
    translucent theme colours ($text-muted, $boost) unblended; the full
    style has them blended onto the widget's background.
    """
    partial = widget.get_component_rich_style(name, partial=True)
    full = widget.get_component_rich_style(name)
    return partial + RichStyle(color=full.color if partial.color else None,
                               bgcolor=full.bgcolor if partial.bgcolor else None)


class ReportView(Widget):
    """A Markdown document, rendered once per width and drawn line by line.

    Once Rich has drawn Markdown in this process, the whole document is
    rendered at once (some 12 ms). Before that its first drawing costs
    50-70 ms, too much before the first frame: then the first lines
    (``report_head``) are rendered at once and the whole document in a
    worker thread right after the screen is painted.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = set(_MARKDOWN_STYLES)

    def __init__(self, markdown: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.markdown = markdown
        self._head = report_head(markdown)
        self._lines: dict[int, list[Strip]] = {}  # the whole document, by width
        self._head_lines: dict[int, list[Strip]] = {}
        self._styles_used: dict[str, RichStyle] = {}
        self._styles_changed = True  # set by Textual's style updates (a theme change among them)
        self._pending: set[int] = set()  # widths being rendered in a worker

    def update(self, markdown: str) -> None:
        self.markdown = markdown
        self._head = report_head(markdown)
        self._forget()
        self.refresh(layout=True)

    def _forget(self) -> None:
        self._lines.clear()
        self._head_lines.clear()
        self._pending.clear()
        self.workers.cancel_group(self, "render")

    def _theme(self) -> dict[str, RichStyle]:
        styles = {name: RichStyle() for name in _PLAIN}
        for component, names in _MARKDOWN_STYLES.items():
            styles.update(dict.fromkeys(names, component_style(self, component)))
        return styles

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles_changed = True

    def lines_at(self, width: int) -> list[Strip]:
        """The document ``width`` cells wide; only its head while the rest is being rendered."""
        width = max(width, 1)
        if self._styles_changed:
            self._styles_changed = False
            styles = self._theme()
            if styles != self._styles_used:  # a new theme: what was rendered has the old colours
                self._forget()
                self._styles_used = styles
        styles = self._styles_used
        lines = self._lines.get(width)
        if lines is not None:
            return lines
        if self._head == self.markdown or _rich_ready[0]:
            # A short document, or Rich already warm (a report: some 12 ms): all of it, before the frame.
            lines = self._lines[width] = render_markdown(self.markdown, width, styles)
            return lines
        head = self._head_lines.get(width)
        if head is None:
            head = self._head_lines[width] = render_markdown(self._head, width, styles)
        if width not in self._pending:
            self._pending.add(width)
            self.call_after_refresh(self._render_whole, width)
        return head

    def _render_whole(self, width: int) -> None:
        if width not in self._pending or width != max(self.content_size.width, 1):
            self._pending.discard(width)  # resized again meanwhile: that width is no longer needed
            return
        markdown, styles = self.markdown, self._styles_used
        self.run_worker(partial(self._rendered_in_thread, markdown, width, styles), thread=True,
                        group="render", exit_on_error=False)

    def _rendered_in_thread(self, markdown: str, width: int, styles: dict[str, RichStyle]) -> None:
        lines = render_markdown(markdown, width, styles)
        self.app.call_from_thread(self._rendered, markdown, width, styles, lines)

    def _rendered(self, markdown: str, width: int, styles: dict[str, RichStyle], lines: list[Strip]) -> None:
        self._pending.discard(width)
        if markdown != self.markdown or styles != self._styles_used:
            return  # rendered for a document or theme that has since been replaced
        if len(self._lines) >= 4:  # a few widths (resizing back and forth), not every one ever seen
            self._lines.clear()
        self._lines[width] = lines
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines_at(width))

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        lines = self.lines_at(width)
        if y >= len(lines):
            return Strip.blank(width, self.rich_style)
        return lines[y].apply_style(self.rich_style)


# -- the screen ----------------------------------------------------------------------------------

class ResultScreen(Screen[None]):
    """The summary first (the verdict, the strength of the need, the direction, the scores), then the report.

    Everything scrolls as one page, as the report reads; the summary is at
    its top, so it is what a terminal of 80x24 shows first. The report under
    it is rendered without what the summary shows (`render(..., screen=True)`),
    so the verdict and the scores appear once each.
    """

    # Textual types this as an optional list, so no ClassVar here (mypy would object).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = bindings("result")  # see advisor/ui/keys.py

    app: AdvisorApp

    def key_scopes(self) -> tuple[str, ...]:
        return ("result",)

    @property
    def session(self) -> Session:
        return self.app.active_session

    def __init__(self, date: str | None = None) -> None:
        super().__init__()
        self.date = date  # None: today's (tests pin it to compare with `advisor evaluate --date`)
        self.report: dict[str, Any] = {}
        self.shown = ""  # the report under the summary: without the verdict, judgements and scores
        self._markdown: str | None = None
        self._answers_shown: dict[str, Any] | None = None

    @property
    def markdown(self) -> str:
        """The whole report, exactly what `advisor evaluate` prints (and the export writes) for these answers."""
        if self._markdown is None:
            self._markdown = render(self.report, "markdown")
        return self._markdown

    def _build(self) -> None:
        session = self.session
        prepared = self.app.prepared_report  # built in idle time, after the last answer (advisor/ui/idle.py)
        if prepared is not None and prepared.key == report_key(session, self.date):
            self.report, self.shown = prepared.report, prepared.shown
        else:
            self.report = session_report(session, self.date)
            self.shown = render(self.report, "markdown", screen=True)
        self._markdown = None
        self._answers_shown = dict(session.answers)

    def compose(self) -> ComposeResult:
        self._build()
        session = self.session
        key = ChartKey.of(session.ruleset, self.app.function_names(), session.language)
        yield Header()
        with VerticalScroll(id="result-scroll"):
            with Horizontal(id="verdict-row"):
                yield Static(id="verdict")
                with Horizontal(id="result-actions"):
                    yield Button(t("result.export"), id="export-button", compact=True)
                    yield Button(t("result.review"), id="review-button", compact=True)
            with Vertical(id="judgements"):
                yield Static(id="strength")
                yield Static(id="direction")
                yield Static(id="result-warning")
                yield ScoreChart(key, session.result, id="score-chart")
            yield ReportView(self.shown, id="report")
        if self.app.web:  # below the page, not beside the verdict: narrow screens hide the buttons there
            with Horizontal(classes="web-actions"):
                yield Button(t("web.done"), variant="primary", id="done-button", compact=True)
        yield QuietFooter()

    def on_mount(self) -> None:
        self.sub_title = one_line(self.session.company)  # the Header shows it as plain text
        self._show_summary()
        self.query_one("#result-scroll").focus()

    def _show_summary(self) -> None:
        report = self.report
        recommendation = report["recommendation"]
        weak = recommendation["outcome"] == "not_yet"
        # Titles, labels and texts come from the ruleset: shown as written, never as markup.
        verdict = tc("result.not_yet", lean=self._side_name(recommendation["lean"])) if weak else \
            plain(recommendation["title"], line=True)
        self.query_one("#verdict", Static).update(verdict)
        self.query_one("#verdict-row").set_class(weak, "-not-yet")

        strength = report["strength"]
        self.query_one("#strength", Static).update(Content.assemble(
            tc("result.strength", label=one_line(strength["label"])), "\n",
            plain(strength["text"]).stylize("$text-muted")))
        direction = report["direction"]
        self.query_one("#direction", Static).update(Content.assemble(
            tc("result.direction", direction=self._direction(), label=one_line(direction["label"])), "\n",
            plain(direction["text"]).stylize("$text-muted")))

        answered, total = self.session.progress()
        warning = self.query_one("#result-warning", Static)
        warning.update(tc("result.unanswered", count=total - answered, total=total))
        warning.display = answered < total

    def _side_name(self, side: str) -> str:
        """A function's short name ("SalesOps"), or the word for both."""
        return self.app.function_names().get(side) or t("result.both")

    def _direction(self) -> str:
        """Which way the answers point, in a few words: "SalesOps", "both, RevOps first", "leaning toward RevOps"."""
        recommendation = self.report["recommendation"]
        if recommendation["outcome"] == "not_yet":
            return t("result.direction_lean", lean=self._side_name(recommendation["lean"]))
        phase = recommendation["phase"]
        if recommendation["outcome"] == "both" and phase:
            key = "result.direction_phased" if phase["phased"] else "result.direction_both"
            return t(key, first=self._side_name(phase["first"]), then=self._side_name(phase["then"]))
        return self._side_name(recommendation["outcome"])

    def on_screen_resume(self) -> None:
        # Back from the review screen (or a question) with other answers: show the new result.
        if self._answers_shown is not None and self._answers_shown != self.session.answers:
            self._build()
            self._show_summary()
            self.query_one(ScoreChart).show(self.session.result)
            self.query_one(ReportView).update(self.shown)

    # -- keys and buttons ----------------------------------------------------------------------

    @on(Button.Pressed, "#export-button")
    def _export(self, event: Button.Pressed) -> None:
        event.stop()
        self.app.action_export()

    @on(Button.Pressed, "#review-button")
    def _review(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_review()

    @on(Button.Pressed, "#done-button")
    def _done(self, event: Button.Pressed) -> None:
        event.stop()
        self.app.action_done()

    def action_review(self) -> None:
        from .review import ReviewScreen

        stack = self.app.screen_stack
        if len(stack) >= 2 and isinstance(stack[-2], ReviewScreen):
            self.dismiss()  # came from the review: go back to it rather than stack another one
        else:
            self.app.action_review()

    def action_back(self) -> None:
        self.dismiss()
