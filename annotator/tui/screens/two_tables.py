"""What the screens that list rows in one table and their spellings in another share (the
Variants screen's entities, the Suggestions view's clusters): the highlighted row and
spelling, and the keys that move between and within the tables."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from annotator.tui.screens.base import AppScreen


class TwoTables(AppScreen):
    MAIN_TABLE = ""  # ids of the two tables
    DETAIL_TABLE = ""
    # The rows of the main table, in its order; each has `forms` (objects with a `form`),
    # the rows of the detail table.
    listed: list[Any]

    @property
    def current(self) -> Any:
        table = self.query_one(f"#{self.MAIN_TABLE}", DataTable)
        if not self.listed or table.cursor_row >= len(self.listed):
            return None
        return self.listed[table.cursor_row]

    @property
    def current_form(self) -> str | None:
        row = self.current
        if row is None or not row.forms:
            return None
        detail = self.query_one(f"#{self.DETAIL_TABLE}", DataTable)
        return row.forms[min(detail.cursor_row, len(row.forms) - 1)].form

    def _focused_table(self) -> DataTable:
        detail = self.query_one(f"#{self.DETAIL_TABLE}", DataTable)
        return detail if detail.has_focus else self.query_one(f"#{self.MAIN_TABLE}", DataTable)

    def action_first_row(self) -> None:
        self._focused_table().move_cursor(row=0)

    def action_last_row(self) -> None:
        table = self._focused_table()
        table.move_cursor(row=max(table.row_count - 1, 0))

    def action_toggle_focus(self) -> None:
        detail = self.query_one(f"#{self.DETAIL_TABLE}", DataTable)
        (self.query_one(f"#{self.MAIN_TABLE}", DataTable) if detail.has_focus
         else detail).focus()
