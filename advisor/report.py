"""Turns an evaluation into a report: one plain-data model, rendered per format.

``build_report`` gathers everything a reader needs (recommendation, scores,
reasons per criterion with the answers behind them, first steps, metrics,
what would change the advice, every answer) into JSON-ready data. The
Markdown report is that model through a Jinja2 template under ``reports/``,
with its headings from ``reports/strings/<language>.yaml``; the JSON report
is the model itself. The same inputs and date always give the same bytes.

Every value of the model reaches the Markdown escaped (``md_escape``, applied
by the environment's ``finalize`` to each ``{{ }}``), so a company called
``<script>`` or ``# Owned`` is printed as that text, never as HTML, a heading
or a link. The template and the strings file are ours: their Markdown is
kept. What the template composes on purpose (emphasis around a value, a
counted text in the form its number takes, the score chart) comes out of
its filters as ``Composed``, escaped inside.

A template or strings file that is wrong is an ``ExportError`` naming the
file and line, raised before anything is written (the strings file's checks
live in ``report_texts``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .answers import AnswersFile, normalizer
from .engine import Change, Result, judge
from .errors import ExportError
from .language import long_date
from .model import SIDES, Question, Ruleset
from .plaintext import md_escape, strip_controls
from .report_texts import TEMPLATE, load_strings, plural_form, read_strings, template_keys, texts, texts_used
from .resources import cache_dir, reports_dir
from .texts import t
from .yamlread import Document

REPORT_FORMAT = "advisor-report/2"
FORMATS = ("markdown", "json", "html")
EXTENSIONS = {"markdown": ".md", "json": ".json", "html": ".html"}
__all__ = ["EXTENSIONS", "FORMATS", "REPORT_FORMAT", "answer_phrase", "build_report", "fill", "load_strings",
           "render", "verdict_title"]

_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def answer_phrase(ruleset: Ruleset, q: Question, raw: Any, language: str, *, quote: bool = False,
                  none: str = "-") -> str:
    """An answer in words: the option label (or its quote), yes/no, a number with its unit.

    ``none`` is what a multiple choice answered with nothing ticked reads as
    (the report's and the app's own "None of these").
    """
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
        return ", ".join(labels) if labels else none
    number = int(raw) if isinstance(raw, int) or float(raw).is_integer() else raw
    unit = q.unit_one if number == 1 and q.unit_one else q.unit
    return f"{number} {unit(language)}" if unit else str(number)


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace ``{name}`` placeholders (validated at load time) with their values."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def build_report(ruleset: Ruleset, result: Result, changes: Sequence[Change], *,
                 meta: AnswersFile | None = None, language: str | None = None, date: str = "",
                 strings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The report as plain data (the JSON report, and the Markdown template's input).

    Two parts: what a CEO reads first (the verdict, how clear its direction
    is, how strong the need, the reasons that weigh most, the first steps,
    what would change it), then the evidence, criterion by criterion.
    """
    lang = language or (meta.language if meta and meta.language else ruleset.default_language)
    s = strings if strings is not None else load_strings(lang)
    verdict = judge(ruleset, result.answers, result, tuple(changes))
    policy = ruleset.policy
    side_name = {side: ruleset.functions[side].name(lang) for side in SIDES}
    short = {side: ruleset.word(side, lang) for side in SIDES}
    qs = ruleset.question_by_id
    none = str(s["labels"]["none_ticked"])

    def phrase(q: Question, raw: Any, *, quote: bool = False) -> str:
        return answer_phrase(ruleset, q, raw, lang, quote=quote, none=none)

    kind = result.recommendation
    outcome = result.outcome
    title = _title(s, short, kind, result.first, result.phased, result.weak)
    second = ("revops" if result.first == "salesops" else "salesops") if kind == "both" else ""
    phase = None
    if result.phase_step is not None:
        phase = {"first": result.first, "then": second, "phased": result.phased,
                 "reason": result.phase_step.reason(lang), "cites": list(result.phase_step.cites)}
    scores_text = {"salesops": str(result.salesops), "revops": str(result.revops)}
    names_text = {"first": short.get(result.first or "", ""), "then": short.get(second, ""),
                  "lean": short.get(result.lean or "", "")}
    reasons = [{"id": d.id, "source": "decision", "cites": list(d.cites),
                "text": fill(d.reason(lang), scores_text)} for d in result.supporting if d.reason is not None]
    reasons += [{"id": n.id, "source": "note", "cites": list(n.cites),
                 "text": fill(n.text(lang), {**scores_text, **names_text})} for n in result.notes]

    # The evidence: one entry per criterion, each answer behind it quoted once.
    order = {cid: i for i, cid in enumerate(ruleset.criteria)}
    evidence: dict[str, dict[str, Any]] = {}
    for fired in result.fired:
        quotes = {qid: phrase(qs[qid], raw, quote=True) for qid, raw in fired.answers}
        primary = fired.cites[0]
        criterion = ruleset.criteria[primary]
        entry: dict[str, Any] = evidence.setdefault(primary, {
            "criterion": primary, "name": criterion.name(lang), "summary": criterion.summary(lang),
            "points": {"salesops": 0, "revops": 0}, "answers": [], "rules": []})
        entry["points"]["salesops"] += fired.salesops
        entry["points"]["revops"] += fired.revops
        for qid, raw in fired.answers:
            if all(a["question"] != qid for a in entry["answers"]):
                entry["answers"].append({"question": qid, "text": qs[qid].text(lang),
                                         "answer": phrase(qs[qid], raw)})
        entry["rules"].append({
            "id": fired.id, "cites": list(fired.cites),
            "points": {"salesops": fired.salesops, "revops": fired.revops},
            "rationale": fill(fired.rule.rationale(lang), quotes),
        })
    why = sorted(evidence.values(), key=lambda g: order[g["criterion"]])

    # What weighs most: the criteria that add most toward the verdict's side(s), in plain words.
    toward = ("salesops", "revops") if kind == "both" else (kind,)
    weighed = sorted((g for g in why if sum(g["points"][side] for side in toward) > 0),
                     key=lambda g: (-sum(g["points"][side] for side in toward), order[g["criterion"]]))
    top_reasons = []
    for group in weighed[:3]:
        best = max(group["rules"], key=lambda r: sum(r["points"][side] for side in toward))
        top_reasons.append({"criterion": group["criterion"], "name": group["name"],
                            "text": first_sentence(best["rationale"]),
                            "points": sum(group["points"][side] for side in toward)})

    recommended = ["salesops", "revops"] if kind == "both" else [kind]
    if kind == "both" and result.first == "revops":
        recommended.reverse()
    fired_criteria = result.criteria
    answers_seen = _engine_answers(ruleset, result)
    first_steps: list[dict[str, Any]] = []
    for side in recommended:
        fn = ruleset.functions[side]
        steps: list[dict[str, Any]] = [{"id": st.id, "text": st.text(lang), "cites": list(st.cites),
                  "triggered": bool(set(st.cites) & fired_criteria)}
                 for st in fn.first_steps if st.when is None or st.when.test(answers_seen, None) is True]
        steps.sort(key=lambda st: not st["triggered"])  # stable: triggered steps first, file order kept
        first_steps.append({"function": side, "name": fn.name(lang), "summary": fn.summary(lang), "steps": steps})
    top_steps = sorted(({"function": fn["function"], **step} for fn in first_steps for step in fn["steps"]),
                       key=lambda st: not st["triggered"])[:3]
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

    change_groups: dict[str, dict[str, Any]] = {}
    for ch in verdict.changes:
        q = qs[ch.question_id]
        group = change_groups.setdefault(ch.question_id, {
            "question": ch.question_id, "text": q.text(lang),
            "now": phrase(q, ch.current) if ch.current is not None else None,
            "turns_direction": False, "outcomes": []})
        new_title = _title(s, short, ch.recommendation, ch.first, ch.phased, ch.weak)
        if new_title == title:
            continue  # a different decision that reads the same: no change to a reader
        group["turns_direction"] = group["turns_direction"] or ch.turns_direction
        for item in group["outcomes"]:
            if item["title"] == new_title:
                break
        else:
            item = {"answers": [], "values": [], "title": new_title, "outcome": ch.outcome,
                    "lean": ch.recommendation if ch.weak else None, "first": ch.first, "phased": ch.phased,
                    "strength": ch.strength, "turns_direction": ch.turns_direction,
                    "effect": _effect(s, short, result, ch, new_title)}
            group["outcomes"].append(item)
        item["answers"].append(phrase(q, ch.alternative))
        item["values"].append(ch.alternative)
    what_would_change = sorted((g for g in change_groups.values() if g["outcomes"]),
                               key=lambda g: not g["turns_direction"])  # stable

    answers = []
    for topic in ruleset.topics:
        items = []
        for q in ruleset.questions:
            if q.topic != topic.id:
                continue
            status = "hidden" if q.id in result.hidden else ("answered" if q.id in result.answers else "unanswered")
            items.append({"question": q.id, "text": q.text(lang), "status": status,
                          "value": result.answers.get(q.id),
                          "answer": phrase(q, result.answers.get(q.id))})
        answers.append({"topic": topic.id, "title": topic.title(lang), "items": items})

    direction = policy.level(verdict.confidence)
    strength = policy.strength(result.strength)
    caveats = [{"id": c.id, "kind": "contradiction", "cites": list(c.cites), "text": c.text(lang)}
               for c in result.contradictions]
    caveats += [{"id": c.id, "kind": c.kind, "cites": list(c.cites),
                 "text": fill(c.text(lang), {"unanswered": str(len(result.unanswered))})} for c in result.caveats]
    return {
        "format": REPORT_FORMAT,
        "date": date,
        "language": lang,
        "company": meta.company if meta else "",
        "respondent": {"name": meta.respondent if meta else "", "role": meta.role if meta else ""},
        "ruleset": {"id": ruleset.id, "name": ruleset.name(lang), "version": ruleset.version, "hash": ruleset.hash},
        "recommendation": {
            "outcome": outcome, "lean": result.lean, "title": title,
            "lean_text": fill(s["lean"], {"lean": short[result.lean]}) if result.lean else "",
            "decision": result.decision.id, "cites": list(result.decision.cites),
            "summary": fill(result.decision.summary(lang), scores_text),
            "weak": result.weak, "phase": phase, "reasons": reasons,
            "division_of_labour": ({"text": ruleset.both_summary(lang), "cites": list(ruleset.both_cites)}
                                   if kind == "both" else None),
        },
        "direction": {"level": verdict.confidence, "label": direction.label(lang), "text": direction.text(lang),
                      "margin": result.margin, "flips": list(verdict.flips)},
        "strength": {"level": result.strength, "label": strength.label(lang), "text": strength.text(lang)},
        "scores": {side: {"name": side_name[side], "short": short[side], "score": getattr(result, side),
                          "max": getattr(result, f"{side}_max"), "threshold": result.thresholds[side],
                          "emerging_from": policy.emerging[side], "level": result.strengths[side],
                          "label": policy.strength(result.strengths[side]).label(lang)}
                   for side in SIDES},
        "top_reasons": top_reasons,
        "why": why,
        "criteria": sorted(result.criteria, key=lambda c: order[c]),
        "caveats": caveats,
        "first_steps": first_steps,
        "top_steps": top_steps,
        "metrics": metrics,
        "what_would_change": what_would_change,
        "answers": answers,
        "unanswered": [{"question": q, "text": qs[q].text(lang), "feeds": list(qs[q].feeds)}
                       for q in result.unanswered],
        "ignored": [{"question": q, "text": qs[q].text(lang)} for q in result.ignored],
    }


