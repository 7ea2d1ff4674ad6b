"""Cyrillic forms proposed for an entity from translated sentences and by
back-transliteration."""

from annotator.variants.cyrillic import back_transliterate, propose_cyrillic


def test_back_transliteration_keeps_words_and_hyphens():
    assert back_transliterate("Vassilenko") == "Василенко"
    assert back_transliterate("Mazhilis") == "Мажилис"
    assert back_transliterate("Kassym-Jomart Tokayev") == "Касим-Жомарт Токаев"


def test_inflected_russian_and_kazakh_names_come_back_to_their_stem():
    proposals = propose_cyrillic(["Tokayev", "Tokaev"], {
        "ru": ["Президент Токаев встретился с послом.", "Встреча Токаева с послом.",
               "Визит Токаеву понравился."],
        "kk": ["Тоқаевтың сапары басталды.", "Тоқаев келді."],
    })
    by_lang = {(p.lang, p.source): p for p in proposals}
    assert by_lang["ru", "translation"].form == "Токаев"
    assert by_lang["ru", "translation"].support == 3
    assert by_lang["kk", "translation"].form == "Тоқаев"
    assert by_lang["kk", "translation"].evidence == "in 2 translated sentences where it occurs"
    # Words of the sentence that are not the name are never proposed.
    assert not any(p.form in {"Президент", "Встреча", "Визит"} for p in proposals)
    # The back-transliteration agrees with the translation, so it is not repeated.
    assert [p.source for p in proposals if p.lang == "ru"] == ["translation"]


def test_the_closest_form_is_first_and_known_forms_are_left_out():
    proposals = propose_cyrillic(["Astana"], {"ru": ["Встреча в Астане.", "Астана – столица."]})
    assert [p.form for p in proposals] == ["Астана", "Астане"]
    again = propose_cyrillic(["Astana"], {"ru": ["Астана – столица."]},
                             existing={"ru": ["Астана"]})
    assert again == []


def test_multi_word_names_match_word_groups():
    proposals = propose_cyrillic(["Roman Vassilenko"], {
        "ru": ["Заместитель министра Роман Василенко сказал."]})
    assert proposals[0].form == "Роман Василенко"


def test_without_translations_only_the_back_transliteration_is_proposed():
    proposals = propose_cyrillic(["Vasilenko", "Vassilenko"], {})
    assert [(p.lang, p.form, p.source) for p in proposals] == [
        ("ru", "Василенко", "transliteration")]
    assert proposals[0].evidence == "back-transliteration of Vasilenko"


def test_the_back_transliteration_starts_from_the_canonical_spelling():
    # Qazaqstan is shorter, but Kazakhstan is the entity's canonical form.
    [proposal] = propose_cyrillic(["Kazakhstan", "Qazaqstan", "Kazakhstan"], {})
    assert (proposal.form, proposal.evidence) == ("Казахстан",
                                                  "back-transliteration of Kazakhstan")
