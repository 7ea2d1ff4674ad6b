"""Errors the project raises on purpose; front ends turn them into clean messages."""

from __future__ import annotations

from typing import Any


class AnnotatorError(Exception):
    """Base of every error a user can cause and fix."""


class NotFound(AnnotatorError):
    pass


class Conflict(AnnotatorError):
    """The change contradicts what is already stored (overlap, duplicate, stale undo)."""


class UndoRefused(Conflict):
    """An undo or redo that would overwrite a later change or break an invariant. `entry`
    is the history entry refused, so a front end can offer to drop it."""

    def __init__(self, message: str, entry: Any) -> None:
        super().__init__(message)
        self.entry = entry


class Busy(AnnotatorError):
    """Another process held the project's write lock for longer than we wait."""


class ConnectionLost(AnnotatorError):
    """The connection to the database server dropped. `during_commit`: it dropped while the
    server was committing, so whether the change was saved must be looked up."""

    def __init__(self, message: str, during_commit: bool = False) -> None:
        super().__init__(message)
        self.during_commit = during_commit


class InvalidValue(AnnotatorError):
    pass


class ProjectError(AnnotatorError):
    """The project file is missing, not a project, or from a newer version."""


class InputProblem(AnnotatorError):
    """One bad record in an input file: where it is and what is wrong with it."""

    def __init__(self, source: str, line: int | None, problem: str, unit: str = "line") -> None:
        self.source = source
        self.line = line
        self.problem = problem
        self.unit = unit
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line is None:
            where = self.source
        elif self.unit == "line":
            where = f"{self.source}:{self.line}"
        else:
            where = f"{self.source}, {self.unit} {self.line}"
        return f"{where}: {self.problem}"


class TranslationUnavailable(AnnotatorError):
    """The optional translation extra is not installed."""


class PackageError(AnnotatorError):
    """A translation package file that cannot be installed: which file and why."""


class NoRoute(AnnotatorError):
    """No installed package, or chain of packages, translates between two languages."""
