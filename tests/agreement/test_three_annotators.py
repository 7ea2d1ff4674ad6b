"""Three simulated annotators whose disagreements are known by construction, through the
real store (both backends): the figures match counts worked out here and the reference
implementations run on tags and spans built here."""

from __future__ import annotations

import json
import math
from collections import Counter

import krippendorff
import pytest
from click.testing import CliRunner
from sklearn.metrics import cohen_kappa_score

from annotator.cli import main
from annotator.core.records import Incoming
from annotator.store import Project

PEOPLE = ["Vassilenko", "Tokayev", "Nazarbayev", "Masimov", "Mamin", "Smailov"]
CITIES = ["Astana", "Almaty", "Shymkent", "Aktau"]
ORGS = ["Mazhilis", "Kazinform", "Samruk"]
DOCUMENTS = 12
CAROL_FINISHES = 9           # carol leaves the last three unfinished: missing values
BOB_DROPS_ORG = range(0, 4)  # bob misses the ORG span here
BOB_CITY_AS_ORG = (4, 5)     # bob labels the city ORG here
CAROL_WIDER = range(0, 3)    # carol's second PERSON takes the next word too


def text_of(n: int) -> str:
    return (f"{PEOPLE[n % 6]} met {PEOPLE[(n + 1) % 6]} in {CITIES[n % 4]} , "
            f"and the {ORGS[n % 3]} said nothing about it .")


def truth(n: int) -> list[tuple[int, int, str]]:
    text = text_of(n)
    first, second = PEOPLE[n % 6], PEOPLE[(n + 1) % 6]
    start2 = text.index(second, len(first))
    found = [(0, len(first), "PERSON"), (start2, start2 + len(second), "PERSON")]
    for word, label in ((CITIES[n % 4], "LOC"), (ORGS[n % 3], "ORG")):
        start = text.index(word)
        found.append((start, start + len(word), label))
    return found


def made_by(name: str, n: int) -> list[tuple[int, int, str]]:
    spans = truth(n)
    if name == "bob" and n in BOB_DROPS_ORG:
        spans = [s for s in spans if s[2] != "ORG"]
    if name == "bob" and n in BOB_CITY_AS_ORG:
        spans = [(s, e, "ORG" if label == "LOC" else label) for s, e, label in spans]
    if name == "carol" and n in CAROL_WIDER:
        (s1, e1, l1), (s2, e2, l2), *rest = spans
        spans = [(s1, e1, l1), (s2, e2 + len(" in"), l2), *rest]
    return spans


@pytest.fixture
def team_project(target):
    where = target("three")
    with Project.create(where, annotator="lin") as owner:
        owner.set_workflow("double")
        owner.import_documents([Incoming(f"d{n:02}", text_of(n), "test", None)
                                for n in range(DOCUMENTS)])
        owner.assign(["alice", "bob", "carol"], overlap=3)
        entity = owner.create_entity("Vassilenko", label="PERSON")
        other = owner.create_entity("Tokayev", label="PERSON")
    for name in ("alice", "bob", "carol"):
        with Project.open(where, annotator=name) as annotator:
            for n in range(DOCUMENTS):
                doc = f"d{n:02}"
                for start, end, label in made_by(name, n):
                    span = annotator.add_span(doc, start, end, label)
                    # Links: alice links every first PERSON to one entity, bob the same
                    # in 0-5 and to the other entity in 6-7; carol links nothing.
                    if start == 0 and (name == "alice" or name == "bob" and n < 8):
                        annotator.link_span(span.id, other.id if name == "bob" and n >= 6
                                            else entity.id)
                if name != "carol" or n < CAROL_FINISHES:
                    annotator.set_document_status(doc, "done")
    with Project.open(where, annotator="lin") as reviewer:
        yield reviewer


def tags(project: Project, n: int, spans) -> list[str]:
    """BIO tags written here, not with the package's own code."""
    found = []
    for token in project.tokens(f"d{n:02}"):
        inside = [s for s in spans if s[0] <= token.start < s[1]]
        if not inside:
            found.append("O")
        else:
            start, _, label = inside[0]
            found.append(("B-" if token.start == start else "I-") + label)
    return found


def who_finished(n: int) -> list[str]:
    return ["alice", "bob", "carol"] if n < CAROL_FINISHES else ["alice", "bob"]


