"""Translations of documents, stored sentence by sentence with the packages that made them.

A translation is machine output, not an annotator's decision: saving one is a transaction
of its own (so a kill loses at most the document being translated) but not an undoable
action. Re-translating a document replaces its translation in that language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from annotator.core.errors import InvalidValue
from annotator.core.models import Entity
from annotator.core.translation_records import DEMO_MARK
from annotator.core.translations import DocumentTranslation, TranslatedSentence
from annotator.store import documents, entities
from annotator.store.backends.base import Database
from annotator.store.document_translations import of_documents
from annotator.store.values import now
from annotator.variants import occurrences
from annotator.variants.cyrillic import CyrillicProposal, propose_cyrillic


def save(db: Database, doc_id: str, lang: str, sentences: Sequence[TranslatedSentence], *,
         route: str, packages: str, engine: str) -> None:
    """In the caller's transaction."""
    document = documents.row(db, doc_id)
    seq, length = document["seq"], len(document["text"])
    for sentence in sentences:
        if not 0 <= sentence.start < sentence.end <= length:
            raise InvalidValue(f"{doc_id}: sentence {sentence.start}-{sentence.end} lies "
                               f"outside the document (length {length})")
    db.execute("DELETE FROM translation_sentences WHERE doc_seq = ? AND lang = ?", (seq, lang))
    db.execute("DELETE FROM translations WHERE doc_seq = ? AND lang = ?", (seq, lang))
    db.execute("INSERT INTO translations VALUES (?, ?, ?, ?, ?, ?)",
               (seq, lang, route, packages, engine, now()))
    db.executemany("INSERT INTO translation_sentences VALUES (?, ?, ?, ?, ?, ?)",
                   [(seq, lang, position, s.start, s.end, s.text)
                    for position, s in enumerate(sentences)])


def of_document(db: Database, doc_id: str, langs: Iterable[str] | None = None
                ) -> dict[str, DocumentTranslation]:
    """The document's translations by language (all languages unless `langs`)."""
    seq = documents.row(db, doc_id)["seq"]
    wanted = None if langs is None else set(langs)
    return {lang: translation._replace(doc_id=doc_id)
            for lang, translation in of_documents(db, [seq]).get(seq, {}).items()
            if wanted is None or lang in wanted}


def packages_by_document(db: Database, lang: str) -> dict[str, str]:
    """doc id -> the packages its `lang` translation was made with; a re-run skips
    documents already translated with the same packages."""
    return dict(db.rows("SELECT d.id, t.packages FROM translations t "
                        "JOIN documents d ON d.seq = t.doc_seq WHERE t.lang = ?", (lang,)))


def counts(db: Database) -> dict[str, int]:
    return dict(db.rows("SELECT lang, count(*) FROM translations GROUP BY lang ORDER BY lang"))


def languages(db: Database) -> list[str]:
    """Languages the project holds translations in."""
    return [lang for (lang,) in db.rows("SELECT DISTINCT lang FROM translations ORDER BY lang")]


def cyrillic_proposals(db: Database, entity_id: int) -> list[CyrillicProposal]:
    """Cyrillic forms to propose for an entity: from the translations of the sentences its
    spellings occur in, and by back-transliteration of its spellings."""
    return cyrillic_proposals_of(db, [entities.get(db, entity_id)])[entity_id]


def cyrillic_proposals_of(db: Database, every: Iterable[Entity]
                          ) -> dict[int, list[CyrillicProposal]]:
    """The proposals of many entities (by id) in one pass over the translated documents."""
    every = list(every)
    owners: dict[str, list[int]] = defaultdict(list)
    for entity in every:
        assert entity.id is not None
        for spelling in dict.fromkeys([entity.canonical, *entity.forms]):
            owners[spelling].append(entity.id)
    sentences: dict[int, dict[str, list[str]]] = {entity.id: {} for entity in every
                                                  if entity.id is not None}
    compiled = occurrences.pattern(owners)
    translated = [] if compiled is None else db.rows(
        "SELECT seq, text FROM documents WHERE seq IN (SELECT doc_seq FROM translations "
        "WHERE lang IN ('ru', 'kk')) ORDER BY seq")
    demo = {(seq, lang) for seq, lang, packages in db.rows(
        "SELECT doc_seq, lang, packages FROM translations WHERE lang IN ('ru', 'kk')")
        if DEMO_MARK in packages} if translated else set()
    demo_languages: dict[int, set[str]] = defaultdict(set)
    for seq, text in translated:
        assert compiled is not None
        found = [(match.start(), match.group()) for match in compiled.finditer(text)]
        if not found:
            continue
        rows = db.rows(
            "SELECT lang, start_char, end_char, text FROM translation_sentences "
            "WHERE doc_seq = ? AND lang IN ('ru', 'kk') ORDER BY lang, position", (seq,))
        for start, spelling in found:
            for lang, begin, end, translation in rows:
                if begin <= start < end:
                    for entity_id in owners[spelling]:
                        sentences[entity_id].setdefault(lang, []).append(translation)
                        if (seq, lang) in demo:
                            demo_languages[entity_id].add(lang)
    return {entity.id: propose_cyrillic([entity.canonical, *entity.forms],
                                        sentences[entity.id], existing=entity.cyrillic,
                                        demo_languages=frozenset(demo_languages[entity.id]))
            for entity in every if entity.id is not None}
