"""The annotator TUI: a project's documents, annotation, and help."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

from annotator.tui import keymap
from annotator.tui.commands import ActionCommands
from annotator.tui.own_writes import OwnWrites

if TYPE_CHECKING:
    from annotator.store.project import MinedForms

LIVE_POLL_SECONDS = 1.0


class AnnotatorApp(App):
    TITLE = "annotator"
    COMMANDS = App.COMMANDS | {ActionCommands}
    CSS_PATH = "annotator.tcss"
    BINDINGS = keymap.APP

    def __init__(self, project_path: str | Path, annotator: str | None = None) -> None:
        super().__init__()
        from annotator.store import Project

        self.project = Project.open(project_path, annotator=annotator)
        # Candidate forms of the corpus, mined once by the first screen that needs them.
        self.mined_forms: MinedForms | None = None
        # Corpus-wide variant suggestions; None after a decision changes them.
        self.suggestions: list | None = None
        # Occurrences of every entity spelling, as the Variants screen counts them.
        self.form_counts: dict[str, int] | None = None
        self.own_writes = OwnWrites()
        self.sub_title = f"{self.project.name} · {self.project.annotator}"

    def on_mount(self) -> None:
        from annotator.tui.screens.project import ProjectScreen

        try:
            self._keymap = keymap.user_keymap()
            self.set_keymap(self._keymap)
        except (ValueError, OSError) as error:  # tomllib errors are ValueErrors
            self.notify(str(error), severity="error", timeout=10, markup=False)
        self.push_screen(ProjectScreen())
        self.project.others_changed()  # from now on: starts listening, sets the baseline
        self.set_interval(LIVE_POLL_SECONDS, self.show_others_changes)

    def show_others_changes(self) -> None:
        """What another annotator saves appears without ctrl+l: the project says whether
        anyone else committed (SQLite's data_version, PostgreSQL's NOTIFY; both cheap), and
        the screen reads its view again."""
        from annotator.store.health import failures
        from annotator.tui.screens.base import AppScreen

        if self.own_writes.busy:
            return  # its commits are not others': the next poll after it absorbed them
        try:
            changed = self.project.others_changed()
        except failures():
            return  # a dropped server: the next action reconnects and says so
        if changed and isinstance(self.screen, AppScreen):
            self.screen.refresh_view()
            self.screen.aside("updated with changes saved by others")

    def action_help(self) -> None:
        from annotator.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_show_project(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def action_show_variants(self) -> None:
        from annotator.tui.screens.variants import VariantsScreen

        if not isinstance(self.screen, VariantsScreen):
            self.push_screen(VariantsScreen())

    def on_unmount(self) -> None:
        self.project.close()
