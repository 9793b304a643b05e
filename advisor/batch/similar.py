"""How alike two short texts are, for ``--make-map``: a column title and a question, a label and an option.

A form's author rewords and shortens: "Growing" for "Growing: sales are
repeatable and customers keep coming", "20-35%" for "20% to 35%", "¿Cuántos
vendedores?" for a Spanish question. ``similarity`` is 1.0 for the same words
(ignoring case, accents and punctuation) and falls as they part; it takes the
best of the characters in common, the words in common (without the small
words of English and Spanish), and a text that is the start of the other up
to its colon. Numbers decide between ranges: the same numbers make a close
match, different ones halve the score (when both
have numbers, one of them in digits), so "10-19%" never passes for "20% to 35%".
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache
from typing import NamedTuple

_SMALL_WORDS = frozenset((  # English and Spanish words too common to tell texts apart
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "by", "and", "or", "is", "are", "do", "does", "did",
    "be", "your", "you", "our", "we", "it", "its", "this", "that", "these", "those", "how", "what", "which", "who",
    "whom", "when", "where", "with", "from", "as", "than", "there", "any", "some", "de", "del", "la", "las", "el",
    "los", "un", "una", "unos", "unas", "y", "o", "u", "e", "en", "al", "por", "para", "con", "tu", "tus", "su",
    "sus", "que", "como", "cual", "cuales", "es", "son", "se", "lo", "le", "les", "mi", "mis", "nuestro",
    "nuestra",
))


@lru_cache(maxsize=4096)
def normal(text: str) -> str:
    """``text`` in lowercase, without accents, punctuation or extra spaces (``%`` kept: it tells shares apart)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"(?<=\d)[,.](?=\d{3}\b)", "", plain)  # 1,000 and 1.000 are a thousand
    return " ".join(re.sub(r"[^\w%]+", " ", plain).replace("_", " ").split())


@lru_cache(maxsize=4096)
def words(text: str) -> frozenset[str]:
    return frozenset(word for word in normal(text).split() if word not in _SMALL_WORDS)


_NUMBER_WORDS = {word: str(n) for n, group in enumerate((
    ("zero", "cero"), ("one", "uno", "una"), ("two", "dos"), ("three", "tres"), ("four", "cuatro"),
    ("five", "cinco"), ("six", "seis"), ("seven", "siete"), ("eight", "ocho"), ("nine", "nueve"),
    ("ten", "diez"), ("eleven", "once"), ("twelve", "doce"))) for word in group}


@lru_cache(maxsize=4096)
def numbers(text: str) -> tuple[str, ...]:
    """The numbers in ``text``, written in digits or as words up to twelve ("one to three" is 1 and 3)."""
    found = [_NUMBER_WORDS.get(word, word) for word in normal(text).split()]
    return tuple(sorted(n for word in found for n in re.findall(r"\d+", word)))


def similarity(a: str, b: str) -> float:
    """How alike ``a`` and ``b`` are, from 0 to 1 (see the module docstring)."""
    na, nb = normal(a), normal(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    wa, wb = words(a), words(b)
    score = 2 * len(wa & wb) / (len(wa) + len(wb)) if wa and wb else 0.0
    matcher = SequenceMatcher(None, na, nb, autojunk=False)
    if matcher.quick_ratio() > score:  # an upper bound of ratio(), which costs ten times more
        score = max(score, matcher.ratio())
    for short, full in ((a, b), (b, a)):
        head = full.split(":", 1)[0]
        if head != full and normal(head) == normal(short):
            score = max(score, 0.9)  # "Growing" for "Growing: sales are repeatable..."
    ta, tb = numbers(a), numbers(b)
    # Both with numbers, one at least in digits: "one" alone is as often a pronoun ("cada uno") as a number.
    if ta and tb and (re.search(r"\d", na) or re.search(r"\d", nb)):
        score = max(score, 0.85) if ta == tb else score * 0.5
    return score


class Match(NamedTuple):
    """The candidate most like a text, and the runner-up."""

    key: str
    score: float
    runner_up: str = ""
    runner_up_score: float = 0.0


def best(text: str, candidates: dict[str, tuple[str, ...]]) -> Match:
    """The candidate most like ``text``, each candidate given by its texts (ties: the first listed)."""
    scored = sorted(((max((similarity(text, other) for other in texts), default=0.0), -i, key)
                     for i, (key, texts) in enumerate(candidates.items())), reverse=True)
    if not scored:
        return Match("", 0.0)
    if len(scored) == 1:
        return Match(scored[0][2], scored[0][0])
    return Match(scored[0][2], scored[0][0], scored[1][2], scored[1][0])
