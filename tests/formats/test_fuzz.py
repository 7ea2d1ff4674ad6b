"""Readers fed random bytes and random JSON never raise: every failure is a clear report."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.errors import InputProblem
from annotator.core.records import Incoming
from annotator.formats import open_source

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
span_like = st.fixed_dictionaries({
    "start": st.integers(-3, 30) | st.text(max_size=2), "end": st.integers(-3, 30),
    "label": st.sampled_from(["PERSON", "", 5, None])})
record_like = st.fixed_dictionaries(
    {"text": st.text(max_size=30) | json_values},
    optional={"id": json_values, "meta": json_values, "spans": st.lists(span_like, max_size=3) | json_values,
              "suggested": json_values, "status": json_values},
)
fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check(items, source):
    for item in items:
        assert isinstance(item, Incoming | InputProblem)
        if isinstance(item, InputProblem):
            assert item.source == source and item.problem and item.line is not None


@fuzz
@given(st.binary(max_size=400))
def test_random_bytes_as_jsonl(tmp_path, data):
    path = tmp_path / "random.jsonl"
    path.write_bytes(data)
    check(open_source(str(path)), str(path))


@fuzz
@given(st.lists(json_values | record_like, max_size=6))
def test_random_json_lines(tmp_path, values):
    path = tmp_path / "values.jsonl"
    path.write_text("\n".join(json.dumps(v) for v in values) + "\n")
    items = list(open_source(str(path)))
    check(items, str(path))
    for item in items:
        if isinstance(item, Incoming):
            for span in item.spans:
                assert 0 <= span.start < span.end <= len(item.text)


@fuzz
@given(st.binary(max_size=300))
def test_random_bytes_as_text_files(tmp_path, data):
    path = tmp_path / "random.txt"
    path.write_bytes(data)
    for item in open_source(str(path)):
        assert isinstance(item, Incoming | InputProblem)
        if isinstance(item, InputProblem):
            assert item.source == str(path)


@fuzz
@given(st.lists(record_like, max_size=5))
def test_random_records_import_into_a_project(tmp_path, target, values):
    """Every example imports into the same project: on the server too (where a NUL in a
    text, say, would be refused by the database itself), nothing raises."""
    from annotator.store import Project

    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(v) for v in values) + "\n")
    with Project.open(target("fuzz"), create=True) as project:
        report = project.import_documents(open_source(str(path)), add_labels=True)
        assert report.read == len(values)
        assert report.imported + report.duplicates + report.skipped == report.read
