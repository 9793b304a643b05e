"""Tests for advisor.loader: loading a ruleset folder and reporting every problem.

Most tests break one thing in a writable copy of the default ruleset
(``rules_copy``) and check the diagnostic a ruleset author would read: the
file, the line and column, and the words of the message. Positions are
computed from the edited file's text (the first character of a needle), so
they stay exact if the data moves around.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from conftest import english_only

from advisor.errors import Diagnostic, FileAccessError, RulesetError
from advisor.loader import FILES, load_ruleset
from advisor.model import Ruleset

RULES = Path(__file__).resolve().parents[2] / "rules"


# -- helpers ---------------------------------------------------------------------------


def edit(folder: Path, name: str, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in ``folder/name`` by ``new``."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def add_rule(folder: Path, rule_id: str, when: str, points: str = "{salesops: 1}") -> None:
    """Append a rule (citing S4, quoting nothing, its rationale in English and Spanish) to rules.yaml."""
    path = folder / "rules.yaml"
    text = path.read_text(encoding="utf-8")
    text += (f"\n  - id: {rule_id}\n    cites: [S4]\n    when: {when}\n    points: {points}\n"
             "    rationale: {en: Added., es: Añadida.}\n")
    path.write_text(text, encoding="utf-8")


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def where(folder: Path, name: str, needle: str, *, offset: int = 0, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the ``nth`` occurrence of ``needle`` (plus ``offset`` characters)."""
    text = (folder / name).read_text(encoding="utf-8")
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    index += offset
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def problems(folder: Path) -> list[Diagnostic]:
    with pytest.raises(RulesetError) as info:
        load_ruleset(folder)
    diagnostics = list(info.value.diagnostics)
    assert diagnostics, "a RulesetError must carry diagnostics"
    return diagnostics


def find(diagnostics: list[Diagnostic], *fragments: str) -> Diagnostic:
    """The one diagnostic whose message contains every fragment."""
    found = [d for d in diagnostics if all(f in d.message for f in fragments)]
    shown = "\n".join(str(d) for d in diagnostics)
    assert len(found) == 1, f"expected one diagnostic with {fragments}, got {len(found)}:\n{shown}"
    return found[0]


def assert_at(d: Diagnostic, folder: Path, name: str, needle: str, *, offset: int = 0, nth: int = 0) -> None:
    assert d.path == str(folder / name)
    assert (d.line, d.column) == where(folder, name, needle, offset=offset, nth=nth), str(d)


# -- a small hand-made ruleset -------------------------------------------------------------

TINY_QUESTIONS = """\
topics:
  - {id: basics, title: Basics}
questions:
  - id: stage
    topic: basics
    type: scale
    text: Stage?
    help: Why we ask. (S1)
    feeds: [S1]
    options:
      - {value: early, label: Early}
      - {value: mid, label: Mid}
      - {value: late, label: Late}
  - id: has_reps
    topic: basics
    type: yesno
    text: Do you have reps?
    help: Why we ask. (S5)
    feeds: [S5]
    show_if: {question: stage, gte: mid}
  - id: reps
    topic: basics
    type: number
    text: How many reps?
    help: Why we ask. (S5)
    feeds: [S5]
    integer: true
    min: 0
    max: 20
    show_if: {question: has_reps, eq: true}
  - id: motion
    topic: basics
    type: choice
    text: How do you sell?
    help: Why we ask. (S2)
    feeds: [S2]
    options:
      - {value: direct, label: Direct}
      - {value: self_serve, label: Self-serve}
      - {value: partner, label: Partners}
  - id: teams
    topic: basics
    type: multi
    text: Which teams?
    help: Why we ask. (R1)
    feeds: [R1]
    options:
      - {value: marketing, label: Marketing}
      - {value: success, label: Customer success}
      - {value: support, label: Support}
"""

TINY_RULES = """\
rules:
  - id: late_stage
    cites: [S1]
    when: {question: stage, eq: late}
    points: {salesops: 2}
    rationale: You are {stage}.
  - id: has_reps
    cites: [S5]
    when: {question: has_reps, eq: true}
    points: {salesops: 3, revops: 1}
    rationale: You have reps.
  - id: no_reps
    cites: [S5]
    when: {question: has_reps, eq: false}
    points: {revops: 3}
    rationale: You have no reps.
  - id: early_direct
    cites: [S1, S2]
    when:
      all:
        - {question: stage, eq: early}
        - {question: motion, eq: direct}
    points: {revops: 2}
    rationale: Early and selling {motion}.
  - id: reps_unknown
    cites: [S5]
    when: {question: has_reps, answered: false}
    points: {revops: 2}
    rationale: We do not know about reps.
  - id: many_reps
    cites: [S5]
    when: {question: reps, gte: 10}
    points: {salesops: 4}
    rationale: You have {reps}.
  - id: few_reps
    cites: [S5]
    when: {question: reps, between: [1, 9]}
    points: {salesops: 1, revops: 1}
    rationale: You have {reps}.
  - id: two_teams
    cites: [R1]
    when:
      at_least: 2
      of:
        - {question: teams, contains: marketing}
        - {question: teams, contains: success}
        - {question: motion, eq: self_serve}
    points: {revops: 3}
    rationale: Several teams.
  - id: support_or_not_direct
    cites: [S2]
    when:
      any:
        - {question: teams, contains_any: [support]}
        - {question: motion, ne: direct}
    points: {salesops: 1}
    rationale: Support, or not direct.
  - id: not_partner
    cites: [S2]
    when:
      not: {question: motion, eq: partner}
    points: {salesops: 1}
    rationale: You sell {motion}.
"""

