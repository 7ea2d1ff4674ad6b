"""Translating a project's documents: split into sentences, translate in batches across
documents, save each document as soon as its sentences are done."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from annotator.core.tokenize import Sentence, bounded_sentences
from annotator.core.translations import TranslatedSentence
from annotator.store.project import Project
from annotator.translate.engines import Engine
from annotator.translate.routes import Route

# Sentences gathered from consecutive documents before one engine call: enough to fill
# CTranslate2 batches, small enough that little is lost if the run is stopped.
SENTENCES_PER_ROUND = 256
# A sentence longer than this is translated in pieces: about 120 SentencePiece tokens,
# well inside what Argos's models take (a text with no punctuation is one "sentence").
MAX_UNIT_CHARS = 500


@dataclass
class TranslationReport:
    routes: dict[str, Route] = field(default_factory=dict)
    translated: dict[str, int] = field(default_factory=dict)  # lang -> documents
    skipped: dict[str, int] = field(default_factory=dict)  # already translated, same packages
    # lang -> documents whose pivot started from the stored translation into the pivot
    reused: dict[str, int] = field(default_factory=dict)
    sentences: int = 0


def plan(project: Project, routes: dict[str, Route], doc_ids: Sequence[str],
         force: bool = False) -> dict[str, list[str]]:
    """lang -> the documents that still need translating with that route."""
    todo = {}
    for lang, route in routes.items():
        done = {} if force else project.translation_packages(lang)
        todo[lang] = [doc for doc in doc_ids if done.get(doc) != route.signature]
    return todo


def translate_documents(
    project: Project, engine: Engine, routes: dict[str, Route], doc_ids: Sequence[str], *,
    force: bool = False, progress: Callable[[int], None] | None = None,
) -> TranslationReport:
    """Translate `doc_ids` along each route (target language -> route). `progress` is
    called with the number of sentences finished."""
    report = TranslationReport(routes=dict(routes))
    # Direct routes first, so that a pivot (en>ru>kk) can start from the Russian just made.
    order = sorted(routes, key=lambda lang: len(routes[lang].packages))
    todo_by_lang = plan(project, routes, doc_ids, force)
    for lang in order:
        route, todo = routes[lang], todo_by_lang[lang]
        report.skipped[lang] = len(doc_ids) - len(todo)
        report.translated[lang] = 0
        done: dict[str, list[str]] = {}  # texts translated so far, of documents in pieces
        reused: set[str] = set()
        for pieces in _rounds(project, todo):
            inputs = _inputs(project, pieces, route, engine.name)
            translated: dict[tuple[str, int], list[str]] = {}
            for step_route, docs in inputs.items():
                if step_route != route:
                    reused.update(doc_id for (doc_id, _), _ in docs)
                texts = [text for _, piece_texts in docs for text in piece_texts]
                out = iter(engine.translate(texts, step_route, progress))
                for key, piece_texts in docs:
                    translated[key] = [next(out) for _ in piece_texts]
            for piece in pieces:
                texts = done.setdefault(piece.doc_id, [])
                texts.extend(translated[(piece.doc_id, piece.first)])
                if not piece.last:
                    continue
                units = piece.all_units
                project.save_translation(
                    piece.doc_id, lang,
                    [TranslatedSentence(s.start, s.end, text)
                     for s, text in zip(units, done.pop(piece.doc_id), strict=True)],
                    route=route.name, packages=route.signature, engine=engine.name)
                report.translated[lang] += 1
                report.sentences += len(units)
        if route.is_pivot and reused:
            report.reused[lang] = report.reused.get(lang, 0) + len(reused)
    return report


@dataclass(frozen=True)
class _Piece:
    """Some consecutive translation units of one document (a long document comes in several
    pieces, so no round holds more than SENTENCES_PER_ROUND units)."""

    doc_id: str
    all_units: list[Sentence]
    first: int
    count: int

    @property
    def units(self) -> list[Sentence]:
        return self.all_units[self.first:self.first + self.count]

    @property
    def last(self) -> bool:
        return self.first + self.count == len(self.all_units)


def _inputs(project: Project, pieces: list[_Piece], route: Route, engine: str
            ) -> dict[Route, list[tuple[tuple[str, int], list[str]]]]:
    """What to translate along which route: each piece's units along `route`, or, for a
    pivot whose first step the document already has stored (same package, engine and
    units), that stored translation along the rest of the route: the same text for less
    work."""
    inputs: dict[Route, list[tuple[tuple[str, int], list[str]]]] = {}
    rest = Route(route.packages[1:]) if route.is_pivot else None
    for piece in pieces:
        key = (piece.doc_id, piece.first)
        stored = _stored_first_step(project, piece, route, engine) if rest else None
        if rest is not None and stored is not None:
            inputs.setdefault(rest, []).append((key, stored))
        else:
            inputs.setdefault(route, []).append((key, [s.text for s in piece.units]))
    return inputs


def _stored_first_step(project: Project, piece: _Piece, route: Route, engine: str
                       ) -> list[str] | None:
    first = Route(route.packages[:1])
    lang = route.codes[1]
    stored = project.translations(piece.doc_id, [lang]).get(lang)
    if (stored is None or stored.packages != first.signature or stored.engine != engine
            or [(s.start, s.end) for s in stored.sentences]
            != [(s.start, s.end) for s in piece.all_units]):
        return None
    return [s.text for s in stored.sentences[piece.first:piece.first + piece.count]]


def translation_units(project: Project, doc_id: str) -> list[Sentence]:
    """The document's sentences, long ones cut to what a model translates well."""
    return bounded_sentences(project.sentences(doc_id), MAX_UNIT_CHARS)


def sentence_count(project: Project, doc_ids: Sequence[str]) -> int:
    return sum(len(translation_units(project, doc_id)) for doc_id in doc_ids)


def _rounds(project: Project, doc_ids: Sequence[str]) -> Iterator[list[_Piece]]:
    batch: list[_Piece] = []
    size = 0
    for doc_id in doc_ids:
        units = translation_units(project, doc_id)
        first = 0
        while True:
            count = min(len(units) - first, SENTENCES_PER_ROUND - size)
            batch.append(_Piece(doc_id, units, first, count))
            size += count
            first += count
            if size >= SENTENCES_PER_ROUND:
                yield batch
                batch, size = [], 0
            if first >= len(units):
                break
    if batch:
        yield batch
