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
from .model import Question, Ruleset
from .record import Record
from .yamlread import Document, read_yaml_file

FORMAT = "advisor-answers/1"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
TOP_KEYS = ("format", "ruleset", "company", "respondent", "date", "language", "position", "answers")

Normalizer = Callable[[Any], Any]


def _num(x: float) -> str:
    if isinstance(x, int):
        return str(x)
    return str(int(x)) if x.is_integer() else str(x)


def normalizer(q: Question) -> Normalizer:
    """A function turning a raw answer into the engine's form, or raising ValueError with a message."""
    if q.type in ("choice", "scale"):
        index = {o.value: (i if q.type == "scale" else o.value) for i, o in enumerate(q.options)}
        valid = ", ".join(q.option_values)

        def norm(raw: Any) -> Any:
            try:
                return index[raw]
            except (KeyError, TypeError):
                hint = did_you_mean(raw, index)
                raise ValueError(f"expected one of: {valid}; found {describe(raw)}"
                                 + (f" ({hint})" if hint else "")) from None
        return norm
    if q.type == "yesno":
        def norm(raw: Any) -> Any:
            if isinstance(raw, bool):
                return raw
            raise ValueError(f"expected true or false, found {describe(raw)}")
        return norm
    if q.type == "number":
        lo, hi, integer = q.minimum, q.maximum, q.integer

        def norm(raw: Any) -> Any:
            if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw != raw:
                raise ValueError(f"expected a number, found {describe(raw)}")
            if (lo is not None and raw < lo) or (hi is not None and raw > hi):
                raise ValueError(f"expected a number from {_num(lo or 0)} to {_num(hi or 0)}, found "
                                 f"{_num(raw) if len(str(raw)) < 30 else 'a number far out of range'}")
            if integer:
                if isinstance(raw, float) and not raw.is_integer():
                    raise ValueError(f"expected a whole number, found {raw}")
                raw = int(raw)
            return raw
        return norm
    options = set(q.option_values)
    valid = ", ".join(q.option_values)

    def norm_multi(raw: Any) -> Any:
        if not isinstance(raw, list):
            raise ValueError(f"expected a list of options ({valid}), found {describe(raw)}")
        bad = [x for x in raw if not isinstance(x, str) or x not in options]
        if bad:
            raise ValueError(f"{describe(bad[0])} is not an option; expected some of: {valid}")
        if len(set(raw)) != len(raw):
            raise ValueError("lists an option twice")
        if len(raw) < q.min_choices:
            raise ValueError(f"expected at least {q.min_choices} choices, found {len(raw)}")
        if q.max_choices is not None and len(raw) > q.max_choices:
            raise ValueError(f"expected at most {q.max_choices} choices, found {len(raw)}")
        return frozenset(raw)
    return norm_multi


def answer_problem(ruleset: Ruleset, qid: object, raw: Any) -> tuple[str, str] | None:
    """What is wrong with one raw answer, as (message, suggestion), or None if nothing is."""
    q = ruleset.question_by_id.get(qid) if isinstance(qid, str) else None
    if q is None:
        return f"unknown question {quote(qid)}", did_you_mean(qid, ruleset.question_by_id)
    if raw is None:
        return None
    try:
        normalizer(q)(raw)
    except ValueError as exc:
        return f"`{qid}`: {exc}", ""
    return None


def check_answers(ruleset: Ruleset, answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every problem with a raw answers mapping, as (question id, message)."""
    problems: list[tuple[str, str]] = []
    for qid, raw in answers.items():
        problem = answer_problem(ruleset, qid, raw)
        if problem is not None:
            message, hint = problem
            problems.append((qid, message + (f" ({hint})" if hint else "")))
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
    import yaml  # only writers need the dumper

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)


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
    top = ck.mapping((), doc.data, required=("answers",), optional=TOP_KEYS, what="an answers file")
    if top is None:
        raise AnswersError(f"{doc.path}: not a valid answers file", diagnostics)
    warnings: list[str] = []
    fmt = top.get("format", FORMAT)
    if fmt != FORMAT:
        ck.error(("format",), f"unsupported format {quote(fmt)}; this version reads `{FORMAT}`")
    meta = {"id": "", "version": "", "hash": ""}
    if "ruleset" in top:
        rs = ck.mapping(("ruleset",), top["ruleset"], optional=("id", "version", "hash"), what="`ruleset`")
        for key in meta:
            value = rs.get(key) if rs is not None else None
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                meta[key] = str(value)  # `version: 1.0` is a number to YAML, and fine here
            elif value is not None:
                ck.error(("ruleset", key), f"expected a string for `{key}`, found {describe(value)}")
    if meta["id"] and meta["id"] != ruleset.id:
        warnings.append(f"{doc.path}: made for ruleset {quote(meta['id'])}, read with ruleset `{ruleset.id}`")
    elif meta["hash"] and meta["hash"] != ruleset.hash:
        warnings.append(f"{doc.path}: made for another version of ruleset `{ruleset.id}` "
                        f"({meta['version'] or '?'} {meta['hash']}; this is {ruleset.version} {ruleset.hash})")
    strings: dict[str, str] = {}
    for key in ("company", "date", "language"):
        value = top.get(key)
        if value is not None and not isinstance(value, str):
            ck.error((key,), f"expected a string for `{key}`, found {describe(value)}")
        elif value:
            strings[key] = value.strip()
    if "date" in strings:
        try:
            if not _DATE.match(strings["date"]):
                raise ValueError
            _dt.date.fromisoformat(strings["date"])
        except ValueError:
            ck.error(("date",), f"expected a date as YYYY-MM-DD, found {quote(strings['date'])}")
    if strings.get("language") and strings["language"] not in ruleset.languages:
        ck.error(("language",), f"language {quote(strings['language'])} is not offered by this ruleset "
                                f"({', '.join(ruleset.languages)})",
                 did_you_mean(strings["language"], ruleset.languages))
    who: dict[str, str] = {}
    if top.get("respondent") is not None:
        resp = ck.mapping(("respondent",), top["respondent"], optional=("name", "role"), what="`respondent`")
        for key in ("name", "role"):
            value = (resp or {}).get(key)
            if value is not None and not isinstance(value, str):
                ck.error(("respondent", key), f"expected a string, found {describe(value)}")
            elif value:
                who[key] = value.strip()
    position = top.get("position")
    if position is not None and not isinstance(position, str):
        ck.error(("position",), f"expected a question id for `position`, found {describe(position)}")
    position = position if isinstance(position, str) and position in ruleset.question_by_id else ""
    answers: dict[str, Any] = {}
    dropped: list[str] = []
    answer_problems: list[Diagnostic] = []
    raw_answers = top.get("answers")
    if raw_answers is None:
        raw_answers = {}
    if ck.mapping(("answers",), raw_answers, optional=tuple(raw_answers) if isinstance(raw_answers, dict) else (),
                  what="`answers` (question id: value)") is not None:
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
        message = f"{doc.path}: {len(diagnostics)} problem{'s' if len(diagnostics) > 1 else ''} in the answers file"
        if warnings:
            message += " (" + "; ".join(w.split(': ', 1)[1] for w in warnings) + ")"
        raise AnswersError(message, sorted(diagnostics))
    return AnswersFile(answers=answers, company=strings.get("company", ""), respondent=who.get("name", ""),
                       role=who.get("role", ""), date=strings.get("date", ""),
                       language=strings.get("language", ""), ruleset_id=meta["id"],
                       ruleset_version=meta["version"], ruleset_hash=meta["hash"], path=doc.path,
                       warnings=tuple(warnings), position=position, dropped=tuple(dropped))
