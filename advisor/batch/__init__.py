"""Scoring a whole survey export at once: `advisor batch`.

A form tool (Google Forms, Typeform, a spreadsheet) exports one row per
respondent, with its own column titles and answer labels. A *map file* says
which column holds which question and which label is which option value;
each row is then scored by the same ``engine.evaluate`` and ``engine.judge``
every other client calls, and written out as it comes.

- ``mapfile``: the map format (``advisor-map/1``), checked with located errors.
- ``makemap``: a first map guessed from an export, every doubtful guess marked
  (``similar``: how alike two texts are; ``mapwriter``: the guesses as YAML).
- ``rows``: streaming readers for CSV and JSON Lines; a bad row is a value, never a crash.
- ``cells``: a row's cells turned into answers through the map.
- ``run``: the loop that scores each row and writes it; ``writers``: the output and rejects files.

Nothing here imports Textual or the command line (``advisor.cli_batch`` is the CLI).
"""

from __future__ import annotations

from ..errors import AdvisorError


class BatchError(AdvisorError):
    """The map or the responses file cannot be used at all (not a row: the whole run)."""
