"""Fuzz test: no mutation of a ruleset or an answers file makes the CLI crash.

Each example takes one file of the default ruleset (``rules/*.yaml``) or one
example answers file (``examples/*``), reads it as plain data, damages it the
way people and editors do (a value of the wrong type, a list where one value
belongs or the reverse, a key or list item removed or duplicated, a value
moved to the wrong place, a YAML 1.1 number form such as ``1:30``, a control
sequence, a line dropped or doubled), writes it into a copy of its folder and
runs the real entry point, ``advisor.cli.main``, in process. The only
acceptable endings are exit 0, exit 1 (only for ``rules test``: a case
failed) and exit 3 with a located ``file:line:col`` message; an exception
escaping ``main`` fails the test with its traceback.

The number of examples comes from a hypothesis profile: ``fuzz-ci`` (the
default, derandomized so CI runs the same examples every time) or
``fuzz-long`` for a local hunt::

    ADVISOR_FUZZ_PROFILE=fuzz-long python -m pytest tests/unit/test_fuzz.py
    ADVISOR_FUZZ_PROFILE=fuzz-long ADVISOR_FUZZ_EXAMPLES=20000 python -m pytest tests/unit/test_fuzz.py
"""

from __future__ import annotations

import copy
import difflib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.cli import main
from advisor.errors import AdvisorError
from advisor.loader import load_ruleset
from advisor.model import Ruleset
from advisor.session import open_session

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
EXAMPLES = ROOT / "examples"

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}
# CI: 300 examples per test, the same ones every run; about 42 s for the file on
# a 2-core machine (26 s rulesets, 15 s answers). Three fuzz-long runs of 3,000
# random examples per test found nothing more once the crashes were fixed.
settings.register_profile("fuzz-ci", max_examples=300, derandomize=True, **_COMMON)
settings.register_profile("fuzz-long", max_examples=3000, **_COMMON)
FUZZ = settings.get_profile(os.environ.get("ADVISOR_FUZZ_PROFILE", "fuzz-ci"))
if os.environ.get("ADVISOR_FUZZ_EXAMPLES"):  # e.g. ADVISOR_FUZZ_EXAMPLES=20000 for a night's hunt
    FUZZ = settings(FUZZ, max_examples=int(os.environ["ADVISOR_FUZZ_EXAMPLES"]))


def _load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


RULE_FILES = {p.name: _load(p) for p in sorted(RULES.glob("*.yaml"))}
ANSWER_FILES = {p.name: _load(p) for p in sorted(EXAMPLES.glob("*.yaml")) + sorted(EXAMPLES.glob("*.json"))}


def _strings(data: Any) -> set[str]:
    if isinstance(data, str):
        return {data} if len(data) <= 40 else set()
    if isinstance(data, dict):
        return set().union(*(_strings(v) | _strings(k) for k, v in data.items())) if data else set()
    if isinstance(data, list):
        return set().union(*map(_strings, data)) if data else set()
    return set()


# Real ids, option values, keys and words of the ruleset: a damaged file that
# still names real things gets past the first checks and into the deep ones.
WORDS = sorted(_strings(RULE_FILES) | _strings(list(RULE_FILES.values())))

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 40), st.integers(), st.floats(),
    st.sampled_from((10**400, -(10**400), 10**16, 1e300, -1e300)),  # past what a float or the analysis can take
    st.sampled_from(WORDS), st.text(max_size=6),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.one_of(st.sampled_from(WORDS), st.integers(0, 3), st.none()),
                                            inner, max_size=3)),
    max_leaves=6,
)

# Plain YAML written as text, where safe_dump would have quoted it.
RAW_TOKENS = (
    "1:30", "0x10", "0o17", "010", "1_000", "+12", ".inf", "-.inf", ".nan", "1.0e999", "1e3", "-0", "1.",
    "yes", "off", "~", "''", "[]", "{}", "[a, [b]]", "{a: {b: c}}", "[[x]]", "{question: [a]}",
    '"\\e]0;title\\a"', '"\\x1b[2J"', '"\\u202e"', '"a\\0b"', "!!python/name:os.system", "!!str x",
    "&a x", "*a", "<<: {}", "'", '"', "- x", "? x", "|", ">-", "%YAML 1.1", "---", "...", "#",
    "2026-01-01", "1" * 5000, "1" + "0" * 400, "1.0e+300", "x" * 5000,
)

_ASSIGN = re.compile(r"^(\s*(?:- )?[^\s:#][^:]*:\s)(.+)$")
_ITEM = re.compile(r"^(\s*- )(.+)$")


# -- mutations ------------------------------------------------------------------------------

def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _paths(value, (*prefix, index))
    return out


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    _get(data, path[:-1])[path[-1]] = value
    return data


class Damaged:
    """One damaged file; shown in a failure report as a diff against the undamaged dump."""

    def __init__(self, name: str, text: str, before: str) -> None:
        self.name, self.text, self.before = name, text, before

    def __repr__(self) -> str:
        diff = difflib.unified_diff(self.before.splitlines(), self.text.splitlines(), self.name, self.name,
                                    n=1, lineterm="")
        return "\n".join(line if len(line) < 200 else line[:200] + "..." for line in diff)


