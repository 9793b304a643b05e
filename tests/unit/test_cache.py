"""The advisor's caches: parsed ruleset files and compiled report templates, keyed on the advisor's code too.

A cache hit must be indistinguishable from a fresh read, and an entry that
other code wrote (an older advisor, an edit in a checkout, another Jinja2)
is never used. The static analysis is no longer cached (it costs ~1.5 ms):
a changed analysis shows at once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest

from advisor import analysis, report, resources, yamlread
from advisor.cli import main
from advisor.errors import RulesetError
from advisor.loader import load_ruleset
from advisor.parsecache import read_cached
from advisor.resources import cache_dir, code_fingerprint

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(resources.__file__).resolve().parent
TEXT = "name: demo\nitems:\n  - {id: a, value: 1}\n  - {id: b, value: [x, y]}\n"


@pytest.fixture(autouse=True)
def _fresh_environments() -> Iterator[None]:
    """report keeps one Jinja2 environment per folder and process; each test here starts without."""
    saved = dict(report._ENVIRONMENTS)
    report._ENVIRONMENTS.clear()
    yield
    report._ENVIRONMENTS.clear()
    report._ENVIRONMENTS.update(saved)


def cached_files(under: Path | None = None) -> list[str]:
    root = under or cache_dir("")
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def check(rules: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["rules", "check", str(rules)]) == 0
    return capsys.readouterr().out


# -- the parse cache -------------------------------------------------------------------------------

def test_cache_hit_gives_the_same_data_and_positions(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    fresh = read_cached(TEXT.encode(), "doc.yaml", cache)
    assert len(cached_files(cache)) == 1
    hit = read_cached(TEXT.encode(), "doc.yaml", cache)
    assert hit.data == fresh.data and hit.path == "doc.yaml"
    for keys in [("name",), ("items", 1, "value", 1), ("items", 0, "id"), ("missing", "x")]:
        assert hit.mark(*keys) == fresh.mark(*keys)
        assert hit.key_mark(*keys) == fresh.key_mark(*keys)
    line = TEXT.splitlines()[3]
    mark = hit.mark("items", 1, "value", 1)
    assert (mark.line, mark.column) == (4, line.index("y") + 1)


def test_an_edited_file_misses_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    read_cached(TEXT.encode(), "doc.yaml", cache)
    assert read_cached(TEXT.replace("demo", "changed").encode(), "doc.yaml", cache).data["name"] == "changed"


def test_a_corrupt_cache_file_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    read_cached(TEXT.encode(), "doc.yaml", cache)
    for entry in cache.rglob("*.marshal"):
        entry.write_bytes(b"\x00garbage")
    assert read_cached(TEXT.encode(), "doc.yaml", cache).data["name"] == "demo"


def test_an_unwritable_cache_only_costs_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    assert read_cached(TEXT.encode(), "doc.yaml", blocker).data["name"] == "demo"
    assert blocker.read_text() == "a file where the cache folder should be"


def test_ruleset_errors_keep_their_positions_on_a_cache_hit(rules_copy: Path) -> None:
    path = rules_copy / "rules.yaml"
    path.write_text(path.read_text().replace("    cites: [S5]", "    cites: [S5]\n    colour: red", 1))
    messages = []
    for _ in range(2):  # the first load fills the parse cache, the second reads it
        with pytest.raises(RulesetError) as info:
            load_ruleset(rules_copy)
        messages.append([str(d) for d in info.value.diagnostics])
    assert messages[0] == messages[1]
    assert any("rules.yaml:" in m and "unknown key `colour`" in m for m in messages[0])


def test_cached_load_equals_an_uncached_one(rules_copy: Path) -> None:
    first = load_ruleset(rules_copy)
    assert cached_files(), "the first load fills the parse cache"
    second = load_ruleset(rules_copy)
    uncached = load_ruleset(rules_copy, cache=False)
    for other in (second, uncached):
        assert other.hash == first.hash
        assert other.max_scores == first.max_scores
        assert [q.id for q in other.questions] == [q.id for q in first.questions]
        assert len(other.cases) == len(first.cases)


def test_a_parse_by_other_code_is_not_used(rules_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_ruleset(rules_copy).version == "1.0.0"  # fills the cache
    read = yamlread._read

    def new_reader(text: str, path: str, max_depth: int) -> yamlread.Document:
        doc = read(text, path, max_depth)
        if path.endswith("ruleset.yaml"):
            doc.data["version"] = "9.9.9"  # type: ignore[index]
        return doc

    monkeypatch.setattr(yamlread, "_read", new_reader)
    # Same code fingerprint: the cache answers, so this is what a stale entry would look like ...
    assert load_ruleset(rules_copy).version == "1.0.0"
    # ... and new code (a new fingerprint) does not read it.
    monkeypatch.setattr(resources, "code_fingerprint", lambda: "f" * 64)
    assert load_ruleset(rules_copy).version == "9.9.9"


def test_entries_of_other_code_are_removed_when_new_code_writes(
        rules_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_ruleset(rules_copy)
    rulesets = cache_dir("rulesets")
    old = {p.name for p in rulesets.iterdir()}
    assert old == {code_fingerprint()[:16]}
    # What the previous version of the cache left (flat entries, analysis results, a temp file) and
    # something that is not ours.
    for name in ("0123456789abcdef0123456789abcdef01234567.marshal", "analysis-3567673185aeb4f0-0.1.0.marshal",
                 "0123456789abcdef0123456789abcdef01234567.marshal.4242.tmp", "notes.txt"):
        (rulesets / name).write_bytes(b"x")
    monkeypatch.setattr(resources, "code_fingerprint", lambda: "e" * 64)
    load_ruleset(rules_copy)
    assert sorted(p.name for p in rulesets.iterdir()) == ["e" * 16, "notes.txt"]


def test_an_unreadable_install_only_costs_speed(
        rules_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def unreadable() -> str:
        raise PermissionError(13, "Permission denied", str(PACKAGE / "engine.py"))

    monkeypatch.setattr(resources, "code_fingerprint", unreadable)
    assert "maximum scores: SalesOps 23, RevOps 30" in check(rules_copy, capsys)
    report._environment(resources.reports_dir()).get_template(report.TEMPLATE)
    assert cached_files() == [], "nothing cached that could not be matched to the code"


# -- the analysis: kept for evaluating loads, afresh for checking ones ------------------------------

def test_a_changed_analysis_shows_at_once(
        rules_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # The reported bug: after a change to the analysis code, `rules check` kept printing the old maxima.
    assert "maximum scores: SalesOps 23, RevOps 30" in check(rules_copy, capsys)
    monkeypatch.setattr(analysis, "analyse", lambda ruleset: ({"salesops": 99, "revops": 77}, set()))
    assert "maximum scores: SalesOps 99, RevOps 77" in check(rules_copy, capsys)


def test_an_evaluating_load_reuses_the_analysis_of_the_same_ruleset(
        rules_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_ruleset(rules_copy, with_cases=False)
    calls: list[str] = []
    real = analysis.analyse
    monkeypatch.setattr(analysis, "analyse", lambda ruleset: calls.append(ruleset.hash) or real(ruleset))
    again = load_ruleset(rules_copy, with_cases=False)
    assert calls == [] and again.max_scores == first.max_scores
    # Another ruleset (one file edited) is analysed afresh, and so is every checking load.
    (rules_copy / "rules.yaml").write_text((rules_copy / "rules.yaml").read_text(encoding="utf-8") + "\n")
    edited = load_ruleset(rules_copy, with_cases=False)
    load_ruleset(rules_copy)
    assert calls == [edited.hash, edited.hash]


def test_a_contradiction_that_cannot_hold_is_reported_by_an_evaluating_load_too(
        rules_copy: Path) -> None:
    # Cached or not, the analysis still turns into the same located error.
    policy = rules_copy / "policy.yaml"
    text = policy.read_text(encoding="utf-8")
    start = text.index("contradictions:\n") + len("contradictions:\n")
    never = ("  - id: never\n    cites: []\n    answers:\n      - {question: sales_reps, eq: 0}\n"
             "      - {question: rep_admin_share, eq: over_35}\n    text: {en: Never., es: Nunca.}\n")
    policy.write_text(text[:start] + never + text[start:], encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RulesetError) as info:
            load_ruleset(rules_copy, with_cases=False)
        assert any("contradiction `never` can never apply" in d.message for d in info.value.diagnostics)


def test_rules_check_from_an_edited_copy_of_the_package_shows_the_edit(tmp_path: Path) -> None:
    """The bug as a user met it: edit the advisor's code, run `rules check` again with the same cache."""
    install = tmp_path / "install"
    shutil.copytree(PACKAGE, install / "advisor", ignore=shutil.ignore_patterns("__pycache__"))
    for data in ("rules", "reports"):
        shutil.copytree(ROOT / data, install / data)
    env = dict(os.environ, PYTHONPATH=str(install), PYTHONDONTWRITEBYTECODE="1")

    def rules_check() -> str:
        done = subprocess.run([sys.executable, "-m", "advisor", "rules", "check"], cwd=install, env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    before = rules_check()
    assert "`default` 1.0.0" in before and "maximum scores: SalesOps 23, RevOps 30" in before
    assert cached_files(), "the run filled the parse cache"
    with open(install / "advisor" / "yamlread.py", "a") as code:  # the reader now reads another version
        code.write("\n_old_read = _read\n\n\ndef _read(text, path, max_depth):\n"
                   "    doc = _old_read(text, path, max_depth)\n"
                   "    if path.endswith('ruleset.yaml'):\n        doc.data['version'] = '9.9.9'\n"
                   "    return doc\n")
    with open(install / "advisor" / "analysis.py", "a") as code:  # and the analysis other maxima
        code.write("\n_old_analyse = analyse\n\n\ndef analyse(ruleset):\n"
                   "    maxima, unreachable = _old_analyse(ruleset)\n"
                   "    return {side: points + 100 for side, points in maxima.items()}, unreachable\n")
    after = rules_check()
    assert "`default` 9.9.9" in after and "maximum scores: SalesOps 123, RevOps 130" in after


# -- the code fingerprint and the template cache ----------------------------------------------------

def test_the_code_fingerprint_changes_with_any_source_file_of_the_package(tmp_path: Path) -> None:
    copy = tmp_path / "advisor"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    fingerprint = code_fingerprint.__wrapped__  # uncached: the same folder is hashed again below
    before = fingerprint(copy)
    assert before == fingerprint(copy) and len(before) == 64
    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "engine.cpython-311.pyc").write_bytes(b"not source")
    (copy / "notes.txt").write_text("not source either")
    assert fingerprint(copy) == before
    deep = next(p for p in sorted(copy.rglob("*.py")) if p.parent != copy)  # one in a sub-package (ui/)
    for edited in (copy / "analysis.py", deep):
        original, was = edited.read_bytes(), edited.stat()
        # The same size and time as before: only the content tells.
        edited.write_bytes(original.replace(b"\n", b" ", 1))
        os.utime(edited, ns=(was.st_atime_ns, was.st_mtime_ns))
        assert fingerprint(copy) != before, edited
        edited.write_bytes(original)
    assert fingerprint(copy) == before


