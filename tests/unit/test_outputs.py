"""The one write helper (``advisor.outputs``) and the session files written through it.

Every file lives under tmp_path. Interrupted saves are simulated the two
ways they happen: an exception between the temp file and the rename
(Ctrl+C), and a process killed with SIGKILL in the middle of a save.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from advisor.errors import FileAccessError, OutputRefused
from advisor.outputs import TEMP_SUFFIX, clear_stale_temps, replaces_file, write_text
from advisor.session import SessionStore

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def temps(folder: Path) -> list[str]:
    """Temp files of any writer: ours end in .advisor.tmp, the old ones in .tmp."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    return int(proc.stdout)


# -- replacing, creating -----------------------------------------------------------------------------

def test_a_new_file_follows_the_umask_and_a_replaced_one_keeps_its_mode(tmp_path):
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "new.md"
        write_text(fresh, "new\n")
        kept = tmp_path / "kept.md"
        kept.write_text("old\n", encoding="utf-8")
        kept.chmod(0o640)
        write_text(kept, "new\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert kept.read_text(encoding="utf-8") == "new\n"
    assert temps(tmp_path) == []


def test_a_file_with_hard_links_is_written_in_place(tmp_path):
    first = tmp_path / "a.md"
    first.write_text("old content, longer than the new one\n", encoding="utf-8")
    second = tmp_path / "b.md"
    os.link(first, second)
    write_text(first, "new\n")
    assert first.stat().st_ino == second.stat().st_ino
    assert second.read_text(encoding="utf-8") == "new\n"
    assert temps(tmp_path) == []


def test_a_dangling_symlink_creates_the_file_it_names(tmp_path):
    link = tmp_path / "report.md"
    link.symlink_to("real.md")
    write_text(link, "x\n")
    assert link.is_symlink()
    assert (tmp_path / "real.md").read_text(encoding="utf-8") == "x\n"


def test_replace_false_keeps_an_existing_file_but_writes_to_a_device(tmp_path):
    kept = tmp_path / "answers.yaml"
    kept.write_text("mine\n", encoding="utf-8")
    with pytest.raises(OutputRefused, match=r"already exists.*add --force"):
        write_text(kept, "template\n", replace=False, replace_hint="add --force to replace it")
    assert kept.read_text(encoding="utf-8") == "mine\n"
    write_text("/dev/null", "template\n", replace=False)  # nothing is replaced: allowed
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_inputs_are_refused_by_path_symlink_and_hard_link(tmp_path):
    source = tmp_path / "rules" / "questions.yaml"
    source.parent.mkdir()
    source.write_text("questions: []\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(source)
    os.link(source, tmp_path / "hard.yaml")
    for target in (source, tmp_path / "rules" / ".." / "rules" / "questions.yaml", tmp_path / "link.yaml",
                   tmp_path / "hard.yaml"):
        with pytest.raises(OutputRefused, match="input"):
            write_text(target, "oops\n", inputs=[source])
    assert source.read_text(encoding="utf-8") == "questions: []\n"
    write_text(tmp_path / "elsewhere.yaml", "fine\n", inputs=[source])


def test_a_folder_as_target_is_a_file_error(tmp_path):
    with pytest.raises(FileAccessError, match="it is a folder"):
        write_text(tmp_path, "x\n")


def test_a_fifo_is_written_directly(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    write_text(fifo, "through the pipe\n")
    reader.join(timeout=10)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert replaces_file(tmp_path / "missing") is False and replaces_file(fifo) is False


def test_the_file_and_its_folder_are_fsynced(tmp_path, monkeypatch):
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    write_text(tmp_path / "a.md", "x\n")
    assert synced == ["file", "folder"]


# -- failures leave nothing behind --------------------------------------------------------------------

@pytest.mark.parametrize("failure", [KeyboardInterrupt(), OSError(errno.EIO, "Input/output error")])
def test_a_failed_rename_removes_the_temp_file_and_keeps_the_old_content(tmp_path, monkeypatch, failure):
    target = tmp_path / "a.md"
    target.write_text("old\n", encoding="utf-8")

    def replace(src: str, dst: str) -> None:
        assert Path(src).read_text(encoding="utf-8") == "new\n"  # written whole before the rename
        raise failure

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt if isinstance(failure, KeyboardInterrupt) else FileAccessError):
        write_text(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert temps(tmp_path) == []


def test_a_disk_full_while_writing_removes_the_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "a.md"
    target.write_text("old\n", encoding="utf-8")

    def write(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", write)
    with pytest.raises(FileAccessError, match="No space left"):
        write_text(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert temps(tmp_path) == []


# -- stale temp files -----------------------------------------------------------------------------------

def test_clear_stale_temps_removes_only_dead_or_old_temps_of_ours(tmp_path):
    dead = tmp_path / f".s.yaml.{dead_pid()}.0123abcd{TEMP_SUFFIX}"
    old = tmp_path / f".s.yaml.{os.getpid()}.0123abcd{TEMP_SUFFIX}"
    live = tmp_path / f".t.yaml.{os.getpid()}.89abcdef{TEMP_SUFFIX}"
    others = [tmp_path / "notes.tmp", tmp_path / ".s.yaml.1.tmp", tmp_path / "s.yaml"]
    for path in (dead, old, live, *others):
        path.write_text("x", encoding="utf-8")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    assert clear_stale_temps(tmp_path) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (live, *others))


def test_the_next_write_to_a_folder_clears_what_a_killed_writer_left(tmp_path):
    stale = tmp_path / f".report.md.{dead_pid()}.0123abcd{TEMP_SUFFIX}"
    stale.write_text("half a report", encoding="utf-8")
    write_text(tmp_path / "report.md", "whole\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_an_interrupted_session_save_leaves_no_temp_file(tmp_path, ruleset, monkeypatch):
    store = SessionStore(tmp_path / "sessions")
    session = store.new(ruleset, company="Northwind", answers={"company_stage": "growing"})  # written: it has an answer
    assert session.path is not None
    before = session.path.read_bytes()

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    for _ in range(5):
        with pytest.raises(KeyboardInterrupt):
            session.set_answer("sales_reps", 5)
    assert temps(store.folder) == []
    assert session.path.read_bytes() == before


KILLED_SAVE = """
import os, signal, sys
from pathlib import Path
from advisor.loader import load_ruleset
from advisor.session import SessionStore
store = SessionStore(Path(sys.argv[1]))
session = store.new(load_ruleset(sys.argv[2]), company="Northwind", answers={"company_stage": "growing"})
def killed(src, dst):
    os.kill(os.getpid(), signal.SIGKILL)  # as `kill -9` between the write and the rename
os.replace = killed
session.set_answer("sales_reps", 5)
"""


def test_saves_killed_midway_are_cleared_on_the_next_start(tmp_path, ruleset):
    folder = tmp_path / "sessions"
    for _ in range(4):
        proc = subprocess.run([sys.executable, "-c", KILLED_SAVE, str(folder), str(ROOT / "rules")],
                              env=ENV, capture_output=True, text=True, timeout=120)
        assert proc.returncode == -signal.SIGKILL, proc.stderr
        # Its own temp file is left; the ones before it were cleared when it started.
        assert len(temps(folder)) == 1
    store = SessionStore(folder)
    assert len(store.unfinished(ruleset)) == 4
    assert temps(folder) == []


# -- the app's exports go through the same rules -------------------------------------------------------------

def test_an_export_never_writes_over_the_ruleset_or_the_session_file(tmp_path, rules_copy):
    from advisor.loader import load_ruleset

    ruleset = load_ruleset(rules_copy)
    session = SessionStore(tmp_path / "sessions").new(ruleset, company="Northwind",
                                                      answers={"company_stage": "growing"})
    assert session.path is not None
    for target in (rules_copy / "questions.yaml", session.path):
        before = target.read_bytes()
        with pytest.raises(OutputRefused):
            session.export_answers(target)
        assert target.read_bytes() == before
    session.export_answers(tmp_path / "answers.yaml")
    assert "Northwind" in (tmp_path / "answers.yaml").read_text(encoding="utf-8")
