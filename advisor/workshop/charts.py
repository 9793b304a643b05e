"""Where the workshop report's two charts draw: the room's scores, and who agrees with the pooled answers.

Pure geometry on the workshop report model (``report.build_workshop_report``),
used by ``reports/workshop.html.j2`` as the filters ``scatter_layout`` and
``agreement_layout``. Every number comes from the model as a number; every
text (a name, a question, an answer) is passed through as it is, for the
template to escape. Participants are numbered in the report's order, the
same numbers in both charts and in the participants' table.

- **The scatter**: one point per participant at (SalesOps score, RevOps
  score) on one common scale, the pooled result as a hollow diamond, and
  each side's clear-need threshold as a line, so the four regions read as
  "neither", "SalesOps", "RevOps" and "both". People with the same two
  scores share one marker that names them all.
- **The agreement grid**: one row per question people answered
  differently (those that change the pooled result first, as in the
  report), one column per participant; each cell says whether that
  person gave the pooled answer, another answer that leaves the pooled
  result as it is, one that would change it, or no answer.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

# -- the scatter ---------------------------------------------------------------------------------

PLOT = 300          # the plot's side, in SVG user units
LEFT = 46           # room for the RevOps axis title and ticks
TOP = 14
BOTTOM = 44         # room for the SalesOps ticks and axis title
RIGHT = 24
DOT = 8             # a marker's radius (a shared marker grows with its label)
DIGIT = 6.2         # the width of one character of a marker's label, at its font size
REGION_LABEL_MIN = 78  # a region narrower or lower than this shows no label


def _step(scale: int) -> int:
    return next((s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500) if scale / s <= 8), scale)


def scatter_layout(report: Mapping[str, Any]) -> dict[str, Any] | None:
    """The scatter's geometry, or None when nobody counts (there is no pooled result to draw)."""
    pooled = report.get("pooled")
    if not pooled or not report["participants"]:
        return None
    scale = max(1, *(int(pooled["max"][side]) for side in ("salesops", "revops")))

    def x(points: float) -> float:
        return LEFT + PLOT * min(max(points, 0), scale) / scale

    def y(points: float) -> float:
        return TOP + PLOT - PLOT * min(max(points, 0), scale) / scale

    groups: dict[tuple[int, int], list[int]] = {}
    for number, person in enumerate(report["participants"], start=1):
        scores = person["scores"]
        groups.setdefault((int(scores["salesops"]), int(scores["revops"])), []).append(number)
    markers = []
    for (sales, rev), numbers in sorted(groups.items(), key=lambda item: item[1][0]):
        label = ",".join(str(n) for n in numbers)
        width = max(2 * DOT, DIGIT * len(label) + 8)
        people = [report["participants"][n - 1]["participant"] for n in numbers]
        markers.append({"x": x(sales), "y": y(rev), "label": label, "people": people, "salesops": sales,
                         "revops": rev, "width": width, "height": 2 * DOT, "rx": DOT})
    ticks = [{"value": v, "x": x(v), "y": y(v)} for v in range(0, scale + 1, _step(scale))]
    ts, tr = int(pooled["thresholds"]["salesops"]), int(pooled["thresholds"]["revops"])
    tx, ty = x(ts), y(tr)
    x0, x1, y0, y1 = x(0), x(scale), y(scale), y(0)   # y0 is the top edge
    regions = []
    for kind, (left, right, top, bottom), anchor in (
            ("neither", (x0, tx, ty, y1), "start"), ("salesops", (tx, x1, ty, y1), "end"),
            ("revops", (x0, tx, y0, ty), "start"), ("both", (tx, x1, y0, ty), "end")):
        if right - left < REGION_LABEL_MIN or bottom - top < 24:
            continue
        at_top = kind in ("revops", "both")
        regions.append({"kind": kind, "x": left + 5 if anchor == "start" else right - 5,
                        "y": top + 13 if at_top else bottom - 6, "anchor": anchor})
    ps, pr = int(pooled["scores"]["salesops"]), int(pooled["scores"]["revops"])
    return {"width": LEFT + PLOT + RIGHT, "height": TOP + PLOT + BOTTOM, "x0": x0, "x1": x1, "y0": y0, "y1": y1,
            "scale": scale, "ticks": ticks, "markers": markers, "regions": regions,
            "threshold": {"salesops": ts, "revops": tr, "x": tx, "y": ty},
            "pooled": {"x": x(ps), "y": y(pr), "salesops": ps, "revops": pr, "size": DOT + 3},
            "x_title": {"x": LEFT + PLOT / 2, "y": TOP + PLOT + 36},
            "y_title": {"x": 12, "y": TOP + PLOT / 2}}


