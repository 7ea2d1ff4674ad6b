import pytest

from annotator.core.errors import InputProblem
from annotator.core.records import incoming_from_object


def problem_of(obj) -> str:
    with pytest.raises(InputProblem) as caught:
        incoming_from_object(obj, "in.jsonl", 7)
    assert caught.value.line == 7 and caught.value.source == "in.jsonl"
    return caught.value.problem


def test_a_valid_record_with_spans_and_extra_keys():
    doc = incoming_from_object(
        {"id": 3, "text": "Roman Vasilenko", "meta": {"a": 1}, "source": "x",
         "spans": [{"start": 6, "end": 15, "label": "PERSON", "text": "Vasilenko"}]},
        "in.jsonl", 1,
    )
    assert doc.id == "3" and doc.meta == {"a": 1, "source": "x"}
    assert [(s.start, s.end, s.label, s.status) for s in doc.spans] == [(6, 15, "PERSON", "accepted")]


def test_suggested_records_make_suggested_spans():
    doc = incoming_from_object(
        {"text": "Tokaev", "suggested": True, "spans": [{"start": 0, "end": 6, "label": "PERSON"}]},
        "in", 1)
    assert doc.spans[0].status == "suggested"


@pytest.mark.parametrize(("obj", "message"), [
    ([1], "expected a JSON object, got array"),
    ({"id": "a"}, 'missing "text"'),
    ({"text": None}, '"text" must be a string, got null'),
    ({"text": "  "}, '"text" is empty'),
    ({"text": "x", "id": True}, '"id" must be a string or an integer, got boolean'),
    ({"text": "x", "meta": []}, '"meta" must be an object, got array'),
    ({"text": "abc", "spans": {}}, '"spans" must be an array, got object'),
    ({"text": "abc", "spans": [{"start": 0, "end": 9, "label": "L"}]},
     "span 1: [0, 9) is outside the text (length 3)"),
    ({"text": "abc", "spans": [{"start": 2, "end": 1, "label": "L"}]},
     "span 1: [2, 1) is reversed or empty"),
    ({"text": "abc", "spans": [{"start": "0", "end": 1, "label": "L"}]},
     'span 1: "start" must be an integer, got string'),
    ({"text": "abc", "spans": [{"start": 0, "end": 1}]}, 'span 1: "label" must be a non-empty string'),
    ({"text": "abc", "spans": [{"start": 0, "end": 2, "label": "L"}, {"start": 1, "end": 3, "label": "L"}]},
     "spans [0, 2) and [1, 3) overlap with the same label L"),
    ({"text": "abc", "spans": [{"start": 0, "end": 1, "label": "L", "text": "b"}]},
     "span 1: [0, 1) covers 'a', but the span says 'b' (offsets must count Unicode code points)"),
    ({"text": "\ud800x"}, '"text" holds an unpaired UTF-16 surrogate (not valid Unicode)'),
])
def test_each_problem_is_named(obj, message):
    assert problem_of(obj) == message


def test_different_labels_may_overlap():
    doc = incoming_from_object(
        {"text": "Ministry of Kazakhstan", "spans": [
            {"start": 0, "end": 22, "label": "ORG"}, {"start": 12, "end": 22, "label": "LOC"}]},
        "in", 1)
    assert len(doc.spans) == 2
