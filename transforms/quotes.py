"""Quotes: direct, mixed and indirect speech, each with its cue and its speaker resolved.

The component reads the parse (tokens, dependencies, sentences, ``doc.ents``) and the entity
mentions of ``dateline_entities`` and writes ``doc._.dl_quotes``: one dict per quote span with
``kind`` (direct | indirect | mixed), the content span, the cue span and the speaker span as
written, the speaker's entity id and ``speaker_kind`` (name | pronoun | description |
continuation | none). Unknown parts are None. Every span slices back: ``text[s:e] == text``.

Four passes, each linear in the document:

1. pair the double quote marks paragraph by paragraph (unbalanced marks close at the
   paragraph's end, so an odd count never loses the article);
2. attribute each quotation to a cue verb in the text just before it (``X said: "..."``) or
   just after it (``"...," X said``);
3. indirect speech from the parse: a cue verb's complement clause (``X said (that) ...``) and
   ``... according to X``; a short quotation inside that clause makes the quote ``mixed``;
4. quotations still without a cue continue the speaker of the paragraph they sit in, or, when
   their paragraph is nothing but quotation, the speaker of the paragraph before.

Beside these: transcript turns (``NAME: ...``), a headline's ``Name: claim`` and reports with
no named source (raising verbs and passives: "X seems to ...", "X is expected to ..."; adjectives
on a dummy "it": "it is unclear whether ...").

Cue verbs, anaphoric speaker forms (pronouns, "the company") and the first names that tell
he from she are reference data: ``quote_cues.csv``, ``quote_pronouns.csv`` and
``quote_first_names.csv`` in the reference folder.
"""
from __future__ import annotations

import csv
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from transforms.entities import entity_id_at
from transforms.pipeline import guarded, register_extensions

register_extensions()

