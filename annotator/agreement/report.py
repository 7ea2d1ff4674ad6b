"""Measuring a corpus: documents that at least two annotators finished go in one by one;
counts per pair of annotators and per label come out as figures (overall, by label, by
pair, by document, and for entity links)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from itertools import combinations

from annotator.agreement.measures import cohen_kappa, f1, krippendorff_alpha_nominal
from annotator.core.bio import spans_to_bio_columns

OUTSIDE = "O"


@dataclass(frozen=True)
class Mark:
    """One accepted span of one annotator."""

    start: int
    end: int
    label: str
    entity: int | None = None


@dataclass
class AnnotatedDocument:
    """A document with the spans of every annotator who finished it (two or more)."""

    doc_id: str
    token_starts: list[int]
    token_ends: list[int]
    marks: dict[str, list[Mark]]


@dataclass(frozen=True)
class Figures:
    span_f1_exact: float | None
    span_f1_partial: float | None
    kappa: float | None  # the mean of the pairwise Cohen's kappas (Light's kappa)
    alpha: float | None


@dataclass(frozen=True)
class PairFigures:
    a: str
    b: str
    documents: int
    span_f1_exact: float | None
    span_f1_partial: float | None
    kappa: float | None


@dataclass(frozen=True)
class DocumentFigures:
    doc_id: str
    annotators: list[str]
    span_f1_exact: float | None
    disagreements: int  # spans not made identically by every annotator of the document


@dataclass
class AgreementReport:
    documents: int
    annotators: list[str]
    overall: Figures
    by_label: dict[str, Figures]
    pairs: list[PairFigures]
    entity_links: dict[str, float | None]
    by_document: list[DocumentFigures] = field(default_factory=list)  # lowest first
    tokens: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class _SpanCounts:
    exact: int = 0  # spans both made identically (start, end and label)
    a: int = 0
    b: int = 0
    a_overlapping: int = 0  # A's spans that overlap a span of B of the same label
    b_overlapping: int = 0

    def add(self, other: _SpanCounts) -> None:
        self.exact += other.exact
        self.a += other.a
        self.b += other.b
        self.a_overlapping += other.a_overlapping
        self.b_overlapping += other.b_overlapping

    def exact_f1(self) -> float | None:
        return f1(self.exact, self.a, self.exact, self.b)

    def partial_f1(self) -> float | None:
        return f1(self.a_overlapping, self.a, self.b_overlapping, self.b)


class _Pair:
    def __init__(self) -> None:
        self.documents = 0
        self.spans: dict[str, _SpanCounts] = {}  # per label
        self.confusion: Counter = Counter()  # (tag of A, tag of B) -> tokens
        self.links = _SpanCounts()

    def total(self) -> _SpanCounts:
        total = _SpanCounts()
        for counts in self.spans.values():
            total.add(counts)
        return total


def measure(documents: Iterable[AnnotatedDocument], labels: list[str],
            progress: Callable[[int], None] | None = None) -> AgreementReport:
    """Agreement over `documents` (each finished by two or more annotators). `labels`: the
    project's, for the figures by label (labels no one used get no figures)."""
    pairs: dict[tuple[str, str], _Pair] = {}
    # The tags a token got from the annotators who finished its document -> how many tokens:
    # those who did not are missing values, simply absent from the tuple.
    patterns: Counter = Counter()
    by_document: list[DocumentFigures] = []
    annotators: set[str] = set()
    seen = tokens = 0
    for document in documents:
        names = sorted(document.marks)
        if len(names) < 2:
            continue
        seen += 1
        tokens += len(document.token_starts)
        annotators.update(names)
        tags = {name: _tags(document, name) for name in names}
        patterns.update(zip(*(tags[name] for name in names), strict=True))
        document_spans = _SpanCounts()
        for a, b in combinations(names, 2):
            pair = pairs.setdefault((a, b), _Pair())
            pair.documents += 1
            for label, counts in _span_counts(document.marks[a], document.marks[b]).items():
                pair.spans.setdefault(label, _SpanCounts()).add(counts)
                document_spans.add(counts)
            pair.confusion.update(zip(tags[a], tags[b], strict=True))
            pair.links.add(_link_counts(document.marks[a], document.marks[b]))
        every = [{(m.start, m.end, m.label) for m in document.marks[name]} for name in names]
        shared = every[0].intersection(*every[1:])
        by_document.append(DocumentFigures(
            document.doc_id, names, document_spans.exact_f1(),
            len(every[0].union(*every[1:]) - shared)))
        if progress:
            progress(seen)
    used = sorted({label for pair in pairs.values() for label in pair.spans},
                  key=lambda label: (labels.index(label) if label in labels else len(labels),
                                     label))
    overall_spans = _SpanCounts()
    links = _SpanCounts()
    for pair in pairs.values():
        overall_spans.add(pair.total())
        links.add(pair.links)
    by_document.sort(key=lambda d: (1.0 if d.span_f1_exact is None else d.span_f1_exact,
                                    -d.disagreements))
    return AgreementReport(
        documents=seen,
        annotators=sorted(annotators),
        overall=Figures(overall_spans.exact_f1(), overall_spans.partial_f1(),
                        _mean_kappa(pair.confusion for pair in pairs.values()),
                        krippendorff_alpha_nominal(patterns)),
        by_label={label: _label_figures(label, pairs, patterns) for label in used},
        pairs=[PairFigures(a, b, pair.documents, pair.total().exact_f1(),
                           pair.total().partial_f1(), cohen_kappa(pair.confusion))
               for (a, b), pair in sorted(pairs.items())],
        entity_links={"pairwise_f1": links.exact_f1()},
        by_document=by_document,
        tokens=tokens,
    )