TINY_POLICY = """\
thresholds: {salesops: 5, revops: 5}
strength:
  emerging_from: {salesops: 3, revops: 3}
  levels:
    clear: {label: Clear need, text: Now.}
    emerging: {label: Emerging need, text: Soon.}
    not_yet: {label: Not yet, text: Later.}
decisions:
  - id: both
    cites: [B2]
    when: {all: [{need: salesops}, {need: revops}]}
    recommend: both
    summary: Both ({salesops}, {revops}).
  - id: fallback
    cites: [D2]
    recommend: salesops
    summary: SalesOps.
phasing:
  order:
    - first: salesops
      cites: [D2]
      reason: SalesOps first.
direction:
  bands:
    - {level: high, min_margin: 4}
    - {level: medium, min_margin: 2}
    - {level: low}
  levels:
    high: {label: High, text: Sure.}
    medium: {label: Medium, text: Fairly sure.}
    low: {label: Low, text: Unsure.}
"""

TINY_FUNCTIONS = """\
metrics:
  - {id: close_rate, name: Close rate, description: Deals won.}
functions:
  salesops:
    name: Sales Operations
    summary: Helps reps.
    first_steps:
      - {id: playbook, cites: [S2], text: Write a playbook.}
    metrics: [close_rate]
  revops:
    name: Revenue Operations
    summary: Aligns teams.
    first_steps:
      - {id: align, cites: [R1], text: Align the teams.}
    metrics: [close_rate]
  both:
    summary: Split the work.
    cites: [B4]
"""

