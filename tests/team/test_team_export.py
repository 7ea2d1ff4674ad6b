"""The Hugging Face export of a double-annotated project: gold of the adjudicated documents,
an `annotations` config with every annotator's own spans, and a card that says how far the
annotators agreed and how gold was made; loaded with `datasets.load_dataset`."""

from __future__ import annotations

import json

from click.testing import CliRunner

from annotator.cli import main
from annotator.core.records import Incoming
from annotator.store import Project

TEXT = "Vassilenko met Tokayev in Astana ."


def at(word: str) -> tuple[int, int]:
    return TEXT.index(word), TEXT.index(word) + len(word)


def test_load_dataset_gives_gold_annotations_and_agreement_in_the_card(tmp_path):
    where = str(tmp_path / "team.db")
    with Project.create(where, annotator="lin") as owner:
        owner.set_workflow("double")
        owner.import_documents([Incoming(f"d{n}", f"{TEXT} {n}", "t", None) for n in range(4)])
        owner.assign(["alice", "bob"], overlap=2)
    for name in ("alice", "bob"):
        with Project.open(where, annotator=name) as annotator:
            for n in range(4):
                annotator.add_span(f"d{n}", *at("Vassilenko"), "PERSON")
                if name == "alice" or n % 2:
                    annotator.add_span(f"d{n}", *at("Astana"), "LOC")
                annotator.set_document_status(f"d{n}", "done")
    out = tmp_path / "export"
    runner = CliRunner()
    result = runner.invoke(main, ["adjudicate", "--auto", "agreed", "-p", where,
                                  "--annotator", "lin"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["export", "hf", str(out), "-p", where, "--splits",
                                  "train=1", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["annotations"] == 8

    import datasets

    gold = datasets.load_dataset(str(out), split="train")
    assert sorted(gold["id"]) == ["d1", "d3"], "only adjudicated documents"
    assert all([s["label"] for s in row] == ["PERSON", "LOC"] for row in gold["spans"])
    annotations = datasets.load_dataset(str(out), "annotations", split="train")
    assert len(annotations) == 8
    bob_d0 = next(r for r in annotations if (r["id"], r["annotator"]) == ("d0", "bob"))
    assert [s["text"] for s in bob_d0["spans"]] == ["Vassilenko"]
    card = (out / "README.md").read_text("utf-8")
    assert "Double annotation" in card and "reviewers (lin)" in card
    assert "2 of 4 assigned documents are adjudicated" in card
    assert "Inter-annotator agreement over 4 documents" in card
    assert "| alice – bob | 4 |" in card
