"""Tests for advisor.yamlread: the strict, position-keeping YAML reader."""

from __future__ import annotations

import inspect
import math
import os
import socket
import sys
import threading

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor import yamlparse, yamlread
from advisor.errors import Diagnostic, FileAccessError
from advisor.plaintext import strip_controls
from advisor.yamlread import Document, Mark, YamlError, read_yaml_file, read_yaml_text

PARSERS = [
    pytest.param(
        "c",
        marks=pytest.mark.skipif(not yaml.__with_libyaml__, reason="libyaml not available"),
    ),
    "pure",
]


@pytest.fixture(params=PARSERS)
def parser(request, monkeypatch):
    """Run the test once with libyaml and once with the pure-Python parser."""
    loader = yaml.CSafeLoader if request.param == "c" else yaml.SafeLoader
    monkeypatch.setattr(yamlparse, "_LOADER", loader)
    return request.param


def only_diagnostic(excinfo: pytest.ExceptionInfo) -> Diagnostic:
    assert len(excinfo.value.diagnostics) == 1
    return excinfo.value.diagnostics[0]


def refused(text: str, **kwargs) -> Diagnostic:
    with pytest.raises(YamlError) as excinfo:
        read_yaml_text(text, "f.yaml", **kwargs)
    diag = only_diagnostic(excinfo)
    assert diag.path == "f.yaml"
    return diag


def at(diag: Diagnostic) -> tuple[int, int]:
    return diag.line, diag.column


# --- values -----------------------------------------------------------------


@pytest.mark.parametrize(
    "plain",
    [
        "yes", "No", "on", "OFF", "true", "False", "~", "null", "", "-3", "0", "1.5", "1.5e+3",
        "1e3", "6.8523015e+5", "abc", "y", "n", "1.2.3", "-x",
    ],
)
def test_plain_scalars_resolve_like_safe_load(parser, plain):
    expected = yaml.safe_load(f"v: {plain}")["v"]
    got = read_yaml_text(f"v: {plain}").data["v"]
    assert type(got) is type(expected)
    assert got == expected


@pytest.mark.parametrize(
    "plain, reading",
    [
        ("1:30", 90), ("190:20:30.15", 685230.15), ("0x10", 16), ("0x1F", 31), ("0x_1F", 31),
        ("0b101", 5), ("1_000", 1000), ("+12", 12), (".inf", math.inf),
        ("-.Inf", -math.inf), ("+.inf", math.inf),
    ],
)
def test_yaml11_number_forms_stay_text(parser, plain, reading):
    # YAML 1.1 (and so yaml.safe_load) reads these as numbers; the advisor
    # reads decimal numbers only, so a `1:30` answer is reported, not read as 90.
    assert yaml.safe_load(f"v: {plain}")["v"] == reading
    assert read_yaml_text(f"v: {plain}").data["v"] == plain
    assert read_yaml_text(f'{{"v": {plain}}}', "answers.json").data["v"] == plain


@pytest.mark.parametrize("plain", [".nan", ".NaN", ".NAN", "0o17", "1e3"])
def test_nan_and_other_non_numbers_stay_text(parser, plain):
    assert read_yaml_text(f"v: {plain}").data["v"] == plain


@pytest.mark.parametrize(
    "plain, value",
    [("010", 10), ("007", 7), ("-0", 0), ("-12", -12), ("1.", 1.0), (".5", 0.5), ("-.5", -0.5),
     ("1.5e3", 1500.0), ("1.5E-2", 0.015), ("2.5e+3", 2500.0), ("-0.0", -0.0)],
)
def test_decimal_numbers(parser, plain, value):
    # A leading zero is a decimal zero, never YAML 1.1's octal (yaml.safe_load reads `010` as 8).
    got = read_yaml_text(f"v: {plain}").data["v"]
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("plain", ["1.0e999", "-1.0e999", "9" * 400 + ".0"])
def test_a_decimal_too_large_for_a_float_is_refused(parser, plain):
    diag = refused(f"v: {plain}")
    assert at(diag) == (1, 4)
    assert "is too large to read" in diag.message


