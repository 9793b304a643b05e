"""One side of a diff: what an answers file or a JSON report says, as plain, language-neutral data.

``read_input`` reads a file a user names and tells the two kinds apart by
their content: a JSON report (``format: advisor-report/2``, what ``advisor
evaluate --format json`` writes) or an answers file (``answers:``). Either
becomes a ``Snapshot``: every question with its status and value, the rules
that fired with their points, the criteria met, both scores and the
verdict, its direction and strength. Ids and values, not words: the diff
puts them into words in one language, whichever language each file was
written in.

An answers file is checked against the ruleset as ``advisor evaluate``
checks it, every problem located, except one thing: an answer to a question
the ruleset does not have is kept aside (``unknown``) instead of refused,
so a file made for another version of the ruleset is compared question by
question. It is then evaluated. A report is read as it is (``report_input``):
its scores, verdict and fired rules are what it says, never evaluated again.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from ..answers import parse_answers
from ..checks import describe, quote
from ..engine import evaluate, judge, what_would_change
from ..errors import AdvisorError, Diagnostic, did_you_mean
from ..model import SIDES, Ruleset
from ..record import Record, default_factory
from ..report import REPORT_FORMAT
from ..texts import t
from ..yamlread import Document, read_yaml_file


class DiffInputError(AdvisorError):
    """A file given to ``advisor diff`` is neither an answers file nor a report it can read (exit code 3)."""


class Answer(Record):
    """One question as a side holds it."""

    status: str        # answered | unanswered | hidden (not asked, given the other answers)
    value: Any = None  # the raw answer, when answered
    text: str = ""     # the question as a report words it (for a question the ruleset in use lacks)
    phrase: str = ""   # the answer as a report words it


class Fired(Record):
    """A rule that fired on one side."""

    id: str
    cites: tuple[str, ...]
    points: Mapping[str, int]  # per side
    reads: tuple[str, ...]     # the questions behind it
    text: str = ""             # its rationale as a report words it


class Score(Record):
    """One side's score against its marks."""

    score: int
    max: int
    threshold: int
    emerging_from: int
    level: str         # clear | emerging | not_yet
    label: str = ""    # as a report words it


class Snapshot(Record):
    """What one file says: the answers, the rules they fired, the scores and the verdict."""

    kind: str                              # answers | report
    file: str
    company: str
    respondent: str
    role: str
    date: str
    language: str                          # the file's own (an answers file's `language`, a report's)
    ruleset: Mapping[str, str]             # id, name, version, hash
    answers: Mapping[str, Answer]          # every question of its ruleset, and an answers file's unknown ones
    unknown: frozenset[str]                # an answers file's question ids the ruleset in use lacks
    fired: Mapping[str, Fired]             # by rule id, in ruleset order
    criteria: tuple[str, ...]              # met (cited by a fired rule)
    scores: Mapping[str, Score]
    outcome: str                           # salesops | revops | both | not_yet
    recommend: str                         # the direction: salesops | revops | both (a weak verdict's lean)
    first: str | None                      # for both: which comes first
    phased: bool
    weak: bool
    decision: str
    cites: tuple[str, ...]                 # the decision's
    confidence: str                        # the direction's: high | medium | low
    margin: int | None
    flips: tuple[str, ...]
    strength: str                          # of the need: clear | emerging | not_yet
    words: Mapping[str, str] = default_factory(dict)  # a report's own words (title, levels, criterion names)
    warnings: tuple[str, ...] = ()


