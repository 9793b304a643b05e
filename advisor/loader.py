"""Loads a ruleset folder, validates every part of it, and builds a ``Ruleset``.

Everything is checked at load time and every problem is reported at once as
``file:line:col: message``: unknown keys, wrong types, duplicate ids, unknown
question ids or option values in conditions, criteria ids the ruleset does
not define, questions shown on later answers, rules that can never fire.
After a successful load, evaluation cannot meet a malformed ruleset.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from . import analysis, policyload
from .checks import VALUE, Checker, quote
from .compiled import Compiled, compiled
from .conditions import ConditionCompiler
from .errors import AdvisorError, Diagnostic, ExitCode, FileAccessError, RulesetError
from .inputs import read_input_bytes
from .language import number
from .model import QUESTION_TYPES, SIDES, Criterion, Option, Question, Rule, Ruleset, Side, Text, Topic
from .parsecache import cached_analysis, read_cached
from .record import replace
from .resources import cache_dir
from .shapes import CRITERION_ID, ORDERED_TYPES, QUESTION_KEYS_BY_TYPE, SHAPES, TYPED_QUESTION_KEYS, VOCABULARY
from .texts import current_language, t
from .yamlread import Document

# The largest ruleset file read, in MiB (ADVISOR_MAX_RULESET_MIB changes it, docs/rules.md): room for a
# consultant's ruleset many times the default one (whose largest file is 43 KiB), while a file of
# gigabytes is still refused before it is read whole.
MAX_RULESET_MIB = 8
MAX_RULESET_MIB_SETTING = (1, 1024)  # what ADVISOR_MAX_RULESET_MIB may be set to
FILES = ("ruleset.yaml", "criteria.yaml", "questions.yaml", "rules.yaml", "policy.yaml",
         "functions.yaml", "cases.yaml")


def _says(key: str, **values: object) -> str:
    """The loader's message ``key`` (in ``errors.rules.loader``), in the current language."""
    return t(f"errors.rules.loader.{key}", None, **values)  # None: the current language


def _number(value: float) -> str:
    return number(value, current_language())


def _type_name(qtype: str) -> str:
    """A question type as messages name it ("scale"; "de escala (scale)"), shared with the conditions' messages."""
    return t(f"errors.rules.conditions.question_types.{qtype}")


def load_ruleset(folder: str | os.PathLike[str], *, with_cases: bool = True, cache: bool = True) -> Ruleset:
    """Load and validate the ruleset in ``folder``; raise RulesetError listing every problem.

    ``with_cases=False`` skips parsing the example cases (they still count in
    the content hash): evaluating answers does not need them. ``cache``
    reuses parsed YAML from the user's cache folder (see parsecache), and,
    for a load without the cases (one that evaluates rather than checks),
    the analysis of the same ruleset by the same code: `rules check` and
    `rules test` always analyse afresh.
    """
    root = Path(folder)
    if not root.is_dir():
        raise FileAccessError(_says("not_a_folder", path=folder))
    limit = ruleset_file_limit()
    diagnostics: list[Diagnostic] = []
    raws: dict[str, bytes] = {}
    digest = hashlib.sha256()
    for name in FILES:
        path = root / name
        display = str(path)
        if not path.exists():
            diagnostics.append(Diagnostic(display, 0, 0, _says("missing_file", files=", ".join(FILES))))
            continue
        try:
            # One read of a regular file serves both the hash and the parse (a
            # pipe or a device in the folder is refused, never read).
            raws[name] = read_input_bytes(path, display=display, max_bytes=limit << 20,
                                          hint=lambda: _says("file_limit_hint", limit=limit))
            digest.update(name.encode() + b"\0" + raws[name] + b"\0")
        except AdvisorError as exc:
            diagnostics.extend(exc.diagnostics or [Diagnostic(display, 0, 0, exc.message)])
    content_hash = "sha256:" + digest.hexdigest()[:16]
    kept = _kept.get((str(root.resolve()), with_cases))
    if kept is not None and not diagnostics and kept.hash == content_hash:
        return kept  # loaded before this process forked, from the same bytes
    parsed = cache_dir("rulesets") if cache else None
    docs: dict[str, Document] = {}
    for name, raw in raws.items():
        if name != "cases.yaml" or with_cases:
            try:
                docs[name] = read_cached(raw, str(root / name), parsed)
            except AdvisorError as exc:
                diagnostics.extend(exc.diagnostics or [Diagnostic(str(root / name), 0, 0, exc.message)])
    if len(docs) < len(FILES) - (0 if with_cases else 1):
        raise RulesetError(_says("unreadable", path=folder), diagnostics)
    builder = _Builder(docs, diagnostics, str(root))
    builder.analysis_cache = parsed if not with_cases else None
    builder.code_cache = parsed
    ruleset = builder.build(content_hash)
    if diagnostics or ruleset is None:
        count = len(diagnostics)
        message = (_says("problem", path=folder) if count == 1
                   else _says("problems", path=folder, count=_number(count)))
        raise RulesetError(message, sorted(set(diagnostics)))
    return ruleset


