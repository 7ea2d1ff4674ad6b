"""What every screen of the app shares: typed access to the app and its project, the status
line, and one guarded path for every call into the project."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

from annotator.core.errors import AnnotatorError, UndoRefused

if TYPE_CHECKING:
    from annotator.store import Project
    from annotator.tui.app import AnnotatorApp



RECENT_SECONDS = 5.0  # a message younger than this is not replaced by an aside


class _Failed:
    def __repr__(self) -> str:
        return "FAILED"


FAILED: Any = _Failed()  # what `attempt` returns when the call was refused or failed


class AppScreen(Screen):
    # The last message of the status line and when it was shown (see `aside`).
    _told: tuple[Text | None, float] = (None, 0.0)

    @property
    def ui(self) -> AnnotatorApp:
        return cast("AnnotatorApp", self.app)

    @property
    def project(self) -> Project:
        return self.ui.project

    @property
    def status(self) -> Static:
        return self.query_one("#status", Static)

    # -- the status line: user text is shown as text, never read as markup --------------------

    def saved(self, message: str) -> None:
        self._tell(Text.assemble(("✓ saved", "green"), "  ", message))

    def problem(self, message: str) -> None:
        self._tell(Text.assemble(("✗ ", "red"), message))
        self.app.bell()

    def note(self, message: str) -> None:
        self._tell(Text(message, style="dim"))

    def aside(self, message: str) -> None:
        """A note that does not hide what the annotator was told a moment ago (the answer to
        their last action): it is added after that message instead."""
        told, at = self._told
        if told is not None and time.monotonic() - at < RECENT_SECONDS:
            self._show(Text.assemble(told, ("  · " + message, "dim")))
        else:
            self.note(message)

    def passing(self, message: str) -> None:
        """Where long work has got to: shown like an aside, but the next message replaces
        it rather than being added to it."""
        told, at = self._told
        if told is not None and time.monotonic() - at < RECENT_SECONDS:
            self._show(Text.assemble(told, ("  · " + message, "dim")))
        else:
            self._show(Text(message, style="dim"))

    def _tell(self, text: Text) -> None:
        self._told = (text, time.monotonic())
        self._show(text)

    def _show(self, text: Text) -> None:
        status = self.query("#status")
        if status:  # not before the screen is composed (a poll may come that early)
            cast(Static, status.first()).update(text, layout=False)

    # -- calls into the project ----------------------------------------------------------------

    def attempt(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call the project; a refusal or a database failure becomes a message in the status
        line and the view is read again (another annotator may have changed what it shows),
        never a crash. Returns the call's result, or FAILED."""
        from annotator.store.health import database_errors, explain

        try:
            return call(*args, **kwargs)
        except UndoRefused as refusal:
            self.refresh_view()
            self.problem(str(refusal))
            self.offer_to_drop(refusal)
        except AnnotatorError as error:
            self.refresh_view()
            self.problem(str(error))
        except database_errors() as error:
            self.problem(str(explain(error, self.project.location)))
        return FAILED

    def in_own_project(self, read: Callable[[Project], Any]) -> Any:
        """For a worker thread: `read(project)` on a connection of the worker's own (SQLite
        connections stay in their thread). A failure is said in the status line; returns
        read's result, or FAILED."""
        from annotator.store.health import failures

        try:
            with self.project.reopen() as own:
                return read(own)
        except failures() as error:
            self.app.call_from_thread(self.problem, str(error))
            return FAILED

    def variant_suggestions(self, own: Project, possible: bool = False) -> list:
        """For a worker thread, on its own connection (`in_own_project`): the project's
        variant suggestions, with the indexing and the grouping shown in the status line.
        Forms mined once are kept for the session and passed back for later groupings."""
        def progress(done: int, total: int) -> None:
            if done % 500 == 0 or done == total:
                self.app.call_from_thread(
                    self.note, f"finding variants across the corpus ... {done}/{total} documents")

        def stage(what: str) -> None:
            self.app.call_from_thread(self.passing, f"{what} ...")

        found = own.variant_suggestions(progress=progress, mined=self.ui.mined_forms,
                                        possible=possible, stage=stage)
        self.ui.mined_forms = own.mined() or self.ui.mined_forms
        return found

    def refresh_view(self) -> None:
        """Read what the screen shows from the project again (each screen says how)."""

    def after_own_writes(self) -> None:
        """A worker of this app saved machine output on a connection of its own (the form
        index, the kept suggestions): not a change by others to announce. The live view's
        baseline moves past it, and the view is read again quietly, so that a change
        another annotator made meanwhile still shows."""
        if self.absorb_own_writes():
            self.refresh_view()

    def absorb_own_writes(self) -> bool:
        """Move the live view's baseline past this app's own workers' commits."""
        from annotator.store.health import failures

        try:
            self.project.others_changed()
        except failures():
            return False
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def history_step(self, call: Callable[[], Any], verb: str, nothing: str,
                     shown: Callable[[str], None]) -> None:
        """Undo or redo (`call`); `shown(message)` redraws what changed and says so."""
        entry = self.attempt(call)
        if entry is FAILED:
            return
        if entry is None:
            return self.problem(nothing)
        shown(f"{verb}: {entry.action}")

    def offer_to_drop(self, refusal: UndoRefused) -> None:
        from annotator.tui.dialogs.confirm import Confirm

        entry = refusal.entry
        redo = str(refusal).startswith("cannot redo")
        verb = "redo" if redo else "undo"

        def answered(drop: bool | None) -> None:
            if drop:
                dropped = self.attempt(self.project.drop_redo if redo else self.project.drop_undo,
                                       entry.id)
                if dropped is not FAILED:
                    self.saved(f"'{entry.action}' left as it is; {verb} goes on past it")

        self.app.push_screen(Confirm(str(refusal), f"Leave '{entry.action}' as it is and "
                                     f"{verb} past it next time?"), answered)
