"""``python -m advisor``: the same entry point as the ``advisor`` command."""

from __future__ import annotations

import gc
import sys

gc.disable()  # before the imports too: see cli.main

from .cli import main  # noqa: E402

sys.exit(main())
