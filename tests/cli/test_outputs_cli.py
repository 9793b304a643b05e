"""What ``-o``, ``--force`` and stdout do to the files a user already has, run as a user would.

Every command runs ``python -m advisor`` in a subprocess, so real file
descriptors, devices, FIFOs, the umask and a closed or full stdout behave as
they do in a shell. Devices are private copies made with mknod in tmp_path
(when we may), so a regression replaces a copy, never the machine's own.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"
ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
FILLED = "# my own answers, typed by hand\nanswers:\n  company_stage: growing\n"


def run(*args: str, cwd: Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    kwargs.setdefault("capture_output", "stdout" not in kwargs and "stderr" not in kwargs)
    proc = subprocess.run([sys.executable, "-m", "advisor", *args], cwd=cwd, text=True, env=ENV, timeout=120,
                          **kwargs)
    for stream in (proc.stdout, proc.stderr):
        assert "Traceback" not in (stream or ""), stream
        assert "Exception ignored" not in (stream or ""), stream
    return proc


def one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("advisor: error: "), proc.stderr
    return lines[0]


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    target = tmp_path / "answers.yaml"
    shutil.copy(EXAMPLE, target)
    return target


@pytest.fixture(scope="module")
def report() -> str:
    """The report for EXAMPLE, as `evaluate` prints it to stdout."""
    proc = subprocess.run([sys.executable, "-m", "advisor", "evaluate", str(EXAMPLE), "--date", "2026-12-01"],
                          capture_output=True, text=True, env=ENV, timeout=120, check=True)
    return proc.stdout


def device(folder: Path, name: str, major: int, minor: int) -> Path:
    """A private character device node (the same driver as /dev/null or /dev/full), or skip."""
    path = folder / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(major, minor))
        os.close(os.open(path, os.O_WRONLY))
    except OSError as exc:  # not root, or a nodev file system
        pytest.skip(f"cannot make a device node here: {exc}")
    return path


# -- files people edit: template ------------------------------------------------------------------

def test_template_keeps_a_filled_in_file_unless_forced(tmp_path):
    target = tmp_path / "answers.yaml"
    assert run("template", "-o", "answers.yaml", cwd=tmp_path).returncode == 0
    target.write_text(FILLED, encoding="utf-8")

    proc = run("template", "-o", "answers.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    line = one_error_line(proc)
    assert "answers.yaml" in line and "--force" in line
    assert target.read_text(encoding="utf-8") == FILLED
    assert names(tmp_path) == {"answers.yaml"}

    proc = run("template", "-o", "answers.yaml", "--force", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert target.read_text(encoding="utf-8") != FILLED
    assert "  company_stage:" in target.read_text(encoding="utf-8")
    assert names(tmp_path) == {"answers.yaml"}


def test_template_to_stdout_or_a_device_needs_no_force(tmp_path):
    proc = run("template", "-o", "-", cwd=tmp_path)
    assert proc.returncode == 0 and "company_stage:" in proc.stdout
    proc = run("template", "-o", "/dev/stdout", cwd=tmp_path)
    assert proc.returncode == 0 and "company_stage:" in proc.stdout


# -- an output is never an input --------------------------------------------------------------------

def test_evaluate_onto_its_own_answers_file_is_refused(answers, tmp_path):
    before = answers.read_bytes()
    proc = run("evaluate", "answers.yaml", "-o", "answers.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    assert "answers.yaml" in one_error_line(proc)
    assert answers.read_bytes() == before
    assert names(tmp_path) == {"answers.yaml"}


@pytest.mark.parametrize("how", ["same path", "symlink", "hard link", "through a folder symlink"])
def test_questions_onto_a_file_of_the_ruleset_in_use_is_refused(rules_copy, tmp_path, how):
    rules = rules_copy.name
    questions = rules_copy / "questions.yaml"
    before = questions.read_bytes()
    if how == "same path":
        output = f"{rules}/questions.yaml"
    elif how == "symlink":
        output = "link.yaml"
        (tmp_path / output).symlink_to(questions)
    elif how == "hard link":
        output = "other-name.yaml"
        os.link(questions, tmp_path / output)
    else:
        (tmp_path / "alias").symlink_to(rules_copy, target_is_directory=True)
        output = "alias/questions.yaml"
    proc = run("questions", "--rules", rules, "-o", output, cwd=tmp_path)
    assert proc.returncode == 2
    line = one_error_line(proc)
    assert output in line and "input" in line
    assert questions.read_bytes() == before
    assert not any(p.name.endswith(".tmp") for p in rules_copy.iterdir())


def test_evaluate_onto_a_ruleset_file_is_refused(answers, rules_copy, tmp_path):
    target = rules_copy / "rules.yaml"
    before = target.read_bytes()
    proc = run("evaluate", "answers.yaml", "--rules", rules_copy.name, "-o", f"{rules_copy.name}/rules.yaml",
               cwd=tmp_path)
    assert proc.returncode == 2
    one_error_line(proc)
    assert target.read_bytes() == before


# -- reports replace reports; what a replaced file keeps ------------------------------------------------

def test_a_report_replaces_an_earlier_one_and_keeps_its_mode(answers, tmp_path, report):
    target = tmp_path / "report.md"
    target.write_text("an earlier report\n", encoding="utf-8")
    target.chmod(0o640)
    proc = run("evaluate", "answers.yaml", "--date", "2026-12-01", "-o", "report.md", cwd=tmp_path, umask=0o022)
    assert proc.returncode == 0, proc.stderr
    assert target.read_text(encoding="utf-8") == report
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert names(tmp_path) == {"answers.yaml", "report.md"}


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_follows_the_umask(answers, tmp_path, umask, mode):
    proc = run("evaluate", "answers.yaml", "-o", "report.md", cwd=tmp_path, umask=umask)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE((tmp_path / "report.md").stat().st_mode) == mode


def test_a_symlink_is_written_through_and_stays_a_link(answers, tmp_path, report):
    (tmp_path / "reports").mkdir()
    real = tmp_path / "reports" / "latest.md"
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "report.md"
    link.symlink_to(Path("reports") / "latest.md")
    proc = run("evaluate", "answers.yaml", "--date", "2026-12-01", "-o", "report.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and os.readlink(link) == os.path.join("reports", "latest.md")
    assert real.read_text(encoding="utf-8") == report
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert names(tmp_path / "reports") == {"latest.md"}


def test_a_hard_linked_file_stays_shared(answers, tmp_path, report):
    first = tmp_path / "report.md"
    first.write_text("old\n", encoding="utf-8")
    second = tmp_path / "copy-for-the-board.md"
    os.link(first, second)
    inode = first.stat().st_ino
    proc = run("evaluate", "answers.yaml", "--date", "2026-12-01", "-o", "report.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert first.stat().st_ino == second.stat().st_ino == inode
    assert first.stat().st_nlink == 2
    assert second.read_text(encoding="utf-8") == report
    assert names(tmp_path) == {"answers.yaml", "report.md", "copy-for-the-board.md"}


# -- devices, FIFOs, stdout ---------------------------------------------------------------------------

def test_dev_null_stays_a_device(answers, tmp_path):
    proc = run("evaluate", "answers.yaml", "-o", "/dev/null", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and proc.stderr == ""
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_null_device_node_is_written_not_replaced(answers, tmp_path):
    null = device(tmp_path, "null", 1, 3)
    proc = run("evaluate", "answers.yaml", "-o", str(null), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISCHR(null.stat().st_mode)
    assert names(tmp_path) == {"answers.yaml", "null"}


def test_a_full_device_is_an_error_and_stays_a_device(answers, tmp_path):
    full = device(tmp_path, "full", 1, 7)
    proc = run("evaluate", "answers.yaml", "-o", str(full), cwd=tmp_path)
    assert proc.returncode == 4
    assert "No space left" in one_error_line(proc)
    assert stat.S_ISCHR(full.stat().st_mode)
    assert names(tmp_path) == {"answers.yaml", "full"}


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A FIFO with a reader already attached (so the writer's open does not wait)."""
    path = tmp_path / "pipe"
    os.mkfifo(path)
    reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    yield path, reader
    os.close(reader)


