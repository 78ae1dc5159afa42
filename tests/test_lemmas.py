"""The table lemmatizer gives the model's rule lemmatizer's lemmas, exactly."""
import numpy as np
import pytest
import spacy
from spacy.attrs import LEMMA
from spacy.lang.en import English
from spacy.lookups import Lookups
from spacy.tokens import Doc

from transforms.lemmas import FastLemmas, swap_lemmatizer

# Invented tables in the shape of spacy-lookups-data's English ones: rules per part of speech,
# exceptions, and the index of known lemmas (a list, as the model's).
TABLES = {
    "lemma_rules": {"noun": [["s", ""], ["ies", "y"], ["es", ""]], "verb": [["ed", ""], ["ed", "e"], ["ing", ""], ["ing", "e"], ["s", ""]],
                    "adj": [["er", ""], ["est", ""]]},
    "lemma_exc": {"verb": {"went": ["go"], "was": ["be"]}, "noun": {"geese": ["goose"]}},
    "lemma_index": {"noun": ["city", "goose", "box", "fox"], "verb": ["hope", "hop", "walk", "go"], "adj": ["tall"]},
}

# (words, pos, morph) per sentence; morphology decides base forms (a singular noun, an infinitive)
SENTENCES = [
    (["Cities", "hoped", "geese", "went", "taller", "."], ["NOUN", "VERB", "NOUN", "VERB", "ADJ", "PUNCT"],
     ["Number=Plur", "Tense=Past|VerbForm=Fin", "Number=Plur", "Tense=Past|VerbForm=Fin", "Degree=Cmp", ""]),
    (["The", "boxes", "hopping", "walks", "hoped", "Smiths"], ["DET", "NOUN", "VERB", "VERB", "VERB", "PROPN"],
     ["", "Number=Plur", "Aspect=Prog|Tense=Pres|VerbForm=Part", "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin",
      "Aspect=Perf|Tense=Past|VerbForm=Part", "Number=Plur"]),
    (["hopes", "hopes", "box", "walk", "Went"], ["NOUN", "VERB", "NOUN", "VERB", "VERB"],
     ["Number=Plur", "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin", "Number=Sing", "VerbForm=Inf", "Tense=Past|VerbForm=Fin"]),
    (["zzxqed", "unknowns", "is"], ["VERB", "NOUN", ""], ["Tense=Past|VerbForm=Fin", "Number=Plur", ""]),
]


def stock_lemmatizer(nlp, overwrite=False):
    lookups = Lookups()
    for name, table in TABLES.items():
        lookups.add_table(name, table)
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule", "overwrite": overwrite})
    lemmatizer.initialize(lookups=lookups)
    return lemmatizer


def hand_doc(nlp, words, pos, morphs, lemmas=None) -> Doc:
    return Doc(nlp.vocab, words=words, pos=pos, morphs=morphs, lemmas=lemmas)


pytestmark = pytest.mark.filterwarnings("ignore:.*W108")  # the untagged token of SENTENCES[3], on purpose


@pytest.mark.parametrize("overwrite", [False, True])
def test_fast_lemmas_set_what_the_lemmatizer_sets(overwrite):
    nlp = spacy.blank("en")
    stock = stock_lemmatizer(nlp, overwrite)
    fast = FastLemmas(nlp.vocab, stock=stock)
    for _ in range(2):  # the second time from its table
        for words, pos, morphs in SENTENCES:
            a = stock(hand_doc(nlp, words, pos, morphs))
            b = fast(hand_doc(nlp, words, pos, morphs))
            assert [t.lemma_ for t in a] == [t.lemma_ for t in b], words
    doc = fast(hand_doc(nlp, *SENTENCES[0]))
    assert [t.lemma_ for t in doc] == ["city", "hope", "goose", "go", "tall", "."]
    doc = fast(hand_doc(nlp, *SENTENCES[2]))
    assert [t.lemma_ for t in doc] == ["hope", "hope", "box", "walk", "go"]


def test_lemmas_already_set_stay_unless_overwrite():
    words, pos, morphs = SENTENCES[0]
    given = ["town", "", "", "", "", ""]  # an earlier component's lemma (the attribute ruler's)
    for overwrite, first in ((False, "town"), (True, "city")):
        nlp = spacy.blank("en")
        stock = stock_lemmatizer(nlp, overwrite)
        fast = FastLemmas(nlp.vocab, stock=stock)
        a = stock(hand_doc(nlp, words, pos, morphs, given))
        b = fast(hand_doc(nlp, words, pos, morphs, given))
        assert np.array_equal(a.to_array([LEMMA]), b.to_array([LEMMA]))
        assert b[0].lemma_ == first


def test_swap_keeps_name_place_and_tables():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    stock_lemmatizer(nlp)
    nlp.add_pipe("sentencizer", name="after")
    assert swap_lemmatizer(nlp)
    assert nlp.pipe_names == ["sentencizer", "lemmatizer", "after"]
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmas)
    assert not swap_lemmatizer(nlp)  # already swapped: nothing to do
    loaded = English.from_config(nlp.config).from_bytes(nlp.to_bytes())  # saved as the model's tables
    words, pos, morphs = SENTENCES[1]
    a, b = nlp.get_pipe("lemmatizer"), loaded.get_pipe("lemmatizer")
    assert [t.lemma_ for t in a(hand_doc(nlp, words, pos, morphs))] == \
        [t.lemma_ for t in b(hand_doc(loaded, words, pos, morphs))]


def test_no_lookup_mode_swap():
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not swap_lemmatizer(nlp)
    assert not swap_lemmatizer(spacy.blank("en"))


def test_no_tables_raises_as_the_lemmatizer_does():
    nlp = spacy.blank("en")
    stock = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    fast = FastLemmas(nlp.vocab, stock=stock)
    with pytest.raises(ValueError):
        stock(hand_doc(nlp, *SENTENCES[0]))
    with pytest.raises(ValueError):
        fast(hand_doc(nlp, *SENTENCES[0]))
