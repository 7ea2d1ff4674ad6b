"""Rows of the ner config: sentences and windows that never cut a span."""

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.ner_units import ner_units
from annotator.core.tokenize import token_columns

TEXT = ("Roman Vassilenko met Kassym-Jomart Tokayev in Astana. The Central Election "
        "Commission of the Republic of Kazakhstan counted votes. Observers from the CIS agreed.")


def units_of(text, spans, unit, max_tokens=64):
    words, starts, ends = token_columns(text)
    return words, [words[first:last] for first, last in
                   ner_units(text, starts, ends, spans, unit, max_tokens)]


def span_at(text, name):
    start = text.index(name)
    return (start, start + len(name))


def test_sentence_rows_follow_the_sentences():
    _, rows = units_of(TEXT, [], "sentence")
    assert [" ".join(row) for row in rows] == [
        "Roman Vassilenko met Kassym-Jomart Tokayev in Astana .",
        "The Central Election Commission of the Republic of Kazakhstan counted votes .",
        "Observers from the CIS agreed ."]


def test_a_span_across_a_sentence_break_keeps_its_sentences_together():
    text = "He spoke to Dr. No. Ltd. It was late."
    # "No. Ltd" tagged as one name: the split after "No." must not happen.
    spans = [span_at(text, "No. Ltd")]
    _, rows = units_of(text, spans, "sentence")
    assert any("No" in row and "Ltd" in row for row in rows)


def test_a_long_sentence_is_cut_between_tokens_but_not_inside_a_span():
    text = " ".join(["word"] * 10 + ["Central", "Election", "Commission"] + ["word"] * 10)
    spans = [span_at(text, "Central Election Commission")]
    _, rows = units_of(text, spans, "sentence", max_tokens=11)
    assert all(len(row) <= 13 for row in rows)
    assert any(row[-3:] == ["Central", "Election", "Commission"] or
               row[:3] == ["Central", "Election", "Commission"] for row in rows)
    assert sum(map(len, rows)) == 23


def test_windows_pack_whole_sentences_up_to_the_limit():
    words, rows = units_of(TEXT, [], "window", max_tokens=25)
    assert [len(row) for row in rows] == [8 + 12, 6]
    _, whole = units_of(TEXT, [], "document")
    assert whole == [words]


def test_an_empty_document():
    assert units_of("", [], "sentence")[1] == []
    assert units_of("", [], "document")[1] == [[]]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Astana", "met", "Tokayev", ".", "Nur-Sultan", ",", "\n"]),
                min_size=1, max_size=80),
       st.lists(st.tuples(st.integers(0, 79), st.integers(1, 6)), max_size=8),
       st.sampled_from(["sentence", "window"]), st.integers(1, 20))
def test_rows_cover_every_token_once_and_no_span_is_cut(words, picks, unit, max_tokens):
    text = " ".join(words)
    _, starts, ends = token_columns(text)
    spans = []
    for first, length in picks:
        if first < len(starts):
            last = min(first + length, len(starts)) - 1
            spans.append((starts[first], ends[last]))
    units = ner_units(text, starts, ends, spans, unit, max_tokens)
    covered = [index for first, last in units for index in range(first, last)]
    assert covered == list(range(len(starts)))
    for start, end in spans:
        inside = {number for number, (first, last) in enumerate(units)
                  if any(start < ends[i] and starts[i] < end for i in range(first, last))}
        assert len(inside) == 1, (start, end, units)