# -- the agreement grid --------------------------------------------------------------------------

LABEL_WIDTH = 292   # the questions' column
LABEL_CHARS = 50    # characters per line of a question there (about 5.6 units each at its font size)
LABEL_LINES = 2
CELL = 30           # a cell's width
ROW = 32            # a row's height
HEAD = 24           # the participants' numbers above the grid
STATES = ("pooled", "differs", "turns", "none")  # the key under the chart (HTML, so that it wraps) names each


def wrap(text: str, width: int = LABEL_CHARS, lines: int = LABEL_LINES) -> list[str]:
    """``text`` in at most ``lines`` lines of about ``width`` characters, the last one cut with "…"."""
    out = textwrap.wrap(" ".join(str(text).split()), width) or [""]
    if len(out) > lines:
        last = out[lines - 1]
        out = [*out[:lines - 1], (last[:width - 1].rstrip() if len(last) >= width else last) + "…"]
    return out


def _cells(disagreement: Mapping[str, Any], people: Sequence[str]) -> list[dict[str, Any]]:
    held: dict[str, tuple[str, Mapping[str, Any]]] = {}
    for side in disagreement["sides"]:
        state = "pooled" if side["pooled"] else ("turns" if side["changes"] else "differs")
        for person in side["people"]:
            held[person] = (state, side)
    cells = []
    for person in people:
        state, side = held.get(person, ("none", {}))
        cells.append({"state": state, "person": person, "answer": side.get("answer", ""),
                      "effect": side.get("effect", {}).get("title", "") if state == "turns" else ""})
    return cells


def agreement_layout(report: Mapping[str, Any]) -> dict[str, Any] | None:
    """The grid's geometry, or None when nobody disagrees on anything (or nobody counts)."""
    people = [p["participant"] for p in report["participants"]]
    rows_in = [*report["disagreements"]["matter"], *report["disagreements"]["minor"]]
    if not people or not rows_in:
        return None
    grid_x = LABEL_WIDTH + 8
    rows = []
    for i, d in enumerate(rows_in):
        y = HEAD + i * ROW
        lines = wrap(d["text"])
        first = y + ROW / 2 + 4 - (len(lines) - 1) * 6.5
        cells = [{**cell, "x": grid_x + j * CELL + 1, "y": y + 1, "width": CELL - 2, "height": ROW - 2}
                 for j, cell in enumerate(_cells(d, people))]
        rows.append({"question": d["question"], "text": d["text"], "y": y, "mid": y + ROW / 2,
                     "lines": [{"text": line, "y": first + k * 13} for k, line in enumerate(lines)],
                     "cells": cells, "matters": any(side["changes"] for side in d["sides"])})
    grid_bottom = HEAD + len(rows) * ROW
    columns = [{"number": j + 1, "x": grid_x + j * CELL + CELL / 2, "person": person}
               for j, person in enumerate(people)]
    return {"width": grid_x + len(people) * CELL + 4, "height": grid_bottom + 4, "rows": rows, "columns": columns,
            "grid_x": grid_x, "grid_bottom": grid_bottom, "head_y": HEAD - 8, "cell": CELL, "states": STATES,
            "divider": HEAD + len(report["disagreements"]["matter"]) * ROW
            if report["disagreements"]["matter"] and report["disagreements"]["minor"] else None}
