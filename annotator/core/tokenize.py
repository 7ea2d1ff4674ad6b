"""Sentences and tokens with character offsets into the unchanged text.

Offsets count Unicode code points (Python string indices), never UTF-16 units or bytes.
Hyphenated names stay whole (Kassym-Jomart, Nur-Sultan, Al-Farabi); an English possessive
('s, ’s) is split off so "Kazakhstan’s" yields the taggable token "Kazakhstan".
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import NamedTuple

# Stored token offsets (core/token_offsets.py) name the version they were made with: change
# it with any change to what tokenize() or split_sentences() give, and stores compute them
# again. tests/core/test_token_offsets.py pins the output this version gives.
TOKENIZER_VERSION = 1

# Combining marks are not \w in Python's re; letters such as "t͡s" or a decomposed "ä" need them.
_MARK = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_CHUNK = rf"(?:[^\W_][{_MARK}]*)+"
_HYPHEN = "\\-\u2010\u2011"
_APOSTROPHE = "'\u2019\u02bc"
_NUMBER = r"\d+(?:[.,:]\d+)+"
_INITIALISM = r"(?:[^\W\d_]\.){2,}"  # U.S., e.g.
_WORD = rf"{_CHUNK}(?:[{_HYPHEN}{_APOSTROPHE}]{_CHUNK})*"
_TOKEN = re.compile(rf"{_NUMBER}|{_INITIALISM}|{_WORD}|\S", re.UNICODE)
# The same without combining marks, for the (usual) texts that have none: faster.
_PLAIN_WORD = rf"[^\W_]+(?:[{_HYPHEN}{_APOSTROPHE}][^\W_]+)*"
# The group lets split() keep the tokens between the gaps (token_columns).
_TOKEN_PLAIN = re.compile(rf"({_NUMBER}|{_INITIALISM}|{_PLAIN_WORD}|\S)", re.UNICODE)
_HAS_MARK = re.compile(f"[{_MARK}]")
# Most texts have no number like 3.5 or 00:00, no initialism like U.S. and no underscore; for
# them the number and initialism branches never match and \w+ equals [^\W_]+, so a simpler
# expression gives the same tokens twice as fast. _NEEDS_FULL finds the texts that do.
# (It looks for the punctuation first and checks around it: a scan of the text at C speed.)
_NEEDS_FULL = re.compile(
    r"[.,:_](?:(?<=\d[.,:])(?=\d)|(?<=[^\W\d_]\.)(?=[^\W\d_]\.)|(?<=_))")
_FAST_WORD = rf"\w+(?:[{_HYPHEN}{_APOSTROPHE}]\w+)*"
_TOKEN_FAST = re.compile(rf"({_FAST_WORD}|\S)")
_POSSESSIVE = re.compile(rf"[{_APOSTROPHE}][sS]$")
_POSSESSIVE_ANYWHERE = re.compile(rf"\w[{_APOSTROPHE}][sS]\b")

# A run of end marks (and closing quotes) before white space, or a line break with the white
# space after it. Written to start with one character class, which lets the regular
# expression engine skip to candidates at C speed (three times faster than the plain
# alternation r"[.!?…]+[\"'”’»)\]]*(?=\s)|\n\s*", which a test holds it equal to).
_SENTENCE_END = re.compile(r"[.!?…\n](?:(?<=[.!?…])[.!?…]*[\"'”’»)\]]*(?=\s)|(?<=\n)\s*)")
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "gov", "sen",
    "rep", "vs", "etc", "inc", "ltd", "co", "corp", "no", "vol", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "a.m", "p.m", "u.s",
    "u.k",
})


# NamedTuples: a 200 KB document has 30,000 tokens, and a frozen dataclass costs ~3 µs
# each to build where a tuple costs a tenth of that.
class Token(NamedTuple):
    start: int
    end: int
    text: str


class Sentence(NamedTuple):
    start: int
    end: int
    text: str


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of `text`; with `offset`, positions are shifted as if text started there."""
    if _may_have_marks(text) and _HAS_MARK.search(text):
        pattern = _TOKEN
    else:
        pattern = _unmarked_pattern(text)
    # tuple.__new__ skips NamedTuple's Python-level constructor: a third of the time here.
    new = tuple.__new__
    tokens = [new(Token, (m.start() + offset, m.end() + offset, m.group()))
              for m in pattern.finditer(text)]
    if _may_have_possessive(text) and _POSSESSIVE_ANYWHERE.search(text):
        tokens = _split_possessives(tokens)
    return tokens


