"""Strict, safe YAML reading that keeps source positions.

Rulesets and answers files are written by people, so every later complaint
about them (from the ruleset checker, the answers validator, ...) has to point
at a line and column. PyYAML's loaders throw positions away and build whatever
a tag asks for, so this module builds plain values itself from PyYAML's event
stream: nothing is ever constructed from a tag; anchors, aliases, merge keys
and explicit tags are refused; size and nesting are limited; and the start of
every key and value is recorded. JSON is YAML, so ``.json`` answers files go
through the same reader and get positions too.

What it reads is data, never a command or a surprise:

- Only regular files are read (``advisor.inputs``). A named pipe, a device or a folder given as
  an input is refused at once (opening never blocks on a pipe with no writer,
  and a terminal never becomes the process's controlling terminal).
- Numbers are decimal only: ``12``, ``-3``, ``2.5``, ``.5``, ``1.5e3`` (and
  JSON's ``1e-05`` in a ``.json`` file). The other YAML 1.1 number forms
  (``1:30`` sexagesimal, ``0x10``, ``0o17``, ``1_000``, ``+12``, ``.inf``,
  ``.nan``) stay text, so the place that wanted a number says "expected a
  number, found the string `1:30`" instead of silently reading 90. A leading
  zero is just a zero: ``010`` is ten, never YAML 1.1's octal eight.
- Control characters (ESC, BEL, ..., see ``plaintext.strip_controls``) are
  removed from every string, key or value, so a double-quoted ``"\\e]0;x\\a"``
  can never retitle or clear a terminal that later shows it.
"""

from __future__ import annotations

import os
from typing import Any

from .errors import Diagnostic, YamlError
from .inputs import MIB, check_size, input_file_problem, read_input_bytes
from .plaintext import strip_controls
from .record import Record

__all__ = ["Document", "Mark", "YamlError", "input_file_problem", "read_input_bytes", "read_yaml_bytes",
           "read_yaml_file", "read_yaml_text"]


def _t(key: str, **values: Any) -> str:
    """A text of ``errors.yaml`` (or another ``errors`` group) in the current language."""
    from .texts import t  # not at import: advisor.texts reads its strings with this module

    return t(f"errors.{key}", **values)

class Mark(Record):
    """A position in a source file."""

    line: int  # 1-based
    column: int  # 1-based

class Document:
    """One YAML document: its plain-data value and where each part started."""

    __slots__ = ("_keys", "_packed", "_values", "data", "path")
    path: str
    data: object

    def __init__(self, path: str, data: object, values: dict, keys: dict, *, packed: bytes = b"") -> None:
        self.path = path
        self.data = data
        # Both map a key path to the parser's own mark object (0-based); they
        # are converted to Mark only when asked, so loading allocates nothing
        # per node beyond the path tuple. ``packed``: both maps as the parse
        # cache keeps them (marshal), read only when a position is asked for:
        # a valid file never needs one, and they are most of an entry.
        self._values = values
        self._keys = keys
        self._packed = packed

    def _unpack(self) -> None:
        if self._packed:
            import marshal

            try:
                self._values, self._keys = marshal.loads(self._packed)
            except (ValueError, EOFError, TypeError):  # a damaged cache entry: positions unknown, not a crash
                self._values, self._keys = {}, {}
            self._packed = b""

    def mark(self, *keys: object) -> Mark:
        """Where the value at ``keys`` starts, or its nearest known ancestor."""
        self._unpack()
        values = self._values
        for end in range(len(keys), 0, -1):
            found = values.get(keys[:end])
            if found is not None:
                return _mark(found)
        return Mark(1, 1)

    def positions(self) -> tuple[dict[tuple[Any, ...], Any], dict[tuple[Any, ...], Any]]:
        """The raw position maps (values, keys), for the parse cache to store."""
        self._unpack()
        return self._values, self._keys

    def key_mark(self, *keys: object) -> Mark:
        """Where the key of the mapping entry at ``keys`` starts."""
        self._unpack()
        found = self._keys.get(keys)
        if found is not None:
            return _mark(found)
        return self.mark(*keys)

    def diagnostic(
        self, keys: tuple, message: str, suggestion: str = "", *, at_key: bool = False
    ) -> Diagnostic:
        where = self.key_mark(*keys) if at_key else self.mark(*keys)
        return Diagnostic(self.path, where.line, where.column, message, suggestion)

def read_yaml_text(
    text: str, path: str = "<string>", *, max_bytes: int = MIB, max_depth: int = 64
) -> Document:
    """Read one YAML (or JSON) document from ``text``; ``path`` is for display."""
    check_size(len(text.encode("utf-8", "surrogatepass")), path, max_bytes)
    return _read(text, path, max_depth)

def read_yaml_file(
    path: str | os.PathLike, *, display: str | None = None, max_bytes: int = MIB,
    max_depth: int = 64,
) -> Document:
    """Read one YAML (or JSON) document from a regular UTF-8 file."""
    shown = display if display is not None else os.fsdecode(path)
    raw = read_input_bytes(path, display=shown, max_bytes=max_bytes)
    return read_yaml_bytes(raw, shown, max_depth=max_depth)

def read_yaml_bytes(raw: bytes, display: str, *, max_depth: int = 64) -> Document:
    """Read one YAML (or JSON) document from the bytes of a file (see ``read_input_bytes``)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[start : exc.start].decode("utf-8", "replace")) + 1
        raise _error(
            display, line, column,
            _t("yaml.not_utf8", byte=f"{raw[exc.start]:02X}"),
            _t("yaml.save_utf8"),
        ) from None
    return _read(text, display, max_depth)

def _mark(found: Any) -> Mark:
    """A 1-based Mark from a parser mark, or from a (line, column) pair read from the cache."""
    if type(found) is tuple:
        return Mark(found[0] + 1, found[1] + 1)
    return Mark(found.line + 1, found.column + 1)

def _error(
    path: str, line: int, column: int, message: str, suggestion: str = ""
) -> YamlError:
    # The message may quote the file (a duplicate key, a tag): never its control characters.
    diagnostic = Diagnostic(path, line, column, strip_controls(message), strip_controls(suggestion))
    return YamlError(_t("files.cannot_load", path=path), [diagnostic])


def _read(text: str, path: str, max_depth: int) -> Document:
    """Parse ``text``: PyYAML is imported here, on the first parse, not by every command (a run whose
    ruleset comes from the parse cache never parses, and saves ~18 ms of imports)."""
    from .yamlparse import read

    return read(text, path, max_depth)
