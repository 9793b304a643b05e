"""What moved the recommendation, in plain words: the paragraphs of a diff.

Grounded in what the engine did on each side, never guessed from the
answers alone. In order:

1. the verdict (changed, the same, or the same on other grounds), with the
   strength of the need and how clear the direction is when they changed
   (its margin, and how many single answers would turn it), citing the
   policy's decision;
2. each score that moved, up or down, through which criteria, and the mark
   it crossed;
3. each criterion whose rules started or stopped firing or now give other
   points, with the changed answers behind it and the points each side
   gained or lost (the criterion's ids at the end, as in the report);
4. the changed answers that moved no score.

When nothing moved, one paragraph says so. Each paragraph is a plain text
(``text``) with the criterion ids it names (``cites``) and the questions it
rests on (``questions``); the templates escape it like any value.
"""

from __future__ import annotations

from typing import Any

from ..model import SIDES
from .snapshot import Snapshot
from .words import Words


def explain(w: Words, old: Snapshot, new: Snapshot, model: dict[str, Any]) -> list[dict[str, Any]]:
    flags = model["changed"]
    if not any(flags.values()):
        key = "nothing_shared" if model["only_in"]["old"] or model["only_in"]["new"] else "nothing"
        text = w.text(f"moved.{key}", title=w.quoted(model["new"]["verdict"]["title"]))
        return [_paragraph("nothing", _with_cites(w, text, new.cites), new.cites)]
    moved = [_verdict(w, old, new, model)]
    criteria_order = {cid: i for i, cid in enumerate(model_criteria_order(w, old, new))}
    for side in SIDES:
        if model["scores"][side]["change"]:
            moved.append(_score(w, side, model, criteria_order))
    moved += _criteria(w, old, new, model, criteria_order)
    unmoved = [a for a in model["answers"] if not a["rules"]]
    if unmoved:
        questions = w.listing([w.quoted(a["text"]) for a in unmoved])
        moved.append(_paragraph("answers", w.count("moved.unmoved", len(unmoved), questions=questions), (),
                                [a["question"] for a in unmoved]))
    return moved


def model_criteria_order(w: Words, old: Snapshot, new: Snapshot) -> list[str]:
    return list(dict.fromkeys([*w.ruleset.criteria, *old.criteria, *new.criteria,
                               *(c for side in (old, new) for f in side.fired.values() for c in f.cites)]))


def _paragraph(kind: str, text: str, cites: Any, questions: Any = ()) -> dict[str, Any]:
    return {"kind": kind, "cites": list(cites), "questions": list(questions), "text": text}


def _with_cites(w: Words, text: str, cites: Any) -> str:
    return f"{text} {w.text('moved.cites', cites=', '.join(cites))}" if cites else text


def _verdict(w: Words, old: Snapshot, new: Snapshot, model: dict[str, Any]) -> dict[str, Any]:
    flags, then, now = model["changed"], model["old"], model["new"]
    if flags["verdict"]:
        sentences = [w.text("moved.verdict_changed", old=w.quoted(then["verdict"]["title"]),
                            new=w.quoted(now["verdict"]["title"]))]
    elif flags["decision"]:
        sentences = [w.text("moved.verdict_other_reason", title=w.quoted(now["verdict"]["title"]))]
    else:
        sentences = [w.text("moved.verdict_same", title=w.quoted(now["verdict"]["title"]))]
    if flags["strength"]:
        sentences.append(w.text("moved.strength", old=w.quoted(then["strength"]["label"]),
                                new=w.quoted(now["strength"]["label"])))
    if flags["direction"]:
        sentences.append(w.text("moved.direction", old=w.quoted(then["direction"]["label"]),
                                new=w.quoted(now["direction"]["label"])))
        if old.margin is not None and new.margin is not None and old.margin != new.margin:
            sentences.append(w.count("moved.margin", new.margin, old=old.margin))
        if len(old.flips) != len(new.flips):
            sentences.append(w.text("moved.flips", old=len(old.flips), new=len(new.flips)))
    text = " ".join(sentences)
    if old.cites != new.cites and old.cites and new.cites:
        text += " " + w.text("moved.cites_then_now", old=", ".join(old.cites), new=", ".join(new.cites))
        cites = list(dict.fromkeys([*new.cites, *old.cites]))
    else:
        cites = list(new.cites)
        text = _with_cites(w, text, cites)
    return _paragraph("verdict", text, cites)


