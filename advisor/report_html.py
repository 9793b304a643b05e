"""The HTML report: the report model through ``reports/html.html.j2``, one self-contained page.

The page has no JavaScript and loads nothing: its stylesheet
(``reports/html/report.css``) is included inline, its charts are inline SVG
drawn by the template from the geometry computed here. Autoescape is forced
on for this environment whatever a template's name, so every value of the
model (a company called ``<script>``, a role with an ``onerror=``) reaches
the page as text. The texts of the strings file are ours and may hold a
little Markdown (``*fits your answers*``): they go through markdown-it-py
with raw HTML off, and any value filled into them is escaped first.

Every number the SVG draws with comes from the model as a number and is
formatted here (``num``); a text never reaches an SVG attribute.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .language import long_date
from .model import SIDES
from .report import Composed, _bytecode_cache, fill, real_need
from .report_texts import plural_form

HTML_TEMPLATE = "html.html.j2"

# The charts' drawing box (SVG user units; the page scales it to its width).
CHART_WIDTH = 640
LABEL_WIDTH = 84       # the team names, left of the bars
VALUE_WIDTH = 160      # "12 of 23 · Clear need", right of the bars
BAR_HEIGHT = 18
ROW_HEIGHT = 46
TOP = 22               # room above the first bar for the marks' numbers
SEGMENT_LABEL_MIN = 24  # a segment narrower than this shows no criterion id (the table has it)
SEGMENT_CLASSES = 6     # colours a stacked bar cycles through (report.css: .seg-0 ... .seg-5)

_PARSER: Any = None
_ENVIRONMENTS: dict[Path, Any] = {}


def inline_markdown(text: str) -> str:
    """One of our texts as inline HTML: CommonMark, raw HTML escaped, unsafe links (``javascript:``) refused."""
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt

        _PARSER = MarkdownIt("commonmark", {"html": False})
    return str(_PARSER.renderInline(text))


def _as_html(value: Any) -> Any:
    """A value as it goes into the page: our texts as rendered Markdown, anything else escaped by autoescape."""
    from markupsafe import Markup, escape

    if isinstance(value, Markup):
        return value
    if isinstance(value, Composed):
        return Markup(inline_markdown(value))
    if isinstance(value, (Mapping, list, tuple)):  # a Python repr in a report is a mistake, not a text
        raise TypeError(f"a {'mapping' if isinstance(value, Mapping) else 'list'} cannot be shown as text")
    return escape(value)


def _fill(text: Any, **values: Any) -> Any:
    """``text`` (ours, or escaped) with its ``{name}`` placeholders filled with escaped values."""
    from markupsafe import Markup

    return Markup(fill(str(_as_html(text)), {key: str(_as_html(value)) for key, value in values.items()}))


def _plural(context: Any, forms: Any, n: int, **values: Any) -> Any:
    """The form of ``forms`` for the number ``n`` in the report's language, ``{n}`` and ``values`` filled in."""
    report = context.get("r")
    language = report.get("language") if isinstance(report, Mapping) else None
    return _fill(plural_form(forms, n, language or "en"), n=n, **values)


def _tag(value: Any, tag: str) -> Any:
    from markupsafe import Markup

    text = _as_html(value)
    return Markup(f"<{tag}>{text}</{tag}>") if text else Markup("")


def _either(items: Sequence[Any], word: Any) -> Any:
    """``items`` joined with ``word`` ("or"), each escaped unless already HTML."""
    from markupsafe import Markup

    return Markup(f" {_as_html(word)} ").join(_as_html(item) for item in items)


