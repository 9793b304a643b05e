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
from typing import Any

from .cli import _warn
from .config import DEFAULTS, KEYS, ConfigValueError, config_path, load, write_config
from .errors import ExitCode
from .plaintext import strip_controls

_KEY_HELP = {
    "theme": "the app's colour theme, e.g. textual-light, nord, gruvbox (the command palette lists them all)",
    "language": "a two-letter language code, e.g. en or es",
}


def add_parser(sub: Any) -> None:
    """Add `config` and its commands to the top-level subparsers ``sub``."""
    keys = "; ".join(f"{key}: {text}" for key, text in _KEY_HELP.items())
    config = sub.add_parser(
        "config", help="show or change your preferences (theme, language)",
        description="Show or change your preferences, kept in a small YAML file (see docs/config.md). "
                    "Without a command: the file's path and every value.",
        epilog=f"Keys: {keys}.")
    config.set_defaults(func=cmd_config_show)
    config_sub = config.add_subparsers(dest="config_command", metavar="COMMAND")
    p = config_sub.add_parser("show", help="the file's path and every value (the default)",
                              description="Print the config file's path and every value, marking the defaults.")
    p.set_defaults(func=cmd_config_show)
    p = config_sub.add_parser("path", help="print the config file's path",
                              description="Print the config file's path (the file may not exist yet).")
    p.set_defaults(func=cmd_config_path)
    p = config_sub.add_parser("set", help="set a value", description="Set a value; the rest of the file is kept.",
                              epilog=f"Keys: {keys}.")
    p.add_argument("key", metavar="KEY", help=f"one of: {', '.join(KEYS)}")
    p.add_argument("value", metavar="VALUE", help="the new value")
    p.set_defaults(func=cmd_config_set)
    p = config_sub.add_parser("unset", help="remove a value, going back to the default",
                              description="Remove a key from the file, so its default is used again.")
    p.add_argument("key", metavar="KEY", help=f"one of: {', '.join(KEYS)} (or an unknown key the file holds)")
    p.set_defaults(func=cmd_config_unset)


def cmd_config_show(args: argparse.Namespace) -> int:
    prefs = load()
    _warn([str(warning) for warning in prefs.warnings])
    state = "" if prefs.exists else " (not created yet: every value is the default)"
    lines = [f"file: {prefs.path}{state}"]
    width = max(len(key) for key in KEYS)
    for key in KEYS:
        note = "  (default)" if prefs.is_default(key) else ""
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
        print(f"advisor: error: {strip_controls(str(exc))}", file=sys.stderr)
        return ExitCode.USAGE
    if key not in DEFAULTS:
        print(strip_controls(f"{key}: removed from {prefs.path}"))
    elif value is None:
        print(strip_controls(f"{key}: {prefs.value(key)} (the default; removed from {prefs.path})"))
    else:
        print(strip_controls(f"{key}: {prefs.value(key)} (saved to {prefs.path})"))
    return ExitCode.OK
