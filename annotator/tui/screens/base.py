"""What every screen of the app shares: typed access to the app and its project."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from annotator.store import Project
    from annotator.tui.app import AnnotatorApp


class AppScreen(Screen):
    @property
    def ui(self) -> AnnotatorApp:
        return cast("AnnotatorApp", self.app)

    @property
    def project(self) -> Project:
        return self.ui.project
