"""examples/batch: the commands of its README give the committed files, byte for byte.

After an intended change (to the rules, the map format, make-map's guesses or
the output), run the README's commands again and read the diff; map.yaml is
the one file edited by hand (the draft with each `unsure` guess checked). The
maps' first line, the schema's location, is where the advisor is installed:
it is left out of the comparison.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "batch"


def readme_commands() -> list[list[str]]:
    text = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```\n(python .*?)```", text, re.DOTALL)
    assert block, "examples/batch/README.md has no command block"
    return [shlex.split(line) for line in block.group(1).splitlines()]


def schema_line(data: bytes) -> bytes:
    """A map with the schema's location on its first line left out: it is where the advisor is installed,
    which differs from one machine to the next (the committed maps give it relative to the repository)."""
    return re.sub(rb"\A(# yaml-language-server: \$schema=)\S+", rb"\1...", data)


def test_the_generator_writes_the_committed_export(tmp_path: Path) -> None:
    assert readme_commands()[0] == ["python", "examples/batch/generate.py"]
    spec = importlib.util.spec_from_file_location("generate", EXAMPLE / "generate.py")
    assert spec and spec.loader
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.main(tmp_path / "responses.csv")
    assert (tmp_path / "responses.csv").read_bytes() == (EXAMPLE / "responses.csv").read_bytes()


@pytest.mark.parametrize("command", readme_commands()[1:], ids=["make-map", "batch"])
def test_the_readme_commands_give_the_committed_files(command: list[str], tmp_path: Path, capsys: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert command[:3] == ["python", "-m", "advisor"]
    args = command[3:]
    written = {}
    for option in ("-o", "--rejects"):
        if option in args:
            i = args.index(option) + 1
            written[ROOT / args[i]] = tmp_path / Path(args[i]).name
            args[i] = str(written[ROOT / args[i]])
    code = cli.main(args)
    assert code == (3 if "--rejects" in args else 0)  # the example has one row the rules refuse
    for committed, fresh in written.items():
        assert schema_line(fresh.read_bytes()) == schema_line(committed.read_bytes()), \
            f"{committed.relative_to(ROOT)} differs: run the README"
    assert "Traceback" not in capsys.readouterr().err


def test_the_checked_map_is_the_draft_with_its_doubts_settled() -> None:
    draft = yaml.safe_load((EXAMPLE / "map-draft.yaml").read_text(encoding="utf-8"))
    checked = yaml.safe_load((EXAMPLE / "map.yaml").read_text(encoding="utf-8"))
    assert any("unsure" in entry for entry in draft["questions"].values())
    assert not any("unsure" in entry for entry in checked["questions"].values())
    for entry in draft["questions"].values():
        entry.pop("unsure", None)
    draft["questions"]["revenue_teams"]["values"]["Partnerships"] = None  # the one guess that was wrong
    assert checked == draft
