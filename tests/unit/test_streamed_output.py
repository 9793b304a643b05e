"""advisor.outputs.streamed_output: an output written piece by piece, with write_text's rules."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from advisor.errors import FileAccessError, OutputRefused
from advisor.outputs import TEMP_SUFFIX, streamed_output


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX))


def test_a_new_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with streamed_output(target) as out:
        for i in range(1000):
            out.write(f"row {i}\n")
        assert not target.exists()  # the rows go to a temp file until the end
    assert target.read_text(encoding="utf-8").splitlines()[-1] == "row 999"
    assert leftovers(tmp_path) == []


def test_a_run_stopped_midway_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    for stop in (KeyboardInterrupt, RuntimeError):
        with pytest.raises(stop), streamed_output(target) as out:
            out.write("new, half written\n")
            raise stop
    assert target.read_text(encoding="utf-8") == "old\n"
    assert leftovers(tmp_path) == []


def test_an_existing_file_is_kept_unless_replace_and_an_input_never_written(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(OutputRefused, match=r"already exists; not replaced \(add --force\)"), \
            streamed_output(target, replace=False, replace_hint="add --force"):
        pass
    source = tmp_path / "responses.csv"
    source.write_text("a,b\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(source)
    for name in (source, link):
        with pytest.raises(OutputRefused, match="refusing to write over"), streamed_output(name, inputs=[source]):
            pass
    assert target.read_text(encoding="utf-8") == "mine\n" and source.read_text(encoding="utf-8") == "a,b\n"


def test_a_replaced_file_keeps_its_mode_and_its_hard_links(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    other = tmp_path / "other-name.csv"
    os.link(target, other)
    with streamed_output(target) as out:
        out.write("new\n")
    assert other.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_a_device_is_written_directly(tmp_path: Path) -> None:
    with streamed_output(os.devnull) as out:
        out.write("gone\n")
    assert os.path.exists(os.devnull) and not stat.S_ISREG(os.stat(os.devnull).st_mode)


def test_a_folder_or_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="cannot write: it is a folder"), streamed_output(tmp_path):
        pass
    with pytest.raises(FileAccessError, match="does not exist"), streamed_output(tmp_path / "no" / "out.csv"):
        pass


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_a_file_error_naming_the_file() -> None:
    with pytest.raises(FileAccessError, match="/dev/full: cannot write"), streamed_output("/dev/full") as out:
        for _ in range(10_000):
            out.write("x" * 100)
