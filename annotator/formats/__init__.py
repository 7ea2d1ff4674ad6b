"""Readers (and later writers) of corpus formats, found through one registry."""

from annotator.formats.registry import READERS, RecordSource, open_source

__all__ = ["READERS", "RecordSource", "open_source"]
