"""The project on disk: one SQLite file, and the Project facade every front end uses."""

from annotator.store.project import Project

__all__ = ["Project"]
