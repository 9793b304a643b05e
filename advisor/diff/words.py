"""The diff's labels in one language: the ruleset's words where it knows the id, else the file's own.

Both sides are ids and values (``Snapshot``); this puts them into words in
the language the diff speaks, so an answers file written in Spanish and a
report written in English are compared in one language. A question, an
option, a rule or a criterion the ruleset in use does not have (a report
made with another version of it) keeps the words its report gave it, and
an answers file's answer to an unknown question is shown as it was written.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..answers import answer_problem
from ..model import SIDES, Ruleset
from ..plaintext import one_line
from ..report import _title, answer_phrase, fill, first_sentence
from ..report_texts import plural_form
from .report_input import criterion_name
from .snapshot import Answer, Fired, Snapshot


def raw_text(value: Any) -> str:
    """An answer nobody has words for (a question the ruleset lacks), as it was written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, list):
        return ", ".join(raw_text(item) for item in value)
    if isinstance(value, dict):
        return one_line(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return str(value)


class Words:
    """Labels for ids and values, in ``language``, from ``ruleset`` and the report texts ``strings``."""

    def __init__(self, ruleset: Ruleset, language: str, strings: Mapping[str, Any]) -> None:
        self.ruleset = ruleset
        self.language = language
        self.strings = strings
        self.d: Mapping[str, Any] = strings["diff"]
        self.short = {side: ruleset.word(side, language) for side in SIDES}

    def text(self, key: str, **values: Any) -> str:
        """A text of the diff's strings (``moved.started``), its placeholders filled."""
        node: Any = self.d
        for part in key.split("."):
            node = node[part]
        return fill(str(node), {name: str(value) for name, value in values.items()})

    def count(self, key: str, n: int, **values: Any) -> str:
        """A counted text of the diff's strings, in the form its language gives the number ``n``."""
        node: Any = self.d
        for part in key.split("."):
            node = node[part]
        form = plural_form(node, n, self.language)
        return fill(form, {name: str(value) for name, value in {"n": n, **values}.items()})

    def quoted(self, text: str) -> str:
        return self.text("moved.quoted", text=text)

    def listing(self, items: list[str]) -> str:
        """``a, b and c`` in the diff's language."""
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self.d['moved']['and']} {items[-1]}"

    def question(self, qid: str, *sides: Snapshot) -> str:
        q = self.ruleset.question_by_id.get(qid)
        if q is not None:
            return q.text(self.language)
        return next((one_line(s.answers[qid].text) for s in sides if qid in s.answers and s.answers[qid].text),
                    one_line(qid))

    def answer(self, qid: str, answer: Answer) -> str:
        if answer.status == "hidden":
            return str(self.d["labels"]["not_asked"])
        if answer.status != "answered":
            return str(self.d["labels"]["not_answered"])
        return self.phrase(qid, answer)

    def phrase(self, qid: str, answer: Answer, *, quote: bool = False) -> str:
        """An answer given, in words: the ruleset's option label, else the report's words, else the value."""
        q = self.ruleset.question_by_id.get(qid)
        if q is not None and answer_problem(self.ruleset, qid, answer.value) is None:
            return answer_phrase(self.ruleset, q, answer.value, self.language, quote=quote,
                                 none=str(self.strings["labels"]["none_ticked"]))
        return one_line(answer.phrase) if answer.phrase else raw_text(answer.value)

    def criterion(self, cid: str, *sides: Snapshot) -> str:
        criterion = self.ruleset.criteria.get(cid)
        if criterion is not None:
            return criterion.name(self.language)
        return next((one_line(criterion_name(s, cid)) for s in sides if criterion_name(s, cid)), "")

    def title(self, side: Snapshot) -> str:
        """The verdict in a few words, as the report heads it."""
        return _title(self.strings, self.short, side.recommend, side.first, side.phased, side.weak)

    def direction(self, side: Snapshot) -> str:
        level = next((c for c in self.ruleset.policy.confidence if c.id == side.confidence), None)
        return level.label(self.language) if level is not None else one_line(side.words.get("direction", ""))

    def strength(self, level_id: str, fallback: str = "") -> str:
        level = next((s for s in self.ruleset.policy.strengths if s.id == level_id), None)
        return level.label(self.language) if level is not None else one_line(fallback)

    def rule(self, fired: Fired, side: Snapshot) -> str:
        """What a fired rule says of the answers (its rationale's first sentence), or the report's words."""
        rule = self.ruleset.rule_by_id.get(fired.id)
        if rule is not None:
            quotes = {qid: self.phrase(qid, side.answers[qid], quote=True) for qid in rule.reads
                      if qid in side.answers and side.answers[qid].status == "answered"}
            text = first_sentence(fill(rule.rationale(self.language), quotes))
            if "{" not in text:
                return text
        return one_line(fired.text)
