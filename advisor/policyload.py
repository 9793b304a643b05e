"""Loads the parts of a ruleset that sit on top of the rules.

``policy.yaml`` (how scores become a recommendation), ``functions.yaml``
(first steps and metrics for each function) and ``cases.yaml`` (the
ruleset's own example cases). Called by ``advisor.loader``; like it, every
problem is recorded with its position and loading goes on.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .answers import check_answers
from .checks import Checker, Path
from .codegen import deferred_test
from .conditions import ConditionCompiler
from .language import exact, number
from .model import (
    LEVELS,
    OUTCOMES,
    POOLING_ORDERED,
    POOLING_TIES,
    RECOMMENDATIONS,
    SIDES,
    STRENGTHS,
    Case,
    Caveat,
    Condition,
    ConfidenceLevel,
    Contradiction,
    Criterion,
    Decision,
    FirstStep,
    Flag,
    Function,
    Metric,
    Note,
    PhaseStep,
    Policy,
    Pooling,
    Question,
    Rule,
    Ruleset,
    StrengthLevel,
    Text,
)
from .shapes import CAVEAT_KINDS, MARGIN_TERMS, SHAPES, SHARE_RANGE
from .texts import current_language, t

CONFIDENCE_LEVELS = LEVELS
SCORE_PLACEHOLDERS = ("salesops", "revops")
NOTE_PLACEHOLDERS = ("salesops", "revops", "first", "then", "lean")


def _says(key: str, **values: object) -> str:
    """A message of ``errors.rules.policy`` in the current language."""
    return t(f"errors.rules.policy.{key}", None, **values)


def _count(value: float) -> str:
    return number(value, current_language())



def load_policy(ck: Checker, questions: Mapping[str, Question], rules: tuple[Rule, ...],
                criteria: Mapping[str, Criterion], answers_compiler: ConditionCompiler) -> Policy | None:
    raw = ck.doc.data
    if isinstance(raw, dict) and "confidence" in raw and "direction" not in raw:
        ck.error(("confidence",), _says("confidence_renamed"), _says("confidence_renamed_hint"), at_key=True)
        raw = {("direction" if k == "confidence" else k): v for k, v in raw.items()}
    data = ck.mapping((), raw, required=SHAPES["policy"].required, optional=SHAPES["policy"].optional,
                      what=("yaml_file", {"file": "policy.yaml"}))
    if data is None:
        return None
    before = len(ck.diagnostics)
    flags_known: set[str] = set()
    compiler = ConditionCompiler(questions, policy=True, known_rules=frozenset(r.id for r in rules),
                                 criteria=frozenset(criteria), flags=flags_known)
    compiler.constants = answers_compiler.constants  # number constants feed the same probes
    compiler.broken = answers_compiler.broken
    th = ck.mapping(("thresholds",), data.get("thresholds"), required=SHAPES["thresholds"].required,
                    what="thresholds_key") or {}
    thresholds = {side: ck.integer(("thresholds", side), th.get(side), minimum=1) for side in SIDES if side in th}

    flags: list[Flag] = []
    for i, item in enumerate(ck.seq(("flags",), data.get("flags", []))):
        entry = ck.mapping(("flags", i), item, required=SHAPES["flag"].required, optional=SHAPES["flag"].optional,
                           what="flag")
        if entry is None:
            continue
        fid = ck.ident(("flags", i, "id"), entry.get("id"), what="flag_id")
        if "cites" in entry:
            ck.refs(("flags", i, "cites"), entry["cites"], criteria, what="criterion")
        when = compiler.compile(ck, ("flags", i, "when"), entry.get("when"))
        if fid in flags_known:
            ck.error(("flags", i, "id"), _says("duplicate_flag", id=f"`{fid}`"))
        if fid and when:
            flags.append(Flag(fid, when))
            flags_known.add(fid)
        elif isinstance(entry.get("id"), str):
            compiler.broken.add(entry["id"])

    decisions: list[Decision] = []
    items = ck.seq(("decisions",), data.get("decisions"), allow_empty=False)
    seen: set[str] = set()
    for i, item in enumerate(items):
        path: Path = ("decisions", i)
        entry = ck.mapping(path, item, required=SHAPES["decision"].required, optional=SHAPES["decision"].optional,
                           what="decision")
        if entry is None:
            continue
        did = ck.ident((*path, "id"), entry.get("id"), what="decision_id")
        if did in seen:
            ck.error((*path, "id"), _says("duplicate_decision", id=f"`{did}`"))
        seen.add(did or "")
        last = i == len(items) - 1
        when = None
        if "when" in entry:
            if last:
                ck.error((*path, "when"), _says("last_decision_when"), at_key=True)
            when = compiler.compile(ck, (*path, "when"), entry["when"])
        elif not last:
            ck.error(path, _says("decision_without_when"))
        summary = ck.text((*path, "summary"), entry.get("summary"))
        if summary:
            ck.placeholders((*path, "summary"), summary, SCORE_PLACEHOLDERS, "scores")
        margin = tuple(ck.choice((*path, "margin", j), term, MARGIN_TERMS, what="margin_term")
                       for j, term in enumerate(ck.seq((*path, "margin"), entry.get("margin", []))))
        fixed_confidence = entry.get("confidence")
        if fixed_confidence is not None:
            fixed_confidence = ck.choice((*path, "confidence"), fixed_confidence, CONFIDENCE_LEVELS,
                                         what="confidence_level")
        fixed_strength = entry.get("strength")
        if fixed_strength is not None:
            fixed_strength = ck.choice((*path, "strength"), fixed_strength, STRENGTHS, what="strength_of_need")
        reason = None
        if "reason" in entry:
            reason = ck.text((*path, "reason"), entry["reason"])
            if reason:
                ck.placeholders((*path, "reason"), reason, SCORE_PLACEHOLDERS, "scores")
        decision = Decision(
            id=did or "", cites=ck.refs((*path, "cites"), entry.get("cites"), criteria, what="criterion"),
            when=when, recommend=ck.choice((*path, "recommend"), entry.get("recommend"), RECOMMENDATIONS,
                                           what="recommendation") or "salesops",  # type: ignore[arg-type]
            summary=summary or Text({"en": ""}, "en"), margin=tuple(term for term in margin if term),
            confidence=fixed_confidence, weak=bool(ck.boolean((*path, "weak"), entry.get("weak", False))),
            strength=fixed_strength, reason=reason)
        if decision.weak and fixed_strength == "clear":
            ck.error((*path, "strength"), _says("weak_clear"), _says("weak_clear_hint"))
        decisions.append(decision)

    phasing = ck.mapping(("phasing",), data.get("phasing"), required=SHAPES["phasing"].required,
                         optional=SHAPES["phasing"].optional, what="phasing_key") or {}
    phased_when = None
    if "phased_when" in phasing:
        phased_when = compiler.compile(ck, ("phasing", "phased_when"), phasing["phased_when"])
    order: list[PhaseStep] = []
    steps = ck.seq(("phasing", "order"), phasing.get("order"), allow_empty=False)
    for i, item in enumerate(steps):
        path = ("phasing", "order", i)
        entry = ck.mapping(path, item, required=SHAPES["phase_step"].required, optional=SHAPES["phase_step"].optional,
                           what="phase_step")
        if entry is None:
            continue
        when = compiler.compile(ck, (*path, "when"), entry["when"]) if "when" in entry else None
        if i < len(steps) - 1 and "when" not in entry:
            ck.error(path, _says("step_without_when"))
        if i == len(steps) - 1 and "when" in entry:
            ck.error((*path, "when"), _says("last_step_when"), at_key=True)
        first = ck.choice((*path, "first"), entry.get("first"), SIDES, what="first_function")
        reason = ck.text((*path, "reason"), entry.get("reason"))
        if first and reason:
            order.append(PhaseStep(when, first,  # type: ignore[arg-type]
                                   ck.refs((*path, "cites"), entry.get("cites"), criteria, what="criterion"), reason))

    conf = ck.mapping(("direction",), data.get("direction"), required=SHAPES["direction"].required,
                      what="direction_key") or {}
    bands = _confidence_bands(ck, conf.get("bands"))
    confidence: list[ConfidenceLevel] = []
    for level, level_label, level_text in _levels(ck, ("direction", "levels"), conf.get("levels"),
                                                  CONFIDENCE_LEVELS):
        min_margin, max_flips = bands.get(level, (None, None))
        confidence.append(ConfidenceLevel(level, min_margin, level_label, level_text, max_flips))

    strength = ck.mapping(("strength",), data.get("strength"), required=SHAPES["strength"].required,
                          what="strength_key") or {}
    em = ck.mapping(("strength", "emerging_from"), strength.get("emerging_from"),
                    required=SHAPES["emerging_from"].required, what="emerging_from_key") or {}
    emerging: dict[str, int] = {}
    for side in SIDES:
        if side not in em:
            continue
        value = ck.integer(("strength", "emerging_from", side), em[side], minimum=0)
        if value is None:
            continue
        threshold = thresholds.get(side)
        if threshold is not None and value >= threshold:
            ck.error(("strength", "emerging_from", side),
                     _says("emerging_at_threshold", value=_count(value), side=f"`{side}`", threshold=_count(threshold)),
                     _says("emerging_at_threshold_hint"))
            continue
        emerging[side] = value
    strengths = [StrengthLevel(*level) for level in _levels(ck, ("strength", "levels"), strength.get("levels"),
                                                            STRENGTHS)]

    caveats: list[Caveat] = []
    for i, item in enumerate(ck.seq(("caveats",), data.get("caveats", []))):
        path = ("caveats", i)
        entry = ck.mapping(path, item, required=SHAPES["caveat"].required, optional=SHAPES["caveat"].optional,
                           what="caveat")
        if entry is None:
            continue
        cid = ck.ident((*path, "id"), entry.get("id"), what="caveat_id")
        if entry.get("kind") == "contradiction":
            ck.error((*path, "kind"), _says("caveat_contradiction"), _says("caveat_contradiction_hint"))
            kind = None
        else:
            kind = ck.choice((*path, "kind"), entry.get("kind"), CAVEAT_KINDS, what="caveat_kind")
        when = compiler.compile(ck, (*path, "when"), entry.get("when"))
        text = ck.text((*path, "text"), entry.get("text"))
        if text:
            ck.placeholders((*path, "text"), text, ("unanswered",), "unanswered")
        lowers = ck.boolean((*path, "lowers_confidence"), entry.get("lowers_confidence", False))
        cites = ck.refs((*path, "cites"), entry.get("cites", []), criteria, what="criterion", allow_empty=True)
        if cid and kind and when and text:
            caveats.append(Caveat(cid, kind, bool(lowers), cites, when, text))

    notes = _notes(ck, data.get("notes", []), compiler, criteria)
    contradictions = _contradictions(ck, data.get("contradictions", []), answers_compiler, criteria)
    pooling = _pooling(ck, data.get("pooling", {}))

    if len(ck.diagnostics) > before or len(thresholds) != 2 or None in thresholds.values() or len(emerging) != 2:
        return None
    return Policy(thresholds=MappingProxyType(thresholds), flags=tuple(flags), decisions=tuple(decisions),  # type: ignore[arg-type]
                  phased_when=phased_when, phase_order=tuple(order), confidence=tuple(confidence),
                  caveats=tuple(caveats), emerging=MappingProxyType(emerging), strengths=tuple(strengths),
                  notes=notes, contradictions=contradictions, pooling=pooling)


def _pooling(ck: Checker, raw: object) -> Pooling:
    """The workshop's pooling rule; every key is optional (the defaults are documented in docs/rules.md)."""
    default = Pooling()
    data = ck.mapping(("pooling",), raw, optional=SHAPES["pooling"].optional, what="pooling_key") or {}
    ordered = ck.choice(("pooling", "ordered"), data.get("ordered", default.ordered), POOLING_ORDERED,
                        what="median") or default.ordered
    ties = ck.choice(("pooling", "ties"), data.get("ties", default.ties), POOLING_TIES,
                     what="tie_rule") or default.ties
    share = ck.number(("pooling", "multi_share"), data.get("multi_share", default.multi_share),
                      what="share")
    if share is not None and not SHARE_RANGE[0] < share <= SHARE_RANGE[1]:
        ck.error(("pooling", "multi_share"), _says("share_range", found=exact(share, current_language())))
        share = None
    return Pooling(ordered, ties, default.multi_share if share is None else float(share))


