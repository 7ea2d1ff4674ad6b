"""Checking the `translations` field of an incoming record (native JSONL and annotator's
own Hugging Face export carry it), so a round trip keeps a project's translations.

Shape: {"ru": {"route": "en>ru", "packages": "...", "engine": "...", "translated_at": "...",
"sentences": [{"start": 0, "end": 42, "text": "..."}]}, "kk": null}. A language whose
value is null has no translation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from annotator.core.errors import InputProblem
from annotator.core.record_fields import offsets
from annotator.core.translations import DocumentTranslation, TranslatedSentence

_PROVENANCE = ("route", "packages", "engine", "translated_at")
# A BCP 47-like tag: a 2-3 letter language, then subtags (script, region, variant).
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def primary_language(code: str) -> str | None:
    """The language of a code without its subtags ("zh-Hant" -> "zh"), as dataset cards
    declare it; None for what is not a language code."""
    code = code.strip()
    if not LANGUAGE_CODE.fullmatch(code):
        return None
    return re.split(r"[-_]", code, maxsplit=1)[0]


def parse_translations(raw: Any, text: str, problem: Callable[[str], InputProblem]
                       ) -> list[DocumentTranslation]:
    if raw is None:
        return []
    if not isinstance(raw, dict):
        raise problem(f'"translations" must be an object of languages, got {type(raw).__name__}')
    found = []
    for lang, value in raw.items():
        if not LANGUAGE_CODE.fullmatch(lang):
            raise problem(f'"translations": {lang[:40]!r} is not a language code (such as '
                          '"ru", "kk" or "zh-Hant")')
        if value is None:
            continue
        where = f'"translations"."{lang}"'
        if not isinstance(value, dict):
            raise problem(f"{where} must be an object, got {type(value).__name__}")
        provenance = {}
        for key in _PROVENANCE:
            item = value.get(key, "")
            if not isinstance(item, str):
                raise problem(f'{where}: "{key}" must be a string')
            provenance[key] = item
        sentences = value.get("sentences")
        if not isinstance(sentences, list):
            raise problem(f'{where}: "sentences" must be an array')
        found.append(DocumentTranslation(
            "", lang, provenance["route"], provenance["packages"], provenance["engine"],
            provenance["translated_at"], _sentences(sentences, text, where, problem)))
    return found


def _sentences(raw: list, text: str, where: str, problem: Callable[[str], InputProblem]
               ) -> list[TranslatedSentence]:
    sentences = []
    for number, item in enumerate(raw, 1):
        at = f"{where} sentence {number}"
        if not isinstance(item, dict):
            raise problem(f"{at}: expected an object")
        start, end = offsets(item, at, problem)
        translated = item.get("text")
        if not 0 <= start < end <= len(text):
            raise problem(f"{at}: [{start}, {end}) is empty or outside the text "
                          f"(length {len(text)})")
        if not isinstance(translated, str):
            raise problem(f'{at}: "text" must be a string')
        sentences.append(TranslatedSentence(start, end, translated))
    return sentences


# Added to the packages a translation records when annotator's demo packages made it: they
# transliterate word by word and do not translate.
DEMO_MARK = " (demo)"