def verdict_title(s: Mapping[str, Any], ruleset: Ruleset, language: str, result: Result) -> str:
    """A result's verdict in a few words, as a report heads it (the workshop report's tables use it too)."""
    short = {side: ruleset.word(side, language) for side in SIDES}
    return _title(s, short, result.recommendation, result.first, result.phased, result.weak)


def _title(s: Mapping[str, Any], short: Mapping[str, str], kind: str, first: str | None, phased: bool,
           weak: bool) -> str:
    """The verdict in a few words: "Build a SalesOps team", "Not yet: ...", "Build both, ..."."""
    if weak:
        return fill(s["titles"]["not_yet"], {"lean": short[kind]})
    if kind == "both":
        then = "revops" if first == "salesops" else "salesops"
        return fill(s["titles"]["both_phased" if phased else "both"],
                    {"first": short[first or "salesops"], "then": short[then]})
    return fill(s["titles"][kind], short)


def _effect(s: Mapping[str, Any], short: Mapping[str, str], result: Result, ch: Change, title: str) -> str:
    """What a change does, in words: a new verdict, or only the order or the phasing of both."""
    if ch.recommendation == result.recommendation == "both" and ch.weak == result.weak:
        if ch.first != result.first:
            other = "revops" if ch.first == "salesops" else "salesops"
            return fill(s["effects"]["order"], {"first": short[ch.first or "salesops"], "other": short[other]})
        if ch.phased != result.phased:
            return s["effects"]["phased" if ch.phased else "together"]
    return title


