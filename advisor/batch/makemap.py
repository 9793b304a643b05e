"""``advisor batch --make-map``: a first map, guessed from an export, every doubtful guess marked.

One pass over the file (streamed; at most ``MAX_DISTINCT`` different values
kept per column) gathers each column's values. Then:

- the columns for the row id, the company and the respondent are found by
  their titles ("Timestamp", "Company name", "Your name", in English or
  Spanish; ``_META_TITLES``);
- each question gets the column whose title is most like the question's text
  (in every language of the ruleset) or is its id, helped by how well the
  column's values fit the question's options; one column per question,
  best pairs first;
- each label seen in a question's column gets the option most like it (its
  label in any language, the part before its colon, its value), yes/no
  words become true/false, and a number question's non-numbers get the first
  number they hold.

A guess below ``SURE``, or too close to the runner-up, is written with an
``unsure:`` entry giving the reason, and ``# unsure`` beside the label;
``advisor batch`` refuses the map until each is checked and deleted (see
``mapfile``). Questions no column fits and columns no question uses are
listed in comments at the end (``mapwriter`` writes the YAML).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..model import Question, Ruleset
from ..plaintext import one_line
from ..texts import t
from .mapfile import DEFAULT_SEPARATOR, META
from .mapwriter import render
from .rows import BadRow, CsvRows, JsonlRows
from .similar import Match, best, normal, similarity

SURE = 0.8          # a guess at least this alike (and clear of the runner-up) is not marked
CLEAR_BY = 0.08     # how far ahead of the runner-up a sure guess must be
MAYBE = 0.45        # a column less like any question than this is left out
_PIECE_COST = 0.6   # see _pieces
_JOINED = 0.9       # how alike pieces joined back must be to an option
_WEIGHED = 5        # see match_columns
FIT_WEIGHT = 0.6    # how much a column's values fitting a question's options count, against its title
MAX_DISTINCT = 200  # values kept per column: more, and it is free text, not a choice
MAX_COLUMNS = 1000  # JSON Lines: keys tracked (a file's objects could each bring new ones)
SEPARATORS = (", ", ";", "|", "\n")
_YES = frozenset({"yes", "y", "si", "true", "1", "x", "yep", "sure", "of course", "claro", "por supuesto"})
_NO = frozenset({"no", "n", "false", "0", "nope", "not really", "todavia no"})
_ZERO = frozenset({"none", "nobody", "zero", "no one", "ninguno", "ninguna", "nadie", "cero"})
_META_TITLES = {  # compared once lowercased, without accents or punctuation
    "row_id": ("timestamp", "marca temporal", "submitted at", "submission date", "submission time",
               "fecha de envio", "response id", "submission id", "id de respuesta", "id"),
    "company": ("company name", "company", "your company", "name of your company", "name of the company",
                "organization", "organisation", "organization name", "organisation name", "empresa",
                "nombre de la empresa", "nombre de tu empresa", "tu empresa", "compania", "organizacion"),
    "respondent": ("your name", "name", "full name", "your full name", "first and last name", "respondent",
                   "respondent name", "nombre", "tu nombre", "nombre completo", "nombre y apellidos",
                   "email address", "email", "e mail", "correo", "correo electronico",
                   "direccion de correo electronico"),
}


def _says(key: str, **values: Any) -> str:
    return t(f"cli.batch.makemap.{key}", **values)


class Column:
    """What one column holds: its title, its values (up to ``MAX_DISTINCT``), how many cells are numbers."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.values: Counter[str] = Counter()
        self.overflow = False
        self.filled = 0
        self.numeric = 0

    def add(self, value: Any) -> None:
        items = value if isinstance(value, list) else [value]
        for item in items:
            if item is None or isinstance(item, (dict, list)):
                continue
            text = (("true" if item else "false") if isinstance(item, bool) else str(item)).strip()
            if not text:
                continue
            self.filled += 1
            if re.fullmatch(r"[-+]?[0-9]+(?:\.[0-9]+)?", text):
                self.numeric += 1
            elif text in self.values or len(self.values) < MAX_DISTINCT:
                self.values[text] += 1
            else:
                self.overflow = True


def survey(rows: CsvRows | JsonlRows) -> tuple[list[Column], int]:
    """Every column and what it holds, from one pass over the rows; and how many rows could not be read."""
    columns = [Column(name) for name in rows.header] if rows.header is not None else []
    by_key: dict[str, Column] = {}
    skipped = 0
    for item in rows:
        if isinstance(item, BadRow):
            skipped += 1
        elif isinstance(item.cells, dict):
            for key, value in item.cells.items():
                column = by_key.get(key)
                if column is None and len(by_key) < MAX_COLUMNS:
                    column = by_key[key] = Column(key)
                    columns.append(column)
                if column is not None:
                    column.add(value)
        else:
            for column, value in zip(columns, item.cells, strict=False):
                column.add(value)
    return columns, skipped


