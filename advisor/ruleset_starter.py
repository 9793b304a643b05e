"""A ruleset of one's own to start from: the default ruleset copied into a new folder, ready to edit.

``create_ruleset`` copies each file of the default ruleset, gives the copy
its own id and name, writes the JSON Schemas of the ruleset's files into
``schemas/`` beside them, and puts a first line in each file that points the
YAML language server at its schema (``./schemas/<name>.schema.json``), so an
editor completes and checks the files as they are written. The files are
edited as text, not read and dumped again: every comment and line the
default ruleset has stays as it is. It never writes into a folder that has
anything in it. No Textual.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from . import schemas
from .errors import FileAccessError, OutputRefused, RulesetError
from .loader import FILES, load_ruleset
from .resources import default_rules
from .schemagen import RULESET_NAMES, dumps
from .shapes import FILE_SHAPES, IDENT, MAX_ID_LENGTH, MAX_TEXT_BYTES
from .texts import t

FALLBACK_ID = "my_rules"


def id_from(name: str) -> str:
    """A valid ruleset id made from a folder's name: "Acme Rules 2027" -> ``acme_rules_2027``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    words = re.sub(r"[^a-z0-9]+", "_", ascii_name)
    ident = re.sub(r"^[^a-z]+", "", words)[:MAX_ID_LENGTH].rstrip("_")
    return ident if IDENT.match(ident) else FALLBACK_ID


def id_problem(ident: str) -> str:
    """What is wrong with ``ident`` as a ruleset id ("" when nothing is)."""
    if IDENT.match(ident) and len(ident) <= MAX_ID_LENGTH:
        return ""
    return t("cli.schema.new.bad_id", limit=MAX_ID_LENGTH, found=json.dumps(ident, ensure_ascii=False))


def name_problem(name: str) -> str:
    """What is wrong with ``name`` as a ruleset's name ("" when nothing is)."""
    if name.strip() and len(name.encode("utf-8")) <= MAX_TEXT_BYTES:
        return ""
    shown = json.dumps(name if len(name) <= 40 else name[:37] + "...", ensure_ascii=False)
    return t("cli.schema.new.bad_name", limit=MAX_TEXT_BYTES, found=shown)


def create_ruleset(folder: Path, *, ruleset_id: str, name: str, source: Path | None = None) -> list[Path]:
    """Copy the ruleset in ``source`` (the default one) into ``folder``, renamed; the files written.

    ``folder`` must not exist or be empty (``OutputRefused`` otherwise); ``source`` must load.
    """
    source = source or default_rules()
    if folder.exists() and not folder.is_dir():
        raise FileAccessError(t("cli.schema.new.not_a_folder", path=folder))
    if folder.is_dir() and any(folder.iterdir()):
        raise OutputRefused(t("cli.schema.new.not_empty", path=folder))
    languages = load_ruleset(source, with_cases=False).languages  # a broken source says so here, located
    texts = {file: _without_modeline((source / file).read_text(encoding="utf-8"))
             for file in FILES if (source / file).is_file()}
    try:
        texts["ruleset.yaml"] = renamed(texts["ruleset.yaml"], ruleset_id, name, languages)
    except ValueError:
        raise RulesetError(t("cli.schema.new.cannot_rename", path=source / "ruleset.yaml")) from None
    written: list[Path] = []
    try:
        (folder / "schemas").mkdir(parents=True, exist_ok=True)
        for file, text in texts.items():
            schema = FILE_SHAPES[file]
            written.append(_write_new(folder / file, schemas.modeline(f"./schemas/{schema}.schema.json") + text))
        for schema in RULESET_NAMES:
            if any(FILE_SHAPES[file] == schema for file in texts):
                path = folder / "schemas" / f"{schema}.schema.json"
                written.append(_write_new(path, dumps(schemas.schema(schema))))
    except OSError as exc:
        raise FileAccessError(t("errors.files.cannot_write", path=folder, reason=exc.strerror or exc)) from None
    return written


def _without_modeline(text: str) -> str:
    """``text`` without a first line pointing at a schema (a source made by `rules new` has one)."""
    first, newline, rest = text.partition("\n")
    return rest if newline and re.match(r"#\s+yaml-language-server\s*:", first) else text


def _write_new(path: Path, text: str) -> Path:
    with open(path, "x", encoding="utf-8", newline="") as stream:  # "x": never over a file that appeared meanwhile
        stream.write(text)
    return path


def renamed(text: str, ruleset_id: str, name: str, languages: Sequence[str]) -> str:
    """ruleset.yaml's text with its top-level ``id`` and ``name`` replaced, every other line as it was."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    done = set()
    i = 0
    while i < len(lines):
        line = lines[i]
        key = re.match(r"(id|name):(?=\s|$)", line)
        if key and key.group(1) not in done:
            done.add(key.group(1))
            i += 1
            while i < len(lines) and lines[i][:1] in (" ", "\t") and lines[i].strip():
                i += 1  # the old value's lines (a block under the key)
            if key.group(1) == "id":
                out.append(f"id: {ruleset_id}\n")
            else:
                quoted = json.dumps(name, ensure_ascii=False)  # JSON's string is YAML's double-quoted one
                out += ["name:\n", *(f"  {lang}: {quoted}\n" for lang in languages)]
            continue
        out.append(line)
        i += 1
    if done != {"id", "name"}:  # the default ruleset always has both; a change there would show here
        raise ValueError("ruleset.yaml has no top-level `id:` or `name:` line to replace")
    return "".join(out)
