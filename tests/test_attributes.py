"""The compiled attribute ruler gives the model's AttributeRuler's annotations, exactly."""
import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc

from transforms.attributes import FastAttributes, Unsupported, compile_ruler, swap_attribute_ruler

COLUMNS = [TAG, POS, MORPH, LEMMA, DEP]

# Each shape of pattern the small English model uses, plus order and index semantics.
PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "VBZ"}]], "attrs": {"POS": "VERB", "MORPH": "Number=Sing|Person=3"}},
    {"patterns": [[{"TAG": "VBZ", "LOWER": "gets"}]], "attrs": {"LEMMA": "get"}},
    # a later entry overrides an earlier one on the same token
    {"patterns": [[{"LOWER": "is", "TAG": "VBZ"}]], "attrs": {"POS": "AUX", "LEMMA": "be"}},
    {"patterns": [[{"LOWER": {"IN": ["there", "here"]}}]], "attrs": {"POS": "PRON"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["NN", "VBZ", "EX", "_SP"]}}]], "attrs": {"MORPH": "Other=Yes"}},
    {"patterns": [[{"LOWER": {"REGEX": "^wan?na$"}}]], "attrs": {"LEMMA": "want"}},
    # several tokens, the attributes going to the second (index 1) and to the last (index -1)
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]], "attrs": {"POS": "VERB"}, "index": 1},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
    # an attribute written token by token (not one of the column-wise ones)
    {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}},
]

SENTENCES = [
    (["There", "is", "a", "dog", "."], ["EX", "VBZ", "DT", "NN", "."], ["expl", "ROOT", "det", "nsubj", "punct"]),
    (["She", "gets", "wanna", "gon", "na", "here"], ["PRP", "VBZ", "VB", "VBG", "TO", "RB"],
     ["nsubj", "ROOT", "xcomp", "xcomp", "aux", "advmod"]),
    (["It", "is", "\n", "new"], ["PRP", "VBZ", "_SP", "JJ"], ["nsubj", "ROOT", "punct", "acomp"]),
]


def hand_doc(nlp, words, tags, deps) -> Doc:
    return Doc(nlp.vocab, words=words, spaces=[True] * len(words), tags=tags, deps=deps,
               heads=[1] * len(words))


@pytest.fixture(scope="module")
def rulers():
    nlp = spacy.blank("en")
    stock = nlp.add_pipe("attribute_ruler")
    stock.add_patterns(PATTERNS)
    return nlp, stock, FastAttributes(nlp.vocab, compiled=compile_ruler(stock))


def test_compiled_ruler_sets_what_the_attribute_ruler_sets(rulers):
    nlp, stock, fast = rulers
    for words, tags, deps in SENTENCES:
        a, b = stock(hand_doc(nlp, words, tags, deps)), fast(hand_doc(nlp, words, tags, deps))
        assert np.array_equal(a.to_array(COLUMNS), b.to_array(COLUMNS)), words
    # and what that is, spelled out
    doc = fast(hand_doc(nlp, *SENTENCES[0]))
    assert [t.pos_ for t in doc] == ["PRON", "VERB", "", "NOUN", ""]  # "is" after "There": index 1 rule last
    assert doc[1].lemma_ == "be" and str(doc[3].morph) == "Number=Sing" and str(doc[2].morph) == "Other=Yes"
    doc = fast(hand_doc(nlp, *SENTENCES[1]))
    assert [t.lemma_ for t in doc][1:5] == ["get", "want", "", "to"]
    doc = fast(hand_doc(nlp, *SENTENCES[2]))
    assert doc[2].dep_ == "dep" and doc[1].pos_ == "AUX"  # no "there": the later AUX rule stands


def test_rows_seen_before_come_from_the_cache_with_the_same_result(rulers):
    nlp, stock, fast = rulers
    first = fast(hand_doc(nlp, *SENTENCES[1])).to_array(COLUMNS)
    assert fast._single  # rows remembered
    again = fast(hand_doc(nlp, *SENTENCES[1])).to_array(COLUMNS)
    assert np.array_equal(first, again)


def test_rows_of_one_shape_share_the_rules_they_pass(rulers):
    """Words no rule names (and no expression matches) are one shape: worked out once, same result."""
    nlp, stock, _ = rulers
    fast = FastAttributes(nlp.vocab, compiled=compile_ruler(stock))
    strings = nlp.vocab.strings
    row = lambda tag, lower, dep, space=0: tuple(  # noqa: E731 - the compiled columns, in order
        {"TAG": strings.add(tag), "LOWER": strings.add(lower), "DEP": strings.add(dep), "IS_SPACE": space}[c]
        for c in fast.compiled.columns)
    plain, other, named, matched = (row("NN", "kettle", "nsubj"), row("NN", "teapot", "nsubj"),
                                    row("NN", "there", "nsubj"), row("NN", "wana", "nsubj"))
    assert fast._shape(plain, strings) == fast._shape(other, strings)
    assert fast._shape(named, strings) != fast._shape(plain, strings) != fast._shape(matched, strings)
    assert fast._lookup(plain, strings) == fast._lookup(other, strings) == fast._lookup(plain, strings)
    assert len(fast._by_shape) == 1 and len(fast._single) == 2
    for words, tags, deps in SENTENCES:  # and a ruler filled by shape still sets what the stock one sets
        a, b = stock(hand_doc(nlp, words, tags, deps)), fast(hand_doc(nlp, words, tags, deps))
        assert np.array_equal(a.to_array(COLUMNS), b.to_array(COLUMNS)), words


def test_a_pattern_it_cannot_apply_keeps_the_models_own_ruler():
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns([{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"LEMMA": "x"}}])
    with pytest.raises(Unsupported):
        compile_ruler(nlp.get_pipe("attribute_ruler"))
    assert swap_attribute_ruler(nlp) is False
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"


def test_the_pipeline_runs_the_compiled_ruler_in_the_models_place(nlp):
    names = nlp.pipe_names
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributes)
    assert names.index("attribute_ruler") == names.index("parser") + 1 < names.index("lemmatizer")


def test_the_real_models_annotations_do_not_change(nlp):
    """The small model's own ruler against the compiled one, on the sample article."""
    from conftest import SAMPLE
    from transforms.pipeline import load_model

    stock = load_model(None)
    text = SAMPLE.read_text(encoding="utf-8")
    a = stock(text)
    b = nlp(text)
    assert np.array_equal(a.to_array(COLUMNS), b.to_array(COLUMNS))
    assert [t.lemma_ for t in a] == [t.lemma_ for t in b]


def test_a_document_the_fast_path_fails_on_gets_the_models_ruler(rulers):
    nlp, stock, _ = rulers
    fast = FastAttributes(stock.vocab, compiled=compile_ruler(stock), fallback=stock)
    fast._apply = lambda doc: (_ for _ in ()).throw(KeyError("no such string"))
    doc = fast(hand_doc(nlp, *SENTENCES[0]))
    assert doc[3].pos_ == "NOUN"