class LimitSettingError(AdvisorError):
    """ADVISOR_MAX_RULESET_MIB holds something other than a number of MiB it accepts (a usage error)."""

    exit_code = ExitCode.USAGE


def ruleset_file_limit(environ: Mapping[str, str] | None = None) -> int:
    """The largest ruleset file read, in MiB: ``ADVISOR_MAX_RULESET_MIB``, else MAX_RULESET_MIB."""
    text = (os.environ if environ is None else environ).get("ADVISOR_MAX_RULESET_MIB", "").strip()
    if not text:
        return MAX_RULESET_MIB
    low, high = MAX_RULESET_MIB_SETTING
    if not text.isdigit() or not low <= int(text) <= high:
        raise LimitSettingError(_says("bad_file_limit", low=_number(low), high=_number(high), found=quote(text)))
    return int(text)


# Rulesets kept by keep_loaded(), by folder and with_cases: empty except in a process that forks.
_kept: dict[tuple[str, bool], Ruleset] = {}


def keep_loaded(folder: str | os.PathLike[str], *, with_cases: bool = False) -> None:
    """Load a ruleset and keep it: later loads of the same folder return it while its bytes are unchanged.

    For `advisor serve`'s spawner, whose forked sessions then skip parsing
    and validating it, and compiling its functions (compiled.py), done here
    once. Every load still reads the files and compares their hash, so an
    edited ruleset is loaded afresh.
    """
    ruleset = load_ruleset(folder, with_cases=with_cases)
    compiled(ruleset)
    _kept[(str(Path(folder).resolve()), with_cases)] = ruleset


