"""The schema, as an ordered list of migrations; PRAGMA user_version counts those applied."""

from __future__ import annotations

import sqlite3

from annotator.core.errors import ProjectError

MIGRATIONS: list[str] = [
    # 1: documents, labels, spans, entities, history
    """
    CREATE TABLE project_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    CREATE TABLE labels (
        name TEXT PRIMARY KEY,
        key TEXT UNIQUE,
        color TEXT NOT NULL,
        position INTEGER NOT NULL
    );

    CREATE TABLE documents (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        text TEXT NOT NULL,
        text_hash BLOB NOT NULL UNIQUE,
        meta TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'done')),
        source TEXT,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL
    );
    CREATE INDEX documents_by_status ON documents (status, seq);

    -- AUTOINCREMENT: ids are never reused, so exports, history and undo keep meaning.
    CREATE TABLE entities (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        canonical TEXT NOT NULL,
        label TEXT REFERENCES labels (name) ON UPDATE CASCADE,
        note TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
    );

    CREATE TABLE entity_forms (
        entity_id INTEGER NOT NULL REFERENCES entities (id),
        form TEXT NOT NULL,
        PRIMARY KEY (entity_id, form)
    ) WITHOUT ROWID;
    CREATE INDEX entity_forms_by_form ON entity_forms (form);

    CREATE TABLE entity_cyrillic (
        entity_id INTEGER NOT NULL REFERENCES entities (id),
        lang TEXT NOT NULL CHECK (lang IN ('ru', 'kk')),
        form TEXT NOT NULL,
        PRIMARY KEY (entity_id, lang, form)
    ) WITHOUT ROWID;

    CREATE TABLE spans (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_seq INTEGER NOT NULL REFERENCES documents (seq),
        start_char INTEGER NOT NULL CHECK (start_char >= 0),
        end_char INTEGER NOT NULL CHECK (end_char > start_char),
        label TEXT NOT NULL REFERENCES labels (name) ON UPDATE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('suggested', 'accepted')),
        entity_id INTEGER REFERENCES entities (id),
        annotator TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (doc_seq, start_char, end_char, label)
    );
    CREATE INDEX spans_by_entity ON spans (entity_id);
    CREATE INDEX spans_by_label ON spans (label, status);

    CREATE TABLE history (
        id INTEGER PRIMARY KEY,
        annotator TEXT NOT NULL,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        changes TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX history_by_annotator ON history (annotator, undone, id);
    """,
    # 2: decisions on suggestions: rejected variant pairs and rejected suggested spans
    """
    CREATE TABLE variant_rejections (
        form_a TEXT NOT NULL,
        form_b TEXT NOT NULL,
        annotator TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (form_a, form_b),
        CHECK (form_a < form_b)
    ) WITHOUT ROWID;

    CREATE TABLE span_rejections (
        doc_seq INTEGER NOT NULL REFERENCES documents (seq),
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        label TEXT NOT NULL,
        annotator TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (doc_seq, start_char, end_char, label)
    ) WITHOUT ROWID;
    """,
    # 3: machine translations, sentence by sentence, with the packages that made them
    """
    CREATE TABLE translations (
        doc_seq INTEGER NOT NULL REFERENCES documents (seq),
        lang TEXT NOT NULL,
        route TEXT NOT NULL,
        packages TEXT NOT NULL,
        engine TEXT NOT NULL,
        translated_at TEXT NOT NULL,
        PRIMARY KEY (doc_seq, lang)
    ) WITHOUT ROWID;

    CREATE TABLE translation_sentences (
        doc_seq INTEGER NOT NULL,
        lang TEXT NOT NULL,
        position INTEGER NOT NULL,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (doc_seq, lang, position),
        FOREIGN KEY (doc_seq, lang) REFERENCES translations (doc_seq, lang) ON DELETE CASCADE
    ) WITHOUT ROWID;
    """,
    # 4: a spelling belongs to at most one entity (older files could list one spelling in
    # several entities; the oldest entity keeps it); history ids are never reused, so an
    # entry named by its id (to drop it from the undo stack) is always the same one.
    """
    CREATE TABLE history_new (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        annotator TEXT NOT NULL,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        changes TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO history_new SELECT id, annotator, at, action, changes, undone FROM history;
    DROP TABLE history;
    ALTER TABLE history_new RENAME TO history;
    CREATE INDEX history_by_annotator ON history (annotator, undone, id);
    DELETE FROM entity_forms WHERE EXISTS (
        SELECT 1 FROM entity_forms older
        WHERE older.form = entity_forms.form AND older.entity_id < entity_forms.entity_id);
    DROP INDEX entity_forms_by_form;
    CREATE UNIQUE INDEX entity_forms_by_form ON entity_forms (form);
    """,
    # 5: who works on the project, and as what (owner, annotator, reviewer)
    """
    CREATE TABLE members (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('owner', 'annotator', 'reviewer')),
        granted_by TEXT NOT NULL,
        granted_at TEXT NOT NULL
    );
    """,
    # 6: layers (each annotator's own, and gold) for double annotation; assignments of
    # documents to annotators. Every existing span is gold, as everyone's common layer was.
    """
    CREATE TABLE spans_new (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_seq INTEGER NOT NULL REFERENCES documents (seq),
        start_char INTEGER NOT NULL CHECK (start_char >= 0),
        end_char INTEGER NOT NULL CHECK (end_char > start_char),
        label TEXT NOT NULL REFERENCES labels (name) ON UPDATE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('suggested', 'accepted')),
        entity_id INTEGER REFERENCES entities (id),
        annotator TEXT NOT NULL,
        created_at TEXT NOT NULL,
        layer TEXT NOT NULL DEFAULT 'gold',
        UNIQUE (layer, doc_seq, start_char, end_char, label)
    );
    INSERT INTO spans_new (id, doc_seq, start_char, end_char, label, status, entity_id,
                           annotator, created_at)
        SELECT id, doc_seq, start_char, end_char, label, status, entity_id, annotator,
               created_at FROM spans;
    INSERT INTO sqlite_sequence (name, seq)
        SELECT 'spans_new', seq FROM sqlite_sequence WHERE name = 'spans';
    DROP TABLE spans;
    ALTER TABLE spans_new RENAME TO spans;
    CREATE INDEX spans_by_entity ON spans (entity_id);
    CREATE INDEX spans_by_label ON spans (label, status);
    CREATE INDEX spans_by_document ON spans (doc_seq, layer);

    CREATE TABLE span_rejections_new (
        layer TEXT NOT NULL DEFAULT 'gold',
        doc_seq INTEGER NOT NULL REFERENCES documents (seq),
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        label TEXT NOT NULL,
        annotator TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (layer, doc_seq, start_char, end_char, label)
    ) WITHOUT ROWID;
    INSERT INTO span_rejections_new (doc_seq, start_char, end_char, label, annotator, at)
        SELECT doc_seq, start_char, end_char, label, annotator, at FROM span_rejections;
    DROP TABLE span_rejections;
    ALTER TABLE span_rejections_new RENAME TO span_rejections;

    CREATE TABLE assignments (
        doc_seq INTEGER NOT NULL REFERENCES documents (seq),
        annotator TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'done')),
        assigned_at TEXT NOT NULL,
        PRIMARY KEY (doc_seq, annotator)
    ) WITHOUT ROWID;
    CREATE INDEX assignments_by_annotator ON assignments (annotator, status, doc_seq);
    """,
    # 7: other ids of a document: records with the same text under another id, merged into
    # it at import (their spans went to it); exports list them.
    """
    CREATE TABLE document_aliases (
        alias TEXT PRIMARY KEY,
        doc_seq INTEGER NOT NULL REFERENCES documents (seq),
        source TEXT NOT NULL,
        added_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX document_aliases_by_document ON document_aliases (doc_seq);
    """,
    # 8: the persisted form index of the variant engine (store/form_index.py): candidate
    # forms with their counts and loose keys, the documents each occurs in, the corpus's
    # lower-case words, and how far the documents are indexed (filled on first use).
    """
    CREATE TABLE form_index (
        form TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        inside_sentence INTEGER NOT NULL,
        tokens INTEGER NOT NULL,
        documents INTEGER NOT NULL,
        loose_key TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE form_documents (
        form TEXT NOT NULL,
        doc_seq INTEGER NOT NULL REFERENCES documents (seq),
        PRIMARY KEY (form, doc_seq)
    ) WITHOUT ROWID;
    CREATE INDEX form_documents_by_document ON form_documents (doc_seq);
    CREATE TABLE suggestion_cache (
        key TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        data BLOB NOT NULL
    );
    CREATE TABLE lowercase_words (word TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TABLE form_index_state (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO form_index_state VALUES ('indexed_through', 0);
    """,
    # 9: nothing here. PostgreSQL's check on rejected pairs now compares in code-point
    # order, as SQLite's BINARY collation always did; both backends share version numbers.
    """
    SELECT 1;
    """,
    # 10: each document's token and sentence offsets (core/token_offsets.py), made at import
    # with the tokenizer version they name, so exports need not tokenize again.
    """
    CREATE TABLE document_tokens (
        doc_seq INTEGER PRIMARY KEY REFERENCES documents (seq),
        version INTEGER NOT NULL,
        tokens BLOB NOT NULL,
        sentences BLOB NOT NULL
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the file up to SCHEMA_VERSION, one transaction per migration."""
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise ProjectError(
            f"this project was written by a newer annotator (schema {current}, "
            f"this version knows {SCHEMA_VERSION}); upgrade annotator to open it"
        )
    for version in range(current, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            if schema_version(conn) > version:
                conn.execute("ROLLBACK")
                continue
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def _statements(script: str) -> list[str]:
    # executescript() would COMMIT our transaction; split on ';' instead (no ';' in strings here).
    return [s.strip() for s in script.split(";") if s.strip()]
