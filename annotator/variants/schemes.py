"""Romanization schemes: Kazakh ones shipped here as JSON, Russian ones from `iuliia`.

Every scheme is data in iuliia's format (mapping, prev_mapping, next_mapping,
ending_mapping); ours may also say `extends` (an iuliia scheme) and `between_vowels`
(a letter written differently between two vowels, as с -> ss in the French style).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SCHEME_DIR = Path(__file__).parent / "schemes"

# The Russian systems that produce the spellings seen in English-language news.
RUSSIAN_FROM_IUILIIA = {
    "bgn_pcgn": "BGN/PCGN",
    "icao_doc_9303": "ICAO passports",
    "gost_779": "GOST 7.79 / ISO 9",
    "ala_lc": "ALA-LC",
    "mvd_310_fr": "MVD-310 French style",
    "wikipedia": "Wikipedia style",
}
TITLES = {
    "ru_mvd_310_fr_ss": "French style with ss",
    "kk_bgn_pcgn_1979": "Kazakh BGN/PCGN 1979",
    "kk_kazinform": "Kazakh press (Kazinform)",
    "kk_us_2015": "Kazakh US 2015",
    "kk_latin_2017": "Kazakh Latin 2017",
    "kk_latin_2018": "Kazakh Latin 2018",
    "kk_latin_2021": "Kazakh Latin 2021",
    **RUSSIAN_FROM_IUILIIA,
}
CYRILLIC_VOWELS = "аеёиоуыэюяәөұүі"


@dataclass(frozen=True)
class Scheme:
    name: str
    title: str
    language: str
    mapping: dict[str, str]
    data: dict[str, Any]

    def romanize(self, cyrillic: str) -> str:
        """Latin spelling of a Cyrillic word or name, capitalised as the input."""
        latin = "".join(_romanize_word(self, part) if part.isalpha() else part
                        for part in re.split(r"(\W+)", cyrillic))
        return unicodedata.normalize("NFC", latin)


def _romanize_word(scheme: Scheme, word: str) -> str:
    lower = word.lower()
    text = _translit(scheme.name)(lower)
    for letter, latin in scheme.data.get("between_vowels", {}).items():
        if letter in lower:
            text = _between_vowels(lower, letter, latin, scheme)
    if word.isupper() and len(word) > 1:
        return text.upper()
    return text[:1].upper() + text[1:] if word[:1].isupper() else text


def _between_vowels(lower: str, letter: str, latin: str, scheme: Scheme) -> str:
    translate = _translit(scheme.name)
    out = []
    for i, char in enumerate(lower):
        before = lower[i - 1] if i else ""
        after = lower[i + 1] if i + 1 < len(lower) else ""
        if char == letter and before and before in CYRILLIC_VOWELS and after in CYRILLIC_VOWELS \
                and after:
            out.append(latin)
        else:
            # Letter by letter keeps the scheme's context rules only approximately; the
            # French scheme has none that touch the letters around a doubled s.
            out.append(translate(char) if char.isalpha() else char)
    return "".join(out)


@cache
def _translit(name: str):
    import iuliia

    data = _raw(name)
    if "extends" in data:
        base = _raw(data["extends"])
        data = {**base, **data, "mapping": {**base["mapping"], **data.get("mapping", {})}}
    schema = iuliia.schema.TranslitSchema(
        name=name, mapping=data["mapping"], prev_mapping=data.get("prev_mapping"),
        next_mapping=data.get("next_mapping"), ending_mapping=data.get("ending_mapping"),
    )
    return schema.translate


@cache
def _raw(name: str) -> dict[str, Any]:
    ours = SCHEME_DIR / f"{name}.json"
    if ours.exists():
        return json.loads(ours.read_text("utf-8"))
    import iuliia

    path = Path(iuliia.__file__).parent / "schemas" / f"{name}.json"
    return json.loads(path.read_text("utf-8"))


@cache
def all_schemes() -> tuple[Scheme, ...]:
    names = [*RUSSIAN_FROM_IUILIIA, *sorted(p.stem for p in SCHEME_DIR.glob("*.json"))]
    schemes = []
    for name in names:
        data = _raw(name)
        mapping = dict(data.get("mapping") or _raw(data["extends"])["mapping"])
        language = data.get("language", "ru")
        schemes.append(Scheme(name, TITLES.get(name, name), language, mapping, data))
    return tuple(schemes)


def schemes_for(cyrillic: str) -> list[Scheme]:
    """Kazakh-only letters can be romanized only by the Kazakh schemes."""
    kazakh_letters = set("әғқңөұүһі")
    if kazakh_letters & set(cyrillic.lower()):
        return [s for s in all_schemes() if s.language == "kk"]
    return list(all_schemes())
