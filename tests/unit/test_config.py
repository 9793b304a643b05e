"""The preferences file (advisor.config): defaults, round trips, located warnings, and writes that keep
what the person wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor import config
from advisor.config import ConfigError, ConfigValueError, config_path, load, save
from advisor.errors import FileAccessError


@pytest.fixture
def path(test_home: Path) -> Path:
    """The config file of this test's home (the XDG folders point inside it)."""
    found = config_path()
    assert found == test_home / ".config" / "advisor" / "config.yaml"
    return found


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def warnings_of(prefs: config.Config) -> list[str]:
    return [str(warning) for warning in prefs.warnings]


# -- reading ----------------------------------------------------------------------------------------

def test_a_missing_file_is_the_defaults_silently(path: Path) -> None:
    prefs = load()
    assert (prefs.theme, prefs.language) == ("textual-dark", "en")
    assert prefs.is_default("theme") and prefs.is_default("language")
    assert prefs.warnings == () and not prefs.exists and prefs.readable
    assert not path.parent.exists()  # reading creates nothing


def test_an_empty_or_comment_only_file_is_the_defaults(path: Path) -> None:
    write(path, "# nothing yet\n")
    prefs = load()
    assert prefs.warnings == () and prefs.exists and prefs.explicit == frozenset()


def test_values_are_read(path: Path) -> None:
    write(path, "theme: nord\nlanguage: es\n")
    prefs = load()
    assert (prefs.theme, prefs.language) == ("nord", "es")
    assert prefs.explicit == {"theme", "language"} and prefs.warnings == ()


def test_save_then_load_round_trip(path: Path) -> None:
    saved = save(theme="gruvbox", language="fr")
    assert (saved.theme, saved.language) == ("gruvbox", "fr")
    assert load() == saved
    assert path.read_text(encoding="utf-8") == "theme: gruvbox\nlanguage: fr\n"


@pytest.mark.parametrize(("text", "line", "column", "expected", "found"), [
    ("theme: [\n", 2, 1, "did not find expected node content", "the whole file is ignored"),
    ("- theme\n- nord\n", 1, 1, "expected a mapping of settings", "found a list"),
    ("just words\n", 1, 1, "expected a mapping of settings", "found `just words`"),
    ("theme: !!python/object:os.system nord\n", 1, 8, "tags are not supported", "the whole file is ignored"),
    ("theme: nord\ntheme: gruvbox\n", 2, 1, "duplicate key `theme`", "the whole file is ignored"),
])
def test_a_broken_file_is_the_defaults_and_one_located_warning(path: Path, text: str, line: int, column: int,
                                                               expected: str, found: str) -> None:
    write(path, text)
    prefs = load()
    assert (prefs.theme, prefs.language) == ("textual-dark", "en")
    assert prefs.exists and not prefs.readable
    [warning] = prefs.warnings
    assert (warning.path, warning.line, warning.column) == (str(path), line, column)
    assert expected in warning.message and found in warning.message
    assert str(warning).startswith(f"{path}:{line}:{column}: ")


@pytest.mark.parametrize(("text", "column", "expected", "found"), [
    ("language: english\n", 11, "a two-letter language code", "found `english`"),
    ("language: 12\n", 11, "a two-letter language code", "found the number `12`"),
    ("language: no\n", 11, "a two-letter language code", "found `no`, which YAML reads as a yes/no value"),
    ("theme: ''\n", 8, "a theme name", "found an empty text"),
    ("theme: [a, b]\n", 8, "a theme name", "found a list"),
    ("theme:\n", 7, "a theme name", "found nothing"),
    (f"theme: {'x' * 65}\n", 8, "at most 64 characters", "found `xxx"),
])
def test_a_value_of_the_wrong_kind_gets_its_default_and_the_rest_is_used(
        path: Path, text: str, column: int, expected: str, found: str) -> None:
    key = text.split(":")[0]
    other = "theme: nord\n" if key == "language" else "language: es\n"
    write(path, text + other)
    prefs = load()
    assert prefs.is_default(key) and prefs.value(key) == config.DEFAULTS[key]
    assert not prefs.is_default("theme" if key == "language" else "language")  # the good key is still used
    [warning] = prefs.warnings
    assert (warning.line, warning.column) == (1, column)
    assert expected in warning.message and found in warning.message
    assert f"using the default `{config.DEFAULTS[key]}`" in warning.message


def test_a_yes_no_word_says_to_quote_it_and_an_upper_case_code_says_how_to_write_it(path: Path) -> None:
    write(path, "language: no\n")
    assert load().warnings[0].suggestion == "put the value in quotes to keep it as text"
    write(path, "language: ES\n")
    assert load().warnings[0].suggestion == "write `es`"
    write(path, 'language: "no"\n')
    assert load().language == "no"


def test_an_unknown_key_is_ignored_with_a_located_warning_and_a_suggestion(path: Path) -> None:
    write(path, "theme: nord\nthemes: dracula\ncolour: red\n")
    prefs = load()
    assert prefs.theme == "nord" and prefs.unknown == ("themes", "colour")
    first, second = prefs.warnings
    assert (first.line, first.column) == (2, 1) and "unknown key `themes`" in first.message
    assert first.suggestion == "did you mean `theme`?"
    assert (second.line, second.column) == (3, 1) and second.suggestion == "the keys are `theme`, `language`"


