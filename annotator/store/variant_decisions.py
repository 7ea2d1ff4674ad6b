"""Variant suggestions for a project and the decisions on them: accept, reject,
pre-annotate; the variant table and the concordance a linguist reviews."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from annotator.core.errors import InvalidValue
from annotator.core.models import Entity, SpanStatus
from annotator.store import documents, entities, form_index, labels, translations
from annotator.store.backends.base import Database
from annotator.store.history import Recorder
from annotator.variants import occurrences
from annotator.variants.candidates import FormStats, mine
from annotator.variants.learning import RuleWeights
from annotator.variants.report import DocumentInfo, RejectedPair, VariantReport
from annotator.variants.suggest import Suggestion, suggest
from annotator.variants.table import FormUse, VariantRow

Progress = Callable[[int, int], None]


@dataclass
class PreannotationReport:
    added: int = 0
    already_tagged: int = 0
    rejected_before: int = 0
    overlapping: int = 0
    entities_without_type: list[str] = field(default_factory=list)


def corpus_version(db: Database) -> tuple[int, int]:
    """Changes when documents are added: what a cache of mined forms is valid for."""
    found = db.one("SELECT count(*), coalesce(max(seq), 0) FROM documents")
    return found[0], found[1]


def mine_forms(db: Database, progress: Progress | None = None) -> dict[str, FormStats]:
    """Candidate forms of the whole corpus, from the persisted index (brought up to date
    first: `progress` follows the documents it indexes). A project opened read-only
    cannot index: its documents are mined in memory instead."""
    if db.read_only and form_index.pending(db):
        total = db.scalar("SELECT count(*) FROM documents")
        return mine(documents.texts(db), (lambda done: progress(done, total)) if progress
                    else None)
    form_index.catch_up(db, progress)
    return form_index.forms(db)


def suggestions(db: Database, stats: dict[str, FormStats], *, possible: bool = False,
                labels: dict[str, Counter] | None = None) -> list[Suggestion]:
    """Suggested variant clusters for the corpus, ranked with what the project's decisions
    taught (learning.py), and flagged where the spellings are tagged with different labels
    (`labels`: labels_of_forms, which a caller may keep between calls). `possible`: the
    possible tier too."""
    every = entities.every(db)
    canonical = {entity.id: entity.canonical for entity in every if entity.id is not None}
    rejected = rejected_pairs(db)
    weights = RuleWeights.from_decisions(
        [[e.canonical, *(f for f in e.forms if f != e.canonical)] for e in every], rejected)
    return suggest(stats, rejected, entities.of_forms(db), canonical, weights=weights,
                    labels_of_form=labels_of_forms(db) if labels is None else labels,
                    possible=possible)


def concerning(db: Database, found: list[Suggestion], doc_id: str) -> list[Suggestion]:
    """The suggestions with a form in one document (the index says which forms it has)."""
    forms = form_index.forms_in_document(db, doc_id)
    if forms is None:
        return [s for s in found if any(doc_id in f.documents for f in s.forms)]
    return [s for s in found if any(f in forms for f in s.variants)]


def labels_of_forms(db: Database) -> dict[str, Counter]:
    """The labels of the accepted spans written each way: one pass over the spans."""
    labels: dict[str, Counter] = defaultdict(Counter)
    for label, surface in db.stream(
            "SELECT s.label, substr(d.text, s.start_char + 1, s.end_char - s.start_char) "
            "FROM spans s JOIN documents d ON d.seq = s.doc_seq WHERE s.status = 'accepted'"):
        labels[surface][label] += 1
    return dict(labels)


def spans_version(db: Database) -> tuple:
    """Changes whenever spans may have: an action, an undo, an import."""
    return (*db.one("SELECT count(*), coalesce(max(id), 0), coalesce(sum(undone), 0) "
                    "FROM history"), db.scalar("SELECT count(*) FROM spans"))


def rejected_pairs(db: Database) -> list[frozenset[str]]:
    return [frozenset(found) for found in
            db.rows("SELECT form_a, form_b FROM variant_rejections")]


def reject(change: Recorder, forms: Iterable[str]) -> int:
    """Never suggest these forms together again (every pair among them); new pairs."""
    unique = sorted(set(forms))
    if len(unique) < 2:
        raise InvalidValue("name at least two different forms to reject")
    change.name = f"reject variants {' / '.join(unique)}"
    return _reject_pairs(change, [(a, b) for i, a in enumerate(unique) for b in unique[i + 1:]])


def separate(change: Recorder, forms: Iterable[str], others: Iterable[str]) -> int:
    """Never suggest any of `forms` with any of `others` (the pairs across the two groups;
    pairs within a group stay possible); new pairs."""
    group, rest = sorted(set(forms)), sorted(set(others) - set(forms))
    if not group or not rest:
        raise InvalidValue("name the forms to split off and at least one form to keep")
    change.name = f"split {' / '.join(group)} off {' / '.join(rest)}"
    return _reject_pairs(change, [(a, b) for a in group for b in rest])


def _reject_pairs(change: Recorder, pairs: Iterable[tuple[str, str]]) -> int:
    """Record the pairs not rejected yet, each in code-point order (as the schema checks)."""
    known = set(map(tuple, map(sorted, rejected_pairs(change.db))))
    added = 0
    for pair in pairs:
        a, b = sorted(pair)
        if (a, b) not in known:
            change.insert("variant_rejections", {
                "form_a": a, "form_b": b, "annotator": change.annotator, "at": change.at})
            known.add((a, b))
            added += 1
    return added


def usual_label(db: Database, forms: Iterable[str]) -> str | None:
    """The label most used on accepted spans written as one of `forms`."""
    counts: Counter[str] = Counter()
    tagged = labels_of_forms(db)
    for form in set(forms):
        counts.update(tagged.get(form, {}))
    return counts.most_common(1)[0][0] if counts else None


def accept(change: Recorder, forms: Iterable[str], canonical: str | None, label: str | None,
           counts: Callable[[], dict[str, FormStats]]) -> int:
    """The forms become one entity: a new one, or the entity some of them are in already
    (several such entities are merged). The canonical form is the most frequent form
    (`counts`) unless one is given; the type is the label most used on these forms unless
    given. Returns the entity's id."""
    forms = list(dict.fromkeys(forms))
    if not forms:
        raise InvalidValue("name the forms to accept")
    change.name = f"accept variants {' / '.join(forms)}"
    db = change.db
    if label is not None:
        labels.require(db, label)
    entity_of_form = entities.of_forms(db)
    existing = sorted({entity_of_form[f] for f in forms if f in entity_of_form})
    if not existing:
        chosen = canonical or _most_frequent(forms, counts())
        return entities.create(change, chosen, label or usual_label(db, forms), forms)
    entity_id = existing[0]
    target = entities.get(db, entity_id)
    for other_id in existing[1:]:
        entities.merge(change, entity_id, other_id)
    change.name = f"accept variants {' / '.join(forms)}"
    entities.add_forms(change, entities.get(db, entity_id), forms)
    updates = {}
    if canonical and canonical != target.canonical:
        updates["canonical"] = canonical
    if label and label != target.label:
        updates["label"] = label
    if updates:
        change.update("entities", {"id": entity_id}, updates)
    return entity_id