TINY_CASES = """\
cases:
  - id: nothing_answered
    answers: {}
    expect: {recommend: salesops}
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A five-question ruleset with a two-level show_if chain, in English only."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    for name in ("ruleset.yaml", "criteria.yaml"):
        write(folder, name, english_only(RULES / name))
    write(folder, "functions.yaml", TINY_FUNCTIONS)
    write(folder, "questions.yaml", TINY_QUESTIONS)
    write(folder, "rules.yaml", TINY_RULES)
    write(folder, "policy.yaml", TINY_POLICY)
    write(folder, "cases.yaml", TINY_CASES)
    return folder


def _brute_force_maxima() -> dict[str, int]:
    """Every raw answer combination of the tiny ruleset, scored by hand-written rules.

    ``None`` is "not answered"; a hidden question's answer is dropped. Each
    rule fires only when its condition is certainly true.
    """
    subsets = [None] + [frozenset(c) for n in range(4) for c in itertools.combinations(
        ("marketing", "success", "support"), n)]
    order = {"early": 0, "mid": 1, "late": 2}
    best = {"salesops": 0, "revops": 0}
    for stage, has_reps, reps, motion, teams in itertools.product(
            (None, "early", "mid", "late"), (None, True, False), (None, *range(21)),
            (None, "direct", "self_serve", "partner"), subsets):
        if stage is None or order[stage] < 1:
            has_reps = None  # hidden
        if has_reps is not True:
            reps = None  # hidden
        s = r = 0
        if stage == "late":
            s += 2
        if has_reps is True:
            s, r = s + 3, r + 1
        if has_reps is False:
            r += 3
        if stage == "early" and motion == "direct":
            r += 2
        if has_reps is None:
            r += 2
        if reps is not None and reps >= 10:
            s += 4
        if reps is not None and 1 <= reps <= 9:
            s, r = s + 1, r + 1
        if teams is not None or motion is not None:
            hits = sum((teams is not None and "marketing" in teams, teams is not None and "success" in teams,
                        motion == "self_serve"))
            if hits >= 2:
                r += 3
        if (teams is not None and "support" in teams) or (motion is not None and motion != "direct"):
            s += 1
        if motion is not None and motion != "partner":
            s += 1
        best = {"salesops": max(best["salesops"], s), "revops": max(best["revops"], r)}
    return best


# -- loading the default ruleset -------------------------------------------------------------


def test_default_ruleset_loads(ruleset: Ruleset) -> None:
    assert ruleset.id == "default"
    assert ruleset.languages == ("en", "es")
    assert ruleset.default_language == "en"
    assert len(ruleset.questions) >= 10 and len(ruleset.rules) >= 10
    assert [q.index for q in ruleset.questions] == list(range(len(ruleset.questions)))
    assert set(ruleset.question_by_id) == {q.id for q in ruleset.questions}
    assert ruleset.cases, "the default ruleset ships example cases"
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", ruleset.hash)


def test_default_max_scores_are_positive_and_bounded(ruleset: Ruleset) -> None:
    for side in ("salesops", "revops"):
        total = sum(getattr(rule, side) for rule in ruleset.rules)
        assert 0 < ruleset.max_scores[side] <= total


def test_default_max_scores_match_the_documented_maxima(ruleset: Ruleset) -> None:
    header = (RULES / "rules.yaml").read_text(encoding="utf-8")
    documented = {
        "salesops": int(re.search(r"Maximum SalesOps score: (\d+)", header).group(1)),
        "revops": int(re.search(r"Maximum RevOps score: (\d+)", header).group(1)),
    }
    assert dict(ruleset.max_scores) == documented


def test_max_scores_equal_a_brute_force_maximum(tiny: Path) -> None:
    loaded = load_ruleset(tiny)
    expected = _brute_force_maxima()
    assert expected == {"salesops": 11, "revops": 7}  # worked out by hand as well
    assert dict(loaded.max_scores) == expected
    # Ignoring show_if would allow `early` with `has_reps: false` (2 + 3 + 3 = 8 for RevOps).
    assert loaded.max_scores["revops"] < 8


def test_loading_twice_gives_equal_hashes(ruleset: Ruleset, rules_copy: Path) -> None:
    first, second = load_ruleset(RULES), load_ruleset(rules_copy)
    assert first.hash == second.hash == ruleset.hash


def test_hash_changes_when_a_file_changes_and_comes_back(rules_copy: Path) -> None:
    before = load_ruleset(rules_copy).hash
    original = (rules_copy / "policy.yaml").read_text(encoding="utf-8")
    write(rules_copy, "policy.yaml", original + "# a comment changes the bytes\n")
    changed = load_ruleset(rules_copy).hash
    assert changed != before
    write(rules_copy, "policy.yaml", original)
    assert load_ruleset(rules_copy).hash == before


def test_hash_covers_every_file(rules_copy: Path) -> None:
    hashes = {load_ruleset(rules_copy).hash}
    for name in FILES:
        path = rules_copy / name
        path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        hashes.add(load_ruleset(rules_copy).hash)
    assert len(hashes) == len(FILES) + 1


# -- files and folders ---------------------------------------------------------------------


def test_folder_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-rules"
    with pytest.raises(FileAccessError) as info:
        load_ruleset(missing)
    assert str(missing) in info.value.message
    assert "not a folder" in info.value.message


def test_a_file_is_not_a_ruleset_folder(rules_copy: Path) -> None:
    with pytest.raises(FileAccessError, match="not a folder"):
        load_ruleset(rules_copy / "rules.yaml")


def test_missing_file(rules_copy: Path) -> None:
    (rules_copy / "functions.yaml").unlink()
    with pytest.raises(RulesetError) as info:
        load_ruleset(rules_copy)
    assert "cannot be read" in info.value.message
    (d,) = info.value.diagnostics
    assert (d.path, d.line, d.column) == (str(rules_copy / "functions.yaml"), 0, 0)
    assert d.message.startswith("missing file")
    assert "ruleset.yaml" in d.message and "cases.yaml" in d.message


def test_unreadable_files_are_reported_together(rules_copy: Path) -> None:
    (rules_copy / "cases.yaml").unlink()
    edit(rules_copy, "ruleset.yaml", "    en: SalesOps\n    es: SalesOps\n  revops:\n    en: RevOps",
         "    en: &short SalesOps\n    es: SalesOps\n  revops:\n    en: *short")
    diagnostics = problems(rules_copy)
    assert {Path(d.path).name for d in diagnostics} == {"cases.yaml", "ruleset.yaml"}
    anchor = find(diagnostics, "anchors and aliases are not supported")
    assert_at(anchor, rules_copy, "ruleset.yaml", "&short")


def test_duplicate_yaml_key(rules_copy: Path) -> None:
    edit(rules_copy, "ruleset.yaml", "version: 1.0.0\n", "version: 1.0.0\nname: Again\n")
    d = find(problems(rules_copy), "duplicate key `name`")
    assert_at(d, rules_copy, "ruleset.yaml", "name: Again")
    assert "first at line 2" in d.message
    assert d.suggestion == "remove or rename one of them"


def test_python_tag_is_refused_and_nothing_is_built(rules_copy: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    edit(rules_copy, "ruleset.yaml", "version: 1.0.0",
         f'version: !!python/object/apply:os.system ["touch {marker}"]')
    d = find(problems(rules_copy), "tags are not supported")
    assert_at(d, rules_copy, "ruleset.yaml", "!!python")
    assert "!!python/object/apply:os.system" in d.message
    assert not marker.exists()


def test_python_object_tag_in_rules(rules_copy: Path) -> None:
    edit(rules_copy, "rules.yaml", "    points: {salesops: 1}\n    rationale:\n      en: >-\n        You sell mainly",
         "    points: !!python/object:advisor.model.Text {salesops: 1}\n    rationale:\n      en: >-\n"
         "        You sell mainly")
    d = find(problems(rules_copy), "tags are not supported (found `!!python/object:advisor.model.Text`)")
    assert_at(d, rules_copy, "rules.yaml", "!!python/object")


# -- keys and types ---------------------------------------------------------------------------


def test_unknown_key_suggests_the_right_one(rules_copy: Path) -> None:
    edit(rules_copy, "questions.yaml", "    topic: company\n    type: scale\n    text:\n      en: Where",
         "    tpoic: company\n    type: scale\n    text:\n      en: Where")
    diagnostics = problems(rules_copy)
    d = find(diagnostics, "unknown key `tpoic`")
    assert_at(d, rules_copy, "questions.yaml", "tpoic")
    assert d.message == "unknown key `tpoic` in a question"
    assert d.suggestion == "did you mean `topic`?"
    line, column = where(rules_copy, "questions.yaml", "tpoic")
    assert str(d) == f"{rules_copy / 'questions.yaml'}:{line}:{column}: unknown key `tpoic` in a question " \
                     "(did you mean `topic`?)"
    missing = find(diagnostics, "missing key `topic`")
    assert_at(missing, rules_copy, "questions.yaml", "id: company_stage")


def test_unknown_key_without_close_match_lists_the_keys(rules_copy: Path) -> None:
    edit(rules_copy, "rules.yaml", "  - id: s2_audience_slow\n", "  - id: s2_audience_slow\n    colour: red\n")
    d = find(problems(rules_copy), "unknown key `colour`")
    assert_at(d, rules_copy, "rules.yaml", "colour")
    assert d.suggestion == "expected one of: cites, id, points, rationale, when"


def test_missing_key(rules_copy: Path) -> None:
    edit(rules_copy, "rules.yaml", "  - id: s2_audience_slow\n    cites: [S2]\n", "  - id: s2_audience_slow\n")
    d = find(problems(rules_copy), "missing key `cites`")
    assert d.message == "missing key `cites` in a rule"
    assert_at(d, rules_copy, "rules.yaml", "id: s2_audience_slow")


@pytest.mark.parametrize(
    ("file", "old", "new", "needle", "message"),
    [
        ("rules.yaml", "when: {question: audience_building_difficulty, eq: moderate}\n    points: {salesops: 1}",
         "when: {question: audience_building_difficulty, eq: moderate}\n    points: {salesops: one}",
         "one}", "expected a whole number, found the string `one`"),
        ("rules.yaml", "when: {question: audience_building_difficulty, eq: moderate}\n    points: {salesops: 1}",
         "when: {question: audience_building_difficulty, eq: moderate}\n    points: {salesops: -1}",
         "-1}", "expected a whole number of at least 0, found -1"),
        ("questions.yaml", "    feeds: [S1, D2]\n", "    feeds: S1\n", "S1\n",
         "expected a list of criterion ids, found the string `S1`"),
        ("questions.yaml", "    integer: true\n", "    integer: 'yes'\n", "'yes'",
         "expected `true` or `false`, found the string `yes`"),
        ("questions.yaml", "    type: scale\n    text:\n      en: Where",
         "    type: slider\n    text:\n      en: Where", "slider",
         "expected a question type: one of choice, scale, yesno, number, multi; found the string `slider`"),
        ("ruleset.yaml", "version: 1.0.0", "version: 2", "2\n",
         "expected a version string such as `1.0.0`, found the number `2`"),
        ("policy.yaml", "thresholds: {salesops: 7, revops: 7}", "thresholds: {salesops: 7, revops: high}", "high}",
         "expected a whole number, found the string `high`"),
    ],
    ids=["points-string", "points-negative", "feeds-not-list", "integer-string", "bad-type", "version-number",
         "threshold"],
)
def test_wrong_type(rules_copy: Path, file: str, old: str, new: str, needle: str, message: str) -> None:
    edit(rules_copy, file, old, new)
    d = find(problems(rules_copy), message)
    assert d.message == message
    assert_at(d, rules_copy, file, needle)


def test_rule_without_points(rules_copy: Path) -> None:
    edit(rules_copy, "rules.yaml", "difficulty, eq: moderate}\n    points: {salesops: 1}",
         "difficulty, eq: moderate}\n    points: {salesops: 0}")
    d = find(problems(rules_copy), "must add points")
    assert_at(d, rules_copy, "rules.yaml", "{salesops: 0}")


def test_number_question_with_max_not_above_min(rules_copy: Path) -> None:
    edit(rules_copy, "questions.yaml", "    min: 0\n    max: 10000\n", "    min: 10\n    max: 10\n")
    d = find(problems(rules_copy), "`max` (10) must be greater than `min` (10)")
    assert_at(d, rules_copy, "questions.yaml", "10\n    unit", nth=0)


# -- duplicate ids ------------------------------------------------------------------------------


def test_duplicate_question_id(rules_copy: Path) -> None:
    edit(rules_copy, "questions.yaml", "  - id: marketing_reach\n", "  - id: company_stage\n")
    d = find(problems(rules_copy), "duplicate question `company_stage`")
    assert_at(d, rules_copy, "questions.yaml", "company_stage", nth=1)
    first_line, _ = where(rules_copy, "questions.yaml", "company_stage")
    assert f"(first defined at line {first_line})" in d.message


def test_duplicate_rule_id(rules_copy: Path) -> None:
    edit(rules_copy, "rules.yaml", "  - id: s2_audience_hard\n", "  - id: s2_audience_slow\n")
    d = find(problems(rules_copy), "duplicate rule `s2_audience_slow`")
    assert_at(d, rules_copy, "rules.yaml", "s2_audience_slow", nth=1)
    first_line, _ = where(rules_copy, "rules.yaml", "s2_audience_slow")
    assert d.message == f"duplicate rule `s2_audience_slow` (first defined at line {first_line})"


def test_duplicate_option_value(rules_copy: Path) -> None:
    edit(rules_copy, "questions.yaml", "      - value: 10_to_20\n", "      - value: under_10\n")
    d = find(problems(rules_copy), "duplicate option value `under_10`")
    assert_at(d, rules_copy, "questions.yaml", "under_10", nth=1)
    first_line, _ = where(rules_copy, "questions.yaml", "under_10")
    assert f"(first defined at line {first_line})" in d.message


def test_duplicate_criterion_id(rules_copy: Path) -> None:
    edit(rules_copy, "criteria.yaml", "  - id: S2\n", "  - id: S1\n")
    d = find(problems(rules_copy), "duplicate criterion `S1`")
    assert_at(d, rules_copy, "criteria.yaml", "S1", nth=1)
    assert "first defined at line" in d.message


# -- criteria ---------------------------------------------------------------------------------


def test_cited_criterion_not_in_criteria_yaml(rules_copy: Path) -> None:
    edit(rules_copy, "rules.yaml", "  - id: s2_audience_slow\n    cites: [S2]\n",
         "  - id: s2_audience_slow\n    cites: [S9]\n")
    d = find(problems(rules_copy), "unknown criterion `S9`")
    assert_at(d, rules_copy, "rules.yaml", "S9")


def test_criterion_id_with_a_bad_shape(rules_copy: Path) -> None:
    edit(rules_copy, "criteria.yaml", "  - id: S2\n", "  - id: sales-2\n")
    d = find(problems(rules_copy), "expected a criterion id")
    assert d.message == "expected a criterion id such as S1, R6, B2, D5 or M; found `sales-2`"
    assert_at(d, rules_copy, "criteria.yaml", "sales-2")


# -- conditions in rules.yaml -----------------------------------------------------------------


def test_unknown_question_in_rule_condition(rules_copy: Path) -> None:
    edit(rules_copy, "rules.yaml", "when: {question: audience_building_difficulty, eq: moderate}",
         "when: {question: audience_building_dificulty, eq: moderate}")
    d = find(problems(rules_copy), "unknown question `audience_building_dificulty`")
    assert_at(d, rules_copy, "rules.yaml", "audience_building_dificulty")
    assert d.suggestion == "did you mean `audience_building_difficulty`?"


def test_misspelt_option_in_condition_is_suggested(rules_copy: Path) -> None:
    edit(rules_copy, "rules.yaml", "difficulty, eq: moderate}\n    points: {salesops: 1}",
         "difficulty, eq: moderat}\n    points: {salesops: 1}")
    d = find(problems(rules_copy), "has no option")
    assert "`audience_building_difficulty`" in d.message and "`moderat`" in d.message
    assert d.suggestion == "did you mean `moderate`?"
    assert_at(d, rules_copy, "rules.yaml", "moderat}")


def test_unknown_option_in_condition_lists_the_options(rules_copy: Path) -> None:
    edit(rules_copy, "rules.yaml", "difficulty, eq: moderate}\n    points: {salesops: 1}",
         "difficulty, eq: zzz}\n    points: {salesops: 1}")
    d = find(problems(rules_copy), "has no option")
    assert d.suggestion == "options of `audience_building_difficulty`: easy, moderate, hard"
    assert_at(d, rules_copy, "rules.yaml", "zzz")


def test_option_in_a_list_operand_is_located(rules_copy: Path) -> None:
    edit(rules_copy, "rules.yaml", "in: [inside_sales, field_sales]", "in: [inside_sales, feild_sales]")
    d = find(problems(rules_copy), "has no option")
    assert d.suggestion == "did you mean `field_sales`?"
    assert_at(d, rules_copy, "rules.yaml", "feild_sales")


def test_gte_on_a_choice_question(rules_copy: Path) -> None:
    edit(rules_copy, "rules.yaml", "{question: sales_motion, in: [inside_sales, field_sales]}",
         "{question: sales_motion, gte: inside_sales}")
    d = find(problems(rules_copy), "`gte` cannot be used on `sales_motion`")
    assert d.message == "`gte` cannot be used on `sales_motion` (choice question)"
    assert d.suggestion == "a choice question takes: eq, ne, in, not_in, answered"
    assert_at(d, rules_copy, "rules.yaml", "gte: inside_sales")


def test_contains_on_a_scale_question(rules_copy: Path) -> None:
    edit(rules_copy, "rules.yaml", "{question: market_pace, eq: fast}", "{question: market_pace, contains: fast}")
    d = find(problems(rules_copy), "`contains` cannot be used on `market_pace` (scale question)")
    assert "between" in d.suggestion and "contains" not in d.suggestion
    assert_at(d, rules_copy, "rules.yaml", "contains: fast")


def test_policy_only_leaf_in_rules_yaml(rules_copy: Path) -> None:
    edit(rules_copy, "rules.yaml", "when: {question: revenue_trend, eq: stalled_unknown_cause}",
         "when: {score: revops, gte: 6}")
    diagnostics = problems(rules_copy)
    (d,) = [d for d in diagnostics if d.path.endswith("rules.yaml")]
    assert d.suggestion == "`score` tests can only be used in policy.yaml"
    assert d.message.endswith("does not start a condition")
    # Which key the message names depends on set order (see test_conditions); the line does not.
    assert d.line == where(rules_copy, "rules.yaml", "score: revops")[0]


@pytest.mark.parametrize("leaf", ["{flag: early_stage}", "{need: salesops}", "{fired: s5_admin_heavy}",
                                  "{criterion: S5}", "{lead: tie}"])
def test_every_policy_leaf_is_policy_only(rules_copy: Path, leaf: str) -> None:
    edit(rules_copy, "rules.yaml", "when: {question: revenue_trend, eq: stalled_unknown_cause}",
         f"when: {{all: [{leaf}]}}")
    subject = leaf[1:].split(":")[0]
    d = find(problems(rules_copy), f"`{subject}` does not start a condition")
    assert d.suggestion == f"`{subject}` tests can only be used in policy.yaml"
    assert_at(d, rules_copy, "rules.yaml", leaf[1:])


# -- show_if ------------------------------------------------------------------------------------


SHOW_IF_ADMIN = ("    signal: salesops\n    show_if: {question: sales_reps, gt: 0}\n    options:\n"
                 "      - value: under_10\n")


def test_show_if_on_a_later_question(rules_copy: Path) -> None:
    edit(rules_copy, "questions.yaml", SHOW_IF_ADMIN,
         SHOW_IF_ADMIN.replace("{question: sales_reps, gt: 0}", "{question: rep_future, eq: grow_reps}"))
    d = find(problems(rules_copy), "`rep_future` is asked at or after this question")
    assert "may only read earlier questions" in d.message
    assert_at(d, rules_copy, "questions.yaml", "rep_future, eq: grow_reps")


def test_show_if_on_itself(rules_copy: Path) -> None:
    edit(rules_copy, "questions.yaml", SHOW_IF_ADMIN,
         SHOW_IF_ADMIN.replace("{question: sales_reps, gt: 0}", "{question: rep_admin_share, answered: true}"))
    d = find(problems(rules_copy), "`rep_admin_share` is asked at or after this question")
    assert_at(d, rules_copy, "questions.yaml", "rep_admin_share, answered")


def test_show_if_on_an_unknown_question(rules_copy: Path) -> None:
    edit(rules_copy, "questions.yaml", SHOW_IF_ADMIN,
         SHOW_IF_ADMIN.replace("{question: sales_reps, gt: 0}", "{question: sales_rep, gt: 0}"))
    d = find(problems(rules_copy), "unknown question `sales_rep`")
    assert d.suggestion == "did you mean `sales_reps`?"
    assert_at(d, rules_copy, "questions.yaml", "sales_rep, gt: 0")


# -- reachability -------------------------------------------------------------------------------


def test_contradictory_rule_is_unreachable(rules_copy: Path) -> None:
    edit(rules_copy, "rules.yaml", "when: {question: audience_building_difficulty, eq: moderate}",
         "when: {all: [{question: audience_building_difficulty, eq: moderate},"
         " {question: audience_building_difficulty, eq: hard}]}")
    diagnostics = problems(rules_copy)
    d = find(diagnostics, "rule `s2_audience_slow` can never fire")
    assert "contradictory tests" in d.message
    assert_at(d, rules_copy, "rules.yaml", "{all: [{question: audience_building_difficulty")
    assert len(diagnostics) == 1


def test_number_range_that_no_answer_meets_is_unreachable(rules_copy: Path) -> None:
    add_rule(rules_copy, "reps_between_3_and_4",
             "{all: [{question: sales_reps, gt: 3}, {question: sales_reps, lt: 4}]}")
    (d,) = problems(rules_copy)
    assert d.message.startswith("rule `reps_between_3_and_4` can never fire")
    assert_at(d, rules_copy, "rules.yaml", "{all: [{question: sales_reps, gt: 3}")


def test_number_range_with_a_whole_number_inside_is_reachable(rules_copy: Path) -> None:
    add_rule(rules_copy, "reps_between_3_and_5",
             "{all: [{question: sales_reps, gt: 3}, {question: sales_reps, lt: 5}]}")
    loaded = load_ruleset(rules_copy)
    assert "reps_between_3_and_5" in loaded.rule_by_id


def test_rule_on_a_question_that_is_never_shown(rules_copy: Path) -> None:
    edit(rules_copy, "questions.yaml", SHOW_IF_ADMIN,
         SHOW_IF_ADMIN.replace("{question: sales_reps, gt: 0}", "{question: sales_reps, gt: 10000}"))
    diagnostics = problems(rules_copy)
    assert {d.message.split("`")[1] for d in diagnostics} == {"s5_admin_heavy", "s5_admin_severe"}
    d = find(diagnostics, "rule `s5_admin_heavy` can never fire")
    assert "questions that are never shown" in d.message
    assert_at(d, rules_copy, "rules.yaml", "{question: rep_admin_share, eq: 20_to_35}")


# -- texts and placeholders ------------------------------------------------------------------------


AUDIENCE_EN = "industry is\n        {audience_building_difficulty}. Inbound"
AUDIENCE_ES = "orgánico es\n        {audience_building_difficulty}. El inbound"


def test_placeholder_for_a_question_the_rule_does_not_read(rules_copy: Path) -> None:
    # Both languages use it, so each is refused on its own and the two still agree.
    edit(rules_copy, "rules.yaml", AUDIENCE_EN, AUDIENCE_EN.replace("}.", "} and {company_stage}."))
    edit(rules_copy, "rules.yaml", AUDIENCE_ES, AUDIENCE_ES.replace("}.", "} y {company_stage}."))
    diagnostics = problems(rules_copy)
    assert len(diagnostics) == 2, diagnostics
    for lang in ("en", "es"):
        d = find(diagnostics, "`{company_stage}` cannot be used here", f"({lang})")
        assert d.message == (f"`{{company_stage}}` cannot be used here ({lang}); it may use the questions its "
                             "condition reads: audience_building_difficulty")
        assert_at(d, rules_copy, "rules.yaml", "en: >-", nth=1)


def test_misspelt_placeholder_is_suggested(rules_copy: Path) -> None:
    edit(rules_copy, "rules.yaml", AUDIENCE_EN, AUDIENCE_EN.replace("difficulty", "dificulty"))
    edit(rules_copy, "rules.yaml", AUDIENCE_ES, AUDIENCE_ES.replace("difficulty", "dificulty"))
    d = find(problems(rules_copy), "`{audience_building_dificulty}` cannot be used here (en)")
    assert d.suggestion == "did you mean `audience_building_difficulty`?"


def test_a_placeholder_missing_from_one_language_is_located(rules_copy: Path) -> None:
    edit(rules_copy, "rules.yaml", AUDIENCE_ES, AUDIENCE_ES.replace("{audience_building_difficulty}", "difícil"))
    (d,) = problems(rules_copy)
    assert d.message == ("the `es` version has the placeholders none; the `en` one has "
                         "{audience_building_difficulty}")
    assert d.suggestion == "every language fills the same placeholders"
    assert_at(d, rules_copy, "rules.yaml", "es: >-", offset=len("es: "), nth=1)


def test_option_value_read_as_a_boolean(rules_copy: Path) -> None:
    edit(rules_copy, "questions.yaml", "      - value: none\n        label:\n          en: \"None yet",
         "      - value: no\n        label:\n          en: \"None yet")
    d = find(problems(rules_copy), "YAML read this option value as the boolean `false`")
    assert d.suggestion == 'quote it: "no"'
    assert_at(d, rules_copy, "questions.yaml", "no\n        label:\n          en: \"None yet")


LANGUAGES_RULESET = """\
id: default
name: {en: SalesOps or RevOps?, es: ¿SalesOps o RevOps?}
version: 1.0.0
languages: [en, es]
default_language: en
vocabulary:
  "yes": {en: "Yes", es: "Sí"}
  "no": {en: "No"}
  salesops: {en: SalesOps, es: SalesOps, fr: SalesOps}
  revops: RevOps
