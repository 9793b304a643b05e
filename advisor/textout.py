"""Plain-text views of a ruleset: the questionnaire, and a commented answers file.

``advisor questions`` prints the questionnaire for reading in a terminal;
``advisor template`` writes an answers file a person can fill in with any
editor: every question, its options and why it is asked, as YAML comments.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from .answers import FORMAT
from .model import Question, Ruleset


def describe_condition(source: Any, ruleset: Ruleset, language: str) -> str:
    """A condition in words, e.g. `sales_reps` > 0 and ..."""
    if not isinstance(source, dict):
        return str(source)
    if "all" in source or "any" in source:
        key = "all" if "all" in source else "any"
        joiner = " and " if key == "all" else " or "
        return joiner.join(describe_condition(p, ruleset, language) for p in source[key])
    if "not" in source:
        return f"not ({describe_condition(source['not'], ruleset, language)})"
    if "at_least" in source:
        parts = "; ".join(describe_condition(p, ruleset, language) for p in source["of"])
        return f"at least {source['at_least']} of: {parts}"
    qid = source.get("question")
    symbols = {"eq": "is", "ne": "is not", "in": "is one of", "not_in": "is none of", "lt": "<", "lte": "<=",
               "gt": ">", "gte": ">=", "between": "is between", "contains": "includes",
               "contains_any": "includes any of", "answered": "answered:"}
    for op, word in symbols.items():
        if op in source:
            value = source[op]
            shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value).lower() \
                if isinstance(value, bool) else str(value)
            return f"`{qid}` {word} {shown}"
    return json.dumps(source)


def _options(q: Question, ruleset: Ruleset, language: str) -> list[tuple[str, str]]:
    if q.type in ("choice", "scale", "multi"):
        return [(o.value, o.label(language)) for o in q.options]
    if q.type == "yesno":
        yes = q.yes_label(language) if q.yes_label else ruleset.word("yes", language)
        no = q.no_label(language) if q.no_label else ruleset.word("no", language)
        return [("true", yes), ("false", no)]
    return []


def _kind(q: Question) -> str:
    if q.type == "number":
        unit = f" {q.unit()}" if q.unit else ""
        bounds = f"{_n(q.minimum)} to {_n(q.maximum)}"
        return f"a {'whole ' if q.integer else ''}number, {bounds}{unit}"
    return {"choice": "one option", "scale": "one option (low to high)", "yesno": "true or false",
            "multi": "a list of options"}[q.type]


def _n(x: float | None) -> str:
    return "?" if x is None else (str(int(x)) if float(x).is_integer() else str(x))


def questions_text(ruleset: Ruleset, language: str | None = None, width: int = 78) -> str:
    lang = language or ruleset.default_language
    out = [ruleset.name(lang), "=" * len(ruleset.name(lang)), ""]
    out += [*textwrap.wrap(ruleset.description(lang), width), ""]
    n = 0
    for topic in ruleset.topics:
        qs = [q for q in ruleset.questions if q.topic == topic.id]
        if not qs:
            continue
        out += [topic.title(lang), "-" * len(topic.title(lang))]
        for q in qs:
            n += 1
            out += textwrap.wrap(f"{n}. {q.text(lang)}  [{q.id}]", width, subsequent_indent="   ")
            for value, label in _options(q, ruleset, lang):
                out.append(f"     - {label}  ({value})")
            if q.type == "number":
                out.append(f"     ({_kind(q)})")
            if q.show_if is not None:
                out += textwrap.wrap(f"Asked only when {describe_condition(q.show_if.source, ruleset, lang)}.",
                                     width, initial_indent="   ", subsequent_indent="   ")
            out += textwrap.wrap(f"Why we ask: {q.help(lang)}", width, initial_indent="   ",
                                 subsequent_indent="   ")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def answers_template(ruleset: Ruleset, language: str | None = None, date: str = "") -> str:
    """A commented YAML answers file with every answer left empty."""
    lang = language or ruleset.default_language
    wrap = textwrap.TextWrapper(width=76, initial_indent="  # ", subsequent_indent="  #   ")
    lines = [
        f"# Answers for \"{ruleset.name(lang)}\" ({ruleset.id} {ruleset.version}).",
        "# Fill in a value after each question id; leave it empty to skip the question.",
        "# Then run: advisor evaluate THIS_FILE",
        f"format: {FORMAT}",
        "ruleset:",
        f"  id: {ruleset.id}",
        f"  version: {json.dumps(ruleset.version)}",
        f"  hash: {json.dumps(ruleset.hash)}",
        "company: \"\"",
        "respondent:",
        "  name: \"\"",
        "  role: \"\"",
        f"date: \"{date}\"" if date else "# date: YYYY-MM-DD",
        f"language: {lang}",
        "answers:",
    ]
    current_topic = ""
    for q in ruleset.questions:
        if q.topic != current_topic:
            current_topic = q.topic
            title = next(t.title(lang) for t in ruleset.topics if t.id == q.topic)
            lines += ["", f"  # == {title} " + "=" * max(0, 60 - len(title))]
        lines.append("")
        lines += wrap.wrap(q.text(lang))
        lines += wrap.wrap(f"Why we ask: {q.help(lang)}")
        if q.show_if is not None:
            lines += wrap.wrap(f"Asked only when {describe_condition(q.show_if.source, ruleset, lang)}.")
        lines += wrap.wrap(f"Answer with {_kind(q)}" + (":" if q.type != "number" else "."))
        for value, label in _options(q, ruleset, lang):
            lines.append(f"  #   {value:<24} {label}")
        lines.append(f"  {q.id}:")
    return "\n".join(lines) + "\n"
