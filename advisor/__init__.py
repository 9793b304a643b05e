"""advisor: should a company build Sales Operations, Revenue Operations, or both?

The package's core (loading rulesets, evaluating answers, rendering reports)
imports no UI library; the CLI and the TUI are clients of it.
"""

from __future__ import annotations

__version__ = "0.1.0"
