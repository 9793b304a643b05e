"""The parse and analysis caches: a cache hit must be indistinguishable from a fresh read."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.errors import RulesetError
from advisor.loader import load_ruleset
from advisor.resources import cache_dir
from advisor.yamlread import read_yaml_file

TEXT = "name: demo\nitems:\n  - {id: a, value: 1}\n  - {id: b, value: [x, y]}\n"


def test_cache_hit_gives_the_same_data_and_positions(tmp_path: Path) -> None:
    source = tmp_path / "doc.yaml"
    source.write_text(TEXT)
    cache = tmp_path / "cache"
    fresh = read_yaml_file(source, cache=cache)
    assert len(list(cache.iterdir())) == 1
    hit = read_yaml_file(source, cache=cache)
    assert hit.data == fresh.data
    for keys in [("name",), ("items", 1, "value", 1), ("items", 0, "id"), ("missing", "x")]:
        assert hit.mark(*keys) == fresh.mark(*keys)
        assert hit.key_mark(*keys) == fresh.key_mark(*keys)
    line = TEXT.splitlines()[3]
    mark = hit.mark("items", 1, "value", 1)
    assert (mark.line, mark.column) == (4, line.index("y") + 1)


def test_an_edited_file_misses_the_cache(tmp_path: Path) -> None:
    source = tmp_path / "doc.yaml"
    cache = tmp_path / "cache"
    source.write_text(TEXT)
    read_yaml_file(source, cache=cache)
    source.write_text(TEXT.replace("demo", "changed"))
    assert read_yaml_file(source, cache=cache).data["name"] == "changed"


def test_a_corrupt_cache_file_is_ignored(tmp_path: Path) -> None:
    source = tmp_path / "doc.yaml"
    cache = tmp_path / "cache"
    source.write_text(TEXT)
    read_yaml_file(source, cache=cache)
    for entry in cache.iterdir():
        entry.write_bytes(b"\x00garbage")
    assert read_yaml_file(source, cache=cache).data["name"] == "demo"


def test_an_unwritable_cache_only_costs_speed(tmp_path: Path) -> None:
    source = tmp_path / "doc.yaml"
    source.write_text(TEXT)
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    assert read_yaml_file(source, cache=blocker).data["name"] == "demo"


def test_ruleset_errors_keep_their_positions_on_a_cache_hit(rules_copy: Path) -> None:
    path = rules_copy / "rules.yaml"
    path.write_text(path.read_text().replace("    cites: [S5]", "    cites: [S5]\n    colour: red", 1))
    messages = []
    for _ in range(2):  # the first load fills the parse cache, the second reads it
        with pytest.raises(RulesetError) as info:
            load_ruleset(rules_copy)
        messages.append([str(d) for d in info.value.diagnostics])
    assert messages[0] == messages[1]
    assert any("rules.yaml:" in m and "unknown key `colour`" in m for m in messages[0])


def test_cached_load_equals_an_uncached_one(rules_copy: Path) -> None:
    first = load_ruleset(rules_copy)
    assert any(cache_dir("rulesets").glob("analysis-*.marshal"))
    second = load_ruleset(rules_copy)
    uncached = load_ruleset(rules_copy, cache=False)
    for other in (second, uncached):
        assert other.hash == first.hash
        assert other.max_scores == first.max_scores
        assert [q.id for q in other.questions] == [q.id for q in first.questions]
        assert len(other.cases) == len(first.cases)
