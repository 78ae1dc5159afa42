"""The language of an article's body, read from the text itself.

py3langid (a fork of langid.py: naive Bayes over byte n-grams, 140 language labels, ISO 639-1
where there is one) ships its model in its wheel (`py3langid/data/model.npz.xz`): nothing is
downloaded, at install or at run time. Loading it takes about 0.5-1 s (decompression, 80 MB
resident), so it is loaded once per process and only when an article needs it (`dateline run`
starts it on a thread while its server boots). Classifying costs about 0.5 ms an article.

A body too short to tell (under MIN_WORDS words), or one the model is not sure of (its
probability under MIN_CONFIDENCE), gets no detected language: the caller falls back on the
language it already assumes (a run, the model's). Only the first SAMPLE_CHARS characters are
read: a news article's language is settled by then (about 170 words), and a 5 MB dump costs no
more than a page. Measured by `python -m evaluation.language` and on random 5-50-word windows of
BBC articles: without the floor and the confidence, 5-word windows were called another language
than English 108 times in 2,000, 20-word windows 4, 50-word windows 4; at 0.9, none.
"""
from __future__ import annotations

import threading
from functools import lru_cache

MIN_WORDS = 20
MIN_CONFIDENCE = 0.9
SAMPLE_CHARS = 1000
_LOADING = threading.Lock()  # `dateline run` starts loading on a thread; the ingest task waits for it


def identifier():
    """The py3langid classifier with probabilities normalised (confidence in 0..1), loaded once."""
    with _LOADING:
        return _load()


@lru_cache(maxsize=1)
def _load():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the model's best guess for ``text``'s language."""
    code, confidence = identifier().classify(text[:SAMPLE_CHARS])
    return code, confidence


def detected_language(text: str) -> str | None:
    """``text``'s language as an ISO 639-1 code, or None when the text is too short to tell
    (under MIN_WORDS words) or the model is unsure (under MIN_CONFIDENCE)."""
    if len(text[:SAMPLE_CHARS].split()) < MIN_WORDS:
        return None
    code, confidence = detect(text)
    return code if confidence >= MIN_CONFIDENCE else None


def body_language(article: dict) -> str | None:
    """The language an article is stored with: the one its input declares (an HTML page's
    ``<html lang>``), else the one detected from its body; None when neither says (the run
    then uses its model's)."""
    return article.get("language") or detected_language(article.get("body") or "")


def language_name(code: str) -> str:
    """The English name of an ISO 639 code ("en" -> "English"; Babel's CLDR data), else the code
    itself (spaCy's "xx", a code CLDR does not know)."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code).get_display_name("en") or code
    except (UnknownLocaleError, ValueError):
        return code


def model_language(model_name: str) -> str:
    """The language code of a pipeline named as `transforms.pipeline.identity_from_meta` names
    it ("en_core_web_sm" -> "en")."""
    return model_name.split("_", 1)[0]
