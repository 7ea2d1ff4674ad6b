"""The Arrow schemas of the export's configs, built with pyarrow alone: workers build their
tables with them without importing `datasets` (two seconds at start-up). The Parquet files
also carry the `datasets` features (ClassLabel names and all) as schema metadata, from
hf_features.py; tests/formats/test_hf_features.py holds both equal to `datasets`' own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def arrow_schemas(languages: Sequence[str], mark_suggested: bool = False) -> dict[str, Any]:
    import pyarrow as pa

    span = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("label", pa.string()),
                      ("text", pa.string()), ("status", pa.string()),
                      ("entity_id", pa.int64()), ("canonical", pa.string())])
    translation = pa.struct([
        ("text", pa.string()),
        ("sentences", pa.list_(pa.struct([("start", pa.int32()), ("end", pa.int32()),
                                          ("text", pa.string())]))),
        ("route", pa.string()), ("packages", pa.string()), ("engine", pa.string()),
        ("translated_at", pa.string())])
    ner = [("id", pa.string()), ("document_id", pa.string()), ("start", pa.int32()),
           ("end", pa.int32()), ("tokens", pa.list_(pa.string())),
           ("ner_tags", pa.list_(pa.int64()))]
    if mark_suggested:
        ner.append(("suggested", pa.list_(pa.bool_())))
    return {
        "spans": pa.schema([
            ("id", pa.string()), ("text", pa.string()), ("spans", pa.list_(span)),
            ("status", pa.string()),
            ("translations", pa.struct([(lang, translation) for lang in languages])),
            ("meta", pa.string()), ("aliases", pa.list_(pa.string()))]),
        "ner": pa.schema(ner),
        "annotations": pa.schema([("id", pa.string()), ("annotator", pa.string()),
                                  ("status", pa.string()), ("spans", pa.list_(span))]),
        "variants": pa.schema([
            ("entity_id", pa.int64()), ("canonical", pa.string()), ("type", pa.string()),
            ("forms", pa.list_(pa.struct([("form", pa.string()), ("count", pa.int64()),
                                          ("documents", pa.int64())]))),
            ("cyrillic_ru", pa.list_(pa.string())), ("cyrillic_kk", pa.list_(pa.string())),
            ("documents", pa.list_(pa.string())), ("note", pa.string())]),
    }