def preannotate(change: Recorder, entity_ids: Iterable[int] | None,
                progress: Progress | None = None) -> PreannotationReport:
    """Tag every whole-word occurrence of the entities' forms as a suggested span linked
    to the entity, except where a span of that label is already there or a person
    rejected that suggestion before."""
    db = change.db
    report = PreannotationReport()
    chosen = [entities.get(db, i) for i in entity_ids] if entity_ids is not None \
        else entities.every(db)
    owner: dict[str, Entity] = {}
    for entity in chosen:
        if entity.label is None:
            report.entities_without_type.append(entity.canonical)
            continue
        for form in entity.forms:
            owner[form] = entity
    compiled = occurrences.pattern(owner)
    seqs = form_index.documents_with(db, owner)
    total = db.scalar("SELECT count(*) FROM documents") if seqs is None else len(seqs)
    for done, (seq, text) in enumerate(_documents(db, "seq, text", seqs), 1):
        matches = [(m.start(), m.end(), m.group()) for m in compiled.finditer(text)] \
            if compiled else []
        if matches:
            _preannotate_document(change, seq, matches, owner, report)
        if progress and (done % 200 == 0 or done == total):
            progress(done, total)
    return report


def _preannotate_document(change: Recorder, seq: int, matches: list[tuple[int, int, str]],
                          owner: dict[str, Entity], report: PreannotationReport) -> None:
    db = change.db
    rejected = {tuple(r) for r in db.rows(
        "SELECT start_char, end_char, label FROM span_rejections WHERE doc_seq = ? "
        "AND layer = ?", (seq, change.layer))}
    taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for start, end, label in db.rows(
            "SELECT start_char, end_char, label FROM spans WHERE doc_seq = ? AND layer = ?",
            (seq, change.layer)):
        taken[label].append((start, end))
    for start, end, form in matches:
        entity = owner[form]
        label = entity.label
        assert label is not None
        if (start, end) in taken[label]:
            report.already_tagged += 1
        elif (start, end, label) in rejected:
            report.rejected_before += 1
        elif any(s < end and start < e for s, e in taken[label]):
            report.overlapping += 1
        else:
            change.insert("spans", {
                "doc_seq": seq, "start_char": start, "end_char": end, "label": label,
                "status": SpanStatus.SUGGESTED.value, "entity_id": entity.id,
                "annotator": change.annotator, "created_at": change.at,
                "layer": change.layer})
            taken[label].append((start, end))
            report.added += 1


