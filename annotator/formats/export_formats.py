"""Every file format annotator can write, registered: importing this module loads them."""

from annotator.formats import brat, labelstudio  # noqa: F401  (they register themselves)
from annotator.formats.writers import WRITERS

__all__ = ["WRITERS"]
