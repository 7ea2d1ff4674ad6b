"""The latest variant suggestions of a project, kept in the store with the state they were
computed for, so a session opens on them at once instead of clustering the whole index
again. Any change they rest on (documents indexed, an action or its undo, spans, entities,
rejected pairs) gives another version, and the cache is computed afresh."""

from __future__ import annotations

import gc
import json
import zlib

from annotator.store import form_index
from annotator.store.backends.base import Database
from annotator.store.variant_decisions import spans_version
from annotator.variants.suggest import Suggestion

KEY = "corpus"
FORMAT = 2  # of the stored records: another version is computed afresh


def version(db: Database) -> str:
    """What the suggestions rest on, as one string: the documents indexed, the spans and
    actions (variant_decisions.spans_version), and the entities and rejected pairs, which
    an import may change without an action."""
    counts = [db.scalar(f"SELECT count(*) FROM {table}")
              for table in ("entities", "entity_forms", "variant_rejections")]
    return json.dumps([FORMAT, form_index.indexed_through(db), *spans_version(db), *counts])


def get(db: Database, wanted: str) -> list[Suggestion] | None:
    found = db.one("SELECT version, data FROM suggestion_cache WHERE key = ?", (KEY,))
    if found is None or found[0] != wanted:
        return None
    # A million small objects at once, none of them in a cycle: the cyclic collector would
    # run over them again and again while they are made, and once more when it is back
    # on (half a second for a 100,000-document project). Frozen, it leaves them alone;
    # they are freed as usual when no longer referred to.
    collecting = gc.isenabled()
    gc.disable()
    try:
        data = json.loads(zlib.decompress(bytes(found[1])))
        whys = data["whys"]
        suggestions = [Suggestion.from_record(record, whys) for record in data["suggestions"]]
        del data
        gc.freeze()
        return suggestions
    finally:
        if collecting:
            gc.enable()


def put(db: Database, stored: str, suggestions: list[Suggestion]) -> None:
    """Machine output, not an action: a transaction of its own."""
    whys: dict[str, int] = {}
    records = [s.to_record(whys) for s in suggestions]
    data = zlib.compress(json.dumps({"whys": list(whys), "suggestions": records},
                                    ensure_ascii=False).encode("utf-8"))
    with db.transaction():
        db.execute("INSERT INTO suggestion_cache (key, version, data) VALUES (?, ?, ?) "
                   "ON CONFLICT (key) DO UPDATE SET version = excluded.version, "
                   "data = excluded.data", (KEY, stored, data))
