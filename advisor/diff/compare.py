"""Two snapshots of one company compared: the plain, JSON-ready model of ``advisor diff``.

``build_diff`` lines the two sides up by id, whatever ruleset version or
language each was made with: the answers that changed (what counted: an
answer to a question no longer asked counts as none), the questions only
one side has, the rules that started or stopped firing or now give other
points (each with the changed answers it reads, ``because``), the criteria
that started or stopped being met, both scores then and now, and the
verdict, its direction and strength on each side. ``explain`` then says in
plain words what moved the recommendation. The model is what
``--format json`` prints (``advisor/schemas/diff.schema.json``) and what
the templates ``reports/diff.md.j2`` and ``diff.html.j2`` read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..model import SIDES, Ruleset
from ..report_texts import load_strings
from .explain import explain
from .snapshot import Answer, Snapshot
from .words import Words

DIFF_FORMAT = "advisor-diff/1"
_ZERO = {side: 0 for side in SIDES}


def counted(answer: Answer | None) -> tuple[str, Any] | None:
    """What an answer counts as, for comparing: None for no answer; a multiple choice as a set; 1 is not true."""
    if answer is None or answer.status != "answered" or answer.value is None:
        return None
    value = answer.value
    if isinstance(value, list):
        return ("list", tuple(sorted(map(repr, value))))
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("number", float(value))
    return (type(value).__name__, repr(value))


def _ordered(first: Iterable[str], *more: Iterable[str]) -> list[str]:
    """Ids in the order of ``first`` (the ruleset's), then those only the others name, in their order."""
    return list(dict.fromkeys([*first, *(item for ids in more for item in ids)]))


def build_diff(ruleset: Ruleset, old: Snapshot, new: Snapshot, *, language: str | None = None) -> dict[str, Any]:
    """The diff of ``old`` and ``new`` as plain data, worded in ``language`` (default: the ruleset's)."""
    lang = language or ruleset.default_language
    words = Words(ruleset, lang, load_strings(lang))
    order = _ordered((q.id for q in ruleset.questions), old.answers, new.answers)
    changed = [q for q in order if q in old.answers and q in new.answers
               and counted(old.answers[q]) != counted(new.answers[q])]
    only = {"old": [q for q in order if q in old.answers and q not in new.answers],
            "new": [q for q in order if q in new.answers and q not in old.answers]}
    moved_by = set(changed) | set(only["old"]) | set(only["new"])

    rules: list[dict[str, Any]] = []
    for rule_id in _ordered((r.id for r in ruleset.rules), old.fired, new.fired):
        before, after = old.fired.get(rule_id), new.fired.get(rule_id)
        points = {"old": dict(before.points) if before else None, "new": dict(after.points) if after else None}
        if points["old"] == points["new"]:
            continue
        # The ruleset's own rule says which questions it reads; one it lacks (a report of another version) has
        # the answers its report quoted under its criterion.
        known = ruleset.rule_by_id.get(rule_id)
        reads = set(known.reads) if known else {q for fired in (before, after) if fired for q in fired.reads}
        fired_now = after or before
        assert fired_now is not None
        rules.append({
            "id": rule_id, "cites": list(fired_now.cites),
            "change": "started" if before is None else "stopped" if after is None else "changed",
            "old": points["old"], "new": points["new"],
            "effect": {side: (points["new"] or _ZERO)[side] - (points["old"] or _ZERO)[side] for side in SIDES},
            "because": [q for q in order if q in reads and q in moved_by],
            "text": words.rule(fired_now, new if after else old)})

    criteria_order = _ordered(ruleset.criteria, old.criteria, new.criteria)
    criteria = {
        "started": [{"criterion": c, "name": words.criterion(c, new, old)} for c in criteria_order
                    if c in new.criteria and c not in old.criteria],
        "stopped": [{"criterion": c, "name": words.criterion(c, old, new)} for c in criteria_order
                    if c in old.criteria and c not in new.criteria]}

    def state(qid: str, answer: Answer) -> dict[str, Any]:
        return {"status": answer.status, "value": answer.value, "answer": words.answer(qid, answer)}

    answers = [{"question": q, "text": words.question(q, new, old), "old": state(q, old.answers[q]),
                "new": state(q, new.answers[q]), "rules": [r["id"] for r in rules if q in r["because"]]}
               for q in changed]
    only_in = {key: [{"question": q, "text": words.question(q, side), **state(q, side.answers[q])} for q in only[key]]
               for key, side in (("old", old), ("new", new))}
    scores = {side: {"old": old.scores[side].score, "new": new.scores[side].score,
                     "change": new.scores[side].score - old.scores[side].score} for side in SIDES}
    sides = {"old": side_data(words, old), "new": side_data(words, new)}
    flags = {"verdict": sides["old"]["verdict"]["title"] != sides["new"]["verdict"]["title"],
             "decision": old.decision != new.decision,
             "strength": old.strength != new.strength, "direction": old.confidence != new.confidence,
             "scores": any(scores[side]["change"] for side in SIDES), "answers": bool(changed),
             "rules": bool(rules)}
    model: dict[str, Any] = {
        "format": DIFF_FORMAT,
        "language": lang,
        "company": new.company or old.company,
        "names": dict(words.short),
        "old": sides["old"],
        "new": sides["new"],
        "same_ruleset": bool(old.ruleset["hash"]) and old.ruleset["hash"] == new.ruleset["hash"],
        "changed": flags,
        "scores": scores,
        "moved": [],
        "criteria": criteria,
        "rules": rules,
        "answers": answers,
        "only_in": only_in,
    }
    model["moved"] = explain(words, old, new, model)
    return model


def side_data(words: Words, side: Snapshot) -> dict[str, Any]:
    """One side as the model gives it: where it comes from, its verdict, direction, strength and scores."""
    lang = words.language
    name = words.ruleset.name(lang) if side.ruleset["id"] == words.ruleset.id else side.ruleset["name"]
    return {
        "file": side.file, "kind": side.kind, "company": side.company,
        "respondent": {"name": side.respondent, "role": side.role}, "date": side.date,
        "ruleset": {"id": side.ruleset["id"], "name": name or side.ruleset["id"], "version": side.ruleset["version"],
                    "hash": side.ruleset["hash"]},
        "verdict": {"outcome": side.outcome, "lean": side.recommend if side.weak else None,
                    "first": side.first, "phased": side.phased, "title": words.title(side),
                    "decision": side.decision, "cites": list(side.cites)},
        "direction": {"level": side.confidence, "label": words.direction(side), "margin": side.margin,
                      "flips": list(side.flips)},
        "strength": {"level": side.strength, "label": words.strength(side.strength, side.words.get("strength", ""))},
        "scores": {s: {"score": sc.score, "max": sc.max, "threshold": sc.threshold, "emerging_from": sc.emerging_from,
                       "level": sc.level, "label": words.strength(sc.level, sc.label)}
                   for s, sc in side.scores.items()},
        "criteria": list(side.criteria),
    }


def other_companies(old: Snapshot, new: Snapshot) -> bool:
    """Whether the two sides name different companies (case and spacing aside); one naming none is no conflict."""
    names = [" ".join(side.company.casefold().split()) for side in (old, new)]
    return all(names) and names[0] != names[1]


__all__ = ["DIFF_FORMAT", "build_diff", "counted", "other_companies", "side_data"]
