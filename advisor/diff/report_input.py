"""A JSON report (``advisor-report/2``) as one side of a diff: read as it is, every part it needs checked.

The report is what ``advisor evaluate --format json`` wrote, perhaps months
ago and with another version of the ruleset, so it is never evaluated
again: its answers (with their values), the rules that fired with their
points, the criteria, both scores, the verdict, its direction and strength
are taken as it states them. Only the parts the diff reads are checked,
and a report that lacks one or has it in another shape is refused with
every problem at its line, as a hand-edited file deserves; keys the diff
does not read are left alone (the published schema is the place to check
a whole report).
"""

from __future__ import annotations

import re
from typing import Any

from ..checks import Checker, quote
from ..errors import Diagnostic
from ..model import LEVELS, SIDES, STRENGTHS
from ..report import first_sentence
from ..texts import t
from ..yamlread import Document
from .snapshot import Answer, Fired, Score, Snapshot, located

OUTCOMES = ("salesops", "revops", "both", "not_yet")
STATUSES = ("answered", "unanswered", "hidden")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _Reader:
    """A Checker that answers with a usable default where the report is wrong (the error is recorded once).

    Under a part that is missing or of the wrong shape nothing more is
    reported: "`recommendation` is missing" says it all.
    """

    def __init__(self, doc: Document) -> None:
        self.problems: list[Diagnostic] = []
        self.ck = Checker(doc, self.problems)
        self.broken: set[tuple[Any, ...]] = set()

    def _dead(self, path: tuple[Any, ...]) -> bool:
        return any(path[:end] in self.ck.missing or path[:end] in self.broken for end in range(1, len(path) + 1))

    def mapping(self, path: tuple[Any, ...], value: object, *keys: str) -> dict[str, Any]:
        if self._dead(path):
            return {}
        found = self.ck.mapping(path, value, required=keys, optional=tuple(value) if isinstance(value, dict) else ())
        if found is None:
            self.broken.add(path)
        return found or {}

    def text(self, path: tuple[Any, ...], value: object) -> str:
        if isinstance(value, str):
            return value
        if not self._dead(path):
            self.ck.expected(path, "string", value)
        return ""

    def integer(self, path: tuple[Any, ...], value: object) -> int:
        found = None if self._dead(path) else self.ck.integer(path, value)
        return found if found is not None else 0

    def choice(self, path: tuple[Any, ...], value: object, choices: tuple[str, ...]) -> str:
        found = None if self._dead(path) else self.ck.choice(path, value, choices)
        return found if found is not None else choices[0]

    def seq(self, path: tuple[Any, ...], value: object) -> list[Any]:
        if self._dead(path):
            return []
        if not isinstance(value, list):
            self.broken.add(path)
        return self.ck.seq(path, value)

    def texts(self, path: tuple[Any, ...], value: object) -> tuple[str, ...]:
        return tuple(self.text((*path, i), item) for i, item in enumerate(self.seq(path, value)))