def test_a_json_exponent_too_large_for_a_float_is_refused(parser):
    with pytest.raises(YamlError) as excinfo:
        read_yaml_text('{"v": 1e999}', "a.json")
    assert "`1e999` is too large to read" in only_diagnostic(excinfo).message


@pytest.mark.parametrize("plain, value", [("1e3", 1000.0), ("1e-05", 1e-05), ("-2E+2", -200.0)])
def test_json_style_exponents_are_numbers_in_json_files(parser, plain, value):
    # YAML 1.1 reads these as text (it wants a dot); JSON reads numbers.
    assert read_yaml_text(f'{{"v": {plain}}}', "answers.json").data["v"] == value
    assert read_yaml_text(f"v: {plain}", "answers.yaml").data["v"] == plain


def test_value_types(parser):
    doc = read_yaml_text("a: 0x1F\nb: 1_000\nc: .inf\nd: yes\ne: ~\nf: 2.5\ng: text\nh: 12\n")
    assert doc.data == {"a": "0x1F", "b": "1_000", "c": ".inf", "d": True, "e": None,
                        "f": 2.5, "g": "text", "h": 12}
    assert [type(v) for v in doc.data.values()] == [str, str, str, bool, type(None),
                                                   float, str, int]


@pytest.mark.parametrize("text", ["'1'", '"true"', "'~'", '"2026-12-01"', "|\n  yes\n"])
def test_quoted_and_block_scalars_are_always_text(parser, text):
    assert type(read_yaml_text(f"v: {text}").data["v"]) is str