def _score(w: Words, side: str, model: dict[str, Any], order: dict[str, int]) -> dict[str, Any]:
    score = model["scores"][side]
    through = [r for r in model["rules"] if r["effect"][side]]
    by_criterion: dict[str, int] = {}
    for rule in through:
        key = rule["cites"][0] if rule["cites"] else ""
        by_criterion[key] = by_criterion.get(key, 0) + rule["effect"][side]
    cites = sorted((c for c in by_criterion if c), key=lambda c: order.get(c, len(order)))
    up = [c for c in cites if by_criterion[c] > 0]
    down = [c for c in cites if by_criterion[c] < 0]
    text = w.text("moved.score_up" if score["change"] > 0 else "moved.score_down", side=w.short[side],
                  old=score["old"], new=score["new"])
    if up and down:
        text = w.text("moved.mixed", text=text, gained=w.listing(up), lost=w.listing(down))
    elif up or down:
        text = w.text("moved.through", text=text, criteria=w.listing(up or down))
    else:
        text = w.text("moved.plain", text=text)
    before, after = model["old"]["scores"][side], model["new"]["scores"][side]
    if before["level"] != after["level"]:
        text += " " + w.text("moved.level", old=w.quoted(before["label"]), new=w.quoted(after["label"]),
                             emerging=after["emerging_from"], threshold=after["threshold"])
    questions = list(dict.fromkeys(q for r in through for q in r["because"]))
    return _paragraph("score", text, cites, questions)


def _criteria(w: Words, old: Snapshot, new: Snapshot, model: dict[str, Any],
              order: dict[str, int]) -> list[dict[str, Any]]:
    """One paragraph per criterion (a rule's first cite, as the report groups them) whose rules moved."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for rule in model["rules"]:
        groups.setdefault(rule["cites"][0] if rule["cites"] else "", []).append(rule)
    found = []
    for criterion, rules in groups.items():
        total = {side: sum(r["effect"][side] for r in rules) for side in SIDES}
        before = any(f.cites[:1] == (criterion,) for f in old.fired.values()) if criterion else True
        after = any(f.cites[:1] == (criterion,) for f in new.fired.values()) if criterion else True
        net = sum(total.values())
        kind = "started" if not before else "stopped" if not after else \
            "more" if net > 0 else "less" if net < 0 else "shifted"
        name = w.quoted(w.criterion(criterion, new, old) or criterion)
        head = w.text(f"moved.{kind}", name=name)
        questions = [q for q in dict.fromkeys(q for r in rules for q in r["because"])]
        if questions:
            text = w.text("moved.because", text=head, reasons=w.listing([_reason(w, q, model) for q in questions]))
        else:
            text = w.text("moved.plain" if model["same_ruleset"] else "moved.unexplained", text=head)
        cites = sorted({c for r in rules for c in r["cites"]}, key=lambda c: (c != criterion, order.get(c, len(order))))
        effects = ", ".join(_effect(w, side, total[side]) for side in SIDES if total[side])
        text += " " + (w.text("moved.tail", cites=", ".join(cites), effects=effects) if effects
                       else w.text("moved.cites", cites=", ".join(cites)))
        rank = (-abs(net), net < 0, order.get(criterion, len(order)))  # the biggest first, gains before losses
        found.append((rank, _paragraph("criterion", text, cites, questions)))
    return [paragraph for _, paragraph in sorted(found, key=lambda item: item[0])]


def _effect(w: Words, side: str, points: int) -> str:
    return w.count("moved.effect", abs(points), sign="+" if points > 0 else w.d["moved"]["minus"],
                   side=w.short[side])


def _reason(w: Words, qid: str, model: dict[str, Any]) -> str:
    """Why a rule moved: one question's change, in words."""
    for key, reason in (("old", "moved.reason_only_then"), ("new", "moved.reason_only_now")):
        for item in model["only_in"][key]:
            if item["question"] == qid:
                return w.text(reason, question=w.quoted(item["text"]))
    answer = next(a for a in model["answers"] if a["question"] == qid)

    def shown(state: dict[str, Any]) -> str:
        return w.quoted(state["answer"]) if state["status"] == "answered" else state["answer"]

    return w.text("moved.reason", question=w.quoted(answer["text"]), old=shown(answer["old"]), new=shown(answer["new"]))
