"""Token offsets kept per document: made at import, read by exports, made again by an
export for documents that have none of the current version (then kept), copied along."""

from __future__ import annotations

import pyarrow.parquet as pq
from click.testing import CliRunner

from annotator.cli import main
from annotator.core.records import Incoming
from annotator.core.token_offsets import TOKENIZER_VERSION, TokenOffsets, decode, encode
from annotator.core.tokenize import token_columns
from annotator.store import Project
from annotator.store.copy import copy_project

TEXTS = ["Tokayev met Vassilenko in Astana. Then he left.",
         "Мажилис Қазақстан: the Mazhilis met.\nKazakhstan’s U.S. e.g. 3.5",
         "a" * 70_000]  # a token too long to keep


def _project(where: str) -> Project:
    project = Project.create(where)
    project.import_documents([Incoming(f"d{n}", text, "t", n + 1, {}, "done")
                              for n, text in enumerate(TEXTS)])
    return project


def _kept(project: Project) -> dict[str, tuple[int, TokenOffsets]]:
    return {doc_id: (version, TokenOffsets(bytes(tokens), bytes(sentences)))
            for doc_id, version, tokens, sentences in project.db.rows(
                "SELECT d.id, t.version, t.tokens, t.sentences FROM document_tokens t "
                "JOIN documents d ON d.seq = t.doc_seq ORDER BY d.id")}


def _ner(out) -> list[dict]:
    return sorted((row for path in sorted(out.glob("ner/*.parquet"))
                   for row in pq.read_table(path).to_pylist()), key=lambda row: row["id"])


def test_import_keeps_each_documents_offsets(target):
    with _project(target()) as project:
        kept = _kept(project)
    assert set(kept) == {"d0", "d1"}  # d2's token is too long: tokenized when needed
    for doc_id, (version, offsets) in kept.items():
        starts, ends, _ = decode(offsets)
        _, want_starts, want_ends = token_columns(TEXTS[int(doc_id[1:])])
        assert version == TOKENIZER_VERSION and (starts, ends) == (want_starts, want_ends)


def test_an_export_makes_missing_or_outdated_offsets_and_keeps_them(target, tmp_path):
    where = target()
    with _project(where) as project:
        before = _kept(project)
    runner = CliRunner()
    result = runner.invoke(main, ["export", "hf", str(tmp_path / "a"), "-p", where])
    assert result.exit_code == 0, result.output
    with Project.open(where) as project, project.db.transaction():
        project.db.execute("DELETE FROM document_tokens WHERE doc_seq = "
                           "(SELECT seq FROM documents WHERE id = 'd0')")
        project.db.execute("UPDATE document_tokens SET version = version - 100")
    result = runner.invoke(main, ["export", "hf", str(tmp_path / "b"), "-p", where])
    assert result.exit_code == 0, result.output
    assert _ner(tmp_path / "b") == _ner(tmp_path / "a")
    with Project.open(where) as project:
        assert _kept(project) == before


def test_a_copy_keeps_the_offsets(target, tmp_path):
    source = str(tmp_path / "source.db")
    with _project(source) as project:
        before = _kept(project)
    copy_project(source, target("copy"))
    with Project.open(target("copy")) as project:
        assert _kept(project) == before


def test_a_large_import_makes_offsets_in_a_worker_and_keeps_every_one(tmp_path):
    texts = [f"Tokayev met Vassilenko {n} times. Astana, {n % 7}." for n in range(2500)]
    with Project.create(str(tmp_path / "p.db")) as project:
        project.import_sources([("t", [Incoming(f"d{n}", text, "t", n + 1)
                                       for n, text in enumerate(texts)])],
                               batch_size=500, tokenize_beside=True)
        kept = _kept(project)
    assert len(kept) == len(texts)
    assert all(kept[f"d{n}"] == (TOKENIZER_VERSION, encode(text))
               for n, text in enumerate(texts))


def test_a_strict_import_rolled_back_keeps_no_offsets(tmp_path):
    records = [Incoming(f"d{n}", f"Text number {n}.", "t", n + 1) for n in range(1500)]
    records.append(Incoming("d0", "Another text under a taken id.", "t", 1501))
    with Project.create(str(tmp_path / "p.db")) as project:
        [report] = project.import_sources([("t", records)], strict=True, batch_size=500,
                                          tokenize_beside=True)
        assert report.rolled_back
        assert project.db.scalar("SELECT count(*) FROM document_tokens") == 0
