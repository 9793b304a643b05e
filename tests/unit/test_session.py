"""Sessions: a questionnaire in progress, autosaved after every change (no UI involved).

Every folder is under tmp_path; the session files are read back with
``load_answers`` the way the CLI and a later resume would read them.
"""

from __future__ import annotations

import datetime as _dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.answers import load_answers
from advisor.engine import evaluate
from advisor.errors import AdvisorError, AnswersError, FileAccessError
from advisor.outputs import write_text
from advisor.session import Session, SessionStore, open_session

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"

# Questions shown only when there are full-time reps (show_if: sales_reps > 0).
REP_QUESTIONS = {"rep_admin_share", "reps_below_target", "rep_reactivity", "rep_future"}


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "sessions")


@pytest.fixture
def session(store: SessionStore, ruleset) -> Session:
    return store.new(ruleset, company="Northwind", respondent="Maria Okafor", role="VP Sales")


def saved(session: Session, ruleset):
    """The session file as the CLI would read it."""
    assert session.path is not None
    return load_answers(session.path, ruleset)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- new ------------------------------------------------------------------------------------------

def test_new_writes_its_file_at_the_first_answer_and_load_answers_reads_it(store, ruleset):
    s = store.new(ruleset, company="Northwind", respondent="Maria Okafor", role="VP Sales")
    assert s.path is not None and not s.path.exists()  # nothing answered, nothing written
    assert s.path.parent == store.folder
    assert s.path.suffix == ".yaml"
    s.set_answer("company_stage", "growing", move=False)
    assert s.path.is_file()
    meta = load_answers(s.path, ruleset)
    assert meta.company == "Northwind"
    assert meta.respondent == "Maria Okafor"
    assert meta.role == "VP Sales"
    assert meta.date == _dt.date.today().isoformat()
    assert meta.ruleset_id == ruleset.id
    assert meta.ruleset_hash == ruleset.hash
    assert meta.ruleset_version == ruleset.version
    assert meta.warnings == ()
    assert dict(meta.answers) == {"company_stage": "growing"}
    assert meta.position == ruleset.questions[0].id


def test_new_creates_a_missing_store_folder_and_keeps_sessions_apart(tmp_path, ruleset):
    store = SessionStore(tmp_path / "deep" / "er" / "sessions")
    first = store.new(ruleset, company="A")
    second = store.new(ruleset, company="B")
    assert store.folder.is_dir()
    assert first.path != second.path
    first.set_answer("company_stage", "growing")
    second.set_answer("company_stage", "growing")
    assert load_answers(first.path, ruleset).company == "A"
    assert load_answers(second.path, ruleset).company == "B"


def test_new_with_answers_and_position_saves_them(store, ruleset):
    s = store.new(ruleset, answers={"sales_reps": 3}, position="sales_reps")
    meta = saved(s, ruleset)
    assert dict(meta.answers) == {"sales_reps": 3}
    assert meta.position == "sales_reps"


def test_new_when_the_store_folder_cannot_be_made_raises_file_access_error(tmp_path, ruleset):
    blocker = tmp_path / "sessions"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(FileAccessError, match="sessions folder"):
        SessionStore(blocker).new(ruleset)


# -- answers ---------------------------------------------------------------------------------------

def test_set_answer_autosaves_each_change_and_records_position(session, ruleset):
    session.set_answer("company_stage", "growing")
    meta = saved(session, ruleset)
    assert dict(meta.answers) == {"company_stage": "growing"}
    assert meta.position == "company_stage"

    session.set_answer("sales_reps", 12)
    meta = saved(session, ruleset)
    assert dict(meta.answers) == {"company_stage": "growing", "sales_reps": 12}
    assert meta.position == "sales_reps"

    session.set_answer("revenue_teams", ["marketing", "support"])
    meta = saved(session, ruleset)
    assert meta.answers["revenue_teams"] == ["marketing", "support"]
    assert meta.position == "revenue_teams"

    session.set_answer("company_stage", "scaling")  # changing an earlier answer
    meta = saved(session, ruleset)
    assert meta.answers["company_stage"] == "scaling"
    assert meta.position == "company_stage"
    # Who answered is kept through every save.
    assert (meta.company, meta.respondent, meta.role) == ("Northwind", "Maria Okafor", "VP Sales")