def test_span_f1_matches_the_disagreements_made(team_project):
    report = team_project.agreement()
    assert report.documents == DOCUMENTS and report.annotators == ["alice", "bob", "carol"]
    pairs = {(p.a, p.b): p for p in report.pairs}
    # alice-bob: 12 documents, 48 spans against 44; 4 ORG missing, 2 cities relabelled.
    ab = pairs["alice", "bob"]
    assert ab.documents == 12
    assert ab.span_f1_exact == pytest.approx(2 * 42 / (48 + 44))
    assert ab.span_f1_partial == pytest.approx(2 * (42 / 48) * (42 / 44) / (42 / 48 + 42 / 44))
    # alice-carol: 9 documents, 36 spans each; 3 widened (overlap, not exact).
    ac = pairs["alice", "carol"]
    assert ac.documents == 9
    assert ac.span_f1_exact == pytest.approx(33 / 36)
    assert ac.span_f1_partial == pytest.approx(1.0)
    by_label = report.by_label
    assert by_label["LOC"].span_f1_exact < 1.0 and by_label["ORG"].span_f1_exact < 1.0
    assert list(by_label) == ["PERSON", "ORG", "LOC"], "in the project's label order"


def test_kappa_and_alpha_match_scikit_learn_and_the_krippendorff_package(team_project):
    report = team_project.agreement()
    names = ["alice", "bob", "carol"]
    kappas = {}
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            docs = [n for n in range(DOCUMENTS) if {a, b} <= set(who_finished(n))]
            tags_a = [t for n in docs for t in tags(team_project, n, made_by(a, n))]
            tags_b = [t for n in docs for t in tags(team_project, n, made_by(b, n))]
            kappas[a, b] = cohen_kappa_score(tags_a, tags_b)
    for pair in report.pairs:
        assert pair.kappa == pytest.approx(kappas[pair.a, pair.b], abs=1e-12)
    assert report.overall.kappa == pytest.approx(sum(kappas.values()) / 3, abs=1e-12)

    codes: dict[str, float] = {}
    rows: list[list[float]] = [[], [], []]
    for n in range(DOCUMENTS):
        by_name = {name: tags(team_project, n, made_by(name, n)) for name in names}
        for i, name in enumerate(names):
            rows[i] += [codes.setdefault(t, float(len(codes))) if name in who_finished(n)
                        else math.nan for t in by_name[name]]
    expected = krippendorff.alpha(reliability_data=rows, level_of_measurement="nominal")
    assert report.overall.alpha == pytest.approx(expected, abs=1e-12)

    only_loc = [[v if math.isnan(v) or v in (codes["B-LOC"], codes.get("I-LOC", -1))
                 else codes["O"] for v in row] for row in rows]
    assert report.by_label["LOC"].alpha == pytest.approx(
        krippendorff.alpha(reliability_data=only_loc, level_of_measurement="nominal"),
        abs=1e-12)


def test_entity_links_and_the_documents_with_the_lowest_agreement(team_project):
    report = team_project.agreement()
    # alice links 12 first PERSONs, bob 8 (6 like alice's, 2 to another entity), carol
    # none: 6 links alike, of 12 + 8 (alice-bob), 9 + 0 (alice-carol), 8 + 0 (bob-carol).
    assert report.entity_links["pairwise_f1"] == pytest.approx(2 * 6 / (12 + 8 + 9 + 8))
    lowest = report.by_document[0]
    assert lowest.doc_id in {"d00", "d01", "d02"}, "a missing ORG and a widened PERSON"
    assert lowest.disagreements == 3
    assert report.by_document[-1].span_f1_exact == 1.0


def test_the_figures_of_two_annotators_or_one_label(team_project):
    two = team_project.agreement(["alice", "carol"])
    assert (two.documents, two.annotators, len(two.pairs)) == (9, ["alice", "carol"], 1)
    assert two.overall.span_f1_exact == pytest.approx(33 / 36)
    loc = team_project.agreement(label="LOC")
    assert list(loc.by_label) == ["LOC"]
    assert loc.overall.span_f1_exact == pytest.approx(loc.by_label["LOC"].span_f1_exact)


def test_agreement_json_has_the_documented_shape(team_project):
    result = CliRunner().invoke(main, ["agreement", "-p", team_project.target, "--format",
                                       "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert {"documents", "annotators", "overall", "by_label", "pairs", "entity_links"} \
        <= set(found)
    assert set(found["overall"]) == {"span_f1_exact", "span_f1_partial", "kappa", "alpha"}
    assert set(found["by_label"]["PERSON"]) == set(found["overall"])
    assert set(found["pairs"][0]) == {"a", "b", "documents", "span_f1_exact",
                                      "span_f1_partial", "kappa"}
    assert set(found["entity_links"]) == {"pairwise_f1"}
    assert found["documents"] == DOCUMENTS
    assert Counter(p["documents"] for p in found["pairs"]) == {12: 1, 9: 2}
