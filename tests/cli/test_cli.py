"""The ``advisor`` command line, run as a user would: exit codes, stdout, stderr, files.

Most tests run ``python -m advisor`` in a subprocess, with the working
directory in tmp_path; the many ``--help`` checks run in-process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from advisor import __version__, cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"


def run(*args: str, cwd: Path, check_clean: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, "-m", "advisor", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120)
    if check_clean:
        assert "Traceback" not in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stdout, proc.stdout
    return proc


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of an example answers file in the working folder."""
    target = tmp_path / "answers.yaml"
    shutil.copy(EXAMPLE, target)
    return target


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


# -- version, help, usage errors ---------------------------------------------------------------------

def test_version(tmp_path):
    proc = run("--version", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"advisor {__version__}"
    assert proc.stderr == ""


def test_help(tmp_path):
    proc = run("--help", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.startswith("usage: advisor")
    for command in ("evaluate", "template", "questions", "rules"):
        assert command in proc.stdout
    assert "Exit codes" in proc.stdout


@pytest.mark.parametrize("argv", [
    ["evaluate", "--help"], ["template", "--help"], ["questions", "--help"], ["rules", "--help"],
    ["rules", "check", "--help"], ["rules", "test", "--help"],
])
def test_subcommand_help(argv, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(argv)
    assert info.value.code == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"usage: advisor {' '.join(argv[:-1])}")
    assert err == ""


def test_no_command_is_a_usage_error_with_a_hint(tmp_path):
    # Without a command `advisor` starts the questionnaire; here stdout is a pipe, so it refuses.
    proc = run(cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "interactive terminal" in proc.stderr
    assert "advisor template -o answers.yaml" in proc.stderr
    assert "advisor evaluate answers.yaml" in proc.stderr


@pytest.mark.parametrize("argv", [
    ["--bogus"], ["evaluate", "answers.yaml", "--bogus"], ["rules"], ["rules", "frobnicate"],
    ["evaluate"], ["evaluate", "answers.yaml", "--format", "docx"], ["frobnicate"],
])
def test_bad_arguments_exit_2(tmp_path, argv):
    proc = run(*argv, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "usage: advisor" in proc.stderr
    assert "error:" in proc.stderr
    assert proc.stdout == ""


@pytest.mark.parametrize("date", ["2026-13-01", "01/12/2026", "tomorrow"])
def test_bad_date_exits_2(example, tmp_path, date):
    proc = run("evaluate", example.name, "--date", date, cwd=tmp_path)
    assert proc.returncode == 2
    assert "YYYY-MM-DD" in proc.stderr
    assert date in proc.stderr
    assert proc.stdout == ""


# -- template ------------------------------------------------------------------------------------

def test_template_round_trip(tmp_path, ruleset):
    proc = run("template", "-o", "answers.yaml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and proc.stderr == ""
    text = (tmp_path / "answers.yaml").read_text(encoding="utf-8")
    for q in ruleset.questions:
        assert re.search(rf"^  {q.id}:$", text, re.MULTILINE), q.id
    assert files_in(tmp_path) == {"answers.yaml"}, "no temporary file is left behind"

    proc = run("evaluate", "answers.yaml", "--format", "json", "--date", "2026-12-01", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    report = json.loads(proc.stdout)
    statuses = [item["status"] for topic in report["answers"] for item in topic["items"]]
    assert len(statuses) == len(ruleset.questions)
    assert "answered" not in statuses
    unanswered = {u["question"] for u in report["unanswered"]}
    hidden = {item["question"] for topic in report["answers"] for item in topic["items"]
              if item["status"] == "hidden"}
    assert unanswered | hidden == {q.id for q in ruleset.questions}
    assert report["why"] == []
    assert "many_unanswered" in {c["id"] for c in report["caveats"]}


def test_template_to_stdout_with_date(tmp_path):
    proc = run("template", "--date", "2026-12-01", cwd=tmp_path)
    assert proc.returncode == 0
    assert 'date: "2026-12-01"' in proc.stdout
    assert "format: advisor-answers/1" in proc.stdout


# -- evaluate ------------------------------------------------------------------------------------

def test_evaluate_markdown_to_stdout(example, tmp_path):
    proc = run("evaluate", example.name, "--date", "2026-12-01", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stderr == ""
    assert proc.stdout.startswith("# Northwind Lab Systems: SalesOps, RevOps or both?")
    assert "\n## Build a SalesOps team\n" in proc.stdout
    assert "\n# Appendix: the evidence\n" in proc.stdout
    assert "- **Date:** 1 December 2026" in proc.stdout


def test_evaluate_json_matches_markdown(example, tmp_path):
    md = run("evaluate", example.name, "--date", "2026-12-01", cwd=tmp_path)
    js = run("evaluate", example.name, "--date", "2026-12-01", "--format", "json", cwd=tmp_path)
    assert js.returncode == 0 and js.stderr == ""
    report = json.loads(js.stdout)
    assert report["format"] == "advisor-report/2"
    assert report["recommendation"]["outcome"] == "salesops"
    assert f"\n## {report['recommendation']['title']}\n" in md.stdout
    assert f"{report['strength']['label']}." in md.stdout and f"{report['direction']['label']}." in md.stdout
    assert report["date"] == "2026-12-01"
    assert report["company"] == "Northwind Lab Systems"


def test_evaluate_date_defaults_to_the_answers_file(example, tmp_path):
    proc = run("evaluate", example.name, "--format", "json", cwd=tmp_path)
    assert json.loads(proc.stdout)["date"] == "2026-11-18"


def test_evaluate_to_file(example, tmp_path):
    proc = run("evaluate", example.name, "-o", "out.md", "--date", "2026-12-01", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout == "" and proc.stderr == ""
    written = (tmp_path / "out.md").read_text(encoding="utf-8")
    direct = run("evaluate", example.name, "--date", "2026-12-01", cwd=tmp_path).stdout
    assert written == direct
    assert files_in(tmp_path) == {"answers.yaml", "out.md"}


def test_evaluate_overwrites_an_existing_file(example, tmp_path):
    (tmp_path / "out.json").write_text("old", encoding="utf-8")
    proc = run("evaluate", example.name, "-o", "out.json", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["format"] == "advisor-report/2"
    assert files_in(tmp_path) == {"answers.yaml", "out.json"}


def test_evaluate_into_missing_folder_exits_4(example, tmp_path):
    before = files_in(tmp_path)
    proc = run("evaluate", example.name, "-o", "missing/out.md", cwd=tmp_path)
    assert proc.returncode == 4
    assert proc.stdout == ""
    assert proc.stderr.startswith("advisor: error: missing/out.md: cannot write")
    assert "does not exist" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert files_in(tmp_path) == before


def test_evaluate_onto_a_folder_exits_4_and_leaves_no_temp_file(example, tmp_path):
    (tmp_path / "out.md").mkdir()
    before = files_in(tmp_path)
    proc = run("evaluate", example.name, "-o", "out.md", cwd=tmp_path)
    assert proc.returncode == 4
    assert "out.md" in proc.stderr and "cannot write" in proc.stderr
    assert files_in(tmp_path) == before


def test_evaluate_missing_answers_file_exits_4(tmp_path):
    proc = run("evaluate", "nowhere.yaml", cwd=tmp_path)
    assert proc.returncode == 4
    assert "nowhere.yaml" in proc.stderr
    assert proc.stderr.startswith("advisor: error:")
    assert proc.stdout == ""


def test_evaluate_invalid_answers_exits_3_with_locations(tmp_path):
    (tmp_path / "bad.yaml").write_text(
        "format: advisor-answers/1\n"
        "answers:\n"
        "  company_stage: bogus\n"
        "  sales_repz: 3\n"
        "  sales_reps: -2\n"
        "  revenue_teams: [marketing, marketing]\n",
        encoding="utf-8")
    proc = run("evaluate", "bad.yaml", cwd=tmp_path)
    assert proc.returncode == 3
    assert proc.stdout == ""
    located = re.findall(r"^\s*bad\.yaml:(\d+):(\d+): (.*)$", proc.stderr, re.MULTILINE)
    lines = {int(line): message for line, _col, message in located}
    assert set(lines) == {3, 4, 5, 6}, proc.stderr
    assert "company_stage" in lines[3]
    assert "sales_repz" in lines[4] and "sales_reps" in lines[4]     # with a "did you mean"
    assert "sales_reps" in lines[5]
    assert "revenue_teams" in lines[6]


def test_evaluate_malformed_yaml_exits_3_with_location(tmp_path):
    (tmp_path / "bad.yaml").write_text("answers:\n  company_stage: [growing\n", encoding="utf-8")
    proc = run("evaluate", "bad.yaml", cwd=tmp_path)
    assert proc.returncode == 3
    assert re.search(r"bad\.yaml:\d+:\d+: ", proc.stderr), proc.stderr


def test_evaluate_with_invalid_ruleset_exits_3(example, tmp_path, rules_copy):
    path = rules_copy / "rules.yaml"
    text = path.read_text(encoding="utf-8")
    assert "eq: 20_to_35}" in text
    path.write_text(text.replace("eq: 20_to_35}", "eq: 20_to_36}"), encoding="utf-8")
    proc = run("evaluate", example.name, "--rules", str(rules_copy), cwd=tmp_path)
    assert proc.returncode == 3
    assert proc.stdout == ""
    assert re.search(r"rules\.yaml:\d+:\d+: .*20_to_36", proc.stderr), proc.stderr


# -- rules check / rules test ------------------------------------------------------------------------

def test_rules_check_default(tmp_path, ruleset):
    proc = run("rules", "check", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stderr == ""
    assert ": ok: ruleset `default`" in proc.stdout
    assert f"{len(ruleset.questions)} questions, {len(ruleset.rules)} rules" in proc.stdout


def test_rules_check_invalid_exits_3_with_locations(tmp_path, rules_copy):
    path = rules_copy / "policy.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("recommend: both\n", "recommend: bothh\n", 1) + "extra_key: 1\n",
                    encoding="utf-8")
    proc = run("rules", "check", str(rules_copy), cwd=tmp_path)
    assert proc.returncode == 3
    located = re.findall(r"policy\.yaml:(\d+):(\d+): (.*)$", proc.stderr, re.MULTILINE)
    assert len(located) >= 2, proc.stderr
    assert any("bothh" in m for *_, m in located)
    assert any("extra_key" in m for *_, m in located)


def test_rules_check_missing_folder_exits_4(tmp_path):
    proc = run("rules", "check", "no-such-rules", cwd=tmp_path)
    assert proc.returncode == 4
    assert "no-such-rules" in proc.stderr


def test_rules_test_default(tmp_path, ruleset):
    proc = run("rules", "test", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert proc.stderr == ""
    assert proc.stdout.splitlines()[-1] == f"{len(ruleset.cases)} passed, 0 failed"
    assert "FAIL" not in proc.stdout


def test_rules_test_verbose_lists_passes(tmp_path, ruleset):
    proc = run("rules", "test", "-v", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.count("PASS ") == len(ruleset.cases)


def test_rules_test_reports_a_failing_case(tmp_path, rules_copy):
    path = rules_copy / "cases.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == "- id: s2_industry_favours_direct_sales")
    expect = next(i for i in range(start, len(lines)) if lines[i].strip() == "recommend: salesops")
    lines[expect] = lines[expect].replace("salesops", "revops")
    path.write_text("".join(lines), encoding="utf-8")
    proc = run("rules", "test", str(rules_copy), cwd=tmp_path)
    assert proc.returncode == 1
    fails = [line for line in proc.stdout.splitlines() if line.startswith("FAIL")]
    assert len(fails) == 1, proc.stdout
    assert fails[0].startswith(f"FAIL s2_industry_favours_direct_sales ({path}:{start + 1})")
    assert "expected revops, got salesops" in fails[0]
    assert re.search(r"^\d+ passed, 1 failed$", proc.stdout.splitlines()[-1])


# -- questions ---------------------------------------------------------------------------------------

def test_questions_prints_every_question(tmp_path, ruleset):
    proc = run("questions", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stderr == ""
    flat = " ".join(proc.stdout.split())
    for q in ruleset.questions:
        assert " ".join(q.text().split()) in flat, q.id
        assert f"[{q.id}]" in flat


def test_questions_piped_into_head_shows_no_traceback(tmp_path):
    # The output usually fits the pipe's buffer (exit 0); when it does not, the
    # closed pipe is one line and exit 4 (tests/cli/test_outputs_cli.py).
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(f"{sys.executable} -m advisor questions | head -n 1", shell=True, cwd=tmp_path,
                          capture_output=True, text=True, env=env, timeout=60)
    assert "Traceback" not in proc.stderr
    assert proc.stdout.strip() == "SalesOps or RevOps?"


# -- imports --------------------------------------------------------------------------------------

CORE_MODULES = sorted(
    [f"advisor.{p.stem}" for p in (ROOT / "advisor").glob("*.py") if p.stem not in ("__init__", "__main__")]
    + [f"advisor.workshop.{p.stem}" for p in (ROOT / "advisor" / "workshop").glob("*.py")])


@pytest.mark.parametrize("module", CORE_MODULES)
def test_each_core_module_imports_no_textual(module, tmp_path):
    # Each in a fresh interpreter, as Harlequin does: the CLI, the workshop and the
    # server are clients of a core that never drags the UI in.
    code = (f"import sys, {module}\n"
            "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_core_does_not_import_textual(tmp_path):
    code = ("import sys\n"
            "import advisor.cli, advisor.engine, advisor.loader, advisor.report\n"
            "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_evaluate_does_not_import_textual(example, tmp_path):
    code = ("import sys, io, contextlib\n"
            "from advisor.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    code = main(['evaluate', 'answers.yaml'])\n"
            "print(code, any(m == 'textual' or m.startswith('textual.') for m in sys.modules))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert proc.stdout.strip() == "0 False", proc.stderr


# -- the questionnaire (no command) ---------------------------------------------------------------

def run_with_pty(*args: str, cwd: Path, tty: str) -> tuple[int, str, str]:
    """Run ``advisor`` with a pseudo-terminal as stdout (tty="stdout") or as stdin (tty="stdin")."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    try:
        proc = subprocess.run([sys.executable, "-m", "advisor", *args], cwd=cwd, env=env, timeout=60,
                              stdin=subprocess.DEVNULL if tty == "stdout" else slave,
                              stdout=slave if tty == "stdout" else subprocess.PIPE,
                              stderr=subprocess.PIPE)
        os.set_blocking(master, False)
        try:
            on_tty = os.read(master, 65536).decode("utf-8", "replace")
        except (BlockingIOError, OSError):
            on_tty = ""
    finally:
        os.close(master)
        os.close(slave)
    stdout = on_tty if tty == "stdout" else proc.stdout.decode("utf-8", "replace")
    return proc.returncode, stdout, proc.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize("tty", ["stdout", "stdin"])
def test_questionnaire_without_a_terminal_explains_how_to_run_headless(tmp_path, tty):
    code, stdout, stderr = run_with_pty(cwd=tmp_path, tty=tty)
    assert code == 2
    assert stdout == ""
    assert "Traceback" not in stderr
    assert stderr.startswith("advisor: ")
    assert "interactive terminal" in stderr
    assert "advisor template" in stderr
    assert "advisor evaluate" in stderr
    assert files_in(tmp_path) == set(), "nothing is written in the working folder"
    assert not (Path(os.environ["XDG_DATA_HOME"]) / "advisor").exists(), "no session is started"


def test_questionnaire_with_stdin_not_a_tty_exits_2(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, "-m", "advisor"], cwd=tmp_path, env=env, timeout=60,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert "advisor template" in proc.stderr and "advisor evaluate" in proc.stderr


def test_questionnaire_with_a_missing_answers_file_exits_4(tmp_path):
    proc = run("--answers", "missing.yaml", cwd=tmp_path)
    assert proc.returncode == 4
    assert proc.stdout == ""
    assert "missing.yaml" in proc.stderr
    assert "no such file" in proc.stderr
    assert proc.stderr.startswith("advisor: error: ")
    assert files_in(tmp_path) == set()


def test_questionnaire_with_an_answers_file_but_no_terminal_exits_2(example, tmp_path):
    before = example.read_bytes()
    proc = run("--answers", example.name, cwd=tmp_path)
    assert proc.returncode == 2
    assert "advisor evaluate" in proc.stderr
    assert example.read_bytes() == before
    assert files_in(tmp_path) == {example.name}


def test_help_mentions_the_questionnaire_options(tmp_path):
    proc = run("--help", cwd=tmp_path)
    assert proc.returncode == 0
    flat = " ".join(proc.stdout.split())
    assert "--answers FILE" in flat
    assert "--rules DIR" in flat
    assert "questionnaire" in flat
