"""Sentences and tokens with character offsets into the unchanged text.

Offsets count Unicode code points (Python string indices), never UTF-16 units or bytes.
Hyphenated names stay whole (Kassym-Jomart, Nur-Sultan, Al-Farabi); an English possessive
('s, ’s) is split off so "Kazakhstan’s" yields the taggable token "Kazakhstan".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Combining marks are not \w in Python's re; letters such as "t͡s" or a decomposed "ä" need them.
_MARK = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_CHUNK = rf"(?:[^\W_][{_MARK}]*)+"
_HYPHEN = "\\-\u2010\u2011"
_APOSTROPHE = "'\u2019\u02bc"
_NUMBER = r"\d+(?:[.,:]\d+)+"
_INITIALISM = r"(?:[^\W\d_]\.){2,}"  # U.S., e.g.
_WORD = rf"{_CHUNK}(?:[{_HYPHEN}{_APOSTROPHE}]{_CHUNK})*"
_TOKEN = re.compile(rf"{_NUMBER}|{_INITIALISM}|{_WORD}|\S", re.UNICODE)
_POSSESSIVE = re.compile(rf"[{_APOSTROPHE}][sS]$")

_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)|\n\s*")
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "gov", "sen",
    "rep", "vs", "etc", "inc", "ltd", "co", "corp", "no", "vol", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "a.m", "p.m", "u.s",
    "u.k",
})


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of `text`; with `offset`, positions are shifted as if text started there."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        word = match.group()
        possessive = _POSSESSIVE.search(word) if len(word) > 2 else None
        if possessive:
            cut = start + possessive.start()
            tokens.append(Token(offset + start, offset + cut, text[start:cut]))
            tokens.append(Token(offset + cut, offset + end, text[cut:end]))
        else:
            tokens.append(Token(offset + start, offset + end, word))
    return tokens


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


def _append_trimmed(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, text[start:end]))
