"""Quotes: direct, mixed and indirect speech, each with its cue and its speaker resolved.

The component reads the parse (tokens, dependencies, sentences, ``doc.ents``) and the entity
mentions of ``dateline_entities`` and writes ``doc._.dl_quotes``: one dict per quote span with
``kind`` (direct | indirect | mixed), the content span, the cue span and the speaker span as
written, the speaker's entity id and ``speaker_kind`` (name | pronoun | description |
continuation | none). Unknown parts are None. Every span slices back: ``text[s:e] == text``.

The stages, one module each (docs/quotes.md has the map and the state they still share):

1. ``marks``: pair the double quote marks paragraph by paragraph (unbalanced marks close at
   the paragraph's end, so an odd count never loses the article);
2. ``cues`` / ``speakers`` / ``coreference`` / ``transcripts``: attribute each quotation to a
   label (``X: “...”``), a cue verb in the text just before it (``X said: "..."``) or just
   after it (``"...," X said``), or a dash credit;
3. ``content*``: indirect speech from the parse, one rule per report shape: a cue verb's
   complement clause (``X said (that) ...``), ``... according to X``, a noun's or adjective's
   clause, reports with no named source (``X seems to ...``, ``it is unclear whether ...``);
   a short quotation inside that clause makes the quote ``mixed``;
4. ``continuation``: quotations still without a cue continue the speaker of the paragraph they
   sit in, or, when their paragraph is nothing but quotation, the speaker of the paragraph
   before; transcript turns (``NAME: ...``) and a headline's ``Name: claim`` beside these;
5. ``reconcile``: trim the rows, keep one per content span and drop reports inside another's;
   then ``direct.join_runs`` makes one row of a quote reopened paragraph by paragraph,
   ``direct.cut_off_quotations`` gives a row to a quotation a cut clause row left and
   ``speakers.reporters_of_belief`` gives a pronoun echoing its reporter's name the reporter;
6. ``model_content`` (``use_model``, on in ``build_pipeline`` unless DATELINE_QUOTE_MODEL=0): contents a model trained on
   PolNeAR train finds where no rule row is, speakers from the rules' own attribution.

Cue verbs, anaphoric speaker forms (pronouns, "the company") and the first names that tell
he from she are reference data: ``quote_cues.csv``, ``quote_pronouns.csv`` and
``quote_first_names.csv`` in the reference folder.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from transforms.entities import entity_id_at  # noqa: F401  (looked up here by coreference, see there)
from transforms.pipeline import guarded, record_error, register_extensions
from transforms.quotes.context import _Context
from transforms.quotes.lexicon import Lexicon, load_lexicon
from transforms.quotes.marks import find_quotations
from transforms.quotes.model_content import QuoteModel, cue_sentences, load_quote_model, model_rows
from transforms.quotes.direct import (attribute_quotations, cue_tokens, cut_off_quotations, direct_rows, join_runs,
                                     paragraph_speakers)
from transforms.quotes.reconcile import reconcile
from transforms.reference_files import resolve_reference_dir

register_extensions()

__all__ = ["QuoteExtractor", "extract_quotes", "find_quotations", "load_lexicon", "make_quotes"]


NAME = "dateline_quotes"


class QuoteExtractor:
    def __init__(self, lexicon: Lexicon, model: QuoteModel | None = None):
        self.lexicon = lexicon
        self.model = model

    @guarded(NAME)
    def __call__(self, doc: Doc) -> Doc:
        doc._.dl_quotes = extract_quotes(doc, self.lexicon, self.model)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """``__call__`` on each doc (what ``nlp.pipe`` calls), with the learned stage run once per
        ``batch_size`` docs over all their sentence copies (`QuoteModel.spans_of`): the same
        rows. A failure on one doc is that doc's, as `guarded` keeps it."""
        if self.model is None:
            yield from map(self, docs)
            return
        for batch in minibatch(docs, batch_size):
            yield from self._batch(list(batch))

    def _batch(self, docs: list[Doc]) -> list[Doc]:
        staged: dict[int, tuple[_Context, list[dict], list]] = {}
        for i, doc in enumerate(docs):
            try:
                ctx, rows = rule_rows(doc, self.lexicon)
                staged[i] = ctx, rows, cue_sentences(ctx, rows, self.model.cue_ids(self.lexicon))
            except Exception as exc:  # noqa: BLE001 - this doc's failure only
                record_error(doc, NAME, exc)
        try:
            found = self.model.spans_of([(docs[i], sents) for i, (_, _, sents) in staged.items()])
        except Exception:  # noqa: BLE001 - which doc raised is unknown: each is read alone below, and it fails
            found = None
        for n, (i, (ctx, rows, sents)) in enumerate(staged.items()):
            try:
                spans = found[n] if found is not None else self.model.spans(docs[i], sents)
                docs[i]._.dl_quotes = with_model_rows(ctx, rows, spans)
            except Exception as exc:  # noqa: BLE001
                record_error(docs[i], NAME, exc)
        return docs


