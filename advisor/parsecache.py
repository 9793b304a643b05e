"""A cache of parsed ruleset files, so a file read before by the same code is not parsed again.

Parsing is most of the time it takes to load a ruleset, and every `advisor`
command loads one: the default ruleset parses in ~5.3 ms and comes back from
here in ~0.9 ms. Without this cache `advisor evaluate` measured ~1.32x
`import yaml, jinja2`, over its 1.3x target (benchmarks/README.md).

A document's data and positions are stored with marshal in a file named after
the SHA-256 of the file's bytes and the reader's settings, in a folder named
after the advisor's own code (``resources.code_fingerprint``). So an edit of
the file misses the cache, and so does any change of the code that reads it
(an upgrade, an edit in a checkout): the first write under new code removes
the entries of other code. A broken or unwritable cache only costs speed.
An entry missing from the user's cache is looked for in the one the wheel
ships (advisor/prebuild.py), which is read, never written.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from _thread import get_ident
from collections.abc import Callable
from types import CodeType
from typing import Any, TypeVar, cast

from . import resources
from .yamlread import Document, read_yaml_bytes

T = TypeVar("T")
_CACHE_FORMAT = b"advisor-yaml-cache/3"  # 3: the positions packed apart, read only when asked for
# What this module has written into the cache folder: a folder per code
# fingerprint, and the entries and analysis results of earlier versions.
_OURS = re.compile(r"[0-9a-f]{16}|(?:[0-9a-f]{40}|analysis-[0-9a-f]{16}-.+)\.marshal(?:\.[0-9]+(?:\.[0-9]+)?\.tmp)?")


def read_cached(raw: bytes, display: str, cache: str | os.PathLike[str] | None, *, max_depth: int = 64) -> Document:
    """``yamlread.read_yaml_bytes(raw, display)``, reusing an earlier parse from the folder ``cache``."""
    place = _place(cache, _entry_name(raw, max_depth))
    if place is None:
        return read_yaml_bytes(raw, display, max_depth=max_depth)
    kept = _load_either(cache, place[1])
    if type(kept) is tuple and len(kept) == 2 and isinstance(kept[1], bytes):
        return Document(display, kept[0], {}, {}, packed=kept[1])  # positions unpacked when asked for
    doc = read_yaml_bytes(raw, display, max_depth=max_depth)
    _put(cast(str, cache), *place, doc)
    return doc


def _entry_name(raw: bytes, max_depth: int) -> str:
    return hashlib.sha256(_CACHE_FORMAT + b"%d\0" % max_depth + raw).hexdigest()[:40]


def cached_analysis(cache: str | os.PathLike[str] | None, content_hash: str, compute: Callable[[], T]) -> T:
    """``compute()``, the analysis of the ruleset whose files hash to ``content_hash``, kept in ``cache``.

    The analysis (score maxima, rules that can never fire) depends only on
    the ruleset's files and on the advisor's code, so it is stored in the
    same folder per code fingerprint as the parsed files, named after the
    ruleset's content hash. It costs some 11 ms a load for the default
    ruleset, whose gates (stage, sellers, motion, other teams) multiply the
    combinations to try; a hit costs a file read.
    """
    import marshal

    place = _place(cache, "analysis-" + hashlib.sha256(content_hash.encode()).hexdigest()[:40])
    if place is None:
        return compute()
    kept = _load_either(cache, place[1])
    if kept is not _MISSING:
        return cast(T, kept)
    value = compute()
    with contextlib.suppress(ValueError):  # not plain data: not kept
        _write(cast(str, cache), *place, marshal.dumps(cast(Any, value)))
    return value


def cached_code(cache: str | os.PathLike[str] | None, key: str, compile_source: Callable[[], CodeType]) -> CodeType:
    """``compile_source()``, a ruleset's compiled functions (advisor/compiled.py), kept in ``cache``.

    Writing and compiling the default ruleset's functions takes some 18 ms, on
    every command that evaluates; a hit costs a file read. The code depends on
    the ruleset's files (``key`` holds their content hash), on the advisor's
    code (the folder per code fingerprint) and on the Python that compiled it
    (its bytecode magic number is in the name, as in a ``.pyc``'s header).
    """
    import importlib.util
    import marshal

    place = _place(cache, "code-" + hashlib.sha256(importlib.util.MAGIC_NUMBER + key.encode()).hexdigest()[:40])
    if place is None:
        return compile_source()
    kept = _load_either(cache, place[1])
    if isinstance(kept, CodeType):
        return kept
    compiled = compile_source()
    _write(cast(str, cache), *place, marshal.dumps(compiled))
    return compiled


_MISSING = object()


def _place(cache: str | os.PathLike[str] | None, name: str) -> tuple[str, str] | None:
    """(the folder of this code's entries, the entry ``name``'s path) in ``cache``; None: no caching."""
    try:
        code = resources.code_fingerprint() if cache is not None else ""
    except OSError:  # an unreadable install: no cache rather than one that might not match the code
        code = ""
    if cache is None or not code:
        return None
    folder = os.path.join(cache, code[:16])
    return folder, os.path.join(folder, name + ".marshal")


def _shipped(cache: str | os.PathLike[str], target: str) -> str | None:
    """Where the wheel's prebuilt cache (advisor/prebuild.py) would hold ``target``, the entry's path in ``cache``."""
    shipped = resources.shipped_cache(os.path.basename(os.fspath(cache)))
    return None if shipped is None else os.path.join(shipped, os.path.relpath(target, cache))


def _load_either(cache: str | os.PathLike[str] | None, target: str) -> Any:
    """The entry ``target`` from the user's cache, else from the wheel's prebuilt one, else _MISSING."""
    kept = _load(target)
    if kept is _MISSING and cache is not None and (shipped := _shipped(cache, target)):
        kept = _load(shipped)
    return kept


def _load(target: str) -> Any:
    """What the entry ``target`` holds, or _MISSING (no entry, or an unreadable one)."""
    import marshal

    try:
        with open(target, "rb") as stream:
            return marshal.loads(stream.read())  # load(stream) reads in tiny pieces
    except (OSError, ValueError, EOFError, TypeError):
        return _MISSING


def _put(cache: str | os.PathLike[str], folder: str, target: str, doc: Document) -> None:
    import marshal

    values, keys = doc.positions()
    # Plain values only (yamlread builds nothing else); marks as (line, column), see yamlread._mark.
    data = cast(Any, doc.data)
    try:
        packed = marshal.dumps(({k: (m.line, m.column) for k, m in values.items()},
                                {k: (m.line, m.column) for k, m in keys.items()}))
        payload = marshal.dumps((data, packed))
    except ValueError:
        return
    _write(cache, folder, target, payload)


def _write(cache: str | os.PathLike[str], folder: str, target: str, payload: bytes) -> None:
    # Per process and thread: the app also builds reports in idle-time threads (advisor/ui/idle.py).
    temporary = f"{target}.{os.getpid()}.{get_ident()}.tmp"
    try:
        if not os.path.isdir(folder):
            os.makedirs(folder, exist_ok=True)
            _forget_other_code(cache, os.path.basename(folder))
        with open(temporary, "wb") as stream:
            stream.write(payload)
        os.replace(temporary, target)
    except (OSError, ValueError):
        # A read-only or full cache only costs speed next time.
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _forget_other_code(cache: str | os.PathLike[str], keep: str) -> None:
    """Remove what other advisor code wrote here: no code of this version will read it again."""
    import shutil

    with contextlib.suppress(OSError), os.scandir(cache) as entries:
        for entry in entries:
            if entry.name == keep or not _OURS.fullmatch(entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
