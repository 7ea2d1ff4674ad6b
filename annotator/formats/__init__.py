"""Readers and writers of corpus formats, found through one registry.

The registry is imported on first use, so that an export worker that needs one writer's
modules does not load every reader (and the record models they check input with)."""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.formats.registry import READERS, RecordSource, open_source

__all__ = ["READERS", "RecordSource", "open_source"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from annotator.formats import registry

        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
