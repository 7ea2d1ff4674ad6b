"""The token and sentence offsets kept for each document (core/token_offsets.py): made at
import; an export reads those of the current tokenizer version and tokenizes the rest,
which are then kept too (documents of projects made before offsets were kept)."""

from __future__ import annotations

from collections.abc import Iterable

from annotator.core.token_offsets import TOKENIZER_VERSION, TokenOffsets, encode
from annotator.store.backends.base import Database


def keep_for_texts(db: Database, documents: Iterable[tuple[int, str]]) -> None:
    """Offsets for these (sequence number, text) documents, new ones."""
    rows = []
    for seq, text in documents:
        offsets = encode(text)
        if offsets is not None:
            rows.append((seq, TOKENIZER_VERSION, offsets.tokens, offsets.sentences))
    db.executemany("INSERT INTO document_tokens (doc_seq, version, tokens, sentences) "
                   "VALUES (?, ?, ?, ?)", rows)


def keep_computed(db: Database, computed: Iterable[tuple[str, TokenOffsets]]) -> int:
    """Offsets an export computed, by document id; any older version is replaced."""
    rows = [(TOKENIZER_VERSION, offsets.tokens, offsets.sentences, doc_id)
            for doc_id, offsets in computed]
    if not rows:
        return 0
    with db.transaction():
        db.executemany(
            "INSERT INTO document_tokens (doc_seq, version, tokens, sentences) "
            "SELECT seq, ?, ?, ? FROM documents WHERE id = ? ON CONFLICT (doc_seq) DO UPDATE "
            "SET version = excluded.version, tokens = excluded.tokens, "
            "sentences = excluded.sentences", rows)
    return len(rows)
