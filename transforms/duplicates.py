"""Near-duplicate articles: MinHash over word shingles, found with LSH (datasketch).

The same wire story in two papers, or a story published again with a paragraph corrected, is two
articles (two bodies, two ids). Each body's set of word shingles (``SHINGLE_WORDS`` consecutive
words, case-folded, punctuation left out) is summarised by a MinHash signature; LSH finds the
earlier articles whose estimated Jaccard similarity may reach ``THRESHOLD``, and the estimate
decides. An article that is a near-duplicate of earlier ones gets ``duplicate_of``: the
first-seen article of the cluster they belong to (never a duplicate itself), with the similarity
to the closest earlier one. Pure: `warehouse.duplicates` keeps the index between runs.

On the BBC corpus (`python -m evaluation.duplicates`) 68 pairs among 2,128 distinct articles; the
25 read by hand were each one story in two versions (the README's figures).
"""
from __future__ import annotations

from functools import lru_cache
import re
from dataclasses import dataclass, field

import numpy as np

NUM_PERM = 128
SEED = 1  # the permutations: fixed, so signatures written by one run compare with the next one's
SCHEME = "affine32"  # datasketch's hashing scheme (its 2.0 default), named: stored values carry no trace of it
SHINGLE_WORDS = 5
THRESHOLD = 0.5
WORD = re.compile(r"\w+")


def shingles(body: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The body's runs of ``size`` words (the whole body when shorter), as UTF-8."""
    words = WORD.findall(body.casefold())
    return {" ".join(words[i:i + size]).encode() for i in range(max(len(words) - size + 1, 1))}


def signature(body: str):
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_permutations())
    m.update_batch(list(shingles(body)))
    return m


@lru_cache(maxsize=1)
def _permutations():
    """The seed's permutations, drawn once (a MinHash draws them anew each time: a third of the
    signing time over the BBC corpus); the signatures are the same."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def to_bytes(minhash) -> bytes:
    """A signature as stored: 32-bit hash values, little-endian."""
    return minhash.hashvalues.astype("<u4").tobytes()


def from_bytes(data: bytes):
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=np.frombuffer(data, dtype="<u4").astype(np.uint32))


@dataclass
class Entry:
    article_id: str
    seq: int  # order first seen: the lower, the earlier
    root: str  # the cluster's first-seen article (the article itself when it is the first)
    minhash: object


@dataclass
class Index:
    """Articles seen so far; `check_and_add` places each new one."""
    threshold: float = THRESHOLD
    entries: dict[str, Entry] = field(default_factory=dict)
    added: list[Entry] = field(default_factory=list)  # entries new since the index was loaded
    next_seq: int = 0

    def __post_init__(self):
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=NUM_PERM)

    def load(self, entry: Entry) -> None:
        """An entry already persisted (or just added)."""
        if entry.article_id not in self.entries:
            self.entries[entry.article_id] = entry
            self._lsh.insert(entry.article_id, entry.minhash)
            self.next_seq = max(self.next_seq, entry.seq + 1)

    def add(self, article_id: str, root: str, minhash) -> Entry:
        """A new entry, after every one there is: persisted by the run that adds it."""
        entry = Entry(article_id, self.next_seq, root, minhash)
        self.load(entry)
        self.added.append(entry)
        return entry

    def closest(self, minhash) -> tuple[Entry, float] | None:
        """The earlier article most like ``minhash`` at or above the threshold (the first seen
        among equals), with the estimated similarity."""
        best = None
        for key in self._lsh.query(minhash):
            entry = self.entries[key]
            sim = float(minhash.jaccard(entry.minhash))
            if sim >= self.threshold and (best is None or (sim, -entry.seq) > (best[1], -best[0].seq)):
                best = (entry, sim)
        return best


def mark(index: Index, articles: list[dict]) -> list[tuple[str, str, float]]:
    """Set ``duplicate_of`` and ``duplicate_similarity`` on each article, in order; the
    (earlier article, article, similarity) pairs found, the earlier one being the closest match."""
    pairs = []
    for article in articles:
        minhash = signature(article["body"])
        found = index.closest(minhash)
        if article["article_id"] in index.entries:
            continue  # known already (an article stored before the index had it)
        index.add(article["article_id"], found[0].root if found else article["article_id"], minhash)
        article["duplicate_of"] = found[0].root if found else None
        article["duplicate_similarity"] = round(found[1], 4) if found else None
        if found:
            pairs.append((found[0].article_id, article["article_id"], found[1]))
    return pairs
