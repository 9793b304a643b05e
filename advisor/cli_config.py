"""`advisor config`: show and change the preferences file (theme, language).

``advisor config`` prints the file's path and every value, saying which are
defaults; ``config path`` prints only the path; ``config set KEY VALUE`` and
``config unset KEY`` change one key and keep everything else in the file
(``advisor.config.save``). The file's problems are warnings on stderr, as
for every command; a bad key or value is a usage error (exit 2). No Textual.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .cli import _warn
from .config import DEFAULTS, KEYS, ConfigValueError, config_path, load, write_config
from .errors import ExitCode
from .plaintext import strip_controls
from .texts import t

if TYPE_CHECKING:
    from .cli_parser import Parser


def fill_parser(p: Parser) -> None:
    """`advisor config`'s parser (``advisor.cli`` lists the command): its commands, each filled when parsed."""
    p.description = t("cli.config.description")
    p.epilog = t("cli.config.epilog", keys=_keys())
    p.set_defaults(func=cmd_config_show)
    commands = p.add_subparsers(dest="config_command", metavar="COMMAND")
    commands.add_parser("show", help=t("cli.config.show.help"), fill=_fill_show)
    commands.add_parser("path", help=t("cli.config.path.help"), fill=_fill_path)
    commands.add_parser("set", help=t("cli.config.set.help"), fill=_fill_set)
    commands.add_parser("unset", help=t("cli.config.unset.help"), fill=_fill_unset)


def _keys() -> str:
    return "; ".join(f"{key}: {t(f'cli.config.key_{key}')}" for key in KEYS)


def _fill_show(p: Parser) -> None:
    p.description = t("cli.config.show.description")
    p.set_defaults(func=cmd_config_show)


def _fill_path(p: Parser) -> None:
    p.description = t("cli.config.path.description")
    p.set_defaults(func=cmd_config_path)


def _fill_set(p: Parser) -> None:
    p.description = t("cli.config.set.description")
    p.epilog = t("cli.config.epilog", keys=_keys())
    p.add_argument("key", metavar="KEY", help=t("cli.config.set.key", keys=", ".join(KEYS)))
    p.add_argument("value", metavar="VALUE", help=t("cli.config.set.value"))
    p.set_defaults(func=cmd_config_set)


def _fill_unset(p: Parser) -> None:
    p.description = t("cli.config.unset.description")
    p.add_argument("key", metavar="KEY", help=t("cli.config.unset.key", keys=", ".join(KEYS)))
    p.set_defaults(func=cmd_config_unset)


def cmd_config_show(args: argparse.Namespace) -> int:
    prefs = load()
    _warn([str(warning) for warning in prefs.warnings])
    lines = [t("cli.config.file" if prefs.exists else "cli.config.file_new", path=prefs.path)]
    width = max(len(key) for key in KEYS)
    for key in KEYS:
        note = "  " + t("cli.config.default") if prefs.is_default(key) else ""
        lines.append(f"{key + ':':<{width + 1}} {prefs.value(key)}{note}")
    print(strip_controls("\n".join(lines)))
    return ExitCode.OK


def cmd_config_path(args: argparse.Namespace) -> int:
    print(strip_controls(str(config_path())))
    return ExitCode.OK


def cmd_config_set(args: argparse.Namespace) -> int:
    return _change(args.key, args.value)


def cmd_config_unset(args: argparse.Namespace) -> int:
    return _change(args.key, None)


def _change(key: str, value: str | None) -> int:
    # A broken file's problems first: save() then refuses to change it, and says so.
    _warn([str(warning) for warning in load().warnings])
    try:
        prefs = write_config(config_path(), {key: value})
    except ConfigValueError as exc:
        print(t("cli.error", prog="advisor", message=str(exc)), file=sys.stderr)
        return ExitCode.USAGE
    if key not in DEFAULTS:
        print(t("cli.config.removed", setting=key, path=prefs.path))
    elif value is None:
        print(t("cli.config.reset", setting=key, value=prefs.value(key), path=prefs.path))
    else:
        print(t("cli.config.saved", setting=key, value=prefs.value(key), path=prefs.path))
    return ExitCode.OK
