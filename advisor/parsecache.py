"""A cache of parsed YAML documents, so a file read before is not parsed again.

Parsing is most of the time it takes to load a ruleset, and every `advisor`
command loads one. A document's data and positions are stored with marshal
in a file named after the SHA-256 of the file's bytes (and the reader's
settings), so any edit misses the cache; a broken or unwritable cache only
costs speed.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any, cast

from .yamlread import Document

_CACHE_FORMAT = b"advisor-yaml-cache/1"


def sha256(data: bytes = b"") -> Any:
    """A SHA-256 hash object, without importing hashlib (its OpenSSL binding costs ~3 ms at start-up)."""
    try:
        from _sha2 import sha256 as make  # type: ignore[import-not-found]  # CPython 3.12+
    except ImportError:
        try:
            from _sha256 import sha256 as make  # type: ignore[import-not-found]  # CPython 3.11
        except ImportError:  # pragma: no cover - other interpreters
            from hashlib import sha256 as make
    return make(data)


def _cache_file(folder: str | os.PathLike, raw: bytes, max_depth: int) -> str:
    digest = sha256(_CACHE_FORMAT + b"%d\0" % max_depth + raw).hexdigest()
    return os.path.join(folder, digest[:40] + ".marshal")


def cache_get(folder: str | os.PathLike, raw: bytes, path: str, max_depth: int) -> Document | None:
    import marshal

    try:
        with open(_cache_file(folder, raw, max_depth), "rb") as stream:
            data, values, keys = marshal.loads(stream.read())  # load(stream) reads in tiny pieces
        return Document(path, data, values, keys)
    except (OSError, ValueError, EOFError, TypeError):
        return None  # no cache, or an unreadable one: parse instead


def cache_put(folder: str | os.PathLike, raw: bytes, max_depth: int, doc: Document) -> None:
    import marshal

    target = _cache_file(folder, raw, max_depth)
    temporary = f"{target}.{os.getpid()}.tmp"
    try:
        data = cast(Any, doc.data)  # plain values only: _events builds nothing else
        payload = marshal.dumps((data, {k: (m.line, m.column) for k, m in doc.positions()[0].items()},
                                 {k: (m.line, m.column) for k, m in doc.positions()[1].items()}))  # see _mark
        os.makedirs(folder, exist_ok=True)
        with open(temporary, "wb") as stream:
            stream.write(payload)
        os.replace(temporary, target)
    except (OSError, ValueError):
        # A read-only or full cache only costs speed next time.
        with contextlib.suppress(OSError):
            os.unlink(temporary)