# Two apostrophes are the double quote mark of some wires and of the New York Times archive.
QUOTE_MARK = re.compile(r"[“”\"]|''")
STRAIGHT_MARKS = {'"', "''"}
PARAGRAPH = re.compile(r"[^\n]+")
# Transcripts and debate excerpts: a paragraph opening with the speaker's name in capitals.
SPEAKER_LABEL = re.compile(r"^[“\"]?([A-Z][A-Z.'’\- ]{1,40}[A-Z.]):[ \t]+(?=\S)", re.MULTILINE)
# A mark preceded by one of these opens a quotation, followed by one of these it closes one.
OPENS_AFTER = set(" \t\n([{—–-/")
CLOSES_BEFORE = set(" \t\n)]}.,;:!?—–-…/'")
SENTENCE_END = {".", "!", "?"}
# A quotation ending in one of these hands over to an attribution after it ("...," he said).
HANDS_OVER = tuple(",?!—–-…")
NAME_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
# Parts of speech of a speaker phrase ("the state's senior senator", "Smith, 54,") and of the
# auxiliaries and adverbs before its cue ("has since said").
SPEAKER_POS = {"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "PART", "PUNCT", "SPACE", "AUX", "ADV"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
# Subjects that are people whatever the verb: a colon after their clause introduces their words.
SPEAKING_PRONOUNS = {"i", "we", "he", "she"}
# The first line "Name: claim", a name of up to four capitalised words.
HEADLINE_CLAIM = re.compile(r"([A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3}):[ \t]+([^\n]+)")
# "Senator Grills Airline Boss: ‘You Owe Us an Apology.’": a headline whose words after the colon are
# all one quotation; the person named before the colon said them.
HEADLINE_QUOTE = re.compile(r"([^\n:]{3,100}):[ \t]+([‘'“\"][^\n]*[’'”\"][.!?]?)[ \t]*$", re.MULTILINE)
# “...” ― Maria Lopez: a dash then a capitalised name of up to five words ending the paragraph.
DASH_CREDIT = re.compile(r"[^\S\n]*(―|—|–|--)[^\S\n]*((?:[A-Z][\w’'.\-]*[^\S\n]?){1,5}?)[^\S\n]*[.,]?[^\S\n]*$", re.MULTILINE)
PARENTHESIS = {",", "—", "–", "--"}
# "- Manchester City boss Kevin Keegan: “...”": an optional bullet, a phrase of up to 80
# characters and a colon right before a paragraph's opening quotation.
LABELLED_QUOTE = re.compile(r"[ \t]*(?:[-–•*][ \t]*)?([A-Z][^:\n\"“”]{1,80}?)[ \t]*:[ \t]*")
# Verbs whose object does what the infinitive after it names ("the crisis led the minister to
# warn ...", "X urged voters to say ..."); "take several days to decide" is no such verb.
OBJECT_CONTROL_INFINITIVE = {
    "ask", "urge", "encourage", "tell", "lead", "force", "prompt", "push", "press", "order", "invite",
    "allow", "cause", "persuade", "convince", "inspire", "challenge", "dare", "remind", "warn",
    "compel", "pressure", "require", "implore", "beg", "instruct", "direct", "advise", "motivate",
    "drive", "spur", "provoke", "get", "want", "expect", "need"}
# Titles before a name ("told the BBC Mr Grant ...": where the name starts).
TITLES = {"mr", "ms", "mrs", "miss", "dr", "sir", "lord", "lady", "dame", "professor", "prof"}
# Verbs that name: with a predicate and nothing else they give a name, not a view.
NAMING = {"call", "dub", "name", "label", "brand", "term", "nickname"}
NAMING_DEPS = {"oprd", "dobj", "dative", "auxpass", "nsubjpass", "prep", "ccomp", "xcomp", "prt"}
# Verbs whose object does what the participle after it says ("left voters feeling", "shows
# him saying", "heard her telling").
OBJECT_CONTROL = {"leave", "find", "hear", "see", "catch", "watch", "show", "keep", "record", "film"}
CONCESSION = re.compile(r",\s+(?:although|though|even though)\b")
DASHES = {"—", "–", "--", "-", "―"}
SPEAKER_BREAKS = {"―", "—", "–", "--", ":", ";"}
# Quotations shorter than this that are not introduced by a cue are scare quotes or titles.
MIN_FREE_WORDS = 4
# Verbs that govern a quoted phrase without reporting anything ("he is “sure”", "it has a “plan”").
NOT_REPORTING = {"be", "have", "do", "get", "make", "go", "come", "appear", "become", "seem", "take", "give"}
# Dependents ending a verb's complements: what follows them is the author's, not the source's.
COMPLEMENT_STOPS = {"punct", "advcl", "conj", "cc", "parataxis", "relcl", "mark", "dep"}
ADJUNCT_PREPS = {"during", "after", "before", "since", "amid", "at", "in", "while", "following"}
# How far back (characters) a pronoun looks for its antecedent.
ANTECEDENT_WINDOW = 1500


@dataclass(frozen=True)
class Referent:
    refers_to: str  # PERSON, ORG or RELATIVE
    gender: str | None


@dataclass(frozen=True)
class Lexicon:
    verbs: frozenset[str]  # lemmas whose complement clause is the content
    # lemma -> particles taking the content ("call for"); "" where the direct object does
    object_verbs: dict[str, frozenset[str]]
    source_preps: tuple[tuple[str, ...], ...]
    referents: dict[str, Referent]
    # noun lemma / adjective -> complements taking the content: "that", "to" or a preposition
    nouns: dict[str, frozenset[str]]
    adjectives: dict[str, frozenset[str]]
    holders: frozenset[str]  # verbs whose subject voices their object noun ("expressed concern")
    # "in <noun>, ...": "source" nouns speak themselves (a poll), "vehicle" nouns carry the
    # clause subject's words (a statement)
    in_nouns: dict[str, str]
    # Verbs reporting a clause without naming who holds it, the clause being the content:
    # raising verbs ("X seems to ...") and reporting verbs in the passive ("X is expected to
    # ...", "X was accused of ...").
    raising: frozenset[str]
    passive: frozenset[str]
    first_names: dict[str, str]  # lower-cased first name -> gender, for he/she resolution
    # Adjectives reporting an extraposed clause held by nobody named ("it is unclear whether ...").
    impersonal: frozenset[str] = frozenset()
    # Singular nouns for a person ("spokeswoman", "chancellor") -> gender or None: as a subject
    # they are candidates for a later he/she that no name stands for.
    person_nouns: dict[str, str | None] = field(default_factory=dict)
    # cue lemma -> (relation, words) that put it in a sense reporting nothing ("claimed the title")
    senses: dict[str, tuple[tuple[str, frozenset[str]], ...]] = field(default_factory=dict)


def load_lexicon(reference_dir: str | Path) -> Lexicon:
    ref = Path(reference_dir)
    verbs, object_verbs, preps, holders = set(), {}, [], set()
    unsourced: dict[str, set[str]] = {"raising": set(), "passive": set(), "impersonal": set()}
    nouns: dict[str, frozenset[str]] = {}
    adjectives: dict[str, frozenset[str]] = {}
    in_nouns: dict[str, str] = {}
    with (ref / "quote_cues.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            cue, pattern = row["cue"].strip().lower(), row["pattern"].strip()
            if pattern == "source_prep":
                preps.append(tuple(cue.split()))
            elif pattern in {"object", "noun", "adjective"}:
                word, _, prep = cue.partition(" ")
                table = {"object": object_verbs, "noun": nouns, "adjective": adjectives}[pattern]
                table[word] = table.get(word, frozenset()) | {prep}
            elif pattern == "holder":
                holders.add(cue)
            elif pattern in {"in_source", "in_vehicle"}:
                in_nouns[cue] = pattern[3:]
            elif pattern in unsourced:
                unsourced[pattern].add(cue)
            else:
                verbs.add(cue)
    referents = {}
    with (ref / "quote_pronouns.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            referents[row["form"].strip().lower()] = Referent(
                row["refers_to"].strip(), row["gender"].strip() or None
            )
    with (ref / "quote_first_names.csv").open(encoding="utf-8", newline="") as fh:
        first_names = {row["name"].strip().lower(): row["gender"].strip() for row in csv.DictReader(fh)}
    with (ref / "quote_person_nouns.csv").open(encoding="utf-8", newline="") as fh:
        person_nouns = {row["noun"].strip().lower(): row["gender"].strip() or None for row in csv.DictReader(fh)}
    senses: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {}
    with (ref / "quote_senses.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            cue = row["cue"].strip().lower()
            senses[cue] = (*senses.get(cue, ()), (row["relation"].strip(), frozenset(row["words"].split())))
    return Lexicon(frozenset(verbs), object_verbs, tuple(preps), referents, nouns, adjectives, frozenset(holders), in_nouns,
                   frozenset(unsourced["raising"]), frozenset(unsourced["passive"]), first_names,
                   frozenset(unsourced["impersonal"]), person_nouns, senses)


@dataclass
class Quotation:
    """A stretch between paired quote marks; ``close`` is the closing mark or the paragraph end."""

    open: int
    close: int
    paragraph: int
    start: int  # content, inside the marks, without surrounding space
    end: int


@dataclass
class Attribution:
    cue: Span | None
    speaker: tuple[int, int] | None  # char span
    speaker_kind: str
    entity_id: str | None


def find_quotations(text: str) -> list[Quotation]:
    found = []
    for p_index, para in enumerate(PARAGRAPH.finditer(text)):
        p_start, p_end = para.span()
        depth, opened, open_len = 0, None, 1
        for mark in QUOTE_MARK.finditer(text, p_start, p_end):
            i, glyph = mark.start(), mark.group()
            before = text[i - 1] if i > p_start else " "
            after = text[mark.end()] if mark.end() < p_end else " "
            if i == p_start:
                # A paragraph opening with a mark opens a quotation, even a closing glyph
                # typed by mistake ("” … what I learned ...,” he said").
                opens = True
            elif before in OPENS_AFTER and after not in " \t":
                opens = True
            elif after in CLOSES_BEFORE and before not in " \t":
                opens = False
            elif glyph in STRAIGHT_MARKS:
                opens = depth == 0
            else:
                opens = glyph == "“"
            if opens and depth == 1 and SENTENCE_END.intersection(text[p_start:i].rstrip()[-1:]) \
                    and text[i - 1] in " \t":
                # A quotation reopened after a full stop inside an open one ("A. “B.” ..."):
                # paragraphs of one quotation run together (each reopens, only the last closes),
                # never a quotation nested in its own glyph. The first ends where the next opens.
                found.append(_quotation(text, opened, open_len, i, p_index))
                opened, open_len = i, len(glyph)
            elif opens:
                if depth == 0:
                    opened, open_len = i, len(glyph)
                depth += 1
            elif depth:
                depth -= 1
                if depth == 0:
                    found.append(_quotation(text, opened, open_len, i, p_index))
        if depth:
            # Unclosed at the paragraph's end: a quote running on into the next paragraph
            # (which reopens with its own mark) or a stray mark; either way the paragraph ends it.
            found.append(_quotation(text, opened, open_len, p_end, p_index))
    return [q for q in found if q.end > q.start]


def _quotation(text: str, open_: int, open_len: int, close: int, paragraph: int) -> Quotation:
    start, end = open_ + open_len, close
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quotation(open_, close, paragraph, start, end)


class QuoteExtractor:
    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon

    @guarded("dateline_quotes")
    def __call__(self, doc: Doc) -> Doc:
        doc._.dl_quotes = extract_quotes(doc, self.lexicon)
        return doc


@Language.factory(
    "dateline_quotes",
    default_config={"reference_dir": "seeds/reference"},
    requires=["doc._.dl_mentions", "token.dep", "token.lemma", "token.pos"],
    assigns=["doc._.dl_quotes"],
)
def make_quotes(nlp: Language, name: str, reference_dir: str) -> QuoteExtractor:
    return QuoteExtractor(load_lexicon(reference_dir))


def extract_quotes(doc: Doc, lexicon: Lexicon) -> list[dict]:
    ctx = _Context(doc, lexicon)
    attributed: dict[int, Attribution] = {}
    for qi, q in enumerate(ctx.quotations):
        if ctx.is_title(qi) and not ctx.stands_alone(qi):
            # A show or book named inside a sentence ("On “Face the Nation,” X said ..."): the
            # cue after it reports the clause, not the title.
            continue
        labelled = ctx.label_before(qi)
        if labelled is not None:
            attributed[qi] = labelled
            continue
        cue = ctx.cue_after(qi) or ctx.cue_before(qi)
        if cue is not None:
            attributed[qi] = ctx.attribution(cue)
        else:
            credit = ctx.dash_credit(qi)
            if credit is not None:
                attributed[qi] = credit
    used_cues = {a.cue.start for a in attributed.values() if a.cue is not None}
    # A cue before its quotation still reports its whole clause when the quotation is only the
    # start of it (X said “budget reforms” and taxes would pay for it): pass 3 takes it then.
    after_cues = {a.cue.start for qi, a in attributed.items()
                  if a.cue is not None and a.cue.start_char >= ctx.quotations[qi].close}

    indirect, absorbed, sources = ctx.indirect_quotes(used_cues, after_cues)
    for qi in absorbed:
        attributed.pop(qi, None)
    for qi, att in sources.items():
        attributed.setdefault(qi, att)

    # Last attribution per paragraph, from direct and indirect quotes, for continuations.
    by_paragraph: dict[int, list[tuple[int, Attribution, bool]]] = {}
    for qi, att in attributed.items():
        by_paragraph.setdefault(ctx.quotations[qi].paragraph, []).append((ctx.quotations[qi].start, att, True))
    for row, att in indirect:
        speaker = row["speaker_start"]
        if speaker is not None and any(o is not row and o["start_char"] <= speaker < o["end_char"] for o, _ in indirect):
            continue  # a report inside another's content ("X said the plans showed Y ...") is X's
        by_paragraph.setdefault(ctx.paragraph_of(row["start_char"]), []).append((row["start_char"], att, False))
    for rows in by_paragraph.values():
        rows.sort(key=lambda r: r[0])

    turns, labelled = ctx.transcript_turns()
    absorbed |= labelled
    out = [row for row, _ in indirect] + turns + ctx.headline_claim()
    for qi, q in enumerate(ctx.quotations):
        if qi in absorbed:
            continue
        att = attributed.get(qi)
        if att is None and not ctx.stands_alone(qi):
            found = ctx.governing_report(qi)
            if found is not None:
                (start, end), att = found
                start, end = ctx.whole_quotations(start, end)
                absorbed.update(ctx._quotations_within(start, end))
                out.append(ctx.row("mixed", start, end, att))
                continue
        if att is None and ctx.is_title(qi) and not ctx.stands_alone(qi):
            continue
        if att is None:
            if ctx.words(q) < MIN_FREE_WORDS and not ctx.stands_alone(qi):
                continue  # a scare-quoted word or two inside the author's sentence
            if not ctx.stands_alone(qi):
                # Inside a sentence, the sentence's own verb reports the quotation ("as the senator
                # talked about “...”") before any earlier speaker of the paragraph does.
                att = ctx.nearest_cue(qi)
                if att is None:
                    att = ctx.continuation(q, by_paragraph)
                elif ctx.text[q.start].isupper() and att.speaker_kind in {"name", "description", "pronoun"}:
                    # A whole utterance attributed here is still the paragraph's last quoted
                    # speaker for the quotations after it ("X asks; “A?” “B?”": B is X's); a
                    # phrase quoted inside the author's sentence ("... in “by the back door”") is not.
                    rows = by_paragraph.setdefault(q.paragraph, [])
                    rows.append((q.start, att, True))
                    rows.sort(key=lambda r: r[0])
                if att is None:
                    continue
            else:
                att = ctx.continuation(q, by_paragraph) or ctx.named_before(qi)
            if att is None and (ctx.words(q) < MIN_FREE_WORDS or not ctx.stands_alone(qi)):
                continue
            if att is not None and att.speaker_kind == "continuation" and ctx.text[q.start].isupper():
                # A quote running over several paragraphs: the speaker it goes on from is the
                # one the next paragraph of quotations goes on from, when this one has no report.
                ctx.carried[q.paragraph] = att
        start, end = ctx.sentence_around(qi, att)
        out.append(ctx.row("direct" if (start, end) == (q.start, q.end) else "mixed", start, end, att))
    for r in out:
        if r["speaker_start"] == r["start_char"] and r["speaker_end"] < r["end_char"] \
                and doc.text.startswith(",", r["speaker_end"]) and r["kind"] == "indirect":
            # "..., said Mr Hogan, the code was ...": the clause parsed with the name in it starts
            # after the aside's closing comma.
            start = r["speaker_end"] + 1
            while start < r["end_char"] and doc.text[start].isspace():
                start += 1
            r["start_char"], r["text"] = start, doc.text[start : r["end_char"]]
    for r in out:
        if r["kind"] != "direct":
            # A clause cut before its coordinated sibling keeps no dangling "but"/"and" ("she does
            # not want higher fees but on Monday said ...").
            m = DANGLING_CONJUNCTION.search(r["text"])
            if m is not None and m.start() > 0:
                r["end_char"] = r["start_char"] + m.start()
                r["text"] = r["text"][: m.start()]
    # A clause the parser cut down to a stray mark says nothing.
    out = [r for r in out if any(c.isalnum() for c in r["text"])]
    out.sort(key=lambda r: (r["start_char"], r["end_char"]))
    return _outermost(_one_per_span(out), doc.text)


# Which attribution of one content span to keep: the one that says most about who spoke.
SPEAKER_RANK = {"name": 0, "pronoun": 1, "description": 2, "continuation": 3, "none": 4}


def _one_per_span(rows: list[dict]) -> list[dict]:
    """One content span is one quote (its key in the `quotes` table): when two cues report the
    same words ("She said the figures appeared to be ...", "... are expected to ..., according
    to reports"), the attribution naming its speaker best is kept, else the first."""
    best: dict[tuple[int, int], dict] = {}
    for row in rows:
        span = (row["start_char"], row["end_char"])
        kept = best.get(span)
        if kept is None or SPEAKER_RANK[row["speaker_kind"]] < SPEAKER_RANK[kept["speaker_kind"]] or (
                SPEAKER_RANK[row["speaker_kind"]] == SPEAKER_RANK[kept["speaker_kind"]]
                and row["kind"] == "direct" and kept["kind"] == "indirect" and row["cue"] == kept["cue"]):
            # The same words as a quotation and as the cue's clause (a quotation left open at its
            # paragraph's end, 'X said: "A.' then '"B."'): the marks make it direct.
            best[span] = row
    return [r for r in rows if best[(r["start_char"], r["end_char"])] is r]


def _outermost(rows: list[dict], text: str) -> list[dict]:
    """Reports inside another row's content. An embedded report whose speaker is inside the
    outer content too ("Hart says Okafor promised to keep ...") is part of what the
    outer speaker said: dropped. One sharing the outer speaker ("X said A, arguing that B",
    "X said A and added B") is a report of its own: the outer content ends before its cue."""
    keep = []
    for row in rows:
        outer = None
        if row["kind"] != "direct" and row["cue_start"] is not None:
            outer = next((o for o in rows if o is not row and o["start_char"] <= row["start_char"]
                          and o["start_char"] <= row["cue_start"] and row["end_char"] <= o["end_char"]), None)
        if outer is None:
            keep.append(row)
            continue
        speaker = row["speaker_start"]
        said_inside = speaker is not None and outer["start_char"] <= speaker < outer["end_char"]
        end = _before_clause(text, outer["start_char"], row["cue_start"])
        if end is not None and row["start_char"] > row["cue_start"] and not said_inside:
            # Cue after a comma or "and", content after the cue: a sibling clause. Not when its
            # speaker is in the outer content ("X said the man posed a threat and refused to ...").
            outer["end_char"] = end
            outer["text"] = text[outer["start_char"] : end]
            keep.append(row)
            continue
        if not said_inside:
            keep.append(row)
    return keep


DANGLING_CONJUNCTION = re.compile(r"[\s,;]+(?:and|but|or|nor)$")
LINKERS = re.compile(r"(?:[\s,;:—–-]|\band\b|\bbut\b|\bthen\b|\balso\b)+$")


def _before_clause(text: str, start: int, cue: int) -> int | None:
    """End of the text before a clause opening at ``cue`` with a comma or "and" ("A, arguing
    B", "A and said B" -> "A"); None when the cue does not open such a clause."""
    m = LINKERS.search(text, start, cue)
    if m is None or not re.search(r",|\band\b", m.group()) or m.start() <= start:
        return None
    return m.start()


class _Context:
    """One document's quotations, token lookups and mentions, shared by the passes."""

    def __init__(self, doc: Doc, lexicon: Lexicon):
        self.doc = doc
        self.text = doc.text
        self.lex = lexicon
        self.quotations = find_quotations(self.text)
        self.q_opens = [q.open for q in self.quotations]
        self.paragraph_starts = [m.start() for m in PARAGRAPH.finditer(self.text)]
        self.mentions = _mentions(doc)
        self.mention_starts = [m[0] for m in self.mentions]
        self.genders = _genders(doc, self.mentions, lexicon.first_names)
        self.prep_starts = {words[0] for words in lexicon.source_preps}
        self.quote_cues: set[int] = set()  # cue tokens of the direct quotes (pass 2)
        self.addressed = -1  # a verb whose subject guess found only whom it addresses
        self._antecedents: dict[tuple[int, Referent], str | None] = {}
        self.carried: dict[int, Attribution] = {}  # paragraph -> the speaker its quotations went on from

    # --- lookups -------------------------------------------------------------------------

    def quotation_at(self, char: int) -> int | None:
        i = bisect_right(self.q_opens, char) - 1
        if i >= 0 and self.quotations[i].open <= char <= self.quotations[i].close:
            return i
        return None

    def quoted(self, token: Token) -> bool:
        return self.quotation_at(token.idx) is not None

    def paragraph_of(self, char: int) -> int:
        return bisect_right(self.paragraph_starts, char) - 1

    def tokens_between(self, start: int, end: int) -> Span | None:
        if end <= start:
            return None
        return self.doc.char_span(start, end, alignment_mode="contract")

    def lemma(self, token: Token) -> str:
        """The verb's lemma, repaired for inflected forms the model gets wrong ("hoping",
        "hoped", "hopes" -> "hop"; "rated" -> "rat"): a lemma of the lexicon read off the form."""
        lemma = token.lemma_.lower()
        if self._cue_lemma(lemma):
            return lemma
        form = token.lower_
        if form.endswith("ing"):
            candidates = (form[:-3] + "e", form[:-3])
        elif form.endswith("ed"):
            candidates = (form[:-1], form[:-2])
        elif form.endswith("s"):
            candidates = (form[:-1], form[:-2]) if form.endswith("es") else (form[:-1],)
        else:
            return lemma
        return next((c for c in candidates if self._cue_lemma(c)), lemma)

    def _cue_lemma(self, lemma: str) -> bool:
        lex = self.lex
        return lemma in lex.verbs or lemma in lex.object_verbs or lemma in lex.passive or lemma in lex.raising

    def is_title(self, qi: int) -> bool:
        """Every longer word capitalised: a title or a name in quotation marks."""
        q = self.quotations[qi]
        words = re.findall(r"[A-Za-z][\w'’]*", self.text[q.start : q.end])
        longer = [w for w in words if len(w) > 3]
        # One capitalised longer word may just open a sentence: with lower-case short words
        # around it, it is one ("Drop it now," is no title; "Early Start" is).
        return bool(longer) and all(w[0].isupper() for w in longer) \
            and (len(longer) > 1 or all(w[0].isupper() for w in words))

    def words(self, q: Quotation) -> int:
        return len(self.text[q.start : q.end].split())

    def is_cue_verb(self, token: Token) -> bool:
        return token.pos_ == "VERB" and self.lemma(token) in self.lex.verbs

    # --- pass 2: direct quotes introduced by a nearby cue --------------------------------

    def _paragraph_bounds(self, paragraph: int) -> tuple[int, int]:
        start = self.paragraph_starts[paragraph]
        end = self.text.find("\n", start)
        return start, len(self.text) if end < 0 else end

    def cue_after(self, qi: int) -> Token | None:
        q = self.quotations[qi]
        # A nested quotation can end with the outer one (“You say you ‘accept it,’” he said).
        inner = self.text[q.start : q.end].rstrip().rstrip("’‘'”\"")
        frame_end = self._paragraph_bounds(q.paragraph)[1]
        following = qi + 1
        while following < len(self.quotations) and self.quotations[following].paragraph == q.paragraph \
                and self.words(self.quotations[following]) == 1 and self.text[self.quotations[following].start].isupper():
            following += 1  # a nickname inside the speaker's name: Lorna “Lori” Banks said
        if following < len(self.quotations) and self.quotations[following].paragraph == q.paragraph:
            frame_end = self.quotations[following].open
        frame = self.tokens_between(q.close + 1, frame_end)
        if frame is None or not inner:
            return None
        words = [t for t in frame if not t.is_punct]
        if not words:
            return None
        if not (inner.endswith(HANDS_OVER) or words[0].is_lower):
            return None
        if not inner.endswith(HANDS_OVER) and self.words(q) < MIN_FREE_WORDS and not self.stands_alone(qi):
            # A term quoted inside the sentence (the “new terrorism” demands new powers; a
            # system of links called “trackers” that point users ...): a phrase of the sentence,
            # not words handed over to the verb after it.
            return None
        for t in frame:
            if t.text in SENTENCE_END:
                return None
            if t.pos_ == "CCONJ" and (self.doc[t.i - 1].text in {",", ";"} or not any(w.is_alpha for w in self.doc[frame.start : t.i])):
                return None  # ", but she denied ...", “...,” but he said: a new clause with its own report
            if self.is_cue_verb(t):
                between = self.doc[frame.start : t.i]
                if not inner.endswith(HANDS_OVER) and not any(w.text == "," for w in between) \
                        and any(w.pos_ not in SPEAKER_POS for w in between):
                    # Without a comma handing over, only a speaker stands between the quotation
                    # and its cue (“...” he said); in "“firmly opposed” to the plan and warned ..." or
                    # "“gutted” and says ..." the sentence goes on and the cue is another's.
                    return None
                if any(c.dep_ == "auxpass" for c in t.children) and not any(c.dep_ == "agent" for c in t.children) \
                        and self.lemma(t) != "quote":
                    # "“...?” The vote is widely expected in May": a passive with no "by" names no
                    # speaker of the quotation; the words after it are the author's next sentence.
                    return None
                if any(c.dep_ == "ccomp" and c.i > t.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                       for c in t.children):
                    # "“... how could you?” Mr Milburn replied that they were not": a cue with a
                    # that-clause of its own reports that clause; the question was someone else's.
                    return None
                return t
        return None

    def cue_before(self, qi: int) -> Token | None:
        q = self.quotations[qi]
        frame_start = self._paragraph_bounds(q.paragraph)[0]
        if qi and self.quotations[qi - 1].paragraph == q.paragraph:
            frame_start = self.quotations[qi - 1].close + 1
        frame = self.tokens_between(frame_start, q.open)
        if (frame is None or not len(frame)) and q.paragraph and frame_start == self.paragraph_starts[q.paragraph]:
            # "He made the following comment:" as a paragraph of its own, the quotation next.
            previous = self.tokens_between(*self._paragraph_bounds(q.paragraph - 1))
            if previous is not None and len(previous) and previous[-1].text == ":" and self.quotation_at(previous[-1].idx) is None:
                frame = previous
        if frame is None or not len(frame):
            return None
        tokens = list(frame)
        last = tokens[-1]
        if last.text not in {":", ","} and not self.is_cue_verb(last):
            return None
        for t in reversed(tokens):
            if t.text in SENTENCE_END:
                return None
            if self.is_cue_verb(t) or self._put_it(t):
                return t
        if last.text == ":":
            # The colon is the cue (guidelines: "Her advice: ..."); the clause before it names
            # the speaker through its verb's subject, whatever the verb.
            root = last.nbor(-1) if last.i > frame.start else last
            # Up to the clause's root, or to a complement clause of a person's own ("He got so
            # angry that she had to take it back:"): that person speaks next.
            while root.head.i < last.i and root.head.i != root.i and not (
                    root.dep_ == "ccomp" and any(c.dep_ == "nsubj" and c.lower_ in SPEAKING_PRONOUNS for c in root.children)):
                root = root.head
            if root.pos_ in {"VERB", "AUX"} and root.i < last.i and not self.quoted(root) \
                    and self.subject_of(root, guess=False) is not None:
                return root
        return None

    def sentence_around(self, qi: int, att: Attribution | None) -> tuple[int, int]:
        """A quotation that is only part of its sentence ("However laudable the goal, it
        ''is a misguided approach,'' he said") reports the whole sentence: the content runs
        from the sentence's start when the cue follows the quotation, to its end when the cue
        precedes it. Words between that hold a cue verb or another quotation stop it."""
        q = self.quotations[qi]
        start, end = q.start, q.end
        if att is None or att.cue is None:
            return start, end
        p_start, p_end = self._paragraph_bounds(q.paragraph)
        if att.cue.start_char >= q.close:
            # “A” to drive up the price, she said: the words between the quotation and the
            # comma before the attribution belong to the statement.
            until = min(att.cue.start_char, att.speaker[0]) if att.speaker else att.cue.start_char
            between = self.text[q.close + 1 : until].rstrip()
            if between.endswith(",") and re.search(r"[^\W\d_]", between) \
                    and not re.search(r"[.!?;:“”\"]", between) and "\n" not in between:
                start, end = q.open, q.close + 1 + len(between[:-1].rstrip())
            first = self.tokens_between(p_start, q.open)
            if first is not None and len(first):
                sent_start = max(first[-1].sent.start_char, p_start)
                if qi and self.quotations[qi - 1].close >= sent_start:
                    return start, end
                lead = self.tokens_between(sent_start, q.open)
                if lead is not None and self._plain_words(lead) and lead[-1].text not in {":", "."}:
                    start = lead[0].idx
        elif att.cue.end_char <= q.open and q.close < p_end:
            tail = self.tokens_between(q.close + 1, p_end)
            if tail is not None and len(tail) and tail[0].sent == self.doc[tail[0].i - 1].sent:
                sent_end = min(tail[0].sent.end_char, p_end)
                if qi + 1 < len(self.quotations) and self.quotations[qi + 1].open < sent_end:
                    return start, end
                rest = self.tokens_between(q.close + 1, sent_end)
                if rest is not None and not rest[0].is_punct:
                    last = rest[-1]
                    while last.i > rest.start and (last.is_punct or last.is_space):
                        last = self.doc[last.i - 1]
                    # The sentence's own full stop is no reason to stop short of it; a verb after
                    # the quotation starts a clause of the author's ("... ,” until shots are heard").
                    tail = self.doc[rest.start : last.i + 1]
                    if self._plain_words(tail) and not any(t.pos_ in {"VERB", "AUX"} for t in tail):
                        start, end = q.open, last.idx + len(last)
        return start, end

    def _plain_words(self, span: Span) -> bool:
        """Words, and none of them a cue verb or sentence end."""
        words = [t for t in span if not t.is_punct and not t.is_space]
        return bool(words) and not any(self.is_cue_verb(t) or t.text in SENTENCE_END for t in span)

    def dash_credit(self, qi: int) -> Attribution | None:
        """A quotation credited by a dash and a name after it (“...” ― Maria Lopez), the
        convention of reader comments and vox pops: the dash is the cue."""
        q = self.quotations[qi]
        p_end = self._paragraph_bounds(q.paragraph)[1]
        if qi + 1 < len(self.quotations) and self.quotations[qi + 1].paragraph == q.paragraph:
            p_end = self.quotations[qi + 1].open
        m = DASH_CREDIT.match(self.text, q.close + 1, p_end)
        if m is None:
            return None
        cue = self.doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        name = m.group(2).rstrip().rstrip(".")
        speaker = (m.start(2), m.start(2) + len(name))
        if cue is None or not name:
            return None
        return Attribution(cue, speaker, "name", self.entity_id(*speaker))

    # --- speakers ------------------------------------------------------------------------

    def subject_of(self, verb: Token, guess: bool = True) -> Token | None:
        """The verb's subject, also through coordination and control ("X declined to
        comment"); with ``guess``, a nominal next to the verb when the parse has none."""
        if self._passive(verb):
            # "X was accused of ...", "Asked about X, ...": the passive subject is the target;
            # the speaker is the agent ("by Y") or nobody named.
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            objects = [c for c in agent.children if c.dep_ == "pobj"] if agent is not None else []
            return objects[0] if objects else None
        named = self._named_aside(verb)
        if named is not None:
            return named
        if verb.dep_ == "pcomp" and verb.head.lower_ == "with" and verb.tag_ == "VBG":
            # "with many expecting rates to rise": the word between "with" and the participle,
            # however the parser hung it, is who does it.
            doer = next((c for c in verb.children if verb.head.i < c.i < verb.i and c.dep_ in {"amod", "nsubj", "npadvmod", "dep"}
                         and c.pos_ in {"NOUN", "PROPN", "PRON", "ADJ"}), None)
            if doer is not None:
                return doer
        before = verb.nbor(-1) if verb.i > 0 else None
        own_subject = any(c.dep_ in SUBJECT_DEPS for c in verb.children)
        if verb.tag_ == "VBG" and before is not None and before.ent_type_ == "PERSON" and before.pos_ == "PROPN" \
                and not own_subject and not self.quoted(before):
            # "clips of Maria Lopez asking, “...”": a name right before a participle is
            # who does it, however the parser attached the participle.
            return before
        if verb.tag_ == "VBG" and not own_subject and before is not None and before.dep_ == "dobj" \
                and before.head.i == verb.head.i and verb.head.lemma_.lower() in OBJECT_CONTROL \
                and before.pos_ in {"NOUN", "PROPN", "PRON"} and not self.quoted(before):
            # "The crisis left many nations feeling that ...", "a video shows him saying ...": the
            # object of a verb of perception or causing is the participle's subject.
            return before
        if verb.tag_ == "VBG" and verb.dep_ == "advcl" and not own_subject and verb.left_edge.i > 0 \
                and self.doc[verb.left_edge.i - 1].text == ",":
            # "Analysts said prices have risen, citing ...": a participle closing a reported
            # clause after a comma goes with the reporting clause, whose subject does the citing.
            clause = verb.head
            for _ in range(3):
                if clause.dep_ == "ccomp" and clause.head.i < clause.i and self.is_cue_verb(clause.head):
                    reporter = self.subject_of(clause.head, guess=False)
                    if reporter is not None:
                        return reporter
                    break
                if clause.dep_ not in {"ccomp", "xcomp", "conj"}:
                    break
                clause = clause.head
        v = verb
        # A clause marked by "that" is a complement whatever the parser called it ("tweeted that A
        # was B and encouraged C", the that-clause taken for an adverbial).
        reported = verb.head.dep_ == "ccomp" or (verb.head.dep_ == "advcl" and any(
            c.lower_ == "that" and c.i < verb.head.i for c in verb.head.children))
        # A reporting verb, or one of directive speech ("urged Y to", "encouraged Y to").
        reporting = self.is_cue_verb(verb) or "to" in self.lex.object_verbs.get(self.lemma(verb), ())
        if verb.dep_ == "conj" and reported and reporting and verb.pos_ == "VERB" \
                and self.is_cue_verb(verb.head.head) and not own_subject:
            v = verb.head.head  # "X said A and added B", "X said A and urged B": B's verb hung on A's
        if verb.tag_ == "VBG" and verb.dep_ == "advcl" and verb.head.dep_ == "relcl" and verb.left_edge.i > 0 \
                and self.doc[verb.left_edge.i - 1].text == "," and not own_subject:
            # "X defended not paying a builder who said ..., saying “...”": a participle after
            # a comma goes with the sentence, not with the relative clause it follows.
            v = verb.head.head
            for _ in range(4):
                if v.pos_ in {"VERB", "AUX"} or v.head.i == v.i:
                    break
                v = v.head
        if verb.tag_ == "VBG" and not own_subject and verb.dep_ == "advcl" and v is verb and verb.left_edge.i > 0 \
                and self.doc[verb.left_edge.i - 1].text in DASHES and verb.head.i < verb.i \
                and verb.head.left_edge.i > 0 and self.doc[verb.head.left_edge.i - 1].text in DASHES \
                and verb.head.head.i != verb.head.i:
            # "... circled the stadium - where the team played - while chanting ...": a
            # participle after the aside's closing dash goes with the clause before the aside.
            v = verb.head.head
        via_adverbial = False
        for _ in range(3):
            for child in v.children:
                # A subject in another paragraph is a heading or timestamp the parser ran on; a
                # dash tagged as a noun ("... made public ― Trump boasted") is no subject.
                if child.dep_ in SUBJECT_DEPS and not self.quoted(child) and child.text[0].isalnum() \
                        and self.paragraph_of(child.idx) == self.paragraph_of(verb.idx):
                    if child.tag_ == "WP" and child.lower_ in {"who", "what"} and v.dep_ != "relcl" \
                            and v.sent.text.rstrip().rstrip("\"”'").endswith("?"):
                        # "Who will support their families?": a question asks who; nobody is named.
                        return None
                    if child.lower_ == "it" and v is not verb and self._extraposed(v):
                        # "it is good to see ...", "it is hard to believe that ...": the "it" of an
                        # adjective's infinitive stands for the clause; nobody is named.
                        return None
                    return self._past_hyphen(child, v)
            if v.dep_ in {"xcomp", "advcl"} and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) \
                    and v.head.lemma_.lower() in OBJECT_CONTROL_INFINITIVE and not via_adverbial:
                # "The crisis led the minister to warn ...", "X urged voters to say ...": the object
                # of the verb governing the infinitive does what it names; not a participle hung
                # on the infinitive ("X urged them to act, warning that ...": X warns).
                obj = next((c for c in v.head.children if c.dep_ == "dobj" and c.i < v.i
                            and c.pos_ in {"NOUN", "PROPN", "PRON"} and not self.quoted(c)), None)
                if obj is not None:
                    return obj
            if v.dep_ == "conj" and self._misplaced_conjunct(v.head, v):
                # "... to accuse X of being duped and encourage Y to ...": coordinated verbs share
                # their form; a bare infinitive hung on a participle goes with the infinitive above.
                v = next((a for a in v.ancestors if a.tag_ == "VB" and a.pos_ == "VERB"), v.head)
            elif v.dep_ in {"conj", "advcl", "xcomp"} and v.head.i != v.i:
                via_adverbial = via_adverbial or v.dep_ == "advcl"
                v = v.head
            elif v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.pos_ in {"VERB", "AUX"}:
                v = v.head.head  # "... began by saying", "... for saying"
            elif v.dep_ == "pcomp" and v.head.dep_ == "prep" and (above := self._phrase_verb(v.head)) is not None:
                # "X stopped short of calling ...", "X was in the lead in urging ...": the phrase
                # the preposition hangs on belongs to the clause of the verb above it.
                v = above
            else:
                break
        if verb.dep_ == "acl" and verb.head.dep_ == "pobj" and verb.head.head.lower_ == "with":
            return verb.head  # "with officials saying ...": the noun is the participle's subject
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ == "NOUN" and not verb.head.ent_type_:
            # "Trump unleashed tweets criticizing X", "she said at a news conference announcing
            # X": the thing doing the reporting is the means; its user is the speaker.
            holder = verb.head
            for _ in range(4):  # up through "a series of", "at a news conference"
                if holder.head.i == holder.i or holder.pos_ not in {"NOUN", "ADP"}:
                    break
                holder = holder.head
            if holder.pos_ in {"VERB", "AUX"}:
                subject = self.subject_of(holder, guess=False)
                if subject is not None:
                    return subject
        if not guess:
            return None
        owner = next((c for c in verb.head.children if c.dep_ == "poss"), None) if verb.dep_ == "acl" else None
        if owner is not None and verb.head.i < verb.i and not self.quoted(owner) \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return owner  # "its failure to speak out on ...": the possessor does what the noun names
        gerund = verb
        while gerund.dep_ == "xcomp" and gerund.head.i < gerund.i and gerund.head.tag_ in {"VB", "VBG"}:
            gerund = gerund.head  # "X said, going on to say ...": the participle the infinitive hangs on
        if gerund.tag_ == "VBG" and gerund.i > 1 and self.doc[gerund.i - 1].text == "," \
                and self.doc[gerund.i - 2].pos_ == "VERB" and not self.quoted(self.doc[gerund.i - 2]):
            # "X said, suggesting ...": a participle right after a reporting clause and its
            # comma is that clause's subject's, wherever the parser hung it (on the verb of a
            # quotation after it, say).
            subject = self.subject_of(self.doc[gerund.i - 2], guess=False)
            if subject is not None:
                return subject
        participle = verb.tag_ == "VBG" and verb.dep_ == "advcl" and v.i < verb.i
        if participle:
            # ", encouraging ...": a participle's subject is its clause's, right before that
            # verb, not the noun before the comma.
            verb = v
        # A broken parse ("Huawei's founder, Ren Zhengfei, said ...", subject attached
        # elsewhere): take the nominal right before the verb, else right after (inversion).
        left = verb.nbor(-1) if verb.i > 0 else None
        crossed_comma = False
        while left is not None and left.i > 0 and left.text != "”" and (
                left.is_punct or (left.i < left.head.i <= verb.i and left.dep_ in {"aux", "auxpass", "advmod", "neg"})):
            crossed_comma = crossed_comma or left.text == ","
            left = left.nbor(-1)  # past the verb's auxiliaries and adverbs: "X is once again ..."
        if crossed_comma and left is not None:
            # "Size, whose album won the Mercury Prize, said ...": the noun before the comma ends a
            # relative clause set off by commas; the subject is the noun the clause is about.
            opening = next((t for t in reversed(self.doc[verb.sent.start : left.i]) if t.text == ","), None)
            if opening is not None and opening.i + 1 < left.i and self.doc[opening.i + 1].lower_ in {"whose", "who", "which"} \
                    and opening.i > verb.sent.start:
                left = self.doc[opening.i - 1]
        if verb.tag_ == "VBG" and crossed_comma and left is not None and left.dep_ not in SUBJECT_DEPS:
            # "..., when pressed after the hearing, asserting ...": the noun ending the phrase before
            # the comma is no subject of the participle ("Smith, citing ..., said" is).
            left = None
        if left is not None and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and verb.i >= 2 \
                and self.doc[verb.i - 1].lower_ == "to" and left.i == verb.i - 2 \
                and not self._quotes_in_phrase(verb):
            # "another name to describe their products", "in a position to offer his experience":
            # the noun before an infinitive is what it is for, not who does it. Quoted words after
            # it are still someone's ("the DNC authority to call a “special meeting”").
            left = None
        if left is not None and left.pos_ in {"PROPN", "NOUN", "PRON"} and not self.quoted(left) \
                and left.text[0].isalnum() \
                and left.ent_type_ not in {"DATE", "TIME"} and left.tag_ != "EX" \
                and self.paragraph_of(left.idx) == self.paragraph_of(verb.idx):
            return left
        if participle:
            return None  # "there are economists who ..., assuming ...": no inversion to guess from
        right = verb.nbor(1) if verb.i + 1 < len(self.doc) else None
        if right is not None and right.pos_ in {"PROPN", "DET", "ADJ"} and not self.quoted(right):
            head = right
            while head.dep_ in {"compound", "det", "amod", "flat"} and head.head.i > head.i:
                head = head.head
            # "urged Texans to read the audit ...", "offering a few remarks": the
            # verb's object, with a complement after it, is whom it addresses, not a speaker.
            addressed = head.head.i == verb.i and head.dep_ in {"dobj", "dative"} and any(
                c.i > head.i and c.dep_ in {"xcomp", "ccomp", "oprd", "prep", "dobj", "advcl"} for c in verb.children)
            # A speaker comes after its verb only in an inversion set off by punctuation
            # ("“...,” said X", "..., says X"); after "to embrace", "and accuse" it is the object.
            addressed = addressed or verb.i == 0 or not self.doc[verb.i - 1].is_punct
            # A closing mark sets it off only after words handed over ("“...,” said X"); after a
            # quoted term (the “new threat” demands new laws) the term is the verb's subject.
            addressed = addressed or (self.doc[verb.i - 1].text in {"”", '"', "''"} and verb.i > 1
                                      and not self.doc[verb.i - 2].text.endswith(HANDS_OVER))
            # The nominal after a participle is its object ("..., suggesting a few questions").
            addressed = addressed or verb.tag_ == "VBG"
            if head.pos_ in {"PROPN", "NOUN"}:
                if not addressed:
                    return head
                self.addressed = verb.i
        return None

    @staticmethod
    def _extraposed(v: Token) -> bool:
        """``v`` is the "be" of "it is ADJ/NOUN to ..." whose infinitive hangs on it."""
        return v.lemma_ == "be" and any(c.dep_ in {"acomp", "attr"} for c in v.children) \
            and any(c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in v.children)

    def _past_hyphen(self, subject: Token, verb: Token) -> Token:
        """"Tory co-chairman Ben Ford said": the parser split "co-chairman" and took each piece
        for a subject; the subject is the last of the run the hyphen glues together."""
        i = subject.i
        while i + 2 < verb.i and not self.doc[i].whitespace_ and self.doc[i + 1].text == "-" \
                and not self.doc[i + 1].whitespace_:
            i += 2
        if i == subject.i:
            return subject
        later = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and i <= c.i < verb.i]
        return later[-1] if later else subject

    def _named_aside(self, verb: Token) -> Token | None:
        """The name of an inverted aside between commas ("By contrast, said Mr Hogan, the code
        ...", "A, argues Ms Lund, B"): the speaker follows the verb; the noun before the first
        comma is no subject of it."""
        if verb.i < 2 or self.doc[verb.i - 1].text != "," or verb.i == verb.sent.start:
            return None
        if any(c.dep_ in SUBJECT_DEPS and c.i < verb.i for c in verb.children):
            return None
        j = verb.i + 1
        while j < len(self.doc) and j - verb.i <= 5 and self.doc[j].pos_ == "PROPN" and not self.quoted(self.doc[j]):
            j += 1
        if j == verb.i + 1 or j >= len(self.doc) or self.doc[j].text != ",":
            return None
        return self.doc[j - 1]

    @staticmethod
    def _phrase_verb(prep: Token) -> Token | None:
        """The verb a prepositional phrase hangs on through an adverb or adjective ("stopped short
        of"), or a copula through another prepositional phrase ("were in the lead in"); else None.
        A noun in a phrase of a full verb is no part of its predicate ("thanked her in a speech
        for helping": the helping is not the thanker's)."""
        t, through_noun = prep.head, False
        for _ in range(3):
            if t.dep_ not in {"advmod", "acomp", "pobj", "prep"} or t.head.i == t.i:
                return None
            through_noun = through_noun or t.dep_ == "pobj"
            t = t.head
            if t.pos_ in {"VERB", "AUX"}:
                return t if not through_noun or t.lemma_ == "be" else None
        return None

    @staticmethod
    def _passive(verb: Token) -> bool:
        if any(c.dep_ == "nsubjpass" or (c.dep_ == "auxpass" and c.lower_ not in {"'s", "’s"}) for c in verb.children):
            return True  # "who's called for": a perfect the parser took for a passive
        # "Asked about X, she said": a passive participle opening the sentence.
        return verb.tag_ == "VBN" and verb.dep_ == "advcl" and verb.i == verb.sent.start

    def speaker_span(self, head: Token) -> tuple[int, int]:
        """Char span of the speaker phrase: its left dependents, compounds, "of" phrases, and
        an appositive name after a title ("the founder, Ren Zhengfei")."""
        left, right = head.left_edge, head
        for child in head.rights:
            if child.dep_ in {"compound", "flat", "nummod"} or (child.dep_ == "prep" and child.lower_ == "of"):
                right = child.right_edge if child.right_edge.i > right.i else right
            elif child.dep_ == "appos" and head.pos_ != "PROPN" and child.pos_ == "PROPN":
                right = child
            elif child.dep_ == "conj" and head.pos_ == "NOUN" and child.pos_ == "NOUN" and right.dep_ == "cc" \
                    and right.i + 1 == child.left_edge.i:
                # "the chair of the board and longtime member": one person of two titles, the
                # "and" hung inside the "of" phrase.
                right = child.right_edge
            elif child.dep_ == "conj" and head.pos_ == "NOUN" and child.pos_ == "PROPN" \
                    and child.left_edge.pos_ in {"NOUN", "ADJ"} and child.left_edge.i >= 2 \
                    and self.doc[child.left_edge.i - 1].lower_ == "and" and self.doc[child.left_edge.i - 1].head.i == head.i \
                    and child.left_edge.i - 2 == right.i:
                # "Acme president and chief executive Tom Burr": one person, two titles and a
                # name; "the minister and Tom Burr" (no title before the name) are two people.
                right = child.right_edge
        while right.i > head.i and (right.dep_ == "cc" or right.is_punct):
            right = self.doc[right.i - 1]  # a speaker phrase never ends in "and" or a comma
        while right.i + 2 < len(self.doc) and not right.whitespace_ and self.doc[right.i + 1].text == "-" \
                and not self.doc[right.i + 1].whitespace_ and self.doc[right.i + 2].is_alpha:
            right = self.doc[right.i + 2]  # "its co-|chairman": the word the hyphen joins
        while left.i > 1 and self.doc[left.i - 1].text == "-" and not self.doc[left.i - 1].whitespace_ \
                and not self.doc[left.i - 2].whitespace_ and self.doc[left.i - 2].is_alpha:
            left = self.doc[left.i - 2].left_edge  # "Tory co-|chairman Ben Ford": the word the hyphen joins
        left = self._outside_quotes(left, head, step=1)
        # A bad parse can hang a dateline or a clause before a dash on the speaker
        # ("12:15 p.m.\n\nDonald Trump says"): the phrase starts after the last break.
        for t in self.doc[left.i : head.i]:
            if "\n" in t.text or t.text in SPEAKER_BREAKS:
                left = self.doc[t.i + 1]
        left = self._outside_quotes(left, head, step=1)
        start, end = left.idx, right.idx + len(right)
        ent = self.entity_covering(right)
        if ent is not None and ent.end_char > end:
            end = ent.end_char
        phrase = self.text[start:end]
        if phrase.count("(") > phrase.count(")"):  # it closes what it opens: "the Agency (FDA)"
            end = end + 1 if self.text[end : end + 1] == ")" else start + len(phrase[: phrase.rindex("(")].rstrip())
        return start, end

    def _outside_quotes(self, token: Token, limit: Token, step: int) -> Token:
        while token.i != limit.i and (self.quoted(token) or token.is_punct):
            token = self.doc[token.i + step]
        return token

    def entity_covering(self, token: Token) -> Span | None:
        if token.ent_iob_ == "O":
            return None
        for ent in self.doc.ents:
            if ent.start <= token.i < ent.end:
                return ent
        return None

    def attribution(self, cue: Token, subject: Token | None = None) -> Attribution:
        subject = subject if subject is not None else self.subject_of(cue)
        if subject is not None:
            subject = self._producer(subject) or self._binder(cue, subject) or subject
        cue_span = self.doc[cue.i : cue.i + 1]
        if subject is None:
            return Attribution(cue_span, None, "none", None)
        start, end = self.speaker_span(subject)
        kind, entity_id = self.resolve(subject, start, end)
        return Attribution(cue_span, (start, end), kind, entity_id)

    def _producer(self, subject: Token) -> Token | None:
        """"He released a letter that says ...", "prompted her to make a comment that described
        ...": a relative pronoun standing for a vehicle of speech (a letter, a statement) is no
        speaker; who puts the vehicle out is: the subject of the verb taking it as object, else
        its possessor or its "by"/"from" author. None when the subject is no such pronoun."""
        if subject.tag_ != "WDT" or subject.head.dep_ != "relcl":
            return None
        noun = subject.head.head
        if self.lex.in_nouns.get(noun.lemma_.lower()) != "vehicle":
            return None
        if noun.dep_ == "dobj" and noun.head.pos_ in {"VERB", "AUX"}:
            producer = self.subject_of(noun.head, guess=False)
            if producer is not None and _nominal(producer) and not self.quoted(producer):
                return producer
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is not None and not self.quoted(owner):
            return owner
        author = self.author_of(noun)
        return author if author.i != noun.i and not self.quoted(author) else None

    def _binder(self, cue: Token, subject: Token) -> Token | None:
        """"The campaign is seeking to contrast her approach with what they call X's “...”": a
        pronoun naming something in a free relative ("what they call") inside another clause
        is bound by that clause's subject, who is the source of the label (PolNeAR gives the
        label to the sentence's subject). None when there is no such clause or subject."""
        if subject.pos_ != "PRON" or subject.lower_ not in {"he", "she", "they", "it", "we"} \
                or not any(c.lower_ == "what" and c.tag_ == "WP" and c.i < subject.i for c in cue.children) \
                or cue.dep_ in {"ROOT", "relcl"}:
            return None
        head = cue.head
        for _ in range(4):
            if head.pos_ in {"VERB", "AUX"} and not self.quoted(head):
                outer = self.subject_of(head, guess=False)
                if outer is not None:
                    # A matrix verb that reports itself ("X condemned what he called ...") takes
                    # the whole phrase in its own report.
                    ok = _nominal(outer) and outer.pos_ != "PRON" and not self.quoted(outer) \
                        and not self._cue_lemma(self.lemma(head))
                    return outer if ok else None
            if head.head.i == head.i:
                return None
            head = head.head
        return None

    # --- resolution ----------------------------------------------------------------------

    def resolve(self, head: Token, start: int, end: int) -> tuple[str, str | None]:
        phrase = self.text[start:end].lower()
        if len(head.text) > 1 and head.text.isupper() and start == head.idx:
            entity_id = self.entity_id(start, end)
            if entity_id is not None:
                return "name", entity_id  # an acronym that spells a pronoun ("WHO say ...")
        referent = self.lex.referents.get(phrase) or self.lex.referents.get(head.lower_)
        if referent is not None and (head.pos_ == "PRON" or phrase in self.lex.referents):
            if referent.refers_to == "RELATIVE":
                noun = head.head.head if head.head.dep_ == "relcl" else None
                if noun is None:
                    return "pronoun", None
                # The speaker as written is the pronoun (as PolNeAR marks it); who it is, is
                # its noun's entity: a name's, or none for a description ("a senior U.S.
                # official, who spoke" is not the U.S.; "a report that said" is no one's).
                return "pronoun", self.resolve(noun, *self.speaker_span(noun))[1]
            return "pronoun", self.antecedent(start, referent)
        if head.pos_ == "PRON":
            return "pronoun", None
        name_tokens = [t for t in self.doc.char_span(start, end, alignment_mode="expand") if t.pos_ == "PROPN"]
        if head.pos_ == "PROPN" or (name_tokens and (name_tokens[-1].dep_ == "appos" or (
                name_tokens[-1].dep_ == "conj" and name_tokens[-1].head.i == head.i and head.pos_ == "NOUN"))):
            # The entity of the name's head word: "United States President Donald Trump" is
            # Trump, not the United States; a capitalised title alone ("US Ambassador") with no
            # name in it is a description.
            name = head if head.pos_ == "PROPN" else name_tokens[-1]
            entity_id = self.entity_id(name.idx, name.idx + len(name))
            if entity_id is None and name.ent_iob_ == "O":
                return "description", None
            return "name", entity_id
        if head.ent_iob_ != "O":
            # A name the tagger took for another part of speech ("Rathke also asked"): the
            # model's entity says it is one.
            entity_id = self.entity_id(head.idx, head.idx + len(head))
            if entity_id is not None:
                return "name", entity_id
        return "description", None

    def entity_id(self, start: int, end: int) -> str | None:
        if self.doc._.dl_mentions:
            return entity_id_at(self.doc, start, end)
        # Without the entities component (unit tests, quotes-only pipelines) a name stands
        # for itself, lower-cased, as in ``_mentions``.
        ents = [e for e in self.doc.ents if e.start_char < end and e.end_char > start and e.label_ in NAME_LABELS]
        return ents[-1].text.lower() if ents else None

    def antecedent(self, before: int, referent: Referent, depth: int = 0) -> str | None:
        """The compatible mention before ``before`` the pronoun most likely stands for; mentions
        inside quotations are not speakers. The nearest sentence holding any compatible mention
        decides. In the pronoun's own sentence that is the most recent mention ("the department
        lifted the ban on ZTE after the company agreed"); in an earlier sentence its first
        subject, as a speaker pronoun carries on the topic ("Ann Lee of the Post dubbed the
        Cruise video a stunt. She said ..." is Ann Lee, not Cruise), else its last mention.
        For he/she, a subject that is the same pronoun again stands for what that one stands for
        ("So he admires Maldini. “...,” he said."), and a subject that is a person named by no
        name ("A spokeswoman for the office said ... “...,” she said.") is nobody's entity: the
        pronoun then has none rather than an earlier name's."""
        key = (before, referent)
        if key in self._antecedents:
            return self._antecedents[key]
        candidates: list[tuple[int, int, str | None, bool]] = []  # (sentence start, position, entity, is a subject)
        i = bisect_right(self.mention_starts, before - 1) - 1
        while i >= 0 and self.mentions[i][0] >= before - ANTECEDENT_WINDOW:
            m_start, m_end, label, entity_id = self.mentions[i]
            i -= 1
            if label != referent.refers_to or entity_id is None or self.quotation_at(m_start) is not None:
                continue
            gender = self.genders.get(entity_id)
            if referent.gender and gender and gender != referent.gender:
                continue
            span = self.doc.char_span(m_start, m_end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            candidates.append((span[0].sent.start, m_start, entity_id, self._subject_mention(span)))
        if referent.refers_to == "PERSON":
            candidates += self._person_subjects(before, referent, depth)
        found_id = None
        if candidates:
            nearest = max(c[0] for c in candidates)
            found = sorted((c[1:] for c in candidates if c[0] == nearest), reverse=True)  # most recent first
            subjects = [entity_id for _, entity_id, is_subject in found if is_subject]
            own_sentence = nearest >= self.doc.char_span(before, before + 1, alignment_mode="expand")[0].sent.start
            found_id = subjects[-1] if subjects and not own_sentence else found[0][1]
        self._antecedents[key] = found_id
        return found_id

    def _person_subjects(self, before: int, referent: Referent, depth: int) -> list[tuple[int, int, str | None, bool]]:
        """Main-clause subjects before ``before`` that are no name but still a person he/she
        may stand for. The same pronoun, and a definite person noun ("the chancellor", "the
        veteran pop star"), stand for what they refer back to (looked up at most twice over);
        a person noun brought in new ("a spokeswoman for the office", "his son") is someone
        unnamed: no entity."""
        window = self.doc.char_span(max(0, before - ANTECEDENT_WINDOW), before, alignment_mode="contract")
        out = []
        for t in window if window is not None else ():
            if t.dep_ != "nsubj" or t.head.dep_ != "ROOT" or t.idx >= before or self.quoted(t):
                continue
            if t.pos_ == "PRON":
                if self.lex.referents.get(t.lower_) == referent and depth < 2:
                    out.append((t.sent.start, t.idx, self.antecedent(t.idx, referent, depth + 1), True))
                continue
            if t.pos_ != "NOUN" or t.tag_ != "NN" or t.ent_iob_ != "O" or t.lower_ not in self.lex.person_nouns:
                continue
            gender = self.lex.person_nouns[t.lower_]
            if (referent.gender and gender and gender != referent.gender) or any(d.ent_type_ == "PERSON" for d in t.subtree):
                continue
            determiner = next((c for c in t.children if c.dep_ in {"det", "poss"}), None)
            if determiner is not None and determiner.lower_ in {"the", "this", "that"}:
                if depth < 2:
                    out.append((t.sent.start, t.idx, self.antecedent(t.idx, referent, depth + 1), True))
            else:
                out.append((t.sent.start, t.idx, None, True))
        return out

    @staticmethod
    def _subject_mention(span: Span) -> bool:
        """The mention is (the name in) a clause's subject: "Ann Lee", "Ann Lee of the Post",
        "the paper's editor Ann Lee"; not a possessor ("Ann Lee's sister") nor a modifier."""
        head = span.root
        for _ in range(3):
            if head.dep_ in SUBJECT_DEPS:
                return True
            if head.dep_ not in {"compound", "appos", "flat"} or head.head is head:
                return False
            head = head.head
        return False

    # --- pass 3: indirect speech ---------------------------------------------------------

    def indirect_quotes(self, quote_cues: set[int], taken: set[int]
                        ) -> tuple[list[tuple[dict, Attribution]], set[int], dict[int, Attribution]]:
        """Reports from the parse; ``quote_cues`` are the cues of pass 2, ``taken`` those of
        them that report nothing more than their quotation. Also returns the quotations the
        rows take in, and the attribution of each quotation that is a report's whole content."""
        rows, absorbed, sources = [], set(), {}
        self.quote_cues = quote_cues
        for token in self.doc:
            if token.i in taken or self.quoted(token):
                continue
            found = None
            if token.lower_ in self.prep_starts:
                found = self._source_prep_quote(token)
            elif token.lower_ == "in" and token.dep_ == "prep" and self.lex.in_nouns:
                found = self._in_source_quote(token)
            elif token.dep_ == "acomp" and token.lower_ in self.lex.impersonal and self._impersonal(token):
                found = self._impersonal_quote(token)
            elif token.dep_ == "acomp" and token.lower_ in self.lex.adjectives:
                found = self._adjective_quote(token)
            elif token.pos_ == "NOUN" and token.lemma_.lower() in self.lex.nouns and not self._verb_as_noun(token):
                found = self._noun_quote(token)
            elif token.pos_ == "VERB" or self._verb_as_noun(token):
                lemma = self.lemma(token)
                if self._other_sense(token, lemma):
                    continue
                if lemma in self.lex.verbs or lemma in self.lex.object_verbs:
                    found = self._inverted_report(token)
                if found is None and (lemma in self.lex.verbs or self._put_it(token)):
                    found = self._complement_quote(token)
                if found is None and lemma in self.lex.object_verbs:
                    found = self._object_quote(token)
                if found is None and (lemma in self.lex.raising or lemma in self.lex.passive
                                      or lemma in self.lex.object_verbs or lemma in self.lex.verbs):
                    found = self._unsourced_quote(token, lemma)
            if found is None:
                continue
            (start, end), att = found
            start, end = self.within_paragraph(start, end, token.idx)
            end = self.before_aside(start, end)
            # A semicolon after the cue, outside any quotation, ends the report: what follows
            # is a clause of its own ("X said A; B").
            semi = self.text.find("; ", max(start, token.idx), end)
            if semi > token.idx and self.quotation_at(semi) is None:
                end = semi
            if end <= token.idx and ";" in self.text[end : token.idx]:
                continue  # "A; X learned B": A is no report of the cue after the semicolon
            # ", although ..." after the cue, outside any quotation, is the author's concession
            # ("X said A, although it may take days to confirm"): the report ends before it.
            concession = CONCESSION.search(self.text, max(start, token.idx), end)
            if concession is not None and self.quotation_at(concession.start()) is None:
                end = concession.start()
            end = self.through_colon(end, token.idx)
            start, end = self.whole_quotations(start, end)
            if end <= start:
                continue
            inside = self._quotations_within(start, end)
            if inside and not self._words_outside(start, end, inside):
                # The complement is the direct quote itself: pass 2 emits it, with this
                # attribution when it found none of its own ("“...,” according to X").
                for qi in inside:
                    sources.setdefault(qi, att)
                continue
            absorbed.update(inside)
            kind = "mixed" if inside else "indirect"
            rows.append((self.row(kind, start, end, att), att))
        return rows, absorbed, sources

    def _other_sense(self, verb: Token, lemma: str) -> bool:
        """The cue is in a sense that reports nothing (``quote_senses.csv``): "claimed the
        title", "the second half saw both sides tire", "agreed a fee"."""
        for relation, words in self.lex.senses.get(lemma, ()):
            if relation == "particle":
                related = [c for c in verb.children if c.dep_ == "prt"]
            elif relation == "object":
                related = [c for c in verb.children if c.dep_ == "dobj"]
            elif relation == "clause_subject":  # "found themselves trailing": the parse's clause subject
                related = [g for c in verb.children if c.dep_ in {"ccomp", "xcomp"} for g in c.children if g.dep_ == "nsubj"]
            elif relation == "subject":
                related = [c for c in verb.children if c.dep_ == "nsubj"]
                related += [c.head.head for c in related if c.tag_ in {"WDT", "WP"} and c.head.dep_ == "relcl"]
            else:
                related = []
            if any(self.quotation_at(t.idx) is not None or self._quotes_in_phrase(t) for t in related):
                continue  # words in quotation marks are reported whatever the sense ("call a “special meeting”")
            if related and ("*" in words or any(t.lemma_.lower() in words or t.lower_ in words or t.ent_type_ in words
                                                for t in related)):
                return True
        return False

    def _inverted_report(self, verb: Token):
        """"A will happen, predicts the report.", "..., warns the study.": a finite cue after
        the comma of a whole clause, with no subject of its own and only a noun phrase after it
        to the sentence's end. The parser takes the noun phrase for the verb's object; it is the
        speaker, and the clause before the comma is the content."""
        doc, sent = self.doc, verb.sent
        if verb.tag_ not in {"VBZ", "VBD", "VBP"} or verb.i - 1 <= sent.start or doc[verb.i - 1].text != ",":
            return None
        if any(c.dep_ in SUBJECT_DEPS for c in verb.children) or verb.dep_ not in {"conj", "ROOT", "parataxis"}:
            return None
        after = [c for c in verb.children if c.i > verb.i and not c.is_punct]
        if len(after) != 1 or after[0].dep_ != "dobj" or after[0].pos_ not in {"NOUN", "PROPN"} \
                or self.quoted(after[0]):
            return None
        noun = after[0]
        if any(not t.is_punct for t in doc[noun.right_edge.i + 1 : sent.end]):
            return None
        # A source is a name or a determined noun ("the report", "a study"), with no clause of
        # its own; "cited derogatory comments Trump had made" is an object.
        if any(t.dep_ in {"relcl", "acl", "ccomp"} for t in noun.subtree) or not (
                noun.pos_ == "PROPN" or any(c.dep_ in {"det", "poss"} for c in noun.children)):
            return None
        clause = verb.head if verb.dep_ == "conj" else None
        if clause is None or clause.i > verb.i or not any(c.dep_ in SUBJECT_DEPS for c in clause.children):
            return None  # the clause before the comma must be a statement with its own subject
        span = self._trimmed(sent.start, verb.i - 1)
        if span is None or self.quotation_at(span[0]) is not None:
            return None
        return span, self.attribution(verb, noun)

    def _split_around(self, verb: Token, subject: Token) -> tuple[int, int] | None:
        """"These employees, Stumpf explained, were well paid" parsed with the cue as the root,
        the statement's subject hung on it before a comma and its predicate a subjectless verb
        coordinated after one: a reporting clause set off inside the statement reports the
        sentence around it."""
        sent = verb.sent
        if verb.dep_ != "ROOT" or subject.i > verb.i or subject.left_edge.i <= sent.start \
                or self.doc[subject.left_edge.i - 1].text != ",":
            return None
        fronted = next((c for c in verb.lefts if c.i < subject.i and c.left_edge.i == sent.start
                        and c.dep_ in {"npadvmod", "nsubj", "dobj"} and c.pos_ in {"NOUN", "PROPN", "PRON"}), None)
        predicate = next((c for c in verb.rights if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}
                          and not any(g.dep_ in SUBJECT_DEPS for g in c.children)
                          and self.doc[c.left_edge.i - 1].text == ","), None)
        if fronted is None or predicate is None or self.quoted(fronted):
            return None
        return self._trimmed(sent.start, sent.end)

    def _put_it(self, verb: Token) -> bool:
        """"as the mayor put it": the idiom reports like "as the mayor said"."""
        return verb.lemma_.lower() == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children) \
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)

    @staticmethod
    def _verb_as_noun(token: Token) -> bool:
        """A cue the tagger took for a plural noun though the parser gave it a subject and a
        clause ("Yet Okafor claims that she ..."): it is the verb."""
        return token.pos_ == "NOUN" and token.tag_ == "NNS" and any(c.dep_ == "nsubj" for c in token.children) \
            and any(c.dep_ == "ccomp" for c in token.children)

    def _complement_quote(self, verb: Token):
        subject = self.subject_of(verb)
        if subject is None:
            if self.addressed != verb.i:
                return None
            # Only a nominal after the verb that is not its subject ("expect a new rival to
            # ..."): the clause after it is still reported, by someone unnamed.
            clause = next((c for c in verb.rights if c.dep_ == "ccomp"), None)
            span = self._trimmed(self._clause_start(clause), self._clause_end(clause)) if clause is not None else None
            if span is None or span[1] - span[0] <= 1:
                return None
            return span, Attribution(self.doc[verb.i : verb.i + 1], None, "none", None)
        # A clause across a semicolon from the cue is no complement of it ("A, X said; B").
        clauses = [c for c in verb.children if c.dep_ == "ccomp"
                   and not any(t.text == ";" for t in self.doc[min(c.left_edge.i, verb.i) : max(c.left_edge.i, verb.i)])]
        # "It is unlikely; the team says she will continue": a clause after the verb is what
        # it reports; one before it only when there is none after ("A, officials argue").
        clauses.sort(key=lambda c: c.i < verb.i)
        # A clause whose head and verbs are all in another paragraph is none of the cue's: a
        # headline parsed as one sentence with the text under it ("China continues rapid growth /
        # China's economy has expanded"), which then reports nothing.
        paragraph = self.paragraph_of(verb.idx)
        here = [c for c in clauses if self.paragraph_of(c.idx) == paragraph or any(
            t.pos_ in {"VERB", "AUX"} and self.paragraph_of(t.idx) == paragraph for t in c.subtree)]
        if clauses and not here:
            return None
        clauses = here
        for child in clauses[:1]:
            if child.dep_ == "ccomp":
                start = self._past_recipient(verb, self._clause_start(child))
                start = self._glued_subject(verb, child, start)
                start = self._object_as_subject(verb, child, start)
                span = self._trimmed(start, self._coordinated_end(verb, child, subject))
                if span is not None and span[1] - span[0] > 1:
                    return span, self.attribution(verb, subject)
                return None
        hearers = [c for c in verb.rights if c.dep_ in {"dobj", "dative"}] \
            if "to" in self.lex.object_verbs.get(self.lemma(verb), ()) else []
        for obj in hearers:
            # "told a group of donors that few voters grasped ...": after a verb with a
            # hearer (the "to" cues: tell, ask, warn) the parser may hang the that-clause on the
            # hearer as a relative clause; a "that" marking a clause with a subject of its own
            # tells the complement apart.
            for clause in obj.subtree:
                if clause.dep_ == "relcl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children) \
                        and any(c.dep_ in SUBJECT_DEPS for c in clause.children):
                    span = self._trimmed(clause.left_edge.i, self._clause_end(clause))
                    if span is not None:
                        return span, self.attribution(verb, subject)
        for child in verb.rights:
            # "X said after the hearing she would ...": the parser takes the time phrase for
            # the clause's and the clause for an adverbial; its own subject tells it apart.
            if child.dep_ != "advcl":
                continue
            first = child.left_edge
            clause_subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
            if first.i == verb.i + 1 and first.dep_ == "prep" and first.head.i == child.i \
                    and clause_subject is not None and first.right_edge.i < clause_subject.left_edge.i:
                span = self._trimmed(clause_subject.left_edge.i, self._clause_end(child))
                if span is not None:
                    return span, self.attribution(verb, subject)
            break
        split = self._split_around(verb, subject)
        if split is not None:
            return split, self.attribution(verb, subject)
        if verb.dep_ in {"parataxis", "ccomp", "advcl"} and verb.head.i > verb.i and subject.i < verb.i \
                and verb.tag_ != "VBG":  # "X said, suggesting ...": a participle sets off no clause
            # A reporting clause set off inside the statement ("The new bridge, Ms. Okafor said,
            # would let ..."): the statement is the sentence around it.
            words = [t.i for t in verb.subtree if not t.is_punct]
            # The clause set off starts at its subject: the parser may hang the statement's
            # opening phrase on the cue ("To see it, the auditor said, voters should ...").
            left, right = max(words[0], subject.left_edge.i), words[-1]
            marks = [c.i for c in verb.children if c.dep_ == "mark" and c.i < subject.i]  # "as X said"
            left = min([left, *marks])
            sent = verb.sent
            if left > sent.start and self.doc[left - 1].text in PARENTHESIS \
                    and right + 1 < sent.end and self.doc[right + 1].text in PARENTHESIS:
                clause = verb.head
                if clause.dep_ == "relcl" and clause.left_edge.lower_ in {"which", "who", "that"} \
                        and clause.left_edge.i < left:
                    # "the square, which, Jones said, is full on market days": the statement is the
                    # relative clause the report is set off in, not the author's sentence around it.
                    span = self._trimmed(clause.left_edge.i, clause.right_edge.i + 1)
                else:
                    span = self._trimmed(sent.start, sent.end)
                if span is not None:
                    return span, self.attribution(verb, subject)
        if verb.dep_ == "advcl" and verb.head.i > verb.i and subject.i < verb.i and any(
                c.dep_ == "mark" and c.lower_ == "as" and c.i == verb.left_edge.i for c in verb.children):
            # "As the senator noted, the deficit grew": the clause after the comma is reported.
            after = max(t.i for t in verb.subtree if not t.is_punct) + 1
            if after < verb.sent.end and self.doc[after].text == ",":
                span = self._trimmed(after + 1, verb.sent.end)
                if span is not None:
                    return span, self.attribution(verb, subject)
        if verb.dep_ == "advcl" and subject.i < verb.i and verb.left_edge.lower_ == "as" \
                and verb.left_edge.dep_ == "mark" and verb.left_edge.head.i == verb.i \
                and not any(c.dep_ in {"dobj", "ccomp", "xcomp"} and not (c.lower_ == "it" and self._put_it(verb))
                            for c in verb.children):
            # ", as the mayor noted, ..." / "..., as the mayor noted.": a report set off by "as"
            # inside or after the statement; the statement is the sentence around it.
            sent, left = verb.sent, verb.left_edge.i
            right = max(t.i for t in verb.subtree if not t.is_punct)
            before = left - 1
            while before > sent.start and self.doc[before].text in {"”", '"', "''"}:
                before -= 1  # “...,” as the mayor noted: the comma stands inside the quotation
            if left > sent.start and self.doc[before].text in PARENTHESIS:
                rest = [t for t in self.doc[right + 1 : sent.end] if not t.is_punct]
                # The statement is the clause the report hangs on, from its subject ("..., because
                # while A, B is C, as X noted": B is C).
                clause_subject = next((c for c in verb.head.children if c.dep_ in SUBJECT_DEPS
                                       and c.i < verb.i), None)
                first = max(sent.start, clause_subject.left_edge.i) if clause_subject is not None else sent.start
                span = self._trimmed(first, sent.end if rest else left - 1)
                if span is not None:
                    return span, self.attribution(verb, subject)
        if verb.dep_ in {"parataxis", "ccomp"} and verb.head.i < verb.i and subject.i > verb.head.i:
            # A reporting clause set off after the statement ("..., the agency said in a
            # report, and ..."): the statement is the sentence around it.
            sent = verb.sent
            left = verb.left_edge.i
            while left < verb.i and self.doc[left].is_punct:
                left += 1
            if left > sent.start and self.doc[left - 1].text in {",", "—", "–"}:
                tail = verb.right_edge.i + 1
                rest = [t for t in self.doc[tail : sent.end] if not t.is_punct]
                span = self._trimmed(sent.start, sent.end if rest else left)
                if span is not None:
                    return span, self.attribution(verb, subject)
        return None

    def _past_recipient(self, verb: Token, start: int) -> int:
        """"told the BBC Mr Grant had ...": "tell" with no hearer of its own had its hearer
        glued to the clause's subject; the clause starts at the person's title or name."""
        if self.lemma(verb) != "tell" or any(c.dep_ in {"dobj", "dative"} for c in verb.children):
            return start
        i = start + 1 if start < len(self.doc) and self.doc[start].lower_ == "the" else start
        end = i
        while end < len(self.doc) and end - i < 8 and self.doc[end].pos_ == "PROPN":
            end += 1
        for k in range(i + 1, end):
            t = self.doc[k]
            if t.lower_.rstrip(".") in TITLES or (
                    t.ent_iob_ == "B" and t.ent_type_ == "PERSON" and self.doc[k - 1].ent_type_ != "PERSON"):
                return k
        return start

    def _glued_subject(self, verb: Token, clause: Token, start: int) -> int:
        """"told the BBC progress had been made": the parser took "the BBC progress" for the
        hearer and left the clause without a subject; the noun after the hearer's name is it."""
        if self.lemma(verb) != "tell" or any(c.dep_ in SUBJECT_DEPS for c in clause.children):
            return start
        hearer = next((c for c in verb.children if c.dep_ in {"dobj", "dative"} and c.i < clause.i
                       and c.right_edge.i + 1 == clause.left_edge.i), None)
        if hearer is None or hearer.pos_ != "NOUN":
            return start
        i = hearer.left_edge.i
        if self.doc[i].dep_ == "det":
            i += 1
        j = i
        while j < hearer.i and self.doc[j].pos_ == "PROPN":
            j += 1
        if j == i or not all(self.doc[k].pos_ in {"NOUN", "ADJ"} for k in range(j, hearer.i + 1)):
            return start
        return j

    def _object_as_subject(self, verb: Token, clause: Token, start: int) -> int:
        """"concluded the threat of regulation, which ..., “had a profound effect”": the parser took
        the clause's subject for the cue's object and left the clause without one; a noun object
        with nothing but punctuation before the clause is its subject. Not after a cue with a
        hearer ("told reporters ..."), whose object is the person told."""
        if "to" in self.lex.object_verbs.get(self.lemma(verb), ()) or self.lemma(verb) == "tell" \
                or any(c.dep_ in SUBJECT_DEPS for c in clause.children):
            return start
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < clause.i and c.pos_ in {"NOUN", "PROPN"}
                    and all(t.is_punct for t in self.doc[c.right_edge.i + 1 : clause.left_edge.i])), None)
        return obj.left_edge.i if obj is not None and start == clause.left_edge.i else start

    def _with_predicate(self, verb: Token, span: tuple[int, int]) -> tuple[int, int]:
        """"announced £264m for health services will be spent on ...": a finite verb right after
        the object, with no subject after the cue, is the object's predicate the parser hung
        elsewhere: the content runs through it. Not for a cue inside a relative clause or on a
        noun ("migrants who want to work here have skills", "figures showing X expanded"), where
        the verb after it is the main clause's."""
        last = self.doc.char_span(span[1] - 1, span[1], alignment_mode="expand")
        if last is None or not len(last) or last[-1].i + 1 >= verb.sent.end or last[-1].pos_ not in {"NOUN", "PROPN", "NUM"}:
            return span
        first = last[-1].i + 1
        j = first
        while j < verb.sent.end and self.doc[j].dep_ in {"aux", "auxpass", "neg"} and self.doc[j].i != verb.i:
            j += 1
        if j >= verb.sent.end:
            return span
        predicate = self.doc[j]
        finite = predicate.tag_ in {"VBD", "VBZ", "VBP"} or (j > first and self.doc[first].tag_ == "MD")
        if predicate.pos_ not in {"VERB", "AUX"} or not finite or predicate.i <= verb.i or self.is_cue_verb(predicate) \
                or any(c.dep_ in SUBJECT_DEPS and c.i > verb.i for c in predicate.children) \
                or self.quoted(predicate) or predicate.dep_ in {"relcl", "acl"} \
                or any(t.dep_ in {"relcl", "acl"} for t in (verb, *verb.ancestors)):
            return span
        end = self._trimmed(predicate.i, self._clause_end(predicate))
        return span if end is None else (span[0], max(span[1], end[1]))

    def _unsourced_quote(self, verb: Token, lemma: str):
        """"The governor seems to have lost interest", "The vote is expected to come next month",
        "He was accused of lying": the whole clause, subject included, is reported by nobody named. A
        passive with an agent ("X is supported by Y") has the agent as source and its subject,
        what the agent stands for, as content."""
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None or self.quoted(subject) or subject.lower_ in {"it", "there", "this", "that", "which", "who"}:
            return None
        passive = subject.dep_ == "nsubjpass"
        if passive and lemma not in self.lex.passive and not any(c.dep_ == "agent" for c in verb.children):
            return None  # other cues report in the passive only with their source ("X was praised by Y")
        if not passive and (lemma not in self.lex.raising or not any(c.dep_ == "xcomp" for c in verb.children)):
            return None  # "She appeared on stage": raising verbs report only with "to ..."
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        source = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if source is not None:
            span = self._trimmed(subject.left_edge.i, subject.right_edge.i + 1)
            return (span, self.attribution(verb, source)) if span is not None else None
        # The clause ends before what the author adds after a comma (", but ...", ", with ...").
        stops = [c.i for c in verb.rights if c.text in {",", ";", "—", "–"} or c.dep_ in {"cc", "conj", "advcl", "parataxis"}]
        end = min([self._clause_end(verb), verb.sent.end, *stops])
        span = self._trimmed(max(subject.left_edge.i, verb.sent.start), end)
        if span is None:
            return None
        hedged = None if passive else self._hedged_report(verb)
        if hedged is not None:
            # "She appeared to suggest that ...": a report of hers the author hedges; she speaks.
            return span, self.attribution(hedged, subject)
        return span, Attribution(self.doc[verb.i : verb.i + 1], None, "none", None)

    def _hedged_report(self, verb: Token) -> Token | None:
        """The raising verb's infinitive is itself a cue verb reporting something ("X seems to
        suggest that ...", "X appears set to deny ..."): that verb, whose report the subject
        makes, the raising verb only hedging it."""
        inner = verb
        for _ in range(2):
            inner = next((c for c in inner.children if c.dep_ == "xcomp"), None)
            if inner is None:
                return None
            lemma = self.lemma(inner)
            if (lemma in self.lex.verbs or lemma in self.lex.object_verbs) \
                    and any(c.dep_ in {"ccomp", "dobj"} for c in inner.children):
                return inner  # "appears to be feeling better" reports nothing
        return None

    def _noun_quote(self, noun: Token):
        """A statement named by a noun: "Trump's claim that ...", "his decision to ...",
        "Republicans expressed concern that ...", "His concern is that ...". The speaker is the
        possessor, a "by"/"from" phrase, or the subject of a verb voicing the noun; without
        one the noun is not reported (a wrong or missing speaker costs more than the quote)."""
        forms = self.lex.nouns[noun.lemma_.lower()]
        span = None
        for child in noun.children:
            span = self._clause_complement(child, forms) or self._prep_complement(child, forms)
            if span is not None:
                break
        if span is None and noun.dep_ == "nsubj" and noun.head.lemma_ == "be" and "that" in forms:
            # "His concern is that ...": the copula's clause is the content.
            clause = next((c for c in noun.head.children if c.dep_ == "ccomp" and c.i > noun.i), None)
            if clause is not None:
                span = self._trimmed(clause.left_edge.i, self._clause_end(clause))
        if span is None:
            return None
        speaker = next((c for c in noun.children if c.dep_ == "poss"), None)
        if speaker is None:
            agent = next((c for c in noun.children if c.dep_ in {"prep", "agent"} and c.lower_ in {"by", "from"}), None)
            if agent is not None:
                speaker = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if speaker is None and noun.dep_ == "dobj" and noun.head.lemma_.lower() in self.lex.holders:
            speaker = self.subject_of(noun.head, guess=False)
        if speaker is None or not _nominal(speaker) or self.quoted(speaker):
            return None
        return span, self.attribution(noun, speaker)

    @staticmethod
    def _impersonal(adjective: Token) -> bool:
        """The adjective's copula has the dummy "it" for subject ("it is clear ...")."""
        return any(c.dep_ in {"nsubj", "expl"} and c.lower_ == "it" for c in adjective.head.children)

    def _impersonal_quote(self, adjective: Token):
        """"It is unclear whether ...", "it was obvious that ...": the extraposed clause is
        reported, by nobody named."""
        clause = next((c for c in [*adjective.head.children, *adjective.children]
                       if c.dep_ == "ccomp" and c.i > adjective.i), None)
        if clause is None:
            return None
        span = self._trimmed(clause.left_edge.i, self._clause_end(clause))
        if span is None:
            return None
        return span, Attribution(self.doc[adjective.i : adjective.i + 1], None, "none", None)

    def _adjective_quote(self, adjective: Token):
        """A stance told by an adjective: "X is confident that ...", "X is critical of Y"."""
        forms = self.lex.adjectives[adjective.lower_]
        head = adjective.head
        if adjective.i + 1 < len(self.doc) and self.doc[adjective.i + 1].lower_ == "to":
            if "to" not in forms:
                return None  # "The order is certain to inflame ...": a likelihood, not a stance
            if adjective.i + 2 < len(self.doc) and self.doc[adjective.i + 2].lower_ == "have":
                return None  # "X was determined to have ...": a finding about X, not X's intent
        subject = self.subject_of(head, guess=False)
        if subject is None or not _nominal(subject) or subject.lower_ in {"it", "there", "this", "that"}:
            return None
        span = None
        for child in adjective.children:
            span = self._clause_complement(child, forms) or self._prep_complement(child, forms)
            if span is not None:
                break
        if span is None and "that" in forms:
            # "We are confident the plan will ...": the clause can hang on the copula.
            clause = next((c for c in head.children if c.dep_ == "ccomp" and c.i > adjective.i), None)
            if clause is not None:
                span = self._trimmed(clause.left_edge.i, self._clause_end(clause))
        if span is None:
            return None
        return span, self.attribution(adjective, subject)

    def _clause_complement(self, child: Token, forms: frozenset[str]) -> tuple[int, int] | None:
        """A that-clause ("claim that ...", also without "that" on adjectives) or a to-infinitive
        ("decision to ...") complement; relative clauses ("the claim that he made") are not."""
        if child.dep_ not in {"acl", "ccomp", "xcomp"} or child.pos_ not in {"VERB", "AUX"}:
            return None
        marks = {c.lower_ for c in child.children if c.dep_ in {"mark", "aux"} and c.i < child.i}
        if "that" in forms and ("that" in marks or child.dep_ == "ccomp"):
            pass
        elif "to" in forms and "to" in marks:
            pass
        else:
            return None
        return self._trimmed(child.left_edge.i, self._clause_end(child))

    def _prep_complement(self, child: Token, forms: frozenset[str]) -> tuple[int, int] | None:
        if child.dep_ != "prep" or child.lower_ not in forms:
            return None
        objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
        if not objects:
            return None
        return self._trimmed(objects[0].left_edge.i, objects[-1].right_edge.i + 1)

    def _object_quote(self, verb: Token):
        """Stance verbs whose object is the content: "X called for a ban", "X wants to
        ...", "X called the plan a failure"."""
        if verb.tag_ == "VBN" and verb.dep_ == "acl" and not any(c.dep_ == "agent" for c in verb.children) \
                and len([c for c in verb.rights if not c.is_punct]) == 1:
            # "a stream called Miracle Run", "the plan, dubbed X": one name after a participle on a
            # noun is what it is called, reported by no one ("called X a Y", "called ... for" are
            # reports the parser may have hung on a noun).
            return None
        if self.lemma(verb) in NAMING and [c.dep_ for c in verb.children if c.dep_ in NAMING_DEPS] == ["oprd"] \
                and not any(c.dep_ == "oprd" and c.ent_type_ in {"DATE", "TIME"} for c in verb.children) \
                and not any(c.tag_ in {"WDT", "WP", "PRP"} or (c.dep_ in SUBJECT_DEPS and c.ent_type_ in {"PERSON", "ORG"})
                            for c in verb.children) \
                and not (verb.dep_ == "acl" and verb.head.ent_type_ == "PERSON"):
            # "An umbrella group called the Flood Relief Committee has been set up", "the whim of an
            # official called a minister": a name and nothing else, however the parser hung the
            # participle; the naming has no speaker (the noun is what is named). Calling something
            # a name is a report with an object or a second predicate ("called it a Y", "called X
            # a quack, a fake"), or a preposition ("called Friday for ...").
            name = next(c for c in verb.children if c.dep_ == "oprd")
            span = self._trimmed(name.left_edge.i, name.right_edge.i + 1)
            return None if span is None else (span, Attribution(self.doc[verb.i : verb.i + 1], None, "none", None))
        if verb.dep_ == "relcl" and any(c.dep_ in SUBJECT_DEPS and c.i < verb.i and c.left_edge.i == verb.left_edge.i
                                        and c.tag_ not in {"WDT", "WP"} for c in verb.children) \
                and not any(c.dep_ in {"dobj", "oprd", "prep", "prt"} for c in verb.children):
            # "The four “loopholes” he cited are ...": a relative clause with no relative pronoun
            # and no object has its antecedent for object; what follows is the main clause's.
            return None
        subject = self.subject_of(verb)
        # No subject, and the nominal after the verb is whom it addresses: the report stands,
        # its speaker unnamed (a wrong speaker costs more than none).
        unnamed = subject is None and self.addressed == verb.i
        if (subject is None and not unnamed) or (subject is not None and not _nominal(subject)):
            return None
        preps = self.lex.object_verbs[self.lemma(verb)]
        # A stray space (a non-breaking one the tokenizer kept) is no complement.
        rights = [c for c in verb.rights if c.dep_ not in {"advmod", "npadvmod"} and not c.is_space]
        while len(rights) > 1 and self._leading_adjunct(rights[0], preps):
            rights = rights[1:]  # "decided after a long review not to ...": the time is the author's
        if not rights:
            return None
        first = rights[0]
        then = next((c for c in [*rights[1:], *first.rights] if c.dep_ == "prep"), None)
        if then is not None and f"{first.lower_} {then.lower_}" in preps and first.i < then.i:
            # A cue of two words after the verb ("spoke out Tuesday about X", "took aim at X"): the
            # second word's object is the content.
            objects = [c for c in then.children if c.dep_ in {"pobj", "pcomp"}]
            span = self._trimmed(objects[0].left_edge.i, objects[-1].right_edge.i + 1) if objects else None
            if span is None:
                return None
            return span, (Attribution(self.doc[verb.i : verb.i + 1], None, "none", None) if unnamed
                          else self.attribution(verb, subject))
        if first.dep_ in {"prep", "prt"} and first.lower_ in preps:
            pass  # "called on X to Y", "called for X"
        elif first.dep_ == "dobj" and any(self._takes_content(c, preps) for c in [*rights[1:], *first.rights]):
            # "accused X of Y", "told X to Y": the person addressed, then what was said (the
            # parser hangs the preposition on the verb or on the object).
            pass
        elif "" not in preps or first.dep_ not in {"dobj", "xcomp", "ccomp", "oprd"}:
            return None
        span = self._complements(verb, preps)
        if span is None:
            return None
        span = self._with_predicate(verb, span)
        if unnamed:
            return span, Attribution(self.doc[verb.i : verb.i + 1], None, "none", None)
        return span, self.attribution(verb, subject)

    @staticmethod
    def _leading_adjunct(child: Token, preps: frozenset[str]) -> bool:
        """A time or circumstance phrase right after the cue and before its complement ("decided
        after a long review not to ...", "announced on Friday the arrest of ..."): not content."""
        if child.dep_ != "prep" or child.lower_ in preps:
            return False
        if child.lower_ in ADJUNCT_PREPS:
            return True
        objects = [c for c in child.children if c.dep_ == "pobj"]
        return child.lower_ == "on" and bool(objects) and all(o.ent_type_ in {"DATE", "TIME"} for o in objects)

    @staticmethod
    def _takes_content(child: Token, preps: frozenset[str]) -> bool:
        """A complement after the object that carries the content: a preposition of the cue
        ("accuse X of"), or a to-infinitive where the cue lists "to" ("tell X to")."""
        if child.dep_ == "prep":
            return child.lower_ in preps and child.lower_ != "to"
        return "to" in preps and child.dep_ in {"xcomp", "ccomp"} \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)

    def governing_report(self, qi: int):
        """A phrase quoted inside a clause ("X called the deal a “disaster”", "X blasted the
        media for being “dishonest”"): the quotation marks are themselves the sign of a report,
        so the nearest verb governing the quotation, with a subject outside it, is the cue
        whatever its lemma, and the verb's complements are the content. Titles and names in
        quotation marks (every word capitalised) are not reports."""
        q = self.quotations[qi]
        inner = self.tokens_between(q.start, q.end)
        if inner is None or not len(inner) or self.is_title(qi):
            return None
        roots = [t for t in inner if not (q.open <= t.head.idx < q.close)]
        if not roots:
            return None
        head = roots[0].head
        for _ in range(4):
            if head.pos_ == "VERB" and head.lemma_.lower() not in NOT_REPORTING:
                break
            if head.head.i == head.i:
                return None
            head = head.head
        else:
            return None
        if head.pos_ != "VERB" or head.lemma_.lower() in NOT_REPORTING or self.quoted(head):
            return None
        subject = self.subject_of(head, guess=False)
        if subject is None or not _nominal(subject) or subject.lower_ == "there":
            return None
        span = self._complements(head, frozenset())
        if span is None or not (span[0] <= q.start and q.end <= span[1] + 1):
            return None
        return span, self.attribution(head, subject)

    def nearest_cue(self, qi: int) -> Attribution | None:
        """A quotation of several words inside a sentence that no pattern reported: the
        marks still say someone said it. The nearest verb before it in its sentence with a
        subject outside the quotation is the cue. Titles are not quotations of anyone."""
        q = self.quotations[qi]
        inner = self.tokens_between(q.start, q.end)
        if inner is None or not len(inner) or self.is_title(qi):
            return None
        sent = inner[0].sent
        p_start = self._paragraph_bounds(q.paragraph)[0]
        for t in reversed(self.doc[sent.start : inner.start]):
            if t.idx < p_start or t.text in SENTENCE_END:
                break
            if t.pos_ != "VERB" or self.quoted(t) or t.lemma_.lower() in NOT_REPORTING:
                continue
            subject = self.subject_of(t, guess=False)
            if subject is not None and _nominal(subject) and subject.lower_ not in {"it", "there"}:
                return self.attribution(t, subject)
        return None

    def _coordinated_end(self, verb: Token, clause: Token, speaker: Token) -> int:
        """End of a reported clause, through clauses the parser coordinated with the cue
        verb instead of with the clause ("X said A, and B"; "X said A but B"): a coordinated
        clause with a subject of its own and no cue verb in it goes on with the report."""
        end = self._clause_end(clause)
        if end < clause.right_edge.i + 1:
            return end
        for conj in verb.rights:
            if conj.dep_ != "conj" or conj.i < clause.i or conj.pos_ not in {"VERB", "AUX"}:
                continue
            subject = next((c for c in conj.children if c.dep_ in SUBJECT_DEPS), None)
            # "X says she hopes A, but she knows B": the reported clause's own pronoun subject
            # again carries on the report, whatever the verb.
            same = subject is not None and subject.pos_ == "PRON" and any(
                c.dep_ in SUBJECT_DEPS and c.lower_ == subject.lower_ for c in clause.children)
            if subject is None or subject.lower_ == speaker.lower_ \
                    or (not same and any(self.is_cue_verb(t) for t in conj.subtree)) or conj.sent != clause.sent:
                break
            end = conj.right_edge.i + 1
        return end

    @staticmethod
    def _clause_start(clause: Token) -> int:
        """Start (token index) of a reported clause, after a time the parser hung on it from
        the cue ("said Tuesday the plant will close", "told X this weekend he would ...")."""
        start = clause.left_edge.i
        for child in clause.lefts:
            if child.left_edge.i == start and child.dep_ == "npadvmod" and child.ent_type_ in {"DATE", "TIME"}:
                start = child.right_edge.i + 1
        return start

    def _clause_end(self, clause: Token) -> int:
        """End (token index) of a reported clause, before a coordinated cue verb that shares
        the speaker ("it was opposed to the merger and warned ..."): a second report."""
        end = clause.right_edge.i + 1
        for t in clause.rights:
            # A coordinated verb introducing a quotation of its own ("... and, when pressed,
            # the mother replied, “...”") starts that report, whoever its subject.
            if t.dep_ == "conj" and self.is_cue_verb(t) and (
                    t.i in self.quote_cues or not any(c.dep_ in SUBJECT_DEPS for c in t.children)):
                cc = [c for c in clause.children if c.dep_ == "cc" and c.i < t.i]
                return cc[-1].i if cc else t.i
            if self._participle_aside(t):
                return t.left_edge.i
        # An aside closing the clause can hang on the clause's last verb ("... if the union did
        # not agree to the cuts, effectively ending ...").
        node = clause
        while True:
            last = next((c for c in reversed(list(node.rights)) if not c.is_punct), None)
            if last is None:
                return end
            if self._participle_aside(last):
                return last.left_edge.i
            node = last

    def _participle_aside(self, t: Token) -> bool:
        """", focusing on ...", ", engaging in ...": a participle phrase after a comma at the end
        of a report is the author's comment on it (guidelines: when in doubt, leave it out)."""
        first = t.left_edge  # past adverbs on the participle: ", implicitly putting ..."
        return t.dep_ in {"advcl", "acl"} and t.tag_ == "VBG" and first.i > 0 \
            and all(a.dep_ == "advmod" and a.pos_ == "ADV" for a in self.doc[first.i : t.i]) \
            and self.doc[first.i - 1].text == "," and not self.quoted(t)

    @staticmethod
    def _misplaced_conjunct(verb: Token, conj: Token) -> bool:
        """Coordinated verbs share their form: a bare infinitive without a subject hung on a
        verb of another form ("referencing X or make Y", "accused X and encourage Y") is
        coordinated with an infinitive further down, which the parse lost."""
        return conj.tag_ == "VB" and verb.tag_ in {"VBG", "VBD", "VBN", "VBZ"} \
            and not any(c.dep_ in SUBJECT_DEPS or c.dep_ in {"aux", "auxpass"} for c in conj.children)

    def _on_quoted_noun(self, prep: Token) -> bool:
        """The preposition hangs on a noun that ends a quotation right before it."""
        head = prep.head
        # Only a place narrows a noun ("tensions in advanced economies"); a time phrase after a
        # quotation ("a “crazy system” during a stop") is the author's however it is parsed.
        return prep.lower_ in {"in", "at"} and head.pos_ in {"NOUN", "PROPN"} and head.i == prep.i - 2 \
            and self.quoted(head)

    def _complements(self, verb: Token, particles: frozenset[str]) -> tuple[int, int] | None:
        """The verb's complements to its right, from the first to the last before an adjunct
        (a clause after a comma, a coordinated verb, a time or place phrase): "blasted
        [the mayor as a “national embarrassment”] during a stop". A particle of the cue ("called on") is
        part of the cue, its object the start of the content."""
        parts = []
        rights = [c for c in verb.rights if not c.is_space]
        for n, child in enumerate(rights):
            if child.dep_ in {"cc", "conj"} and not any(
                    c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} and not self._misplaced_conjunct(verb, c)
                    for c in rights[n:]):
                # "as A and a B": a coordinated object, not a new clause; nor is a bare infinitive
                # the parser coordinated with a finite cue or participle ("referencing the drive
                # to “cross-sell” or make customers ...": it goes with the infinitive inside).
                parts.append(child)
                continue
            if parts and child.text == "," and n + 1 < len(rights) and rights[n + 1].dep_ == "prep" \
                    and rights[n + 1].lower_ == "including":
                continue  # "condemning the takeover, including its seizure of ...": one object, spelled out
            if child.dep_ in COMPLEMENT_STOPS or (parts and child.dep_ == "prep" and child.lower_ in ADJUNCT_PREPS):
                break
            if not parts and (child.dep_ in {"advmod", "prt", "npadvmod"} or self._leading_adjunct(child, particles)):
                continue
            if not parts and child.dep_ == "prep" and child.lower_ in particles:
                objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
                parts.extend(objects)
                continue
            parts.append(child)
        if not parts:
            return None
        end = max(p.right_edge.i for p in parts) + 1
        for t in self.doc[parts[-1].i : end]:
            if self._participle_aside(t):
                end = t.i
                break
            # A time or place phrase right after a quoted phrase is the author's ("as a “national
            # embarrassment” during a stop in ..."); one on a verb inside the complement belongs to
            # what was reported ("vowed to cut taxes in his first year", "outlined her plan at
            # a forum in Denver": PolNeAR content runs to the clause's end).
            after_quote = self.doc[t.i - 1].text in {"”", '"', "''"}
            if after_quote and t.text in DASHES and not self.quoted(t):
                end = t.i  # "... to “a national joke” — a charge that stung": the author's remark
                break
            # A phrase on the quoted noun itself ("“political tensions” in advanced economies that
            # ...") narrows what was quoted: it stays.
            if after_quote and ((t.dep_ == "prep" and t.lower_ in ADJUNCT_PREPS and not self._on_quoted_noun(t))
                                or (t.dep_ == "npadvmod" and t.ent_type_ in {"DATE", "TIME"})):
                end = t.i  # "... as a “national joke” Tuesday on a radio show": the author's time
                break
        return self._trimmed(parts[0].left_edge.i, end)

    def _source_prep_quote(self, token: Token):
        for words in self.lex.source_preps:
            n = len(words)
            if token.i + n > len(self.doc):
                continue
            if tuple(t.lower_ for t in self.doc[token.i : token.i + n]) != words:
                continue
            last = self.doc[token.i + n - 1]
            objects = [c for c in last.children if c.dep_ == "pobj"]
            if not objects:
                return None
            source = objects[0]
            phrase_end = source.right_edge.i + 1
            sent = token.sent
            # "According to X, the move reeks ...": the phrase ends at its comma even when the
            # parser hangs the clause after it on X.
            comma = next((t.i for t in self.doc[source.i : phrase_end] if t.text == ","), None)
            if comma is not None and token.i <= sent.start + 1:
                phrase_end = comma
            if token.i > sent.start + 1:
                # "... , according to X." : the content is the sentence before the phrase.
                span = self._trimmed(sent.start, token.i)
            else:
                span = self._trimmed(phrase_end, sent.end)
            if span is None:
                return None
            cue = self.doc[token.i : token.i + n]
            source = self.author_of(source)
            start, end = self.speaker_span(source)
            kind, entity_id = self.resolve(source, start, end)
            return span, Attribution(cue, (start, end), kind, entity_id)
        return None

    def author_of(self, noun: Token) -> Token:
        """"according to a tweet on Monday by X", "a statement from X", "a speech X gave": the author of a vehicle
        of speech (the in_vehicle nouns) is the source; otherwise the noun is."""
        if self.lex.in_nouns.get(noun.lemma_.lower()) != "vehicle":
            return noun
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in {"by", "from"}:
                author = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if author is not None:
                    return author
        for clause in noun.rights:
            # "a speech the governor delivered": a relative clause without a pronoun, the
            # vehicle its object; its subject is the author.
            if clause.dep_ == "relcl" and not any(c.tag_ in {"WDT", "WP"} for c in clause.children):
                author = next((c for c in clause.children if c.dep_ == "nsubj" and c.i < clause.i
                               and c.pos_ in {"PROPN", "NOUN", "PRON"} and not self.quoted(c)), None)
                if author is not None:
                    return author
        return noun

    def _in_source_quote(self, token: Token):
        """"In this poll, the governor rose ...", "the governor did well in online polls", "In a
        statement, the senator was more careful": the clause the phrase hangs on is the content; a poll
        is its own source, a statement the clause subject's. A cue verb on the clause reports
        it itself ("In a statement, X said ...")."""
        noun = next((c for c in token.children if c.dep_ == "pobj"), None)
        if noun is not None and noun.lower_ == "one":
            of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            noun = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        # The lexicon lists a noun by its lemma, or by the form of an idiom ("in his eyes").
        role = (self.lex.in_nouns.get(noun.lemma_.lower()) or self.lex.in_nouns.get(noun.lower_)) \
            if noun is not None else None
        head = token.head
        if role is None or head.pos_ not in {"VERB", "AUX"} or self.is_cue_verb(head) \
                or head.lemma_.lower() in self.lex.object_verbs:
            return None
        sent = token.sent
        phrase_end = token.right_edge.i + 1
        if token.i < head.i:
            span = self._trimmed(phrase_end, min(head.right_edge.i + 1, sent.end))
        elif role == "vehicle":
            return None  # "She'll present it in a speech": where, not who says so
        else:
            # "..., he did not get a lift in the surveys": the clause from its subject.
            subject = self.subject_of(head, guess=False)
            first = subject.left_edge.i if subject is not None and subject.i < head.i else head.i
            span = self._trimmed(max(first, sent.start), token.i)
        if span is None:
            return None
        cue = self.doc[token.i : phrase_end]
        if role == "vehicle":
            owner = next((c for c in noun.children if c.dep_ == "poss"), None)
            speaker = owner or self.subject_of(head, guess=False)
            if speaker is None:
                return None
            att = self.attribution(cue[0], speaker)
            return span, Attribution(cue, att.speaker, att.speaker_kind, att.entity_id)
        start, end = self.speaker_span(noun)
        kind, entity_id = self.resolve(noun, start, end)
        return span, Attribution(cue, (start, end), kind, entity_id)

    def _trimmed(self, start_tok: int, end_tok: int) -> tuple[int, int] | None:
        while start_tok < end_tok and (self.doc[start_tok].is_punct or self.doc[start_tok].is_space):
            start_tok += 1
        while end_tok > start_tok and (self.doc[end_tok - 1].is_punct or self.doc[end_tok - 1].is_space) \
                and self.doc[end_tok - 1].text not in {"”", '"', ")", "%"}:
            end_tok -= 1  # not a closing mark or bracket, nor the sign of a percentage ("to 0.8%")
        if end_tok <= start_tok:
            return None
        return self.doc[start_tok].idx, self.doc[end_tok - 1].idx + len(self.doc[end_tok - 1])

    def within_paragraph(self, start: int, end: int, cue: int) -> tuple[int, int]:
        """A reported clause stays in its cue's paragraph: the parser can run a sentence on
        over a paragraph break (a heading, a quotation starting the next paragraph)."""
        p_start, p_end = self._paragraph_bounds(self.paragraph_of(cue))
        start, end = max(start, p_start), min(end, p_end)
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    def whole_quotations(self, start: int, end: int) -> tuple[int, int]:
        """A report never ends inside a quotation: the parser often ends a clause at a comma
        within the marks (“pants on fire,”); the report runs to the closing mark."""
        last = self.quotation_at(end - 1)
        # Ending on the opening mark counts ("she recalled thinking, “"): the parser cut the
        # clause at the comma before the quotation it introduces; so does ending on the last
        # word inside the marks (the parser hangs the closing mark on the verb).
        if last is not None and self.quotations[last].open < end <= self.quotations[last].end:
            q = self.quotations[last]
            end = q.close + (2 if self.text.startswith("''", q.close) else 1) if q.close < len(self.text) \
                and self.text[q.close] in "”\"'" else q.end
        first = self.quotation_at(start)
        if first is not None and start == self.quotations[first].start and end > self.quotations[first].close:
            # Trimming punctuation took the opening mark off a report that opens with a quoted
            # phrase (“fraud” lead ...): the marks on both sides or neither.
            start = self.quotations[first].open
        return start, end

    def before_aside(self, start: int, end: int) -> int:
        """End of a reported clause before a trailing non-restrictive relative clause
        (", who says she is grateful", ", which sets him apart") or a description of a name
        (", the presumed favorite"): the author's aside about a noun of the report, not part
        of what was reported."""
        span = self.tokens_between(start, end)
        if span is None:
            return end
        for t in span:
            if t.head.i < span.start or self.quoted(t):
                continue
            first = t.left_edge
            relative = t.dep_ == "relcl" and first.lower_ in {"which", "who"}
            # ", a former governor ...": a description the author adds to a name at the end.
            described = t.dep_ == "appos" and t.head.pos_ == "PROPN" and t.head.i < first.i
            if (relative or described) and first.i > span.start and self.doc[first.i - 1].text == "," \
                    and t.right_edge.i >= span.end - 2:
                if any(not self.is_title(qi) for qi in self._quotations_within(first.idx, end)):
                    # "..., which is a problem because, “...”": an aside quoting the source is the
                    # source's, not the author's (a title in quotation marks quotes no one).
                    return end
                return self._trimmed(span.start, first.i - 1)[1] if first.i - 1 > span.start else end
        return end

    def through_colon(self, end: int, cue: int) -> int:
        """A report ending at a colon goes on with what the colon announces ("X notes two trends
        meet: ticket sales fall, costs climb"), to the end of that sentence in the paragraph; not
        when a quotation follows (it has its own attribution)."""
        m = re.match(r"[ \t]*:[ \t]+(?=[^\s“\"'‘])", self.text[end : end + 6])
        if m is None or end <= cue:
            return end
        p_end = self._paragraph_bounds(self.paragraph_of(end))[1]
        stop = re.search(r"[.!?](?=[\s”\"]|$)", self.text[end + m.end() : p_end])
        return end + m.end() + stop.start() if stop else p_end

    def _quotes_in_phrase(self, token: Token) -> bool:
        """A quotation opens inside the token's phrase (its subtree)."""
        return bool(self._quotations_within(token.left_edge.idx, token.right_edge.idx + len(token.right_edge)))

    def _quotations_within(self, start: int, end: int) -> list[int]:
        i = bisect_right(self.q_opens, start - 1)
        out = []
        while i < len(self.quotations) and self.quotations[i].open < end:
            out.append(i)
            i += 1
        return out

    def _words_outside(self, start: int, end: int, inside: list[int]) -> bool:
        pos = start
        for q in map(self.quotations.__getitem__, inside):
            if any(c.isalnum() for c in self.text[pos : q.open]):
                return True
            pos = q.close + 1
        return any(c.isalnum() for c in self.text[pos:end])

    # --- pass 4: continuations -----------------------------------------------------------

    def stands_alone(self, qi: int) -> bool:
        """The quotation is a sentence of its own, not a phrase quoted inside one."""
        q = self.quotations[qi]
        p_start, _ = self._paragraph_bounds(q.paragraph)
        before = self.text[p_start : q.open].rstrip()
        return not before or before.endswith((".", "!", "?", ":", "”", '"'))

    def continuation(self, q: Quotation, by_paragraph) -> Attribution | None:
        here = by_paragraph.get(q.paragraph, [])
        # A quotation continues the last quotation's speaker before any report in between
        # ("“...?” asked an official, who spoke about the company. “The answer ...”").
        before = [(att, quoted) for pos, att, quoted in here if pos < q.start]
        if before and not before[-1][1] and self._reports_sentence(before[-1][0], q):
            # The sentence just before reports someone else in a main clause of its own
            # ("“A,” X said. Y warned there was a risk. “B.”"): B is Y's.
            return _continued(before[-1][0])
        utterance = self.text[q.start : q.start + 1].isupper()
        earlier = [att for att, quoted in before if quoted] or [
            att for _, att, _ in (self._handing_on([(0, att, quoted) for att, quoted in before])
                                  if utterance else [(0, att, quoted) for att, quoted in before])]
        if earlier:
            return _continued(earlier[-1])
        p_start, p_end = self._paragraph_bounds(q.paragraph)
        if here and utterance:
            here = self._handing_on(here)
            if not here:
                return None  # only a thing's report around it: better no speaker than "which"
        if here:
            previous = self._previous(q, by_paragraph)
            if not here[0][2] and previous and all(
                    self.quotation_at(i) is not None for i in range(p_start, q.open) if self.text[i].isalnum()):
                # A paragraph opening with a quotation, the reporter's narrative after it: the
                # later report is the narrative's, the quotation goes on from the paragraph before.
                return _continued(previous[-1][1])
            return _continued(here[0][1])
        if not self._only_quotation(q.paragraph, p_start, p_end) and not (utterance and all(
                self.quotation_at(i) is not None for i in range(p_start, q.open) if self.text[i].isalnum())):
            # Neither a paragraph of quotations only nor one that opens with quotations, the
            # author's narrative after them ("“… this Six Nations.” England have lost ...").
            return None
        previous = self._previous(q, by_paragraph)
        if previous:
            return _continued(previous[-1][1])
        return None

    def _previous(self, q: Quotation, by_paragraph):
        """The attributions of the paragraph before ``q``'s that can go on to it; for a paragraph
        of quotations with none, the speaker those quotations went on from."""
        previous = self._handing_on(by_paragraph.get(q.paragraph - 1))
        if not previous and q.paragraph - 1 in self.carried:
            return [(0, self.carried[q.paragraph - 1], True)]
        return previous

    def _handing_on(self, rows):
        """A paragraph's attributions that can go on to a quotation after it: not a thing's,
        reported in a relative clause ("... the chart show, which suggests the show may move")."""
        if not rows:
            return rows
        return [r for r in rows if r[1].speaker is None
                or self.text[r[1].speaker[0] : r[1].speaker[1]].lower() not in {"which", "that"}]

    def _reports_sentence(self, att: Attribution, q: Quotation) -> bool:
        """The attribution is the main report of the sentence right before the quotation, with
        its speaker named or described there."""
        cue = att.cue
        if cue is None or att.speaker is None or att.speaker_kind not in {"name", "description"}:
            return False
        if cue.root.dep_ != "ROOT" or cue.sent.end_char > q.open:
            return False
        return not self.text[cue.sent.end_char : q.open].strip()

    def named_before(self, qi: int) -> Attribution | None:
        """A quotation standing alone with no report anywhere in its paragraph, after a sentence
        whose subject is a person named ("Sen. X identified voters' fatigue as a reason. “...”"):
        the news convention of a paraphrase, then the person's own words. None otherwise."""
        q = self.quotations[qi]
        before = self.tokens_between(self._paragraph_bounds(q.paragraph)[0], q.open)
        if before is None or not len(before) or before[-1].text not in SENTENCE_END:
            return None
        root = before[-1].sent.root
        if root.pos_ not in {"VERB", "AUX"} or self.quoted(root) or root.i < before.start:
            return None
        subject = self.subject_of(root, guess=False)
        if subject is None or subject.ent_type_ != "PERSON" or subject.pos_ != "PROPN" or self.quoted(subject):
            return None
        return _continued(self.attribution(root, subject))

    def _only_quotation(self, paragraph: int, p_start: int, p_end: int) -> bool:
        pos = p_start
        for q in self.quotations:
            if q.paragraph != paragraph:
                continue
            if any(c.isalnum() for c in self.text[pos : q.open]):
                return False
            pos = q.close + 1
        return not any(c.isalnum() for c in self.text[pos:p_end])

    # --- transcripts ---------------------------------------------------------------------

    def label_before(self, qi: int) -> Attribution | None:
        """"- Manchester City boss Kevin Keegan: “We had a great chance ...”": a paragraph opening
        with a phrase naming a person, a colon and the quotation (a list of reactions) is that
        person's, the colon its cue. The phrase holds a person's name, which tells it from a
        heading ("The verdict: “...”"), and no verb ("Mr Frost added: “...”" has its cue)."""
        q = self.quotations[qi]
        p_start = self._paragraph_bounds(q.paragraph)[0]
        m = LABELLED_QUOTE.match(self.text, p_start, q.open)
        if m is None or m.end() != q.open:
            return None
        start, end = m.span(1)
        people = [(s, e, entity_id) for s, e, label, entity_id in self.mentions if label == "PERSON" and start <= s and e <= end]
        phrase = self.doc.char_span(start, end, alignment_mode="expand")
        if not people or phrase is None or any(t.pos_ in {"VERB", "AUX"} for t in phrase):
            return None  # "Mr Frost added: “...”" is the cue's, found as usual
        colon = self.doc.char_span(m.end(1), m.end(1) + 1, alignment_mode="expand")
        return Attribution(colon, (start, end), "name", people[-1][2])

    def transcript_turns(self) -> tuple[list[dict], set[int]]:
        """``NAME: what they said`` paragraphs, also inside quotation marks; returns the rows
        and the quotations they replace. A label must recur in the article, which tells a
        transcript from a one-off heading such as ``UPDATE:``."""
        labels = list(SPEAKER_LABEL.finditer(self.text))
        counts: dict[str, int] = {}
        for m in labels:
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
        rows, labelled = [], set()
        for m in labels:
            if counts[m.group(1)] < 2:
                continue
            start = m.end()
            qi = self.quotation_at(start)
            if qi is not None:
                labelled.add(qi)
                end = self.quotations[qi].end
            else:
                end = self._paragraph_bounds(self.paragraph_of(start))[1]
                while end > start and self.text[end - 1].isspace():
                    end -= 1
            if end <= start:
                continue
            cue = self.doc.char_span(m.end(1), m.end(1) + 1, alignment_mode="expand")
            speaker = (m.start(1), m.end(1))
            rows.append(self.row("direct", start, end, Attribution(cue, speaker, "name", self.entity_id(*speaker))))
        return rows, labelled

    def headline_claim(self) -> list[dict]:
        """``Name: what they claim`` as the article's first line, the headline convention
        ("Sanders: Clinton needs a new plan ...", "Poll: Clinton and Trump tied ..."): the words
        before the colon must be a name or a source noun ("poll"), so a headline's topic
        ("Storm Over Taxes: ...", "The Latest: ...") is not taken for a speaker."""
        m = HEADLINE_CLAIM.match(self.text)
        if m is None or "\n" in m.group(0):
            return self.headline_quote()
        label = m.group(1)
        # A name: tagged as one, or named again in the story (the tagger often misses a bare
        # surname opening a headline; a topic phrase does not recur, and one opening with a
        # function word, "The Latest", is no name).
        named = any(e.start_char == 0 and e.end_char == len(label) and e.label_ in {"PERSON", "ORG"} for e in self.doc.ents) \
            or (not self.doc[0].is_stop and re.search(rf"\b{re.escape(label)}\b", self.text[m.end():]) is not None)
        if not named and self.lex.in_nouns.get(label.lower()) != "source":
            return self.headline_quote()
        start, end = m.start(2), m.end(2)
        while end > start and self.text[end - 1] in ". ":
            end -= 1
        cue = self.doc.char_span(m.end(1), m.end(1) + 1, alignment_mode="expand")
        if cue is None or end <= start:
            return []
        speaker = (0, len(label))
        kind = "name" if named else "description"
        return [self.row("indirect", start, end, Attribution(cue, speaker, kind, self.entity_id(*speaker) if named else None))]

    def headline_quote(self) -> list[dict]:
        """A first line ``<words naming a person>: ‘<quotation>’``: the quotation is what the
        first person named before the colon said (a headline's topic names nobody)."""
        m = HEADLINE_QUOTE.match(self.text)
        if m is None:
            return []
        person = next((e for e in self.doc.ents if e.label_ == "PERSON" and e.end_char <= m.end(1)), None)
        if person is None:
            return []
        start, end = m.start(2), m.end(2)
        while end > start and self.text[end - 1] in ".!? ":
            end -= 1
        start, end = start + 1, end - 1  # inside the marks, as every direct quote
        while end > start and self.text[end - 1] in ", ":
            end -= 1
        cue = self.doc.char_span(m.end(1), m.end(1) + 1, alignment_mode="expand")
        if cue is None or end <= start:
            return []
        speaker = (person.start_char, person.end_char)
        return [self.row("direct", start, end, Attribution(cue, speaker, "name", self.entity_id(*speaker)))]

    # --- output --------------------------------------------------------------------------

    def row(self, kind: str, start: int, end: int, att: Attribution | None) -> dict:
        cue = att.cue if att else None
        speaker = att.speaker if att else None
        return {
            "kind": kind,
            "text": self.text[start:end],
            "start_char": start,
            "end_char": end,
            "cue": cue.text if cue is not None else None,
            "cue_start": cue.start_char if cue is not None else None,
            "cue_end": cue.end_char if cue is not None else None,
            "speaker": self.text[speaker[0] : speaker[1]] if speaker else None,
            "speaker_start": speaker[0] if speaker else None,
            "speaker_end": speaker[1] if speaker else None,
            "speaker_entity_id": att.entity_id if att else None,
            "speaker_kind": att.speaker_kind if att else "none",
        }


