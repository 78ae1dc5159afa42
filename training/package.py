"""Copy the trained quote model into the project (``models/quote-spans``) without the training
text: spaCy saves every string its vocab met during training (the gold articles' words) in
``vocab/strings.json``. Only the labels are kept there; the model's weights read words through
hashes, so its predictions are the same (checked here on the held-out docs before writing).
"""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from training.convert import LABELS

KEEP = sorted(LABELS.values())


def package(trained: Path, out: Path, check: Path | None) -> None:
    import spacy
    from spacy.tokens import DocBin

    from training.reader import stock_tensors, unlabelled
    from transforms.quotes.model_content import QuoteModel

    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(trained, tmp)
    (tmp / "vocab" / "strings.json").write_text(json.dumps(KEEP), encoding="utf-8")
    meta = json.loads((tmp / "meta.json").read_text(encoding="utf-8"))
    meta["name"], meta["description"] = "quote_spans", "Dateline quote spans (CONTENT/SOURCE/CUE), trained on PolNeAR train"
    (tmp / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    if check is not None:
        before, after = QuoteModel(trained), QuoteModel(tmp)
        vocab = spacy.blank("en").vocab
        docs = stock_tensors(list(DocBin().from_disk(check).get_docs(vocab))[:20])
        assert any(before.spans(unlabelled(doc)) for doc in docs), "the trained model labels nothing"
        for doc in docs:
            assert before.spans(unlabelled(doc)) == after.spans(unlabelled(doc)), "stripped model differs"
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("trained", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--check", type=Path, default=None, help="docs to compare predictions on")
    args = ap.parse_args(argv)
    package(args.trained, args.out, args.check)


if __name__ == "__main__":
    main()