@pytest.mark.parametrize("qid, value, words", [
    ("company_stage", "growin", ["expected one of", "growing", "did you mean `growing`"]),
    ("sales_reps", -1, ["0 to 10,000", "-1"]),
    ("sales_reps", 2.5, ["whole number"]),
    ("sales_reps", "five", ["expected a number"]),
    ("reactivity_plan", "yes", ["true or false"]),
    ("revenue_teams", ["marketing", "astrology"], ["astrology", "not an option"]),
])
def test_set_answer_refuses_a_bad_value_and_saves_nothing(session, ruleset, qid, value, words):
    session.set_answer("sales_motion", "field_sales")
    before = session.path.read_bytes()
    with pytest.raises(ValueError) as info:
        session.set_answer(qid, value)
    message = str(info.value)
    for word in words:
        assert word in message, message
    assert session.path.read_bytes() == before, "a refused answer must not be saved"
    assert qid not in session.answers
    assert session.position == "sales_motion"


def test_a_refused_value_keeps_the_previous_answer(session, ruleset):
    session.set_answer("company_stage", "growing")
    with pytest.raises(ValueError):
        session.set_answer("company_stage", "hypergrowth")
    assert session.answers["company_stage"] == "growing"
    assert saved(session, ruleset).answers["company_stage"] == "growing"


def test_clear_answer_removes_it_from_session_and_file(session, ruleset):
    session.set_answer("company_stage", "growing")
    session.set_answer("sales_motion", "inside_sales")
    session.clear_answer("company_stage")
    assert "company_stage" not in session.answers
    meta = saved(session, ruleset)
    assert dict(meta.answers) == {"sales_motion": "inside_sales"}
    assert meta.position == "company_stage"
    session.clear_answer("company_stage")  # clearing twice is harmless
    assert dict(saved(session, ruleset).answers) == {"sales_motion": "inside_sales"}


def test_set_answer_none_clears(session, ruleset):
    session.set_answer("budget", "one_function")
    session.set_answer("budget", None)
    assert "budget" not in saved(session, ruleset).answers


# -- visibility and progress -------------------------------------------------------------------------

def visible_ids(session: Session) -> list[str]:
    return [q.id for q in session.visible_questions()]


def test_rep_questions_appear_and_disappear_with_sales_reps(session, ruleset):
    all_ids = [q.id for q in ruleset.questions]

    start = visible_ids(session)
    assert not REP_QUESTIONS & set(start)
    assert start == [q for q in all_ids if q in start], "visible questions keep the ruleset's order"
    assert session.progress() == (0, len(start))
    assert not session.complete

    session.set_answer("sales_reps", 5)
    with_reps = visible_ids(session)
    assert set(with_reps) >= REP_QUESTIONS
    assert with_reps == [q for q in all_ids if q in with_reps]
    assert session.progress() == (1, len(with_reps))
    assert len(with_reps) > len(start)

    session.set_answer("rep_admin_share", "over_35")
    assert session.progress() == (2, len(with_reps))

    session.set_answer("sales_reps", 0)
    without = visible_ids(session)
    assert not REP_QUESTIONS & set(without)
    # The hidden question's answer is kept (nothing the person typed is lost) ...
    assert session.answers["rep_admin_share"] == "over_35"
    assert saved(session, ruleset).answers["rep_admin_share"] == "over_35"
    # ... but it does not count towards progress or the recommendation.
    assert session.progress() == (1, len(without))
    assert "rep_admin_share" not in session.result.answers
    assert "rep_admin_share" in session.result.ignored

    session.set_answer("sales_reps", 5)  # and it comes back when the question does
    assert session.progress() == (2, len(with_reps))
    assert session.result.answers["rep_admin_share"] == "over_35"


def test_complete_when_every_visible_question_is_answered(session, ruleset):
    example = load_answers(EXAMPLE, ruleset)
    for qid, value in example.answers.items():
        session.set_answer(qid, value)
    answered, total = session.progress()
    assert answered == total == len(session.visible_questions())
    assert session.complete
    session.clear_answer("budget")
    assert session.progress() == (total - 1, total)
    assert not session.complete


# -- position --------------------------------------------------------------------------------------