def form_counts(db: Database, forms: Iterable[str] | None = None) -> dict[str, int]:
    """Occurrences of each form in the corpus, whole words, counted as the variant table
    counts them (default: every spelling of every entity)."""
    wanted = list(forms) if forms is not None else \
        [form for entity in entities.every(db) for form in entity.forms]
    counts = dict.fromkeys(wanted, 0)
    for *_, form in _occurrences(db, wanted):
        counts[form] += 1
    return counts


def table(db: Database, contexts: int | None = 3, width: int = 40) -> list[VariantRow]:
    """Every entity with each of its forms: occurrences, documents and `contexts` contexts
    of each (None: every one)."""
    every = entities.every(db)
    uses = {(e.id, f): FormUse(f) for e in every for f in e.forms}
    by_form: dict[str, list[int]] = defaultdict(list)
    for entity in every:
        for form in entity.forms:
            assert entity.id is not None
            by_form[form].append(entity.id)
    for doc_id, text, start, end, form in _occurrences(db, by_form):
        for entity_id in by_form[form]:
            use = uses[(entity_id, form)]
            use.count += 1
            use.documents.add(doc_id)
            if contexts is None or len(use.contexts) < contexts:
                use.contexts.append((doc_id, _left(text, start, width), form,
                                     _right(text, end, width)))
    return [VariantRow(e, sorted((uses[(e.id, f)] for f in e.forms),
                                 key=lambda u: (-u.count, u.form))) for e in every]


def report(db: Database, pending: list[Suggestion], contexts: int | None = None,
           width: int = 40) -> VariantReport:
    """What the variant table shows a linguist: the entities with `contexts` contexts per
    spelling (None: all), the documents' titles and dates, the `pending` suggestions,
    rejected pairs with who rejected them and when, and Cyrillic proposals."""
    rows = table(db, contexts, width)
    cited = {context[0] for row in rows for use in row.forms for context in use.contexts}
    return VariantReport(
        rows, document_infos(db, cited), pending,
        [RejectedPair(*found) for found in db.rows(
            "SELECT form_a, form_b, annotator, at FROM variant_rejections "
            "ORDER BY at, form_a, form_b")],
        translations.cyrillic_proposals_of(db, [row.entity for row in rows]))


def document_infos(db: Database, doc_ids: Iterable[str]) -> dict[str, DocumentInfo]:
    """Title and date of each document, from its metadata (the manifest's `title` and
    `date`, or `published`)."""
    infos = {}
    wanted = sorted(set(doc_ids))
    for start in range(0, len(wanted), 500):
        part = wanted[start:start + 500]
        for doc_id, meta in db.rows(
                f"SELECT id, meta FROM documents WHERE id IN ({', '.join('?' * len(part))})",
                part):
            values = json.loads(meta) if meta else {}
            title, date = values.get("title"), values.get("date") or values.get("published")
            infos[doc_id] = DocumentInfo(doc_id, title if isinstance(title, str) else "",
                                         str(date) if date else "")
    return infos


def concordance(db: Database, form: str, width: int = 40, limit: int = 200
                ) -> list[tuple[str, str, str, str]]:
    """Keyword in context: (doc_id, left, form, right) for each occurrence of `form`."""
    lines = []
    for doc_id, text, start, end, found in _occurrences(db, [form]):
        lines.append((doc_id, _left(text, start, width), found, _right(text, end, width)))
        if len(lines) >= limit:
            break
    return lines


def _occurrences(db: Database, forms: Iterable[str]) -> Iterator[tuple[str, str, int, int, str]]:
    """(doc_id, text, start, end, form) for every whole-word occurrence of the forms, in
    import order: in the documents the form index lists for them (every document when it
    cannot tell)."""
    forms = list(forms)
    compiled = occurrences.pattern(forms)
    if compiled is None:
        return
    for doc_id, text in _documents(db, "id, text", form_index.documents_with(db, forms)):
        for match in compiled.finditer(text):
            yield doc_id, text, match.start(), match.end(), match.group()


def _documents(db: Database, columns: str, seqs: list[int] | None) -> Iterator[tuple]:
    """`columns` of the documents `seqs` names, or of every document when None; in import
    order."""
    if seqs is None:
        yield from db.stream(f"SELECT {columns} FROM documents ORDER BY seq")
        return
    for start in range(0, len(seqs), 500):
        part = seqs[start:start + 500]
        yield from db.rows(f"SELECT {columns} FROM documents WHERE seq IN "
                           f"({', '.join('?' * len(part))}) ORDER BY seq", part)


def _most_frequent(forms: list[str], stats: dict[str, FormStats]) -> str:
    return min(forms, key=lambda f: (-(stats[f].count if f in stats else 0), f.isupper(), f))



def _left(text: str, start: int, width: int) -> str:
    return _one_line(text[max(0, start - width):start])


def _right(text: str, end: int, width: int) -> str:
    return _one_line(text[end:end + width])


def _one_line(text: str) -> str:
    """White space folded to single spaces, but kept where it is, so left + form + right
    reads as the text does ("Kazakhstan’s", not "Kazakhstan ’s")."""
    return re.sub(r"\s+", " ", text)
