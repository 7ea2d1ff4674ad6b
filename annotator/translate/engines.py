"""Two ways to run a route over a list of sentences.

- `BatchEngine` (the default) drives each package's own CTranslate2 model and SentencePiece
  tokenizer directly, many sentences per call: the fast path.
- `ArgosEngine` calls argostranslate's translate() once per sentence: the reference path
  the fast one is checked against, and what to use for package kinds the fast path does not
  handle (BPE tokenizers).

Both take sentences that annotator has already split, so the alignment to the source is
exact; both decode as argostranslate does, so they give the same text.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from annotator.core.errors import TranslationUnavailable
from annotator.translate.extra import require_translate_extra
from annotator.translate.packages import InstalledPackage
from annotator.translate.routes import Route

Progress = Callable[[int], None]  # called with the number of sentences just finished


class Engine(Protocol):
    name: str

    def translate(self, sentences: Sequence[str], route: Route,
                  progress: Progress | None = None) -> list[str]: ...


@dataclass
class TranslateOptions:
    beam_size: int = 4
    threads: int = 1  # CTranslate2 threads working on one batch (intra_threads)
    batch_size: int = 32  # sentences per CTranslate2 batch
    workers: int = 1  # batches translated at once (inter_threads); the argos path has one
    # As argostranslate chooses: "auto" runs a float32 model in int8 where the CPU allows.
    # Both paths must use the same, or their output differs.
    compute_type: str = field(
        default_factory=lambda: os.environ.get("ARGOS_COMPUTE_TYPE", "auto"))


class BatchEngine:
    name = "ctranslate2"

    def __init__(self, options: TranslateOptions | None = None) -> None:
        require_translate_extra()
        self.options = options or TranslateOptions()
        self._loaded: dict[str, tuple[Any, Any]] = {}

    def translate(self, sentences: Sequence[str], route: Route,
                  progress: Progress | None = None) -> list[str]:
        # Identical sentences (datelines, boilerplate) are translated once.
        distinct = list(dict.fromkeys(sentences))
        texts = distinct
        for step, package in enumerate(route.packages):
            last = step == len(route.packages) - 1
            texts = self._translate_step(texts, package, progress if last else None)
        translated = dict(zip(distinct, texts, strict=True))
        if progress and len(distinct) < len(sentences):
            progress(len(sentences) - len(distinct))
        return [translated[sentence] for sentence in sentences]

    def _translate_step(self, texts: list[str], package: InstalledPackage,
                        progress: Progress | None) -> list[str]:
        translator, tokenizer = self._load(package)
        prefix = package.target_prefix
        tokens = [tokenizer.encode(text, out_type=str) for text in texts]
        # Sentences of similar length share a batch, so little decoding is spent on padding.
        order = sorted(range(len(texts)), key=lambda i: len(tokens[i]))
        out: list[str] = [""] * len(texts)
        size = max(1, self.options.batch_size)
        workers = max(1, self.options.workers)
        per_call = size * workers  # one batch per worker per call
        for start in range(0, len(order), per_call):
            chunk = order[start:start + per_call]
            results = translator.translate_batch(
                [tokens[i] for i in chunk],
                target_prefix=[[prefix]] * len(chunk) if prefix else None,
                beam_size=self.options.beam_size, num_hypotheses=1, length_penalty=0.2,
                # A short last call is still shared evenly among the workers.
                replace_unknowns=True, max_batch_size=min(size, -(-len(chunk) // workers)),
            )
            for i, result in zip(chunk, results, strict=True):
                out[i] = _decode(tokenizer, result.hypotheses[0], prefix)
            if progress:
                progress(len(chunk))
        return out

    def _load(self, package: InstalledPackage) -> tuple[Any, Any]:
        if package.signature not in self._loaded:
            import ctranslate2
            import sentencepiece

            tokenizer_path = package.path / "sentencepiece.model"
            if not tokenizer_path.exists():
                raise TranslationUnavailable(
                    f"{package.name} uses a BPE tokenizer, which the batch engine does not "
                    "handle; use --engine argos")
            translator = ctranslate2.Translator(
                str(package.path / "model"), device="cpu",
                inter_threads=max(1, self.options.workers),
                intra_threads=self.options.threads, compute_type=self.options.compute_type)
            tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(tokenizer_path))
            self._loaded[package.signature] = (translator, tokenizer)
        return self._loaded[package.signature]


def _decode(tokenizer: Any, tokens: list[str], prefix: str) -> str:
    # Exactly argostranslate's SentencePieceTokenizer.decode and its clean-up, so both
    # paths give the same text (its "_" -> " " included).
    value = tokenizer.decode_pieces(tokens).replace("▁", " ").replace("_", " ")
    if prefix and value.startswith(prefix):
        value = value[len(prefix):]
    return value[1:] if value.startswith(" ") else value


class ArgosEngine:
    name = "argostranslate"

    def __init__(self, options: TranslateOptions | None = None) -> None:
        require_translate_extra()
        from argostranslate import settings

        self.options = options or TranslateOptions()
        # Argos read these from the environment at import; set them for this run.
        settings.beam_size = self.options.beam_size
        settings.intra_threads = self.options.threads
        settings.compute_type = self.options.compute_type

    def translate(self, sentences: Sequence[str], route: Route,
                  progress: Progress | None = None) -> list[str]:
        steps = [self._translation(package) for package in route.packages]
        out = []
        for sentence in sentences:
            text = sentence
            for step in steps:
                text = step.translate(text)
            out.append(text)
            if progress:
                progress(1)
        return out

    @staticmethod
    def _translation(package: InstalledPackage) -> Any:
        from argostranslate import translate

        from_lang = translate.get_language_from_code(package.from_code)
        to_lang = translate.get_language_from_code(package.to_code)
        translation = from_lang.get_translation(to_lang) if from_lang and to_lang else None
        if translation is None:
            raise TranslationUnavailable(
                f"argostranslate does not see the installed package {package.name}")
        return translation


ENGINES: dict[str, type[BatchEngine] | type[ArgosEngine]] = {
    "batch": BatchEngine, "argos": ArgosEngine}
