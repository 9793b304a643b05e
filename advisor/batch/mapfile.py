"""The map file (``advisor-map/1``): which column holds which question, and which label is which option.

::

    format: advisor-map/1
    ruleset: {id: default, version: "1.0.0"}
    row_id: Timestamp            # the column that names each row (default: its line number)
    company: Company name        # optional, as is respondent
    separator: ", "              # between the ticked options of one cell (Google Forms writes ", ")
    questions:
      rep_admin_share:
        column: How much of a rep's week goes on admin?
        values: {"Under 10%": under_10, "20-35%": 20_to_35, "Not sure": null}
      reactivity_plan:
        column: Is there a plan to get reps prospecting again?
        values: {"Yes": true, "No": false}
      sales_reps:
        column: How many people sell full time?   # a number: the cell is read as one

A label maps to an option value (a choice, a scale, each ticked option of a
multiple choice), to ``true``/``false`` (yes/no), to a number (a number
question, for labels such as "10+"), or to ``null``: no answer ("Prefer not
to say"; in a multiple choice, "None of these" ticks nothing). An empty cell
is no answer. Every problem is located in the map, all at once, with the
valid values and a "did you mean". ``unsure:`` entries, which ``--make-map``
writes beside each doubtful guess, are errors until deleted: a wrong guess
would mis-score every row without a word.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from ..answers import found
from ..checks import Checker, quote
from ..errors import Diagnostic, YamlError, did_you_mean
from ..language import exact
from ..model import Question, Ruleset
from ..record import Record
from ..shapes import MAP_FORMAT, MAP_META, SHAPES
from ..texts import current_language, t
from ..yamlread import Document, read_yaml_file
from . import BatchError

FORMAT = MAP_FORMAT
META = MAP_META
TOP_KEYS = SHAPES["map"].names
QUESTION_KEYS = SHAPES["map_question"].names
DEFAULT_SEPARATOR = ", "  # what Google Forms writes between the ticked boxes of one answer


def _says(key: str, **values: Any) -> str:
    return t(f"cli.batch.mapfile.{key}", **values)


class QuestionMap(Record):
    """How one question is read: its column, and what each of the column's labels means."""

    question: str
    column: str
    values: Mapping[str, Any]  # label -> option value, true/false, a number, or None (no answer)
    separator: str = DEFAULT_SEPARATOR
    at: tuple[int, int] = (0, 0)  # (line, column) of its `column` in the map, for errors about the column


class Map(Record):
    """A checked map file."""

    path: str
    questions: tuple[QuestionMap, ...]
    row_id: str = ""
    company: str = ""
    respondent: str = ""
    separator: str = DEFAULT_SEPARATOR
    meta_at: Mapping[str, tuple[int, int]] = {}  # row_id/company/respondent -> where its column is named
    ruleset_id: str = ""
    warnings: tuple[str, ...] = ()

    def columns(self) -> list[tuple[str, str, tuple[int, int]]]:
        """Every column the map reads: (column, what reads it: a question id or a META key, (line, column))."""
        meta = [(getattr(self, key), key, self.meta_at.get(key, (0, 0))) for key in META if getattr(self, key)]
        return meta + [(q.column, q.question, q.at) for q in self.questions]


def load_map(path: str | os.PathLike[str], ruleset: Ruleset, *, display: str | None = None) -> Map:
    """Read and check a map file against ``ruleset``; a ``BatchError`` lists every problem."""
    try:
        doc = read_yaml_file(path, display=display)
    except YamlError as exc:
        raise BatchError(exc.message, exc.diagnostics) from None
    return parse_map(doc, ruleset)


