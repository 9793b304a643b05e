"""A workshop's participants' files: named from the person, claimed once, never written over (no UI).

Every folder is under tmp_path; the files are read back with ``load_answers``
and ``read_participant``, the way ``advisor evaluate`` and the facilitator's
view read them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from advisor.answers import load_answers
from advisor.errors import FileAccessError
from advisor.session import Session
from advisor.workshop.folder import Participant, WorkshopInfo, create_workshop, participant_files, read_participant
from advisor.workshop.store import SLUG_LENGTH, WorkshopStore, file_stem, slug

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"
FILE_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\.yaml\Z")


@pytest.fixture
def info(tmp_path: Path, ruleset) -> WorkshopInfo:
    return create_workshop(tmp_path / "room", ruleset, company="Northwind", title="Kick-off", date="2026-03-02")


@pytest.fixture
def store(info: WorkshopInfo) -> WorkshopStore:
    return WorkshopStore(info)


def names(folder: Path) -> list[str]:
    return [p.name for p in participant_files(folder)]


def participant(path: Path | None, ruleset) -> Participant:
    """The file as the facilitator's view reads it."""
    assert path is not None
    found = read_participant(path, ruleset)
    assert found is not None
    return found


# -- file names -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Ana", "ana"),
    ("Ana María López", "ana-maria-lopez"),
    ("José Ñúñez", "jose-nunez"),
    ("../../etc", "etc"),
    ("..", ""),
    ("a/b\\c", "a-b-c"),
    (".hidden", "hidden"),
    ("CON", "con-participant"),
    ("lpt1", "lpt1-participant"),
    ("Workshop", "workshop-participant"),
    ("😀🎉", ""),
    ("", ""),
    ("   ", ""),
    ("\x1b[31mred\x07", "31mred"),
    ("[b]bold[/b]", "b-bold-b"),
])
def test_slug_keeps_ascii_letters_digits_and_single_hyphens(text, expected):
    assert slug(text) == expected


def test_slug_is_at_most_the_limit_and_never_ends_with_a_hyphen():
    assert len(slug("a" * 500)) == SLUG_LENGTH
    cut = slug("a" * (SLUG_LENGTH - 1) + " b")
    assert cut == "a" * (SLUG_LENGTH - 1)


def test_file_stem_falls_back_to_the_role_then_participant():
    assert file_stem("Ana", "Sales") == "ana"
    assert file_stem("😀", "Customer success") == "customer-success"
    assert file_stem("", "") == "participant"


# -- new ------------------------------------------------------------------------------------------

def test_new_writes_a_valid_answers_file_with_the_workshops_company(store, info, ruleset):
    s = store.new(ruleset, company="Somebody else", respondent="Ana López", role="Sales")
    assert s.path == info.folder / "ana-lopez.yaml"
    meta = load_answers(s.path, ruleset)
    assert (meta.company, meta.respondent, meta.role) == ("Northwind", "Ana López", "Sales")
    assert meta.date == "2026-03-02"
    assert meta.ruleset_hash == ruleset.hash
    assert dict(meta.answers) == {}


def test_the_date_is_today_when_the_workshop_has_none(tmp_path, ruleset):
    info = WorkshopInfo(tmp_path, "Northwind")
    s = WorkshopStore(info).new(ruleset, respondent="Ana")
    assert s.path is not None
    assert load_answers(s.path, ruleset).date == time.strftime("%Y-%m-%d")


def test_answers_are_saved_into_the_participants_file(store, ruleset):
    s = store.new(ruleset, respondent="Ana", role="Sales")
    s.set_answer("sales_reps", 12)
    assert load_answers(s.path, ruleset).answers["sales_reps"] == 12
    p = participant(s.path, ruleset)
    assert p.counted and not p.finished and p.answered == 1


def test_the_same_name_twice_gives_two_files(store, info, ruleset):
    first = store.new(ruleset, respondent="Ana", role="Sales")
    second = store.new(ruleset, respondent="ana", role="Marketing")
    third = store.new(ruleset, respondent="ANA", role="Founder")
    assert [first.path.name, second.path.name, third.path.name] == ["ana.yaml", "ana-2.yaml", "ana-3.yaml"]
    assert [load_answers(p, ruleset).role for p in (first.path, second.path, third.path)] == \
        ["Sales", "Marketing", "Founder"]


def test_no_name_takes_the_role_then_participant(store, ruleset):
    assert store.new(ruleset, role="Customer success").path.name == "customer-success.yaml"
    assert store.new(ruleset).path.name == "participant.yaml"
    assert store.new(ruleset, respondent="🙂").path.name == "participant-2.yaml"


@pytest.mark.parametrize("name", ["../../etc", "/etc/passwd", "CON", "nul", "😀🎉", "a" * 500, "", "..", ".",
                                  "workshop", "x\x00y", "\u202eevil", "a b\tc\nd", "ana.json"])
def test_hostile_names_stay_inside_the_folder_as_valid_files(store, info, ruleset, name):
    s = store.new(ruleset, respondent=name, role="Sales")
    assert s.path is not None
    assert s.path.parent == info.folder
    assert FILE_NAME.match(s.path.name), s.path.name
    assert len(s.path.stem) <= SLUG_LENGTH + len("-participant")
    meta = load_answers(s.path, ruleset)
    assert meta.company == "Northwind"
    assert meta.role == "Sales"
    assert sorted(p.name for p in info.folder.iterdir()) == sorted(["workshop.yaml", s.path.name])


