"""The variant table for linguists: rules and systems per spelling, documents by title and
date, every context, pending suggestions, rejected pairs and Cyrillic proposals, in every
format; user text escaped in each."""

import csv
import io
import json

import pytest

from annotator.core.records import Incoming
from annotator.formats.variant_table import to_csv, to_html, to_json, to_markdown, to_tsv
from annotator.store import Project

TITLE = "Vote <b>abroad</b> | *today*"


@pytest.fixture
def linguist(target):
    with Project.create(target("t"), annotator="lin") as project:
        texts = {"d1": "Vassilenko said so. Later Vassilenko left. Then Vassilenko spoke. "
                       "Vassilenko again. The Mazhilis met.",
                 "d2": "Vasilenko spoke in Astana. The Majilis met. Tokayev and Tokaev voted."}
        meta = {"d1": {"title": TITLE, "date": "2023-03-19"}, "d2": {}}
        project.import_documents([Incoming(doc, text, "t", None, meta[doc])
                                  for doc, text in texts.items()])
        project.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
        project.reject_variants(["Mazhilis", "Majilis"])
        yield project


def test_rules_titles_and_every_context_in_csv(linguist):
    report = linguist.variant_report()
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    entity = [r for r in rows if r["section"] == "entity"]
    assert [(r["form"], r["document"], r["date"]) for r in entity] == \
        [("Vassilenko", TITLE, "2023-03-19")] * 4 + [("Vasilenko", "d2", "")]
    assert [r["keyword"] for r in entity] == ["Vassilenko"] * 4 + ["Vasilenko"]
    assert entity[1]["left"].endswith("said so. Later ") and entity[1]["right"].startswith(" left.")
    assert entity[0]["rule"] == "canonical"
    assert entity[4]["rule"].startswith("s -> ss: с is s in")  # this spelling -> the canonical
    assert "French style" in entity[4]["rule"]            # the system behind the rule
    pending = [r for r in rows if r["section"] == "pending"]
    assert {r["form"] for r in pending} == {"Tokayev", "Tokaev"}
    assert pending[0]["entity_id"].startswith("s")        # the suggestion's id
    [rejected] = [r for r in rows if r["section"] == "rejected"]
    assert {rejected["canonical"], rejected["form"]} == {"Majilis", "Mazhilis"}
    assert rejected["rule"].startswith("rejected by lin at ")
    assert list(csv.DictReader(io.StringIO(to_tsv(report)), delimiter="\t")) == rows


def test_a_limit_on_contexts_is_kept(linguist):
    rows = list(csv.DictReader(io.StringIO(to_csv(linguist.variant_report(contexts=2)))))
    assert [r["form"] for r in rows if r["section"] == "entity"] == \
        ["Vassilenko"] * 2 + ["Vasilenko"]


def test_json_markdown_and_html_carry_the_same_parts(linguist):
    report = linguist.variant_report()
    data = json.loads(to_json(report))
    [entity] = data["entities"]
    vassilenko = entity["forms"][0]
    assert len(vassilenko["contexts"]) == 4 and vassilenko["contexts"][0]["title"] == TITLE
    assert entity["forms"][1]["rule"].startswith("s -> ss")
    assert [p["form"] for p in entity["cyrillic_proposals"]] == ["Василенко"]
    assert {f for s in data["pending"] for f in s["variants"]} == {"Tokayev", "Tokaev"}
    assert data["rejected"][0]["forms"] == ["Majilis", "Mazhilis"]

    markdown = to_markdown(report)
    assert "## Pending suggestions" in markdown and "## Rejected pairs" in markdown
    assert "Vote &lt;b&gt;abroad&lt;/b&gt; \\| \\*today\\* (2023-03-19)" in markdown
    assert markdown.count("**Vassilenko**") == 4               # every context
    assert "| Majilis | Mazhilis | lin |" in markdown

    page = to_html(report, "Variants")
    assert "<b>abroad" not in page and "Vote &lt;b&gt;abroad&lt;/b&gt;" in page
    assert page.count("<mark>Vassilenko</mark>") == 4
    assert "1 more</summary>" in page                        # the fourth behind "more"
    assert "proposed: Василенко" in page and "Pending suggestions" in page


def test_empty_sections_say_none(target):
    with Project.create(target("e"), annotator="lin") as project:
        report = project.variant_report()
        assert to_markdown(report).count("None.") == 2
        assert json.loads(to_json(report)) == {"entities": [], "pending": [], "rejected": []}
