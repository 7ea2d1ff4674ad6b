"""The project on disk: one SQLite file, and the Project facade every front end uses.

`Project` is imported on first use, so that a process that needs only a part of the store
(an export worker reading chunks through store.export) does not load the whole facade."""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.store.project import Project

__all__ = ["Project"]


def __getattr__(name: str) -> Any:
    if name == "Project":
        from annotator.store.project import Project

        return Project
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