def _dump(name: str, data: Any, flow: bool, ascii_only: bool) -> str:
    if name.endswith(".json"):
        return json.dumps(data, indent=2, ensure_ascii=ascii_only)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=flow)


@st.composite
def mutated(draw: st.DrawFn, files: dict[str, Any]) -> Damaged:
    """One of ``files``, damaged."""
    name = draw(st.sampled_from(sorted(files)))
    data = copy.deepcopy(files[name])
    for _ in range(draw(st.integers(0, 3))):
        paths = _paths(data)
        path = paths[draw(st.integers(0, len(paths) - 1))]
        old = _get(data, path)
        kind = draw(st.sampled_from(("replace", "replace", "list", "map", "unwrap", "remove", "double", "move")))
        if kind == "replace":
            data = _set(data, path, draw(_values))
        elif kind == "list":
            data = _set(data, path, [old])
        elif kind == "map":
            data = _set(data, path, {draw(st.sampled_from(WORDS)): old})
        elif kind == "unwrap" and isinstance(old, (list, dict)) and old:
            data = _set(data, path, next(iter(old.values())) if isinstance(old, dict) else old[0])
        elif kind == "remove" and path:
            del _get(data, path[:-1])[path[-1]]
        elif kind == "double" and path and isinstance(_get(data, path[:-1]), list):
            _get(data, path[:-1]).insert(path[-1], copy.deepcopy(old))
        elif kind == "move":
            source = paths[draw(st.integers(0, len(paths) - 1))]
            data = _set(data, path, copy.deepcopy(_get(data, source)))
    flow, ascii_only = draw(st.booleans()), draw(st.booleans())
    lines = _dump(name, data, flow, ascii_only).splitlines()
    for _ in range(draw(st.integers(0, 2))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(("drop", "double", "token")))
        if kind == "drop":
            del lines[i]
        elif kind == "double":  # a doubled `key: value` line is a duplicated key
            lines.insert(i, lines[i])
        else:
            match = _ASSIGN.match(lines[i]) or _ITEM.match(lines[i])
            if match:
                lines[i] = match.group(1) + draw(st.sampled_from(RAW_TOKENS))
    return Damaged(name, "\n".join(lines) + "\n", _dump(name, files[name], flow, ascii_only))


# -- the checks -----------------------------------------------------------------------------

def run(capsys: pytest.CaptureFixture[str], argv: list[str], allowed: tuple[int, ...], *inside: Path) -> None:
    capsys.readouterr()
    code = main(argv)  # an exception here is the failure this test looks for
    out, err = capsys.readouterr()
    assert code in allowed, f"exit {code} for {argv}\nstdout: {out[-2000:]}\nstderr: {err[-2000:]}"
    assert "Traceback" not in err
    if code == 3:
        assert err.startswith("advisor: error: "), err[-2000:]
        # A located error: some line names a file of the damaged folder (or the answers file read
        # with a damaged ruleset) with line and column.
        where = "|".join(re.escape(str(path)) for path in inside)
        located = re.compile(rf"(?:{where})(?:/[^:\n]+)?:\d+:\d+: ")
        assert located.search(err), f"no file:line:col in the error for {argv}:\n{err[-2000:]}"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    answers = tmp_path / "answers"
    shutil.copytree(EXAMPLES, answers)
    return rules, answers


_RULESET: list[Ruleset] = []


def _ruleset() -> Ruleset:
    # Loaded on first use, so collecting the tests stays quick.
    if not _RULESET:
        _RULESET.append(load_ruleset(RULES, with_cases=False, cache=False))
    return _RULESET[0]


@FUZZ
@given(change=mutated(RULE_FILES))
def test_a_damaged_ruleset_gives_exit_0_1_or_3_never_a_traceback(
    change: Damaged, folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    rules, _ = folders
    name = change.name
    target = rules / name
    target.write_text(change.text, encoding="utf-8")
    try:
        run(capsys, ["rules", "check", str(rules)], (0, 3), rules)
        run(capsys, ["rules", "test", str(rules)], (0, 1, 3), rules)
        example = EXAMPLES / "both-phased.yaml"  # a damaged ruleset may no longer accept its answers
        run(capsys, ["evaluate", str(example), "--rules", str(rules)], (0, 3), rules, example)
    finally:
        shutil.copyfile(RULES / name, target)


@FUZZ
@given(change=mutated(ANSWER_FILES))
def test_a_damaged_answers_file_gives_exit_0_or_3_never_a_traceback(
    change: Damaged, folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, answers = folders
    target = answers / change.name
    target.write_text(change.text, encoding="utf-8")
    run(capsys, ["evaluate", str(target), "--rules", str(RULES)], (0, 3), answers)
    run(capsys, ["evaluate", str(target), "--format", "json"], (0, 3), answers)
    # The app's "Open an answers file" path reads leniently; it may refuse, never crash.
    try:
        open_session(target, _ruleset(), keep_path=False)
    except AdvisorError as exc:
        assert exc.diagnostics, str(exc)
