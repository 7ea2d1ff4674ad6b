"""Exports given hostile names and metadata: nothing forged, nothing injected, nothing
outside the target written, nothing of the project removed."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.core.errors import AnnotatorError
from annotator.core.records import Incoming
from annotator.formats import open_source
from annotator.formats.export_formats import WRITERS
from annotator.formats.hf_dataset import parse_ratios
from annotator.formats.variant_table import to_csv, to_markdown, to_tsv
from annotator.store import Project

FORGING_META = {"text": "FORGED TEXT", "id": "forged-id", "doc_id": "forged-doc",
                "label": [[0, 6, "ORG"]], "spans": [{"start": 0, "end": 6, "label": "ORG"}],
                "entities": [], "source": "Kazinform"}


def cli(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exc_info
    return result


def make_hostile(where):
    """A project whose metadata, ids and entity names try to forge what exports write."""
    project = Project.create(where, annotator="alice")
    project.import_documents([
        Incoming("a/b", "Roman Vassilenko met Tokayev.", "t", None, dict(FORGING_META)),
        Incoming("a_b", "Vasilenko spoke in Astana.", "t", None),
        Incoming("x" * 300, "The Mazhilis met.", "t", None),
    ])
    span = project.add_span("a/b", 6, 16, "PERSON")
    entity = project.create_entity("Vassilenko\nT9\tLOC 0 5\tRoman", label="PERSON")
    project.link_span(span.id, entity.id)
    project.add_span("a_b", 0, 9, "PERSON")
    project.add_span("x" * 300, 4, 12, "ORG")
    return project


@pytest.fixture
def hostile(target):
    with make_hostile(target("p")) as project:
        yield project


def reimport(tmp_path, path, name):
    back = Project.create(tmp_path / f"back-{name}.db")
    report = back.import_documents(open_source(str(path), name), add_labels=True)
    assert report.problem_count == 0, [str(p) for p in report.problems]
    return back


def spans_by_text(project):
    return {project.document(d.id).text: sorted((s.start, s.end, s.label)
                                                for s in project.spans(d.id))
            for d in project.list_documents()}


@pytest.mark.parametrize("name", ["prodigy", "doccano", "labelstudio"])
def test_metadata_never_overwrites_the_text_id_or_spans(hostile, tmp_path, name):
    out = tmp_path / f"out-{name}.json"
    WRITERS[name].write(hostile.export_documents(all_documents=True), out)
    back = reimport(tmp_path, out, name)
    assert spans_by_text(back) == spans_by_text(hostile)
    assert {d.id for d in back.list_documents()} >= {"a/b", "a_b"}
    kept = back.document("a/b").meta
    assert {k: kept[k] for k in FORGING_META} == FORGING_META


def test_brat_files_are_unique_bounded_and_no_annotation_line_is_forged(hostile, tmp_path):
    out = tmp_path / "brat"
    assert WRITERS["brat"].write(hostile.export_documents(all_documents=True), out) == 3
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 6, names
    assert all(len(name.encode()) <= 255 for name in names)
    for ann in out.glob("*.ann"):
        for line in ann.read_text("utf-8").splitlines():
            assert line.count("\t") == 2 and line[0] in "TN", line
    back = reimport(tmp_path, out, "brat")
    assert sorted(spans_by_text(back).items()) == sorted(spans_by_text(hostile).items())
    assert [e.canonical for e in back.entities()] == ["Vassilenko T9 LOC 0 5 Roman"]


@pytest.mark.parametrize("text", ["dev-a=0.5,dev-b=0.5", "x: y=1", "../../EVIL=1",
                                  "train=inf", "train=nan", "train=0.5,train=0.5",
                                  "0.8,0.1,0.1,0.2", "=1", "train=-1"])
def test_bad_split_names_and_ratios_are_refused(text):
    with pytest.raises(AnnotatorError):
        parse_ratios(text)


def test_split_names_follow_hugging_face(tmp_path):
    assert parse_ratios("train=0.9,dev.a=0.1") == {"train": 0.9, "dev.a": 0.1}
    assert parse_ratios("0.7,0.3") == {"train": 0.7, "validation": 0.3}


def test_variant_tables_neither_run_formulas_nor_pass_html(hostile):
    hostile.accept_variants(["=HYPERLINK(\"http://x\")", "@SUM(A1)"], label="ORG")
    hostile.rename_entity(hostile.find_entity("@SUM(A1)").id, "<b>X|Y</b>")
    hostile.reject_variants(["-1+1", "=cmd|x"])
    rows = hostile.variant_report()
    for table, delimiter in ((to_csv(rows), ","), (to_tsv(rows), "\t")):
        for row in list(csv.reader(io.StringIO(table), delimiter=delimiter))[1:]:
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row
    markdown = to_markdown(rows)
    assert "<b>" not in markdown and "&lt;b&gt;X\\|Y&lt;/b&gt;" in markdown


def test_an_export_that_would_replace_the_project_is_refused(tmp_path, monkeypatch):
    hostile = make_hostile(str(tmp_path / "p.db"))  # a file in the folders exported to
    project = hostile.target
    before = spans_by_text(hostile)
    hostile.close()
    for target in (tmp_path, tmp_path.parent):
        result = cli("export", "hf", target, "--all", "--overwrite", "-p", project)
        assert result.exit_code == 1 and "never replace" in result.stderr, result.output
    assert cli("export", "hf", project, "--all", "--overwrite", "-p", project).exit_code == 2
    result = cli("export", "jsonl", project, "--all", "--overwrite", "-p", project)
    assert result.exit_code == 1 and "never replace" in result.stderr
    inner = tmp_path / "elsewhere" / "inner"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    for target in (".", ".."):
        result = cli("export", "brat", target, "--all", "--overwrite", "-p", project)
        assert result.exit_code == 1 and "current folder" in result.stderr
    assert inner.exists()
    with Project.open(project) as reopened:
        assert spans_by_text(reopened) == before


@pytest.mark.parametrize("kind", ["folder", "under_file", "existing_file"])
def test_interchange_export_targets_are_messages_not_tracebacks(hostile, tmp_path, kind):
    hostile.close()
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("keep me")
    (tmp_path / "existing_file").write_text("keep me")
    out = {"folder": tmp_path / "folder", "under_file": tmp_path / "file" / "x.jsonl",
           "existing_file": tmp_path / "existing_file"}[kind]
    result = cli("export", "jsonl", out, "--all", "-p", hostile.target)
    assert result.exit_code == 1, result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert (tmp_path / "file").read_text() == "keep me"
    assert (tmp_path / "existing_file").read_text() == "keep me"
    if kind == "existing_file":
        again = cli("export", "jsonl", out, "--all", "--overwrite", "-p", hostile.target)
        assert again.exit_code == 0 and out.read_text().count("\n") == 3


def test_a_failing_export_leaves_the_previous_file_and_no_work_file(hostile, tmp_path, monkeypatch):
    out = tmp_path / "out.jsonl"
    out.write_text("previous export\n")
    hostile.close()

    def broken(documents):
        yield from []
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("annotator.formats.writers.native_records", broken)
    result = cli("export", "jsonl", out, "--all", "--overwrite", "-p", hostile.target)
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert out.read_text() == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_the_dataset_card_is_valid_yaml_and_escaped_markdown(tmp_path):
    from huggingface_hub import metadata_load

    # A file project: on a server the annotator is a role, and roles so named are rare.
    with Project.create(tmp_path / "p.db", annotator="eve <script>") as project:
        project.add_label("<b>X|Y</b>")
        project.import_documents([Incoming("d", "Vassilenko met Tokayev.", "t", None)])
        project.add_span("d", 0, 10, "<b>X|Y</b>")
    out = tmp_path / "ds"
    result = cli("export", "hf", out, "--all", "-p", tmp_path / "p.db")
    assert result.exit_code == 0, result.output
    card = (out / "README.md").read_text("utf-8")
    metadata = metadata_load(out / "README.md")
    assert set(metadata) >= {"configs", "pretty_name"} and metadata["license"] == "unknown"
    assert "<script>" not in card and "<b>" not in card
    assert "eve &lt;script&gt;" in card and "| &lt;b&gt;X\\|Y&lt;/b&gt; | 1 |" in card


def test_control_characters_in_annotator_names_and_language_codes_are_refused(tmp_path):
    with pytest.raises(AnnotatorError, match="annotator name"):
        Project.create(tmp_path / "p.db", annotator="x\n---\nlicense: evil")
    record = {"id": "d", "text": "Astana", "translations": {
        "x\n---\nlicense: evil": {"sentences": [{"start": 0, "end": 6, "text": "Астана"}]}}}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record) + "\n")
    [problem] = list(open_source(str(path)))
    assert "is not a language code" in str(problem) and str(problem).startswith(f"{path}:1:")


def test_stale_work_folders_of_killed_exports_are_cleaned(hostile, tmp_path):
    hostile.close()
    out = tmp_path / "ds"
    stale = tmp_path / ".ds.writing-999999999"
    stale.mkdir()
    (stale / "part.parquet").write_bytes(b"x")
    mine = tmp_path / f".ds.writing-{os.getpid()}"
    assert cli("export", "hf", out, "--all", "-p", hostile.target).exit_code == 0
    assert not stale.exists() and not mine.exists()
