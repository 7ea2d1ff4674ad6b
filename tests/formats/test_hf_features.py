"""The export describes its configs without `datasets`: by hand-built Arrow schemas
(hf_schema) and by the features' JSON in the schema metadata (hf_features). Both are held
equal here to what `datasets` itself builds from the same features."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import datasets
import pytest

from annotator.core.bio import bio_names
from annotator.formats.hf_features import feature_dicts, schema_metadata
from annotator.formats.hf_schema import arrow_schemas

CASES = [(["PERSON", "ORG"], ["ru", "kk"], False),
         (["PERSON", "Place name"], ["ru", "kk", "uz"], True),
         ([], ["ru", "kk"], False)]


def features(labels: list[str], languages: Sequence[str],
             mark_suggested: bool = False) -> dict[str, Any]:
    """The features as `datasets` objects: what the export's descriptions must equal."""
    span = {"start": datasets.Value("int32"), "end": datasets.Value("int32"),
            "label": datasets.Value("string"), "text": datasets.Value("string"),
            "status": datasets.Value("string"), "entity_id": datasets.Value("int64"),
            "canonical": datasets.Value("string")}
    translation = {
        "text": datasets.Value("string"),
        "sentences": [{"start": datasets.Value("int32"), "end": datasets.Value("int32"),
                       "text": datasets.Value("string")}],
        "route": datasets.Value("string"), "packages": datasets.Value("string"),
        "engine": datasets.Value("string"), "translated_at": datasets.Value("string")}
    return {
        "spans": datasets.Features({
            "id": datasets.Value("string"), "text": datasets.Value("string"),
            "spans": [span], "status": datasets.Value("string"),
            "translations": {lang: translation for lang in languages},
            "meta": datasets.Value("string"),
            "aliases": datasets.Sequence(datasets.Value("string"))}),
        "ner": datasets.Features({
            "id": datasets.Value("string"), "document_id": datasets.Value("string"),
            "start": datasets.Value("int32"), "end": datasets.Value("int32"),
            "tokens": datasets.Sequence(datasets.Value("string")),
            "ner_tags": datasets.Sequence(datasets.ClassLabel(names=bio_names(labels))),
            **({"suggested": datasets.Sequence(datasets.Value("bool"))}
               if mark_suggested else {})}),
        "annotations": datasets.Features({
            "id": datasets.Value("string"), "annotator": datasets.Value("string"),
            "status": datasets.Value("string"), "spans": [span]}),
        "variants": datasets.Features({
            "entity_id": datasets.Value("int64"), "canonical": datasets.Value("string"),
            "type": datasets.Value("string"),
            "forms": [{"form": datasets.Value("string"), "count": datasets.Value("int64"),
                       "documents": datasets.Value("int64")}],
            "cyrillic_ru": datasets.Sequence(datasets.Value("string")),
            "cyrillic_kk": datasets.Sequence(datasets.Value("string")),
            "documents": datasets.Sequence(datasets.Value("string")),
            "note": datasets.Value("string")}),
    }


@pytest.mark.parametrize(("labels", "languages", "mark"), CASES)
def test_the_hand_built_arrow_schemas_are_those_of_the_datasets_features(labels, languages,
                                                                         mark):
    described = features(labels, languages, mark)
    hand = arrow_schemas(languages, mark)
    assert set(hand) == set(described)
    for config, schema in hand.items():
        assert schema.equals(described[config].arrow_schema, check_metadata=False), config


@pytest.mark.parametrize(("labels", "languages", "mark"), CASES)
def test_the_written_features_read_back_as_the_datasets_features(labels, languages, mark):
    described = features(labels, languages, mark)
    metadata = schema_metadata(labels, languages, mark)
    assert set(metadata) == set(described)
    for config, wanted in described.items():
        stored = json.loads(metadata[config][b"huggingface"])["info"]["features"]
        assert datasets.Features.from_dict(stored) == wanted, config
        # What `datasets` does with a Parquet file's schema: the same features again.
        schema = arrow_schemas(languages, mark)[config].with_metadata(metadata[config])
        assert datasets.Features.from_arrow_schema(schema) == wanted, config


def test_lists_are_written_in_the_form_older_datasets_releases_read():
    # `List` came with datasets 4; `Sequence` and JSON lists are read by every release.
    text = json.dumps(feature_dicts(["PERSON"], ["ru", "kk"], True))
    assert '"List"' not in text and '"Sequence"' in text