"""


def test_texts_must_have_every_declared_language(rules_copy: Path) -> None:
    write(rules_copy, "ruleset.yaml", LANGUAGES_RULESET)
    write(rules_copy, "criteria.yaml", english_only(RULES / "criteria.yaml"))  # plain strings only
    diagnostics = problems(rules_copy)
    here = {(d.line, d.column): d for d in diagnostics if d.path == str(rules_copy / "ruleset.yaml")}
    no = here[where(rules_copy, "ruleset.yaml", '{en: "No"}')]
    assert no.message == "a text has no `es` version"
    fr = here[where(rules_copy, "ruleset.yaml", "fr:")]
    assert fr.message == "language `fr` is not declared in ruleset.yaml (languages: en, es)"
    plain = here[where(rules_copy, "ruleset.yaml", "RevOps\n")]
    assert plain.message == "expected a text in every language (en, es), found a plain string"
    assert plain.suggestion == "write it as a mapping with one entry per language: `en: ...`, `es: ...`"
    # Every other file's plain texts are reported too, e.g. the first criterion name.
    criteria = [d for d in diagnostics if d.path == str(rules_copy / "criteria.yaml")]
    assert (criteria[0].line, criteria[0].column) == where(rules_copy, "criteria.yaml", "Early company")
    assert criteria[0].message == "expected a text in every language (en, es), found a plain string"


def test_description_stays_optional_with_several_languages(rules_copy: Path) -> None:
    """BUG: the omitted description defaulted to the plain string "-", which was
    then refused as "found a plain string" at ruleset.yaml:1:1."""
    text = (rules_copy / "ruleset.yaml").read_text(encoding="utf-8")
    write(rules_copy, "ruleset.yaml", text[:text.index("description:\n")] + text[text.index("languages:"):])
    loaded = load_ruleset(rules_copy)  # the bilingual default, without its description
    assert loaded.languages == ("en", "es")
    assert dict(loaded.description.by_language) == {"en": "", "es": ""}


def test_default_language_must_be_declared(rules_copy: Path) -> None:
    edit(rules_copy, "ruleset.yaml", "default_language: en", "default_language: fr")
    d = find(problems(rules_copy), "expected a language listed in `languages`")
    assert "found the string `fr`" in d.message
    assert_at(d, rules_copy, "ruleset.yaml", "fr")


# -- policy.yaml -----------------------------------------------------------------------------------


LAST_DECISION = "  - id: weak_salesops_lead\n    cites: [D2]\n"


def test_last_decision_must_not_have_when(rules_copy: Path) -> None:
    edit(rules_copy, "policy.yaml", LAST_DECISION, LAST_DECISION + "    when: {lead: salesops}\n")
    d = find(problems(rules_copy), "the last decision is the fallback and must have no `when`")
    assert_at(d, rules_copy, "policy.yaml", "when: {lead: salesops}")


def test_only_the_last_decision_may_lack_when(rules_copy: Path) -> None:
    edit(rules_copy, "policy.yaml", "    when: {lead: tie}\n", "")
    d = find(problems(rules_copy), "only the last decision may have no `when`")
    assert_at(d, rules_copy, "policy.yaml", "id: weak_tie")


def test_flag_used_before_it_is_defined(rules_copy: Path) -> None:
    edit(rules_copy, "policy.yaml", "flags:\n", "flags:\n  - id: too_soon\n    when: {flag: automating}\n")
    diagnostics = problems(rules_copy)
    d = find(diagnostics, "unknown flag", "`automating`")
    assert "must be defined above" in d.message
    assert_at(d, rules_copy, "policy.yaml", "automating}")
    assert len(diagnostics) == 1


def test_flag_using_itself(rules_copy: Path) -> None:
    edit(rules_copy, "policy.yaml", "  - id: automating\n    when: {question: rep_future, eq: automate}",
         "  - id: automating\n    when: {any: [{question: rep_future, eq: automate}, {flag: automating}]}")
    diagnostics = problems(rules_copy)
    line, column = where(rules_copy, "policy.yaml", "automating}]}")
    (d,) = [d for d in diagnostics if (d.line, d.column) == (line, column)]
    assert d.path == str(rules_copy / "policy.yaml")
    assert "unknown flag" in d.message and "`automating`" in d.message


def test_unknown_rule_in_fired(rules_copy: Path) -> None:
    edit(rules_copy, "policy.yaml", "        - {fired: r6_unknown_cause}\n        - {flag: deep_sales_problem}\n",
         "        - {fired: r6_unknown_caus}\n        - {flag: deep_sales_problem}\n")
    d = find(problems(rules_copy), "unknown rule `r6_unknown_caus`")
    assert d.suggestion == "did you mean `r6_unknown_cause`?"
    assert_at(d, rules_copy, "policy.yaml", "r6_unknown_caus}")


# -- many problems at once ---------------------------------------------------------------------------


def test_problems_in_different_files_are_reported_together(rules_copy: Path) -> None:
    edit(rules_copy, "ruleset.yaml", "version: 1.0.0", "version: 2")
    edit(rules_copy, "criteria.yaml", "  - id: S2\n", "  - id: S2\n    weight: 3\n")
    edit(rules_copy, "rules.yaml", "  - id: s2_audience_slow\n    cites: [S2]\n",
         "  - id: s2_audience_slow\n    cites: [S9]\n")
    edit(rules_copy, "policy.yaml", "thresholds: {salesops: 7, revops: 7}", "thresholds: {salesops: 7, revops: 0}")
    close_rate = "    name:\n      en: Close rate\n      es: Tasa de cierre\n"
    edit(rules_copy, "functions.yaml", close_rate, close_rate + "    nmae: Close rate\n")
    with pytest.raises(RulesetError) as info:
        load_ruleset(rules_copy)
    diagnostics = list(info.value.diagnostics)
    assert info.value.message == f"{rules_copy}: 5 problems in the ruleset"
    assert diagnostics == sorted(diagnostics)
    assert_at(find(diagnostics, "found the number `2`"), rules_copy, "ruleset.yaml", "2\n")
    assert_at(find(diagnostics, "unknown key `weight`"), rules_copy, "criteria.yaml", "weight")
    assert_at(find(diagnostics, "unknown criterion `S9`"), rules_copy, "rules.yaml", "S9")
    assert_at(find(diagnostics, "of at least 1, found 0"), rules_copy, "policy.yaml", "0}")
    nmae = find(diagnostics, "unknown key `nmae`")
    assert nmae.suggestion == "did you mean `name`?"
    assert_at(nmae, rules_copy, "functions.yaml", "nmae")
    text = str(info.value)
    assert f"{rules_copy / 'criteria.yaml'}:" in text and f"{rules_copy / 'functions.yaml'}:" in text
