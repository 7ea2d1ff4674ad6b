"""Cyrillic forms to propose for an entity, each with the evidence behind it:

- from translation: in the translated sentences where the entity occurs, the Cyrillic
  words whose back-transliteration key is closest to the entity's spellings (Russian and
  Kazakh case endings tried off: Токаева, Тоқаевтың -> Токаев, Тоқаев);
- from back-transliteration: the entity's spellings rewritten letter group by letter
  group with the variant engine's rules (Vassilenko -> Василенко).

A linguist confirms or edits them; nothing here is stored.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from annotator.variants.keys import loose_key, loose_key_of_spelling, spelling_key

_KAZAKH_TO_RUSSIAN = str.maketrans({
    pair["kk"]: pair["ru"] for pair in reversed(json.loads(
        (Path(__file__).parent / "data" / "kazakh_russian.json").read_text("utf-8"))["pairs"])
})
_CYRILLIC_WORD = re.compile(r"[А-ЯЁӘҒҚҢӨҰҮҺІа-яёәғқңөұүһі]+(?:[-‐][А-ЯЁӘҒҚҢӨҰҮҺІа-яёәғқңөұүһі]+)*")
# Case endings of names, longest first: Russian (Токаева, Токаеву, Токаевым, Астане) and
# Kazakh (Тоқаевтың, Астанада, Астанадан, Тоқаевқа, Тоқаевпен).
_ENDINGS = {
    "ru": ("ами", "ями", "ого", "ому", "ым", "ом", "ой", "ей", "ах", "ях", "у", "а", "е", "ы",
           "ю", "я", "и"),
    "kk": ("ның", "нің", "дың", "дің", "тың", "тің", "дан", "ден", "тан", "тен", "нан", "нен",
           "мен", "бен", "пен", "ға", "ге", "қа", "ке", "да", "де", "та", "те", "ны", "ні",
           "ды", "ді", "ты", "ті", "на", "не", "а", "е"),
}
MIN_SIMILARITY = 0.8


@dataclass(frozen=True)
class CyrillicProposal:
    lang: str
    form: str
    source: str  # "translation" or "transliteration"
    support: int  # translated occurrences that agree (0 for transliteration)
    evidence: str
    # From translations made with annotator's demo packages, which transliterate word by
    # word: a Cyrillic spelling of the Latin one, not the form a translator would write.
    demo: bool = False


def propose_cyrillic(
    forms: Iterable[str], translated_sentences: Mapping[str, Iterable[str]], *,
    existing: Mapping[str, list[str]] | None = None, per_language: int = 2,
    demo_languages: frozenset[str] = frozenset(),
) -> list[CyrillicProposal]:
    """Proposals by language, best first, leaving out forms the entity already has.
    `demo_languages`: those whose sentences (some of them) the demo packages made."""
    forms = [form for form in forms if form.strip()]
    keys = {_key_of_latin(form) for form in forms}
    have = {lang: set(values) for lang, values in (existing or {}).items()}
    proposals: list[CyrillicProposal] = []
    for lang, sentences in sorted(translated_sentences.items(), key=lambda item: item[0] != "ru"):
        words = max((len(form.split()) for form in forms), default=1)
        found: Counter[str] = Counter()
        closeness: dict[str, float] = {}
        for sentence in sentences:
            for candidate in _candidates(sentence, words):
                match = _matching_stem(candidate, keys, lang)
                if match is not None:
                    found[match[1]] += 1
                    closeness[match[1]] = match[0]
        # Closest to the entity's spellings first (to one decimal), then most frequent.
        ranked = sorted(found.items(), key=lambda item: (-round(closeness[item[0]], 1), -item[1]))
        for form, count in ranked:
            if form in have.get(lang, set()):
                continue
            demo = lang in demo_languages
            proposals.append(CyrillicProposal(
                lang, form, "translation", count,
                f"in {count} translated sentence{'s' if count > 1 else ''} where it occurs"
                + (" (made by the demo packages, which transliterate: not a translation)"
                   if demo else ""), demo))
            if sum(p.lang == lang for p in proposals) >= per_language:
                break
    # From the canonical spelling (the first form given), else the next: the canonical is
    # the spelling the linguists chose, not the minority one (Kazakhstan, not Qazaqstan).
    for form in dict.fromkeys(forms):
        written = back_transliterate(form)
        if written and written not in have.get("ru", set()) and not any(
                p.lang == "ru" and p.form == written for p in proposals):
            proposals.append(CyrillicProposal(
                "ru", written, "transliteration", 0, f"back-transliteration of {form}"))
            break
    return proposals


def back_transliterate(form: str) -> str:
    """A Latin spelling written in Cyrillic with the variant engine's letter rules, word by
    word and keeping hyphens: Kassym-Jomart Tokayev -> Касым-Жомарт Токаев."""
    words = []
    for word in form.split():
        parts = [spelling_key(part) for part in word.split("-")]
        words.append("-".join(part[:1].upper() + part[1:] for part in parts if part))
    return " ".join(w for w in words if w)


def _key_of_latin(form: str) -> str:
    return loose_key(form)


def _key_of_cyrillic(word: str) -> str:
    return loose_key_of_spelling(
        word.lower().translate(_KAZAKH_TO_RUSSIAN).replace(" ", "").replace("-", ""))


def _candidates(sentence: str, words: int) -> Iterable[str]:
    found = [m.group() for m in _CYRILLIC_WORD.finditer(sentence)]
    for index in range(len(found) - words + 1):
        group = found[index:index + words]
        if group[0][:1].isupper():
            yield " ".join(group)


def _matching_stem(candidate: str, keys: set[str], lang: str) -> tuple[float, str] | None:
    """The candidate, or the candidate with a case ending taken off, when its key is close
    enough to one of the entity's keys; the closest wins, the unchanged word on a tie."""
    best: tuple[float, int, str] | None = None
    options = [candidate] + [candidate[: -len(e)] for e in _ENDINGS.get(lang, ())
                             if candidate.endswith(e) and len(candidate) - len(e) >= 3]
    for rank, option in enumerate(options):
        key = _key_of_cyrillic(option)
        score = max((_similarity(key, k) for k in keys), default=0.0)
        if score >= MIN_SIMILARITY and (best is None or score > best[0]):
            best = (score, rank, option)
    return (best[0], best[2]) if best else None


def _similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return 1 - _levenshtein(a, b) / max(len(a), len(b))


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
