"""The Project facade: the one way the CLI, the TUI and scripts read and change a project.

Each method that changes something is one action: one transaction, committed before the
method returns, recorded in the history for undo under the annotator's name. Actions nest
(`with project.action("..."):` around several calls makes them one undo step, through
savepoints). The work itself is done by modules of functions by concern; this class only
opens actions and delegates.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from annotator.agreement import AgreementReport
from annotator.core.errors import ConnectionLost, InputProblem, InvalidValue
from annotator.core.models import (
    DEFAULT_LABELS,
    Document,
    DocumentStatus,
    Entity,
    Label,
    LabelSet,
    Span,
    SpanStatus,
)
from annotator.core.records import Incoming, IncomingEntity
from annotator.core.token_offsets import TokenOffsets
from annotator.core.tokenize import Sentence, Token
from annotator.core.translations import DocumentTranslation, TranslatedSentence
from annotator.store import (
    adjudication,
    agreement_data,
    assignments,
    document_tokens,
    documents,
    entities,
    export,
    form_index,
    history,
    importing,
    labels,
    members,
    spans,
    suggestion_cache,
    translations,
    variant_decisions,
)
from annotator.store.backends import DEFAULT_LOGIN, Database, open_database
from annotator.store.documents import DocumentSummary
from annotator.store.history import HistoryEntry, Recorder
from annotator.store.location import (
    ANNOTATOR_ENV,
    DEFAULT_PROJECT,
    PROJECT_ENV,
    default_annotator,
    default_project_path,
    is_server,
)
from annotator.store.members import Member
from annotator.store.stats import ProjectStats, project_stats
from annotator.store.values import as_enum, now, valid_annotator_name
from annotator.store.variant_decisions import PreannotationReport, Progress
from annotator.variants.candidates import FormStats
from annotator.variants.cyrillic import CyrillicProposal
from annotator.variants.report import VariantReport
from annotator.variants.suggest import Suggestion
from annotator.variants.table import VariantRow

WORKFLOWS = ("shared", "double")
# Forms mined from the corpus, and the corpus version (documents, last seq) they are of.
MinedForms = tuple[tuple[int, int], dict[str, FormStats]]


class Project:
    """A project: documents, labels, spans, entities, translations and history."""

    def __init__(self, db: Database, annotator: str | None, target: str) -> None:
        self.db = db
        # On a server, who you are is who you logged in as; on a file, who you say.
        who = db.authenticated_user() or annotator or default_annotator()
        self.annotator = valid_annotator_name(who)
        self._target = target  # how to reach the project again (may hold credentials)
        self._layer: str | None = None  # a layer chosen over the workflow's (use_layer)
        self._workflow: str | None = None
        self._change: Recorder | None = None
        self._mined: MinedForms | None = None
        # The labels each spelling is tagged with (homonym flags), while no span changes.
        self._labels: tuple[tuple, dict] | None = None

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def create(cls, target: str | os.PathLike, *, labels: LabelSet | None = None,
               annotator: str | None = None) -> Self:
        if not is_server(target):
            if Path(target).exists():
                raise _exists(target)
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        project = cls(open_database(target, create=True, user=_login(target, annotator)),
                      annotator, str(target))
        if not project._initialise(labels):
            project.close()
            raise _exists(target)
        return project

    @classmethod
    def open(cls, target: str | os.PathLike, *, annotator: str | None = None,
             create: bool = False) -> Self:
        """Open a project; with `create`, make it first where there is none yet."""
        if create and not is_server(target) and not Path(target).exists():
            return cls.create(target, annotator=annotator)
        project = cls(open_database(target, create=create, user=_login(target, annotator)),
                      annotator, str(target))
        if create:
            project._initialise(None)
        return project

    def _initialise(self, label_set: LabelSet | None) -> bool:
        """Give a new project its label set; False when it has one already."""
        with self.db.transaction():
            if self.db.scalar("SELECT count(*) FROM labels"):
                return False
            self.db.execute("INSERT INTO project_info VALUES ('created_at', ?), "
                            "('created_by', ?)", (now(), self.annotator))
            self.db.execute("INSERT INTO members VALUES (?, 'owner', ?, ?)",
                            (self.annotator, self.annotator, now()))
            for position, label in enumerate((label_set or DEFAULT_LABELS).labels):
                self.db.execute("INSERT INTO labels VALUES (?, ?, ?, ?)",
                                (label.name, label.key, label.color, position))
        return True

    def reopen(self) -> Project:
        """The same project as the same annotator on a connection of its own (for a worker
        thread or process)."""
        return Project.open(self._target, annotator=self.annotator)

    @property
    def location(self) -> str:
        """Where the project is, as messages name it (a path; a URL without password)."""
        return self.db.location

    @property
    def name(self) -> str:
        return Path(self.db.location.rstrip("/")).stem

    @property
    def path(self) -> Path:
        """The project file (a server project has none: see `location`)."""
        files = self.db.files()
        if not files:
            raise AttributeError(f"{self.location} is a server project, not a file")
        return files[0]

    @property
    def target(self) -> str:
        """What opens this project again (`-p`, `Project.open`). A server URL may hold a
        password here: pass it on, never show it (`location` is for showing)."""
        return self._target

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    def files(self) -> list[Path]:
        return self.db.files()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- actions -------------------------------------------------------------------------------

    @contextmanager
    def action(self, name: str) -> Iterator[Recorder]:
        """One user action: one transaction, one entry in the history. Inside another
        action it is a savepoint of that one (several calls, one undo step)."""
        if self._change is not None:
            change = self._change
            change.nested += 1
            recorded = len(change.changes)
            try:
                with self.db.transaction():
                    yield change
            except BaseException:
                del change.changes[recorded:]  # rolled back to the savepoint: not done
                raise
            finally:
                change.nested -= 1
            return
        change = Recorder(self.db, self.annotator, name, self.layer)
        self._change = change
        try:
            with self.db.transaction():
                yield change
                change.save()
        except ConnectionLost as lost:
            # Dropped while the server committed: the history says whether it did.
            if not (lost.during_commit and history.was_saved(self.db, change)):
                raise ConnectionLost(f"{lost} The action '{change.name}' was not saved; do "
                                     "it again.") from None
        finally:
            self._change = None

    # -- workflow and layers -------------------------------------------------------------------

    @property
    def workflow(self) -> str:
        """"shared": everyone edits one common layer (gold); "double": each annotator works
        in a layer of their own, and reviewers settle the differences into gold."""
        if self._workflow is None:
            self._workflow = self.db.scalar(
                "SELECT value FROM project_info WHERE key = 'workflow'") or "shared"
        return self._workflow

    def set_workflow(self, workflow: str) -> None:
        if workflow not in WORKFLOWS:
            raise InvalidValue(f"{workflow!r} is not a workflow (one of {', '.join(WORKFLOWS)})")
        with self.db.transaction():
            self.db.execute("DELETE FROM project_info WHERE key = 'workflow'")
            self.db.execute("INSERT INTO project_info VALUES ('workflow', ?)", (workflow,))
        self._workflow = workflow

    @property
    def layer(self) -> str:
        """Where your spans go and what you see: gold in the shared workflow, your own
        layer in the double one (unless `use_layer` chose another, as a reviewer does)."""
        if self._layer is not None:
            return self._layer
        return "gold" if self.workflow == "shared" else self.annotator

    def use_layer(self, layer: str | None) -> None:
        """Work in `layer` ("gold", or an annotator's); None: the workflow's choice."""
        self._layer = layer

    def layers(self) -> list[str]:
        """Every layer that holds spans: gold first, then annotators'."""
        found = [r[0] for r in self.db.rows("SELECT DISTINCT layer FROM spans ORDER BY layer")]
        return ["gold", *[layer for layer in found if layer != "gold"]]

    def assign(self, annotators: Sequence[str], *, overlap: int = 1, fraction: float = 1.0,
               seed: int = 0) -> assignments.AssignmentReport:
        """Give every document without annotators to `overlap` of them (a `fraction` of the
        documents; the rest to one), balanced; one undoable action."""
        with self.action("assign") as change:
            return assignments.assign(change, list(annotators), overlap, fraction, seed)

    def assignment_progress(self) -> list[assignments.Progress]:
        return assignments.progress(self.db)

    def annotators_of(self, doc_id: str) -> list[str]:
        """Who the document is assigned to."""
        return assignments.annotators_of(self.db, documents.row(self.db, doc_id)["seq"])

    def agreement(self, annotators: Sequence[str] | None = None, label: str | None = None,
                  progress: Progress | None = None) -> AgreementReport:
        """How far the annotators agree, over the documents two or more of them finished
        (of `annotators`, or everyone's; only spans of `label` if given)."""
        from annotator.agreement import measure

        if label is not None:
            labels.require(self.db, label)
        chosen = agreement_data.finished(self.db, list(annotators) if annotators else None)
        total = len(chosen)
        return measure(agreement_data.documents(self.db, chosen, label),
                       self.labels().names(),
                       progress=(lambda done: progress(done, total)) if progress else None)

    # -- adjudication ------------------------------------------------------------------------

    def review(self, doc_id: str) -> adjudication.ReviewDocument:
        """The document as a reviewer sees it: every annotator's spans, and gold."""
        return adjudication.review(self.db, doc_id)

    def take_span(self, span_id: int) -> Span:
        """Copy an annotator's span into gold (replacing the gold spans of its label it
        overlaps); returns the gold span."""
        with self.action("take span") as change:
            taken = adjudication.take(change, span_id)
        return self.span(taken)

    def reject_from_gold(self, doc_id: str, start: int, end: int, label: str) -> None:
        """Keep a span out of gold (removing it there if it is in): a reviewer's no."""
        with self.action("reject from gold") as change:
            adjudication.reject(change, doc_id, start, end, label)

    def take_agreed(self, doc_id: str, *, majority: bool = False) -> int:
        """Copy into gold what the document's annotators agree on; returns how many spans."""
        with self.action("take agreed") as change:
            return adjudication.take_agreed(change, doc_id, majority)

    def adjudicate(self, mode: str = "agreed", progress: Progress | None = None
                   ) -> adjudication.AdjudicationReport:
        """`take_agreed` over every document its annotators all finished, marking those
        left with no dispute adjudicated; one undoable action."""
        with self.action(f"adjudicate ({mode})") as change:
            return adjudication.auto(change, mode, progress)

    def set_adjudicated(self, doc_id: str, done: bool = True) -> DocumentStatus:
        """Mark the document's gold adjudicated (done), or open it again."""
        with self.action("adjudicated") as change:
            change.layer = "gold"
            return documents.set_status(
                change, doc_id, DocumentStatus.DONE if done else DocumentStatus.IN_PROGRESS)

    def adjudication_progress(self) -> tuple[int, int]:
        """(documents adjudicated, documents assigned to annotators)."""
        return (self.db.scalar("SELECT count(*) FROM documents d WHERE status = 'done' AND "
                               "EXISTS (SELECT 1 FROM assignments a WHERE a.doc_seq = d.seq)"),
                self.db.scalar("SELECT count(DISTINCT doc_seq) FROM assignments"))

    def gold_provenance(self) -> adjudication.GoldProvenance:
        """How gold came about in the adjudicated documents (for a dataset card)."""
        return adjudication.provenance(self.db)

    # -- labels --------------------------------------------------------------------------------

    def labels(self) -> LabelSet:
        return labels.load(self.db)

    def add_label(self, name: str, *, key: str | None = None, color: str | None = None) -> Label:
        with self.action(f"add label {name}") as change:
            return labels.add(change, name, key=key, color=color)

    def update_label(self, name: str, *, new_name: str | None = None, key: str | None = None,
                     color: str | None = None) -> Label:
        with self.action(f"edit label {name}") as change:
            return labels.update(change, name, new_name=new_name, key=key, color=color)

    def remove_label(self, name: str) -> None:
        with self.action(f"remove label {name}") as change:
            labels.remove(change, name)

    # -- documents -----------------------------------------------------------------------------

    def document_count(self, status: DocumentStatus | str | None = None) -> int:
        return documents.count(self.db, status)

    def list_documents(self, *, offset: int = 0, limit: int = 100,
                       status: DocumentStatus | str | None = None, search: str | None = None,
                       label: str | None = None, entity: str | None = None,
                       queue: bool = False) -> list[DocumentSummary]:
        """A page of documents in import order, as your layer sees them; lists in the UI
        fetch page by page. `queue`: only the documents assigned to you."""
        return documents.page(self.db, offset=offset, limit=limit, status=status,
                              search=search, label=label, entity=entity, layer=self.layer,
                              queue=queue)

    def summary(self, doc_id: str) -> DocumentSummary:
        return documents.summary(self.db, doc_id, self.layer)

    def document_ids(self, status: DocumentStatus | str | None = None, *,
                     queue: bool = False) -> list[str]:
        return documents.ids(self.db, status, self.layer, queue)

    def status_in_layer(self, doc_id: str, layer: str | None = None) -> DocumentStatus:
        """The document's status in a layer (yours by default)."""
        return documents.status_in(self.db, doc_id, layer or self.layer)

    def document(self, doc_id: str) -> Document:
        return documents.get(self.db, doc_id)

    def tokens(self, doc_id: str) -> list[Token]:
        return documents.tokens(self.db, doc_id)

    def sentences(self, doc_id: str) -> list[Sentence]:
        return documents.sentences(self.db, doc_id)

    def set_document_status(self, doc_id: str, status: DocumentStatus | str) -> DocumentStatus:
        with self.action("mark document") as change:
            return documents.set_status(change, doc_id, status)

    def set_document_statuses(self, doc_ids: Sequence[str], status: DocumentStatus | str
                              ) -> DocumentStatus:
        """Several documents at once: one action (one undo), all or none."""
        marked = as_enum(DocumentStatus, status, "document status")
        with self.action("mark documents") as change:
            for doc_id in doc_ids:
                documents.set_status(change, doc_id, marked)
            if len(doc_ids) > 1:
                change.name = f"mark {len(doc_ids)} documents {marked.value}"
        return marked

    # -- spans ---------------------------------------------------------------------------------

    def spans(self, doc_id: str, status: SpanStatus | str | None = None,
              layer: str | None = None) -> list[Span]:
        """The document's spans in `layer` (yours by default)."""
        return spans.of_document(self.db, doc_id, status, layer or self.layer)

    def span(self, span_id: int) -> Span:
        return spans.get(self.db, span_id)

    def add_span(self, doc_id: str, start: int, end: int, label: str, *,
                 status: SpanStatus | str = SpanStatus.ACCEPTED,
                 entity_id: int | None = None, entity: str | None = None) -> Span:
        """Same-label spans may not overlap; spans of different labels may nest or overlap.
        An accepted span replaces the suggestions it overlaps, never an accepted span.
        `entity`: link to the entity of that id, canonical form or spelling, created (with
        the label as its type) when there is none; one action all the same."""
        with self.action("tag") as change:
            if entity is not None:
                span_id = spans.add_named(change, doc_id, start, end, label, entity, status)
            else:
                span_id = spans.add(change, doc_id, start, end, label, status=status,
                                    entity_id=entity_id)
        return self.span(span_id)

    def listed_spans(self, doc_id: str | None = None, status: SpanStatus | str | None = None
                     ) -> Iterator[tuple[Span, str, str | None]]:
        """(span, its text, its entity's canonical form) in your layer, every document's
        in import order unless `doc_id` names one."""
        return spans.listed(self.db, self.layer, doc_id, status)

    def remove_span(self, span_id: int) -> Span:
        """Remove a span; returns it as it was."""
        with self.action("remove span") as change:
            return spans.remove(change, span_id)

    def relabel_span(self, span_id: int, label: str) -> Span:
        with self.action("relabel span") as change:
            spans.relabel(change, span_id, label)
        return self.span(span_id)

    def accept_span(self, span_id: int) -> Span:
        with self.action("accept suggestion") as change:
            spans.accept(change, span_id)
        return self.span(span_id)

    def reject_span(self, span_id: int) -> Span:
        """Remove a suggested span and remember it, so pre-annotation never offers it again;
        returns the suggestion as it was."""
        with self.action("reject suggestion") as change:
            return spans.reject(change, span_id)

    def accept_entity_suggestions(self, doc_id: str, entity_id: int) -> int:
        """Accept every suggestion linked to the entity in one document; returns how many."""
        with self.action("accept suggestions") as change:
            return spans.accept_of_entity(change, doc_id, entity_id)

    def link_span(self, span_id: int, entity_id: int | None) -> Span:
        """Link a span to an entity (its surface form joins the entity's forms), or unlink."""
        with self.action("link span") as change:
            spans.link(change, span_id, entity_id)
        return self.span(span_id)

    def link_span_to_new_entity(self, span_id: int, canonical: str,
                                label: str | None = None) -> Span:
        """Create an entity (typed with the span's label unless told) and link the span to
        it: one action, one undo."""
        with self.action("link to new entity") as change:
            spans.link_to_new_entity(change, span_id, canonical, label)
        return self.span(span_id)

    # -- entities ------------------------------------------------------------------------------

    def entity(self, entity_id: int) -> Entity:
        return entities.get(self.db, entity_id)

    def entities(self) -> list[Entity]:
        return entities.every(self.db)

    def find_entity(self, name: str) -> Entity:
        """An entity by id ("12"), canonical form, or any of its forms."""
        return entities.find(self.db, name)

    def entity_id(self, name: str) -> int:
        entity_id = self.find_entity(name).id
        assert entity_id is not None
        return entity_id

    def entity_of_forms(self) -> dict[str, int]:
        return entities.of_forms(self.db)

    def create_entity(self, canonical: str, *, label: str | None = None,
                      forms: Iterable[str] = (), note: str | None = None) -> Entity:
        """A new entity. Its forms may not be spellings of another entity (Conflict); the
        canonical form joins its forms unless another entity has that spelling."""
        with self.action(f"create entity {canonical!r}") as change:
            entity_id = entities.create(change, canonical, label, forms, note)
        return self.entity(entity_id)

    def rename_entity(self, entity_id: int, canonical: str) -> Entity:
        with self.action("rename entity") as change:
            entities.rename(change, entity_id, canonical)
        return self.entity(entity_id)

    def set_entity_type(self, entity_id: int, label: str | None) -> Entity:
        """Give the entity a type (a label of the project), or take it away (None)."""
        with self.action("type entity") as change:
            entities.set_type(change, entity_id, label)
        return self.entity(entity_id)

    def set_cyrillic_forms(self, entity_id: int, lang: str, forms: Iterable[str]) -> Entity:
        with self.action(f"{lang} forms") as change:
            entities.set_cyrillic(change, entity_id, lang, forms)
        return self.entity(entity_id)

    def merge_entities(self, target_id: int, other_id: int) -> Entity:
        """Fold `other` into `target`: its forms, Cyrillic forms and spans move over."""
        with self.action("merge entities") as change:
            entities.merge(change, target_id, other_id)
        return self.entity(target_id)

    def split_entity(self, entity_id: int, forms: Iterable[str],
                     canonical: str | None = None) -> Entity:
        """Move `forms` (and the spans written so) out of an entity into a new one."""
        with self.action("split entity") as change:
            new_id = entities.split(change, entity_id, forms, canonical)
        return self.entity(new_id)

    # -- variants ------------------------------------------------------------------------------

    def mine_forms(self, progress: Progress | None = None) -> dict[str, FormStats]:
        """Candidate forms of the whole corpus (cached until documents are added)."""
        version = variant_decisions.corpus_version(self.db)
        if self._mined is None or self._mined[0] != version:
            self._mined = (version, variant_decisions.mine_forms(self.db, progress))
        return self._mined[1]

    def mined(self) -> MinedForms | None:
        """The forms this project mined last and the corpus version they are of, if it did
        (a front end keeps them to pass back as `mined` from another connection)."""
        return self._mined

    def variant_suggestions(self, doc_id: str | None = None, progress: Progress | None = None,
                            mined: MinedForms | None = None, *,
                            possible: bool = False,
                            stage: Callable[[str], None] | None = None) -> list[Suggestion]:
        """Suggested variant clusters for the corpus, or those with a form in one document:
        the confident tier, and the possible tier too when asked. They are kept in the
        store: while nothing they rest on changes, a session reads them back instead of
        clustering again. `mined` reuses forms mined earlier (`mined()`: a front end keeps
        them), as long as no document was added since. `stage(what)` says what a long
        computation is doing (grouping half a million forms takes a while)."""
        if not self.db.read_only:
            form_index.catch_up(self.db, progress)
        version = suggestion_cache.version(self.db)
        found = suggestion_cache.get(self.db, version)
        if found is None:
            fresh = mined is not None and mined[0] == \
                variant_decisions.corpus_version(self.db)
            stats = mined[1] if mined is not None and fresh else self.mine_forms(progress)
            if stage:
                stage(f"grouping {len(stats):,} forms into suggestions (the corpus or the "
                      "decisions changed)")
            labels_version = variant_decisions.spans_version(self.db)
            if self._labels is None or self._labels[0] != labels_version:
                self._labels = (labels_version, variant_decisions.labels_of_forms(self.db))
            found = variant_decisions.suggestions(self.db, stats, possible=True,
                                                  labels=self._labels[1])
            if not self.db.read_only:
                suggestion_cache.put(self.db, version, found)
        if not possible:
            found = [s for s in found if s.tier == "confident"]
        if doc_id is not None:
            documents.row(self.db, doc_id)
            found = variant_decisions.concerning(self.db, found, doc_id)
        return found

    def suggestions_concerning(self, suggestions: list[Suggestion], doc_id: str
                               ) -> list[Suggestion]:
        """Of corpus-wide suggestions, those with a form in one document."""
        return variant_decisions.concerning(self.db, suggestions, doc_id)

    def rejected_pairs(self) -> list[frozenset[str]]:
        return variant_decisions.rejected_pairs(self.db)

    def reject_variants(self, forms: Iterable[str]) -> int:
        """Never suggest these forms together again (every pair among them)."""
        with self.action("reject variants") as change:
            return variant_decisions.reject(change, forms)

    def separate_variants(self, forms: Iterable[str], others: Iterable[str]) -> int:
        """Split a suggested cluster: never suggest `forms` together with `others` (each
        group may still be suggested on its own)."""
        with self.action("split suggestion") as change:
            return variant_decisions.separate(change, forms, others)

    def form_labels(self, forms: Iterable[str]) -> dict[str, Counter]:
        """The labels the accepted spans written as each of `forms` carry (homonyms: a TV
        channel tagged ORG that shares a spelling with the country)."""
        labels = variant_decisions.labels_of_forms(self.db)
        return {form: labels[form] for form in dict.fromkeys(forms) if form in labels}

    def usual_label(self, forms: Iterable[str]) -> str | None:
        """The label most used on these spellings: the type `accept_variants` gives when it
        is given none."""
        return variant_decisions.usual_label(self.db, forms)

    def accept_variants(self, forms: Iterable[str], *, canonical: str | None = None,
                        label: str | None = None) -> Entity:
        """The forms become one entity: a new one, or the entity some of them are in already
        (several such entities are merged). The canonical form is the most frequent form
        unless one is given; the type is the label most used on these forms unless given."""
        with self.action("accept variants") as change:
            entity_id = variant_decisions.accept(change, forms, canonical, label,
                                                 self.mine_forms)
        return self.entity(entity_id)

    def not_a_variant(self, entity_id: int, form: str) -> Entity:
        """The spelling is not this entity's: split it off into an entity of its own and
        never suggest it with the entity's other spellings again. One action, one undo."""
        with self.action("not a variant") as change:
            entity = entities.get(self.db, entity_id)
            new_id = entities.split(change, entity_id, [form])
            for other in entity.forms:
                if other != form:
                    variant_decisions.reject(change, [form, other])
            change.name = f"{form!r} is not {entity.canonical!r}"
        return self.entity(new_id)

    def preannotate(self, entity_ids: Iterable[int] | None = None,
                    progress: Progress | None = None) -> PreannotationReport:
        """Tag every whole-word occurrence of the entities' forms as a suggested span linked
        to the entity. One undoable action."""
        with self.action("pre-annotate") as change:
            return variant_decisions.preannotate(change, entity_ids, progress)

    def form_counts(self, forms: Iterable[str] | None = None) -> dict[str, int]:
        return variant_decisions.form_counts(self.db, forms)

    def variant_table(self, contexts: int = 3, width: int = 40) -> list[VariantRow]:
        return variant_decisions.table(self.db, contexts, width)

    def variant_report(self, contexts: int | None = None, width: int = 40,
                       progress: Progress | None = None) -> VariantReport:
        """The variant table for linguists: entities with every spelling and `contexts`
        contexts of each (None: all), document titles and dates, pending suggestions,
        rejected pairs and Cyrillic proposals."""
        return variant_decisions.report(self.db, self.variant_suggestions(progress=progress),
                                        contexts, width)

    def concordance(self, form: str, width: int = 40, limit: int = 200
                    ) -> list[tuple[str, str, str, str]]:
        return variant_decisions.concordance(self.db, form, width, limit)

    # -- translations --------------------------------------------------------------------------

    def save_translation(self, doc_id: str, lang: str, sentences: Sequence[TranslatedSentence],
                         *, route: str, packages: str, engine: str) -> None:
        """Machine output, not an undoable action: a transaction of its own."""
        with self.db.transaction():
            translations.save(self.db, doc_id, lang, sentences, route=route,
                              packages=packages, engine=engine)

    def translation(self, doc_id: str, lang: str) -> DocumentTranslation | None:
        return self.translations(doc_id, [lang]).get(lang)

    def translations(self, doc_id: str, langs: Iterable[str] | None = None
                     ) -> dict[str, DocumentTranslation]:
        return translations.of_document(self.db, doc_id, langs)

    def translation_packages(self, lang: str) -> dict[str, str]:
        return translations.packages_by_document(self.db, lang)

    def translation_counts(self) -> dict[str, int]:
        return translations.counts(self.db)

    def translation_languages(self) -> list[str]:
        return translations.languages(self.db)

    def cyrillic_proposals(self, entity_id: int) -> list[CyrillicProposal]:
        return translations.cyrillic_proposals(self.db, entity_id)

    # -- export --------------------------------------------------------------------------------

    def export_count(self, *, all_documents: bool = False, layer: str = "gold") -> int:
        return export.count(self.db, all_documents=all_documents, layer=layer)

    def export_documents(self, *, all_documents: bool = False, suggested: bool = False,
                         layer: str = "gold") -> export.ExportSelection:
        """Documents in import order with their spans in `layer`: gold (the common layer,
        or the adjudicated one in the double workflow), or an annotator's. Only those done
        there (adjudicated, or finished by the annotator) unless `all_documents`; accepted
        spans, and suggested ones too (marked as such) when `suggested`."""
        return export.ExportSelection(self.db, self._target, self.annotator, all_documents,
                                      suggested, layer)

    def export_annotations(self, *, all_documents: bool = False):
        """Each annotator's own layer per document (double annotation): the documents they
        finished, or all they were assigned."""
        return export.annotator_layers(self.db, all_documents=all_documents)

    def export_documents_at(self, seqs: Sequence[int], *, suggested: bool = False,
                            layer: str = "gold"):
        return export.documents_at(self.db, seqs, suggested=suggested, layer=layer)

    def keep_token_offsets(self, computed: Sequence[tuple[str, TokenOffsets]]) -> int:
        """Keep the token offsets an export had to compute (documents of a project made
        before the store kept them), so the next export reads them instead."""
        return document_tokens.keep_computed(self.db, computed)

    def confirm_complete(self, written: int, expected: int) -> None:
        """After an export: fewer documents read than the project lists may mean pages that
        SQLite could not follow (a damaged file), which it does not always report."""
        from annotator.store import health

        if written >= expected:
            return
        problems = self.db.check()
        if problems:
            self.db.note_damage(problems[0])
            raise health.ProjectDamaged(
                f"{self.location} is damaged: {expected} documents are listed, {written} could "
                f"be read ({problems[0]}). Restore a backup, or recover what is readable with "
                f"`sqlite3 {self.location} .recover | sqlite3 recovered.db`.")

    # -- history -------------------------------------------------------------------------------

    def undo(self) -> HistoryEntry | None:
        """Undo this annotator's latest action still in effect; None when there is none.
        An undo that would overwrite a later change or break an invariant raises
        UndoRefused (nothing is changed); `drop_undo` then lets the history go on."""
        with self.db.transaction():
            return history.undo(self.db, self.annotator)

    def redo(self) -> HistoryEntry | None:
        with self.db.transaction():
            return history.redo(self.db, self.annotator)

    def drop_undo(self, entry_id: int | None = None) -> HistoryEntry:
        """Keep one of your actions as it is (by default the one undo would take) and stop
        offering to undo it: the next undo goes to the action before it."""
        with self.db.transaction():
            return history.drop(self.db, self.annotator, entry_id, undone=False)

    def drop_redo(self, entry_id: int | None = None) -> HistoryEntry:
        """Forget an undone action that can no longer be redone (by default the next)."""
        with self.db.transaction():
            return history.drop(self.db, self.annotator, entry_id, undone=True)

    def history(self, limit: int = 20, *, everyone: bool = False) -> list[HistoryEntry]:
        return history.entries(self.db, None if everyone else self.annotator, limit)

    # -- import and overview -------------------------------------------------------------------

    def import_documents(
        self, items: Iterable[Incoming | IncomingEntity | InputProblem], *, strict: bool = False,
        add_labels: bool = False, spans_as: SpanStatus | str | None = None,
        progress: Callable[[], None] | None = None, batch_size: int = 1000,
        layer: str = "gold", update: bool = False, keep_duplicates: bool = False,
    ) -> importing.ImportReport:
        """Import in batches of `batch_size` records, each batch one transaction (or the
        whole import one transaction with `strict`, rolled back at any problem).
        `spans_as` overrides the status of every imported span (e.g. model predictions);
        `layer` is where the imported spans go (gold, or an annotator's). A record with the
        text of a stored document under another id becomes another id of it (an alias, in
        the report), or with `keep_duplicates` a document of its own. `update`: a known
        document takes the record's status and metadata."""
        return self.import_sources(
            [("", items)], strict=strict, add_labels=add_labels, spans_as=spans_as,
            progress=(lambda _: progress()) if progress else None, batch_size=batch_size,
            layer=layer, update=update, keep_duplicates=keep_duplicates)[0]

    def import_sources(
        self, sources: Sequence[tuple[str, Iterable[Incoming | IncomingEntity | InputProblem]]], *,
        strict: bool = False, add_labels: bool = False, spans_as: SpanStatus | str | None = None,
        progress: Callable[[int], None] | None = None, batch_size: int = 1000,
        layer: str = "gold", update: bool = False, keep_duplicates: bool = False,
        tokenize_beside: bool = False,
    ) -> list[importing.ImportReport]:
        """Several (name, records) sources: one report each. With `strict`, all of them are
        one transaction: any problem in any source, and nothing is written.
        `tokenize_beside`: the documents' token offsets (kept for exports) are made in a
        worker process beside the import from its second batch on, not in this one (the
        caller's main module must then be import-safe, as spawned processes import it)."""
        status = as_enum(SpanStatus, spans_as, "span status").value if spans_as else None
        if layer != "gold":
            valid_annotator_name(layer)
        return importing.run(self.db, sources, annotator=self.annotator, strict=strict,
                             add_labels=add_labels, spans_as=status, progress=progress,
                             batch_size=batch_size, layer=layer, update=update,
                             keep_duplicates=keep_duplicates, tokenize_beside=tokenize_beside)

    # -- members -------------------------------------------------------------------------------

    def members(self) -> list[Member]:
        return members.every(self.db)

    def role_of(self, name: str | None = None) -> str | None:
        """A member's role (yours by default); None for someone not granted one."""
        return members.role_of(self.db, name or self.annotator)

    def grant(self, name: str, role: str = "annotator") -> Member:
        """Make `name` an annotator or reviewer of the project (on a server, their login
        role also gets access to the project's tables)."""
        with self.db.transaction():
            return members.grant(self.db, name, role, self.annotator)

    def revoke(self, name: str) -> None:
        with self.db.transaction():
            members.revoke(self.db, name, self.annotator)

    def others_changed(self) -> bool:
        """Whether another annotator (or another connection) saved something since the last
        call: what a live view polls."""
        return self.db.others_committed()

    def stats(self) -> ProjectStats:
        return project_stats(self.db)

    def check(self, full: bool = False) -> list[str]:
        """The store's own consistency check: [] when sound."""
        return self.db.check(full)


def _login(target: str | os.PathLike, annotator: str | None) -> str | None:
    """On a server, the role to log in as when the URL names none: the annotator asked for
    (--annotator), else $ANNOTATOR_NAME marked as only a default (the URL's user wins over
    it, while a different --annotator is refused); libpq's own default (PGUSER) otherwise."""
    if not is_server(target):
        return None
    if annotator:
        return annotator
    default = os.environ.get(ANNOTATOR_ENV)
    return f"{DEFAULT_LOGIN}{default}" if default else None


def _exists(target: str | os.PathLike):
    from annotator.core.errors import ProjectError

    return ProjectError(f"{target} already exists")


__all__ = [
    "ANNOTATOR_ENV", "DEFAULT_PROJECT", "PROJECT_ENV", "DocumentSummary", "PreannotationReport",
    "Project", "VariantRow", "default_annotator", "default_project_path",
]
