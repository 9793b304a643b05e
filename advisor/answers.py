"""Answers: checking single values, and the answers file every client shares.

An answers file (YAML or JSON) records who answered, for which ruleset, and
``answers: {question_id: value}``. The CLI reads it, the TUI autosaves it, a
workshop keeps one per respondent. Validation lists every problem at once and
never stops at the first; missing answers are allowed.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Callable, Mapping
from typing import Any

from .checks import Checker, describe, quote
from .errors import AnswersError, Diagnostic, did_you_mean
from .language import exact
from .model import Question, Ruleset
from .record import Record
from .shapes import ANSWERS_FORMAT, SHAPES
from .texts import current_language, t
from .yamlread import Document, read_yaml_file

FORMAT = ANSWERS_FORMAT
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
TOP_KEYS = SHAPES["answers"].names

Normalizer = Callable[[Any], Any]


def _bound(x: float) -> str:
    """A question's bound as the language writes numbers (10,000 / 10.000)."""
    return exact(x, current_language())


def _num(x: float) -> str:
    if isinstance(x, int):
        return str(x)
    return str(int(x)) if x.is_integer() else str(x)


found = describe  # a value as "expected X, found Y" messages describe it, in the current language


def with_hint(message: str, hint: str) -> str:
    """``message (hint)``, or ``message`` alone when there is no hint."""
    return t("errors.with_hint", message=message, hint=hint) if hint else message


def normalizer(q: Question) -> Normalizer:
    """A function turning a raw answer into the engine's form, or raising ValueError with a message."""
    if q.type in ("choice", "scale"):
        index = {o.value: (i if q.type == "scale" else o.value) for i, o in enumerate(q.options)}
        valid = ", ".join(q.option_values)

        def norm(raw: Any) -> Any:
            try:
                return index[raw]
            except (KeyError, TypeError):
                message = t("errors.answers.expected_option", options=valid, found=found(raw))
                raise ValueError(with_hint(message, did_you_mean(raw, index))) from None
        return norm
    if q.type == "yesno":
        def norm(raw: Any) -> Any:
            if isinstance(raw, bool):
                return raw
            raise ValueError(t("errors.answers.expected_yesno", found=found(raw)))
        return norm
    if q.type == "number":
        lo, hi, integer = q.minimum, q.maximum, q.integer

        def norm(raw: Any) -> Any:
            if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw != raw:
                raise ValueError(t("errors.answers.expected_number", found=found(raw)))
            if (lo is not None and raw < lo) or (hi is not None and raw > hi):
                shown = _num(raw) if len(str(raw)) < 30 else t("errors.answers.far_out_of_range")
                raise ValueError(t("errors.answers.expected_range", minimum=_bound(lo or 0), maximum=_bound(hi or 0),
                                   found=shown))
            if integer:
                if isinstance(raw, float) and not raw.is_integer():
                    raise ValueError(t("errors.answers.expected_whole", found=raw))
                raw = int(raw)
            return raw
        return norm
    options = set(q.option_values)
    valid = ", ".join(q.option_values)

    def norm_multi(raw: Any) -> Any:
        if not isinstance(raw, list):
            raise ValueError(t("errors.answers.expected_list", options=valid, found=found(raw)))
        bad = [x for x in raw if not isinstance(x, str) or x not in options]
        if bad:
            raise ValueError(t("errors.answers.not_an_option", found=found(bad[0]), options=valid))
        if len(set(raw)) != len(raw):
            raise ValueError(t("errors.answers.option_twice"))
        if len(raw) < q.min_choices:
            raise ValueError(t("errors.answers.at_least", minimum=q.min_choices, count=len(raw)))
        if q.max_choices is not None and len(raw) > q.max_choices:
            raise ValueError(t("errors.answers.at_most", maximum=q.max_choices, count=len(raw)))
        return frozenset(raw)
    return norm_multi