def _levels(ck: Checker, path: Path, raw: object, levels: tuple[str, ...]) -> list[tuple[str, Text, Text]]:
    """The label and text of each level, every level required."""
    data = ck.mapping(path, raw, required=levels, what="levels_key") or {}
    out = []
    for level in levels:
        if level not in data:
            continue
        entry = ck.mapping((*path, level), data[level], required=SHAPES["level"].required,
                           what=("level", {"level": f"`{level}`"})) or {}
        label, text = ck.text((*path, level, "label"), entry.get("label")), ck.text((*path, level, "text"),
                                                                                   entry.get("text"))
        if label and text:
            out.append((level, label, text))
    return out


def _notes(ck: Checker, raw: object, compiler: ConditionCompiler, criteria: Mapping[str, Criterion]
           ) -> tuple[Note, ...]:
    notes: list[Note] = []
    ids = []
    compiler.outcome_known = True
    try:
        for i, item in enumerate(ck.seq(("notes",), raw)):
            path: Path = ("notes", i)
            entry = ck.mapping(path, item, required=SHAPES["note"].required, what="note")
            if entry is None:
                continue
            nid = ck.ident((*path, "id"), entry.get("id"), what="note_id")
            ids.append(((*path, "id"), nid))
            cites = ck.refs((*path, "cites"), entry.get("cites"), criteria, what="criterion", allow_empty=True)
            when = compiler.compile(ck, (*path, "when"), entry.get("when"))
            text = ck.text((*path, "text"), entry.get("text"))
            if text:
                ck.placeholders((*path, "text"), text, NOTE_PLACEHOLDERS, "note")
            if nid and when and text:
                notes.append(Note(nid, cites, when, text))
    finally:
        compiler.outcome_known = False
    ck.unique_ids(ids, "note")
    return tuple(notes)