MODEL_DIR = "models/quote-spans"


@Language.factory(
    NAME,
    default_config={"reference_dir": "seeds/reference", "use_model": False, "model_dir": MODEL_DIR},
    requires=["doc._.dl_mentions", "token.dep", "token.lemma", "token.pos"],
    assigns=["doc._.dl_quotes"],
)
def make_quotes(nlp: Language, name: str, reference_dir: str, use_model: bool, model_dir: str) -> QuoteExtractor:
    """``use_model``: add the ``model_content`` stage when the model in ``model_dir`` (relative
    to the checkout) is there; without it the rules run alone."""
    model = load_quote_model(resolve_reference_dir(model_dir)) if use_model else None
    return QuoteExtractor(load_lexicon(resolve_reference_dir(reference_dir)), model)


def extract_quotes(doc: Doc, lexicon: Lexicon, model: QuoteModel | None = None) -> list[dict]:
    ctx, rows = rule_rows(doc, lexicon)
    if model is not None:
        rows = with_model_rows(ctx, rows, model.spans(doc, cue_sentences(ctx, rows, model.cue_ids(lexicon))))
    return rows


def with_model_rows(ctx: _Context, rows: list[dict], spans: list[tuple[str, int, int]]) -> list[dict]:
    """The rules' rows and the learned stage's (pass 6), in text order."""
    return sorted(rows + model_rows(ctx, rows, spans), key=lambda r: (r["start_char"], r["end_char"]))


def rule_rows(doc: Doc, lexicon: Lexicon) -> tuple[_Context, list[dict]]:
    """Passes 1-5: the rules' rows, and the document's context the learned stage reads."""
    ctx = _Context(doc, lexicon)  # pass 1, the quotation marks, and the document's lookups
    attributed, rules = attribute_quotations(ctx)  # pass 2
    found_in_pass_2 = dict(attributed)  # before pass 3 takes quotations into its rows
    used_cues, after_cues = cue_tokens(ctx, attributed)
    ctx = ctx.with_quote_cues(used_cues)  # the clause rules of pass 3 end before these cues
    indirect, absorbed, sources = ctx.indirect_quotes(after_cues)  # pass 3
    for qi in absorbed:
        attributed.pop(qi, None)
        rules.pop(qi, None)
    for qi, (att, rule) in sources.items():
        if qi not in attributed:
            attributed[qi], rules[qi] = att, rule
    by_paragraph = paragraph_speakers(ctx, attributed, indirect)
    turns, labelled = ctx.transcript_turns()
    rows = [row for row, _ in indirect] + turns + ctx.headline_claim()
    rows += direct_rows(ctx, attributed, rules, absorbed | labelled, by_paragraph)  # pass 4
    clause_ends = {id(row): row["end_char"] for row, _ in indirect}  # reconcile may cut them
    rows = join_runs(ctx, reconcile(rows, ctx.text, lexicon.verbs))  # doc.text rebuilds the text from the tokens
    rows = cut_off_quotations(ctx, rows, indirect, clause_ends, found_in_pass_2)
    return ctx, ctx.reporters_of_belief(rows)
