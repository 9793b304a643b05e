"""``advisor diff``'s core: two assessments of one company, compared. No CLI, no Textual.

Either side is an answers file (checked and evaluated with the ruleset in
use) or a JSON report from ``advisor evaluate --format json`` (read as it
is): ``read_input`` tells them apart and returns a ``Snapshot``.
``build_diff`` compares two snapshots question by question and rule by
rule, by id, so files made for different versions of the ruleset compare
too, and says in plain words what moved the recommendation; ``render_diff``
writes the model as Markdown (``reports/diff.md.j2``), HTML
(``reports/diff.html.j2``, the other reports' stylesheet) or JSON
(``advisor-diff/1``, schema in ``advisor/schemas/diff.schema.json``),
through the report's own environments, so every value is escaped the same
way and the same files give the same bytes.

Modules: ``snapshot`` (an answers file as one side), ``report_input`` (a
JSON report as one side), ``words`` (ids and values into words, in one
language), ``compare`` (the model), ``explain`` (the plain-word paragraphs).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .compare import DIFF_FORMAT, build_diff, other_companies
from .snapshot import DiffInputError, Snapshot, read_input

TEMPLATE = "diff.md.j2"
HTML_TEMPLATE = "diff.html.j2"
FORMATS = ("markdown", "json", "html")

__all__ = ["DIFF_FORMAT", "FORMATS", "DiffInputError", "Snapshot", "build_diff", "other_companies", "read_input",
           "render_diff"]


def render_diff(model: Mapping[str, Any], fmt: str = "markdown") -> str:
    """The diff as Markdown, HTML or JSON; a broken template or strings file is an ExportError."""
    from ..report import render

    return render(model, fmt, template_name=HTML_TEMPLATE if fmt == "html" else TEMPLATE)