def _contradictions(ck: Checker, raw: object, compiler: ConditionCompiler, criteria: Mapping[str, Criterion]
                    ) -> tuple[Contradiction, ...]:
    """Pairs of answers that contradict each other: two answer conditions on different questions."""
    found: list[Contradiction] = []
    ids = []
    for i, item in enumerate(ck.seq(("contradictions",), raw)):
        path: Path = ("contradictions", i)
        entry = ck.mapping(path, item, required=SHAPES["contradiction"].required, what="contradiction")
        if entry is None:
            continue
        before = len(ck.diagnostics)
        cid = ck.ident((*path, "id"), entry.get("id"), what="contradiction_id")
        ids.append(((*path, "id"), cid))
        cites = ck.refs((*path, "cites"), entry.get("cites"), criteria, what="criterion", allow_empty=True)
        pair = ck.seq((*path, "answers"), entry.get("answers"), what="answer_pair")
        if isinstance(entry.get("answers"), list) and len(pair) != 2:
            ck.error((*path, "answers"), _says("pair_count", count=_count(len(pair))))
        conditions = [compiler.compile(ck, (*path, "answers", j), part) for j, part in enumerate(pair[:2])]
        text = ck.text((*path, "text"), entry.get("text"))
        compiled = [c for c in conditions if c is not None]
        if len(compiled) != 2:
            continue
        one, other = compiled
        if one.reads & other.reads:
            shared = ", ".join(f"`{q}`" for q in sorted(one.reads & other.reads))
            ck.error((*path, "answers", 1), _says("same_question", questions=shared))
        if len(ck.diagnostics) > before or cid is None or text is None:
            continue
        node = ("all", (one.node, other.node))
        both = Condition(None, one.reads | other.reads, {"all": pair}, node)  # type: ignore[arg-type]  # the test follows
        both._set("test", deferred_test(node, both))
        found.append(Contradiction(cid, cites, (one, other), both, text))
    ck.unique_ids(ids, "contradiction")
    return tuple(found)


