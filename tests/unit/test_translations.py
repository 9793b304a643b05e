"""Every text the advisor shows exists in every language it offers, with the same placeholders.

Three kinds of text: the report's words (reports/strings/<lang>.yaml), the
app's and the command line's (advisor/strings/<lang>.yaml), and the
default ruleset's (rules/, a `{en: ..., es: ...}` mapping per text). A text
missing in one language, or filling other `{placeholders}` than the English
one, fails here with its file and line; `rules check` and the report
loader say the same to a translator.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest

from advisor import cli, texts
from advisor.errors import RulesetError
from advisor.language import OFFERED
from advisor.loader import load_ruleset
from advisor.model import Ruleset, Text
from advisor.report_texts import read_strings
from advisor.resources import reports_dir

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"


def test_every_offered_language_has_the_report_and_app_strings() -> None:
    assert OFFERED == ("en", "es")
    for language in OFFERED:
        assert (reports_dir() / "strings" / f"{language}.yaml").is_file(), language
    assert texts.languages() == OFFERED


@pytest.mark.parametrize("language", OFFERED)
def test_the_report_strings_are_complete(language: str) -> None:
    read_strings(language, reports_dir())  # keys, plural forms and placeholders, against English; raises if not


@pytest.mark.parametrize("language", OFFERED)
def test_the_app_strings_are_complete(language: str) -> None:
    assert texts.check(language) == []


def test_a_missing_or_changed_app_text_is_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "strings"
    shutil.copytree(Path(texts.__file__).parent / "strings", folder)
    spanish = folder / "es.yaml"
    text = spanish.read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "{path}" in row)
    spanish.write_text(text.replace("{path}", "{ruta}", 1), encoding="utf-8")
    monkeypatch.setattr(texts, "_FOLDER", folder)
    problems = [str(p) for p in texts.check("es")]
    assert len(problems) == 1
    assert problems[0].startswith(f"{spanish}:{line}:") and "{ruta}" in problems[0] and "{path}" in problems[0]


def all_texts(ruleset: Ruleset) -> list[Text]:
    """Every Text reachable from the ruleset's records."""
    found: list[Text] = []
    seen: set[int] = set()

    def walk(value: object) -> None:
        if id(value) in seen or isinstance(value, (str, int, float, bool)) or value is None:
            return
        seen.add(id(value))
        if isinstance(value, Text):
            found.append(value)
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                walk(item)
        elif type(value).__module__.startswith("advisor."):
            names = set(getattr(value, "__dict__", {}))
            for cls in type(value).__mro__:
                names.update(getattr(cls, "__slots__", ()))
            for name in names:
                walk(getattr(value, name, None))

    walk(ruleset)
    return found


def test_the_default_ruleset_speaks_english_and_spanish(ruleset: Ruleset) -> None:
    assert ruleset.languages == ("en", "es") and ruleset.default_language == "en"
    found = all_texts(ruleset)
    assert len(found) > 400  # questions, options, rules, policy, functions: the walk reached them
    for text in found:
        assert set(text.by_language) == {"en", "es"}, text
        assert text("es").strip() and text("es") != "" and text("en").strip()


def test_rules_check_names_a_text_without_its_spanish_and_a_changed_placeholder(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    questions = rules / "questions.yaml"
    lines = questions.read_text(encoding="utf-8").splitlines(keepends=True)
    first_es = next(i for i, row in enumerate(lines) if row.lstrip().startswith("es:"))
    del lines[first_es]  # the first Spanish text, gone
    questions.write_text("".join(lines), encoding="utf-8")
    rationale = rules / "rules.yaml"
    text = rationale.read_text(encoding="utf-8")
    es_at = text.index("es:", text.index("rationale:"))
    placeholder = text.index("{", es_at)
    end = text.index("}", placeholder)
    rationale.write_text(text[:placeholder] + "{nothing_here}" + text[end + 1:], encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        load_ruleset(rules, cache=False)
    message = str(caught.value)
    assert f"{questions}:" in message and "has no `es` version" in message
    assert f"{rationale}:" in message and "{nothing_here}" in message


def test_a_consultants_ruleset_may_speak_one_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """English only: `--language es` is refused with the ruleset's languages, exit 2; English works."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    import yaml

    for path in rules.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))

        def english(node: object) -> object:
            if isinstance(node, dict):
                if set(node) == {"en", "es"}:
                    return node["en"]
                return {key: english(value) for key, value in node.items()}
            if isinstance(node, list):
                return [english(item) for item in node]
            return node

        data = english(data)
        if path.name == "ruleset.yaml":
            data["languages"] = ["en"]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    example = ROOT / "examples" / "clear-salesops.yaml"
    assert cli.main(["evaluate", str(example), "--rules", str(rules), "--language", "es"]) == 2
    # Said in the language asked for: the command line has Spanish even where this ruleset has none.
    assert "no tiene textos en `es` (sus idiomas: en)" in capsys.readouterr().err
    assert cli.main(["evaluate", str(example), "--rules", str(rules), "--language", "en"]) == 0
