import json

import jsonschema
import pytest

from annotator.core.errors import InputProblem
from annotator.core.records import incoming_from_object
from annotator.core.schemas import generate
from helpers import ROOT


def test_committed_schemas_match_the_models():
    generated = generate()
    committed = {p.name: p.read_text("utf-8") for p in (ROOT / "schemas").glob("*.schema.json")}
    assert set(committed) == set(generated), "regenerate: python -m annotator.core.schemas schemas"
    for name, text in generated.items():
        assert committed[name] == text, f"{name} drifted; run python -m annotator.core.schemas schemas"


RECORD_SCHEMA = json.loads(generate()["document-record.schema.json"])


@pytest.mark.parametrize("record", [
    {"text": "Astana"},
    {"id": 5, "text": "Roman Vasilenko", "meta": {"source": "x"}, "suggested": True,
     "spans": [{"start": 6, "end": 15, "label": "PERSON", "text": "Vasilenko", "entity": "Vassilenko"}]},
    {"id": "a", "text": "Mäjilis", "status": "done", "extra": [1, 2]},
])
def test_records_valid_by_the_schema_are_accepted_by_the_reader(record):
    jsonschema.validate(record, RECORD_SCHEMA)
    incoming = incoming_from_object(record, "x", 1)
    assert incoming.text == record["text"]
    assert incoming.id == (str(record["id"]) if "id" in record else None)
    assert [(s.start, s.end, s.label, s.status, s.entity) for s in incoming.spans] == [
        (s["start"], s["end"], s["label"], "suggested" if record.get("suggested") else "accepted",
         s.get("entity")) for s in record.get("spans", [])]


@pytest.mark.parametrize("record", [
    {"id": "a"}, {"text": 5}, {"text": "x", "status": "finished"},
    {"text": "abc", "spans": [{"start": -1, "end": 2, "label": "L"}]},
])
def test_records_invalid_by_the_schema_are_refused_by_the_reader(record):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, RECORD_SCHEMA)
    with pytest.raises(InputProblem):
        incoming_from_object(record, "x", 1)
