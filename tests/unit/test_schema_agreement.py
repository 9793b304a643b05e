"""The editors' JSON Schemas agree with the checker: what a schema refuses, the checker refuses.

The schemas (advisor/schemas/<name>.schema.json) are generated from
advisor/shapes.py, the tables the checker takes its keys and choices from.
Here every shipped file is checked both ways, then thousands of mutants of
them (a key deleted, added or copied from elsewhere, a value of another kind, a bad id, an empty
list, an unknown choice): whenever the schema refuses one, loading it must
fail too. The schema must also accept every file the checker accepts, and
refuse a good share of the mutants (a schema accepting everything would
pass the first test and fail this one).

The data validated is what the advisor's own reader makes of the file (the
checker's view: `2026-12-01` stays a string, where yaml.safe_load would make
a date no JSON Schema can describe), with keys turned into strings as a JSON
view of the file has them.
"""

from __future__ import annotations

import copy
import random
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from advisor import schemagen, schemas
from advisor.answers import parse_answers
from advisor.batch import BatchError
from advisor.batch.mapfile import parse_map
from advisor.errors import AdvisorError
from advisor.loader import load_ruleset
from advisor.model import Ruleset
from advisor.shapes import FILE_SHAPES
from advisor.yamlread import read_yaml_file, read_yaml_text

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
SEED = 13
RULESET_MUTANTS = 24  # per file of the ruleset: each is a load of a whole folder (~0.1 s)
FILE_MUTANTS = 150    # per answers or map file: each is one parse against the loaded ruleset
# The share of mutants the schemas must refuse. Lower for answers and maps: most of their mutants
# change an answer or a label's meaning, which only the ruleset can judge (the schema does not know it).
RULESET_FLOOR = 0.6
FILE_FLOOR = 0.2


