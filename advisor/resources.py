"""Finds the data that ships with the advisor (the default ruleset and report templates) and its cache folder.

In an installed wheel the data lives inside the package (``advisor/_data/``);
in a source checkout or an editable install it is the ``rules/`` and
``reports/`` folders at the top of the repository. ``code_fingerprint`` names
the advisor's own code, for keying what is cached on disk.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from .errors import FileAccessError

# Days a deleted session stays in the trash (advisor.session); here, where `advisor sessions`
# reads it for its help without loading the sessions' code.
TRASH_DAYS = 30

_HERE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``name`` (``rules`` or ``reports``) wherever this install keeps it."""
    for candidate in (_HERE / "_data" / name, _HERE.parent / name):
        if candidate.is_dir():
            return candidate
    from .texts import t  # only on a broken installation

    raise FileAccessError(t("errors.files.install_missing", name=f"`{name}`", first=_HERE / "_data" / name,
                            second=_HERE.parent / name))


def cache_dir(name: str) -> Path:
    """``$XDG_CACHE_HOME/advisor/<name>`` (``~/.cache`` by default); may not exist yet."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "advisor" / name


def shipped_cache(name: str) -> Path | None:
    """The wheel's own ``advisor/<name>`` cache (advisor/prebuild.py), laid out as ``cache_dir(name)``; None without.

    Read only, after the user's cache misses: it holds what the first run of
    the default ruleset and report would otherwise write there.
    """
    folder = _HERE / "_prebuilt" / "advisor" / name
    return folder if folder.is_dir() else None


@functools.cache
def code_fingerprint(package: Path = _HERE) -> str:
    """A SHA-256 of the source of every ``.py`` file under ``package`` (the advisor's own), once per process.

    A cached entry that our code produced is keyed on this as well as on its
    input, so an upgrade or an edit in a checkout never meets an entry that
    other code wrote. Hashing contents (0.9-1.2 ms for ~40 files, ~300 KB, on
    the benchmark machine) rather than (size, mtime) (0.2-0.3 ms) is right
    even when an edit keeps a file's size and time.
    """
    import hashlib

    digest = hashlib.sha256()
    for path in _sources(package):
        with open(path, "rb") as stream:
            data = stream.read()
        # Name and length first, so moving text from one file to another changes the hash.
        digest.update(b"%s\0%d\0" % (os.path.relpath(path, package).encode("utf-8", "surrogateescape"), len(data)))
        digest.update(data)
    return digest.hexdigest()


def _sources(folder: Path) -> list[str]:
    found: list[str] = []
    pending = [str(folder)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in ("__pycache__", "_data", "_prebuilt"):
                        pending.append(entry.path)
                elif entry.name.endswith(".py"):
                    found.append(entry.path)
    return sorted(found)


def default_rules() -> Path:
    return data_dir("rules")


def reports_dir() -> Path:
    return data_dir("reports")
