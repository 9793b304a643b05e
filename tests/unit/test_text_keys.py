"""Every strings key the code names exists in the strings files.

A key that is misspelt, or moved in the YAML and not in the code, would only
show as a traceback on the day its message is needed: most of them are error
messages, so an ordinary run never reads them. This reads the source instead:

- literal keys given to ``t``/``tc`` (``t("errors.files.too_big", ...)``);
- literal keys given to a module's own helper, which may add a prefix
  (``def _says(key, ...): return t(f"errors.shapes.{key}", ...)``);
- the phrases checks take as ``what="..."`` (``errors.shapes.what``), the
  kinds ``unique_ids`` takes (``errors.shapes.duplicate``) and the nouns
  ``refs`` takes (``errors.shapes.nouns``).

Keys built at run time (``t(f"keys.{name}")``) are not checked here; the
strings files are compared with each other in test_translations.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from advisor import texts

PACKAGE = Path(texts.__file__).resolve().parent
SOURCES = sorted(PACKAGE.rglob("*.py"))

LITERAL = r'\(\s*"([a-z_][a-z0-9_.]*)"'
DIRECT = re.compile(r"\b(?:t|tc)" + LITERAL)
PREFIXED_HELPER = re.compile(r'def (_[a-z]+)\(key: str[^)]*\)[^:]*:\n(?:\s+(?:""".*"""|#.*|from .*)\n)*'
                             r'\s*(?:\n\s*)?return t\((?:f"([a-z_.]+)\{key\}"|key\b)')
WHAT = re.compile(r'\bwhat=(?:\(\s*)?"([a-z_]+)"')
KINDS = re.compile(r'\bunique_ids\([^()]*(?:\([^()]*\)[^()]*)*,\s*"([a-z_]+)"\)')
NOUNS = re.compile(r'\brefs\((?:[^()]|\([^()]*\))*?\bwhat="([a-z_]+)"')


def _resolves(key: str) -> bool:
    node: Any = texts._texts(texts.LANGUAGE)
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return isinstance(node, str)


def _used_keys() -> list[tuple[str, str]]:
    """(where, key) for every key the source names literally."""
    found: list[tuple[str, str]] = []
    for path in SOURCES:
        source = path.read_text(encoding="utf-8")
        where = str(path.relative_to(PACKAGE.parent))
        found += [(where, key) for key in DIRECT.findall(source)]
        for helper, prefix in PREFIXED_HELPER.findall(source):
            found += [(where, prefix + key) for key in re.findall(rf"\b{helper}" + LITERAL, source)]
        if "Checker" in source or "ck." in source:
            found += [(where, f"errors.shapes.what.{key}") for key in WHAT.findall(source)]
            found += [(where, f"errors.shapes.duplicate.{key}") for key in KINDS.findall(source)]
            found += [(where, f"errors.shapes.nouns.{key}") for key in NOUNS.findall(source)]
    return found


def test_the_scan_finds_the_keys_it_is_meant_to_find() -> None:
    """The patterns above still match how the code names keys (else the next test proves nothing)."""
    keys = {key for _, key in _used_keys()}
    assert "errors.files.too_big" in keys  # t("...")
    assert "errors.shapes.expected" in keys  # checks.py's _says
    assert "errors.yaml.too_deep" in keys  # yamlread's _t, with its prefix
    assert "errors.shapes.what.answers_file" in keys  # what="..."
    assert "errors.shapes.duplicate.question" in keys  # unique_ids(..., "question")
    assert "errors.shapes.nouns.criterion" in keys  # refs(..., what="criterion")
    assert len(keys) > 400


@pytest.mark.parametrize("where,key", sorted(set(_used_keys())))
def test_every_key_the_code_names_exists(where: str, key: str) -> None:
    assert _resolves(key), f"{where} names the text {key!r}, which advisor/strings/en.yaml does not have"


def test_a_misspelt_key_would_be_caught() -> None:
    assert _resolves("errors.shapes.expected")
    assert not _resolves("errors.shapes.expectd")
    assert not _resolves("errors.shapes")  # a section, not a text


def _texts_in(node: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        return [item for name, child in node.items() for item in _texts_in(child, f"{path}.{name}".lstrip("."))]
    return [(path, node)] if isinstance(node, str) else []


def test_no_text_has_a_placeholder_that_t_would_take_for_its_own_argument() -> None:
    """``t(key, language, **values)``: a ``{key}`` or ``{language}`` placeholder could never be filled."""
    clashes = [(where, text) for lang in texts.languages() for where, text in _texts_in(texts._texts(lang))
               if re.search(r"\{(key|language)\}", text)]
    assert clashes == []


def test_a_broken_strings_file_is_an_error_not_an_endless_loop(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A duplicate key: the YAML reader's message about it is itself a text of that file."""
    broken = tmp_path / "en.yaml"
    broken.write_text("errors:\n  did_you_mean: a\n  did_you_mean: b\n", encoding="utf-8")
    monkeypatch.setattr(texts, "_FOLDER", tmp_path)
    texts._texts.cache_clear()
    try:
        with pytest.raises(texts.BrokenStringsError, match=re.escape(str(broken))):
            texts.t("errors.did_you_mean", suggestion="x")
    finally:
        texts._texts.cache_clear()


def test_two_threads_reading_the_same_strings_file_is_no_recursion(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app reads texts from idle-time threads too (advisor/ui/idle.py): a file that another thread
    is reading must not look like the recursion above, or the second reader would fail."""
    import threading

    inside, release = threading.Event(), threading.Event()
    real = texts._read_strings
    calls: list[Path] = []

    def slow(path: Path) -> Any:
        calls.append(path)
        if len(calls) == 1:  # the first reader waits inside, until the second has read
            inside.set()
            release.wait(5)
        return real(path)

    monkeypatch.setattr(texts, "_read_strings", slow)
    texts._texts.cache_clear()
    failures: list[BaseException] = []

    def first() -> None:
        try:
            texts._texts("en")
        except BaseException as exc:
            failures.append(exc)

    other = threading.Thread(target=first)
    other.start()
    try:
        assert inside.wait(5)
        data = texts._texts("en")  # while the other thread is still reading the same file
    finally:
        release.set()
        other.join(5)
        texts._texts.cache_clear()
    assert failures == []
    assert "app" in data and len(calls) == 2
