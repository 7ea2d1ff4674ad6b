"""Keys shared by the screens that list rows in one table and their parts in another (the
Variants screen's entities and spellings, the Suggestions view's clusters and spellings)."""

from __future__ import annotations

from textual.widgets import DataTable

from annotator.tui.screens.base import AppScreen


class TwoTables(AppScreen):
    MAIN_TABLE = ""  # ids of the two tables
    DETAIL_TABLE = ""

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
