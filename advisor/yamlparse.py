"""The YAML parser behind ``advisor.yamlread``: PyYAML's events turned into plain data and positions.

Split from yamlread so that importing yamlread (its ``Document``, which the
parse cache also returns) does not import PyYAML: a command whose ruleset
comes from the cache never parses, and PyYAML's import is ~18 ms. What is
read, and what is refused, is described in yamlread's docstring.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.reader import Reader
from yaml.resolver import Resolver

from .errors import YamlError
from .inputs import number_text
from .plaintext import strip_controls
from .yamlread import Document, _error

# Same grammar either way; libyaml is just much faster. Tests swap this to
# exercise both parsers.
_LOADER: type = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader

_INFINITY = float("inf")
_STD = "tag:yaml.org,2002:"
_NULL, _BOOL, _MERGE = (_STD + n for n in ("null", "bool", "merge"))
# Resolver.resolve() rebuilds a candidate list on every call; indexing the
# same YAML 1.1 implicit resolvers by first character once is what it does,
# minus the per-scalar cost (this loop dominates load time).
_WILDCARD: list[tuple[str, re.Pattern[str]]] = Resolver.yaml_implicit_resolvers.get(None, [])
_IMPLICIT = {
    first: tuple(resolvers + _WILDCARD)
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
    if first is not None
}
# Booleans keep YAML 1.1's words (`yes`, `off`, ...) as yaml.safe_load reads
# them; numbers do not (see the module docstring), and are read here instead.
_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
_NUMBER_START = frozenset("-.0123456789")
# Patterns as strings: re compiles (and caches) each on first use, so a process that
# never meets a float or a JSON file does not pay ~0.3 ms a pattern at import.
_DECIMAL_INT = r"-?[0-9]+\Z"
_DECIMAL_FLOAT = r"-?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z"
_SURROGATE = "[\ud800-\udfff]"
_MAYBE_CONTROLS = "[\\\\\x85\u202a-\u202e\u2066-\u2069]"  # see _read
_JSON_EXPONENT = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?[eE][-+]?[0-9]+\Z"
_NO_KEY = object()


def _t(key: str, **values: Any) -> str:
    """A text of ``errors.yaml`` (or another ``errors`` group) in the current language."""
    from .texts import t  # not at import: advisor.texts reads its strings with this module

    return t(f"errors.{key}", **values)


def read(text: str, path: str, max_depth: int) -> Document:
    """Parse one YAML (or JSON) document (see ``yamlread._read``)."""
    text = text.removeprefix("\ufeff")
    # Checked up front so both parsers report it the same way (and libyaml is
    # never handed a lone surrogate it cannot encode).
    bad = Reader.NON_PRINTABLE.search(text)
    if bad is not None:
        line, column = _position(text, bad.start())
        char = ord(bad.group())
        raise _error(path, line, column, _t("yaml.character", code=f"{char:04X}"))
    try:
        # Control characters can only come from an escape in a double-quoted
        # string, or be one of the few the up-front check lets through (NEL,
        # bidi marks): without any of those, no string needs cleaning.
        clean = strip_controls if re.search(_MAYBE_CONTROLS, text) else None
        data, values, keys = _build(text, path, max_depth, str(path).lower().endswith(".json"), clean)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, path) from None
    except yaml.YAMLError as exc:
        raise _error(path, 0, 0, _t("yaml.not_valid_because", reason=exc)) from None
    except RecursionError:
        # Defence in depth: both parsers and _build are iterative today.
        raise _error(path, 0, 0, _t("yaml.too_deep", depth=max_depth)) from None
    return Document(path, data, values, keys)

def _build(text: str, path: str, max_depth: int, json_numbers: bool = False,
           clean: Callable[[str], str] | None = strip_controls) -> tuple[object, dict, dict]:
    loader = _LOADER(text)
    try:
        return _events(loader.get_event, path, max_depth, json_numbers, clean)
    except ValueError:
        # PyYAML's pure parser lets chr() fail on an escape such as "\U0011FFFF"
        # (libyaml reports it as a syntax error); it has read up to that escape.
        mark = loader.get_mark() if hasattr(loader, "get_mark") else None
        message, suggestion = _t("yaml.bad_escape"), _t("yaml.remove_escape")
        if mark is None:
            raise _error(path, 0, 0, message, suggestion) from None
        raise _refuse(path, mark, message, suggestion) from None
    finally:
        loader.dispose()

def _events(next_event, path: str, max_depth: int, json_numbers: bool = False,
            clean: Callable[[str], str] | None = strip_controls) -> tuple[object, dict, dict]:
    """Turn the event stream into plain data plus value and key marks."""
    values: dict[tuple, Any] = {}  # key path -> parser mark, as for Document
    keys: dict[tuple, Any] = {}
    stack: list[tuple] = []
    container: Any = None  # the collection being filled: a dict or a list
    cpath: tuple = ()
    key: object = _NO_KEY  # the key whose value comes next, in a mapping
    data: object = None
    documents = 0
    # Reading events one by one means parsing stops at the first refusal, so
    # a 100,000-deep `[[[[...` is never parsed past the depth limit.
    for event in iter(next_event, None):
        kind = type(event)
        if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
            mark = event.start_mark
            if event.anchor is not None:
                raise _refuse(path, mark, _t("yaml.anchors"), _t("yaml.write_in_full"))
            if event.tag is not None:
                raise _refuse(path, mark, _t("yaml.tag", tag=_show_tag(event.tag)), _t("yaml.remove_tag"))
            if kind is ScalarEvent:
                value = _scalar(event, path, json_numbers, clean)
            elif key is _NO_KEY and type(container) is dict:
                message = _t("yaml.mapping_as_key" if kind is MappingStartEvent else "yaml.list_as_key")
                raise _refuse(path, mark, message, _t("yaml.key_as_text"))
            elif len(stack) >= max_depth:
                raise _refuse(path, mark, _t("yaml.too_deep", depth=max_depth))
            else:
                value = {} if kind is MappingStartEvent else []
            if container is None:
                data, vpath = value, ()
            elif type(container) is dict:
                if key is _NO_KEY:
                    if value in container:
                        first = keys[(*cpath, value)].line + 1
                        message = _t("yaml.duplicate_key", name=event.value, line=first)
                        raise _refuse(path, mark, message, _t("yaml.remove_or_rename"))
                    keys[cpath + (value,)] = mark  # noqa: RUF005 - faster than unpacking; so below
                    key = value
                    continue
                vpath = cpath + (key,)  # noqa: RUF005
                container[key] = value
                key = _NO_KEY
            else:
                vpath = cpath + (len(container),)  # noqa: RUF005
                container.append(value)
            values[vpath] = mark
            if kind is not ScalarEvent:
                stack.append((container, cpath))
                container, cpath = value, vpath
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            container, cpath = stack.pop()
        elif kind is AliasEvent:
            raise _refuse(path, event.start_mark, _t("yaml.anchors"), _t("yaml.write_in_full"))
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _refuse(path, event.start_mark, _t("yaml.documents"), _t("yaml.merge_documents"))
    return data, values, keys

def _scalar(event: ScalarEvent, path: str, json_numbers: bool = False,
            clean: Callable[[str], str] | None = strip_controls) -> object:
    value = event.value
    if not event.implicit[0]:  # quoted or block scalar: always text
        if clean and re.search(_SURROGATE, value):  # from an escape such as "\uD800" (PyYAML's pure parser
            # allows it); a file with no backslash has no escape, so no surrogate (the up-front check refuses any)
            raise _refuse(path, event.start_mark, _t("yaml.lone_surrogate"), _t("yaml.remove_escape"))
        return clean(value) if clean else value
    first = value[:1]
    if first in _NUMBER_START:
        # Only decimal numbers; YAML 1.1's other forms (`0x10`, `1:30`, `.inf`)
        # and its timestamps stay as written. JSON also writes exponents
        # without a dot (1e-05), so a .json file gets that form too.
        if re.match(_DECIMAL_INT, value):
            try:
                return int(value)
            except ValueError:  # Python's limit on digits in an int
                message = _t("yaml.number_too_long", count=number_text(len(value)))
                raise _refuse(path, event.start_mark, message, _t("yaml.quote_number")) from None
        if re.match(_DECIMAL_FLOAT, value) or (json_numbers and re.match(_JSON_EXPONENT, value)):
            number = float(value)
            if number in (_INFINITY, -_INFINITY):
                message = _t("yaml.number_too_large", number=value if len(value) <= 40 else value[:37] + "...")
                raise _refuse(path, event.start_mark, message, _t("yaml.quote_number"))
            return number
        return clean(value) if clean else value
    for tag, pattern in _IMPLICIT.get(first, _WILDCARD):  # noqa: B007 - the tag that matched is read below
        if pattern.match(value):
            break
    else:
        return clean(value) if clean else value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return _BOOLS[value.lower()]
    if tag == _MERGE:
        raise _refuse(path, event.start_mark, _t("yaml.merge"), _t("yaml.write_in_full"))
    # `+12`, `+.inf`: YAML 1.1 numbers that are not plain decimals stay text,
    # as does the `=` "value" type, which has no safe meaning.
    return clean(value) if clean else value

def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag

def _syntax_error(exc: yaml.MarkedYAMLError, path: str) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or exc.context or _t("yaml.not_valid")
    if exc.problem and exc.context:
        cm = exc.context_mark
        if cm is None:
            message = _t("yaml.syntax", problem=exc.problem, context=exc.context)
        else:
            message = _t("yaml.syntax_at", problem=exc.problem, context=exc.context, line=cm.line + 1,
                         column=cm.column + 1)
    if mark is None:
        return _error(path, 0, 0, message)
    return _error(path, mark.line + 1, mark.column + 1, message)

def _refuse(path: str, mark: Any, message: str, suggestion: str = "") -> YamlError:
    """An error at a parser mark (PyYAML's or libyaml's, 0-based)."""
    return _error(path, mark.line + 1, mark.column + 1, message, suggestion)

def _position(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)
