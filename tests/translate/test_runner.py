"""The translation runner: documents split, translated in rounds, saved with provenance."""

from __future__ import annotations

from annotator.store import Project
from annotator.translate.engines import BatchEngine
from annotator.translate.packages import installed_packages
from annotator.translate.routes import find_route
from annotator.translate.runner import translate_documents


class RecordingEngine(BatchEngine):
    """The batch engine, noting which route each call took and how many sentences."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, int]] = []

    def translate(self, sentences, route, progress=None):
        self.calls.append((route.name, len(sentences)))
        return super().translate(sentences, route, progress)


def _routes(*langs):
    packages = installed_packages()
    return {lang: find_route(packages, "en", lang) for lang in langs}


def test_a_pivot_starts_from_the_russian_made_in_the_same_run(install, sample_project, target):
    install("en_ru", "ru_kk")
    doc_ids = [doc.id for doc in sample_project.list_documents()]
    engine = RecordingEngine()
    report = translate_documents(sample_project, engine, _routes("kk", "ru"), doc_ids)

    assert report.translated == {"ru": 5, "kk": 5}
    assert report.reused == {"kk": 5}
    assert {route for route, _ in engine.calls} == {"en>ru", "ru>kk"}, "en>ru ran once"
    assert sum(n for route, n in engine.calls if route == "en>ru") == report.sentences // 2

    # The same text as the whole pivot run on its own, and recorded as that route.
    alone = RecordingEngine()
    with Project.create(target("alone")) as other:
        from annotator.formats import open_source
        from helpers import SAMPLE_CORPUS

        other.import_documents(open_source(str(SAMPLE_CORPUS)))
        translate_documents(other, alone, _routes("kk"), doc_ids)
        assert {route for route, _ in alone.calls} == {"en>ru>kk"}
        for doc_id in doc_ids:
            ours = sample_project.translations(doc_id, ["kk"])["kk"]
            theirs = other.translations(doc_id, ["kk"])["kk"]
            assert ours.sentences == theirs.sentences
            assert (ours.route, ours.packages) == (theirs.route, theirs.packages) == (
                "en>ru>kk", _routes("kk")["kk"].signature)


def test_a_stored_russian_from_other_packages_is_not_reused(install, sample_project):
    install("en_ru", "ru_kk")
    doc_ids = [doc.id for doc in sample_project.list_documents()]
    first = doc_ids[0]
    translate_documents(sample_project, BatchEngine(), _routes("ru"), [first])
    sample_project.save_translation(
        first, "ru", sample_project.translations(first, ["ru"])["ru"].sentences,
        route="en>ru", packages="someone-else@9", engine="ctranslate2")

    engine = RecordingEngine()
    translate_documents(sample_project, engine, _routes("kk"), [first])
    assert [route for route, _ in engine.calls] == ["en>ru>kk"]


def test_a_long_document_without_punctuation_goes_to_the_model_in_bounded_pieces(
        install, tmp_path):
    from annotator.core.records import Incoming
    from annotator.translate.runner import MAX_UNIT_CHARS, SENTENCES_PER_ROUND

    install("en_ru", "ru_kk")
    text = "Vassilenko met Tokayev in Astana " * 6000 + "x" * 2500  # 200 KB, no sentence end
    engine = RecordingEngine()
    lengths: list[int] = []
    translate = engine.translate

    def recording(sentences, route, progress=None):
        if route.codes[0] == "en":  # a pivot's second step reads the model's own output
            lengths.extend(len(s) for s in sentences)
        return translate(sentences, route, progress)

    engine.translate = recording
    with Project.create(tmp_path / "long.db") as project:
        project.import_documents([Incoming("long", text, "t", None)])
        report = translate_documents(project, engine, _routes("ru", "kk"), ["long"])
        ru = project.translation("long", "ru")
        kk = project.translation("long", "kk")
    assert max(lengths) <= MAX_UNIT_CHARS
    assert max(n for _, n in engine.calls) <= SENTENCES_PER_ROUND
    assert report.translated == {"ru": 1, "kk": 1} and report.reused == {"kk": 1}
    assert [(s.start, s.end) for s in ru.sentences] == [(s.start, s.end) for s in kk.sentences]
    covered = "".join(text[s.start:s.end] for s in ru.sentences)
    assert covered.replace(" ", "") == text.replace(" ", "")
