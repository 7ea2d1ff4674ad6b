"""Whether the optional translate extra is installed, and the settings to apply before the
first import of argostranslate."""

from __future__ import annotations

import importlib.util
import os

from annotator.core.errors import TranslationUnavailable

INSTALL_HINT = "pip install 'corpus-annotator[translate]' (./dev installs it for you)"
_MODULES = ("argostranslate", "ctranslate2", "sentencepiece")


def require_translate_extra() -> None:
    """Raise a clear error, naming the install command, when the extra is missing."""
    missing = [name for name in _MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise TranslationUnavailable(
            f"translation needs the optional 'translate' extra ({', '.join(missing)} "
            f"not installed): {INSTALL_HINT}")
    # Argos reads its settings once, at import. On small machines its default (0 = one
    # thread per core, contending) made beam search several times slower than 1.
    os.environ.setdefault("ARGOS_INTRA_THREADS", "1")