class Guess:
    """One question's guessed entry: its column, each label's meaning, and the doubts."""

    def __init__(self, question: Question, column: Column, score: float) -> None:
        self.question = question
        self.column = column
        self.score = score
        self.sure_column = score >= SURE
        self.values: dict[str, Any] = {}
        self.unsure_labels: set[str] = set()
        self.unsure: list[str] = []
        self.separator = DEFAULT_SEPARATOR


def _percent(score: float) -> str:
    return _says("percent", percent=round(score * 100))


def _option_texts(q: Question) -> dict[str, tuple[str, ...]]:
    texts: dict[str, tuple[str, ...]] = {}
    for option in q.options:
        found = [*option.label.by_language.values(), option.value.replace("_", " ")]
        if option.quote is not None:
            found += option.quote.by_language.values()
        texts[option.value] = tuple(found)
    return texts


def _question_texts(q: Question) -> tuple[str, ...]:
    return tuple(q.text.by_language.values())  # an id ("rep_future") is matched exactly, never by likeness


def _meta(columns: list[Column]) -> dict[str, Column]:
    """The row id, company and respondent columns: those titled as one of ``_META_TITLES`` says, the first
    title listed first (a name before an email address)."""
    found: dict[str, Column] = {}
    for key in META:
        free = [column for column in columns if all(column is not other for other in found.values())]
        titled = (column for title in _META_TITLES[key] for column in free if normal(column.name) == title)
        column = next(titled, None)
        if column is not None:
            found[key] = column
    return found


def _yes_no(label: str) -> bool | None:
    text = normal(label)
    first = text.split(" ", 1)[0] if text else ""
    if text in _YES or first in _YES:
        return True
    if text in _NO or first in _NO:
        return False
    return None


def _fit(q: Question, column: Column) -> float | None:
    """How well a column's values fit a question's answers (0 to 1), or None when it has no values."""
    total = column.filled
    if not total:
        return None
    if q.type == "number":
        return column.numeric / total
    if q.type == "yesno":
        return sum(n for label, n in column.values.items() if _yes_no(label) is not None) / total
    labels = column.values.most_common(20)
    if q.type == "multi":  # whole cells "A, B": their pieces are what fit the options
        pieces: Counter[str] = Counter()
        for label, n in labels:
            for piece in label.split(DEFAULT_SEPARATOR):
                pieces[piece.strip()] += n
        labels = pieces.most_common(20)
    weight = sum(n for _, n in labels) + column.numeric
    return sum(_best_option(q, label)[1] * n for label, n in labels) / weight if weight else None


_BEST: dict[tuple[str, str], Match] = {}


def _best_option(q: Question, label: str) -> Match:
    """``best(label, the options of q)``, remembered: each label is weighed against many questions and twice."""
    key = (q.id, label)
    if key not in _BEST:
        if len(_BEST) > 100_000:
            _BEST.clear()
        _BEST[key] = best(label, _option_texts(q))
    return _BEST[key]


def match_columns(ruleset: Ruleset, columns: list[Column]) -> list[Guess]:
    """One column per question, best pairs first (see the module docstring)."""
    headers: dict[tuple[int, int], float] = {}
    for q in ruleset.questions:
        texts = _question_texts(q)
        for c, column in enumerate(columns):
            header = max(similarity(column.name, text) for text in texts)
            headers[q.index, c] = 1.0 if normal(column.name) == normal(q.id) else header
    # Weighing a column's values against a question's options is the slow part: only for the columns
    # whose titles are among the most like the question's, and the questions most like the column's title.
    weigh: set[tuple[int, int]] = set()
    for q in ruleset.questions:
        weigh.update(sorted(((q.index, c) for c in range(len(columns))), key=headers.__getitem__)[-_WEIGHED:])
    for c in range(len(columns)):
        weigh.update(sorted(((q.index, c) for q in ruleset.questions), key=headers.__getitem__)[-_WEIGHED:])
    pairs = []
    for q in ruleset.questions:
        for c, column in enumerate(columns):
            header = headers[q.index, c]
            fit = _fit(q, column) if (q.index, c) in weigh else None
            # Values that fit a question's own options say more than yes/no words or numbers, which fit many.
            weight = FIT_WEIGHT if q.type in ("choice", "scale", "multi") else FIT_WEIGHT / 2
            score = header if fit is None else max(header, (1 - weight) * header + weight * fit)
            if score >= MAYBE:
                pairs.append((score, q.index, column.name, q, column))
    guesses: list[Guess] = []
    taken_q: set[str] = set()
    taken_c: set[int] = set()
    for score, _, _, q, column in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if q.id in taken_q or id(column) in taken_c:
            continue
        taken_q.add(q.id)
        taken_c.add(id(column))
        guess = Guess(q, column, score)
        if not guess.sure_column:
            guess.unsure.append(_says("unsure_column", percent=_percent(score), column=_quoted(column.name)))
        guesses.append(guess)
    return sorted(guesses, key=lambda g: g.question.index)


def _quoted(text: str, limit: int = 60) -> str:
    flat = one_line(text)
    return "“" + (flat if len(flat) <= limit else flat[: limit - 1] + "…") + "”"