def num(value: Any) -> str:
    """A number for an SVG attribute, at most two decimals; anything but a number is refused."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"an SVG coordinate must be a number, found {type(value).__name__}")
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _scale(scores: Mapping[str, Mapping[str, Any]]) -> int:
    return max(max(int(scores[side]["max"]), 1) for side in SIDES)


def _x(points: float, scale: int) -> float:
    return LABEL_WIDTH + (CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH) * points / scale


def _ticks(scale: int) -> list[dict[str, Any]]:
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500) if scale / s <= 8) if scale <= 4000 else scale
    return [{"x": _x(p, scale), "value": p} for p in range(0, scale + 1, step)]


def score_layout(scores: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Where chart (a) draws: both scores on one scale (0 to the larger maximum), each side's marks.

    Each track is as long as its side's maximum, the bar as long as its
    score; the emerging mark and the clear-need mark are drawn where the
    side's thresholds are. A mark at 0 or past the maximum is left out.
    """
    scale = _scale(scores)
    rows = []
    for i, side in enumerate(SIDES):
        sc = scores[side]
        y = TOP + i * ROW_HEIGHT
        top = max(int(sc["max"]), 0)
        score = min(max(int(sc["score"]), 0), top)
        marks = [{"kind": kind, "x": _x(points, scale), "value": points}
                 for kind, points in (("emerging", int(sc["emerging_from"])), ("clear", int(sc["threshold"])))
                 if 0 < points <= top and not (kind == "emerging" and points >= int(sc["threshold"]))]
        rows.append({"side": side, "y": y, "mid": y + BAR_HEIGHT / 2, "x0": _x(0, scale), "track": _x(top, scale),
                     "bar": _x(score, scale) - _x(0, scale), "track_width": _x(top, scale) - _x(0, scale),
                     "value_x": _x(scale, scale) + 10, "level": str(sc["level"]), "marks": marks})
    axis = TOP + len(SIDES) * ROW_HEIGHT - ROW_HEIGHT + BAR_HEIGHT + 14
    return {"rows": rows, "scale": scale, "bar_height": BAR_HEIGHT, "axis_y": axis, "ticks": _ticks(scale),
            "x0": _x(0, scale), "x1": _x(scale, scale), "height": axis + 40, "width": CHART_WIDTH,
            "legend_y": axis + 32}


def contribution_layout(why: Sequence[Mapping[str, Any]], scores: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Where chart (b) draws: per side, each fired criterion's points as a segment of one stacked bar.

    On the scale of chart (a), so a side's stacked bar is as long as its
    score bar there. Only points added are stacked; a criterion that takes
    points away shows in the table beside the chart.
    """
    scale = _scale(scores)
    rows = []
    for i, side in enumerate(SIDES):
        y = 8 + i * (BAR_HEIGHT + 26)
        at = 0
        segments: list[dict[str, Any]] = []
        for group in why:
            points = int(group["points"][side])
            if points <= 0:
                continue
            x, end = _x(at, scale), _x(at + points, scale)
            segments.append({"criterion": str(group["criterion"]), "points": points, "x": x, "width": end - x,
                             "mid": (x + end) / 2, "labelled": end - x >= SEGMENT_LABEL_MIN,
                             "colour": len(segments) % SEGMENT_CLASSES})
            at += points
        rows.append({"side": side, "y": y, "mid": y + BAR_HEIGHT / 2, "segments": segments, "total": at,
                     "value_x": _x(at, scale) + 8})
    height = 8 + len(SIDES) * (BAR_HEIGHT + 26) - 10
    return {"rows": rows, "bar_height": BAR_HEIGHT, "height": height, "width": CHART_WIDTH}


def environment(folder: Path) -> Any:
    """One Jinja2 environment per template folder for the HTML report: autoescape on for every template."""
    import jinja2

    env = _ENVIRONMENTS.get(folder)
    if env is None:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), undefined=jinja2.StrictUndefined,
                                 autoescape=True, keep_trailing_newline=True, trim_blocks=True,
                                 lstrip_blocks=True, bytecode_cache=_bytecode_cache(),
                                 finalize=_as_html)  # our texts as Markdown, every other value escaped
        env.filters["fill"] = _fill
        env.filters["em"] = lambda value: _tag(value, "em")
        env.filters["strong"] = lambda value: _tag(value, "strong")
        env.filters["plural"] = jinja2.pass_context(_plural)
        env.filters["either"] = _either
        env.filters["real_need"] = real_need
        env.filters["long_date"] = long_date
        env.filters["num"] = num
        env.filters["score_layout"] = score_layout
        env.filters["contribution_layout"] = contribution_layout
        from .workshop.charts import agreement_layout, scatter_layout

        env.filters["scatter_layout"] = scatter_layout
        env.filters["agreement_layout"] = agreement_layout
        _ENVIRONMENTS[folder] = env
    return env
