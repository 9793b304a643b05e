"""The checks of policy.yaml, functions.yaml and cases.yaml (advisor.policyload), in Spanish.

Each test breaks one thing in a copy of the default ruleset and reads the
message a ruleset author gets with Spanish chosen: the words come from
``errors.rules.policy`` and ``errors.shapes`` in advisor/strings/es.yaml,
the location is the same as in English.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor import cli, texts
from advisor.errors import Diagnostic, ExitCode, RulesetError
from advisor.loader import load_ruleset


@pytest.fixture
def spanish() -> Iterator[None]:
    texts.set_language("es")
    yield
    texts.set_language("en")


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def where(folder: Path, name: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the first character of ``needle`` (plus ``offset``) in ``folder/name``."""
    text = (folder / name).read_text(encoding="utf-8")
    index = text.index(needle) + offset
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def problems(folder: Path) -> list[Diagnostic]:
    with pytest.raises(RulesetError) as info:
        load_ruleset(folder)
    return list(info.value.diagnostics)


def only(diagnostics: list[Diagnostic], message: str) -> Diagnostic:
    found = [d for d in diagnostics if d.message == message]
    assert len(found) == 1, "\n".join(str(d) for d in diagnostics)
    return found[0]


def test_a_fallback_decision_with_a_condition(rules_copy: Path, spanish: None) -> None:
    edit(rules_copy, "policy.yaml", "  - id: weak_salesops_lead\n    cites: [D2]\n",
         "  - id: weak_salesops_lead\n    when: {question: budget, eq: one_function}\n    cites: [D2]\n")
    d = only(problems(rules_copy), "la última decisión es la de respaldo y no debe tener `when`")
    assert d.path == str(rules_copy / "policy.yaml")
    assert (d.line, d.column) == where(rules_copy, "policy.yaml", "weak_salesops_lead\n    when:", offset=23)


def test_inverted_confidence_bands(rules_copy: Path, spanish: None) -> None:
    edit(rules_copy, "policy.yaml", "{level: medium, min_margin: 1,", "{level: medium, min_margin: 4,")
    d = only(problems(rules_copy), "`medium` empieza en un margen de 4, no por debajo de `high` (3): "
                                   "los tramos están invertidos")
    assert d.suggestion == "da a cada tramo un `min_margin` menor que el del tramo de encima"
    assert (d.line, d.column) == where(rules_copy, "policy.yaml", "medium, min_margin: 4", offset=20)


def test_a_function_with_a_misspelt_key_and_a_repeated_first_step(rules_copy: Path, spanish: None) -> None:
    edit(rules_copy, "functions.yaml", "    name:\n      en: Sales Operations", "    nme:\n      en: Sales Operations")
    edit(rules_copy, "functions.yaml", "      - id: training_with_feedback\n", "      - id: cut_rep_admin\n")
    diagnostics = [d for d in problems(rules_copy) if d.path == str(rules_copy / "functions.yaml")]
    unknown = only(diagnostics, "clave desconocida `nme` en la función `salesops`")
    assert unknown.suggestion == "¿quisiste decir `name`?"
    assert (unknown.line, unknown.column) == where(rules_copy, "functions.yaml", "nme:")
    only(diagnostics, "falta la clave `name` en la función `salesops`")
    first = where(rules_copy, "functions.yaml", "- id: cut_rep_admin\n")[0]
    repeated = only(diagnostics, f"el primer paso `cut_rep_admin` está repetido (definido antes en la línea {first})")
    assert repeated.line > first


def test_rules_check_in_spanish_locates_a_case_without_lean(rules_copy: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = rules_copy / "cases.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      recommend: not_yet\n      lean: salesops\n", "      recommend: not_yet\n", 1),
                    encoding="utf-8")
    code = cli.main(["--language", "es", "rules", "check", str(rules_copy)])
    _, err = capsys.readouterr()
    assert code == ExitCode.INVALID
    line, column = where(rules_copy, "cases.yaml", "recommend: not_yet")
    assert (f"{path}:{line}:{column}: `recommend: not_yet` necesita `lean`: "
            "el lado hacia el que se inclinan las respuestas") in err