def _confidence_bands(ck: Checker, raw: object) -> dict[str, tuple[int | None, int | None]]:
    """Each band's minimum margin and maximum flips, by level, checked: one band per level, high to
    low, margins falling and flips rising.

    The engine takes the first band whose ``min_margin`` the margin reaches
    and whose ``max_flips`` the number of questions that would turn the
    direction does not exceed, so a band out of order, repeated, or asking
    less than the band below it would never be reached (or would overstate
    confidence); a negative margin would call a direction on the wrong side
    of the line confident.
    """
    path: Path = ("direction", "bands")
    order = _says("bands_order")
    bands: dict[str, tuple[int | None, int | None]] = {}
    where: dict[str, int] = {}  # level -> index of its band
    unreadable = False  # a band already reported: "no band for ..." would repeat it
    items = ck.seq(path, raw, allow_empty=False)
    if not items:
        return bands
    for i, item in enumerate(items):
        entry = ck.mapping((*path, i), item, required=SHAPES["band"].required, optional=SHAPES["band"].optional,
                           what="band")
        level = None if entry is None else ck.choice((*path, i, "level"), entry.get("level"), CONFIDENCE_LEVELS,
                                                     what="band_level")
        if entry is None or level is None:
            unreadable = True
            continue
        if level in bands:
            first = ck.doc.mark(*path, where[level]).line
            ck.error((*path, i, "level"), _says("duplicate_band", level=f"`{level}`", line=first), order)
            continue
        later = [other for other in bands if CONFIDENCE_LEVELS.index(other) > CONFIDENCE_LEVELS.index(level)]
        if later:
            ck.error((*path, i, "level"), _says("band_after", level=f"`{level}`", other=f"`{later[0]}`"), order)
        margin: int | None = None
        flips: int | None = None
        if level == "low":
            for key in ("min_margin", "max_flips"):
                if key in entry:
                    ck.error((*path, i, key), _says("low_band_key", field=f"`{key}`"), at_key=True)
        else:
            if "min_margin" not in entry:
                ck.error((*path, i), _says("band_needs_margin", level=f"`{level}`"))
            else:
                margin = ck.integer((*path, i, "min_margin"), entry["min_margin"], minimum=0,
                                    what="margin_points")
            if "max_flips" in entry:
                flips = ck.integer((*path, i, "max_flips"), entry["max_flips"], minimum=0,
                                   what="question_count")
        bands[level] = (margin, flips)
        where[level] = i
    missing = [level for level in CONFIDENCE_LEVELS if level not in bands]
    if missing and not unreadable:
        ck.error(path, _says("no_band", levels=", ".join(f"`{level}`" for level in missing)), order)
    high, medium = bands.get("high", (None, None)), bands.get("medium", (None, None))
    if high[0] is not None and medium[0] is not None and medium[0] >= high[0]:
        ck.error((*path, where["medium"], "min_margin"),
                 _says("bands_overlap" if medium[0] == high[0] else "bands_inverted",
                       medium=_count(medium[0]), high=_count(high[0])),
                 _says("bands_overlap_hint"))
    if "high" in where and "medium" in where:
        hf, mf = high[1], medium[1]
        if (hf is None and mf is not None) or (hf is not None and mf is not None and mf < hf):
            ck.error((*path, where["medium"], "max_flips"),
                     _says("fewer_flips", medium=_count(mf), high=_says("any_flips") if hf is None else _count(hf)),
                     _says("fewer_flips_hint"))
    return bands