def json_view(value: Any) -> Any:
    """``value`` as JSON has it (keys are strings), which is what an editor validates."""
    if isinstance(value, dict):
        return {(str(k).lower() if isinstance(k, bool) else str(k)): json_view(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_view(v) for v in value]
    return value


def validator(name: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(schemas.schema(name))


def refused(name: str, data: Any) -> bool:
    return not validator(name).is_valid(json_view(data))


def answer_files() -> list[Path]:
    return sorted(p for p in ROOT.glob("examples/**/*.yaml")
                  if p.parent.name != "batch" and p.name != "workshop.yaml")


def map_files() -> list[Path]:
    return sorted(ROOT.glob("examples/**/map*.yaml")) + sorted(ROOT.glob("tests/**/map*.yaml"))


@pytest.fixture(scope="module")
def ruleset() -> Ruleset:
    return load_ruleset(RULES, cache=False)


# -- the files shipped are the generator's -------------------------------------------------------

@pytest.mark.parametrize("name", schemagen.NAMES)
def test_each_shipped_schema_is_the_generators_output(name: str) -> None:
    shipped = (schemagen.FOLDER / f"{name}.schema.json").read_text(encoding="utf-8")
    assert shipped == schemagen.dumps(schemagen.generate(name)), (
        f"advisor/schemas/{name}.schema.json is not what advisor/shapes.py gives: "
        "run `python -m advisor.schemagen --write`")
    schema = schemas.schema(name)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["additionalProperties"] is False and schema["title"] and schema["description"]


def test_every_key_of_every_shape_has_a_description() -> None:
    def walk(node: Any) -> Iterator[tuple[str, Any]]:
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                yield key, value
            for name, value in node.items():
                if name not in ("if", "then"):  # a variant's own keys are described where they are declared
                    yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for name in schemagen.NAMES:
        for key, value in walk(schemas.schema(name)):
            assert value.get("description"), (name, key)


# -- every shipped file ------------------------------------------------------------------------------

@pytest.mark.parametrize("file", list(FILE_SHAPES))
def test_the_default_rulesets_files_pass_their_schema(file: str) -> None:
    errors = list(validator(FILE_SHAPES[file]).iter_errors(json_view(read_yaml_file(RULES / file).data)))
    assert errors == [], [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_shipped_answers_and_map_files_agree(ruleset: Ruleset) -> None:
    seen = {"answers": 0, "map": 0}
    for path in [*answer_files(), *map_files()]:
        name = "map" if path.name.startswith("map") else "answers"
        doc = read_yaml_file(path)
        accepted = checker_accepts(name, doc, ruleset)
        if refused(name, doc.data):
            assert not accepted, f"the {name} schema refuses {path}, which the checker accepts"
        elif accepted:
            seen[name] += 1
    assert seen["answers"] >= 5 and seen["map"] >= 1, seen  # files both accept


def checker_accepts(name: str, doc: Any, ruleset: Ruleset) -> bool:
    try:
        (parse_map if name == "map" else parse_answers)(doc, ruleset)
    except (AdvisorError, BatchError):
        return False
    return True


# -- mutants ---------------------------------------------------------------------------------------

OTHER_VALUES: tuple[Any, ...] = (None, 7, -3, 2.5, "some text", "", "  ", [], ["x"], {}, {"k": "v"}, True, False)
BAD_IDS = ("Bad Id", "1abc", "a-b", "x" * 70, "", "UPPER")


def nodes(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from nodes(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from nodes(value, (*path, i))


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return data


def mutate(data: Any, rng: random.Random) -> tuple[str, Any]:
    """One mutant of ``data`` (a deep copy), and what was done to it."""
    data = copy.deepcopy(data)
    every = list(nodes(data))
    mappings = [(p, v) for p, v in every if isinstance(v, dict) and v]
    lists = [(p, v) for p, v in every if isinstance(v, list) and v]
    strings = [(p, v) for p, v in every if isinstance(v, str) and p]
    ids = [(p, v) for p, v in strings if p[-1] in ("id", "value", "question", "topic", "fired", "flag")
           or isinstance(p[-1], int)]
    kind = rng.choice(("delete", "add", "transplant", "retype", "retype", "bad_id", "empty_list", "choice"))
    if kind == "delete" and mappings:
        path, mapping = rng.choice(mappings)
        key = rng.choice(list(mapping))
        del mapping[key]
        return f"delete {(*path, key)}", data
    if kind == "add" and mappings:
        path, mapping = rng.choice(mappings)
        mapping[rng.choice(("zz_unknown", "Descripton", "when_"))] = rng.choice(("x", 1, {"a": 1}))
        return f"add a key at {path}", data
    if kind == "transplant" and len(mappings) > 1:  # a key of one mapping, with its value, into another
        (_, source), (path, target) = rng.sample(mappings, 2)
        key = rng.choice(list(source))
        target[key] = copy.deepcopy(source[key])
        return f"{key!r} moved to {path}", data
    if kind == "bad_id" and ids:
        path, _ = rng.choice(ids)
        return f"bad id at {path}", _set(data, path, rng.choice(BAD_IDS))
    if kind == "empty_list" and lists:
        path, _ = rng.choice(lists)
        return f"empty list at {path}", _set(data, path, [])
    if kind == "choice" and strings:
        path, _ = rng.choice(strings)
        return f"unknown choice at {path}", _set(data, path, rng.choice(("zz_choice", "maybe", "high_ish")))
    path, _ = rng.choice(every[1:] or every)
    value = rng.choice(OTHER_VALUES)
    return f"{value!r} at {path}", _set(data, path, copy.deepcopy(value))


def run_mutants(name: str, data: Any, count: int, rejects: Callable[[str, Any], bool],
                seed: int) -> tuple[int, int]:
    """Mutate ``data`` ``count`` times; every mutant the schema refuses, the checker must refuse.

    Each mutant is written as YAML and read back with the advisor's reader: the schema validates
    what the checker reads. ``rejects(text, data)`` says whether the checker refuses it. Returns
    (mutants the schema refused, mutants)."""
    rng = random.Random(seed)
    caught = 0
    for _ in range(count):
        what, mutant = mutate(data, rng)
        text = yaml.safe_dump(mutant, allow_unicode=True, sort_keys=False)
        read = read_yaml_text(text, "mutant.yaml").data
        if refused(name, read):
            caught += 1
            assert rejects(text, read), f"the {name} schema refuses a mutant the checker accepts: {what}"
    return caught, count


def ruleset_rejects(folder: Path, file: str) -> Callable[[str, Any], bool]:
    def rejects(text: str, _: Any) -> bool:
        (folder / file).write_text(text, encoding="utf-8")
        try:
            load_ruleset(folder)
        except AdvisorError:
            return True
        finally:
            shutil.copyfile(RULES / file, folder / file)
        return False
    return rejects


def test_ruleset_mutants_the_schemas_refuse_the_checker_refuses(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    caught = total = 0
    for n, (file, name) in enumerate(FILE_SHAPES.items()):
        data = read_yaml_file(RULES / file).data
        assert validator(name).is_valid(json_view(data))
        got, count = run_mutants(name, data, RULESET_MUTANTS, ruleset_rejects(folder, file), SEED + n)
        caught, total = caught + got, total + count
    print(f"ruleset schemas: {caught} of {total} mutants refused")
    assert caught >= RULESET_FLOOR * total, f"the schemas refuse only {caught} of {total} mutants"


def test_answers_and_map_mutants_the_schemas_refuse_the_checker_refuses(ruleset: Ruleset) -> None:
    caught = total = 0
    accepted = [p for p in [*answer_files(), *map_files()]
                if checker_accepts("map" if p.name.startswith("map") else "answers", read_yaml_file(p), ruleset)]
    for n, path in enumerate(accepted):
        name = "map" if path.name.startswith("map") else "answers"

        def rejects(text: str, _: Any, name: str = name) -> bool:
            return not checker_accepts(name, read_yaml_text(text, "mutant.yaml"), ruleset)

        got, count = run_mutants(name, read_yaml_file(path).data, FILE_MUTANTS, rejects, SEED * 100 + n)
        caught, total = caught + got, total + count
    print(f"answers and map schemas: {caught} of {total} mutants refused")
    assert total >= 1000 and caught >= FILE_FLOOR * total, f"the schemas refuse only {caught} of {total} mutants"
