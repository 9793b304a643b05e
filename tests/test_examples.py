"""Golden reports: each example answers file and the reports committed beside it.

examples/README.md gives the commands that regenerate the reports; these
tests read them from there, run each one in memory (stdout instead of the
file its `-o` names) and compare the output with the committed file byte for
byte, so the README's commands and the files cannot drift apart. After an
intended change to the rules, texts or templates, run the README's commands
(or ``ADVISOR_UPDATE_GOLDEN=1 python -m pytest tests/test_examples.py``) and
review the diff before committing.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from pathlib import Path

import pytest

from advisor import cli
from advisor.answers import load_answers
from advisor.engine import evaluate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
UPDATE = os.environ.get("ADVISOR_UPDATE_GOLDEN") == "1"

# name -> (outcome, lean, first, phased, decision)
EXPECTED = {
    "clear-salesops": ("salesops", None, None, False, "salesops_needed"),
    "clear-revops": ("revops", None, None, False, "revops_needed"),
    "both-phased": ("both", None, "revops", True, "both_needed"),
    "both-unknown-cause": ("both", None, "salesops", False, "both_unknown_cause_deep_sales"),
    "not-yet": ("not_yet", "salesops", None, False, None),
}


def readme_commands() -> list[list[str]]:
    """The `advisor evaluate` commands of examples/README.md, the shell loop unrolled."""
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```\n(.*?)```", text, re.DOTALL)
    assert block, "examples/README.md has no command block"
    lines = block.group(1).splitlines()
    loop = re.fullmatch(r"for name in (.+); do", lines[0].strip())
    done = [line.strip() for line in lines].index("done")
    assert loop, lines
    commands = []
    for name in loop.group(1).split():
        for line in lines[1:done]:
            commands.append(shlex.split(line.replace("$name", name)))
    commands += [shlex.split(line) for line in lines[done + 1:]]  # the workshop's, after the loop
    for words in commands:
        assert words[:3] == ["python", "-m", "advisor"], words
    return [words[3:] for words in commands]


COMMANDS = readme_commands()


def output_of(args: list[str]) -> Path:
    return ROOT / args[args.index("-o") + 1]


def test_the_readme_regenerates_every_example():
    written = {str(output_of(args).relative_to(EXAMPLES)) for args in COMMANDS}
    committed = {str(p.relative_to(EXAMPLES)) for p in EXAMPLES.rglob("*")
                 if p.suffix in (".md", ".json", ".html") and p.name != "README.md"}
    assert written == committed
    assert {Path(args[1]).stem for args in COMMANDS if args[0] == "evaluate"} == set(EXPECTED)


@pytest.mark.parametrize("args", COMMANDS, ids=[output_of(a).name for a in COMMANDS])
def test_golden_report(args, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    golden = output_of(args)
    i = args.index("-o")
    capsys.readouterr()
    code = cli.main([*args[:i], *args[i + 2:]])  # the same command, to stdout
    out, err = capsys.readouterr()
    assert code == 0 and err == "", err
    fresh = out.encode("utf-8")
    if UPDATE:
        golden.write_bytes(fresh)
        return
    assert golden.is_file(), f"{golden} is missing; run the commands in examples/README.md"
    committed = golden.read_bytes()
    if fresh != committed:
        fresh_lines = fresh.decode("utf-8").splitlines()
        old_lines = committed.decode("utf-8").splitlines()
        first = next((i for i, (a, b) in enumerate(zip(fresh_lines, old_lines, strict=False)) if a != b),
                     min(len(fresh_lines), len(old_lines)))
        pytest.fail(f"{golden.name} differs from a fresh report from line {first + 1}:\n"
                    f"  committed: {old_lines[first] if first < len(old_lines) else '<end of file>'}\n"
                    f"  fresh:     {fresh_lines[first] if first < len(fresh_lines) else '<end of file>'}\n"
                    "If the change is intended, run the commands in examples/README.md")


@pytest.mark.parametrize("name", list(EXPECTED))
def test_example_recommends_what_its_name_says(ruleset, name):
    outcome, lean, first, phased, decision = EXPECTED[name]
    meta = load_answers(EXAMPLES / f"{name}.yaml", ruleset)
    assert meta.warnings == ()
    result = evaluate(ruleset, meta.answers)
    assert (result.outcome, result.lean, result.first, result.phased) == (outcome, lean, first, phased)
    if decision is not None:
        assert result.decision.id == decision
    assert result.strength == ("clear" if outcome != "not_yet" else "emerging")
    if name == "both-unknown-cause":
        assert "R6" in result.criteria and "B5" in result.cited
    report = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    assert report["recommendation"]["outcome"] == outcome
    assert report["recommendation"]["decision"] == result.decision.id


@pytest.mark.parametrize("name", list(EXPECTED))
def test_example_answers_every_shown_question(ruleset, name):
    meta = load_answers(EXAMPLES / f"{name}.yaml", ruleset)
    assert meta.company and meta.respondent and meta.role and meta.date
    result = evaluate(ruleset, meta.answers)
    assert result.unanswered == ()
    assert result.ignored == ()


def test_the_workshop_example(ruleset):
    """Five people of one company: every file counts, and the pooled verdict is the one the README states."""
    from advisor.workshop.analysis import analyse
    from advisor.workshop.folder import read_participants, read_workshop

    folder = EXAMPLES / "workshop"
    info = read_workshop(folder, ruleset)
    people = read_participants(folder, ruleset)
    assert info.warnings == () and len(people) == 5 and all(p.finished for p in people)
    w = analyse(ruleset, info, people)
    assert w.result is not None and (w.result.outcome, w.result.first) == ("both", "salesops")
    assert len({p.role for p in people}) == 4 and w.mattering and w.roles[0].role == "Sales"
