"""The report's own texts: ``reports/strings/<language>.yaml``, read and checked.

A strings file holds the report's headings and labels. A translation must
have exactly the keys of the reference (``en.yaml``), each a text; every
problem is a located diagnostic, so a broken translation is reported as
``file:line:col`` before anything is rendered or written.

A text that counts something ("1 point", "2 points") is a mapping of plural
forms, ``{one: "{n} point", other: "{n} points"}``, keyed by the CLDR
categories its language uses (``plural_categories``); the template picks one
with its ``plural`` filter. A translation may give the forms of its own
language, or a single text where the words do not change with the number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .checks import describe
from .errors import Diagnostic, ExportError, did_you_mean
from .inputs import read_input_bytes
from .parsecache import read_cached
from .resources import cache_dir, reports_dir
from .texts import t
from .yamlread import Document

TEMPLATE = "markdown.md.j2"
REFERENCE_LANGUAGE = "en"  # its strings file has every key a translation must have
# The report texts build_report reads itself (the template's own are found in it).
_MODEL_KEYS = (*(("titles", kind) for kind in ("salesops", "revops", "both", "both_phased", "not_yet")),
               ("lean",), *(("effects", kind) for kind in ("order", "phased", "together")))

# The CLDR plural categories, and the rule of each language we know: the categories it uses
# and which one a number takes. A language not listed here counts like English; one that needs
# more forms (Polish, Russian, Arabic, ...) gets its rule here with its translation.
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
_ONE_OR_OTHER: tuple[tuple[str, ...], Callable[[int], str]] = (("one", "other"),
                                                               lambda n: "one" if n == 1 else "other")
_PLURAL_RULES: dict[str, tuple[tuple[str, ...], Callable[[int], str]]] = {
    "en": _ONE_OR_OTHER, "de": _ONE_OR_OTHER, "es": _ONE_OR_OTHER, "it": _ONE_OR_OTHER, "nl": _ONE_OR_OTHER,
    "fr": (("one", "other"), lambda n: "one" if n in (0, 1) else "other"),
    "pt": (("one", "other"), lambda n: "one" if n in (0, 1) else "other"),
}


def plural_categories(language: str) -> tuple[str, ...]:
    """The plural forms a text of ``language`` may have (``other`` always among them)."""
    return _PLURAL_RULES.get(language.split("-")[0].lower(), _ONE_OR_OTHER)[0]


def is_plural(value: object) -> bool:
    """Whether a strings-file value is a mapping of plural forms rather than a group of texts."""
    return (isinstance(value, dict) and "other" in value
            and all(isinstance(key, str) and key in PLURAL_CATEGORIES for key in value))


def _looks_plural(value: object) -> bool:
    """A mapping keyed by plural categories only: plural forms, even if one is missing."""
    return isinstance(value, dict) and bool(value) and all(key in PLURAL_CATEGORIES for key in value)


def plural_form(forms: object, n: int, language: str) -> str:
    """The form of ``forms`` (a text, or a mapping of plural forms) for the number ``n``."""
    if isinstance(forms, str):
        return forms
    if not is_plural(forms):
        raise TypeError("a plural text needs plural forms (`one`, `other`, ...) or a single text")
    assert isinstance(forms, dict)
    category = _PLURAL_RULES.get(language.split("-")[0].lower(), _ONE_OR_OTHER)[1](abs(n))
    form = forms.get(category, forms["other"])
    return form if isinstance(form, str) else str(form)  # as it is: a Composed text stays one


def load_strings(language: str, folder: Path | None = None) -> dict[str, Any]:
    """The report texts for ``language``, checked: the keys of the reference (en) file, text at each leaf."""
    return texts(read_strings(language, folder or reports_dir()))

def texts(doc: Document) -> dict[str, Any]:
    assert isinstance(doc.data, dict)  # _read_strings has checked it
    return doc.data

def read_strings(language: str, folder: Path) -> Document:
    path = folder / "strings" / f"{language}.yaml"
    if not path.is_file():
        raise ExportError(t("errors.reports.no_texts", lang=f"`{language}`", path=path))
    doc = read_cached(read_input_bytes(path), str(path), cache_dir("rulesets"))  # parsed once, then cached
    reference = doc
    if language != REFERENCE_LANGUAGE:
        reference = read_strings(REFERENCE_LANGUAGE, folder)  # checked in turn, so its shape is sound
    problems = check_strings(doc, reference, language)
    if problems:
        raise ExportError(t("errors.reports.invalid_texts", path=path), problems)
    return doc

def check_strings(doc: Document, reference: Document, language: str | None = None, *,
                  required: Sequence[tuple[str, ...]] | None = None) -> list[Diagnostic]:
    """What is wrong with the strings file ``doc``: a key the reference lacks or has, a value that is not text.

    Where the reference has plural forms, ``doc`` may have a single text or
    the forms of its own ``language`` (by default its file name), ``other``
    among them.
    """
    problems: list[Diagnostic] = []
    lang = language or Path(doc.path).stem
    categories = plural_categories(lang)

    def plural(node: dict[Any, Any], keys: tuple[str, ...]) -> None:
        name = ".".join(keys)
        for form, text in node.items():
            here = (*keys, str(form))
            if form not in categories:
                problems.append(doc.diagnostic(here, f"`{name}` has no plural form `{form}` in `{lang}`",
                                               f"the forms are: {', '.join(categories)}", at_key=True))
            elif not isinstance(text, str):
                problems.append(doc.diagnostic(here, f"`{name}.{form}` must be text, found {describe(text)}",
                                               "put the text in quotes"))
        if "other" not in node:
            problems.append(doc.diagnostic(keys, f"`{name}` needs the plural form `other`",
                                           "it is used for every number the other forms do not take"))

    def walk(node: object, model: object, keys: tuple[str, ...]) -> None:
        if not isinstance(node, dict):
            where = f"`{'.'.join(keys)}`" if keys else "the file"
            problems.append(doc.diagnostic(keys, f"{where} must be a mapping of texts, found {describe(node)}"))
            return
        expected = model if isinstance(model, dict) else {}
        for key, value in node.items():
            here = (*keys, str(key))
            if doc is not reference and key not in expected:
                problems.append(doc.diagnostic(here, f"unknown key `{'.'.join(here)}`",
                                               did_you_mean(key, expected), at_key=True))
            elif is_plural(expected.get(key)) or (doc is reference and _looks_plural(value)):
                if isinstance(value, dict) and _looks_plural(value):
                    plural(value, here)
                elif not isinstance(value, str):
                    problems.append(doc.diagnostic(
                        here, f"`{'.'.join(here)}` must be text or plural forms, found {describe(value)}",
                        'as in `{one: "{n} point", other: "{n} points"}`'))
            elif isinstance(value, dict) or isinstance(expected.get(key), dict):
                walk(value, expected.get(key), here)
            elif not isinstance(value, str):
                problems.append(doc.diagnostic(here, f"`{'.'.join(here)}` must be text, found {describe(value)}",
                                               "put the text in quotes"))
        for key in expected:
            if key not in node:
                problems.append(doc.diagnostic(keys, f"`{'.'.join((*keys, key))}` is missing",
                                               f"add it, as in {reference.path}", at_key=bool(keys)))

    walk(doc.data, reference.data, ())
    if doc is not reference:
        problems += placeholder_problems(doc, reference)
    if not problems:  # the texts build_report reads by name, whichever file is the reference
        problems += _missing(doc, _MODEL_KEYS if required is None else required, "the report needs it")
    return problems

_FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def placeholder_problems(doc: Document, reference: Document) -> list[Diagnostic]:
    """A diagnostic for each text of ``doc`` whose ``{name}`` placeholders differ from the reference's text.

    Plural forms are compared with the reference's ``other`` form; keys only
    one of the two files has are reported by ``check_strings``, not here.
    """
    problems: list[Diagnostic] = []

    def names(text: object) -> list[str]:
        return sorted(set(_FIELD.findall(text))) if isinstance(text, str) else []

    def walk(node: object, model: object, keys: tuple[str, ...]) -> None:
        if isinstance(node, dict) and not _looks_plural(node):
            for key, value in node.items():
                if isinstance(model, dict) and key in model and not is_plural(model):
                    walk(value, model[key], (*keys, str(key)))
            return
        forms = node.items() if isinstance(node, dict) else [("", node)]
        for form, text in forms:
            # A form is compared with the same form of the reference where it has one, else with `other`.
            like = (model.get(form) or model.get("other")) if isinstance(model, dict) else model
            found, want = names(text), names(like)
            if isinstance(text, str) and isinstance(like, str) and found != want:
                here = (*keys, str(form)) if form else keys
                problems.append(doc.diagnostic(here, f"`{'.'.join(here)}` has the placeholders "
                                               f"{_listed(found)}; the reference has {_listed(want)}",
                                               f"as in {reference.path}"))

    walk(doc.data, reference.data, ())
    return problems


def _listed(names: Sequence[str]) -> str:
    return ", ".join(f"{{{name}}}" for name in names) or "none"


def _missing(doc: Document, paths: Sequence[tuple[str, ...]], why: str) -> list[Diagnostic]:
    """A diagnostic for each key path of ``paths`` that ``doc`` lacks, at the mapping that should hold it."""
    problems = []
    for keys in paths:
        node: object = doc.data
        for depth, key in enumerate(keys):
            if not isinstance(node, dict) or key not in node:
                parent = keys[:depth]
                problems.append(doc.diagnostic(parent, f"`{'.'.join(keys)}` is missing ({why})",
                                               at_key=bool(parent)))
                break
            node = node[key]
    return problems

def texts_used(doc: Document, used: Mapping[tuple[str, ...], int]) -> list[Diagnostic]:
    """Each text the template reads (``used``: key path -> line) that ``doc`` lacks or has as no text."""
    problems = []
    for keys, line in used.items():
        why = f"used at {TEMPLATE}:{line}"
        missing = _missing(doc, [keys], why)
        if missing:
            problems += missing
            continue
        if any(other[:len(keys)] == keys for other in used if other != keys):
            continue  # a mapping the template reads further into
        value: Any = doc.data
        for key in keys:
            value = value[key]
        if not isinstance(value, str) and not is_plural(value):
            problems.append(doc.diagnostic(keys, f"`{'.'.join(keys)}` must be text, found {describe(value)} ({why})"))
    return problems

def template_keys(env: Any, folder: Path) -> dict[tuple[str, ...], int]:
    """Every key path of the strings (``s.a.b``) the template reads, with the first line reading it.

    Parsing the template again costs some 13 ms, so this runs only on the error path.
    """
    from jinja2 import nodes

    source = (folder / TEMPLATE).read_text(encoding="utf-8")
    paths: dict[tuple[str, ...], int] = {}
    for found in env.parse(source).find_all((nodes.Getattr, nodes.Getitem)):
        chain: list[str] = []
        node = found
        while isinstance(node, (nodes.Getattr, nodes.Getitem)):
            if isinstance(node, nodes.Getattr):
                chain.append(node.attr)
            elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                chain.append(node.arg.value)
            else:
                break
            node = node.node
        else:
            if isinstance(node, nodes.Name) and node.name == "s":
                keys = tuple(reversed(chain))
                paths[keys] = min(paths.get(keys, found.lineno), found.lineno)
    return dict(sorted(paths.items()))
