"""The quote model's encoder reads the stock model's token vectors (transforms/quotes/model_layers.py)
and the stage stands aside, rules alone, on docs that carry none."""
from __future__ import annotations

import logging

import numpy
import pytest
import spacy
from spacy.tokens import Doc

from transforms.quotes.model_content import QuoteModel
from transforms.quotes.model_layers import MissingTensor, doc_tensor, has_tensor, stock_tensor_tok2vec

VOCAB = spacy.blank("en").vocab
WORDS = ["Critics", "claimed", "the", "mayor", "lied", "."]


def test_has_tensor_wants_one_row_of_the_width_per_token():
    doc = Doc(VOCAB, words=WORDS)
    assert not has_tensor(doc, 4)  # a fresh doc has an empty tensor
    doc.tensor = numpy.zeros((6, 4), dtype="float32")
    assert has_tensor(doc, 4)
    assert not has_tensor(doc, 8)
    doc.tensor = numpy.zeros((5, 4), dtype="float32")
    assert not has_tensor(doc, 4)


def test_the_doc_tensor_layer_passes_the_rows_on_and_refuses_a_doc_without_them():
    layer = doc_tensor(4)
    doc = Doc(VOCAB, words=WORDS)
    doc.tensor = numpy.arange(24, dtype="float32").reshape(6, 4)
    [rows] = layer.predict([doc])
    assert numpy.array_equal(rows, doc.tensor)
    with pytest.raises(MissingTensor):
        layer.predict([Doc(VOCAB, words=WORDS)])


def test_the_encoder_gives_one_vector_of_its_width_per_token():
    model = stock_tensor_tok2vec(tensor_width=4, width=8, embed_width=6, attrs=["TAG", "DEP"], rows=[50, 50],
                                 maxout_pieces=2, depth=1)
    doc = Doc(VOCAB, words=WORDS, tags=["NNS", "VBD", "DT", "NN", "VBD", "."])
    doc.tensor = numpy.ones((6, 4), dtype="float32")
    model.initialize(X=[doc])
    [vectors] = model.predict([doc])
    assert vectors.shape == (6, 8)
    assert model.get_dim("nO") == 8


def test_a_doc_without_the_stock_vectors_gets_no_model_spans_and_one_warning(caplog):
    model = QuoteModel.__new__(QuoteModel)  # the check alone: no weights are read
    model.tensor_width, model._warned = 96, False
    doc = Doc(VOCAB, words=WORDS)
    with caplog.at_level(logging.WARNING, logger="transforms.quotes.model_content"):
        assert not model.reads(doc)
        assert not model.reads(doc)
    assert len([r for r in caplog.records if "quote model off" in r.message]) == 1
    doc.tensor = numpy.zeros((6, 96), dtype="float32")
    assert model.reads(doc)