def first_sentence(text: str) -> str:
    """The first sentence of a rationale: by convention, what the answers say."""
    match = re.search(r"(?<=[.!?])\s+(?=[A-Z\u00bf\u00a1\u00c0-\u00dd])", text)
    return text[:match.start()] if match else text


def _engine_answers(ruleset: Ruleset, result: Result) -> dict[str, Any]:
    """The counted answers in the form conditions read them (a scale option as its position)."""
    return {qid: normalizer(ruleset.question_by_id[qid])(raw) for qid, raw in result.answers.items()}


def render(report: Mapping[str, Any], fmt: str, *, strings: Mapping[str, Any] | None = None,
           folder: Path | None = None, screen: bool = False, template_name: str = TEMPLATE) -> str:
    """Render a report model as ``markdown``, ``html`` or ``json``; a broken template or strings file is an ExportError.

    ``screen`` is for the app's result screen, which shows the verdict, its
    direction and strength, and the scores in widgets of its own: the
    Markdown then leaves those out, so each appears once.
    """
    if fmt == "json":
        import json

        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt not in ("markdown", "html"):
        raise ExportError(t("errors.reports.unknown_format", found=f"`{fmt}`", formats=", ".join(FORMATS)))
    import jinja2  # only rendering needs it; keeps `advisor questions` and friends light

    folder = folder or reports_dir()
    doc: Document | None = None
    if strings is None:
        doc = read_strings(report["language"], folder)
        strings = texts(doc)
    env = _environment(folder)
    if fmt == "html":  # its own environment: autoescape on, our texts through markdown-it
        from .report_html import HTML_TEMPLATE, environment

        env = environment(folder)
        template_name = HTML_TEMPLATE if template_name == TEMPLATE else template_name
    try:
        template = env.get_template(template_name)
        text = template.render(r=report, s=_ours(strings), screen=screen)
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or str(folder / template_name)
        raise ExportError(f"{where}:{exc.lineno}: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise ExportError(t("errors.reports.no_template", path=folder / str(exc))) from None
    except Exception as exc:
        # A runtime error in the template (an undefined name, a filter that
        # raises): Jinja rewrites the traceback so that the template's lines
        # are frames of their own; the innermost one says where.
        line, where = _template_frame(exc, folder)
        if line is None:
            raise  # not from the template: a bug of ours, for the crash report
        if doc is not None:
            # Often a text the strings file lacks, or has as something else than text: say
            # which, and where in that file, rather than where the template tripped on it.
            problems = texts_used(doc, template_keys(env, folder))
            if problems:
                raise ExportError(t("errors.reports.invalid_texts", path=doc.path), problems) from None
        message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else \
            f"{type(exc).__name__}: {exc}"
        raise ExportError(f"{where}:{line}: {strip_controls(message)}") from None
    return re.sub(r"\n{3,}", "\n\n", text)


def _template_frame(exc: BaseException, folder: Path) -> tuple[int | None, str]:
    """The line and file of the innermost frame of ``exc`` that runs a template of ``folder``."""
    import os

    home = os.path.abspath(folder)
    line, where = None, ""
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") and os.path.dirname(os.path.abspath(filename)) == home:
            line, where = tb.tb_lineno, filename
        tb = tb.tb_next
    return line, where


class Composed(str):
    """Markdown printed as it is: our own texts, and what the template's filters compose.

    A plain ``str`` subclass rather than markupsafe's ``Markup``, which would
    HTML-escape whatever is added to it; here anything added to a Composed
    is a plain str again, and so escaped: forgetting the mark is safe.
    """

    __slots__ = ()


def _ours(texts: Any) -> Any:
    """The strings file's texts marked as Composed: the template's own words, not escaped."""
    if isinstance(texts, Mapping):
        return {key: _ours(value) for key, value in texts.items()}
    if isinstance(texts, str):
        return Composed(texts)
    return texts


def _markdown(value: Any) -> str:
    """A value as it goes into the Markdown: escaped, unless composed on purpose or a number."""
    if isinstance(value, Composed):
        return value
    if isinstance(value, str):
        return md_escape(value)
    if isinstance(value, (int, float)):  # nothing in a number can be Markdown
        return str(value)
    if isinstance(value, (Mapping, list, tuple)):  # a Python repr in a report is a mistake, not a text
        raise TypeError(f"a {'mapping' if isinstance(value, Mapping) else 'list'} cannot be shown as text")
    return md_escape(str(value))  # None, a date; str() of an undefined name raises, as it should


def _fill_filter(text: Any, **values: Any) -> Composed:
    """``text`` (ours, or escaped) with its ``{name}`` placeholders filled with escaped values."""
    return Composed(fill(_markdown(text), {key: _markdown(value) for key, value in values.items()}))


def _emphasis(value: Any, mark: str) -> Composed:
    text = _markdown(value)
    return Composed(f"{mark}{text}{mark}" if text else "")


def _code(value: Any) -> Composed:
    """A value inside a fenced block, where escapes would show: kept to one line, controls removed."""
    return Composed(strip_controls(str(value)).replace("\n", " ").replace("\t", " "))


def _plural(context: Any, forms: Any, n: int, **values: Any) -> Composed:
    """The form of ``forms`` for the number ``n`` in the report's language, ``{n}`` and ``values`` filled in."""
    report = context.get("r")
    language = report.get("language") if isinstance(report, Mapping) else None
    return _fill_filter(plural_form(forms, n, language or "en"), n=n, **values)


def _either(items: Sequence[Any], word: Any) -> Composed:
    """``items`` joined with ``word`` ("or"), each escaped unless composed: "*a* or *b* or *c*"."""
    return Composed(f" {_markdown(word)} ".join(_markdown(item) for item in items))


def real_need(groups: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The "what would change" groups narrowed to the outcomes that make a need clear (not "not yet")."""
    found = []
    for group in groups:
        outcomes = [o for o in group["outcomes"] if o["outcome"] != "not_yet"]
        if outcomes:
            found.append({**group, "outcomes": outcomes})
    return found


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
                                 lstrip_blocks=True, bytecode_cache=_bytecode_cache(),
                                 finalize=_markdown)  # every {{ }}: no value can forget its escaping
        env.filters["fill"] = _fill_filter
        env.filters["em"] = lambda value: _emphasis(value, "*")
        env.filters["strong"] = lambda value: _emphasis(value, "**")
        env.filters["code"] = _code
        env.filters["plural"] = jinja2.pass_context(_plural)
        env.filters["either"] = _either
        env.filters["real_need"] = real_need
        env.filters["long_date"] = long_date
        _ENVIRONMENTS[folder] = env
    return env


def _bytecode_cache() -> Any:
    """Compiled templates on disk, used only by the same template source, advisor code and Jinja2.

    Compiling the report template is ~40 ms, a quarter of an `advisor
    evaluate` run (without this cache the run is ~1.6x `import yaml, jinja2`,
    with it 1.2-1.3x; benchmarks/README.md). Jinja2 checks an entry against the
    template's source only, but what a template compiles to also depends on
    our environment's options (``finalize`` escapes every value: an entry
    compiled without it would print user text raw) and on Jinja2's version,
    so both go into the checksum. A mismatch recompiles and replaces the
    entry in place, so old entries do not pile up.
    """
    import contextlib
    import hashlib
    import os

    import jinja2

    from .resources import code_fingerprint, shipped_cache

    folder = cache_dir("templates")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        salt = f"{code_fingerprint()}\0{jinja2.__version__}\0".encode()
    except OSError:
        return None  # a read-only home (or an unreadable install) only costs speed

    shipped = shipped_cache("templates")
    ours = str(reports_dir())

    class CodeKeyedCache(jinja2.FileSystemBytecodeCache):
        def get_source_checksum(self, source: str) -> str:
            return hashlib.sha256(salt + source.encode("utf-8")).hexdigest()

        def get_cache_key(self, name: str, filename: str | None = None) -> str:
            # The default templates by name alone: where they are installed differs from where the
            # wheel's prebuilt cache compiled them. Others by path too (two folders, two entries).
            inside = filename is not None and os.path.dirname(filename) == ours
            return str(super().get_cache_key(name, None if inside else filename))

        def load_bytecode(self, bucket: Any) -> None:
            super().load_bytecode(bucket)
            if bucket.code is None and shipped is not None:  # the wheel's prebuilt entry (advisor/prebuild.py)
                with contextlib.suppress(OSError), open(shipped / (self.pattern % bucket.key), "rb") as stream:
                    bucket.load_bytecode(stream)

    return CodeKeyedCache(str(folder))
