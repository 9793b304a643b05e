"""A session entry point for the spawner's tests: says what it was given, reads one line, exits 3."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str]) -> int:
    print(f"argv={list(argv)} columns={os.environ.get('COLUMNS')} argv0={sys.argv[1:]}", flush=True)
    print("to stderr", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    print(f"read={line.strip()}", flush=True)
    return 3
