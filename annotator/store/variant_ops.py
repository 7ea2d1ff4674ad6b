"""Variant suggestions and the decisions on them: accept, reject, pre-annotate, review."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from annotator.core.errors import InvalidValue
from annotator.core.models import Entity, SpanStatus
from annotator.store.base import now
from annotator.store.entity_ops import EntityOps
from annotator.store.history import Recorder
from annotator.variants import occurrences
from annotator.variants.candidates import FormStats, mine
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


class VariantOps(EntityOps):
    _mined: tuple[tuple[int, int], dict[str, FormStats]] | None = None

    def mine_forms(self, progress: Progress | None = None) -> dict[str, FormStats]:
        """Candidate forms of the whole corpus (cached until documents are added)."""
        version = self._conn.execute(
            "SELECT count(*), coalesce(max(seq), 0) FROM documents").fetchone()
        version = (version[0], version[1])
        if self._mined is None or self._mined[0] != version:
            total = version[0]
            report = (lambda done: progress(done, total)) if progress else None
            self._mined = (version, mine(self._texts(), report))
        return self._mined[1]

    def variant_suggestions(
        self, doc_id: str | None = None, progress: Progress | None = None,
        mined: dict[str, FormStats] | None = None,
    ) -> list[Suggestion]:
        """Suggested variant clusters for the corpus, or those with a form in one document.
        `mined` reuses forms mined earlier (a front end keeps them across documents)."""
        stats = mined if mined is not None else self.mine_forms(progress)
        entity_of_form = self.entity_of_forms()
        canonical = {e: c for e, c in self._conn.execute("SELECT id, canonical FROM entities")}
        suggestions = suggest(stats, self.rejected_pairs(), entity_of_form, canonical)
        if doc_id is not None:
            self._document_row(doc_id)
            suggestions = [s for s in suggestions if any(doc_id in f.documents for f in s.forms)]
        return suggestions

    def rejected_pairs(self) -> list[frozenset[str]]:
        return [frozenset(row) for row in
                self._conn.execute("SELECT form_a, form_b FROM variant_rejections")]

    def reject_variants(self, forms: Iterable[str]) -> int:
        """Never suggest these forms together again (every pair among them)."""
        unique = sorted(set(forms))
        if len(unique) < 2:
            raise InvalidValue("name at least two different forms to reject")
        with self._action(f"reject variants {' / '.join(unique)}") as change:
            return self._reject_pairs(change, [(a, b) for i, a in enumerate(unique)
                                               for b in unique[i + 1:]])

    def not_a_variant(self, entity_id: int, form: str) -> Entity:
        """The spelling is not this entity's: split it off into an entity of its own and
        never suggest it with the entity's other spellings again. One action, one undo."""
        with self._action("not a variant") as change:
            entity = self.entity(entity_id)
            change.name = f"{form!r} is not {entity.canonical!r}"
            new_id = self._split(change, entity, [form], None)
            self._reject_pairs(change, [tuple(sorted((form, other)))  # type: ignore[misc]
                                        for other in entity.forms if other != form])
        return self.entity(new_id)

    def _reject_pairs(self, change: Recorder, pairs: list[tuple[str, str]]) -> int:
        known = set(map(tuple, map(sorted, self.rejected_pairs())))
        added = 0
        for a, b in dict.fromkeys(pairs):
            if (a, b) not in known:
                change.insert("variant_rejections", {
                    "form_a": a, "form_b": b, "annotator": self.annotator, "at": now()})
                added += 1
        return added

    def accept_variants(
        self, forms: Iterable[str], *, canonical: str | None = None, label: str | None = None
    ) -> Entity:
        """The forms become one entity: a new one, or the entity some of them are in already
        (several such entities are merged). The canonical form is the most frequent form
        unless one is given; the type is the label most used on these forms unless given."""
        forms = list(dict.fromkeys(forms))
        if not forms:
            raise InvalidValue("name the forms to accept")
        with self._action(f"accept variants {' / '.join(forms)}") as change:
            if label is not None:
                self._require_label(label)
            entity_of_form = self.entity_of_forms()
            existing = sorted({entity_of_form[f] for f in forms if f in entity_of_form})
            if existing:
                entity_id = existing[0]
                target = self.entity(entity_id)
                for other_id in existing[1:]:
                    self._merge(change, entity_id, self.entity(other_id))
                self._add_forms(change, self.entity(entity_id), forms)
                updates = {}
                if canonical and canonical != target.canonical:
                    updates["canonical"] = canonical
                if label and label != target.label:
                    updates["label"] = label
                if updates:
                    change.update("entities", {"id": entity_id}, updates)
            else:
                chosen = canonical or self._most_frequent(forms)
                entity_id = self._create_entity(
                    change, chosen, label or self._usual_label(forms), [chosen, *forms])
        return self.entity(entity_id)

    def preannotate(
        self, entity_ids: Iterable[int] | None = None, progress: Progress | None = None
    ) -> PreannotationReport:
        """Tag every whole-word occurrence of the entities' forms as a suggested span linked
        to the entity, except where a span of that label is already there or a person
        rejected that suggestion before. One undoable action."""
        report = PreannotationReport()
        with self._action("pre-annotate") as change:
            chosen = [self.entity(i) for i in entity_ids] if entity_ids is not None \
                else self.entities()
            owner: dict[str, Entity] = {}
            for entity in chosen:
                if entity.label is None:
                    report.entities_without_type.append(entity.canonical)
                    continue
                for form in entity.forms:
                    owner[form] = entity
            total = self._conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            compiled = occurrences.pattern(owner)
            rows = self._conn.execute("SELECT seq, text FROM documents ORDER BY seq")
            for done, (seq, text) in enumerate(rows, 1):
                matches = [(m.start(), m.end(), m.group()) for m in compiled.finditer(text)] \
                    if compiled else []
                if matches:
                    self._preannotate_document(change, seq, matches, owner, report)
                if progress and (done % 200 == 0 or done == total):
                    progress(done, total)
        return report

    def _preannotate_document(
        self, change: Recorder, seq: int, matches: list[tuple[int, int, str]],
        owner: dict[str, Entity], report: PreannotationReport,
    ) -> None:
        spans = self._conn.execute(
            "SELECT start_char, end_char, label FROM spans WHERE doc_seq = ?", (seq,)).fetchall()
        rejected = {tuple(r) for r in self._conn.execute(
            "SELECT start_char, end_char, label FROM span_rejections WHERE doc_seq = ?", (seq,))}
        taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for start, end, label in spans:
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
                    "annotator": self.annotator, "created_at": now()})
                taken[label].append((start, end))
                report.added += 1

    def form_counts(self, forms: Iterable[str] | None = None) -> dict[str, int]:
        """Occurrences of each form in the corpus, whole words, counted as the variant
        table counts them (default: every spelling of every entity)."""
        wanted = list(forms) if forms is not None else \
            [form for entity in self.entities() for form in entity.forms]
        counts = dict.fromkeys(wanted, 0)
        for *_, form in self._occurrences(wanted):
            counts[form] += 1
        return counts

    def variant_table(self, contexts: int = 3, width: int = 40) -> list[VariantRow]:
        """Every entity with each of its forms: occurrences, documents and a few contexts."""
        entities = self.entities()
        uses = {(e.id, f): FormUse(f) for e in entities for f in e.forms}
        by_form: dict[str, list[int]] = defaultdict(list)
        for entity in entities:
            for form in entity.forms:
                assert entity.id is not None
                by_form[form].append(entity.id)
        for doc_id, text, start, end, form in self._occurrences(by_form):
            for entity_id in by_form[form]:
                use = uses[(entity_id, form)]
                use.count += 1
                use.documents.add(doc_id)
                if len(use.contexts) < contexts:
                    use.contexts.append((doc_id, _left(text, start, width), form,
                                         _right(text, end, width)))
        return [VariantRow(e, sorted((uses[(e.id, f)] for f in e.forms),
                                     key=lambda u: (-u.count, u.form))) for e in entities]

    def concordance(self, form: str, width: int = 40, limit: int = 200
                    ) -> list[tuple[str, str, str, str]]:
        """Keyword in context: (doc_id, left, form, right) for each occurrence of `form`."""
        lines = []
        for doc_id, text, start, end, found in self._occurrences([form]):
            lines.append((doc_id, _left(text, start, width), found, _right(text, end, width)))
            if len(lines) >= limit:
                break
        return lines

    def _occurrences(self, forms: Iterable[str]) -> Iterator[tuple[str, str, int, int, str]]:
        """(doc_id, text, start, end, form) for every whole-word occurrence of the forms."""
        compiled = occurrences.pattern(forms)
        if compiled is None:
            return
        for doc_id, text in self._texts():
            for match in compiled.finditer(text):
                yield doc_id, text, match.start(), match.end(), match.group()

    def _most_frequent(self, forms: list[str]) -> str:
        stats = self.mine_forms()
        return min(forms, key=lambda f: (-(stats[f].count if f in stats else 0), f.isupper(), f))

    def _usual_label(self, forms: list[str]) -> str | None:
        wanted = set(forms)
        counts: Counter[str] = Counter()
        rows = self._conn.execute(
            "SELECT s.label, substr(d.text, s.start_char + 1, s.end_char - s.start_char) "
            "FROM spans s JOIN documents d ON d.seq = s.doc_seq WHERE s.status = 'accepted'")
        for label, surface in rows:
            if surface in wanted:
                counts[label] += 1
        return counts.most_common(1)[0][0] if counts else None


def _left(text: str, start: int, width: int) -> str:
    return _one_line(text[max(0, start - width):start])


def _right(text: str, end: int, width: int) -> str:
    return _one_line(text[end:end + width])


def _one_line(text: str) -> str:
    """White space folded to single spaces, but kept where it is, so left + form + right
    reads as the text does ("Kazakhstan’s", not "Kazakhstan ’s")."""
    return re.sub(r"\s+", " ", text)
