"""The batch path (CTranslate2 driven directly) against argostranslate's own translate(),
on real packages and the sample corpus's sentences; routes direct and pivot."""

from __future__ import annotations

import pytest

from annotator.core.errors import NoRoute
from annotator.core.tokenize import split_sentences
from annotator.translate.engines import ArgosEngine, BatchEngine, TranslateOptions
from annotator.translate.packages import installed_packages
from annotator.translate.routes import all_routes, find_route
from helpers import SAMPLE_CORPUS


@pytest.fixture(scope="module")
def corpus_sentences() -> list[str]:
    return [s.text for path in sorted(SAMPLE_CORPUS.glob("*.txt"))
            for s in split_sentences(path.read_text("utf-8"))]


def test_argostranslate_itself_translates_with_the_installed_package(install):
    install("en_ru")
    from argostranslate import translate

    assert translate.translate("Roman Vassilenko met Tokayev.", "en", "ru") == \
        "Роман Вассиленко мет Токайев."


def test_the_batch_path_gives_argostranslates_text_sentence_for_sentence(
        install, corpus_sentences):
    install("en_ru")
    route = find_route(installed_packages(), "en", "ru")
    batch = BatchEngine(TranslateOptions(batch_size=16)).translate(corpus_sentences, route)
    reference = ArgosEngine().translate(corpus_sentences, route)
    assert len(batch) == len(corpus_sentences) > 50
    assert len(set(batch)) == len(set(corpus_sentences))  # the output follows the input
    # Argos splits each text again with its own splitter and joins the parts' tokens; where
    # it cuts one of our sentences in two (a closing quote after the full stop), a space
    # appears at the cut. Everywhere else the text is the same to the character.
    _assert_same_text(corpus_sentences, batch, reference)


def _assert_same_text(sentences, ours, theirs):
    from argostranslate import translate

    splitter = translate.get_language_from_code("en").get_translation(
        translate.get_language_from_code("ru")).underlying.sentencizer
    exact = 0
    for sentence, mine, reference in zip(sentences, ours, theirs, strict=True):
        if len(splitter.split_sentences(sentence)) == 1:
            assert mine == reference
            exact += 1
        else:
            assert mine.replace(" ", "") == reference.replace(" ", "")
    assert exact >= 0.9 * len(sentences)


def test_kazakh_pivots_through_russian_when_no_direct_package(install, corpus_sentences):
    install("en_ru", "ru_kk")
    route = find_route(installed_packages(), "en", "kk")
    assert route.name == "en>ru>kk" and route.is_pivot
    assert route.describe() == ("en → ru → kk (pivot through ru: translate-en_ru-0_1, "
                                "translate-ru_kk-0_1)")
    sentences = corpus_sentences[:20]
    batch = BatchEngine().translate(sentences, route)
    _assert_same_text(sentences, batch, ArgosEngine().translate(sentences, route))
    # ...which is also what argostranslate's own automatic pivot gives.
    from argostranslate import translate

    composite = translate.get_translation_from_codes("en", "kk")
    _assert_same_text(sentences, batch, [composite.translate(s) for s in sentences])
    assert any("қа" in text.lower() for text in batch)  # the ru->kk step did its part


def test_a_direct_kazakh_package_wins_over_the_pivot(install):
    install("en_ru", "ru_kk", "en_kk")
    route = find_route(installed_packages(), "en", "kk")
    assert route.name == "en>kk" and not route.is_pivot


def test_no_route_names_the_missing_packages(install):
    install("en_ru")
    with pytest.raises(NoRoute) as raised:
        find_route(installed_packages(), "en", "kk")
    message = str(raised.value)
    assert "no route from en to kk" in message
    assert "en→kk or ru→kk (to pivot through ru)" in message
    assert "Installed: en→ru" in message


def test_routes_listed_include_pivots(install):
    install("en_ru", "ru_kk")
    assert [r.name for r in all_routes(installed_packages())] == ["en>ru", "ru>kk", "en>ru>kk"]


def test_beam_and_threads_reach_ctranslate2_and_greedy_agrees_here(install, corpus_sentences,
                                                                    monkeypatch):
    import ctranslate2

    install("en_ru")
    route = find_route(installed_packages(), "en", "ru")
    loaded, calls = [], []
    real = ctranslate2.Translator

    class Recording:
        def __init__(self, *args, **kwargs):
            loaded.append(kwargs)
            self.translator = real(*args, **kwargs)

        def translate_batch(self, *args, **kwargs):
            calls.append(kwargs)
            return self.translator.translate_batch(*args, **kwargs)

    monkeypatch.setattr(ctranslate2, "Translator", Recording)
    greedy = BatchEngine(TranslateOptions(beam_size=1, threads=2, batch_size=64, workers=2))
    assert greedy.translate(corpus_sentences[:10], route) == \
        BatchEngine().translate(corpus_sentences[:10], route)
    assert (loaded[0]["intra_threads"], loaded[0]["inter_threads"]) == (2, 2)
    assert (loaded[1]["intra_threads"], loaded[1]["inter_threads"]) == (1, 1)
    assert [call["beam_size"] for call in calls] == [1, 4]
    assert calls[0]["max_batch_size"] == 5, "ten sentences shared by two workers"


def test_workers_and_batch_sizes_change_the_speed_not_the_text(install, corpus_sentences):
    install("en_ru")
    route = find_route(installed_packages(), "en", "ru")
    expected = BatchEngine(TranslateOptions(batch_size=1)).translate(corpus_sentences, route)
    for options in (TranslateOptions(batch_size=7, workers=2),
                    TranslateOptions(batch_size=64, workers=3)):
        assert BatchEngine(options).translate(corpus_sentences, route) == expected


def test_a_repeated_sentence_is_translated_once_and_reported_each_time(install):
    install("en_ru")
    route = find_route(installed_packages(), "en", "ru")
    engine = BatchEngine(TranslateOptions(batch_size=2))
    sentences = ["ASTANA. KAZINFORM", "Tokayev voted.", "ASTANA. KAZINFORM", "Tokayev voted."]
    fed: list[int] = []
    translator, _ = engine._load(route.packages[0])
    original = translator.translate_batch

    class Counting:
        def translate_batch(self, tokens, **options):
            fed.append(len(tokens))
            return original(tokens, **options)

    engine._loaded[route.packages[0].signature] = (Counting(), engine._load(route.packages[0])[1])
    done: list[int] = []
    out = engine.translate(sentences, route, done.append)
    assert out[0] == out[2] == "АСТАНА. КАЗИНФОРМ" and out[1] == out[3]
    assert sum(fed) == 2 and sum(done) == 4


def test_both_paths_run_the_model_in_the_compute_type_argos_chooses(install, monkeypatch):
    # A float32 model runs as int8 under argos's "auto" where the CPU allows; a batch path
    # left at float32 would disagree with it on some sentences.
    install("en_ru")
    route = find_route(installed_packages(), "en", "ru")
    package = route.packages[0]
    batch = BatchEngine()
    batch.translate(["Astana."], route)
    ArgosEngine().translate(["Astana."], route)
    argos_translator = ArgosEngine._translation(package).underlying.translator
    assert batch._loaded[package.signature][0].compute_type == argos_translator.compute_type

    monkeypatch.setenv("ARGOS_COMPUTE_TYPE", "float32")
    chosen = BatchEngine()
    chosen.translate(["Astana."], route)
    assert chosen._loaded[package.signature][0].compute_type == "float32"