def answer_problem(ruleset: Ruleset, qid: object, raw: Any) -> tuple[str, str] | None:
    """What is wrong with one raw answer, as (message, suggestion), or None if nothing is."""
    q = ruleset.question_by_id.get(qid) if isinstance(qid, str) else None
    if q is None:
        return t("errors.answers.unknown_question", question=quote(qid)), did_you_mean(qid, ruleset.question_by_id)
    if raw is None:
        return None
    try:
        normalizer(q)(raw)
    except ValueError as exc:
        return t("errors.answers.answer_problem", question=qid, problem=exc), ""
    return None


def check_answers(ruleset: Ruleset, answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every problem with a raw answers mapping, as (question id, message)."""
    problems: list[tuple[str, str]] = []
    for qid, raw in answers.items():
        problem = answer_problem(ruleset, qid, raw)
        if problem is not None:
            message, hint = problem
            problems.append((qid, with_hint(message, hint)))
    return problems


class AnswersFile(Record):
    """The content of an answers file, checked against a ruleset."""

    answers: Mapping[str, Any]
    company: str = ""
    respondent: str = ""
    role: str = ""
    date: str = ""
    language: str = ""
    ruleset_id: str = ""
    ruleset_version: str = ""
    ruleset_hash: str = ""
    path: str = ""
    warnings: tuple[str, ...] = ()
    position: str = ""              # the question a person was on (the TUI resumes there)
    dropped: tuple[str, ...] = ()   # lenient reading: answers left out, and why

    def to_data(self) -> dict[str, Any]:
        """The file's content as plain data, in the order the file format gives."""
        data: dict[str, Any] = {"format": FORMAT,
                                "ruleset": {"id": self.ruleset_id, "version": self.ruleset_version,
                                            "hash": self.ruleset_hash}}
        if self.company:
            data["company"] = self.company
        if self.respondent or self.role:
            data["respondent"] = {k: v for k, v in (("name", self.respondent), ("role", self.role)) if v}
        if self.date:
            data["date"] = self.date
        if self.language:
            data["language"] = self.language
        if self.position:
            data["position"] = self.position
        data["answers"] = dict(self.answers)
        return data


def dumps_answers(af: AnswersFile, *, as_json: bool = False) -> str:
    """Serialise an answers file (JSON, or YAML that our reader reads back)."""
    data = af.to_data()
    if as_json:
        import json

        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    from .yamlwrite import dumps  # without PyYAML: a session saves on every answer

    return dumps(data)


def load_answers(path: str | os.PathLike[str], ruleset: Ruleset, *, display: str | None = None,
                 lenient: bool = False) -> AnswersFile:
    """Read and check an answers file; raise AnswersError listing every problem.

    ``lenient`` keeps the answers that fit the ruleset and lists the others in
    ``dropped`` instead of failing (for a file made for another version of
    the ruleset); a file that is not an answers file at all still fails.
    """
    doc = read_yaml_file(path, display=display)
    return parse_answers(doc, ruleset, lenient=lenient)


def parse_answers(doc: Document, ruleset: Ruleset, *, lenient: bool = False) -> AnswersFile:
    diagnostics: list[Diagnostic] = []
    ck = Checker(doc, diagnostics)
    top = ck.mapping((), doc.data, required=SHAPES["answers"].required, optional=TOP_KEYS, what="answers_file")
    if top is None:
        raise AnswersError(t("errors.answers.not_answers_file", path=doc.path), diagnostics)
    warnings: list[str] = []
    fmt = top.get("format", FORMAT)
    if fmt != FORMAT:
        ck.error(("format",), t("errors.answers.unsupported_format", found=quote(fmt), expected=FORMAT))
    meta = {"id": "", "version": "", "hash": ""}
    if "ruleset" in top:
        rs = ck.mapping(("ruleset",), top["ruleset"], optional=SHAPES["ruleset_ref"].names, what="ruleset_key")
        for key in meta:
            value = rs.get(key) if rs is not None else None
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                meta[key] = str(value)  # `version: 1.0` is a number to YAML, and fine here
            elif value is not None:
                ck.error(("ruleset", key), t("errors.answers.expected_string_for", name=key, found=found(value)))
    if meta["id"] and meta["id"] != ruleset.id:
        warnings.append(t("errors.answers.other_ruleset", path=doc.path, found=quote(meta["id"]), ruleset=ruleset.id))
    elif meta["hash"] and meta["hash"] != ruleset.hash:
        warnings.append(t("errors.answers.other_version", path=doc.path, ruleset=ruleset.id,
                          version=meta["version"] or "?", hash=meta["hash"], current_version=ruleset.version,
                          current_hash=ruleset.hash))
    strings: dict[str, str] = {}
    for key in ("company", "date", "language"):
        value = top.get(key)
        if value is not None and not isinstance(value, str):
            ck.error((key,), t("errors.answers.expected_string_for", name=key, found=found(value)))
        elif value:
            strings[key] = value.strip()
    if "date" in strings:
        try:
            if not _DATE.match(strings["date"]):
                raise ValueError
            _dt.date.fromisoformat(strings["date"])
        except ValueError:
            ck.error(("date",), t("errors.answers.expected_date", found=quote(strings["date"])))
    if strings.get("language") and strings["language"] not in ruleset.languages:
        ck.error(("language",), t("errors.answers.language_not_offered", found=quote(strings["language"]),
                                  languages=", ".join(ruleset.languages)),
                 did_you_mean(strings["language"], ruleset.languages))
    who: dict[str, str] = {}
    if top.get("respondent") is not None:
        resp = ck.mapping(("respondent",), top["respondent"], optional=SHAPES["respondent"].names,
                          what="respondent_key")
        for key in ("name", "role"):
            value = (resp or {}).get(key)
            if value is not None and not isinstance(value, str):
                ck.error(("respondent", key), t("errors.answers.expected_string", found=found(value)))
            elif value:
                who[key] = value.strip()
    position = top.get("position")
    if position is not None and not isinstance(position, str):
        ck.error(("position",), t("errors.answers.expected_position", found=found(position)))
    position = position if isinstance(position, str) and position in ruleset.question_by_id else ""
    answers: dict[str, Any] = {}
    dropped: list[str] = []
    answer_problems: list[Diagnostic] = []
    raw_answers = top.get("answers")
    if raw_answers is None:
        raw_answers = {}
    if ck.mapping(("answers",), raw_answers, optional=tuple(raw_answers) if isinstance(raw_answers, dict) else (),
                  what="answers_key") is not None:
        # In lenient mode, answer problems go to `dropped`; the rest stay errors.
        ack = Checker(doc, answer_problems) if lenient else ck
        for qid, raw in raw_answers.items():
            problem = answer_problem(ruleset, qid, raw)
            if problem is not None:
                unknown = qid not in ruleset.question_by_id
                ack.error(("answers", qid), problem[0], problem[1], at_key=unknown)
            elif raw is not None:
                answers[qid] = raw
        dropped = [d.message for d in answer_problems]
    if diagnostics:
        many = len(diagnostics) > 1
        message = t("errors.answers.problems" if many else "errors.answers.problem", path=doc.path,
                    count=len(diagnostics))
        if warnings:
            message = t("errors.answers.problems_warned", message=message,
                        warnings="; ".join(w.split(": ", 1)[1] for w in warnings))
        raise AnswersError(message, sorted(diagnostics))
    return AnswersFile(answers=answers, company=strings.get("company", ""), respondent=who.get("name", ""),
                       role=who.get("role", ""), date=strings.get("date", ""),
                       language=strings.get("language", ""), ruleset_id=meta["id"],
                       ruleset_version=meta["version"], ruleset_hash=meta["hash"], path=doc.path,
                       warnings=tuple(warnings), position=position, dropped=tuple(dropped))
