"""`advisor schema NAME` and `advisor rules new DIR`: what rule authors need for their editor.

``schema`` prints one of the shipped JSON Schemas (a ruleset's files, answers
and map files, the JSON reports) to stdout or ``-o FILE``. ``rules new``
copies the default ruleset (or ``--rules DIR``) into a new folder, renamed,
with the schemas beside it and each file's first line pointing the YAML
language server at its schema (``advisor.ruleset_starter``). No Textual.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ExitCode
from .texts import t

if TYPE_CHECKING:
    from .cli_parser import Parser


def fill_parser(p: Parser) -> None:
    """`advisor schema`'s parser (``advisor.cli`` lists the command)."""
    from . import schemas

    names = schemas.names()
    p.description = t("cli.schema.description")
    p.add_argument("name", metavar="NAME", choices=names, help=t("cli.schema.name", names=", ".join(names)))
    p.add_argument("-o", "--output", metavar="FILE", help=t("cli.common.output"))
    p.set_defaults(func=cmd_schema)


def fill_rules_new(p: Parser) -> None:
    """`advisor rules new`'s parser (``advisor.cli`` lists the command)."""
    from .cli import add_common_options

    p.description = t("cli.schema.new.description")
    add_common_options(p)
    p.add_argument("dir", metavar="DIR", help=t("cli.schema.new.dir"))
    p.add_argument("--id", type=_ruleset_id, metavar="ID", help=t("cli.schema.new.id"))
    p.add_argument("--name", type=_ruleset_name, metavar="NAME", help=t("cli.schema.new.name"))
    p.set_defaults(func=cmd_rules_new)


def _ruleset_id(value: str) -> str:
    from .ruleset_starter import id_problem

    problem = id_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return value


def _ruleset_name(value: str) -> str:
    from .ruleset_starter import name_problem

    problem = name_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return value.strip()


def cmd_schema(args: argparse.Namespace) -> int:
    from . import schemas
    from .cli import write_output
    from .schemagen import dumps

    write_output(dumps(schemas.schema(args.name)), args.output)
    return ExitCode.OK


def cmd_rules_new(args: argparse.Namespace) -> int:
    from .ruleset_starter import create_ruleset, id_from

    folder = Path(args.dir)
    base = folder.resolve().name
    ruleset_id = args.id or id_from(base)
    create_ruleset(folder, ruleset_id=ruleset_id, name=args.name or base or ruleset_id,
                   source=Path(args.rules) if args.rules else None)
    print(t("cli.schema.new.made", path=args.dir, id=ruleset_id), file=sys.stderr)
    return ExitCode.OK