def load_functions(ck: Checker, criteria: Mapping[str, Criterion], compiler: ConditionCompiler | None = None
                   ) -> tuple[dict[str, Metric], dict[str, Function], Text, tuple[str, ...]] | None:
    data = ck.mapping((), ck.doc.data, required=SHAPES["functions"].required,
                      what=("yaml_file", {"file": "functions.yaml"}))
    if data is None:
        return None
    before = len(ck.diagnostics)
    metrics: dict[str, Metric] = {}
    ids = []
    for i, item in enumerate(ck.seq(("metrics",), data.get("metrics"), allow_empty=False)):
        entry = ck.mapping(("metrics", i), item, required=SHAPES["metric"].required, what="metric")
        if entry is None:
            continue
        mid = ck.ident(("metrics", i, "id"), entry.get("id"), what="metric_id")
        ids.append((("metrics", i, "id"), mid))
        name, desc = ck.text(("metrics", i, "name"), entry.get("name")), \
            ck.text(("metrics", i, "description"), entry.get("description"))
        if mid and name and desc:
            metrics[mid] = Metric(mid, name, desc)
    ck.unique_ids(ids, "metric")
    funcs_data = ck.mapping(("functions",), data.get("functions"), required=SHAPES["function_table"].required,
                            what="functions_key") or {}
    functions: dict[str, Function] = {}
    for side in SIDES:
        path = ("functions", side)
        entry = ck.mapping(path, funcs_data.get(side, {}), required=SHAPES["function"].required,
                           what=("function_named", {"side": f"`{side}`"})) or {}
        steps: list[FirstStep] = []
        step_ids = []
        for i, item in enumerate(ck.seq((*path, "first_steps"), entry.get("first_steps"), allow_empty=False)):
            step = ck.mapping((*path, "first_steps", i), item, required=SHAPES["first_step"].required,
                              optional=SHAPES["first_step"].optional, what="first_step")
            if step is None:
                continue
            sid = ck.ident((*path, "first_steps", i, "id"), step.get("id"), what="step_id")
            step_ids.append(((*path, "first_steps", i, "id"), sid))
            text = ck.text((*path, "first_steps", i, "text"), step.get("text"))
            cites = ck.refs((*path, "first_steps", i, "cites"), step.get("cites"), criteria, what="criterion")
            when = None
            if "when" in step and compiler is not None:
                when = compiler.compile(ck, (*path, "first_steps", i, "when"), step["when"])
                if when is None:
                    continue
            if sid and text:
                steps.append(FirstStep(sid, cites, text, when))
        ck.unique_ids(step_ids, "first_step")
        name, summary = ck.text((*path, "name"), entry.get("name")), ck.text((*path, "summary"), entry.get("summary"))
        metric_ids = ck.refs((*path, "metrics"), entry.get("metrics"), metrics, what="metric")
        if name and summary:
            functions[side] = Function(side, name, summary, tuple(steps), metric_ids)
    both = ck.mapping(("functions", "both"), funcs_data.get("both", {}), required=SHAPES["both"].required,
                      what="both_key") or {}
    both_summary = ck.text(("functions", "both", "summary"), both.get("summary"))
    both_cites = ck.refs(("functions", "both", "cites"), both.get("cites"), criteria, what="criterion")
    if len(ck.diagnostics) > before or both_summary is None:
        return None
    return metrics, functions, both_summary, both_cites


