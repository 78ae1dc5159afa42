"""How often language detection calls an English article something else:
``python -m evaluation.language [inputs ...]``.

The inputs (default: the BBC corpus and the Wikinews CSVs, all English) are read as `dateline run`
reads them (`flows.ingest`), and each distinct article's body goes through
`transforms.language.detected_language`, as a run does for an article whose input declares no
language. Prints one line per article not called English (its source, word count, the model's
guess and probability; no article text), then the counts: called English, too short or unsure
(left to the model's language), and called another language (wrong here), and the time taken.
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from flows.ingest import read_articles
from transforms.language import MIN_CONFIDENCE, MIN_WORDS, detect, detected_language, identifier

EVAL_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval-data"
DEFAULT_INPUTS = (EVAL_DATA / "bbc-news" / "bbc", *sorted((EVAL_DATA / "wikinews" / "data").glob("*.csv")))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path, default=list(DEFAULT_INPUTS))
    parser.add_argument("--expect", default="en", help="the language every input is in (default en)")
    args = parser.parse_args(argv)
    bodies = {}
    for item in read_articles(tuple(args.inputs)):
        if isinstance(item, dict):
            bodies.setdefault(item["article_id"], (item["source_uri"], item["body"]))
    started = time.perf_counter()
    identifier()
    loaded = time.perf_counter() - started
    counts = Counter()
    for source, body in bodies.values():
        found = detected_language(body)
        counts["expected" if found == args.expect else "left to the model" if found is None else "wrong"] += 1
        if found != args.expect:
            code, confidence = detect(body)
            print(f"{source}\t{len(body.split())} words\t{code}\t{confidence:.3f}\t"
                  f"{'wrong' if found else 'left to the model'}")
    took = time.perf_counter() - started - loaded
    print(f"# {len(bodies)} distinct articles (floor {MIN_WORDS} words, confidence {MIN_CONFIDENCE}): "
          f"{counts['expected']} called {args.expect}, {counts['left to the model']} too short or unsure, "
          f"{counts['wrong']} called another language; model loaded in {loaded:.2f} s, "
          f"detection {took:.2f} s ({1000 * took / max(len(bodies), 1):.2f} ms an article)")


if __name__ == "__main__":
    main()
