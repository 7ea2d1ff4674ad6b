"""Adjudication: settling the annotators' layers into gold. A reviewer takes one
annotator's span, or every span the annotators agree on; `auto` does the second over the
whole corpus and marks documents adjudicated where nothing is left to decide."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from annotator.core.errors import InvalidValue
from annotator.core.models import DocumentStatus, Span, SpanStatus
from annotator.store import assignments, documents, spans
from annotator.store.backends.base import Database
from annotator.store.history import Recorder

MODES = ("agreed", "majority")


@dataclass(frozen=True)
class Candidate:
    """One span (start, end, label) as one or more annotators made it."""

    start: int
    end: int
    label: str
    by: dict[str, int]  # annotator -> the id of their span
    entity: int | None  # the entity every annotator who linked it chose, if they agree
    in_gold: bool
    rejected: bool = False  # a reviewer decided it stays out of gold

    def key(self) -> tuple[int, int, str]:
        return self.start, self.end, self.label


@dataclass
class ReviewDocument:
    """One document as a reviewer sees it: who annotated it, every span any of them made,
    and gold as it stands."""

    doc_id: str
    text: str
    annotators: list[str]  # assigned, in name order
    finished: list[str]
    candidates: list[Candidate]
    gold: list[Span]
    status: DocumentStatus  # gold's: done once adjudicated

    def agreed(self, majority: bool = False) -> list[Candidate]:
        """Spans every annotator made (or more than half of them, with `majority`)."""
        needed = len(self.annotators) // 2 + 1 if majority else len(self.annotators)
        return [c for c in self.candidates if len(c.by) >= max(needed, 1)]

    def disputed(self, majority: bool = False) -> list[Candidate]:
        """Spans some annotators made and others did not, that a reviewer has to decide:
        with `majority`, only ties (exactly half)."""
        total = len(self.annotators)
        if majority:
            return [c for c in self.candidates if 2 * len(c.by) == total]
        return [c for c in self.candidates if len(c.by) < total]

    def open_disputes(self, majority: bool = False) -> list[Candidate]:
        """Disputed spans gold has not settled: not taken, not rejected, and no gold span
        covers the same text or overlaps it with the same label (a reviewer's choice of
        one version settles the others)."""
        return [c for c in self.disputed(majority) if not c.in_gold and not c.rejected
                and not any(self._settles(g, c) for g in self.gold)]

    @staticmethod
    def _settles(gold: Span, candidate: Candidate) -> bool:
        if (gold.start, gold.end) == (candidate.start, candidate.end):
            return True
        return (gold.label == candidate.label and gold.start < candidate.end
                and candidate.start < gold.end)


@dataclass
class AdjudicationReport:
    mode: str
    adjudicated: list[str] = field(default_factory=list)  # settled and marked done now
    for_review: dict[str, int] = field(default_factory=dict)  # doc id -> open disputes
    waiting: list[str] = field(default_factory=list)  # an assigned annotator has not finished
    spans_taken: int = 0
    already_done: int = 0


def review(db: Database, doc_id: str) -> ReviewDocument:
    row = documents.row(db, doc_id)
    seq = row["seq"]
    statuses = dict(db.rows("SELECT annotator, status FROM assignments WHERE doc_seq = ? "
                            "ORDER BY annotator", (seq,)))
    names = sorted(statuses)
    gold = spans.of_document(db, doc_id, SpanStatus.ACCEPTED, "gold")
    in_gold = {(s.start, s.end, s.label) for s in gold}
    made: dict[tuple[int, int, str], dict[str, int]] = {}
    links: dict[tuple[int, int, str], set[int | None]] = {}
    for found in db.rows("SELECT id, layer, start_char, end_char, label, entity_id FROM spans "
                         "WHERE doc_seq = ? AND layer <> 'gold' AND status = 'accepted' "
                         "ORDER BY start_char, end_char, label, layer", (seq,)):
        if found["layer"] not in statuses:
            continue  # someone not (or no longer) assigned: not part of this document's work
        key = (found["start_char"], found["end_char"], found["label"])
        made.setdefault(key, {})[found["layer"]] = found["id"]
        links.setdefault(key, set()).add(found["entity_id"])
    rejected = {(r[0], r[1], r[2]) for r in db.rows(
        "SELECT start_char, end_char, label FROM span_rejections WHERE layer = 'gold' "
        "AND doc_seq = ?", (seq,))}
    candidates = []
    for key, by in made.items():
        chosen = {e for e in links[key] if e is not None}
        candidates.append(Candidate(*key, by=by,
                                    entity=chosen.pop() if len(chosen) == 1 else None,
                                    in_gold=key in in_gold, rejected=key in rejected))
    return ReviewDocument(doc_id, row["text"], names,
                          [n for n in names if statuses[n] == DocumentStatus.DONE.value],
                          candidates, gold, DocumentStatus(row["status"]))


def take(change: Recorder, span_id: int) -> int:
    """Copy an annotator's span into gold (with its entity link), replacing the gold spans
    of its label it overlaps: the reviewer chose this version. Returns the gold span's id."""
    span = spans.get(change.db, span_id)
    if span.layer == "gold":
        raise InvalidValue(f"span {span_id} is in gold already")
    change.layer = "gold"
    taken = _into_gold(change, span.doc_id, span.start, span.end, span.label, span.entity_id)
    change.name = f"take {span.layer}'s {span.label} [{span.start}, {span.end})"
    return taken