def test_move_to_saves_the_position(session, ruleset):
    session.set_answer("company_stage", "growing")
    session.move_to("deal_size")
    assert session.position == "deal_size"
    assert saved(session, ruleset).position == "deal_size"
    reopened, dropped = open_session(session.path, ruleset)
    assert reopened.position == "deal_size"
    assert dropped == ()


def test_move_to_the_same_question_does_not_rewrite_the_file(session, ruleset):
    session.set_answer("company_stage", "growing")
    session.move_to("deal_size")
    os.utime(session.path, (1_000_000_000, 1_000_000_000))
    session.move_to("deal_size")
    assert session.path.stat().st_mtime == 1_000_000_000


# -- result ----------------------------------------------------------------------------------------

def test_result_is_cached_and_recomputed_after_a_change(session, ruleset):
    first = session.result
    assert session.result is first, "no re-evaluation without a change"
    session.move_to("deal_size")
    assert session.result is first, "moving around does not change the result"

    session.set_answer("sales_reps", 5)
    second = session.result
    assert second is not first
    assert second.answers.get("sales_reps") == 5
    assert second == evaluate(ruleset, session.answers)

    session.clear_answer("sales_reps")
    third = session.result
    assert third is not second
    assert "sales_reps" not in third.answers


# -- export ----------------------------------------------------------------------------------------

@pytest.fixture
def filled(session, ruleset) -> Session:
    for qid, value in load_answers(EXAMPLE, ruleset).answers.items():
        session.set_answer(qid, value)
    return session


@pytest.mark.parametrize("name", ["answers.yaml", "answers.yml", "answers.json", "ANSWERS.JSON"])
def test_export_reads_back_to_the_same_recommendation(filled, ruleset, tmp_path, name):
    target = tmp_path / "out" / name
    target.parent.mkdir()
    filled.export_answers(target)
    text = target.read_text(encoding="utf-8")
    if name.lower().endswith(".json"):
        assert text.lstrip().startswith("{")
    else:
        assert not text.lstrip().startswith("{")
    meta = load_answers(target, ruleset)
    assert dict(meta.answers) == filled.answers
    assert (meta.company, meta.respondent, meta.role) == ("Northwind", "Maria Okafor", "VP Sales")
    assert meta.ruleset_hash == ruleset.hash
    again = evaluate(ruleset, meta.answers)
    assert again.key == filled.result.key
    assert again.recommendation == filled.result.recommendation
    assert (again.salesops, again.revops) == (filled.result.salesops, filled.result.revops)
    assert leftovers(target.parent) == []
    # Exporting does not move or rewrite the session file.
    assert filled.path != target and filled.path.is_file()


def test_export_into_a_missing_folder_raises_file_access_error(filled, tmp_path):
    with pytest.raises(FileAccessError, match="does not exist"):
        filled.export_answers(tmp_path / "nowhere" / "answers.yaml")
    assert not (tmp_path / "nowhere").exists()


# -- write_text -----------------------------------------------------------------------------------

def test_write_atomic_into_a_missing_folder(tmp_path):
    target = tmp_path / "missing" / "file.yaml"
    with pytest.raises(FileAccessError) as info:
        write_text(target, "x: 1\n")
    assert "missing" in str(info.value)
    assert "does not exist" in str(info.value)
    assert list(tmp_path.iterdir()) == [], "nothing is created, not even a temp file"


def test_write_atomic_replaces_an_existing_file_whole(tmp_path):
    target = tmp_path / "file.yaml"
    target.write_text("a: 1\n" * 1000, encoding="utf-8")
    write_text(target, "b: 2\n")
    assert target.read_text(encoding="utf-8") == "b: 2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.yaml"]


