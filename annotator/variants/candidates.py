"""Candidate forms in a corpus: the names and terms whose spellings may vary.

A candidate is a capitalised or all-capitals token (Vassilenko, KAZINFORM, Kassym-Jomart),
a run of up to four capitalised tokens (Roman Vassilenko, Nur Otan), or a lower-case token
that looks romanized rather than English (maslikhat, akim: kh, zh, q without u, or
letters such as ä and ğ). A capitalised word seen only at the start of sentences is left
out when the corpus also has it in lower case (The, This, Opening). Tokens longer than any
name are never candidates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from annotator.core.tokenize import Token, tokenize

MAX_RUN = 4
# Names are short (the longest place names run to 58 letters); a longer token is no name,
# and leaving it out keeps mining and clustering linear in the text whatever it holds.
MAX_FORM_CHARS = 64
MAX_RUN_CHARS = 128
CONTEXTS_KEPT = 3
_ROMANIZED = re.compile(r"kh|zh|q(?!u)|[äöüūığşñçǵńóúýáéíōāī]")
_HYPHENS = re.compile("[-‐‑]")
_SENTENCE_END = set(".!?…:;“”\"«»—–\n")


@dataclass
class Occurrence:
    doc_id: str
    start: int
    end: int


@dataclass
class FormStats:
    form: str
    count: int = 0
    documents: set[str] = field(default_factory=set)
    contexts: list[Occurrence] = field(default_factory=list)
    inside_sentence: int = 0
    tokens: int = 1
    key: str = ""  # the loose key, when an index stored it (else computed when needed)
    # How many documents, when an index gave the count without the ids.
    document_count: int = 0

    @property
    def documents_total(self) -> int:
        return len(self.documents) or self.document_count

    def add(self, doc_id: str, start: int, end: int, initial: bool) -> None:
        self.count += 1
        self.documents.add(doc_id)
        if not initial:
            self.inside_sentence += 1
        if len(self.contexts) < CONTEXTS_KEPT:
            self.contexts.append(Occurrence(doc_id, start, end))


def mine(
    documents: Iterable[tuple[str, str]], progress: Callable[[int], None] | None = None
) -> dict[str, FormStats]:
    """Candidate forms of (doc_id, text) pairs, with counts and a few occurrences each."""
    forms: dict[str, FormStats] = {}
    lowercase: set[str] = set()
    for done, (doc_id, text) in enumerate(documents, 1):
        _mine_text(doc_id, text, forms, lowercase)
        if progress:
            progress(done)
    return {form: stats for form, stats in forms.items() if kept(form, stats, lowercase)}


def mine_unfiltered(doc_id: str, text: str) -> tuple[dict[str, FormStats], set[str]]:
    """Every candidate form of one document and its lower-case words: what a persisted
    index adds up, then filters with `kept` against the whole corpus's lower-case words."""
    forms: dict[str, FormStats] = {}
    lowercase: set[str] = set()
    _mine_text(doc_id, text, forms, lowercase)
    return forms, lowercase


def kept(form: str, stats: FormStats, lowercase: set[str]) -> bool:
    """Whether a form is a candidate given the corpus's lower-case words: a capitalised
    word seen only at the start of sentences is left out when the corpus also has it in
    lower case (The, This)."""
    if stats.inside_sentence or form.isupper():
        return True
    first = form.split()[0] if stats.tokens > 1 else form
    return first.lower() not in lowercase


def mine_document(doc_id: str, text: str, tokens: list[Token]) -> dict[str, FormStats]:
    """Candidate forms of one document whose tokens are already known."""
    forms: dict[str, FormStats] = {}
    lowercase: set[str] = set()
    _mine_text(doc_id, text, forms, lowercase, tokens)
    return {form: stats for form, stats in forms.items() if kept(form, stats, lowercase)}


def name_starts(doc_id: str, text: str, tokens: list[Token]) -> list[int]:
    """Where candidate names begin in one document: the first token of each run of
    capitalised tokens (a name of several words is one stop), and each romanized term."""
    names = mine_document(doc_id, text, tokens)
    starts: list[int] = []
    previous: Token | None = None
    for token in tokens:
        if token.text not in names:
            previous = None
            continue
        continues_run = previous is not None and token.text[0].isupper() \
            and previous.text[0].isupper() and text[previous.end:token.start] == " "
        if not continues_run:
            starts.append(token.start)
        previous = token
    return starts


def _mine_text(doc_id: str, text: str, forms: dict[str, FormStats], lowercase: set[str],
               tokens: list[Token] | None = None) -> None:
    run: list[tuple[Token, bool]] = []
    previous_end = 0
    initial = True
    for token in tokens if tokens is not None else tokenize(text):
        word = token.text
        gap = text[previous_end:token.start]
        if "\n" in gap:
            initial = True
        if not word[0].isalpha():
            _close_run(doc_id, text, run, forms)
            run = []
            initial = initial or word in _SENTENCE_END or word == "-"
            previous_end = token.end
            continue
        if word[0].isupper() and _is_respelling(word):
            _close_run(doc_id, text, run, forms)
            run = []
        elif word[0].isupper():
            _add(forms, word, doc_id, token.start, token.end, initial)
            if run and gap != " ":
                _close_run(doc_id, text, run, forms)
                run = []
            run.append((token, initial))
        else:
            lowercase.add(word)
            if _ROMANIZED.search(word):
                _add(forms, word, doc_id, token.start, token.end, initial)
            _close_run(doc_id, text, run, forms)
            run = []
        initial = False
        previous_end = token.end
    _close_run(doc_id, text, run, forms)


def _is_respelling(word: str) -> bool:
    """A pronunciation respelling such as AN-dih-JAN (stressed syllables in capitals, the
    others in lower case), not a name: Nur-Sultan, NUR-SULTAN and al-Farabi are names."""
    if "-" not in word and "‐" not in word and "‑" not in word:
        return False
    parts = _HYPHENS.split(word)
    return any(len(p) > 1 and p.isupper() for p in parts) and any(p.islower() for p in parts)


def _add(forms: dict[str, FormStats], form: str, doc_id: str, start: int, end: int,
         initial: bool, tokens: int = 1) -> None:
    if len(form) > (MAX_FORM_CHARS if tokens == 1 else MAX_RUN_CHARS):
        return
    stats = forms.get(form)
    if stats is None:
        stats = forms[form] = FormStats(form, tokens=tokens)
    stats.add(doc_id, start, end, initial)


def _close_run(
    doc_id: str, text: str, run: list[tuple[Token, bool]], forms: dict[str, FormStats]
) -> None:
    if len(run) < 2:
        return
    for size in range(2, min(MAX_RUN, len(run)) + 1):
        for first in range(len(run) - size + 1):
            start, end = run[first][0].start, run[first + size - 1][0].end
            _add(forms, text[start:end], doc_id, start, end, run[first][1], tokens=size)
