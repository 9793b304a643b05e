"""``python -m advisor``: the same entry point as the ``advisor`` command."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