def from_report(doc: Document) -> Snapshot:
    """The side a JSON report describes; a DiffInputError listing every problem with the parts the diff reads."""
    rd = _Reader(doc)
    top = rd.mapping((), doc.data, "language", "company", "respondent", "date", "ruleset", "recommendation",
                     "direction", "strength", "scores", "why", "criteria", "answers")
    who = rd.mapping(("respondent",), top.get("respondent", {}), "name", "role")
    rs = rd.mapping(("ruleset",), top.get("ruleset", {}), "id", "name", "version", "hash")
    rec = rd.mapping(("recommendation",), top.get("recommendation", {}),
                     "outcome", "lean", "title", "decision", "cites", "weak", "phase")
    outcome = rd.choice(("recommendation", "outcome"), rec.get("outcome"), OUTCOMES)
    lean = rec.get("lean")
    if outcome == "not_yet":
        lean = rd.choice(("recommendation", "lean"), lean, SIDES)
    recommend = lean if outcome == "not_yet" and isinstance(lean, str) else outcome
    first, phased = None, False
    if rec.get("phase") is not None:
        phase = rd.mapping(("recommendation", "phase"), rec["phase"], "first", "phased")
        first = rd.choice(("recommendation", "phase", "first"), phase.get("first"), SIDES)
        phased = phase.get("phased") is True
    direction = rd.mapping(("direction",), top.get("direction", {}), "level", "label", "margin", "flips")
    margin = direction.get("margin")
    if margin is not None:
        margin = rd.integer(("direction", "margin"), margin)
    strength = rd.mapping(("strength",), top.get("strength", {}), "level", "label")
    scores = rd.mapping(("scores",), top.get("scores", {}), *SIDES)
    sides: dict[str, Score] = {}
    here: tuple[Any, ...]
    for side in SIDES:
        here = ("scores", side)
        sc = rd.mapping(here, scores.get(side, {}), "score", "max", "threshold", "emerging_from", "level", "label")
        numbers = {key: rd.integer((*here, key), sc.get(key)) for key in ("score", "max", "threshold", "emerging_from")}
        sides[side] = Score(numbers["score"], numbers["max"], numbers["threshold"], numbers["emerging_from"],
                            level=rd.choice((*here, "level"), sc.get("level"), STRENGTHS),
                            label=rd.text((*here, "label"), sc.get("label")))
    fired: dict[str, Fired] = {}
    names: dict[str, str] = {}
    for i, raw in enumerate(rd.seq(("why",), top.get("why", []))):
        group = rd.mapping(("why", i), raw, "criterion", "name", "answers", "rules")
        criterion = rd.text(("why", i, "criterion"), group.get("criterion"))
        names[f"criterion:{criterion}"] = rd.text(("why", i, "name"), group.get("name"))
        behind = tuple(rd.text(("why", i, "answers", j, "question"),
                               rd.mapping(("why", i, "answers", j), item, "question").get("question"))
                       for j, item in enumerate(rd.seq(("why", i, "answers"), group.get("answers", []))))
        for j, item in enumerate(rd.seq(("why", i, "rules"), group.get("rules", []))):
            here = ("why", i, "rules", j)
            rule = rd.mapping(here, item, "id", "cites", "points", "rationale")
            points = rd.mapping((*here, "points"), rule.get("points", {}), *SIDES)
            rule_id = rd.text((*here, "id"), rule.get("id"))
            fired[rule_id] = Fired(rule_id, rd.texts((*here, "cites"), rule.get("cites", [])),
                                   {side: rd.integer((*here, "points", side), points.get(side)) for side in SIDES},
                                   behind, first_sentence(rd.text((*here, "rationale"), rule.get("rationale"))))
    answers: dict[str, Answer] = {}
    for i, raw in enumerate(rd.seq(("answers",), top.get("answers", []))):
        topic = rd.mapping(("answers", i), raw, "items")
        for j, raw_item in enumerate(rd.seq(("answers", i, "items"), topic.get("items", []))):
            here = ("answers", i, "items", j)
            item = rd.mapping(here, raw_item, "question", "text", "status", "value", "answer")
            status = rd.choice((*here, "status"), item.get("status"), STATUSES)
            answers[rd.text((*here, "question"), item.get("question"))] = Answer(
                status, item.get("value") if status == "answered" else None,
                rd.text((*here, "text"), item.get("text")), rd.text((*here, "answer"), item.get("answer")))
    date = rd.text(("date",), top.get("date"))
    if date and not _DATE.fullmatch(date):
        rd.ck.error(("date",), t("errors.answers.expected_date", found=quote(date)))
    words = {"title": rd.text(("recommendation", "title"), rec.get("title")),
             "direction": rd.text(("direction", "label"), direction.get("label")),
             "strength": rd.text(("strength", "label"), strength.get("label")),
             "ruleset": rd.text(("ruleset", "name"), rs.get("name")), **names}
    snapshot = Snapshot(
        kind="report", file=doc.path, company=rd.text(("company",), top.get("company")),
        respondent=rd.text(("respondent", "name"), who.get("name")),
        role=rd.text(("respondent", "role"), who.get("role")), date=date,
        language=rd.text(("language",), top.get("language")),
        ruleset={key: rd.text(("ruleset", key), rs.get(key)) for key in ("id", "name", "version", "hash")},
        answers=answers, unknown=frozenset(), fired=fired,
        criteria=rd.texts(("criteria",), top.get("criteria", [])), scores=sides, outcome=outcome,
        recommend=recommend, first=(first or "salesops") if recommend == "both" else None, phased=phased,
        weak=outcome == "not_yet", decision=rd.text(("recommendation", "decision"), rec.get("decision")),
        cites=rd.texts(("recommendation", "cites"), rec.get("cites", [])),
        confidence=rd.choice(("direction", "level"), direction.get("level"), LEVELS), margin=margin,
        flips=rd.texts(("direction", "flips"), direction.get("flips", [])),
        strength=rd.choice(("strength", "level"), strength.get("level"), STRENGTHS), words=words)
    if rd.problems:
        raise located(doc, rd.problems)
    return snapshot


def criterion_name(snapshot: Snapshot, criterion: str) -> str:
    """A criterion's name as a report words it, or ""."""
    return snapshot.words.get(f"criterion:{criterion}", "")

