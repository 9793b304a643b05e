"""The pooling rule: many participants' answers to one question become one answer.

The rule is the ruleset's (``policy.yaml``, ``pooling``), and the same for
every client:

- answers left blank, and answers to a question the participant was not
  asked, do not vote;
- scale options and numbers take the median (``lower_median``: with an even
  number of votes, the lower of the two middle answers, so the pooled answer
  is always one somebody gave; ``upper_median`` the higher one);
- unordered options and yes/no take the most common answer; a tie is named,
  and (``ties: unanswered``) leaves the question open, or
  (``ties: first_listed``) takes the tied option listed first;
- a multiple-choice option is pooled when at least ``multi_share`` of the
  people who answered the question ticked it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from ..model import Pooling, Question, Ruleset
from ..record import Record


class PooledAnswer(Record):
    """One question's pooled answer, and how it came about."""

    question_id: str
    value: Any                 # raw answer, as an answers file has it; None when nobody settled it
    votes: int                 # how many participants answered the question
    tie: tuple[Any, ...] = ()  # the answers tied for most common (unordered questions)


def answer_key(value: Any) -> Any:
    """A hashable form of a raw answer (a multiple choice is a list), to count and compare answers."""
    return frozenset(value) if isinstance(value, list) else value


def _order(q: Question) -> dict[Any, int]:
    if q.type == "yesno":
        return {True: 0, False: 1}
    return {o.value: i for i, o in enumerate(q.options)}


def pool_question(q: Question, votes: Sequence[Any], rule: Pooling) -> PooledAnswer:
    """Pool one question's answers (``votes``: the raw answers given; blanks already left out)."""
    n = len(votes)
    if n == 0:
        return PooledAnswer(q.id, None, 0)
    if q.type in ("scale", "number"):
        order = _order(q)
        ranked = sorted(votes, key=(lambda v: order[v]) if q.type == "scale" else float)
        middle = (n - 1) // 2 if rule.ordered == "lower_median" else n // 2
        return PooledAnswer(q.id, ranked[middle], n)
    if q.type == "multi":
        ticks: Counter[str] = Counter(option for vote in votes for option in vote)
        chosen = [o.value for o in q.options if ticks[o.value] >= rule.multi_share * n]
        if q.max_choices is not None and len(chosen) > q.max_choices:
            keep = set(sorted(chosen, key=lambda v: -ticks[v])[: q.max_choices])  # stable: option order on ties
            chosen = [v for v in chosen if v in keep]
        if len(chosen) < q.min_choices:
            return PooledAnswer(q.id, None, n)
        return PooledAnswer(q.id, chosen, n)
    counts = Counter(votes)
    top = max(counts.values())
    order = _order(q)
    tied = sorted((v for v, c in counts.items() if c == top), key=lambda v: order.get(v, len(order)))
    if len(tied) == 1:
        return PooledAnswer(q.id, tied[0], n)
    return PooledAnswer(q.id, tied[0] if rule.ties == "first_listed" else None, n, tuple(tied))


def pool_answers(ruleset: Ruleset, answer_sets: Sequence[Mapping[str, Any]]) -> dict[str, PooledAnswer]:
    """Every question's pooled answer, from each participant's counted answers (visible, not blank)."""
    rule = ruleset.policy.pooling
    pooled: dict[str, PooledAnswer] = {}
    for q in ruleset.questions:
        votes = [answers[q.id] for answers in answer_sets if answers.get(q.id) is not None]
        pooled[q.id] = pool_question(q, votes, rule)
    return pooled


def pooled_values(pooled: Mapping[str, PooledAnswer]) -> dict[str, Any]:
    """The pooled answers as an answers mapping (questions nobody settled left out)."""
    return {qid: p.value for qid, p in pooled.items() if p.value is not None}
