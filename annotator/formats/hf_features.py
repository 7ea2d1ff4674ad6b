"""The `datasets` features of each config, as the JSON a Parquet file's schema metadata
carries, written without importing `datasets` (two seconds of an export's start-up).

The description uses `Sequence` for lists of values and a JSON list for lists of structs:
the form every `datasets` release reads, from 2.x (before `List` existed) to today's, which
turns both into `List`. A test holds it equal to the features `datasets` itself builds.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from annotator.core.bio import bio_names


def _value(dtype: str) -> dict[str, str]:
    return {"dtype": dtype, "_type": "Value"}


def _sequence(feature: dict[str, Any]) -> dict[str, Any]:
    return {"feature": feature, "_type": "Sequence"}


def _string() -> dict[str, str]:
    return _value("string")


def feature_dicts(labels: Sequence[str], languages: Sequence[str],
                  mark_suggested: bool = False) -> dict[str, dict[str, Any]]:
    """Each config's features as `datasets.Features.to_dict()` would give them."""
    span = {"start": _value("int32"), "end": _value("int32"), "label": _string(),
            "text": _string(), "status": _string(), "entity_id": _value("int64"),
            "canonical": _string()}
    translation = {
        "text": _string(),
        "sentences": [{"start": _value("int32"), "end": _value("int32"), "text": _string()}],
        "route": _string(), "packages": _string(), "engine": _string(),
        "translated_at": _string()}
    ner = {"id": _string(), "document_id": _string(), "start": _value("int32"),
           "end": _value("int32"), "tokens": _sequence(_string()),
           "ner_tags": _sequence({"names": bio_names(labels), "_type": "ClassLabel"})}
    if mark_suggested:
        ner["suggested"] = _sequence(_value("bool"))
    return {
        "spans": {"id": _string(), "text": _string(), "spans": [span], "status": _string(),
                  "translations": {lang: translation for lang in languages},
                  "meta": _string(), "aliases": _sequence(_string())},
        "ner": ner,
        "annotations": {"id": _string(), "annotator": _string(), "status": _string(),
                        "spans": [span]},
        "variants": {"entity_id": _value("int64"), "canonical": _string(), "type": _string(),
                     "forms": [{"form": _string(), "count": _value("int64"),
                                "documents": _value("int64")}],
                     "cyrillic_ru": _sequence(_string()),
                     "cyrillic_kk": _sequence(_string()),
                     "documents": _sequence(_string()), "note": _string()},
    }


def schema_metadata(labels: Sequence[str], languages: Sequence[str],
                    mark_suggested: bool = False) -> dict[str, dict[bytes, bytes]]:
    """Each config's Arrow schema metadata, as `datasets` reads it back."""
    return {config: {b"huggingface": json.dumps({"info": {"features": described}}).encode()}
            for config, described in feature_dicts(labels, languages, mark_suggested).items()}
