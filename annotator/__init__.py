"""annotator: multilingual corpus annotation in the terminal."""

from __future__ import annotations

__version__ = "0.1.0"
# The name on the package index: "annotator" there is another project (a backend for
# AnnotatorJS). The import package and the command keep the short name.
DISTRIBUTION = "corpus-annotator"
