"""YAML for the files the advisor writes (answers and session files), without PyYAML.

The app saves the session file on every answer. ``yaml.safe_dump`` took
~1.3 ms a save, and importing PyYAML ~18 ms on the first one (nothing else
in a session needs it when the parse cache is warm). What the advisor writes
is simple: mappings in block style with plain keys, lists of scalars,
strings, numbers, booleans, null. ``dumps`` writes that, as PyYAML would lay
it out (two-space indents, a list's items under its key), and anything else
it is given goes to PyYAML.

A string is written plain only when no YAML reader could take it for
anything else: it starts with a letter or digit, holds only letters, digits,
spaces and ``_ . - / ( ) & , ' :`` (no ``: `` and no final ``:``), and is not
a YAML 1.1 boolean or null (``yes``, ``off``, ``null`` ...), a number, a date
or a hex or binary number. Every other string is written double-quoted, as
JSON writes it (a JSON string is a YAML double-quoted scalar), with
non-printable characters escaped. tests/unit/test_yamlwrite.py reads every
kind back with both our reader and PyYAML.
"""

from __future__ import annotations

import json
import re
from typing import Any

_WORDS = frozenset({"yes", "no", "y", "n", "true", "false", "on", "off", "null", "none", "~", ""})
_PLAIN = re.compile(r"[^\W_][\w .\-/()&,':]*\Z")       # word characters, and a few marks that are safe inside
_NUMBER_LIKE = re.compile(
    r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+"
    r"|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)\Z")
_VERSION = re.compile(r"[0-9]+(?:\.[0-9]+){2,}\Z")      # 1.0.0: not a number to any YAML reader


class _Unsupported(Exception):
    """A value this writer does not lay out (PyYAML does)."""


def dumps(data: dict[str, Any]) -> str:
    """``data`` as a YAML document in block style, keys in their order."""
    try:
        lines: list[str] = []
        _mapping(data, "", lines)
        return "\n".join(lines) + "\n"
    except _Unsupported:
        import yaml

        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)


def _mapping(data: dict[Any, Any], pad: str, lines: list[str]) -> None:
    for key, value in data.items():
        if not isinstance(key, str):
            raise _Unsupported
        name = scalar(key)
        if isinstance(value, dict) and value:
            lines.append(f"{pad}{name}:")
            _mapping(value, pad + "  ", lines)
        elif isinstance(value, list) and value:
            lines.append(f"{pad}{name}:")
            for item in value:
                if isinstance(item, (dict, list)):
                    raise _Unsupported
                lines.append(f"{pad}- {scalar(item)}")
        else:
            lines.append(f"{pad}{name}: {scalar(value)}")


def scalar(value: Any) -> str:
    """One value as YAML writes it inline (an empty list or mapping included)."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _Unsupported
        text = repr(value)
        if "e" in text and "." not in text.split("e")[0]:
            mantissa, exponent = text.split("e")
            text = f"{mantissa}.0e{exponent}"  # YAML 1.1 wants a dot before the exponent
        return text
    if isinstance(value, str):
        return value if _plain(value) else json.dumps(value, ensure_ascii=not value.isprintable())
    if value == [] or value == {}:
        return "[]" if isinstance(value, list) else "{}"
    raise _Unsupported


def _plain(text: str) -> bool:
    if text.lower() in _WORDS or not _PLAIN.match(text) or text.endswith((" ", ":")) or ": " in text:
        return False
    if "  " in text or "#" in text:
        return False
    return bool(_VERSION.match(text)) or not _NUMBER_LIKE.match(text)
