import hashlib
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.ner_units import ner_units
from annotator.core.token_offsets import TOKENIZER_VERSION, decode, encode, sentence_starts
from annotator.core.tokenize import split_sentences, token_columns

TEXTS = st.text(alphabet="aZ9_.,:-'’ \n\u0301жҚ0!?…\"«»", max_size=80) | st.text()


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_stored_offsets_give_back_the_tokenizers_tokens_and_sentences(text):
    offsets = encode(text)
    assert offsets is not None
    starts, ends, firsts = decode(offsets)
    _, want_starts, want_ends = token_columns(text)
    assert (starts, ends) == (want_starts, want_ends)
    assert firsts == sentence_starts(text, want_starts)


def test_sentence_starts_are_the_tokens_each_sentence_begins_with():
    text = "Tokayev spoke. Then Vassilenko answered!\nAstana"
    _, starts, _ = token_columns(text)
    firsts = sentence_starts(text, starts)
    assert [starts[i] for i in firsts] == [s.start for s in split_sentences(text)][1:]


@given(TEXTS, st.integers(min_value=1, max_value=8))
def test_units_from_stored_sentence_starts_are_those_found_from_the_text(text, limit):
    _, starts, ends = token_columns(text)
    spans = [(starts[0], ends[-1])] if len(starts) > 3 and limit > 4 else []
    for unit in ("sentence", "window"):
        assert ner_units(text, starts, ends, spans, unit, limit,
                         sentence_starts(text, starts)) == ner_units(
            text, starts, ends, spans, unit, limit)


def test_a_token_or_gap_too_long_to_keep_is_not_kept():
    assert encode("a" * 70_000) is None
    assert encode("a" + " " * 70_000 + "b") is None
    assert decode(encode("a" * 65_535)) == ([0], [65_535], [])


def test_the_tokenizer_version_names_what_it_gives():
    # If this fails, tokenize() or split_sentences() changed what they give: raise
    # TOKENIZER_VERSION (stores then compute their offsets again), and pin the new digest.
    sample = ("Kassym-Jomart Tokayev met Mr. Vassilenko in Nur-Sultan at 10:30 on 3.5.2019. "
              "Kazakhstan’s Mazhilis (Мәжіліс) voted; the U.S. e.g. watched... \"Why?\" "
              "asked K. Tokaev!\n\nЖаңа сайлау. t͡s and a\u0301 word_with_underscore.")
    _, starts, ends = token_columns(sample)
    described = json.dumps([starts, ends, [tuple(s) for s in split_sentences(sample)]])
    pinned = {1: "f0fba148f9d26ecc"}
    assert hashlib.sha256(described.encode()).hexdigest()[:16] == pinned[TOKENIZER_VERSION]
