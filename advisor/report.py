"""Turns an evaluation into a report: one plain-data model, rendered per format.

``build_report`` gathers everything a reader needs (recommendation, scores,
reasons per criterion with the answers behind them, first steps, metrics,
what would change the advice, every answer) into JSON-ready data. The
Markdown report is that model through a Jinja2 template under ``reports/``,
with its headings from ``reports/strings/<language>.yaml``; the JSON report
is the model itself. The same inputs and date always give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .answers import AnswersFile
from .engine import Change, Result
from .errors import ExportError
from .model import Question, Ruleset
from .resources import cache_dir, reports_dir
from .yamlread import read_yaml_file

REPORT_FORMAT = "advisor-report/1"
FORMATS = ("markdown", "json")
EXTENSIONS = {"markdown": ".md", "json": ".json"}
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def answer_phrase(ruleset: Ruleset, q: Question, raw: Any, language: str, *, quote: bool = False) -> str:
    """An answer in words: the option label (or its quote), yes/no, a number with its unit."""
    if raw is None:
        return ""
    if q.type in ("choice", "scale"):
        option = q.option(raw)
        if option is None:
            return str(raw)
        return option.phrase(language) if quote else option.label(language)
    if q.type == "yesno":
        label = q.yes_label if raw else q.no_label
        return label(language) if label else ruleset.word("yes" if raw else "no", language)
    if q.type == "multi":
        labels = [o.label(language) for o in q.options if o.value in raw]
        return ", ".join(labels) if labels else "-"
    number = int(raw) if isinstance(raw, int) or float(raw).is_integer() else raw
    unit = q.unit_one if number == 1 and q.unit_one else q.unit
    return f"{number} {unit(language)}" if unit else str(number)


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace ``{name}`` placeholders (validated at load time) with their values."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def load_strings(language: str, folder: Path | None = None) -> dict[str, Any]:
    folder = folder or reports_dir()
    path = folder / "strings" / f"{language}.yaml"
    if not path.is_file():
        raise ExportError(f"no report texts for language `{language}` (expected {path})")
    data = read_yaml_file(path).data
    if not isinstance(data, dict):
        raise ExportError(f"{path}: expected a mapping of report texts")
    return data


def build_report(ruleset: Ruleset, result: Result, changes: Sequence[Change], *,
                 meta: AnswersFile | None = None, language: str | None = None, date: str = "",
                 strings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The report as plain data (the JSON report, and the Markdown template's input)."""
    lang = language or (meta.language if meta and meta.language else ruleset.default_language)
    s = strings if strings is not None else load_strings(lang)
    side_name = {side: ruleset.functions[side].name(lang) for side in ("salesops", "revops")}
    short = {side: ruleset.word(side, lang) for side in ("salesops", "revops")}
    qs = ruleset.question_by_id

    kind = result.recommendation
    if kind == "both":
        second = "revops" if result.first == "salesops" else "salesops"
        key = "both_phased" if result.phased else "both"
        title = fill(s["titles"][key], {"first": short[result.first or "salesops"], "then": short[second]})
    else:
        second = ""
        title = fill(s["titles"][kind], short)
    phase = None
    if result.phase_step is not None:
        phase = {"first": result.first, "then": second, "phased": result.phased,
                 "reason": result.phase_step.reason(lang), "cites": list(result.phase_step.cites)}

    level = next(c for c in ruleset.policy.confidence if c.id == result.confidence)
    reasons: dict[str, dict[str, Any]] = {}
    for fired in result.fired:
        quotes = {q: answer_phrase(ruleset, qs[q], raw, lang, quote=True) for q, raw in fired.answers}
        primary = fired.cites[0]
        criterion = ruleset.criteria[primary]
        group = reasons.setdefault(primary, {"criterion": primary, "name": criterion.name(lang), "rules": []})
        group["rules"].append({
            "id": fired.id, "cites": list(fired.cites),
            "points": {"salesops": fired.salesops, "revops": fired.revops},
            "rationale": fill(fired.rule.rationale(lang), quotes),
            "answers": [{"question": q, "text": qs[q].text(lang), "answer": answer_phrase(ruleset, qs[q], raw, lang)}
                        for q, raw in fired.answers],
        })
    order = {cid: i for i, cid in enumerate(ruleset.criteria)}
    why = sorted(reasons.values(), key=lambda g: order[g["criterion"]])

    recommended = ["salesops", "revops"] if kind == "both" else [kind]
    if kind == "both" and result.first == "revops":
        recommended.reverse()
    cited = result.cited
    first_steps = []
    for side in recommended:
        fn = ruleset.functions[side]
        steps = [{"id": st.id, "text": st.text(lang), "cites": list(st.cites),
                  "triggered": bool(set(st.cites) & cited)} for st in fn.first_steps]
        steps.sort(key=lambda st: not st["triggered"])  # stable: triggered steps first, file order kept
        first_steps.append({"function": side, "name": fn.name(lang), "summary": fn.summary(lang), "steps": steps})
    seen: set[str] = set()
    metrics = []
    for side in recommended:
        items = []
        for mid in ruleset.functions[side].metrics:
            m = ruleset.metrics[mid]
            items.append({"id": mid, "name": m.name(lang), "description": m.description(lang),
                          "shared": mid in seen or any(mid in ruleset.functions[o].metrics
                                                      for o in recommended if o != side)})
            seen.add(mid)
        metrics.append({"function": side, "name": side_name[side], "items": items})

    change_items = []
    for ch in changes:
        q = qs[ch.question_id]
        if ch.recommendation == "both":
            then = "revops" if ch.first == "salesops" else "salesops"
            becomes = fill(s["titles"]["both_phased" if ch.phased else "both"],
                           {"first": short[ch.first or "salesops"], "then": short[then]})
        else:
            becomes = fill(s["titles"][ch.recommendation], short)
        change_items.append({
            "question": ch.question_id, "text": q.text(lang),
            "from": answer_phrase(ruleset, q, ch.current, lang) if ch.current is not None else None,
            "to": answer_phrase(ruleset, q, ch.alternative, lang), "to_value": ch.alternative,
            "becomes": fill(s["titles"]["weak"], {"title": becomes}) if ch.weak else becomes,
            "recommendation": ch.recommendation, "first": ch.first, "phased": ch.phased, "weak": ch.weak})

    answers = []
    for topic in ruleset.topics:
        items = []
        for q in ruleset.questions:
            if q.topic != topic.id:
                continue
            status = "hidden" if q.id in result.hidden else ("answered" if q.id in result.answers else "unanswered")
            items.append({"question": q.id, "text": q.text(lang), "status": status,
                          "value": result.answers.get(q.id),
                          "answer": answer_phrase(ruleset, q, result.answers.get(q.id), lang)})
        answers.append({"topic": topic.id, "title": topic.title(lang), "items": items})

    return {
        "format": REPORT_FORMAT,
        "date": date,
        "language": lang,
        "company": meta.company if meta else "",
        "respondent": {"name": meta.respondent if meta else "", "role": meta.role if meta else ""},
        "ruleset": {"id": ruleset.id, "name": ruleset.name(lang), "version": ruleset.version, "hash": ruleset.hash},
        "recommendation": {
            "kind": kind, "title": title, "decision": result.decision.id, "cites": list(result.decision.cites),
            "summary": fill(result.decision.summary(lang), {"salesops": str(result.salesops),
                                                             "revops": str(result.revops)}),
            "weak": result.weak, "phase": phase,
            "division_of_labour": ({"text": ruleset.both_summary(lang), "cites": list(ruleset.both_cites)}
                                   if kind == "both" else None),
        },
        "confidence": {"level": result.confidence, "label": level.label(lang), "text": level.text(lang),
                       "margin": result.margin},
        "scores": {side: {"name": side_name[side], "short": short[side], "score": getattr(result, side),
                          "max": getattr(result, f"{side}_max"), "threshold": result.thresholds[side]}
                   for side in ("salesops", "revops")},
        "why": why,
        "criteria": sorted(result.criteria, key=lambda c: order[c]),
        "caveats": [{"id": c.id, "kind": c.kind, "cites": list(c.cites),
                     "text": fill(c.text(lang), {"unanswered": str(len(result.unanswered))})}
                    for c in result.caveats],
        "first_steps": first_steps,
        "metrics": metrics,
        "what_would_change": change_items,
        "answers": answers,
        "unanswered": [{"question": q, "text": qs[q].text(lang), "feeds": list(qs[q].feeds)}
                       for q in result.unanswered],
        "ignored": [{"question": q, "text": qs[q].text(lang)} for q in result.ignored],
    }


