"""Letters, training text and letter rules of the demo packages (see demo_packages)."""

from __future__ import annotations

import re

_LATIN = "abcdefghijklmnopqrstuvwxyz"
_RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_KAZAKH_EXTRA = "әғқңөұүһі"
_COMMON = "0123456789 .,;:!?-–—'’\"«»()%/"

SPLITTER_CHARACTERS = {
    "en": _LATIN + _LATIN.upper() + _COMMON,
    "ru": _RUSSIAN + _RUSSIAN.upper() + _COMMON,
    "kk": _RUSSIAN + _KAZAKH_EXTRA + (_RUSSIAN + _KAZAKH_EXTRA).upper() + _COMMON,
}

_ENGLISH = """\
President Kassym-Jomart Tokayev met the delegation in Astana on Tuesday.
The Majilis approved the budget, and the Senate will vote next week.
Vassilenko and Vasilenko are two spellings of one name.
Kazakhstan, Qazaqstan and Kazakstan appear in the news.
Officials in Almaty said the talks were productive.
Nazarbayev, Nazarbaev, Zhanaozen, Shymkent, Karaganda and Aktobe.
The quick brown fox jumps over the lazy dog.
THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG.
In 2024, 15% of exports went to China; imports rose (slightly).
"""

_RUSSIAN_TEXT = """\
Президент Касым-Жомарт Токаев встретился с делегацией в Астане во вторник.
Мажилис одобрил бюджет, а Сенат проголосует на следующей неделе.
Казахстан, Алматы, Шымкент, Караганда и Актобе.
Съешь же ещё этих мягких французских булок, да выпей чаю.
СЪЕШЬ ЖЕ ЕЩЁ ЭТИХ МЯГКИХ ФРАНЦУЗСКИХ БУЛОК, ДА ВЫПЕЙ ЧАЮ.
В 2024 году 15% экспорта ушло в Китай; импорт вырос (немного).
"""


def _repeat(text: str, lang: str) -> str:
    alphabet = SPLITTER_CHARACTERS[lang]
    return (text + alphabet + "\n" + " ".join(alphabet) + "\n") * 20


TRAINING_TEXT = {"en": _repeat(_ENGLISH, "en"), "ru": _repeat(_RUSSIAN_TEXT, "ru")}

# Longest letter groups first; applied to the lower-cased piece, case restored after.
_RULES: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("en", "ru"): [
        ("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"),
        ("ya", "я"), ("yu", "ю"), ("a", "а"), ("b", "б"), ("c", "к"), ("d", "д"), ("e", "е"),
        ("f", "ф"), ("g", "г"), ("h", "х"), ("i", "и"), ("j", "ж"), ("k", "к"), ("l", "л"),
        ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("q", "к"), ("r", "р"), ("s", "с"),
        ("t", "т"), ("u", "у"), ("v", "в"), ("w", "в"), ("x", "кс"), ("y", "й"), ("z", "з"),
    ],
    ("ru", "kk"): [("ка", "қа"), ("ко", "қо"), ("га", "ға"), ("ах", "ақ"), ("ох", "оқ")],
}
_RULES[("en", "kk")] = [("q", "қ"), ("gh", "ғ"), ("ng", "ң"), *_RULES[("en", "ru")]]


def transliterate(piece: str, from_code: str, to_code: str) -> str:
    """`piece` written in the target alphabet, keeping its case pattern."""
    rules = _RULES.get((from_code, to_code), [])
    lower = piece.lower()
    pattern = _pattern(from_code, to_code)
    converted = pattern.sub(lambda m: dict(rules)[m.group()], lower) if rules else lower
    letters = [c for c in piece if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return converted.upper()
    if letters and letters[0].isupper():
        index = next(i for i, c in enumerate(converted) if c.isalpha())
        return converted[:index] + converted[index].upper() + converted[index + 1:]
    return converted


_PATTERNS: dict[tuple[str, str], re.Pattern[str]] = {}


def _pattern(from_code: str, to_code: str) -> re.Pattern[str]:
    key = (from_code, to_code)
    if key not in _PATTERNS:
        groups = sorted((g for g, _ in _RULES.get(key, [])), key=len, reverse=True)
        _PATTERNS[key] = re.compile("|".join(map(re.escape, groups)) or "(?!)")
    return _PATTERNS[key]