def token_columns(text: str) -> tuple[list[str], list[int], list[int]]:
    """The tokens of `tokenize` as three lists (texts, starts, ends): about twice as fast,
    for bulk work such as exports that never needs Token objects."""
    parts = token_parts(text)
    if parts is None:
        tokens = tokenize(text)
        return [t.text for t in tokens], [t.start for t in tokens], [t.end for t in tokens]
    # Tokens alternate with the white space between them; their running lengths are the
    # offsets, with no Python-level work per token.
    ends = list(accumulate(map(len, parts)))
    return parts[1::2], ends[0:-1:2], ends[1::2]


def token_parts(text: str) -> list[str] | None:
    """White space and tokens in turn, beginning and ending with (maybe empty) white space,
    for the usual text without combining marks or possessives; None for the others."""
    if (_may_have_marks(text) and _HAS_MARK.search(text)) or (
            _may_have_possessive(text) and _POSSESSIVE_ANYWHERE.search(text)):
        return None
    return _unmarked_pattern(text).split(text)


def _unmarked_pattern(text: str) -> re.Pattern[str]:
    """The expression for a text without combining marks."""
    return _TOKEN_PLAIN if _NEEDS_FULL.search(text) else _TOKEN_FAST


def _may_have_marks(text: str) -> bool:
    return not text.isascii()


def _may_have_possessive(text: str) -> bool:
    # Substring tests run at C speed; the regular expression confirms only when needed.
    return "'" in text or "\u2019" in text or "\u02bc" in text


def _split_possessives(tokens: list[Token]) -> list[Token]:
    split: list[Token] = []
    for token in tokens:
        word = token.text
        found = _POSSESSIVE.search(word) if len(word) > 2 else None
        if found is None:
            split.append(token)
        else:
            cut = token.start + found.start()
            split.append(Token(token.start, cut, word[:found.start()]))
            split.append(Token(cut, token.end, word[found.start():]))
    return split


def bounded_sentences(sentences: list[Sentence], max_chars: int) -> list[Sentence]:
    """The same sentences, each longer than `max_chars` cut into pieces no longer than that:
    after a comma or semicolon in the second half of a piece where there is one, else after
    its last space, else (a run without spaces) at the bound itself. A model is never given
    a text without end (a document with no punctuation is one "sentence")."""
    bounded: list[Sentence] = []
    for sentence in sentences:
        if sentence.end - sentence.start <= max_chars:
            bounded.append(sentence)
            continue
        text, offset = sentence.text, 0
        while len(text) - offset > max_chars:
            window = text[offset:offset + max_chars]
            cut = max(window.rfind(", ", max_chars // 2), window.rfind("; ", max_chars // 2))
            cut = cut + 1 if cut > 0 else window.rfind(" ")
            if cut <= 0:
                cut = max_chars
            _append_trimmed(bounded, text, offset, offset + cut, sentence.start)
            offset += cut
        _append_trimmed(bounded, text, offset, len(text), sentence.start)
    return bounded


def split_sentences(text: str) -> list[Sentence]:
    """Sentences, trimmed of surrounding white space. A line break always ends one."""
    sentences: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group()[0] in ".!?…" and _ends_with_abbreviation(text, start, match.start()):
            continue
        _append_trimmed(sentences, text, start, match.end())
        start = match.end()
    _append_trimmed(sentences, text, start, len(text))
    return sentences


def _ends_with_abbreviation(text: str, start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:dot].lower().strip("(\"'“‘")
    # A lone capital is an initial ("K. Tokayev"), not the end of a sentence.
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _append_trimmed(sentences: list[Sentence], text: str, start: int, end: int,
                    shift: int = 0) -> None:
    """text[start:end] without surrounding white space, at offsets moved by `shift`."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start + shift, end + shift, text[start:end]))
