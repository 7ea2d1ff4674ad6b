"""Translating a project's documents: split into sentences, translate in batches across
documents, save each document as soon as its sentences are done."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from annotator.core.translations import TranslatedSentence
from annotator.store.project import Project
from annotator.translate.engines import Engine
from annotator.translate.routes import Route

# Sentences gathered from consecutive documents before one engine call: enough to fill
# CTranslate2 batches, small enough that little is lost if the run is stopped.
SENTENCES_PER_ROUND = 256


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
        for batch in _rounds(project, todo):
            inputs = _inputs(project, batch, route, engine.name)
            if route.is_pivot:
                report.reused[lang] = report.reused.get(lang, 0) + sum(
                    len(docs) for step, docs in inputs.items() if step != route)
            translated: dict[str, list[str]] = {}
            for step_route, docs in inputs.items():
                texts = [text for _, doc_texts in docs for text in doc_texts]
                out = iter(engine.translate(texts, step_route, progress))
                for doc_id, doc_texts in docs:
                    translated[doc_id] = [next(out) for _ in doc_texts]
            for doc_id, doc_sentences in batch:
                project.save_translation(
                    doc_id, lang,
                    [TranslatedSentence(s.start, s.end, text)
                     for s, text in zip(doc_sentences, translated[doc_id], strict=True)],
                    route=route.name, packages=route.signature, engine=engine.name)
                report.translated[lang] += 1
            report.sentences += sum(len(doc_sentences) for _, doc_sentences in batch)
    return report


def _inputs(project: Project, batch: list[tuple[str, list]], route: Route, engine: str
            ) -> dict[Route, list[tuple[str, list[str]]]]:
    """What to translate along which route: each document's sentences along `route`, or,
    for a pivot whose first step the document already has stored (same package, engine and
    sentences), that stored translation along the rest of the route: the same text for
    less work."""
    inputs: dict[Route, list[tuple[str, list[str]]]] = {}
    rest = Route(route.packages[1:]) if route.is_pivot else None
    for doc_id, sentences in batch:
        stored = _stored_first_step(project, doc_id, route, engine, sentences) if rest else None
        if rest is not None and stored is not None:
            inputs.setdefault(rest, []).append((doc_id, stored))
        else:
            inputs.setdefault(route, []).append((doc_id, [s.text for s in sentences]))
    return inputs


def _stored_first_step(project: Project, doc_id: str, route: Route, engine: str,
                       sentences: list) -> list[str] | None:
    first = Route(route.packages[:1])
    lang = route.codes[1]
    stored = project.translations(doc_id, [lang]).get(lang)
    if (stored is None or stored.packages != first.signature or stored.engine != engine
            or [(s.start, s.end) for s in stored.sentences]
            != [(s.start, s.end) for s in sentences]):
        return None
    return [s.text for s in stored.sentences]


def sentence_count(project: Project, doc_ids: Sequence[str]) -> int:
    return sum(len(project.sentences(doc_id)) for doc_id in doc_ids)


def _rounds(project: Project, doc_ids: Sequence[str]) -> Iterator[list[tuple[str, list]]]:
    batch: list[tuple[str, list]] = []
    size = 0
    for doc_id in doc_ids:
        sentences = project.sentences(doc_id)
        batch.append((doc_id, sentences))
        size += len(sentences)
        if size >= SENTENCES_PER_ROUND:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