def parse_map(doc: Document, ruleset: Ruleset) -> Map:
    diagnostics: list[Diagnostic] = []
    ck = Checker(doc, diagnostics)
    top = ck.mapping((), doc.data, required=SHAPES["map"].required, optional=TOP_KEYS, what="map_file")
    if top is None:
        raise BatchError(_says("not_a_map", path=doc.path), diagnostics)
    if "format" in top and top["format"] != FORMAT:
        ck.error(("format",), t("errors.answers.unsupported_format", found=quote(top["format"]), expected=FORMAT))
    ruleset_id = ""
    if "ruleset" in top:
        rs = ck.mapping(("ruleset",), top["ruleset"], optional=SHAPES["ruleset_ref"].names,
                        what="ruleset_key") or {}
        for key, value in rs.items():
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                ck.error(("ruleset", key), t("errors.answers.expected_string_for", name=key, found=found(value)))
            elif key == "id":
                ruleset_id = str(value)
    meta: dict[str, str] = {}
    meta_at: dict[str, tuple[int, int]] = {}
    for key in META:
        if top.get(key) is not None:
            meta[key] = ck.string((key,), top[key], what="column_name") or ""
            mark = doc.mark(key)
            meta_at[key] = (mark.line, mark.column)
    separator = _separator(ck, ("separator",), top.get("separator", DEFAULT_SEPARATOR))
    questions: list[QuestionMap] = []
    raw = top.get("questions")
    entries = ck.mapping(("questions",), raw, optional=tuple(raw) if isinstance(raw, dict) else (),
                         what="map_questions") if "questions" in top else None
    if entries == {}:
        ck.error(("questions",), _says("no_questions"))
    for qid, entry in (entries or {}).items():
        q = ruleset.question_by_id.get(qid) if isinstance(qid, str) else None
        if q is None:
            ck.error(("questions", qid), t("errors.answers.unknown_question", question=quote(qid)),
                     did_you_mean(qid, ruleset.question_by_id), at_key=True)
            continue
        checked = _question(ck, q, entry, separator)
        if checked is not None:
            questions.append(checked)
    if diagnostics:
        many = len(diagnostics) > 1
        raise BatchError(_says("problems" if many else "problem", path=doc.path, count=len(diagnostics)),
                         sorted(diagnostics))
    warnings: tuple[str, ...] = ()
    if ruleset_id and ruleset_id != ruleset.id:
        warnings = (t("errors.answers.other_ruleset", path=doc.path, found=quote(ruleset_id), ruleset=ruleset.id),)
    return Map(doc.path, tuple(questions), meta.get("row_id", ""), meta.get("company", ""),
               meta.get("respondent", ""), separator, meta_at, ruleset_id, warnings)


def _separator(ck: Checker, path: tuple[Any, ...], value: object) -> str:
    if not isinstance(value, str) or not value:
        ck.expected(path, "separator", value)
        return DEFAULT_SEPARATOR
    return value


def _question(ck: Checker, q: Question, entry: object, separator: str) -> QuestionMap | None:
    path: tuple[Any, ...] = ("questions", q.id)
    required = ("column",) if q.type == "number" else ("column", "values")
    item = ck.mapping(path, entry, required=required, optional=QUESTION_KEYS, what="map_question")
    if item is None:
        return None
    ok = True
    unsure = item.get("unsure")
    if "unsure" in item:
        reasons = unsure if isinstance(unsure, list) else [unsure]
        for i, reason in enumerate(reasons):
            where = (*path, "unsure", i) if isinstance(unsure, list) else (*path, "unsure")
            ck.error(where, _says("unsure", reason=reason if isinstance(reason, str) else quote(reason)),
                     _says("unsure_hint"))
        ok = False
    column = ck.string((*path, "column"), item.get("column"), what="column_name") if "column" in item else None
    if "separator" in item:
        if q.type != "multi":
            ck.error((*path, "separator"), _says("separator_not_multi"), at_key=True)
        separator = _separator(ck, (*path, "separator"), item["separator"])
    values: dict[str, Any] = {}
    raw_values = item.get("values", {})
    if ck.mapping((*path, "values"), raw_values, optional=list(raw_values) if isinstance(raw_values, dict) else (),
                  what="map_values") is None:
        return None
    for label, value in raw_values.items():
        where = (*path, "values", label)
        if not isinstance(label, str) or not label.strip():
            ck.error(where, _says("label_not_text", found=found(label)), _says("label_not_text_hint"), at_key=True)
            ok = False
            continue
        problem = value_problem(q, value)
        if problem is not None:
            ck.error(where, *problem)
            ok = False
            continue
        values[label.strip()] = value
    if column is None or not ok:
        return None
    mark = ck.doc.mark(*path, "column")
    return QuestionMap(q.id, column, values, separator, (mark.line, mark.column))


def value_problem(q: Question, value: object) -> tuple[str, str] | None:
    """What is wrong with ``value`` as the meaning of a label of ``q``'s column: (message, hint), or None."""
    if value is None:
        return None
    if q.type == "yesno":
        if isinstance(value, bool):
            return None
        return _says("expected_yesno", found=found(value)), ""
    if q.type == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            return _says("expected_number", found=found(value)), ""
        low, high = q.minimum, q.maximum
        if (low is not None and value < low) or (high is not None and value > high) \
                or (q.integer and not float(value).is_integer()):
            return _says("number_range", minimum=_num(low), maximum=_num(high), found=found(value)), ""
        return None
    if isinstance(value, str) and value in q.option_values:
        return None
    return (_says("expected_option", question=q.id, options=", ".join(q.option_values), found=found(value)),
            did_you_mean(value, q.option_values))


def _num(value: float | None) -> str:
    """A question's bound as the language writes numbers (10,000 / 10.000)."""
    return "?" if value is None else exact(value, current_language())
