"""Stored translations: a document's sentences in another language, aligned by offsets."""

from __future__ import annotations

from typing import NamedTuple


class TranslatedSentence(NamedTuple):
    """One source sentence (code-point offsets into the document) and its translation."""

    start: int
    end: int
    text: str


class DocumentTranslation(NamedTuple):
    doc_id: str
    lang: str
    route: str  # language codes along the way, e.g. "en>ru>kk" for a pivot through Russian
    packages: str  # the packages and versions used, e.g. "translate-en_ru-0_1@0.1"
    engine: str
    translated_at: str
    sentences: list[TranslatedSentence]

    @property
    def text(self) -> str:
        return " ".join(sentence.text for sentence in self.sentences)

    def as_record(self) -> dict:
        """The JSON shape exports write and imports read (`translation_records`)."""
        return {"route": self.route, "packages": self.packages, "engine": self.engine,
                "translated_at": self.translated_at,
                "sentences": [{"start": s.start, "end": s.end, "text": s.text}
                              for s in self.sentences]}

    def sentence_at(self, offset: int) -> TranslatedSentence | None:
        """The translated sentence whose source covers `offset` (or the next one after it)."""
        for sentence in self.sentences:
            if offset < sentence.end:
                return sentence
        return self.sentences[-1] if self.sentences else None