def render(report: Mapping[str, Any], fmt: str, *, strings: Mapping[str, Any] | None = None,
           folder: Path | None = None) -> str:
    """Render a report model as ``markdown`` or ``json``."""
    if fmt == "json":
        import json

        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt != "markdown":
        raise ExportError(f"unknown report format `{fmt}` (expected one of: {', '.join(FORMATS)})")
    import jinja2  # only rendering needs it; keeps `advisor questions` and friends light

    env = _environment(folder or reports_dir())
    try:
        template = env.get_template("markdown.md.j2")
        text = template.render(r=report, s=strings if strings is not None
                               else load_strings(report["language"], folder))
    except jinja2.TemplateError as exc:
        raise ExportError(f"report template error: {exc}") from None
    return re.sub(r"\n{3,}", "\n\n", text)


_ENVIRONMENTS: dict[Path, Any] = {}


def _environment(folder: Path) -> Any:
    """One Jinja2 environment per template folder, with compiled templates cached on disk.

    Compiling the report template costs more than everything else an
    `advisor evaluate` run does; the bytecode cache (keyed by the template's
    source, so edits invalidate it) makes later runs skip it.
    """
    import jinja2

    env = _ENVIRONMENTS.get(folder)
    if env is None:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), undefined=jinja2.StrictUndefined,
                                 autoescape=False, keep_trailing_newline=True, trim_blocks=True,
                                 lstrip_blocks=True, bytecode_cache=_bytecode_cache())
        env.filters["bar"] = text_bar
        env.filters["fill"] = lambda text, **values: fill(text, {k: str(v) for k, v in values.items()})
        _ENVIRONMENTS[folder] = env
    return env


def _bytecode_cache() -> Any:
    import jinja2

    folder = cache_dir("templates")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home only costs speed
    return jinja2.FileSystemBytecodeCache(str(folder))


def text_bar(score: int, maximum: int, width: int = 30) -> str:
    """A bar of block characters: filled share of ``width``."""
    filled = 0 if maximum <= 0 else round(width * min(max(score, 0), maximum) / maximum)
    return "█" * filled + "░" * (width - filled)
