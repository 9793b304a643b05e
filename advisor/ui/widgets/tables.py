"""What the DataTables of the app (the review, the facilitator's grid and list) share."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist


def cursor_row_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the cursor (a question id, a file name), or None in an empty table."""
    if not table.row_count:
        return None
    try:
        value = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    except CellDoesNotExist:
        return None
    return None if value is None else str(value)
