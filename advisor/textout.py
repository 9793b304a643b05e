"""Plain-text views of a ruleset: the questionnaire, and a commented answers file.

``advisor questions`` prints the questionnaire for reading in a terminal;
``advisor template`` writes an answers file a person can fill in with any
editor: every question, its options and why it is asked, as YAML comments.
Their own words (``cli.text`` in advisor/strings/<lang>.yaml) follow the
language of the output; in the template only comments change with it, never
a key or a value.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from .answers import FORMAT
from .language import exact
from .model import Question, Ruleset
from .schemas import modeline
from .texts import t

_SYMBOLS = {"lt": "<", "lte": "<=", "gt": ">", "gte": ">="}
# Operators said in words (cli.text.conditions.<op>); the order is the one they are looked for in.
_WORDS = ("eq", "ne", "in", "not_in", "lt", "lte", "gt", "gte", "between", "contains", "contains_any", "answered")


def describe_condition(source: Any, ruleset: Ruleset, language: str) -> str:
    """A condition in words, in ``language``, e.g. `sales_reps` > 0 and ..."""
    if not isinstance(source, dict):
        return str(source)
    if "all" in source or "any" in source:
        key = "all" if "all" in source else "any"
        joiner = f" {_word('and' if key == 'all' else 'or', language)} "
        return joiner.join(describe_condition(p, ruleset, language) for p in source[key])
    if "not" in source:
        return t("cli.text.conditions.not", language,
                 condition=describe_condition(source["not"], ruleset, language))
    if "at_least" in source:
        parts = "; ".join(describe_condition(p, ruleset, language) for p in source["of"])
        return t("cli.text.conditions.at_least", language, count=source["at_least"], parts=parts)
    qid = source.get("question")
    for op in _WORDS:
        if op in source:
            word = _SYMBOLS.get(op) or _word(op, language)
            value = source[op]
            shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value).lower() \
                if isinstance(value, bool) else str(value)
            return f"`{qid}` {word} {shown}"
    return json.dumps(source)


def _word(name: str, language: str) -> str:
    return t(f"cli.text.conditions.{name}", language)


def _options(q: Question, ruleset: Ruleset, language: str) -> list[tuple[str, str]]:
    if q.type in ("choice", "scale", "multi"):
        return [(o.value, o.label(language)) for o in q.options]
    if q.type == "yesno":
        yes = q.yes_label(language) if q.yes_label else ruleset.word("yes", language)
        no = q.no_label(language) if q.no_label else ruleset.word("no", language)
        return [("true", yes), ("false", no)]
    return []


def _kind(q: Question, language: str) -> str:
    """What an answer to ``q`` is, in words: "one option", "a whole number, 0 to 500 reps"."""
    if q.type == "number":
        unit = f" {q.unit(language)}" if q.unit else ""
        return t("cli.text.whole_number" if q.integer else "cli.text.number", language,
                 minimum=_n(q.minimum, language), maximum=_n(q.maximum, language), unit=unit)
    return t(f"cli.text.{q.type}", language)


def _n(x: float | None, language: str) -> str:
    return "?" if x is None else exact(x, language)


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
                out.append(f"     ({_kind(q, lang)})")
            if q.show_if is not None:
                out += textwrap.wrap(_asked_when(q.show_if.source, ruleset, lang), width, initial_indent="   ",
                                     subsequent_indent="   ")
            out += textwrap.wrap(t("cli.text.why", lang, text=q.help(lang)), width, initial_indent="   ",
                                 subsequent_indent="   ")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _asked_when(condition: Any, ruleset: Ruleset, language: str) -> str:
    return t("cli.text.asked_when", language, condition=describe_condition(condition, ruleset, language))


def answers_template(ruleset: Ruleset, language: str | None = None, date: str = "", schema: str = "") -> str:
    """A commented YAML answers file with every answer left empty; ``schema``: the answers schema's location,
    for a first line that points the YAML language server at it (``schemas.modeline``)."""
    lang = language or ruleset.default_language
    wrap = textwrap.TextWrapper(width=76, initial_indent="  # ", subsequent_indent="  #   ")
    lines = [
        *([modeline(schema).rstrip("\n")] if schema else []),
        "# " + t("cli.text.header_title", lang, name=ruleset.name(lang), id=ruleset.id, version=ruleset.version),
        "# " + t("cli.text.header_fill", lang),
        "# " + t("cli.text.header_run", lang),
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
        lines += wrap.wrap(t("cli.text.why", lang, text=q.help(lang)))
        if q.show_if is not None:
            lines += wrap.wrap(_asked_when(q.show_if.source, ruleset, lang))
        lines += wrap.wrap(t("cli.text.answer_with_number" if q.type == "number" else "cli.text.answer_with", lang,
                             kind=_kind(q, lang)))
        for value, label in _options(q, ruleset, lang):
            lines.append(f"  #   {value:<24} {label}")
        lines.append(f"  {q.id}:")
    return "\n".join(lines) + "\n"
