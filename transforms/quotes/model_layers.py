"""The quote model's token encoder: the stock model's own token vectors, not a tok2vec of its own.

The stock pipeline's ``tok2vec`` has already read every word of the article (width 96, four
context layers) and left its output on ``doc.tensor``; the quote model reads those rows, adds its
own small embeddings of the stock model's TAG and DEP, and mixes them in one maxout layer. Its
own tok2vec had cost half the stage's CPU (docs/quotes.md). The stock vectors are never
updated by training (no gradient flows back into them).

Registered with spaCy's registry on import: ``transforms.quotes.model_content`` and
``training/reader.py`` import this module, so loading or training the model finds it.
"""
from __future__ import annotations

from typing import Callable

from spacy.ml.models.tok2vec import MaxoutWindowEncoder, MultiHashEmbed
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Maxout, Model, chain, concatenate, with_array
from thinc.types import Floats2d

ARCHITECTURE = "dateline.StockTensorTok2Vec.v1"


class MissingTensor(ValueError):
    """A doc without the stock model's token vectors of the width the quote model was built for."""


def has_tensor(doc: Doc, width: int) -> bool:
    """Whether ``doc`` carries one row of ``width`` token vectors per token."""
    shape = getattr(doc.tensor, "shape", ())
    return len(shape) == 2 and shape[0] == len(doc) and shape[1] == width


def _tensor_forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[list[Floats2d], Callable]:
    width = model.get_dim("nO")
    for doc in docs:
        if not has_tensor(doc, width):
            raise MissingTensor(f"the quote model reads the stock model's token vectors ({width} wide): "
                                f"a doc has tensor shape {getattr(doc.tensor, 'shape', None)}")
    return [model.ops.asarray2f(doc.tensor) for doc in docs], lambda d_vectors: []


def doc_tensor(width: int) -> Model[list[Doc], list[Floats2d]]:
    """Each doc's ``doc.tensor``, unchanged (no weights; no gradient)."""
    return Model("doc_tensor", _tensor_forward, dims={"nO": width})


@registry.architectures(ARCHITECTURE)
def stock_tensor_tok2vec(tensor_width: int, width: int, embed_width: int, attrs: list[str],
                         rows: list[int], maxout_pieces: int, depth: int = 0) -> Model[list[Doc], list[Floats2d]]:
    """The stock token vectors beside hashed embeddings of ``attrs`` (the stock TAG and DEP),
    mixed into ``width`` by one maxout layer, then ``depth`` window layers (each token reads its
    neighbours' mixed vectors: the tags and dependencies around it)."""
    embed = MultiHashEmbed(width=embed_width, attrs=attrs, rows=rows, include_static_vectors=False)
    mix = Maxout(width, tensor_width + embed_width, nP=maxout_pieces, normalize=True, dropout=0.0)
    model = chain(concatenate(doc_tensor(tensor_width), embed), with_array(mix))
    if depth:
        model = chain(model, MaxoutWindowEncoder(width=width, window_size=1, maxout_pieces=maxout_pieces, depth=depth))
    model.set_dim("nO", width)
    return model
