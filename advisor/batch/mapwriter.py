"""The map ``--make-map`` guessed, written as YAML a consultant reads and checks.

Comments say what the file is and what to check, in the command line's
language; each question's entry starts with its text as a comment; every
doubtful guess is marked ``# unsure`` on its line and explained in the
entry's ``unsure:`` list. Titles and labels from the export are written as
double-quoted YAML (JSON's quoting), their invisible characters escaped, so
no cell can add a key, end a comment early or reach a terminal that shows
the file. ``makemap`` makes the guesses.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from ..model import Ruleset
from ..plaintext import one_line
from ..schemas import modeline
from ..texts import t
from .mapfile import DEFAULT_SEPARATOR, FORMAT, META

if TYPE_CHECKING:
    from .makemap import Column, Guess


def _says(key: str, **values: Any) -> str:
    return t(f"cli.batch.makemap.{key}", **values)


def _yaml(value: Any) -> str:
    """A scalar as YAML writes it: JSON's quoting (valid YAML) for text, plain ids, true/false/null, numbers."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if re.fullmatch(r"[a-z][a-z0-9_]*", value) and value not in ("true", "false", "null", "yes", "no", "on", "off"):
        return value
    return _quote(value)


def _quote(text: str) -> str:
    """``text`` double-quoted, readable (accents as they are) but with every invisible character escaped."""
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in quoted)


def render(ruleset: Ruleset, meta: dict[str, Column], guesses: list[Guess], columns: list[Column], twice: set[str],
           source: str, language: str, schema: str = "") -> str:
    """The map: its header comments, the row id, company and respondent columns (``meta``), each guess with
    its doubts, then the questions no column matched and the columns left unread (``twice``: titles that
    appear twice). ``schema``: the map schema's location, for a first line that points the YAML language
    server at it."""
    lines = [modeline(schema).rstrip("\n")] if schema else []
    lines += [f"# {one_line(_says(key, source=source))}" for key in ("header_made", "header_check", "header_refuse")]
    lines += [f"format: {FORMAT}", f"ruleset: {{id: {_yaml(ruleset.id)}, version: {json.dumps(ruleset.version)}}}"]
    for key in META:
        if key in meta:
            lines.append(f"{key}: {_yaml(meta[key].name)}")
    separators = Counter(g.separator for g in guesses if g.question.type == "multi")
    top = separators.most_common(1)[0][0] if separators else DEFAULT_SEPARATOR
    lines += [f"separator: {_yaml(top)}", "questions:"]
    for guess in guesses:
        q = guess.question
        mark = "" if guess.sure_column else "  # unsure"
        lines += [f"  {q.id}:", f"    # {one_line(q.text(language))}", f"    column: {_yaml(guess.column.name)}{mark}"]
        if q.type == "multi" and guess.separator != top:
            lines.append(f"    separator: {_yaml(guess.separator)}")
        if guess.values or q.type != "number":
            lines.append("    values:" if guess.values else "    values: {}  # " + one_line(_says("no_values")))
        for label, value in guess.values.items():
            mark = "  # unsure" if label in guess.unsure_labels else ""
            lines.append(f"      {_quote(label)}: {_yaml(value)}{mark}")
        if guess.unsure:
            lines.append("    unsure:")
            lines += [f"      - {_quote(one_line(reason))}" for reason in guess.unsure]
    if not guesses:
        lines[-1] = "questions: {}"
    matched = {g.question.id for g in guesses}
    missing = [q for q in ruleset.questions if q.id not in matched]
    if missing:
        lines += ["", f"# {one_line(_says('not_matched'))}"]
        lines += [f"#   {q.id}: {one_line(q.text(language))}" for q in missing]
    used = {id(g.column) for g in guesses} | {id(c) for c in meta.values()}
    unused = [c for c in columns if id(c) not in used]
    if unused:
        lines += ["", f"# {one_line(_says('not_used'))}"]
        lines += [f"#   {_quote(one_line(c.name))}"
                  + (f"  ({one_line(_says('twice'))})" if c.name in twice else "") for c in unused]
    return "\n".join(lines) + "\n"