def drain(fd: int) -> bytes:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_fifo_is_written_to_not_replaced(answers, tmp_path, fifo, report):
    path, reader = fifo
    assert len(report.encode()) < 60_000, "the report must fit in the pipe's buffer for this test"
    proc = run("evaluate", "answers.yaml", "--date", "2026-12-01", "-o", "pipe", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert drain(reader).decode("utf-8") == report
    assert stat.S_ISFIFO(path.stat().st_mode)
    assert names(tmp_path) == {"answers.yaml", "pipe"}


def test_dev_stdout_prints_the_report(answers, tmp_path, report):
    proc = run("evaluate", "answers.yaml", "--date", "2026-12-01", "-o", "/dev/stdout", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == report
    assert names(tmp_path) == {"answers.yaml"}


def test_dev_stdout_redirected_to_a_file_fills_that_file(answers, tmp_path, report):
    out = tmp_path / "out.md"
    with open(out, "w", encoding="utf-8") as stream:
        proc = run("evaluate", "answers.yaml", "--date", "2026-12-01", "-o", "/dev/stdout", cwd=tmp_path,
                   stdout=stream, stderr=subprocess.PIPE)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8") == report
    assert names(tmp_path) == {"answers.yaml", "out.md"}


def test_dev_stdout_is_still_never_an_input(answers, tmp_path):
    """`evaluate answers.yaml -o /dev/stdout >> answers.yaml` would append the report to the answers."""
    before = answers.read_bytes()
    with open(answers, "a", encoding="utf-8") as stream:
        proc = run("evaluate", "answers.yaml", "-o", "/dev/stdout", cwd=tmp_path, stdout=stream,
                   stderr=subprocess.PIPE)
    assert proc.returncode == 2
    one_error_line(proc)
    assert answers.read_bytes() == before


def test_a_full_stdout_exits_4_with_one_line(tmp_path):
    with open("/dev/full", "w") as full:
        proc = run("questions", cwd=tmp_path, stdout=full, stderr=subprocess.PIPE)
    assert proc.returncode == 4
    assert "No space left" in one_error_line(proc)


def test_help_to_a_full_stdout_exits_4_with_one_line(tmp_path):
    with open("/dev/full", "w") as full:
        proc = run("--help", cwd=tmp_path, stdout=full, stderr=subprocess.PIPE)
    assert proc.returncode == 4
    assert "stdout" in one_error_line(proc)


def test_a_closed_pipe_exits_4_with_one_line(tmp_path):
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader went away before the first byte
    try:
        proc = run("questions", cwd=tmp_path, stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert proc.returncode == 4
    assert "stdout" in one_error_line(proc) and "pipe" in proc.stderr


def test_a_closed_stdout_exits_4_with_one_line(tmp_path):
    proc = subprocess.run(["sh", "-c", '"$0" -m advisor questions >&-', sys.executable], cwd=tmp_path,
                          capture_output=True, text=True, env=ENV, timeout=120)
    assert proc.returncode == 4
    assert "stdout" in one_error_line(proc)
    assert "Traceback" not in proc.stderr


def test_a_closed_stdout_does_not_matter_with_o(answers, tmp_path, report):
    """A closed stdout is no error when nothing is meant for it: the report goes to the file whole."""
    proc = subprocess.run(["sh", "-c", '"$0" -m advisor evaluate answers.yaml --date 2026-12-01 -o r.md >&-',
                           sys.executable], cwd=tmp_path, capture_output=True, text=True, env=ENV, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == report