def test_a_file_that_cannot_be_read_is_a_warning(path: Path) -> None:
    path.mkdir(parents=True)  # a folder where the file should be
    prefs = load()
    assert not prefs.readable and prefs.theme == "textual-dark"
    assert "cannot read" in prefs.warnings[0].message and str(path) in str(prefs.warnings[0])


def test_control_characters_never_reach_a_warning(path: Path) -> None:
    write(path, 'theme: "\\e]0;owned\\a"\nlanguage: "\\e[2J"\n')
    text = "\n".join(warnings_of(load()))
    assert "\x1b" not in text and "\x07" not in text


# -- writing ----------------------------------------------------------------------------------------

def test_save_creates_the_folder_and_keeps_the_other_key(path: Path) -> None:
    save(language="es")
    save(theme="nord")
    prefs = load()
    assert (prefs.theme, prefs.language) == ("nord", "es")


def test_save_keeps_unknown_keys_comments_and_order(path: Path) -> None:
    write(path, "# my settings\ntheme: nord\n\n# from a newer advisor\nfont_size: 14\nlanguage: en\n"
                "extra:\n  - a\n  - b\n")
    save(theme="dracula")
    assert path.read_text(encoding="utf-8") == ("# my settings\ntheme: dracula\n\n# from a newer advisor\n"
                                                "font_size: 14\nlanguage: en\nextra:\n  - a\n  - b\n")
    save(language=None)
    assert path.read_text(encoding="utf-8") == ("# my settings\ntheme: dracula\n\n# from a newer advisor\n"
                                                "font_size: 14\nextra:\n  - a\n  - b\n")
    save(language="es")
    assert path.read_text(encoding="utf-8").endswith("extra:\n  - a\n  - b\nlanguage: es\n")


def test_a_layout_the_line_edits_do_not_handle_is_written_anew_with_every_key(path: Path) -> None:
    write(path, "{theme: nord, font_size: 14}")  # flow style, no final newline
    save(language="es")
    prefs = load()
    assert (prefs.theme, prefs.language, prefs.unknown) == ("nord", "es", ("font_size",))


def test_save_replaces_a_bad_value_and_quotes_what_yaml_would_misread(path: Path) -> None:
    write(path, "language: english\ntheme: nord\n")
    save(language="no")
    assert path.read_text(encoding="utf-8") == "language: 'no'\ntheme: nord\n"
    assert load().language == "no" and load().warnings == ()


def test_unset_removes_a_key_and_the_default_comes_back(path: Path) -> None:
    save(theme="nord", language="es")
    prefs = save(theme=None)
    assert prefs.is_default("theme") and prefs.theme == "textual-dark" and prefs.language == "es"
    assert save(theme=None) == prefs  # removing an absent key is no change


def test_an_unknown_key_the_file_holds_can_be_removed(path: Path) -> None:
    write(path, "themes: nord\n")
    assert save(themes=None).warnings == ()
    with pytest.raises(ConfigValueError, match="unknown key `colour`"):
        save(colour=None)


@pytest.mark.parametrize(("changes", "message"), [
    ({"thme": "nord"}, r"unknown key `thme` \(did you mean `theme`\?\)"),
    ({"language": "english"}, "language: expected a two-letter language code"),
    ({"language": "ES"}, "language: expected a two-letter language code"),
    ({"theme": ""}, "theme: expected a theme name"),
    ({"theme": "a\nb"}, "theme: expected a theme name"),
])
def test_save_refuses_a_bad_key_or_value_and_writes_nothing(path: Path, changes: dict, message: str) -> None:
    write(path, "theme: nord\n")
    with pytest.raises(ConfigValueError, match=message):
        save(**changes)
    assert path.read_text(encoding="utf-8") == "theme: nord\n"


@pytest.mark.parametrize("text", ["theme: [\n", "- nord\n", "theme: nord\ntheme: nord\n"])
def test_save_never_overwrites_a_file_it_could_not_read(path: Path, text: str) -> None:
    write(path, text)
    with pytest.raises(ConfigError, match="not changed, since it cannot be read as settings") as info:
        save(theme="dracula")
    assert not isinstance(info.value, ConfigValueError)
    assert str(path) in str(info.value) and "delete it" in str(info.value)
    assert path.read_text(encoding="utf-8") == text


def test_a_save_that_cannot_write_is_a_file_access_error(path: Path) -> None:
    path.parent.parent.mkdir(parents=True)
    path.parent.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(FileAccessError):
        save(theme="nord")


def test_save_writes_through_a_symlink_kept_in_dotfiles(path: Path, tmp_path: Path) -> None:
    target = tmp_path / "dotfiles" / "advisor.yaml"
    write(target, "theme: nord\n")
    path.parent.mkdir(parents=True)
    path.symlink_to(target)
    save(language="es")
    assert path.is_symlink() and target.read_text(encoding="utf-8") == "theme: nord\nlanguage: es\n"


def test_no_temp_file_is_left_behind(path: Path) -> None:
    save(theme="nord")
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.yaml"]

