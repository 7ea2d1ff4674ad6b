"""The persisted form index of the variant engine: every candidate form of the corpus with
its count, its loose key and the documents it occurs in, plus the corpus's lower-case
words (which decide whether a capitalised word seen only at the start of sentences is a
name). Mining then reads the index instead of every document, and suggestions, the
concordance, pre-annotation and the variant table look up where a form occurs instead of
scanning the corpus.

Documents are never changed or removed once imported, so the index only grows: `catch_up`
mines the documents added since it last ran, a batch per transaction under the project's
write lock (two processes never index one document twice), and records how far it got. An
old project's index is built the first time it is needed; a copied project's too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from annotator.store.backends.base import Database
from annotator.variants.candidates import FormStats, kept, mine_unfiltered
from annotator.variants.keys import loose_key

BATCH = 1000  # documents per transaction
LOOKUP = 500  # forms per query that looks some up

Progress = Callable[[int, int], None]


def indexed_through(db: Database) -> int:
    return db.scalar("SELECT value FROM form_index_state WHERE key = 'indexed_through'") or 0


def pending(db: Database) -> int:
    return db.scalar("SELECT count(*) FROM documents WHERE seq > ?", (indexed_through(db),))


def catch_up(db: Database, progress: Progress | None = None) -> int:
    """Index the documents imported since the index last ran; returns how many."""
    total = pending(db)
    done = 0
    while True:
        with db.transaction():
            through = indexed_through(db)  # another process may have gone on meanwhile
            rows = db.rows("SELECT seq, id, text FROM documents WHERE seq > ? ORDER BY seq "
                           f"LIMIT {BATCH}", (through,))
            if not rows:
                break
            _add(db, rows)
            db.execute("UPDATE form_index_state SET value = ? WHERE key = 'indexed_through'",
                       (rows[-1][0],))
        done += len(rows)
        if progress:
            progress(done, max(total, done))
    return done


def _add(db: Database, rows: list) -> None:
    counts: dict[str, list[int]] = {}  # form -> [count, inside_sentence, tokens, documents]
    occurs: list[tuple[str, int]] = []
    lowercase: set[str] = set()
    for seq, doc_id, text in rows:
        forms, words = mine_unfiltered(doc_id, text)
        lowercase |= words
        for form, stats in forms.items():
            found = counts.get(form)
            if found is None:
                counts[form] = [stats.count, stats.inside_sentence, stats.tokens, 1]
            else:
                found[0] += stats.count
                found[1] += stats.inside_sentence
                found[3] += 1
            occurs.append((form, seq))
    db.executemany(
        "INSERT INTO form_index (form, count, inside_sentence, tokens, documents, loose_key) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (form) DO UPDATE SET "
        "count = form_index.count + excluded.count, "
        "inside_sentence = form_index.inside_sentence + excluded.inside_sentence, "
        "documents = form_index.documents + excluded.documents",
        [(form, c, inside, tokens, documents, loose_key(form))
         for form, (c, inside, tokens, documents) in counts.items()])
    db.executemany("INSERT INTO form_documents (form, doc_seq) VALUES (?, ?) "
                   "ON CONFLICT DO NOTHING", occurs)
    db.executemany("INSERT INTO lowercase_words (word) VALUES (?) ON CONFLICT DO NOTHING",
                   [(word,) for word in lowercase])


def forms(db: Database) -> dict[str, FormStats]:
    """The candidate forms, with their loose keys and how many documents each is in (not
    which)."""
    lowercase = {word for (word,) in db.stream("SELECT word FROM lowercase_words", (), 5000)}
    found: dict[str, FormStats] = {}
    for form, count, inside, tokens, documents, key in db.stream(
            "SELECT form, count, inside_sentence, tokens, documents, loose_key "
            "FROM form_index", (), 5000):
        stats = FormStats(form, count, inside_sentence=inside, tokens=tokens, key=key,
                          document_count=documents)
        if kept(form, stats, lowercase):
            found[form] = stats
    return found


def documents_with(db: Database, wanted: Iterable[str]) -> list[int] | None:
    """The sequence numbers of the documents where any of `wanted` occurs as a candidate
    form, or None when the index cannot tell (a form that is no candidate, or documents
    not indexed yet): then every document is read."""
    names = sorted(set(wanted))
    if not names or pending(db):
        return None
    seqs: set[int] = set()
    listed: set[str] = set()
    for start in range(0, len(names), LOOKUP):
        part = names[start:start + LOOKUP]
        marks = ", ".join("?" * len(part))
        listed |= {form for (form,) in db.rows(
            f"SELECT form FROM form_index WHERE form IN ({marks})", part)}
        seqs |= {seq for (seq,) in db.rows(
            f"SELECT doc_seq FROM form_documents WHERE form IN ({marks})", part)}
    # A form that is no candidate (a lower-case word, a name of more than four words or
    # with a lower-case word inside) is not indexed: the index proves nothing about it.
    if listed != set(names):
        return None
    return sorted(seqs)


def forms_in_document(db: Database, doc_id: str) -> set[str] | None:
    """The candidate forms of one document (None while it is not indexed)."""
    seq = db.scalar("SELECT seq FROM documents WHERE id = ?", (doc_id,))
    if seq is None or seq > indexed_through(db):
        return None
    return {form for (form,) in db.rows("SELECT form FROM form_documents WHERE doc_seq = ?",
                                        (seq,))}