def test_write_atomic_failure_leaves_no_temp_file_and_the_old_content(tmp_path):
    target = tmp_path / "taken"
    target.mkdir()  # a folder where the file should go: the final rename fails
    (target / "inside").write_text("keep", encoding="utf-8")
    with pytest.raises(FileAccessError, match="cannot write"):
        write_text(target, "new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
    assert (target / "inside").read_text(encoding="utf-8") == "keep"


def test_write_atomic_keeps_text_exactly(tmp_path):
    target = tmp_path / "file.txt"
    text = "Zoë – “quoted”\nsecond line\n"
    write_text(target, text)
    assert target.read_bytes() == text.encode("utf-8")


# -- open_session ----------------------------------------------------------------------------------

def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_open_session_keeps_what_fits_and_lists_what_was_dropped(tmp_path, ruleset):
    path = write(tmp_path / "old.yaml", (
        "format: advisor-answers/1\n"
        "ruleset: {id: default, version: '0.9.0', hash: 'sha256:0000000000000000'}\n"
        "company: Northwind\n"
        "respondent: {name: Maria Okafor, role: VP Sales}\n"
        "position: deal_size\n"
        "answers:\n"
        "  company_stage: growing\n"
        "  team_size: 4\n"                      # a question that no longer exists
        "  sales_motion: partner_channel\n"     # an option that was removed
        "  sales_reps: 12\n"
    ))
    session, dropped = open_session(path, ruleset)
    assert session.answers == {"company_stage": "growing", "sales_reps": 12}
    assert session.company == "Northwind"
    assert session.respondent == "Maria Okafor"
    assert session.role == "VP Sales"
    assert session.position == "deal_size"
    assert session.path == path
    assert len(dropped) == 2
    assert any("team_size" in d for d in dropped), dropped
    assert any("sales_motion" in d and "partner_channel" in d for d in dropped), dropped
    # Strict reading still refuses the same file: the lenient mode is what saves it.
    with pytest.raises(AnswersError):
        load_answers(path, ruleset)
    # The file is left alone until the person changes something ...
    assert "team_size" in path.read_text(encoding="utf-8")
    # ... and the next save writes only what fits.
    session.set_answer("sales_motion", "field_sales")
    meta = load_answers(path, ruleset)
    assert dict(meta.answers) == {"company_stage": "growing", "sales_reps": 12, "sales_motion": "field_sales"}
    assert meta.ruleset_hash == ruleset.hash


def test_open_session_with_an_unknown_position_starts_at_the_first_question(tmp_path, ruleset):
    path = write(tmp_path / "s.yaml", "position: removed_question\nanswers: {company_stage: growing}\n")
    session, dropped = open_session(path, ruleset)
    assert session.position == ruleset.questions[0].id
    assert session.answers == {"company_stage": "growing"}
    assert dropped == ()


def test_open_session_without_keeping_the_path_does_not_write(tmp_path, ruleset):
    path = write(tmp_path / "answers.yaml", "answers: {company_stage: growing}\n")
    before = path.read_bytes()
    session, _ = open_session(path, ruleset, keep_path=False)
    assert session.path is None
    session.set_answer("sales_reps", 3)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml"]


@pytest.mark.parametrize("text", [
    "- just\n- a list\n",
    "hello: world\n",
    "",
    "format: advisor-answers/9\nanswers: {}\n",
    "answers: [company_stage, growing]\n",
])
def test_open_session_on_something_that_is_not_an_answers_file(tmp_path, ruleset, text):
    path = write(tmp_path / "x.yaml", text)
    with pytest.raises(AnswersError):
        open_session(path, ruleset)


def test_open_session_on_broken_yaml_says_where(tmp_path, ruleset):
    path = write(tmp_path / "x.yaml", "answers: {company_stage: growing\n")
    with pytest.raises(AdvisorError, match=r"x\.yaml:2:1:"):
        open_session(path, ruleset)


def test_open_session_on_a_ruleset_file(ruleset):
    with pytest.raises(AnswersError):
        open_session(ROOT / "rules" / "questions.yaml", ruleset)


def test_open_session_on_a_missing_file(tmp_path, ruleset):
    with pytest.raises(FileAccessError):
        open_session(tmp_path / "gone.yaml", ruleset)


# -- the store -------------------------------------------------------------------------------------

def age(path: Path, seconds_ago: int) -> None:
    stamp = _dt.datetime.now().timestamp() - seconds_ago
    os.utime(path, (stamp, stamp))


def test_unfinished_lists_sessions_newest_first_and_skips_unreadable_files(store, ruleset):
    empty = store.new(ruleset, company="Empty Ltd")
    reps = store.new(ruleset, company="Reps Inc", respondent="Ana")
    reps.set_answer("sales_reps", 5)
    reps.set_answer("rep_admin_share", "over_35")
    early = store.new(ruleset, company="Early Co")
    early.set_answer("company_stage", "first_customers")
    early.move_to("deal_size")
    assert not empty.path.exists()  # started, nothing answered: no file, nothing listed
    age(reps.path, 10)
    age(early.path, 100)

    folder = store.folder
    write(folder / "broken.yaml", "answers: {company_stage: growing\n")
    write(folder / "other.yaml", "hello: world\n")
    write(folder / "empty.yaml", "")
    (folder / "binary.yaml").write_bytes(b"\xff\xfe\x00garbage\x00")
    (folder / "folder.yaml").mkdir()
    write(folder / "notes.txt", "not a session")

    listed = store.unfinished(ruleset)
    assert [s.company for s in listed] == ["Reps Inc", "Early Co"]
    by_company = {s.company: s for s in listed}

    with_reps = Session(ruleset, None, answers={"sales_reps": 5})
    visible_with_reps = len(with_reps.visible_questions())
    assert (by_company["Reps Inc"].answered, by_company["Reps Inc"].total) == (2, visible_with_reps)
    visible_early = len(Session(ruleset, None, answers={"company_stage": "first_customers"}).visible_questions())
    assert (by_company["Early Co"].answered, by_company["Early Co"].total) == (1, visible_early)
    assert by_company["Reps Inc"].respondent == "Ana"
    assert by_company["Reps Inc"].path == reps.path
    assert by_company["Early Co"].position == "deal_size"
    assert listed[0].updated > listed[1].updated

    # A listed session resumes with its answers.
    resumed, dropped = open_session(by_company["Reps Inc"].path, ruleset)
    assert resumed.answers == {"sales_reps": 5, "rep_admin_share": "over_35"}
    assert dropped == ()


def test_unfinished_counts_only_questions_that_are_asked(store, ruleset):
    s = store.new(ruleset)
    s.set_answer("sales_reps", 5)
    s.set_answer("rep_admin_share", "over_35")
    s.set_answer("sales_reps", 0)  # rep_admin_share is now hidden but kept
    (summary,) = store.unfinished(ruleset)
    assert (summary.answered, summary.total) == s.progress() == (1, len(s.visible_questions()))


def test_unfinished_keeps_a_session_with_answers_that_no_longer_fit(store, ruleset):
    store.folder.mkdir(parents=True)
    path = write(store.folder / "old.yaml", "company: Old\nanswers: {company_stage: growing, team_size: 4}\n")
    (summary,) = store.unfinished(ruleset)
    assert summary.path == path
    assert summary.company == "Old"
    assert summary.answered == 1


def test_unfinished_with_no_store_folder_is_empty(tmp_path, ruleset):
    store = SessionStore(tmp_path / "never-made")
    assert store.unfinished(ruleset) == []
    assert not (tmp_path / "never-made").exists(), "listing does not create the folder"


def test_discard_moves_one_session_to_the_trash(store, ruleset):
    keep = store.new(ruleset, company="Keep", answers={"company_stage": "growing"})
    drop = store.new(ruleset, company="Drop", answers={"company_stage": "growing"})
    assert store.discard(drop.path) == store.trash / drop.path.name
    assert not drop.path.exists()
    assert load_answers(store.trash / drop.path.name, ruleset).company == "Drop"
    assert keep.path.exists()
    assert [s.company for s in store.unfinished(ruleset)] == ["Keep"]
    assert store.discard(drop.path) is None  # already gone: not an error
    assert [s.company for s in store.unfinished(ruleset)] == ["Keep"]


def test_discard_failure_raises_file_access_error(store, ruleset):
    store.new(ruleset)
    odd = store.folder / "odd.yaml"
    odd.mkdir()
    with pytest.raises(FileAccessError, match="cannot move to the trash"):
        store.discard(odd)


# -- no UI -----------------------------------------------------------------------------------------

def test_sessions_do_not_import_textual(tmp_path):
    code = ("import sys\n"
            "from pathlib import Path\n"
            "import advisor.session as session\n"
            "from advisor.loader import load_ruleset\n"
            f"rs = load_ruleset({str(ROOT / 'rules')!r})\n"
            "store = session.SessionStore(Path('sessions'))\n"
            "s = store.new(rs, company='X')\n"
            "s.set_answer('sales_reps', 5)\n"
            "s.export_answers(Path('out.json'))\n"
            "store.unfinished(rs)\n"
            "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_importing_the_session_module_alone_does_not_import_textual(tmp_path):
    code = ("import sys\n"
            "import advisor.session\n"
            "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"