def guess_values(guess: Guess) -> None:
    """Fill ``guess.values`` with a meaning for each label seen in its column."""
    q, column = guess.question, guess.column
    if column.overflow and q.type != "number":
        guess.unsure.append(_says("unsure_free_text", count=MAX_DISTINCT))
    if q.type == "number":
        for label in sorted(column.values):
            _number_label(guess, label)
        return
    if q.type == "yesno":
        for label in sorted(column.values, key=lambda label: (_yes_no(label) is not True, label)):
            meaning = _yes_no(label)
            if meaning is None:
                texts = {"yes": tuple(q.yes_label.by_language.values()) if q.yes_label else ("yes",),
                         "no": tuple(q.no_label.by_language.values()) if q.no_label else ("no",)}
                key, score, _, _ = best(label, texts)
                meaning = key == "yes"
                _doubt(guess, label, _says("unsure_yes_no", label=_quoted(label, 40), value=str(meaning).lower(),
                                           percent=_percent(score)))
            guess.values[label] = meaning
        return
    options = _option_texts(q)
    labels = sorted(column.values)
    if q.type == "multi":
        guess.separator = _pick_separator(labels, options)
        labels = sorted({piece for label in labels for piece in _pieces(label, guess.separator, options)})
    order = {option.value: i for i, option in enumerate(q.options)}
    for label in sorted(labels, key=lambda label: (order.get(_best_option(q, label)[0], 0), label)):
        value, score, other, other_score = _best_option(q, label)
        guess.values[label] = value
        option = q.option(value)
        said = {"label": _quoted(label, 40), "value": value, "percent": _percent(score),
                "option": _quoted(option.label(), 40) if option is not None else ""}
        if score < SURE:
            _doubt(guess, label, _says("unsure_label", **said))
        elif score - other_score < CLEAR_BY:
            _doubt(guess, label, _says("unsure_close", other=other, other_percent=_percent(other_score), **said))


def _doubt(guess: Guess, label: str, reason: str) -> None:
    guess.unsure_labels.add(label)
    guess.unsure.append(reason)


def _number_label(guess: Guess, label: str) -> None:
    q = guess.question
    found = re.search(r"[0-9]+(?:\.[0-9]+)?", label)
    value: float | int | None = None
    if normal(label) in _ZERO:
        value = 0
    elif found:
        value = float(found.group())
        value = int(value) if value.is_integer() else value
    if value is not None and ((q.minimum is not None and value < q.minimum)
                              or (q.maximum is not None and value > q.maximum)):
        value = None
    guess.values[label] = value
    _doubt(guess, label, _says("unsure_number", label=_quoted(label, 40),
                               value="null" if value is None else str(value)))


def _pieces(cell: str, separator: str, options: dict[str, tuple[str, ...]]) -> list[str]:
    """A multiple choice's cell split at ``separator`` into the labels most like options.

    Pieces are joined back where a label holds the separator ("Selling more
    (upsell, cross-sell)"): of every way to cut the cell, the one whose pieces
    are most like options, each piece counting its likeness less ``_PIECE_COST``
    (so "A, B" is two labels when each is an option, and one when only the
    whole is, at least ``_JOINED`` alike).
    """
    parts = [part.strip() for part in cell.split(separator) if part.strip()]
    n = len(parts)
    best_from: list[tuple[float, int]] = [(0.0, n)] * (n + 1)  # from part i: (total, where the piece ends)
    for i in range(n - 1, -1, -1):
        choices = []
        for j in range(i + 1, min(n, i + 4) + 1):
            score = best(separator.join(parts[i:j]), options)[1]
            if j == i + 1 or score >= _JOINED:  # a label that holds the separator is one written out in full
                choices.append((best_from[j][0] + score - _PIECE_COST, j))
        best_from[i] = max(choices)
    out: list[str] = []
    i = 0
    while i < n:
        j = best_from[i][1]
        out.append(separator.join(parts[i:j]))
        i = j
    return out


def _pick_separator(labels: list[str], options: dict[str, tuple[str, ...]]) -> str:
    """The separator under which the most pieces of the cells are known labels (Google Forms': ", ")."""
    best_separator, best_share = DEFAULT_SEPARATOR, -1.0
    for separator in SEPARATORS:
        pieces = [piece for label in labels for piece in _pieces(label, separator, options)]
        if not pieces:
            continue
        share = sum(best(piece, options)[1] >= SURE for piece in pieces) / len(pieces)
        if share > best_share + 1e-9:
            best_separator, best_share = separator, share
    return best_separator


def make_map(ruleset: Ruleset, columns: list[Column], source: str, language: str,
             schema: str = "") -> tuple[str, list[Guess]]:
    """The map's YAML text, and the guesses it holds (``schema``: see ``mapwriter.render``)."""
    meta = _meta(columns)
    free = [column for column in columns if column not in meta.values()]
    seen: Counter[str] = Counter(column.name for column in columns)
    twice = {name for name, count in seen.items() if count > 1}
    guesses = match_columns(ruleset, [column for column in free if column.name not in twice])
    for guess in guesses:
        guess_values(guess)
    return render(ruleset, meta, guesses, columns, twice, source, language, schema), guesses
