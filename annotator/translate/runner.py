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
    for lang, todo in plan(project, routes, doc_ids, force).items():
        route = routes[lang]
        report.skipped[lang] = len(doc_ids) - len(todo)
        report.translated[lang] = 0
        for batch in _rounds(project, todo):
            sentences = [s.text for _, doc_sentences in batch for s in doc_sentences]
            translated = iter(engine.translate(sentences, route, progress))
            for doc_id, doc_sentences in batch:
                project.save_translation(
                    doc_id, lang,
                    [TranslatedSentence(s.start, s.end, next(translated)) for s in doc_sentences],
                    route=route.name, packages=route.signature, engine=engine.name)
                report.translated[lang] += 1
            report.sentences += len(sentences)
    return report


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
