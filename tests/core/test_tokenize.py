from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.tokenize import split_sentences, tokenize


def texts(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def test_hyphenated_names_stay_whole():
    assert texts("Kassym-Jomart Tokayev visited Nur-Sultan and Al-Farabi") == [
        "Kassym-Jomart", "Tokayev", "visited", "Nur-Sultan", "and", "Al-Farabi"]


def test_curly_quotes_and_possessives_split_off():
    assert texts("“Kazakhstan’s modern history,” he said.") == [
        "“", "Kazakhstan", "’s", "modern", "history", ",", "”", "he", "said", "."]
    assert texts("O’Brien and Ma'jilis") == ["O’Brien", "and", "Ma'jilis"]


def test_cyrillic_kazakh_and_diacritics():
    assert texts("Мәжіліс, Қарағанды және Үкімет") == ["Мәжіліс", ",", "Қарағанды", "және", "Үкімет"]
    assert texts("Mäjilis in Qarağandy, Ūlttyq") == ["Mäjilis", "in", "Qarağandy", ",", "Ūlttyq"]
    assert "һәм" in texts("ғ қ ң ө ұ ү һәм і")


def test_combining_marks_stay_in_their_word():
    decomposed = "Ma\u0308jilis t\u0361s"
    assert texts(decomposed) == ["Ma\u0308jilis", "t\u0361s"]


def test_numbers_times_and_initialisms():
    assert texts("2,861 voters at 07:00 in the U.S.") == [
        "2,861", "voters", "at", "07:00", "in", "the", "U.S."]


@given(st.text())
def test_tokens_slice_the_text_exactly_and_cover_every_visible_character(text):
    tokens = tokenize(text)
    position = 0
    for token in tokens:
        assert text[token.start:token.end] == token.text
        assert token.start >= position and token.end > token.start
        assert text[position:token.start].strip() == "", "no visible character is skipped"
        position = token.end
    assert text[position:].strip() == ""


def test_sentences_break_at_line_ends_and_full_stops_but_not_abbreviations():
    text = "Headline here\nDr. Smith met K. Tokayev today. He left!  Next one"
    assert [s.text for s in split_sentences(text)] == [
        "Headline here", "Dr. Smith met K. Tokayev today.", "He left!", "Next one"]


@given(st.text())
def test_sentences_slice_the_text(text):
    for sentence in split_sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.text.strip() == sentence.text != ""


@given(st.text())
def test_token_columns_are_the_tokens(text):
    from annotator.core.tokenize import token_columns

    tokens = tokenize(text)
    assert token_columns(text) == ([t.text for t in tokens], [t.start for t in tokens],
                                   [t.end for t in tokens])


def _full_expression_tokens(text):
    # What tokenize gave before its fast path: the full expression on every text.
    from annotator.core import tokenize as module

    pattern = module._TOKEN if module._HAS_MARK.search(text) else module._TOKEN_PLAIN
    tokens = [module.Token(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
    if module._POSSESSIVE_ANYWHERE.search(text):
        tokens = module._split_possessives(tokens)
    return tokens


@given(st.text(alphabet="aZ9_.,:-'’ \n\u0301жҚ0", max_size=40) | st.text())
def test_the_fast_path_gives_the_full_expressions_tokens(text):
    from annotator.core.tokenize import token_columns

    expected = _full_expression_tokens(text)
    assert tokenize(text) == expected
    assert token_columns(text) == ([t.text for t in expected], [t.start for t in expected],
                                   [t.end for t in expected])


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=".!?…\n \t\"'”’»)]aZ1", max_size=60))
def test_the_sentence_end_expression_matches_its_plain_form(text):
    import re

    from annotator.core.tokenize import _SENTENCE_END

    plain = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)|\n\s*")
    assert [m.span() for m in _SENTENCE_END.finditer(text)] == \
        [m.span() for m in plain.finditer(text)]
