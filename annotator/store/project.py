"""The Project facade: the one way the CLI, the TUI and scripts read and change a project.

Every change is its own transaction, committed before the method returns, and recorded in
the history for undo/redo under the annotator's name. The facade is assembled from parts
by concern; front ends only ever see `Project`.
"""

from __future__ import annotations

from annotator.store.base import (
    ANNOTATOR_ENV,
    DEFAULT_PROJECT,
    PROJECT_ENV,
    default_annotator,
    default_project_path,
)
from annotator.store.document_ops import DocumentOps, DocumentSummary
from annotator.store.export_ops import ExportOps
from annotator.store.span_ops import SpanOps
from annotator.store.translation_ops import TranslationOps
from annotator.store.variant_ops import PreannotationReport, VariantOps, VariantRow


class Project(DocumentOps, SpanOps, VariantOps, ExportOps, TranslationOps):
    """A project file: documents, labels, spans, entities, translations and history."""


__all__ = [
    "ANNOTATOR_ENV", "DEFAULT_PROJECT", "PROJECT_ENV", "DocumentSummary", "PreannotationReport",
    "Project", "VariantRow", "default_annotator", "default_project_path",
]
