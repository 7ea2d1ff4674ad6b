"""Translations of documents, stored sentence by sentence with the packages that made them.

A translation is machine output, not an annotator's decision: saving one is a transaction
of its own (so a kill loses at most the document being translated) but not an undoable
action. Re-translating a document replaces its translation in that language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.core.errors import InvalidValue
from annotator.core.translations import DocumentTranslation, TranslatedSentence
from annotator.store.base import now
from annotator.store.entity_ops import EntityOps
from annotator.variants import occurrences
from annotator.variants.cyrillic import CyrillicProposal, propose_cyrillic


class TranslationOps(EntityOps):
    def save_translation(
        self, doc_id: str, lang: str, sentences: Sequence[TranslatedSentence], *,
        route: str, packages: str, engine: str,
    ) -> None:
        seq, length = self._seq_and_length(doc_id)
        for sentence in sentences:
            if not 0 <= sentence.start < sentence.end <= length:
                raise InvalidValue(
                    f"{doc_id}: sentence {sentence.start}-{sentence.end} lies outside the "
                    f"document (length {length})")
        with self._write() as conn:
            conn.execute("DELETE FROM translations WHERE doc_seq = ? AND lang = ?", (seq, lang))
            conn.execute("INSERT INTO translations VALUES (?, ?, ?, ?, ?, ?)",
                         (seq, lang, route, packages, engine, now()))
            conn.executemany(
                "INSERT INTO translation_sentences VALUES (?, ?, ?, ?, ?, ?)",
                [(seq, lang, position, s.start, s.end, s.text)
                 for position, s in enumerate(sentences)])

    def translation(self, doc_id: str, lang: str) -> DocumentTranslation | None:
        return self.translations(doc_id, [lang]).get(lang)

    def translations(
        self, doc_id: str, langs: Iterable[str] | None = None
    ) -> dict[str, DocumentTranslation]:
        """The document's translations by language (all languages unless `langs`)."""
        seq, _ = self._seq_and_length(doc_id)
        wanted = None if langs is None else set(langs)
        return {lang: translation._replace(doc_id=doc_id)
                for lang, translation in self._translations_of([seq]).get(seq, {}).items()
                if wanted is None or lang in wanted}

    def _translations_of(self, seqs: list[int]) -> dict[int, dict[str, DocumentTranslation]]:
        """Translations of many documents at once, by sequence number then language (their
        doc_id left empty for the caller to fill)."""
        marks = ", ".join("?" * len(seqs))
        found: dict[int, dict[str, DocumentTranslation]] = {}
        for seq, lang, route, packages, engine, at in self._conn.execute(
                f"SELECT doc_seq, lang, route, packages, engine, translated_at FROM translations "
                f"WHERE doc_seq IN ({marks}) ORDER BY doc_seq, lang", seqs):
            found.setdefault(seq, {})[lang] = DocumentTranslation(
                "", lang, route, packages, engine, at, [])
        for seq, lang, start, end, text in self._conn.execute(
                f"SELECT doc_seq, lang, start_char, end_char, text FROM translation_sentences "
                f"WHERE doc_seq IN ({marks}) ORDER BY doc_seq, lang, position", seqs):
            found[seq][lang].sentences.append(TranslatedSentence(start, end, text))
        return found

    def translation_packages(self, lang: str) -> dict[str, str]:
        """doc id -> the packages its `lang` translation was made with; a re-run skips
        documents already translated with the same packages."""
        return dict(self._conn.execute(
            "SELECT d.id, t.packages FROM translations t JOIN documents d ON d.seq = t.doc_seq "
            "WHERE t.lang = ?", (lang,)).fetchall())

    def translation_counts(self) -> dict[str, int]:
        return dict(self._conn.execute(
            "SELECT lang, count(*) FROM translations GROUP BY lang ORDER BY lang").fetchall())

    def cyrillic_proposals(self, entity_id: int) -> list[CyrillicProposal]:
        """Cyrillic forms to propose for an entity: from the translations of the sentences
        its spellings occur in, and by back-transliteration of its spellings."""
        entity = self.entity(entity_id)
        spellings = [entity.canonical, *entity.forms]
        compiled = occurrences.pattern(spellings)
        sentences: dict[str, list[str]] = {}
        if compiled is None:
            return []
        translated = self._conn.execute(
            "SELECT seq, text FROM documents WHERE seq IN (SELECT doc_seq FROM translations "
            "WHERE lang IN ('ru', 'kk')) ORDER BY seq")
        for seq, text in translated:
            starts = [match.start() for match in compiled.finditer(text)]
            if not starts:
                continue
            rows = self._conn.execute(
                "SELECT lang, start_char, end_char, text FROM translation_sentences "
                "WHERE doc_seq = ? AND lang IN ('ru', 'kk') ORDER BY lang, position",
                (seq,)).fetchall()
            for start in starts:
                for lang, begin, end, translation in rows:
                    if begin <= start < end:
                        sentences.setdefault(lang, []).append(translation)
        return propose_cyrillic(spellings, sentences, existing=entity.cyrillic)

    def _seq_and_length(self, doc_id: str) -> tuple[int, int]:
        row = self._document_row(doc_id)
        return row["seq"], len(row["text"])
