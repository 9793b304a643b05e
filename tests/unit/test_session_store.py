"""The sessions folder kept tidy: files written at the first answer, answers files reopened, the trash.

No UI involved. Every folder is under tmp_path.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from advisor.answers import load_answers
from advisor.errors import FileAccessError
from advisor.session import TRASH_DAYS, SessionStore, open_session, read_source
from advisor.workshop.folder import create_workshop
from advisor.workshop.store import WorkshopStore

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"
DAY = 86_400


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "sessions")


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    """A copy of a complete example answers file, outside the sessions folder."""
    target = tmp_path / "mine" / "answers.yaml"
    target.parent.mkdir()
    shutil.copy(EXAMPLE, target)
    return target


def session_files(store: SessionStore) -> list[str]:
    return sorted(p.name for p in store.folder.glob("*.yaml")) if store.folder.is_dir() else []


def age(path: Path, days: float) -> None:
    stamp = time.time() - days * DAY
    os.utime(path, (stamp, stamp))


# -- a new session is written at its first answer --------------------------------------------------

def test_a_new_session_leaves_no_file_until_something_is_answered(store, ruleset):
    s = store.new(ruleset, company="Acme", respondent="Ana", role="CEO")
    s.move_to("deal_size")         # moving around is not answering
    s.clear_answer("company_stage")  # nor is clearing what was never answered
    assert session_files(store) == []
    assert store.summaries(ruleset) == []

    s.set_answer("company_stage", "growing")
    assert session_files(store) == [s.path.name]
    meta = load_answers(s.path, ruleset)
    assert (meta.company, meta.respondent, meta.role) == ("Acme", "Ana", "CEO")  # typed at the start
    assert dict(meta.answers) == {"company_stage": "growing"}

    # From then on every change is saved, even one that leaves nothing answered.
    s.clear_answer("company_stage")
    assert dict(load_answers(s.path, ruleset).answers) == {}
    assert [x.company for x in store.unfinished(ruleset)] == ["Acme"]


def test_a_new_session_with_answers_is_written_at_once(store, ruleset):
    s = store.new(ruleset, company="Seeded", answers={"sales_reps": 3})
    assert s.path.is_file()
    assert dict(load_answers(s.path, ruleset).answers) == {"sales_reps": 3}


def test_a_workshop_participant_file_is_still_claimed_at_the_start(tmp_path, ruleset):
    info = create_workshop(tmp_path / "room", ruleset, company="Northwind")
    s = WorkshopStore(info).new(ruleset, respondent="Ana")
    assert s.path == info.folder / "ana.yaml" and s.path.is_file()  # the facilitator sees Ana join


# -- finished and unfinished -----------------------------------------------------------------------

def test_finished_and_unfinished_sessions_are_told_apart(store, ruleset):
    done = store.new(ruleset, company="Done", answers=load_answers(EXAMPLE, ruleset).answers)
    half = store.new(ruleset, company="Half", answers={"company_stage": "growing"})
    assert done.complete and not half.complete
    assert [s.company for s in store.finished(ruleset)] == ["Done"]
    assert [s.company for s in store.unfinished(ruleset)] == ["Half"]
    every = {s.company: s for s in store.summaries(ruleset)}
    assert every["Done"].finished and not every["Half"].finished


# -- reopening an answers file -------------------------------------------------------------------

def test_the_same_unchanged_answers_file_reopens_its_session(store, ruleset, answers_file):
    before = answers_file.read_bytes()
    first = store.open_answers(ruleset, answers_file)
    assert first.how == "new"
    assert session_files(store) == [first.session.path.name]
    assert first.session.path.parent == store.folder
    source = read_source(first.session.path)
    assert source is not None and source.path == str(answers_file.resolve())

    first.session.set_answer("marketing_reach", "strong")  # changed in the session, not in the file
    again = store.open_answers(ruleset, answers_file)
    assert again.how == "reopened"
    assert again.session.path == first.session.path
    assert again.session.answers["marketing_reach"] == "strong"
    assert session_files(store) == [first.session.path.name]  # no copy
    assert answers_file.read_bytes() == before  # the file opened is never written

    # Through a relative path, or a link to it, it is the same file.
    cwd = os.getcwd()
    try:
        os.chdir(answers_file.parent)
        assert store.open_answers(ruleset, Path(answers_file.name)).session.path == first.session.path
    finally:
        os.chdir(cwd)
    link = answers_file.parent / "link.yaml"
    link.symlink_to(answers_file)
    assert store.open_answers(ruleset, link).how == "reopened"


def test_a_changed_answers_file_starts_a_new_session_and_keeps_the_old(store, ruleset, answers_file):
    first = store.open_answers(ruleset, answers_file)
    answers_file.write_text(answers_file.read_text(encoding="utf-8")
                            .replace("marketing_reach: moderate", "marketing_reach: strong"), encoding="utf-8")
    changed = store.open_answers(ruleset, answers_file)
    assert changed.how == "changed"
    assert changed.session.path != first.session.path
    assert changed.session.answers["marketing_reach"] == "strong"
    assert sorted(session_files(store)) == sorted([first.session.path.name, changed.session.path.name])
    # And the changed file, opened again, reopens the newer session.
    assert store.open_answers(ruleset, answers_file).session.path == changed.session.path


def test_another_file_with_the_same_content_is_another_source(store, ruleset, answers_file, tmp_path):
    first = store.open_answers(ruleset, answers_file)
    twin = tmp_path / "twin.yaml"
    shutil.copy(answers_file, twin)
    other = store.open_answers(ruleset, twin)
    assert other.how == "new" and other.session.path != first.session.path


def test_a_session_keeps_its_source_through_resumes_and_saves(store, ruleset, answers_file):
    path = store.open_answers(ruleset, answers_file).session.path
    source = read_source(path)
    resumed, _ = open_session(path, ruleset)
    assert resumed.source == source is not None
    resumed.set_answer("sales_reps", 3)
    assert read_source(path) == source
    assert store.open_answers(ruleset, answers_file).session.path == path
    # The session file is still an answers file the CLI reads; an export carries no source line.
    assert load_answers(path, ruleset).answers["sales_reps"] == 3
    exported = answers_file.parent / "export.yaml"
    resumed.export_answers(exported)
    assert read_source(exported) is None
    assert not exported.read_text(encoding="utf-8").startswith("#")


def test_a_source_line_that_is_not_ours_is_ignored(tmp_path):
    for text in ("# source: not json\nanswers: {}\n", '# source: {"path": 3}\nanswers: {}\n', "answers: {}\n"):
        path = tmp_path / "s.yaml"
        path.write_text(text, encoding="utf-8")
        assert read_source(path) is None
    assert read_source(tmp_path / "missing.yaml") is None


def test_an_unreadable_answers_file_raises_and_makes_no_session(store, ruleset, tmp_path):
    with pytest.raises(FileAccessError):
        store.open_answers(ruleset, tmp_path / "missing.yaml")
    assert session_files(store) == []


# -- the trash ----------------------------------------------------------------------------------

def test_discard_moves_the_file_to_the_trash_and_touches_nothing_else(store, ruleset):
    keep = store.new(ruleset, company="Keep", answers={"company_stage": "growing"})
    drop = store.new(ruleset, company="Drop", answers={"company_stage": "growing"})
    notes = store.folder / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    age(drop.path, 100)  # its last change long ago: the trash counts from the discard
    target = store.discard(drop.path)
    assert target == store.folder / "trash" / drop.path.name == store.trash / drop.path.name
    assert not drop.path.exists() and target.is_file()
    assert time.time() - target.stat().st_mtime < 60
    assert keep.path.is_file() and notes.read_text(encoding="utf-8") == "mine"
    assert [s.company for s in store.summaries(ruleset)] == ["Keep"]  # the trash is not listed


def test_discard_never_overwrites_a_file_in_the_trash(store, ruleset):
    s = store.new(ruleset, answers={"company_stage": "growing"})
    store.trash.mkdir(parents=True)
    (store.trash / s.path.name).write_text("older", encoding="utf-8")
    target = store.discard(s.path)
    assert target is not None and target.name == f"{s.path.stem}-2.yaml"
    assert (store.trash / s.path.name).read_text(encoding="utf-8") == "older"


def test_discard_refuses_anything_but_a_session_of_its_folder(store, ruleset, tmp_path):
    store.new(ruleset, answers={"company_stage": "growing"})
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("answers: {}\n", encoding="utf-8")
    text = store.folder / "notes.txt"
    text.write_text("mine", encoding="utf-8")
    for path in (outside, text, store.folder / ".." / "elsewhere.yaml"):
        with pytest.raises(FileAccessError, match="not a session"):
            store.discard(path)
    assert outside.is_file() and text.is_file()


def test_opening_the_store_empties_the_trash_of_files_older_than_30_days(tmp_path):
    trash = tmp_path / "sessions" / "trash"
    trash.mkdir(parents=True)
    old, recent = trash / "old.yaml", trash / "recent.yaml"
    other, folder = trash / "old.txt", trash / "sub.yaml"
    for path in (old, recent, other):
        path.write_text("answers: {}\n", encoding="utf-8")
    folder.mkdir()
    (folder / "inside.yaml").write_text("answers: {}\n", encoding="utf-8")
    for path in (old, other, folder, folder / "inside.yaml"):
        age(path, TRASH_DAYS + 1)
    age(recent, TRASH_DAYS - 1)
    SessionStore(tmp_path / "sessions")
    assert not old.exists()
    assert recent.is_file() and other.is_file() and (folder / "inside.yaml").is_file()  # nothing else goes


def test_a_workshop_folder_has_no_trash_to_empty(tmp_path, ruleset):
    info = create_workshop(tmp_path / "room", ruleset, company="Northwind")
    theirs = info.folder / "trash" / "old.yaml"
    theirs.parent.mkdir()
    theirs.write_text("answers: {}\n", encoding="utf-8")
    age(theirs, TRASH_DAYS + 10)
    store = WorkshopStore(info)
    assert not store.keeps_trash and theirs.is_file()  # the facilitator's files, not ours to remove
