"""Near-duplicate articles: MinHash over word shingles (datasketch), found with LSH bands.

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


def signature(body: str) -> np.ndarray:
    """The body's MinHash signature: ``NUM_PERM`` 32-bit hash values (datasketch's MinHash)."""
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_permutations())
    m.update_batch(list(shingles(body)))
    return m.hashvalues.astype(np.uint32)


@lru_cache(maxsize=1)
def _permutations():
    """The seed's permutations, drawn once (a MinHash draws them anew each time: a third of the
    signing time over the BBC corpus); the signatures are the same."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def to_bytes(sig: np.ndarray) -> bytes:
    """A signature as stored: 32-bit hash values, little-endian."""
    return np.asarray(sig, dtype="<u4").tobytes()


@lru_cache(maxsize=1)
def bands() -> tuple[int, int]:
    """LSH's (bands, rows per band) for ``THRESHOLD`` and ``NUM_PERM``: datasketch's choice
    (25 bands of 5 values). Two signatures are candidates when one band is equal in both."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: a band's values folded into one 64-bit key


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """Signatures (n x NUM_PERM) -> their band keys (n x bands), one uint64 per band: equal bands
    give equal keys (unequal ones collide with odds of 2^-64; the similarity then decides)."""
    b, r = bands()
    values = np.asarray(sigs, dtype=np.uint64)[:, :b * r].reshape(len(sigs), b, r)
    keys = np.zeros((len(sigs), b), dtype=np.uint64)
    for k in range(r):
        keys = keys * _MIX + values[:, :, k]  # wraps modulo 2^64, as meant
    return keys


def band_matches(stored: np.ndarray, wanted_keys: np.ndarray) -> np.ndarray:
    """Which of the ``stored`` signatures (n x NUM_PERM) share a band with any signature whose
    band keys are ``wanted_keys`` (m x bands): the only ones that can be candidates."""
    keys = band_keys(stored)
    hit = np.zeros(len(stored), dtype=bool)
    for j in range(keys.shape[1]):
        hit |= np.isin(keys[:, j], wanted_keys[:, j])
    return hit


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of two signatures (the share of equal values)."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


@dataclass
class Entry:
    article_id: str
    seq: int  # order first seen: the lower, the earlier
    root: str  # the cluster's first-seen article (the article itself when it is the first)
    signature: np.ndarray


@dataclass
class Index:
    """Articles seen so far, or those of them that can match the articles a run checks (the
    lake's index is read for candidates only: `warehouse.duplicates.load_index`); `closest`
    places each new one. Candidates share an LSH band with it (`bands`)."""
    threshold: float = THRESHOLD
    entries: dict[str, Entry] = field(default_factory=dict)
    added: list[Entry] = field(default_factory=list)  # entries new since the index was loaded
    next_seq: int = 0
    _buckets: list[dict[int, list[str]]] = field(default_factory=lambda: [{} for _ in range(bands()[0])])

    def load(self, entry: Entry) -> None:
        """An entry already persisted (or just added), searchable."""
        if entry.article_id not in self.entries:
            self.entries[entry.article_id] = entry
            for bucket, key in zip(self._buckets, band_keys(entry.signature[None, :])[0].tolist()):
                bucket.setdefault(key, []).append(entry.article_id)
        self.next_seq = max(self.next_seq, entry.seq + 1)

    def add(self, article_id: str, root: str, sig: np.ndarray, searchable: bool = True) -> Entry:
        """A new entry, after every one there is: persisted by the run that adds it. One that
        cannot match what the run checks need not be searchable (held for persisting only)."""
        entry = Entry(article_id, self.next_seq, root, sig)
        self.next_seq += 1
        if searchable:
            self.load(entry)
        self.added.append(entry)
        return entry

    def closest(self, sig: np.ndarray) -> tuple[Entry, float] | None:
        """The earlier article most like ``sig`` at or above the threshold (the first seen among
        equals), with the estimated similarity."""
        best = None
        keys = band_keys(sig[None, :])[0].tolist()
        found = {aid for bucket, key in zip(self._buckets, keys) for aid in bucket.get(key, ())}
        for key in found:
            entry = self.entries[key]
            sim = similarity(sig, entry.signature)
            if sim >= self.threshold and (best is None or (sim, -entry.seq) > (best[1], -best[0].seq)):
                best = (entry, sim)
        return best


def mark(index: Index, articles: list[dict], sigs: list[np.ndarray] | None = None) -> list[tuple[str, str, float]]:
    """Set ``duplicate_of`` and ``duplicate_similarity`` on each article, in order; the
    (earlier article, article, similarity) pairs found, the earlier one being the closest match.
    ``sigs``: the articles' signatures, when already made."""
    pairs = []
    for i, article in enumerate(articles):
        sig = sigs[i] if sigs is not None else signature(article["body"])
        found = index.closest(sig)
        if article["article_id"] in index.entries:
            continue  # known already (an article stored before the index had it)
        index.add(article["article_id"], found[0].root if found else article["article_id"], sig)
        article["duplicate_of"] = found[0].root if found else None
        article["duplicate_similarity"] = round(found[1], 4) if found else None
        if found:
            pairs.append((found[0].article_id, article["article_id"], found[1]))
    return pairs
