"""The workshop report: the pooled recommendation, everyone's result, and the disagreements that matter.

``build_workshop_report`` turns an analysed ``Workshop`` into plain data
(the JSON report, and the input of ``reports/workshop.md.j2``), in four
parts: the pooled recommendation with how many participants' own results
agree and who dissents; each participant's result; the disagreements that
change the pooled direction or strength, ranked by how many people hold the
dissenting answer, then briefly those that do not; the views by role when
roles repeat. Files that do not count are listed with the reason. Rendering
goes through the single report's environment, so every value is escaped the
same way, and the same files and date give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..engine import Result, judge
from ..language import percent
from ..model import SIDES, Ruleset
from ..report import answer_phrase, fill, load_strings, render, verdict_title
from .analysis import Spread, Workshop

WORKSHOP_REPORT_FORMAT = "advisor-workshop-report/1"
TEMPLATE = "workshop.md.j2"
HTML_TEMPLATE = "workshop.html.j2"
FORMATS = ("markdown", "json", "html")


def build_workshop_report(ruleset: Ruleset, workshop: Workshop, *, date: str = "",
                          language: str | None = None) -> dict[str, Any]:
    lang = language or ruleset.default_language
    s = load_strings(lang)
    w = s["workshop"]
    policy = ruleset.policy
    info = workshop.info
    labels = workshop.labels
    qs = ruleset.question_by_id

    def outcome(result: Result) -> dict[str, Any]:
        strength = policy.strength(result.strength)
        return {"outcome": result.outcome, "lean": result.lean, "recommend": result.recommendation,
                "first": result.first if result.recommendation == "both" else None, "phased": result.phased,
                "title": verdict_title(s, ruleset, lang, result),
                "strength": {"level": result.strength, "label": strength.label(lang)},
                "scores": {side: getattr(result, side) for side in SIDES}}

    def phrase(qid: str, value: Any) -> str:
        if value is None:
            return str(w["open"])
        q = qs[qid]
        if q.type == "multi":  # option labels may hold commas: join them with a plus
            return " + ".join(o.label(lang) for o in q.options if o.value in value) or str(w["none_ticked"])
        return answer_phrase(ruleset, q, value, lang)

    pooled: dict[str, Any] | None = None
    result = workshop.result
    if result is not None:
        verdict = judge(ruleset, result.answers, result)
        direction = policy.level(verdict.confidence)
        pooled = {**outcome(result),
                  "direction": {"level": verdict.confidence, "label": direction.label(lang),
                                "text": direction.text(lang)},
                  "strength_text": policy.strength(result.strength).text(lang),
                  "thresholds": dict(result.thresholds),
                  "max": {side: getattr(result, f"{side}_max") for side in SIDES},
                  "agree": workshop.agree, "agree_fully": workshop.agree_fully,
                  "counted": len(workshop.counted),
                  "dissent": [{"participant": labels[p.file], **outcome(p.result)}
                              for p in workshop.dissent if p.result is not None]}

    rule = policy.pooling
    participants = []
    for p in workshop.participants:
        if not p.counted or p.result is None:
            continue
        entry: dict[str, Any] = {"participant": labels[p.file], "role": p.role, "file": p.file,
                                 "answered": p.answered, "asked": p.asked, "finished": p.finished,
                                 **outcome(p.result)}
        if info.show_names:
            entry["name"] = p.name
        participants.append(entry)

    def spread(sp: Spread) -> dict[str, Any]:
        return {"question": sp.question_id, "text": qs[sp.question_id].text(lang),
                "pooled": phrase(sp.question_id, sp.pooled.value),
                "tie": [phrase(sp.question_id, v) for v in sp.pooled.tie],
                "dissenters": sp.dissenters,
                "sides": [{"answer": phrase(sp.question_id, side.value), "value": side.value,
                           "people": list(side.people), "pooled": side.pooled, "changes": side.changes,
                           **({"effect": outcome(side.result)} if side.changes else {})}
                          for side in sp.sides]}

    answers = []
    for qid, pa in workshop.pooled.items():
        if pa.votes == 0 and not pa.tie:
            continue
        answers.append({"question": qid, "text": qs[qid].text(lang), "value": pa.value,
                        "answer": phrase(qid, pa.value), "votes": pa.votes,
                        "tie": [phrase(qid, v) for v in pa.tie],
                        "counted": result is not None and qid in result.answers})
    return {
        "format": WORKSHOP_REPORT_FORMAT,
        "date": date or info.date,
        "language": lang,
        "workshop": {"company": info.company, "title": info.title, "notes": info.notes,
                     "show_names": info.show_names},
        "ruleset": {"id": ruleset.id, "name": ruleset.name(lang), "version": ruleset.version, "hash": ruleset.hash},
        "names": {side: ruleset.word(side, lang) for side in SIDES},
        "pooling": {"ordered": rule.ordered, "ties": rule.ties, "multi_share": rule.multi_share,
                    "text": " ".join((w["pooling"][rule.ordered], w["pooling"][rule.ties],
                                      fill(w["pooling"]["multi"], {"share": percent(rule.multi_share, lang)})))},
        "pooled": pooled,
        "participants": participants,
        "not_counted": [{"file": p.file, "reason": p.problem or w["writing"]}
                        for p in workshop.participants if not p.counted],
        "disagreements": {"matter": [spread(sp) for sp in workshop.mattering],
                          "minor": [spread(sp) for sp in workshop.minor]},
        "roles": [{"role": v.role, "people": list(v.people), **outcome(v.result)} for v in workshop.roles],
        "answers": answers,
    }


def render_workshop(report: Mapping[str, Any], fmt: str = "markdown") -> str:
    """The workshop report as Markdown (``reports/workshop.md.j2``), HTML (``workshop.html.j2``) or JSON."""
    return render(report, fmt, template_name=HTML_TEMPLATE if fmt == "html" else TEMPLATE)


def report_text(ruleset: Ruleset, workshop: Workshop, fmt: str = "markdown", *, date: str = "",
                language: str | None = None) -> str:
    """The whole workshop report, ready to write."""
    return render_workshop(build_workshop_report(ruleset, workshop, date=date, language=language), fmt)
