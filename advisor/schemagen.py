"""Turns the tables of ``advisor.shapes`` into the JSON Schemas editors use (draft-07).

One schema per file a rule author or a consultant edits: the seven files of
a ruleset folder, answers files and map files. They ship as
``advisor/schemas/<name>.schema.json`` (``advisor schema NAME`` prints one;
``advisor rules new`` copies them next to a new ruleset). Draft-07, since
it is the draft yaml-language-server (VS Code's YAML extension, Neovim's
yamlls) validates with; the report schemas beside them, read by programs
rather than editors, stay on 2020-12.

A schema is conservative: it never refuses what the checker accepts (no
false red squiggles), and refuses what the tables allow it to see (unknown
keys, missing keys, wrong kinds of value, ids, fixed choices, bounds). The
files are generated, never edited: after a change to ``shapes``, run
``python -m advisor.schemagen --write`` (a test compares them).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import shapes
from .shapes import (
    ANSWER_OPS,
    COMPARE_OPS,
    COUNTABLE,
    CRITERION_ID,
    IDENT,
    LEADERS,
    MAX_ID_LENGTH,
    MAX_NUMBER,
    MAX_TEXT_BYTES,
    OUTCOMES,
    SHAPES,
    SIDES,
    VALUE,
    Kind,
    Shape,
)

DRAFT = "http://json-schema.org/draft-07/schema#"
NAMES = ("ruleset", "criteria", "questions", "rules", "policy", "functions", "cases", "answers", "map")
RULESET_NAMES = NAMES[:7]
FOLDER = Path(__file__).resolve().parent / "schemas"
_COMMENT = "Generated from advisor/shapes.py by `python -m advisor.schemagen --write`: do not edit."
_DESCRIPTIONS = {
    "ruleset": "The ruleset's id, name, version, languages and vocabulary.",
    "criteria": "The criteria from the source that rules, decisions and steps cite.",
    "questions": "The topics and questions of the questionnaire.",
    "rules": "The scoring rules: when each fires, and the points it gives.",
    "policy": "How the two scores become a recommendation: thresholds, decisions, phasing, confidence, "
              "caveats, notes, contradictions and pooling.",
    "functions": "The metrics, and each function's first steps.",
    "cases": "Example answers and the verdict each must give (`advisor rules test`).",
    "answers": "Who answered, for which ruleset, and the answers by question id (`advisor template` writes one).",
    "map": "Which column of a survey export holds each question, and what each label means "
           "(`advisor batch --make-map` writes one).",
}
# YAML 1.1 reads these unquoted words as booleans, and so does the advisor; an editor reading
# YAML 1.2 sees strings. Accepting them keeps `integer: yes` free of a false squiggle.
_YAML11_BOOLEAN = "^(yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$"
_NUMBER = {"minimum": -MAX_NUMBER, "maximum": MAX_NUMBER}


def pattern(regex: re.Pattern[str]) -> str:
    """A checker's pattern (matched from the start, ``\\Z`` at the end) as a JSON Schema pattern."""
    source = regex.pattern
    return "^" + (source[:-2] if source.endswith("\\Z") else source) + "$"