def read_input(path: str | os.PathLike[str], ruleset: Ruleset) -> Snapshot:
    """Read an answers file or a JSON report; a DiffInputError (or the answers' own errors) when it is neither."""
    doc = read_yaml_file(path)
    data = doc.data
    fmt = data.get("format") if isinstance(data, dict) else None
    if isinstance(data, dict) and fmt == REPORT_FORMAT:
        from .report_input import from_report

        return from_report(doc)
    if isinstance(fmt, str) and fmt.startswith("advisor-") and not fmt.startswith("advisor-answers/"):
        hint = t("cli.diff.input.old_report") if fmt.startswith("advisor-report/") else \
            t("cli.diff.input.workshop_report") if fmt.startswith("advisor-workshop-report/") else ""
        raise _refused(doc, ("format",), t("cli.diff.input.other_format", found=quote(fmt)), hint)
    if isinstance(data, dict) and ("answers" in data or isinstance(fmt, str)):  # a wrong `format` is located there
        return from_answers(doc, ruleset)
    found = describe(data) if not isinstance(data, dict) else t("cli.diff.input.other_mapping")
    raise _refused(doc, (), t("cli.diff.input.neither", found=found))


def _refused(doc: Document, keys: tuple[Any, ...], message: str, hint: str = "") -> DiffInputError:
    return DiffInputError(t("cli.diff.input.problem", path=doc.path), [doc.diagnostic(keys, message, hint)])


def from_answers(doc: Document, ruleset: Ruleset) -> Snapshot:
    """An answers file, checked and evaluated; answers to questions the ruleset lacks are kept aside."""
    data = doc.data
    assert isinstance(data, dict)
    raw = data.get("answers")
    unknown: dict[str, Any] = {}
    warnings: list[str] = []
    if isinstance(raw, dict):
        unknown = {qid: value for qid, value in raw.items()
                   if isinstance(qid, str) and qid not in ruleset.question_by_id}
        for qid in unknown:  # a near miss is more likely a typo than a question of another version
            hint = did_you_mean(qid, ruleset.question_by_id)
            if hint:
                warnings.append(str(doc.diagnostic(("answers", qid), t("cli.diff.input.unknown_question",
                                                                       question=quote(qid)), hint, at_key=True)))
        if unknown:
            values, keys = doc.positions()
            kept = {qid: value for qid, value in raw.items() if qid not in unknown}
            doc = Document(doc.path, {**data, "answers": kept}, values, keys)
    meta = parse_answers(doc, ruleset)
    result = evaluate(ruleset, meta.answers)
    verdict = judge(ruleset, result.answers, result, what_would_change(ruleset, meta.answers, result))
    answers: dict[str, Answer] = {}
    for q in ruleset.questions:
        if q.id in result.answers:
            answers[q.id] = Answer("answered", result.answers[q.id])
        else:
            answers[q.id] = Answer("hidden" if q.id in result.hidden else "unanswered")
    for qid, value in unknown.items():
        answers[qid] = Answer("unanswered" if value is None else "answered", value)
    order = {cid: i for i, cid in enumerate(ruleset.criteria)}
    policy = ruleset.policy
    return Snapshot(
        kind="answers", file=doc.path, company=meta.company, respondent=meta.respondent, role=meta.role,
        date=meta.date, language=meta.language,
        ruleset={"id": ruleset.id, "name": "", "version": ruleset.version, "hash": ruleset.hash},
        answers=answers, unknown=frozenset(unknown),
        fired={fr.id: Fired(fr.id, fr.cites, {"salesops": fr.salesops, "revops": fr.revops}, fr.rule.reads)
               for fr in result.fired},
        criteria=tuple(sorted(result.criteria, key=lambda cid: order[cid])),
        scores={side: Score(getattr(result, side), getattr(result, f"{side}_max"), result.thresholds[side],
                            policy.emerging[side], result.strengths[side]) for side in SIDES},
        outcome=result.outcome, recommend=result.recommendation,
        first=result.first if result.recommendation == "both" else None, phased=result.phased, weak=result.weak,
        decision=result.decision.id, cites=result.decision.cites, confidence=verdict.confidence,
        margin=result.margin, flips=verdict.flips, strength=result.strength, words={},
        warnings=(*meta.warnings, *warnings))


def located(doc: Document, problems: list[Diagnostic]) -> DiffInputError:
    """The error for a report that is not one the diff can read, every problem located."""
    return DiffInputError(t("cli.diff.input.bad_report", path=doc.path), sorted(problems))
