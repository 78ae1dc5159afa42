"""Near-duplicate pairs Dateline finds in a corpus, for reading by hand:
``python -m evaluation.duplicates [folder] [--show N]``.

The folder (default: the BBC corpus) is read as `dateline run` reads it (`flows.ingest`: the
same text twice is one article), then every article is placed in input order by
`transforms.duplicates.mark`, as a run over an empty data dir would. Prints one line per pair
found: the earlier file, the later file, the estimated Jaccard similarity of their shingles (and
the exact one), and the identical files folded into one article; no article text.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from flows.ingest import read_articles
from transforms.duplicates import Index, mark, shingles

BBC = Path(__file__).resolve().parents[2] / "shared" / "eval-data" / "bbc-news" / "bbc"


def name(uri: str, root: Path) -> str:
    return str(Path(uri).relative_to(root)) if Path(uri).is_relative_to(root) else uri


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=BBC)
    args = parser.parse_args(argv)
    articles, seen, identical = [], {}, 0
    for item in read_articles((args.folder,)):
        if isinstance(item, dict):
            if item["article_id"] in seen:
                identical += 1
                continue
            seen[item["article_id"]] = item
            articles.append(item)
    started = time.perf_counter()
    pairs = mark(Index(), articles)
    took = time.perf_counter() - started
    for earlier, later, sim in sorted(pairs, key=lambda p: -p[2]):
        a, b = seen[earlier], seen[later]
        sa, sb = shingles(a["body"]), shingles(b["body"])
        print(f"{name(a['source_uri'], args.folder)}\t{name(b['source_uri'], args.folder)}\t"
              f"{sim:.3f}\t{len(sa & sb) / len(sa | sb):.3f}")
    print(f"# {len(seen) + identical} articles read, {identical} identical to an earlier one (one article), "
          f"{len(articles)} distinct; {len(pairs)} near-duplicate pairs; signing and placing took {took:.1f} s")


if __name__ == "__main__":
    main()