class _Builder:
    """One load: the documents, the diagnostics so far, and what has been built."""

    def __init__(self, docs: dict[str, Document], diagnostics: list[Diagnostic], path: str) -> None:
        self.docs = docs
        self.diagnostics = diagnostics
        self.path = path
        self.languages: tuple[str, ...] = ("en",)
        # Ids declared in the files but invalid: references to them stay quiet.
        self.broken: set[str] = set()
        # Numbers each number question is compared with, anywhere (show_if, rules,
        # policy): the values worth trying for analysis and "what would change".
        self.constants: dict[str, set[float]] = {}
        self.default_language = "en"
        self.analysis_cache: Path | None = None  # where an earlier analysis may be kept (parsecache)
        self.code_cache: Path | None = None  # where the ruleset's compiled functions may be kept (compiled.py)

    def checker(self, name: str) -> Checker:
        return Checker(self.docs[name], self.diagnostics, self.languages, self.default_language)

    def build(self, content_hash: str) -> Ruleset | None:
        head = self._ruleset()
        criteria = self._criteria()
        topics, questions = self._questions(criteria)
        by_id = {q.id: q for q in questions}
        compiler = ConditionCompiler(by_id, criteria=frozenset(criteria))
        compiler.broken = self.broken
        compiler.constants = self.constants
        rules = self._rules(compiler, by_id, criteria)
        policy = policyload.load_policy(self.checker("policy.yaml"), by_id, rules, criteria, compiler)
        functions = policyload.load_functions(self.checker("functions.yaml"), criteria, compiler)
        if head is None or policy is None or functions is None:
            return None
        metrics, funcs, both_summary, both_cites = functions
        ruleset = Ruleset(
            id=head["id"], name=head["name"], version=head["version"], description=head["description"],
            languages=self.languages, default_language=self.default_language, vocabulary=head["vocabulary"],
            criteria=criteria, topics=topics, questions=questions, rules=rules, policy=policy,
            metrics=metrics, functions=funcs, both_summary=both_summary, both_cites=both_cites,
            cases=(), hash=content_hash, path=self.path, max_scores={},
            probes=analysis.probe_values(questions, compiler.constants),
            question_by_id=by_id, rule_by_id={r.id: r for r in rules})
        cases = (policyload.load_cases(self.checker("cases.yaml"), ruleset, criteria, self.broken)
                 if "cases.yaml" in self.docs else ())
        rules_doc = self.docs["rules.yaml"]
        places = self._conditional_places(ruleset)

        def analyse() -> tuple[dict[str, int], set[str], list[int]]:
            maxima, unreachable = analysis.analyse(ruleset)
            # Contradictions and steps no answers can make hold (an answer paired with a
            # question that answer hides, say, would never be named).
            never = [i for i, place in enumerate(places) if not analysis.can_hold(ruleset, place[3])]
            return maxima, unreachable, never

        max_scores, unreachable, never = cached_analysis(self.analysis_cache, content_hash, analyse)
        for index, rule in enumerate(rules):
            if rule.id in unreachable:
                self.diagnostics.append(rules_doc.diagnostic(
                    ("rules", index, "when"), _says("rule_never_fires", id=f"`{rule.id}`")))
        for i in never:
            name, path, (kind, ident), _ = places[i]
            self.diagnostics.append(self.docs[name].diagnostic(path, _says(f"{kind}_never_applies", id=f"`{ident}`")))
        return replace(ruleset, cases=cases, max_scores=max_scores,
                       plan=Compiled(self.code_cache))

    @staticmethod
    def _conditional_places(ruleset: Ruleset) -> list[tuple[str, tuple[Any, ...], tuple[str, str], Any]]:
        """Contradictions and conditional first steps: (file, path, (kind, id), condition)."""
        places: list[tuple[str, tuple[Any, ...], tuple[str, str], Any]] = [
            ("policy.yaml", ("contradictions", i, "answers"), ("contradiction", c.id), c.when)
            for i, c in enumerate(ruleset.policy.contradictions)]
        for side, function in ruleset.functions.items():
            places += [("functions.yaml", ("functions", side, "first_steps", i, "when"), ("first_step", step.id),
                        step.when) for i, step in enumerate(function.first_steps) if step.when is not None]
        return places

    # -- ruleset.yaml ------------------------------------------------------------------------

    def _ruleset(self) -> dict[str, Any] | None:
        doc = self.docs["ruleset.yaml"]
        ck = self.checker("ruleset.yaml")
        data = ck.mapping((), doc.data, required=SHAPES["ruleset"].required, optional=SHAPES["ruleset"].optional,
                          what=("yaml_file", {"file": "ruleset.yaml"}))
        if data is None:
            return None
        langs = tuple(x for i, x in enumerate(ck.seq(("languages",), data.get("languages"),
                                                     what="language_codes", allow_empty=False))
                      if ck.ident(("languages", i), x, what="language_code"))
        if langs:
            self.languages = langs
        default = ck.choice(("default_language",), data.get("default_language"), self.languages,
                            what="listed_language")
        if default:
            self.default_language = default
        ck = self.checker("ruleset.yaml")  # texts are checked against the languages just read
        out: dict[str, Any] = {
            "id": ck.ident(("id",), data.get("id"), what="ruleset_id"),
            "name": ck.text(("name",), data.get("name")),
            "version": ck.string(("version",), data.get("version"), what="version"),
            "description": (ck.text(("description",), data["description"]) if "description" in data
                            else Text({lang: "" for lang in self.languages}, self.default_language)),
        }
        vocabulary: dict[str, Text] = {}
        vocab = ck.mapping(("vocabulary",), data.get("vocabulary"), required=VOCABULARY, what="vocabulary_key")
        for key in VOCABULARY:
            if vocab is not None and key in vocab:
                text = ck.text(("vocabulary", key), vocab[key])
                if text is not None:
                    vocabulary[key] = text
        out["vocabulary"] = vocabulary
        if any(v is None for v in out.values()) or len(vocabulary) != len(VOCABULARY):
            return None
        return out

    # -- criteria.yaml -------------------------------------------------------------------------

    def _criteria(self) -> dict[str, Criterion]:
        doc = self.docs["criteria.yaml"]
        ck = self.checker("criteria.yaml")
        data = ck.mapping((), doc.data, required=SHAPES["criteria"].required,
                          what=("yaml_file", {"file": "criteria.yaml"}))
        out: dict[str, Criterion] = {}
        ids = []
        for i, item in enumerate(ck.seq(("criteria",), (data or {}).get("criteria"), allow_empty=False)):
            path = ("criteria", i)
            entry = ck.mapping(path, item, required=SHAPES["criterion"].required, what="criterion")
            if entry is None:
                continue
            cid = entry.get("id")
            if not isinstance(cid, str) or not CRITERION_ID.match(cid):
                ck.error((*path, "id"), _says("criterion_id", found=quote(cid)))
                continue
            ids.append(((*path, "id"), cid))
            name = ck.text((*path, "name"), entry.get("name"))
            summary = ck.text((*path, "summary"), entry.get("summary"))
            if name and summary and cid not in out:
                out[cid] = Criterion(cid, name, summary)
        ck.unique_ids(ids, "criterion")
        return out

    # -- questions.yaml --------------------------------------------------------------------------

    def _questions(self, criteria: dict[str, Criterion]) -> tuple[tuple[Topic, ...], tuple[Question, ...]]:
        doc = self.docs["questions.yaml"]
        ck = self.checker("questions.yaml")
        data = ck.mapping((), doc.data, required=SHAPES["questions"].required,
                          what=("yaml_file", {"file": "questions.yaml"})) or {}
        topics: list[Topic] = []
        topic_ids = []
        for i, item in enumerate(ck.seq(("topics",), data.get("topics"), allow_empty=False)):
            entry = ck.mapping(("topics", i), item, required=SHAPES["topic"].required, what="topic")
            if entry is None:
                continue
            tid = ck.ident(("topics", i, "id"), entry.get("id"), what="topic_id")
            title = ck.text(("topics", i, "title"), entry.get("title"))
            topic_ids.append((("topics", i, "id"), tid))
            if tid and title:
                topics.append(Topic(tid, title))
        ck.unique_ids(topic_ids, "topic")
        known_topics = [t.id for t in topics]
        raw = ck.seq(("questions",), data.get("questions"), allow_empty=False)
        questions: list[Question] = []
        places: list[int] = []  # each question's index in the file
        ids = []
        for i, item in enumerate(raw):
            q = self._question(ck, ("questions", i), item, len(questions), known_topics, criteria)
            declared = item.get("id") if isinstance(item, dict) else None
            ids.append((("questions", i, "id"), q.id if q else declared))
            if q is not None:
                questions.append(q)
                places.append(i)
            elif isinstance(declared, str):
                self.broken.add(declared)
        ck.unique_ids(ids, "question")
        # show_if is compiled once every question is known, so that a reference
        # to a later question gets its own message rather than "unknown".
        by_id = {q.id: q for q in questions}
        compiler = ConditionCompiler(by_id)
        compiler.broken = self.broken
        compiler.constants = self.constants
        for n, (q, i) in enumerate(zip(list(questions), places, strict=True)):
            if "show_if" in raw[i]:
                cond = compiler.compile(ck, ("questions", i, "show_if"), raw[i]["show_if"], before=q.index)
                if cond is not None:
                    questions[n] = replace(q, show_if=cond)
        return tuple(topics), tuple(questions)

    def _question(self, ck: Checker, path: tuple[Any, ...], item: Any, index: int, topics: list[str],
                  criteria: dict[str, Criterion]) -> Question | None:
        entry = ck.mapping(path, item, required=SHAPES["question"].required, optional=SHAPES["question"].optional,
                           what="question")
        if entry is None:
            return None
        before = len(self.diagnostics)
        qid = ck.ident((*path, "id"), entry.get("id"), what="question_id")
        topic = ck.choice((*path, "topic"), entry.get("topic"), topics, what="topic_id")
        qtype = ck.choice((*path, "type"), entry.get("type"), QUESTION_TYPES, what="question_type")
        text = ck.text((*path, "text"), entry.get("text"))
        help_ = ck.text((*path, "help"), entry.get("help"))
        feeds = ck.refs((*path, "feeds"), entry.get("feeds"), criteria, what="criterion")
        if qtype is None:
            return None
        fields: dict[str, Any] = {}
        for key in TYPED_QUESTION_KEYS:
            if key in entry and key not in QUESTION_KEYS_BY_TYPE[qtype]:
                ck.error((*path, key), _says("not_for_type", field=f"`{key}`", kind=_type_name(qtype)), at_key=True)
        if qtype in ("choice", "scale", "multi"):
            fields["options"] = self._options(ck, (*path, "options"), entry.get("options"))
        elif qtype == "number":
            lo = ck.number((*path, "min"), entry.get("min"), what="lower_bound")
            hi = ck.number((*path, "max"), entry.get("max"), what="upper_bound")
            if lo is not None and hi is not None and lo >= hi:
                ck.error((*path, "max"), _says("max_not_above_min", maximum=_number(hi), minimum=_number(lo)))
            fields.update(minimum=lo, maximum=hi,
                          integer=bool(ck.boolean((*path, "integer"), entry.get("integer", False))))
            for key in ("unit", "unit_one"):
                if key in entry:
                    fields[key] = ck.text((*path, key), entry[key])
        elif qtype == "yesno" and "labels" in entry:
            labels = ck.mapping((*path, "labels"), entry["labels"], required=SHAPES["labels"].required,
                                what="labels_key") or {}
            fields["yes_label"] = ck.text((*path, "labels", "yes"), labels.get("yes", "-"))
            fields["no_label"] = ck.text((*path, "labels", "no"), labels.get("no", "-"))
        if qtype == "multi":
            n_options = len(fields["options"])
            lo_c = ck.integer((*path, "min_choices"), entry.get("min_choices", 0), minimum=0)
            hi_c = entry.get("max_choices")
            if hi_c is not None:
                hi_c = ck.integer((*path, "max_choices"), hi_c, minimum=1)
            if lo_c is not None and lo_c > n_options:
                ck.error((*path, "min_choices"), _says("min_choices_over", found=_number(lo_c),
                                                      count=_number(n_options)))
            fields.update(min_choices=lo_c or 0, max_choices=hi_c)
        signal = entry.get("signal")
        if signal is not None:
            signal = ck.choice((*path, "signal"), signal, SIDES, what="signal")
            if qtype not in ORDERED_TYPES:
                ck.error((*path, "signal"), _says("signal_unordered", kind=_type_name(qtype)),
                         _says("signal_unordered_hint"))
        if len(self.diagnostics) > before or None in (qid, topic, text, help_):
            return None
        assert qid is not None and topic is not None and text is not None and help_ is not None
        return Question(id=qid, index=index, topic=topic, type=qtype, text=text, help=help_, feeds=feeds,
                        signal=cast("Side | None", signal), **fields)  # checked against SIDES above

    def _options(self, ck: Checker, path: tuple[Any, ...], raw: Any) -> tuple[Option, ...]:
        options: list[Option] = []
        items = ck.seq(path, raw, what="options")
        if len(items) < 2:
            ck.error(path, _says("few_options", minimum=_number(2), found=_number(len(items))))
        ids = []
        for i, item in enumerate(items):
            entry = ck.mapping((*path, i), item, required=SHAPES["option"].required, optional=SHAPES["option"].optional,
                               what="option")
            if entry is None:
                continue
            value = entry.get("value")
            if isinstance(value, bool):
                ck.error((*path, i, "value"), _says("boolean_value", value=quote(value)),
                         _says("quote_value", value="yes" if value else "no"))
                continue
            value = ck.ident((*path, i, "value"), value, what="option_value", pattern=VALUE)
            label = ck.text((*path, i, "label"), entry.get("label"))
            said = ck.text((*path, i, "quote"), entry["quote"]) if "quote" in entry else None
            ids.append(((*path, i, "value"), value))
            if value and label:
                options.append(Option(value, label, said))
        ck.unique_ids(ids, "option_value")
        return tuple(options)

    # -- rules.yaml --------------------------------------------------------------------------------

    def _rules(self, compiler: ConditionCompiler, questions: dict[str, Question],
               criteria: dict[str, Criterion]) -> tuple[Rule, ...]:
        doc = self.docs["rules.yaml"]
        ck = self.checker("rules.yaml")
        data = ck.mapping((), doc.data, required=SHAPES["rules"].required,
                          what=("yaml_file", {"file": "rules.yaml"})) or {}
        rules: list[Rule] = []
        ids = []
        for i, item in enumerate(ck.seq(("rules",), data.get("rules"), allow_empty=False)):
            path = ("rules", i)
            entry = ck.mapping(path, item, required=SHAPES["rule"].required, what="rule")
            if entry is None:
                continue
            before = len(self.diagnostics)
            rid = ck.ident((*path, "id"), entry.get("id"), what="rule_id")
            ids.append(((*path, "id"), rid))
            cites = ck.refs((*path, "cites"), entry.get("cites"), criteria, what="criterion")
            when = compiler.compile(ck, (*path, "when"), entry.get("when"))
            points = ck.mapping((*path, "points"), entry.get("points"), optional=SHAPES["points"].optional,
                                what="points_key") or {}
            s = ck.integer((*path, "points", "salesops"), points.get("salesops", 0), minimum=0)
            r = ck.integer((*path, "points", "revops"), points.get("revops", 0), minimum=0)
            if s == 0 and r == 0:
                ck.error((*path, "points"), _says("no_points"))
            rationale = ck.text((*path, "rationale"), entry.get("rationale"))
            if rationale is not None and when is not None:
                ck.placeholders((*path, "rationale"), rationale, when.reads, "rationale")
            if len(self.diagnostics) > before or rid is None or when is None or rationale is None:
                if isinstance(entry.get("id"), str):
                    self.broken.add(entry["id"])
                continue
            reads = tuple(sorted(when.reads, key=lambda qid: questions[qid].index))  # questionnaire order
            rules.append(Rule(rid, cites, when, s or 0, r or 0, rationale, reads))
        ck.unique_ids(ids, "rule")
        return tuple(rules)


__all__ = ["load_ruleset"]
