"""What the CLI reads: only regular files, and never a control sequence into the terminal.

Run as a user would, in a subprocess: a named pipe given as the answers file
must be refused at once (it blocked forever before), and an answers file
holding terminal escapes (a new window title, a cleared screen) must not get
a single ESC or BEL byte into stdout or stderr, whether the run succeeds or
fails on a bad value.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"
CONTROLS = (b"\x1b", b"\x07", "\u009b".encode())  # ESC, BEL, and CSI (C1) as UTF-8


def run(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, "-m", "advisor", *args], cwd=cwd, capture_output=True, env=env,
                          stdin=subprocess.DEVNULL, timeout=timeout)
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()
    return proc


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_evaluate_on_a_named_pipe_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "answers.yaml")
    # Nobody ever writes to the pipe: reading it would wait until the timeout.
    proc = run("evaluate", "answers.yaml", cwd=tmp_path, timeout=30)
    assert proc.returncode == 4
    assert proc.stdout == b""
    assert proc.stderr.decode() == ("advisor: error: answers.yaml: cannot read: "
                                    "it is a named pipe (FIFO), not a regular file\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_the_questionnaire_refuses_a_named_pipe_as_its_answers(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "answers.yaml")
    proc = run("--answers", "answers.yaml", cwd=tmp_path, timeout=30)
    assert proc.returncode == 4
    # It said "no such file" before, for a file that is right there.
    assert proc.stderr.decode() == ("advisor: error: answers.yaml: cannot read: "
                                    "it is a named pipe (FIFO), not a regular file\n")


def test_evaluate_refuses_a_device(tmp_path: Path) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    proc = run("evaluate", "/dev/zero", cwd=tmp_path, timeout=30)
    assert proc.returncode == 4
    assert b"it is a device, not a regular file" in proc.stderr


def _escaped_answers(tmp_path: Path, extra: str = "") -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith(("company:", "respondent:", "  name:",
                                                                        "  role:"))]
    header = ('company: "Acme\\e]0;pwned\\a"\n'
              'respondent: {name: "Eve\\x1b[2J\\x1b[H", role: "\\u009b31mCRO"}\n')
    path = tmp_path / "answers.yaml"
    path.write_text(header + "\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_control_sequences_in_an_answers_file_never_reach_the_terminal(tmp_path: Path, fmt: str) -> None:
    _escaped_answers(tmp_path)
    proc = run("evaluate", "answers.yaml", "--format", fmt, "--date", "2026-01-01", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"0;pwned" in proc.stdout  # the text is kept, only its control characters go
    for output in (proc.stdout, proc.stderr):
        for control in CONTROLS:
            assert control not in output


def test_control_sequences_in_a_bad_value_never_reach_the_terminal(tmp_path: Path) -> None:
    path = _escaped_answers(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert text.count("  budget: one_function\n") == 1
    path.write_text(text.replace("  budget: one_function\n", '  budget: "\\e]0;pwned\\amaybe"\n'), encoding="utf-8")
    proc = run("evaluate", "answers.yaml", cwd=tmp_path)
    assert proc.returncode == 3
    assert b"found the string `]0;pwnedmaybe`" in proc.stderr
    for output in (proc.stdout, proc.stderr):
        for control in CONTROLS:
            assert control not in output