def _tags(document: AnnotatedDocument, name: str) -> list[str]:
    return spans_to_bio_columns(document.token_starts, document.token_ends,
                                [(m.start, m.end, m.label) for m in document.marks[name]]).tags


def _span_counts(a: list[Mark], b: list[Mark]) -> dict[str, _SpanCounts]:
    counts: dict[str, _SpanCounts] = {}
    a_keys = {(m.start, m.end, m.label) for m in a}
    b_keys = {(m.start, m.end, m.label) for m in b}
    for key in a_keys:
        found = counts.setdefault(key[2], _SpanCounts())
        found.a += 1
        found.exact += key in b_keys
        found.a_overlapping += _overlaps(key, b_keys)
    for key in b_keys:
        found = counts.setdefault(key[2], _SpanCounts())
        found.b += 1
        found.b_overlapping += _overlaps(key, a_keys)
    return counts


def _overlaps(span: tuple[int, int, str], others: set[tuple[int, int, str]]) -> bool:
    start, end, label = span
    return any(o_label == label and o_start < end and start < o_end
               for o_start, o_end, o_label in others)


def _link_counts(a: list[Mark], b: list[Mark]) -> _SpanCounts:
    """Linked spans as (start, end, entity): the same span linked to the same entity."""
    a_links = {(m.start, m.end, m.entity) for m in a if m.entity is not None}
    b_links = {(m.start, m.end, m.entity) for m in b if m.entity is not None}
    same = len(a_links & b_links)
    return _SpanCounts(exact=same, a=len(a_links), b=len(b_links))


def _mean_kappa(confusions: Iterable[Counter]) -> float | None:
    found = [k for k in map(cohen_kappa, confusions) if k is not None]
    return sum(found) / len(found) if found else None


def _only(label: str, tag: str) -> str:
    """A tag seen through one label: B-/I- of that label, or outside."""
    return tag if tag == OUTSIDE or tag[2:] == label else OUTSIDE


def _label_figures(label: str, pairs: dict[tuple[str, str], _Pair],
                   patterns: Counter) -> Figures:
    spans = _SpanCounts()
    confusions = []
    for pair in pairs.values():
        spans.add(pair.spans.get(label, _SpanCounts()))
        confusion: Counter = Counter()
        for (a, b), count in pair.confusion.items():
            confusion[_only(label, a), _only(label, b)] += count
        confusions.append(confusion)
    seen_through: Counter = Counter()
    for values, count in patterns.items():
        seen_through[tuple(_only(label, v) for v in values)] += count
    return Figures(spans.exact_f1(), spans.partial_f1(), _mean_kappa(confusions),
                   krippendorff_alpha_nominal(seen_through))