def _nominal(token: Token) -> bool:
    """A noun or pronoun, or a name the tagger read as another part of speech ("Trump
    openly admires ..." tagged as a verb): the entity recogniser still knows it."""
    return token.pos_ in {"PROPN", "NOUN", "PRON"} or token.ent_type_ in NAME_LABELS


def _continued(att: Attribution) -> Attribution:
    return Attribution(att.cue, att.speaker, "continuation" if att.speaker else "none", att.entity_id)


def _mentions(doc: Doc) -> list[tuple[int, int, str, str | None]]:
    """(start, end, label, entity_id) sorted by start, from the entities component's mentions
    when it ran, else from ``doc.ents`` with the lower-cased text as a stand-in id."""
    if doc._.dl_mentions:
        rows = [(m["start_char"], m["end_char"], m["label"], m.get("entity_id")) for m in doc._.dl_mentions]
    else:
        rows = [(e.start_char, e.end_char, e.label_, e.text.lower()) for e in doc.ents]
    return sorted(rows)


TITLE_GENDER = {"mr.": "male", "mr": "male", "mrs.": "female", "mrs": "female", "ms.": "female", "ms": "female"}


def _genders(doc: Doc, mentions, first_names: dict[str, str]) -> dict[str, str]:
    """Gender per entity id from a title right before one of its mentions (Mr./Mrs./Ms.),
    else from the first name of a full-name mention ("Hillary Clinton"), else from a person
    the article only names by a first name ("Gloria", a child in a court report)."""
    genders, by_name, by_given_name = {}, {}, {}
    text = doc.text  # built from the tokens on every access: once per document
    for start, end, label, entity_id in mentions:
        if label != "PERSON" or entity_id is None:
            continue
        words = text[start:end].split()
        if words and words[0].lower() in first_names:
            (by_name if len(words) > 1 else by_given_name).setdefault(entity_id, first_names[words[0].lower()])
        span = doc.char_span(max(0, start - 5), start, alignment_mode="expand")
        if span is None:
            continue
        for t in span:
            if t.lower_ in TITLE_GENDER:
                genders.setdefault(entity_id, TITLE_GENDER[t.lower_])
    return {**by_given_name, **by_name, **genders}  # a title outranks a full name, which outranks a lone word