def load_cases(ck: Checker, ruleset: Ruleset, criteria: Mapping[str, Criterion],
               broken: set[str] = frozenset()) -> tuple[Case, ...]:  # type: ignore[assignment]
    data = ck.mapping((), ck.doc.data, required=SHAPES["cases"].required,
                      what=("yaml_file", {"file": "cases.yaml"})) or {}
    cases: list[Case] = []
    ids = []
    for i, item in enumerate(ck.seq(("cases",), data.get("cases"), what="case_list", allow_empty=False)):
        path = ("cases", i)
        entry = ck.mapping(path, item, required=SHAPES["case"].required, optional=SHAPES["case"].optional,
                           what="case")
        if entry is None:
            continue
        before = len(ck.diagnostics)
        cid = ck.ident((*path, "id"), entry.get("id"), what="case_id")
        ids.append(((*path, "id"), cid))
        description = entry.get("description", "")
        if description != "":
            description = ck.string((*path, "description"), description, what="description") or ""
        # An answer to a question defined wrongly is not also an unknown key.
        answers = ck.mapping((*path, "answers"), entry.get("answers"),
                             optional=(*ruleset.question_by_id, *sorted(broken)), what="answers_map") or {}
        for qid, message in check_answers(ruleset, {k: v for k, v in answers.items() if k in ruleset.question_by_id}):
            ck.error((*path, "answers", qid), message)
        exp = ck.mapping((*path, "expect"), entry.get("expect"), required=SHAPES["expect"].required,
                         optional=SHAPES["expect"].optional, what="expect_key") or {}
        recommend = ck.choice((*path, "expect", "recommend"), exp.get("recommend"), OUTCOMES,
                              what="outcome")
        lean = exp.get("lean")
        if lean is not None:
            lean = ck.choice((*path, "expect", "lean"), lean, SIDES, what="lean_side")
            if recommend is not None and recommend != "not_yet":
                ck.error((*path, "expect", "lean"), _says("lean_not_yet", found=f"`{recommend}`"), at_key=True)
        elif recommend == "not_yet":
            ck.error((*path, "expect"), _says("not_yet_needs_lean"))
        expected_confidence = exp.get("confidence")
        if expected_confidence is not None:
            expected_confidence = ck.choice((*path, "expect", "confidence"), expected_confidence,
                                            CONFIDENCE_LEVELS, what="confidence_level")
        expected_strength = exp.get("strength")
        if expected_strength is not None:
            expected_strength = ck.choice((*path, "expect", "strength"), expected_strength, STRENGTHS,
                                          what="strength_of_need")
        first = exp.get("first")
        if first is not None:
            first = ck.choice((*path, "expect", "first"), first, SIDES, what="first_function")
        phased = exp.get("phased")
        if phased is not None:
            phased = ck.boolean((*path, "expect", "phased"), phased)
        case = Case(
            id=cid or "", description=description, answers=dict(answers),
            recommend=recommend or "salesops", lean=lean,  # type: ignore[arg-type]
            confidence=expected_confidence, strength=expected_strength,
            first=first, phased=phased,  # type: ignore[arg-type]
            criteria=ck.refs((*path, "expect", "criteria"), exp.get("criteria", []), criteria,
                             what="criterion", allow_empty=True),
            not_criteria=ck.refs((*path, "expect", "not_criteria"), exp.get("not_criteria", []), criteria,
                                 what="criterion", allow_empty=True),
            rules=ck.refs((*path, "expect", "rules"), exp.get("rules", []), ruleset.rule_by_id, what="rule",
                          allow_empty=True, broken=broken),
            line=ck.doc.mark(*path).line)
        if len(ck.diagnostics) == before:
            cases.append(case)
    ck.unique_ids(ids, "case")
    return tuple(cases)
