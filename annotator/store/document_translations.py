"""Reading the translations of many documents at once (exports): apart from the rest of
the translation store, so that an export worker does not load what it never uses."""

from __future__ import annotations

from annotator.core.translations import DocumentTranslation, TranslatedSentence
from annotator.store.backends.base import Database


def of_documents(db: Database, seqs: list[int]) -> dict[int, dict[str, DocumentTranslation]]:
    """Translations of many documents at once, by sequence number then language (their
    doc_id left empty for the caller to fill)."""
    marks = ", ".join("?" * len(seqs))
    found: dict[int, dict[str, DocumentTranslation]] = {}
    for seq, lang, route, packages, engine, at in db.rows(
            f"SELECT doc_seq, lang, route, packages, engine, translated_at FROM translations "
            f"WHERE doc_seq IN ({marks}) ORDER BY doc_seq, lang", seqs):
        found.setdefault(seq, {})[lang] = DocumentTranslation(
            "", lang, route, packages, engine, at, [])
    for seq, lang, start, end, text in db.rows(
            f"SELECT doc_seq, lang, start_char, end_char, text FROM translation_sentences "
            f"WHERE doc_seq IN ({marks}) ORDER BY doc_seq, lang, position", seqs):
        found[seq][lang].sentences.append(TranslatedSentence(start, end, text))
    return found