def _ident(regex: re.Pattern[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "string", "pattern": pattern(regex)}
    if regex in (IDENT, VALUE):  # ids checked with Checker.ident, which bounds their length
        out["maxLength"] = MAX_ID_LENGTH
    return out


def _text_string() -> dict[str, Any]:
    return {"type": "string", "pattern": "\\S", "maxLength": MAX_TEXT_BYTES}


class _Generator:
    """One schema: the definitions it needs, gathered while its root is described."""

    def __init__(self) -> None:
        self.definitions: dict[str, Any] = {}

    def ref(self, name: str) -> dict[str, Any]:
        if name not in self.definitions:
            self.definitions[name] = {}  # reserved first: shapes and conditions refer to themselves
            self.definitions[name] = self._definition(name)
        return {"$ref": f"#/definitions/{name}"}

    def _definition(self, name: str) -> dict[str, Any]:
        if name == "text":
            return {"title": "Text", "description": "A string, or one string per language code (en: ..., es: ...).",
                    "anyOf": [_text_string(),
                              {"type": "object", "minProperties": 1,
                               "propertyNames": {"pattern": pattern(IDENT)},
                               "additionalProperties": _text_string()}]}
        if name == "boolean":
            return {"title": "true or false", "anyOf": [{"type": "boolean"},
                                                       {"type": "string", "pattern": _YAML11_BOOLEAN}]}
        if name.endswith("_condition"):
            return self._condition(name[: -len("_condition")])
        if name == "answer_test":
            return self._answer_test()
        return self.shape(SHAPES[name])

    # -- shapes and kinds ------------------------------------------------------------------

    def shape(self, shape: Shape) -> dict[str, Any]:
        out: dict[str, Any] = {"title": shape.title, "type": "object", "properties": {}}
        for key in shape.keys:
            value = self.kind(key.kind)
            if key.nullable:
                value = {"anyOf": [value, {"type": "null"}]}
            out["properties"][key.name] = {"description": key.description, **value}
        if shape.required:
            out["required"] = list(shape.required)
        out["additionalProperties"] = False
        if shape.min_keys:
            out["minProperties"] = shape.min_keys
        variants = []
        for variant in shape.variants:
            then: dict[str, Any] = {}
            if variant.required:
                then["required"] = list(variant.required)
            properties: dict[str, Any] = {name: {"not": {}} for name in variant.forbidden}
            properties.update({name: {"type": "null"} for name in variant.null_only})
            if properties:
                then["properties"] = properties
            variants.append({"if": {"properties": {variant.key: {"enum": list(variant.values)}},
                                    "required": [variant.key]},
                             "then": then})
        if variants:
            out["allOf"] = variants
        return out

    def kind(self, kind: Kind) -> dict[str, Any]:
        if isinstance(kind, shapes.Ident):
            return _ident(kind.pattern)
        if isinstance(kind, shapes.Text):
            return self.ref("text")
        if isinstance(kind, shapes.String):
            out: dict[str, Any] = {"type": "string"}
            if not kind.blank:  # Checker.string: not blank, and within the size limit
                out.update(pattern="\\S", maxLength=MAX_TEXT_BYTES)
            if kind.min_length:
                out["minLength"] = kind.min_length
            return out
        if isinstance(kind, shapes.Whole):
            return {"type": "integer", **({} if kind.minimum is None else {"minimum": kind.minimum})}
        if isinstance(kind, shapes.Number):
            out = {"type": "number", **_NUMBER}
            if kind.above is not None:
                del out["minimum"]
                out["exclusiveMinimum"] = kind.above
            if kind.at_most is not None:
                out["maximum"] = kind.at_most
            return out
        if isinstance(kind, shapes.Boolean):
            return self.ref("boolean")
        if isinstance(kind, shapes.Choice):
            return {"type": "string", "enum": list(kind.choices)}
        if isinstance(kind, shapes.Const):
            return {"type": "string", "const": kind.value}
        if isinstance(kind, shapes.ListOf):
            out = {"type": "array", "items": self.kind(kind.item)}
            if kind.min_items:
                out["minItems"] = kind.min_items
            if kind.max_items is not None:
                out["maxItems"] = kind.max_items
            return out
        if isinstance(kind, shapes.Refs):
            out = {"type": "array", "items": {"type": "string", "pattern": pattern(kind.pattern)}}
            if kind.min_items:
                out["minItems"] = kind.min_items
            return out
        if isinstance(kind, shapes.Condition):
            return self.ref(f"{kind.scope}_condition")
        if isinstance(kind, shapes.Nested):
            return self.ref(kind.name)
        if isinstance(kind, shapes.MapOf):
            out = {"type": "object", "additionalProperties": self.kind(kind.values)}
            if kind.keys is not None:
                out["propertyNames"] = _ident(kind.keys) if kind.keys in (IDENT, VALUE) \
                    else {"pattern": kind.keys.pattern}
                out["propertyNames"].pop("type", None)
            if kind.min_items:
                out["minProperties"] = kind.min_items
            return out
        if isinstance(kind, shapes.Answer):
            return {"type": ["string", "number", "boolean", "array", "null"],
                    "items": {"type": "string"}, "uniqueItems": True}
        if isinstance(kind, shapes.Scalar):
            return {"type": ["string", "number", *(["boolean"] if kind.booleans else []), "null"]}
        if isinstance(kind, shapes.Forbidden):
            return {"not": {}}
        raise TypeError(f"no JSON Schema for {kind!r}")  # a new kind in shapes needs a branch here

    # -- conditions ------------------------------------------------------------------------

    def _condition(self, scope: str) -> dict[str, Any]:
        """The condition language: combinators over answer tests (and, for the policy, its own tests)."""
        me = {"$ref": f"#/definitions/{scope}_condition"}
        some = {"type": "array", "minItems": 1, "items": me}

        def only(name: str, value: dict[str, Any], description: str) -> dict[str, Any]:
            return {"type": "object", "properties": {name: {"description": description, **value}},
                    "required": [name], "additionalProperties": False}

        options = [
            only("all", some, "Every condition in the list holds."),
            only("any", some, "At least one condition in the list holds."),
            only("not", me, "The condition does not hold."),
            {"type": "object", "properties": {
                "at_least": {"description": "How many of `of` must hold.", "type": "integer", "minimum": 1},
                "of": {"description": "The conditions counted.", **some}},
             "required": ["at_least", "of"], "additionalProperties": False},
            self.ref("answer_test"),
        ]
        if scope in ("policy", "note"):
            options += [self._compare("score", {"type": "string", "enum": list(SIDES)}, "The function whose score "
                                      "is compared."),
                        self._compare("count", {"type": "string", "enum": list(COUNTABLE)}, "What is counted."),
                        only("need", {"type": "string", "enum": list(SIDES)}, "This function's need is clear."),
                        only("lead", {"type": "string", "enum": list(LEADERS)}, "Who leads on score (or a tie)."),
                        only("fired", _ident(IDENT), "This rule fired."),
                        only("criterion", {"type": "string", "pattern": pattern(CRITERION_ID)},
                             "A fired rule cites this criterion."),
                        only("flag", _ident(IDENT), "This flag is set.")]
        if scope == "note":
            outcome = {"type": "string", "enum": list(OUTCOMES)}
            options.append(only("outcome", {"anyOf": [outcome, {"type": "array", "minItems": 1, "items": outcome}]},
                                "The outcome is this one (or one of these)."))
        titles = {"answers": "A condition on the answers",
                  "policy": "A condition on the answers, the scores, the rules fired and the flags",
                  "note": "A condition on the answers, the scores, the rules fired, the flags and the outcome"}
        return {"title": titles[scope], "description": "all / any / not / at_least of conditions, or one test.",
                "anyOf": options}

    @staticmethod
    def _compare(subject: str, value: dict[str, Any], description: str) -> dict[str, Any]:
        number = {"type": "number", **_NUMBER}
        properties: dict[str, Any] = {subject: {"description": description, **value}}
        for op in COMPARE_OPS:
            properties[op] = {"type": "array", "minItems": 2, "maxItems": 2, "items": number} if op == "between" \
                else dict(number)
            properties[op]["description"] = _OP_DESCRIPTIONS[op]
        return {"type": "object", "properties": properties, "required": [subject], "additionalProperties": False,
                "minProperties": 2, "maxProperties": 2}

    def _answer_test(self) -> dict[str, Any]:
        scalar = {"type": ["string", "number", "boolean"], **_NUMBER}
        ordered = {"type": ["string", "number"], **_NUMBER}
        operands: dict[str, dict[str, Any]] = {
            "eq": scalar, "ne": scalar, "lt": ordered, "lte": ordered, "gt": ordered, "gte": ordered,
            "in": {"type": "array", "minItems": 1, "items": ordered},
            "not_in": {"type": "array", "minItems": 1, "items": ordered},
            "between": {"type": "array", "minItems": 2, "maxItems": 2, "items": ordered},
            "contains": {"type": "string"},
            "contains_any": {"type": "array", "minItems": 1, "items": {"type": "string"}},
            "answered": self.ref("boolean"),
        }
        assert set(operands) == set(ANSWER_OPS), "each operator of shapes.ANSWER_OPS needs its operand here"
        properties: dict[str, Any] = {"question": {"description": "The id of the question tested.",
                                                   **_ident(IDENT)}}
        properties.update({op: {"description": _OP_DESCRIPTIONS[op], **operands[op]} for op in ANSWER_OPS})
        return {"title": "A test of one answer", "description": "`question` and one operator: eq, ne, in, not_in, "
                "lt, lte, gt, gte, between, contains, contains_any or answered.",
                "type": "object", "properties": properties, "required": ["question"],
                "additionalProperties": False, "minProperties": 2, "maxProperties": 2}


_OP_DESCRIPTIONS = {
    "eq": "Equal to this value.", "ne": "Not equal to this value.", "in": "One of these values.",
    "not_in": "None of these values.", "lt": "Below this value.", "lte": "At most this value.",
    "gt": "Above this value.", "gte": "At least this value.", "between": "From the first value to the second.",
    "contains": "A multiple choice answer that ticks this option.",
    "contains_any": "A multiple choice answer that ticks any of these options.",
    "answered": "true: the question was answered; false: it was not.",
}


def generate(name: str) -> dict[str, Any]:
    """The JSON Schema called ``name`` (one of ``NAMES``)."""
    if name not in NAMES:
        raise KeyError(name)
    gen = _Generator()
    root = gen.shape(SHAPES[name])
    schema: dict[str, Any] = {"$schema": DRAFT, "$comment": _COMMENT, "title": root.pop("title"),
                              "description": _DESCRIPTIONS[name], **root}
    if gen.definitions:
        schema["definitions"] = dict(sorted(gen.definitions.items()))
    return schema


def dumps(schema: dict[str, Any]) -> str:
    """A schema as the shipped files and `advisor schema` write it: JSON, 2-space indent, a final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def stale(folder: Path = FOLDER) -> list[str]:
    """The names whose file in ``folder`` is missing or differs from what ``generate`` gives."""
    out = []
    for name in NAMES:
        path = folder / f"{name}.schema.json"
        if not path.is_file() or path.read_text(encoding="utf-8") != dumps(generate(name)):
            out.append(name)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m advisor.schemagen [--write]``: list the stale schema files, or write them all."""
    parser = argparse.ArgumentParser(prog="python -m advisor.schemagen", description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write every schema file into advisor/schemas/")
    args = parser.parse_args(argv)
    if args.write:
        for name in NAMES:
            (FOLDER / f"{name}.schema.json").write_text(dumps(generate(name)), encoding="utf-8")
        return 0
    names = stale()
    for name in names:
        print(f"advisor/schemas/{name}.schema.json is out of date", file=sys.stderr)
    return 1 if names else 0


if __name__ == "__main__":
    sys.exit(main())