@pytest.mark.parametrize(
    "stamp", ["2026-12-01", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5"]
)
def test_timestamps_stay_as_written(parser, stamp):
    assert read_yaml_text(f"when: {stamp}").data == {"when": stamp}


def test_yaml11_value_indicator_is_text(parser):
    # yaml.safe_load refuses `=` outright; as a plain word it is harmless text.
    assert read_yaml_text("v: =").data == {"v": "="}


def test_keys_may_be_any_scalar_and_keep_file_order(parser):
    doc = read_yaml_text("z: 1\n3: int\ntrue: bool\n~: none\na: 2\n")
    assert list(doc.data) == ["z", 3, True, None, "a"]


def test_json_text(parser):
    doc = read_yaml_text('{"a": [1, 2.5, true, null, "x"]}', "answers.json")
    assert doc.data == {"a": [1, 2.5, True, None, "x"]}
    assert doc.key_mark("a") == Mark(1, 2)
    assert doc.mark("a") == Mark(1, 7)
    assert doc.mark("a", 4) == Mark(1, 28)


def test_json_file_gets_positions(parser, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text('{\n  "answers": {\n    "q1": "yes",\n    "q2": [1, 2]\n  }\n}\n')
    doc = read_yaml_file(path)
    assert doc.data == {"answers": {"q1": "yes", "q2": [1, 2]}}
    assert doc.mark("answers", "q2", 1) == Mark(4, 15)
    assert doc.key_mark("answers", "q1") == Mark(3, 5)
    assert doc.path == str(path)


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n", "\n\n"])
def test_empty_documents_give_none(parser, text):
    doc = read_yaml_text(text)
    assert doc.data is None
    assert doc.mark() == Mark(1, 1)


# --- positions ----------------------------------------------------------------

RULESET = """\
# comment
questions:
  - id: q1
    options:
      - value: a
        label: A
  - id: q2
"""


def test_mark_and_key_mark(parser):
    doc = read_yaml_text(RULESET, "questions.yaml")
    assert doc.mark() == Mark(1, 1)
    assert doc.key_mark("questions") == Mark(2, 1)
    assert doc.mark("questions") == Mark(3, 3)
    assert doc.mark("questions", 0) == Mark(3, 5)
    assert doc.key_mark("questions", 0) == doc.mark("questions", 0)
    assert doc.key_mark("questions", 0, "options") == Mark(4, 5)
    assert doc.mark("questions", 0, "options") == Mark(5, 7)
    assert doc.mark("questions", 0, "options", 0, "label") == Mark(6, 16)
    assert doc.key_mark("questions", 0, "options", 0, "label") == Mark(6, 9)
    assert doc.mark("questions", 1, "id") == Mark(7, 9)


def test_marks_fall_back_to_nearest_ancestor(parser):
    doc = read_yaml_text(RULESET)
    assert doc.mark("questions", 0, "missing") == Mark(3, 5)
    assert doc.key_mark("questions", 0, "missing") == Mark(3, 5)
    assert doc.mark("questions", 9, "id") == Mark(3, 3)
    assert doc.mark("nope") == Mark(1, 1)
    assert doc.key_mark("nope", "deeper") == Mark(1, 1)


def test_diagnostic_helper(parser):
    doc = read_yaml_text(RULESET, "questions.yaml")
    diag = doc.diagnostic(("questions", 0, "id"), "bad id", "use q-1")
    assert diag == Diagnostic("questions.yaml", 3, 9, "bad id", "use q-1")
    at_key = doc.diagnostic(("questions", 0, "id"), "bad", at_key=True)
    assert (at_key.line, at_key.column, at_key.suggestion) == (3, 5, "")


def test_columns_count_characters_not_bytes(parser):
    diag = refused("é: {x: 1, x: 2}")
    assert at(diag) == (1, 11)


def test_document_is_a_plain_object():
    doc = read_yaml_text("a: [1]")
    assert isinstance(doc, Document)
    assert type(doc.data) is dict and type(doc.data["a"]) is list


# --- refusals -----------------------------------------------------------------


def test_anchor_is_refused_at_the_anchor(parser):
    diag = refused("a: 1\nb: &x 2\nc: *x\n")
    assert at(diag) == (2, 4)
    assert "anchors and aliases are not supported" in diag.message
    assert "write the value out in full" in str(diag)


def test_anchor_on_a_collection_is_refused(parser):
    assert at(refused("base: &b\n  x: 1\n")) == (1, 7)


def test_alias_is_refused_at_the_alias(parser):
    diag = refused("a: 1\nb: [1, *x]\n")
    assert at(diag) == (2, 8)
    assert "aliases" in diag.message


def test_merge_key_is_refused(parser):
    diag = refused("base: {a: 1}\nchild:\n  <<: {a: 1}\n  b: 2\n")
    assert at(diag) == (3, 3)
    assert "merge keys" in diag.message


@pytest.mark.parametrize(
    ("text", "shown", "where"),
    [
        ("a: !!str 1", "!!str", (1, 4)),
        ("a: !foo bar", "!foo", (1, 4)),
        ("a:\n  - !!map {}\n", "!!map", (2, 5)),
        ("a: !!python/object:os.system {}", "!!python/object:os.system", (1, 4)),
        ("x: 1\nb: !<tag:example.com,2000:x> 1", "tag:example.com,2000:x", (2, 4)),
    ],
)
def test_explicit_tags_are_refused(parser, text, shown, where):
    diag = refused(text)
    assert diag.message == f"tags are not supported (found `{shown}`)"
    assert at(diag) == where


def test_python_tags_never_run(parser, monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(os, "system", lambda *args: calls.append(args) or 0)
    marker = tmp_path / "ran"
    text = f'a: 1\nb: !!python/object/apply:os.system ["echo hi > {marker}"]\n'
    diag = refused(text)
    assert at(diag) == (2, 4)
    assert "`!!python/object/apply:os.system`" in diag.message
    assert calls == [] and not marker.exists()


def test_yaml_load_is_never_used(parser, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("yaml.load must not be called")

    for name in ("load", "safe_load", "full_load", "unsafe_load", "load_all"):
        monkeypatch.setattr(yaml, name, forbidden)
    assert read_yaml_text("a: [1, {b: c}]").data == {"a": [1, {"b": "c"}]}


def test_duplicate_key_names_both_lines(parser):
    diag = refused("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n")
    assert at(diag) == (5, 3)
    assert diag.message == "duplicate key `c` (first at line 3)"


def test_duplicate_key_in_json(parser):
    diag = refused('{"a": 1,\n "a": 2}')
    assert at(diag) == (2, 2)
    assert "first at line 1" in diag.message


def test_duplicate_int_keys(parser):
    assert at(refused("1: a\n2: b\n1: c\n")) == (3, 1)


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [("? [a, b]\n: 1\n", (1, 3), "a list"), ("{{a: 1}: 2}", (1, 2), "a mapping")],
)
def test_collection_keys_are_refused(parser, text, where, what):
    diag = refused(text)
    assert at(diag) == where
    assert diag.message == f"a mapping key must be a plain value, not {what}"


def test_very_deep_flow_nesting_gives_a_diagnostic(parser):
    diag = refused("[" * 100_000)
    # Newer libyaml (PyYAML 6.0.4) refuses past 1,000 flow levels while it scans
    # ahead, before our own limit sees the events; either way it is a located
    # diagnostic, never a RecursionError.
    assert at(diag) in ((1, 65), (1, 1001))
    assert "64" in diag.message or "nesting depth" in diag.message


def test_very_deep_block_nesting_gives_a_diagnostic(parser):
    assert at(refused("- " * 100_000 + "x")) == (1, 129)


def test_nesting_limit_is_exact(parser):
    assert read_yaml_text("[" * 64 + "]" * 64).data is not None
    assert at(refused("[" * 65 + "]" * 65)) == (1, 65)
    assert at(refused("[[[1]]]", max_depth=2)) == (1, 3)


def test_building_does_not_recurse(parser):
    # A few dozen frames above the caller: recursion per nesting level would fail.
    text = "[" * 64 + "]" * 64
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 40)
    try:
        doc = read_yaml_text(text)
    finally:
        sys.setrecursionlimit(old)
    assert doc.mark(*[0] * 63) == Mark(1, 64)


def test_deep_mapping_reports_where_it_goes_too_deep(parser):
    text = "".join(f"{'  ' * i}k:\n" for i in range(70)) + "  " * 70 + "x\n"
    diag = refused(text)
    assert at(diag) == (65, 129)


def test_size_limit_text(parser):
    text = "a: " + "x" * int(3.2 * (1 << 20)) + "\n"
    diag = refused(text)
    assert diag.message == "file is 3.2 MiB; the limit is 1 MiB"
    assert at(diag) == (0, 0)


def test_size_limit_counts_bytes_not_characters(parser):
    assert read_yaml_text("a: " + "x" * 97, max_bytes=100).data
    assert "limit is 100 bytes" in refused("a: " + "é" * 50, max_bytes=100).message


def test_size_limit_just_over(parser):
    diag = refused("a: " + "x" * (1 << 20))
    assert diag.message == "file is 1,048,579 bytes; the limit is 1,048,576 bytes"


def test_size_limit_file(parser, tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * (5 << 20))
    with pytest.raises(YamlError) as excinfo:
        read_yaml_file(path, display="rules/big.yaml")
    diag = only_diagnostic(excinfo)
    assert diag.path == "rules/big.yaml"
    assert diag.message == "file is 5 MiB; the limit is 1 MiB"


def test_second_document_is_refused(parser):
    diag = refused("a: 1\n---\nb: 2\n")
    assert at(diag) == (2, 1)
    assert "one YAML document" in diag.message
    assert at(refused("---\na: 1\n---\nb: 2\n")) == (3, 1)


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("a: [1, 2\nb: 3\n", (2, 2), "flow sequence that starts at line 1, column 4"),
        ("a: b: c\n", (1, 5), "mapping values are not allowed"),
        ("key: 'open\nother: 1\n", (3, 1), "quoted scalar that starts at line 1, column 6"),
        ("a:\n  - 1\n  b: 2\n", (3, 3), "block collection"),
        ("a: 1\n\tb: 2\n", (2, 1), "tab|token"),
    ],
)
def test_syntax_errors_have_positions(parser, text, where, words):
    diag = refused(text)
    assert at(diag) == where
    assert any(word in diag.message for word in words.split("|"))