def template_environment(folder: Path, **options: Any) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=report._bytecode_cache(),
                              **options)


def test_a_template_compiled_by_other_code_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # What a template compiles to depends on our code: an entry compiled without `finalize` (say, before
    # values were escaped) would print a value raw if it were used after the code changed.
    (tmp_path / "page.j2").write_text("Company: {{ company }}\n")
    monkeypatch.setattr(resources, "code_fingerprint", lambda: "old code")
    old = template_environment(tmp_path).get_template("page.j2")
    assert old.render(company="<b>") == "Company: <b>"
    assert cached_files(), "the compiled template is cached"

    monkeypatch.setattr(resources, "code_fingerprint", lambda: "new code")
    new = template_environment(tmp_path, finalize=lambda value: f"[{value}]").get_template("page.j2")
    assert new.render(company="<b>") == "Company: [<b>]"
    assert len(cached_files()) == 1, "the entry is replaced in place, not added to"


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja2 compiles (rather than loads from the cache) from now on."""
    names: list[str] = []
    real = jinja2.Environment.compile

    def compile_(env: jinja2.Environment, source: str, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        names.append(str(name))
        return real(env, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_)
    return names


def test_a_template_compiled_by_another_jinja2_is_not_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled: list[str]) -> None:
    (tmp_path / "page.j2").write_text("{{ company }}")
    with monkeypatch.context() as patch:
        patch.setattr(jinja2, "__version__", "0.0-old")
        template_environment(tmp_path).get_template("page.j2")
    template_environment(tmp_path).get_template("page.j2")
    assert compiled == ["page.j2", "page.j2"]


def test_the_report_template_is_compiled_once_then_read_from_the_cache(compiled: list[str]) -> None:
    folder = resources.reports_dir()
    report._environment(folder).get_template(report.TEMPLATE)
    assert compiled == [report.TEMPLATE]
    assert [Path(name).parent.name for name in cached_files()] == ["templates"]
    report._ENVIRONMENTS.clear()  # as in the next `advisor evaluate` process
    report._environment(folder).get_template(report.TEMPLATE)
    assert compiled == [report.TEMPLATE]


# -- the compiled evaluator (advisor/compiled.py) -------------------------------------------------------

def test_the_compiled_evaluator_is_kept_and_a_kept_one_scores_the_same(rules_copy: Path) -> None:
    from advisor.engine import evaluate, what_would_change

    answers = {"company_stage": "growing", "sales_reps": 6, "revenue_teams": ["marketing"],
               "rep_admin_share": "over_35"}
    first = load_ruleset(rules_copy, with_cases=False)
    verdict = evaluate(first, answers)
    assert first.plan.source, "the first evaluation writes and compiles the source"
    assert any(name.rsplit("/", 1)[-1].startswith("code-") for name in cached_files())
    second = load_ruleset(rules_copy, with_cases=False)
    assert second is not first
    again = evaluate(second, answers)
    assert not second.plan.source, "the second one comes from the cache"
    assert (again.decision.id, again.salesops, again.revops, again.confidence, list(again.hidden)) == (
        verdict.decision.id, verdict.salesops, verdict.revops, verdict.confidence, list(verdict.hidden))
    assert what_would_change(second, answers) == what_would_change(first, answers)


def test_a_corrupt_compiled_evaluator_is_written_again(rules_copy: Path) -> None:
    from advisor.engine import evaluate

    answers = {"company_stage": "scaling", "sales_reps": 30}
    expected = evaluate(load_ruleset(rules_copy, with_cases=False), answers).decision.id
    [entry] = [p for p in cache_dir("").rglob("code-*.marshal")]
    entry.write_bytes(b"not marshal data")
    ruleset = load_ruleset(rules_copy, with_cases=False)
    assert evaluate(ruleset, answers).decision.id == expected
    assert ruleset.plan.source  # compiled anew
