"""The persisted form index: what it holds equals mining the corpus from scratch, it grows
with each import, several processes bringing it up to date at once count each document
once, and the concordance, pre-annotation and variant table read it on both backends."""

import json
import multiprocessing

from annotator.core.records import Incoming
from annotator.formats import open_source
from annotator.store import Project, form_index
from annotator.variants.candidates import mine
from helpers import SAMPLE_CORPUS
from process_workers import index_forms


def from_scratch(project):
    return mine(project.db.rows("SELECT id, text FROM documents ORDER BY seq"))


def indexed(project):
    """The forms the index gives, with the documents it lists for each."""
    stats = project.mine_forms()
    for form, doc_id in project.db.rows("SELECT f.form, d.id FROM form_documents f "
                                        "JOIN documents d ON d.seq = f.doc_seq"):
        if form in stats:
            stats[form].documents.add(doc_id)
    return stats


def same(a, b):
    assert set(a) == set(b)
    for form in a:
        x, y = a[form], b[form]
        assert (x.count, x.documents, x.inside_sentence, x.tokens) == \
            (y.count, y.documents, y.inside_sentence, y.tokens), form


def test_the_index_holds_what_mining_the_corpus_finds(sample_project):
    assert form_index.pending(sample_project.db) == 5
    same(indexed(sample_project), from_scratch(sample_project))
    assert form_index.pending(sample_project.db) == 0
    assert sample_project.mine_forms()["Vassilenko"].key == "василенко"


def test_it_grows_with_each_import_and_only_reads_new_documents(target):
    with Project.create(target("grow"), annotator="lin") as project:
        project.import_documents([Incoming("a", "The Mazhilis met. Tokayev spoke.", "t", None)])
        assert set(project.mine_forms()) >= {"Mazhilis", "Tokayev"}
        project.import_documents([
            Incoming("b", "the majilis met, and Tokaev spoke of the Majilis.", "t", None),
            Incoming("c", "The Tokayev family. Later the Mazhilis.", "t", None)])
        assert form_index.pending(project.db) == 2
        assert form_index.catch_up(project.db) == 2
        assert form_index.catch_up(project.db) == 0
        same(indexed(project), from_scratch(project))
        # "The" is capitalised only at the start of sentences, and written lower case too.
        assert "The" not in project.mine_forms()
        assert {s.canonical for s in project.variant_suggestions()} >= {"Tokayev"}


def test_processes_indexing_at_once_count_each_document_once(tmp_path, target):
    path = target("shared")
    with Project.create(path) as project:
        project.import_documents(open_source(str(SAMPLE_CORPUS)))
        project.import_documents([Incoming(f"extra-{i}", f"Vasilenko met Tokayev ({i}).", "t",
                                           None) for i in range(2500)])
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(3)
    outs = [tmp_path / f"out-{i}.json" for i in range(3)]
    workers = [context.Process(target=index_forms, args=(str(path), barrier, str(outs[i])))
               for i in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(300)
        assert worker.exitcode == 0
    assert sum(json.loads(out.read_text())["indexed"] for out in outs) == 2505
    with Project.open(path) as project:
        same(indexed(project), from_scratch(project))
        assert project.mine_forms()["Vasilenko"].count == 2502


def test_lookups_read_only_the_documents_the_index_lists(sample_project):
    db = sample_project.db
    assert form_index.documents_with(db, ["Vassilenko"]) is None  # not indexed yet
    sample_project.mine_forms()
    seqs = form_index.documents_with(db, ["Vassilenko", "Qazaqstan"])
    assert seqs is not None and 0 < len(seqs) < 5
    assert form_index.documents_with(db, ["elections"]) is None   # a lower-case word
    assert form_index.documents_with(db, ["Atlantis"]) is None    # no candidate form
    everywhere = [(d, left, f, right) for d, left, f, right in
                  sample_project.concordance("Vassilenko")]
    assert len(everywhere) == 4
    sample_project.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
    assert sample_project.preannotate().added == 6
    [row] = sample_project.variant_table()
    assert [(f.form, f.count) for f in row.forms] == [("Vassilenko", 4), ("Vasilenko", 2)]


def test_a_read_only_project_mines_in_memory_what_its_index_lacks(sample_project,
                                                                   monkeypatch):
    monkeypatch.setattr(sample_project.db, "read_only", True)
    same(sample_project.mine_forms(), from_scratch(sample_project))
    assert form_index.pending(sample_project.db) == 5           # nothing was written