def test_non_printable_character(parser):
    diag = refused("a: 1\nb: x\x07y\n")
    assert at(diag) == (2, 5)
    assert "U+0007" in diag.message


def test_lone_surrogate_is_refused(parser):
    assert "U+D800" in refused("a: \ud800").message


def test_too_long_integer(parser):
    diag = refused("a: 1\nb: " + "9" * 5000)
    assert at(diag) == (2, 4)
    assert "too long" in diag.message


# --- files ----------------------------------------------------------------------


def test_not_utf8(parser, tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\nname: café\n".encode("latin-1"))
    with pytest.raises(YamlError) as excinfo:
        read_yaml_file(path)
    diag = only_diagnostic(excinfo)
    assert diag.message.startswith("not UTF-8 text")
    assert "0xE9" in diag.message
    assert at(diag) == (2, 10)


def test_utf16_is_not_utf8(parser, tmp_path):
    path = tmp_path / "utf16.yaml"
    path.write_bytes("a: 1\n".encode("utf-16"))
    with pytest.raises(YamlError) as excinfo:
        read_yaml_file(path)
    assert only_diagnostic(excinfo).message.startswith("not UTF-8 text")


def test_bom_is_stripped(parser, tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\nb: x\n")
    doc = read_yaml_file(path)
    assert doc.data == {"a": 1, "b": "x"}
    assert doc.key_mark("a") == Mark(1, 1)
    assert doc.mark("b") == Mark(2, 4)
    assert read_yaml_text("\ufeffa: 1").data == {"a": 1}


def test_missing_file(tmp_path):
    path = tmp_path / "nope.yaml"
    with pytest.raises(FileAccessError) as excinfo:
        read_yaml_file(path, display="nope.yaml")
    diag = only_diagnostic(excinfo)
    assert diag.path == "nope.yaml"
    assert diag.message == "cannot read: No such file or directory"


def test_directory_is_not_readable(tmp_path):
    with pytest.raises(FileAccessError) as excinfo:
        read_yaml_file(tmp_path)
    diag = only_diagnostic(excinfo)
    assert diag.path == str(tmp_path)
    assert diag.message == "cannot read: it is a folder, not a file"


def _refused_at_once(path) -> Diagnostic:
    """The diagnostic for reading ``path``, failing (not hanging) if reading blocks."""
    outcome: list[BaseException | object] = []

    def read() -> None:
        try:
            outcome.append(read_yaml_file(path))
        except BaseException as exc:  # handed to the test below
            outcome.append(exc)

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), f"reading {path} blocked"
    assert isinstance(outcome[0], FileAccessError), outcome
    assert len(outcome[0].diagnostics) == 1
    return outcome[0].diagnostics[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    diag = _refused_at_once(fifo)
    assert (diag.path, diag.line) == (str(fifo), 0)
    assert diag.message == "cannot read: it is a named pipe (FIFO), not a regular file"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_device_is_refused_before_reading(tmp_path):
    # /dev/zero never ends: reading it would fill the size limit first.
    diag = _refused_at_once("/dev/zero")
    assert diag.message == "cannot read: it is a device, not a regular file"


@pytest.mark.skipif(not os.path.exists("/dev/tty"), reason="no /dev/tty here")
def test_the_terminal_is_refused_at_once():
    # Reading /dev/tty waited for a line typed at the terminal (and froze the app).
    # Without a controlling terminal, opening it fails; either way it is refused.
    diag = _refused_at_once("/dev/tty")
    assert diag.message.startswith("cannot read: ")


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets here")
def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.yaml"
    with socket.socket(socket.AF_UNIX) as server:
        try:
            server.bind(str(path))
        except OSError:
            pytest.skip("cannot bind a Unix socket in the temp folder")
        assert _refused_at_once(path).message.endswith("not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_input_file_problem_names_what_a_path_is(tmp_path):
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    regular = tmp_path / "a.yaml"
    regular.write_text("a: 1\n", encoding="utf-8")
    assert yamlread.input_file_problem(regular) == ""
    assert yamlread.input_file_problem(fifo) == "it is a named pipe (FIFO), not a regular file"
    assert yamlread.input_file_problem(tmp_path) == "it is a folder, not a file"
    assert yamlread.input_file_problem(tmp_path / "missing") == "no such file"


# --- control characters --------------------------------------------------------------


def test_control_characters_are_removed_from_strings(parser):
    doc = read_yaml_text('company: "Acme\\e]0;pwned\\a"\n"k\\x1b[2J": "\\x9b31m red \\u202e"\nplain: a\u202eb\n')
    assert doc.data == {"company": "Acme]0;pwned", "k[2J": "31m red ", "plain": "ab"}
    assert doc.mark("company") == Mark(1, 10)
    assert doc.key_mark("k[2J") == Mark(2, 1)


def test_control_characters_are_removed_from_json_strings(parser):
    doc = read_yaml_text('{"company": "Acme\\u001b]0;pwned\\u0007", "n": "a\\tb\\nc"}', "a.json")
    assert doc.data == {"company": "Acme]0;pwned", "n": "a\tb\nc"}  # tabs and newlines stay


def test_keys_that_differ_only_by_control_characters_are_duplicates(parser):
    diag = refused('a: 1\n"a\\a": 2\n')
    assert at(diag) == (2, 1)
    assert diag.message.startswith("duplicate key `a")
    assert "\x07" not in diag.message


@pytest.mark.parametrize("escape", ["\\ud800", "\\U0011FFFF"])
def test_an_escape_that_is_not_a_character_is_refused(parser, escape):
    diag = refused(f'a: "x{escape}"\n')
    assert diag.line == 1


def test_read_file_with_str_path(parser, tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("x: [a, b]\n", encoding="utf-8")
    doc = read_yaml_file(str(path))
    assert doc.data == {"x": ["a", "b"]} and doc.mark("x", 1) == Mark(1, 8)


# --- agreement with PyYAML ------------------------------------------------------


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


# Infinities and NaN are left out: PyYAML writes them as `.inf` and `.nan`,
# which the advisor reads as text (decimal numbers only). Keys have no
# control or format characters: removing them could make two keys one.
scalars = (
    st.none() | st.booleans() | st.integers() | st.text(max_size=20)
    | st.floats(allow_nan=False, allow_infinity=False)
)
keys = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf")), max_size=8) | st.integers()
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)


def _without_controls(data):
    """What the advisor reads for ``data``: every string without its control characters."""
    if isinstance(data, str):
        return strip_controls(data)
    if isinstance(data, list):
        return [_without_controls(v) for v in data]
    if isinstance(data, dict):
        return {_without_controls(k): _without_controls(v) for k, v in data.items()}
    return data


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*prefix, index))


@pytest.mark.parametrize("loader", [yaml.SafeLoader] + (
    [yaml.CSafeLoader] if yaml.__with_libyaml__ else []))
@settings(max_examples=150, deadline=None)
@given(data=values, flow=st.booleans(), unicode=st.booleans())
def test_round_trip_matches_safe_load(loader, data, flow, unicode):
    text = yaml.dump(data, Dumper=_NoAliasDumper, default_flow_style=flow,
                     allow_unicode=unicode)
    old = yamlparse._LOADER
    yamlparse._LOADER = loader
    try:
        doc = read_yaml_text(text)
    finally:
        yamlparse._LOADER = old
    assert doc.data == _without_controls(yaml.load(text, Loader=loader))
    for path in _paths(doc.data):
        if path:
            assert path in doc._values
            assert doc.mark(*path).line >= 1
