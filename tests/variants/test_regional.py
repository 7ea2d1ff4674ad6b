"""The region's other national spellings: Uzbek, Tajik, Kyrgyz and Turkmen vowels against
Russian ones, Ukrainian h for г, English c for к, dropped diacritics; and the look-alikes
those rules must not join."""

import pytest

from annotator.variants.candidates import mine
from annotator.variants.cluster import cluster
from annotator.variants.explain import explain


def together(a: str, b: str) -> bool:
    return any({a, b} <= set(group) for group in cluster([a, b]))


@pytest.mark.parametrize(("a", "b", "kind"), [
    ("Guliston", "Gulistan", "Uzbek о for Russian а"),
    ("Termiz", "Termez", "Uzbek и for Russian е"),
    ("Bolat", "Bulat", "Kazakh о for Russian у"),
    ("Orazmyrat", "Orazmurat", "Turkmen y (ы) for Russian у"),
    ("Oleh", "Oleg", "Ukrainian h for г"),
    ("Halyna", "Galina", "Ukrainian h for г, y for и"),
    ("Nicolai", "Nikolai", "English c for к"),
    ("Çaryýew", "Caryyew", "diacritics dropped"),
])
def test_spellings_of_the_regions_languages_are_joined(a, b, kind):
    assert together(a, b), kind
    assert explain(a, b).explained, explain(a, b).describe()


@pytest.mark.parametrize(("a", "b", "why"), [
    ("Ruslan", "Raslan", "а / у is no alternation"),
    ("Amir", "Amur", "и / у only where y is written (a Turkmen ы)"),
    ("Saltana", "Saltano", "never the last letter, where endings make other words"),
    ("Sabir", "Sabira", "a feminine ending"),
    ("Aman", "Amon", "keys shorter than five letters"),
    ("Kosan", "Koshan", "s and sh are different letters where no ş is written"),
])
def test_look_alikes_stay_apart(a, b, why):
    assert not together(a, b), why


def test_two_vowels_change_only_in_longer_words():
    assert together("Leninobod", "Leninabad")           # two о / а in nine letters
    assert not together("Tomos", "Tamas")               # two in five


def test_a_pronunciation_respelling_is_no_candidate():
    forms = mine([("d", "Almaty (AL-mə-TEE, also al-MAH-tee) is the largest city. "
                        "Nur-Sultan and NUR-SULTAN and al-Farabi are names.")])
    assert "AL-mə-TEE" not in forms and "Nur-Sultan" in forms and "NUR-SULTAN" in forms