def reject(change: Recorder, doc_id: str, start: int, end: int, label: str) -> None:
    """Decide that a span stays out of gold: remove it from gold if it is there, and
    remember the decision (so the dispute counts as settled, and nothing suggests it)."""
    seq = documents.row(change.db, doc_id)["seq"]
    change.layer = "gold"
    found = change.db.one("SELECT id FROM spans WHERE layer = 'gold' AND doc_seq = ? AND "
                          "start_char = ? AND end_char = ? AND label = ?",
                          (seq, start, end, label))
    if found is not None:
        change.delete("spans", {"id": found["id"]})
    if change.db.one("SELECT 1 FROM span_rejections WHERE layer = 'gold' AND doc_seq = ? AND "
                     "start_char = ? AND end_char = ? AND label = ?",
                     (seq, start, end, label)) is None:
        change.insert("span_rejections", {
            "layer": "gold", "doc_seq": seq, "start_char": start, "end_char": end,
            "label": label, "annotator": change.annotator, "at": change.at})
    change.name = f"reject {label} [{start}, {end}) from gold"


def take_agreed(change: Recorder, doc_id: str, majority: bool = False) -> int:
    """Copy into gold every span the document's annotators agree on (all of them, or more
    than half with `majority`) that gold does not have and no gold span contradicts.
    Returns how many were copied."""
    document = review(change.db, doc_id)
    change.layer = "gold"
    taken = 0
    for candidate in document.agreed(majority):
        if candidate.in_gold or _clashes(change.db, doc_id, candidate):
            continue
        _into_gold(change, doc_id, candidate.start, candidate.end, candidate.label,
                   candidate.entity)
        taken += 1
    change.name = f"take {'majority' if majority else 'agreed'} spans of {doc_id}"
    return taken


def auto(change: Recorder, mode: str, progress: Callable[[int, int], None] | None = None
         ) -> AdjudicationReport:
    """Over every assigned document not yet adjudicated whose annotators all finished:
    take what they agree on; mark it adjudicated when no dispute is left."""
    if mode not in MODES:
        raise InvalidValue(f"{mode!r}: adjudicate --auto takes one of {', '.join(MODES)}")
    majority = mode == "majority"
    db = change.db
    report = AdjudicationReport(mode)
    assigned = [(r[0], r[1]) for r in db.rows(
        "SELECT DISTINCT d.seq, d.id FROM documents d JOIN assignments a ON a.doc_seq = d.seq "
        "ORDER BY d.seq")]
    for number, (seq, doc_id) in enumerate(assigned, 1):
        if progress:
            progress(number, len(assigned))
        if documents.status_in(db, doc_id, "gold") == DocumentStatus.DONE:
            report.already_done += 1
            continue
        names = assignments.annotators_of(db, seq)
        if any(documents.status_in(db, doc_id, name) != DocumentStatus.DONE for name in names):
            report.waiting.append(doc_id)
            continue
        report.spans_taken += take_agreed(change, doc_id, majority)
        left = len(review(db, doc_id).open_disputes(majority))
        if left:
            report.for_review[doc_id] = left
        else:
            change.update("documents", {"seq": seq}, {"status": DocumentStatus.DONE.value})
            report.adjudicated.append(doc_id)
    change.name = f"adjudicate ({mode})"
    return report


def _into_gold(change: Recorder, doc_id: str, start: int, end: int, label: str,
               entity: int | None) -> int:
    seq = documents.row(change.db, doc_id)["seq"]
    for found in spans.overlapping(change.db, seq, start, end, label, "gold"):
        change.delete("spans", {"id": found["id"]})
    return spans.add(change, doc_id, start, end, label, entity_id=entity)


def _clashes(db: Database, doc_id: str, candidate: Candidate) -> bool:
    seq = documents.row(db, doc_id)["seq"]
    return bool(spans.overlapping(db, seq, candidate.start, candidate.end, candidate.label,
                                  "gold"))


@dataclass(frozen=True)
class GoldProvenance:
    """How the gold of the adjudicated documents came about, for a dataset card."""

    adjudicated: int  # documents adjudicated
    assigned: int  # documents assigned to annotators
    spans: int  # gold spans in adjudicated documents
    unanimous: int  # made identically by every annotator of the document
    some: int  # made by some of them: a reviewer's choice
    reviewer_only: int  # made by none: added or edited by a reviewer
    reviewers: list[str]


def provenance(db: Database) -> GoldProvenance:
    counts = {"unanimous": 0, "some": 0, "reviewer_only": 0}
    reviewers: set[str] = set()
    total = 0
    for made, assigned, reviewer in db.stream(
            """SELECT (SELECT count(*) FROM spans s WHERE s.doc_seq = g.doc_seq
                           AND s.layer <> 'gold' AND s.status = 'accepted'
                           AND s.start_char = g.start_char AND s.end_char = g.end_char
                           AND s.label = g.label AND s.layer IN (SELECT a.annotator
                               FROM assignments a WHERE a.doc_seq = g.doc_seq)),
                      (SELECT count(*) FROM assignments a WHERE a.doc_seq = g.doc_seq),
                      g.annotator
               FROM spans g JOIN documents d ON d.seq = g.doc_seq
               WHERE g.layer = 'gold' AND g.status = 'accepted' AND d.status = 'done'
                 AND EXISTS (SELECT 1 FROM assignments a WHERE a.doc_seq = g.doc_seq)"""):
        total += 1
        reviewers.add(reviewer)
        kind = "unanimous" if made >= assigned else "some" if made else "reviewer_only"
        counts[kind] += 1
    adjudicated = db.scalar("SELECT count(*) FROM documents d WHERE status = 'done' AND "
                            "EXISTS (SELECT 1 FROM assignments a WHERE a.doc_seq = d.seq)")
    assigned = db.scalar("SELECT count(DISTINCT doc_seq) FROM assignments")
    return GoldProvenance(adjudicated, assigned, total, counts["unanimous"], counts["some"],
                          counts["reviewer_only"], sorted(reviewers))