def test_a_name_taken_by_another_kind_of_answers_file_is_skipped(store, info, ruleset):
    (info.folder / "ana.json").write_text("{}", encoding="utf-8")
    assert store.new(ruleset, respondent="Ana").path.name == "ana-2.yaml"
    assert (info.folder / "ana.json").read_text(encoding="utf-8") == "{}"


def test_a_link_or_folder_at_the_name_is_left_alone(store, info, ruleset, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep", encoding="utf-8")
    (info.folder / "ana.yaml").symlink_to(outside)
    (info.folder / "ana-2.yaml").mkdir()
    (info.folder / "ana-3.yaml").symlink_to(tmp_path / "dangling")
    s = store.new(ruleset, respondent="Ana")
    assert s.path.name == "ana-4.yaml"
    assert outside.read_text(encoding="utf-8") == "keep"
    assert not (tmp_path / "dangling").exists()


def test_a_failed_save_gives_the_name_back(store, info, ruleset, monkeypatch):
    def fail(self: Session) -> None:
        raise FileAccessError("disk full")

    monkeypatch.setattr(Session, "save", fail)
    with pytest.raises(FileAccessError):
        store.new(ruleset, respondent="Ana")
    assert names(info.folder) == []


def test_a_folder_that_cannot_be_written_is_a_file_access_error(tmp_path, ruleset):
    info = WorkshopInfo(tmp_path / "gone", "Northwind")
    with pytest.raises(FileAccessError, match="cannot create the participant's file"):
        WorkshopStore(info).new(ruleset, respondent="Ana")


# -- at the same time ----------------------------------------------------------------------------

def test_threads_claiming_the_same_name_never_share_a_file(store, info, ruleset):
    count = 24
    barrier = threading.Barrier(count)
    paths: list[Path] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def one(index: int) -> None:
        try:
            barrier.wait()
            s = store.new(ruleset, respondent="Ana", role=f"role {index}")
            with lock:
                paths.append(s.path)
        except BaseException as exc:  # reported below, with the others
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(paths)) == count
    assert sorted(names(info.folder)) == sorted(["ana.yaml"] + [f"ana-{n}.yaml" for n in range(2, count + 1)])
    roles = {load_answers(p, ruleset).role for p in paths}
    assert roles == {f"role {i}" for i in range(count)}


def test_processes_claiming_the_same_name_never_share_a_file(info, ruleset, tmp_path):
    processes, per_process = 4, 5
    start = time.time() + 3.0  # all of them claim at once, after their imports
    code = ("import sys, time\n"
            "from pathlib import Path\n"
            "from advisor.loader import load_ruleset\n"
            "from advisor.workshop.folder import read_workshop\n"
            "from advisor.workshop.store import WorkshopStore\n"
            "rs = load_ruleset(Path(sys.argv[1]))\n"
            "store = WorkshopStore(read_workshop(sys.argv[2], rs))\n"
            "time.sleep(max(0.0, float(sys.argv[3]) - time.time()))\n"
            f"for i in range({per_process}):\n"
            "    print(store.new(rs, respondent='Ana', role=sys.argv[4] + '-' + str(i)).path.name)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    running = [subprocess.Popen([sys.executable, "-c", code, str(ROOT / "rules"), str(info.folder), str(start),
                                 f"p{n}"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env) for n in range(processes)]
    claimed: list[str] = []
    for proc in running:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        claimed.extend(out.split())
    total = processes * per_process
    assert len(claimed) == len(set(claimed)) == total
    assert sorted(names(info.folder)) == sorted(claimed)
    roles = {load_answers(info.folder / name, ruleset).role for name in claimed}
    assert len(roles) == total


# -- resuming -------------------------------------------------------------------------------------

def test_unfinished_lists_only_the_counted_unfinished_files_newest_first(store, info, ruleset):
    ana = store.new(ruleset, respondent="Ana", role="Sales")
    ana.set_answer("sales_reps", 12)
    ben = store.new(ruleset, respondent="Ben", role="Marketing")
    done = store.new(ruleset, respondent="Cleo", role="Founder",
                     answers=load_answers(EXAMPLE, ruleset).answers)
    assert participant(done.path, ruleset).finished
    (info.folder / "empty.yaml").write_text("", encoding="utf-8")
    (info.folder / "broken.yaml").write_text("answers: [\n", encoding="utf-8")
    other = ana.path.read_text(encoding="utf-8").replace(ruleset.hash, "sha256:0000000000000000")
    (info.folder / "old-version.yaml").write_text(other, encoding="utf-8")
    os.utime(ana.path, (time.time() - 60, time.time() - 60))

    found = store.unfinished(ruleset)
    assert [s.path for s in found] == [ben.path, ana.path]
    first, second = found[1], found[0]
    assert (first.respondent, first.role, first.company) == ("Ana", "Sales", "Northwind")
    assert first.answered == 1 and first.total == participant(ana.path, ruleset).asked
    assert (second.respondent, second.role, second.answered) == ("Ben", "Marketing", 0)


def test_discard_refuses_and_keeps_the_file(store, ruleset):
    s = store.new(ruleset, respondent="Ana")
    with pytest.raises(FileAccessError, match="only the facilitator"):
        store.discard(s.path)
    assert s.path.is_file()


def test_importing_the_store_alone_does_not_import_textual(tmp_path):
    code = ("import sys\n"
            "import advisor.workshop.store\n"
            "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"
