"""Who does what a cue verb says: an ordered tuple of named strategies, the first that decides wins.

A strategy takes the document's rules (``ctx``) and the verb and returns a ``Subject`` when it
decides (its token None when it decides that nobody is named) or None to pass to the next one.
``PARSED`` read the subject from the parse; ``GUESSED`` guess a nominal next to the verb when
the parse has none, and run only when a guess is wanted.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from transforms.labels import DASHES
from transforms.quotes.marks import SENTENCE_END
from transforms.quotes.words import CLOSING_MARKS, HANDS_OVER, MIN_FREE_WORDS, NO_SPEAKER_WORDS, SUBJECT_DEPS


@dataclass(frozen=True)
class Subject:
    token: Token | None
    # No subject, only a nominal after the verb that is whom it addresses ("urged Texans to
    # ..."): a report may still stand, its speaker unnamed.
    addressed: bool = False


NOBODY = Subject(None)


def find_subject(ctx, verb: Token, guess: bool = True) -> Subject:
    for strategy in PARSED + (GUESSED if guess else ()):
        found = strategy(ctx, verb)
        if found is not None:
            return found
    return NOBODY


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def _before(verb: Token) -> Token | None:
    return verb.nbor(-1) if verb.i > 0 else None


def passive_agent(ctx, verb: Token) -> Subject | None:
    """"X was accused of ...", "Asked about X, ...": the passive subject is the target; the
    speaker is the agent ("by Y") or nobody named."""
    if not ctx._passive(verb):
        return None
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    objects = [c for c in agent.children if c.dep_ == "pobj"] if agent is not None else []
    return Subject(objects[0] if objects else None)


def inverted_aside(ctx, verb: Token) -> Subject | None:
    named = ctx._named_aside(verb)
    return None if named is None else Subject(named)


def doer_after_with(ctx, verb: Token) -> Subject | None:
    """"with many expecting rates to rise": the word between "with" and the participle, however
    the parser hung it, is who does it."""
    if verb.dep_ == "pcomp" and verb.head.lower_ == "with" and verb.tag_ == "VBG":
        doer = next((c for c in verb.children if verb.head.i < c.i < verb.i and c.dep_ in {"amod", "nsubj", "npadvmod", "dep"}
                     and c.pos_ in {"NOUN", "PROPN", "PRON", "ADJ"}), None)
        if doer is not None:
            return Subject(doer)
    return None


def name_before_participle(ctx, verb: Token) -> Subject | None:
    """"clips of Maria Lopez asking, “...”": a name right before a participle is who does it,
    however the parser attached the participle."""
    before = _before(verb)
    if verb.tag_ == "VBG" and before is not None and before.ent_type_ == "PERSON" and before.pos_ == "PROPN" \
            and not _own_subject(verb) and not ctx.quoted(before):
        return Subject(before)
    return None


def object_of_perception(ctx, verb: Token) -> Subject | None:
    """"The crisis left many nations feeling that ...", "a video shows him saying ...": the
    object of a verb of perception or causing is the participle's subject."""
    before = _before(verb)
    if verb.tag_ == "VBG" and not _own_subject(verb) and before is not None and before.dep_ == "dobj" \
            and before.head.i == verb.head.i and verb.head.lemma_.lower() in ctx.lex.verb_class("object_control") \
            and before.pos_ in {"NOUN", "PROPN", "PRON"} and not ctx.quoted(before):
        return Subject(before)
    return None


def reporter_of_closing_participle(ctx, verb: Token) -> Subject | None:
    """"Analysts said prices have risen, citing ...": a participle closing a reported clause
    after a comma goes with the reporting clause, whose subject does the citing."""
    if not (verb.tag_ == "VBG" and verb.dep_ == "advcl" and not _own_subject(verb) and verb.left_edge.i > 0
            and ctx.doc[verb.left_edge.i - 1].text == ","):
        return None
    clause = verb.head
    for _ in range(4):
        if clause.dep_ == "ccomp" and clause.head.i < clause.i and ctx.is_cue_verb(clause.head):
            reporter = ctx.subject_of(clause.head, guess=False)
            if reporter is not None:
                return Subject(reporter)
            break
        if clause.dep_ == "acl" and clause.head.dep_ == "dobj" and clause.head.head.pos_ == "VERB" \
                and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
            # Repair ``participle_after_noun_clause``: "X denied the claim that A was planned,
            # arguing ...": a noun's that-clause is reported too; the verb taking the noun reports it.
            reporter = ctx.subject_of(clause.head.head, guess=False)
            if reporter is not None:
                return Subject(reporter)
            break
        # Up through "it was too early to speculate" too (an infinitive on an adjective).
        if clause.dep_ not in {"ccomp", "xcomp", "conj", "acomp"}:
            break
        clause = clause.head
    return None


def participle_on_quotation(ctx, verb: Token) -> Subject | None:
    """Repair ``participle_on_quotation``: a participle the parser hung on a verb inside the
    quotation it introduces ("Band member X shared the news, writing “Feels great ...”",
    "Emphasizing the urgency, X said, “If we ...”") is done by the subject of the author's
    clause around it: the nearest verb outside quotation marks with a subject of its own, before
    the participle when a comma sets it off after that clause, after it when it opens the sentence."""
    if verb.tag_ != "VBG" or _own_subject(verb) or ctx.quoted(verb) or not ctx.quoted(verb.head) \
            or verb.head.i == verb.i:
        return None
    sent = verb.sent
    opens = verb.i == sent.start or all(t.is_punct or t.is_space for t in ctx.doc[sent.start : verb.i])
    if opens:
        candidates = ctx.doc[verb.i + 1 : sent.end]
    elif verb.i > 0 and ctx.doc[verb.i - 1].text == ",":
        candidates = reversed(ctx.doc[sent.start : verb.i - 1])
    else:
        return None
    for v in candidates:
        if v.pos_ not in {"VERB", "AUX"} or ctx.quoted(v):
            continue
        subject = next((c for c in v.children if c.dep_ in SUBJECT_DEPS and not ctx.quoted(c) and c.text[0].isalnum()), None)
        if subject is not None:
            return Subject(subject) if subject.pos_ in {"PROPN", "NOUN", "PRON"} else None
    return None


def clause_subject(ctx, verb: Token) -> Subject | None:
    """The subject of the verb's clause, up through coordination and control."""
    return climb(ctx, verb)[1]


def noun_before_with_participle(ctx, verb: Token) -> Subject | None:
    if verb.dep_ == "acl" and verb.head.dep_ == "pobj" and verb.head.head.lower_ == "with":
        return Subject(verb.head)  # "with officials saying ...": the noun is the participle's subject
    return None


def user_of_means(ctx, verb: Token) -> Subject | None:
    """"Trump unleashed tweets criticizing X", "she said at a news conference announcing X":
    the thing doing the reporting is the means; its user is the speaker."""
    if not (verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ == "NOUN" and not verb.head.ent_type_):
        return None
    holder = verb.head
    for _ in range(4):  # up through "a series of", "at a news conference"
        if holder.head.i == holder.i or holder.pos_ not in {"NOUN", "ADP"}:
            break
        holder = holder.head
    if holder.pos_ in {"VERB", "AUX"}:
        subject = ctx.subject_of(holder, guess=False)
        if subject is not None:
            return Subject(subject)
    return None


def possessor(ctx, verb: Token) -> Subject | None:
    """"its refusal to comment on ...": the possessor does what the noun names."""
    owner = next((c for c in verb.head.children if c.dep_ == "poss"), None) if verb.dep_ == "acl" else None
    if owner is not None and verb.head.i < verb.i and not ctx.quoted(owner) \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return Subject(owner)
    return None


def reporter_before_participle(ctx, verb: Token) -> Subject | None:
    """"X said, suggesting ...": a participle right after a reporting clause and its comma is
    that clause's subject's, wherever the parser hung it (on the verb of a quotation after it,
    say)."""
    gerund = verb
    while gerund.dep_ == "xcomp" and gerund.head.i < gerund.i and gerund.head.tag_ in {"VB", "VBG"}:
        gerund = gerund.head  # "X said, going on to say ...": the participle the infinitive hangs on
    if gerund.tag_ == "VBG" and gerund.i > 1 and ctx.doc[gerund.i - 1].text == "," \
            and ctx.doc[gerund.i - 2].pos_ == "VERB" and not ctx.quoted(ctx.doc[gerund.i - 2]):
        subject = ctx.subject_of(ctx.doc[gerund.i - 2], guess=False)
        if subject is not None:
            return Subject(subject)
    return None


def participle_opening_tag(ctx, verb: Token) -> Subject | None:
    """Repair ``participle_opening_tag``: a sentence that is only a participle and its quotation
    ("X spoke of the race. Adding, “...”") goes on from the sentence before it in the paragraph:
    that sentence's subject speaks."""
    if verb.tag_ != "VBG" or _own_subject(verb) or verb.i < 2 or verb.i != verb.sent.start:
        return None
    after = ctx.doc[verb.i + 1] if verb.i + 1 < len(ctx.doc) else None
    if after is None or after.text not in {",", ":"}:
        return None
    previous = ctx.doc[verb.i - 1].sent
    if ctx.paragraph_of(previous.root.idx) != ctx.paragraph_of(verb.idx) or ctx.quoted(previous.root):
        return None
    subject = ctx.subject_of(previous.root, guess=False)
    if subject is None or ctx.quoted(subject) or subject.pos_ not in {"PROPN", "NOUN", "PRON"} \
            or ctx.paragraph_of(subject.idx) != ctx.paragraph_of(verb.idx) \
            or subject.lower_ in NO_SPEAKER_WORDS:
        return None
    return Subject(subject)


def nominal_before(ctx, verb: Token) -> Subject | None:
    """A broken parse ("Huawei's founder, Ren Zhengfei, said ...", subject attached elsewhere):
    the nominal right before the verb. A participle's subject is its clause's, right before that
    verb, not the noun before the comma (", encouraging ..."); with none, nobody is named."""
    v = climb(ctx, verb)[0]
    participle = verb.tag_ == "VBG" and verb.dep_ == "advcl" and v.i < verb.i
    if participle:
        verb = v
    left = verb.nbor(-1) if verb.i > 0 else None
    crossed_comma = False
    while left is not None and left.i > 0 and left.text != "”" and (
            left.is_punct or (left.i < left.head.i <= verb.i and left.dep_ in {"aux", "auxpass", "advmod", "neg"})):
        crossed_comma = crossed_comma or left.text == ","
        left = left.nbor(-1)  # past the verb's auxiliaries and adverbs: "X is once again ..."
    if crossed_comma and left is not None:
        # "Size, whose album won the Mercury Prize, said ...": the noun before the comma ends a
        # relative clause set off by commas; the subject is the noun the clause is about.
        opening = next((t for t in reversed(ctx.doc[verb.sent.start : left.i]) if t.text == ","), None)
        if opening is not None and opening.i + 1 < left.i and ctx.doc[opening.i + 1].lower_ in {"whose", "who", "which"} \
                and opening.i > verb.sent.start:
            left = ctx.doc[opening.i - 1]
    if left is not None and verb.tag_ != "VBG":
        left = _past_aside(ctx, left, verb, crossed_comma)
    if verb.tag_ == "VBG" and crossed_comma and left is not None and left.dep_ not in SUBJECT_DEPS:
        # "..., when pressed after the hearing, asserting ...": the noun ending the phrase before
        # the comma is no subject of the participle ("Smith, citing ..., said" is).
        left = None
    if left is not None and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and verb.i >= 2 \
            and ctx.doc[verb.i - 1].lower_ == "to" and left.i == verb.i - 2 \
            and not ctx._quotes_in_phrase(verb):
        # "another name to describe their cheeses", "in a position to offer her knowledge":
        # the noun before an infinitive is what it is for, not who does it. Quoted words after
        # it are still someone's ("the board the power to call a “snap meeting”").
        left = None
    if left is not None and left.pos_ in {"PROPN", "NOUN", "PRON"} and not ctx.quoted(left) \
            and left.text[0].isalnum() \
            and left.ent_type_ not in {"DATE", "TIME"} and left.tag_ != "EX" \
            and ctx.paragraph_of(left.idx) == ctx.paragraph_of(verb.idx):
        return Subject(left)
    if participle:
        return NOBODY  # "there are economists who ..., assuming ...": no inversion to guess from
    return None


ASIDE_OPENERS = {"VBG", "IN"}  # "X, waving a copy of the audit, said"; "X, in a bid to ..., wrote"


def _past_aside(ctx, left: Token, verb: Token, crossed_comma: bool) -> Token:
    """Repair ``speaker_before_aside``: the noun right before a verb with no parsed subject ends
    a phrase describing the speaker, not the speaker: a relative clause with no commas ("a
    nurse who spoke to explain the cuts said" -> nurse),
    or a participle, prepositional or (after a name) appositive phrase set off by commas ("Rep.
    Ortiz (R-Tex.), waving a copy of the audit, said" -> Ortiz). The noun the phrase describes is
    the subject."""
    if ctx.quoted(left) or left.pos_ not in {"NOUN", "PROPN"} \
            or any(t.text in SENTENCE_END or t.text in {":", ";"} for t in ctx.doc[left.i + 1 : verb.i]):
        return left
    if not crossed_comma:
        node = left
        while node.head.i != node.i and node.head.i < verb.i:
            if node.dep_ == "relcl" and node.head.i < node.i and node.right_edge.i < verb.i \
                    and node.left_edge.i == node.head.i + 1 and node.left_edge.tag_ in {"WP", "WDT", "WP$"} \
                    and not any(t.is_punct for t in ctx.doc[node.head.i : verb.i]):
                return _described(ctx, node.head, verb) or left  # no commas: the clause runs into the verb
            node = node.head
        return left
    opening = next((t for t in reversed(ctx.doc[verb.sent.start : left.i]) if t.text == ","), None)
    if opening is None or opening.i <= verb.sent.start or opening.i + 1 >= left.i:
        return left
    first = ctx.doc[opening.i + 1]
    if first.pos_ == "ADV" and opening.i + 2 < left.i:
        first = ctx.doc[opening.i + 2]  # "X, again citing ..., said"
    named = ctx.doc[opening.i - 1]
    # An appositive after a name ("Tom Reyes, the chief executive of the harbour board, said")
    # is an aside about the name too: the name is the speaker, not the noun ending the aside.
    appositive = first.pos_ == "DET" and named.pos_ == "PROPN" and named.ent_type_ in {"PERSON", "ORG", "NORP"}
    if (first.tag_ not in ASIDE_OPENERS and not appositive) or first.lower_ in {"including", "like", "with"} \
            or any(t.text in {"“", "”", '"'} or (t.dep_ in SUBJECT_DEPS and t.head.i == first.i)
                   for t in ctx.doc[opening.i + 1 : left.i + 1]):
        return left  # "X, including Y, worry": Y is one of the subject, no aside about it
    if named.text == ")":  # "Rep. Ortiz (R-Tex.), waving ...": past the bracketed party label
        bracket = next((t for t in reversed(ctx.doc[verb.sent.start : named.i]) if t.text == "("), None)
        named = ctx.doc[bracket.i - 1] if bracket is not None and bracket.i > verb.sent.start else named
    return _described(ctx, named, verb) or left


def _described(ctx, noun: Token, verb: Token) -> Token | None:
    """The noun an aside describes, as a speaker: a noun or name heading its phrase (not the
    object of a preposition, "the nurses questioned for this survey"), no date or place; an
    appositive gives way to the name it renames ("Nate Lee, the polling guru who ...", not "the
    team, an official who ...")."""
    while noun.dep_ == "appos" and noun.head.i < noun.i and noun.head.pos_ == "PROPN":
        noun = noun.head
    if noun.pos_ not in {"PROPN", "NOUN"} or noun.dep_ == "pobj" or ctx.quoted(noun) or noun.sent != verb.sent \
            or noun.ent_type_ in {"DATE", "TIME", "GPE", "LOC"}:
        return None
    return noun


def nominal_after(ctx, verb: Token) -> Subject | None:
    """An inversion ("“...,” said X", "..., says X"): the nominal right after the verb, unless
    it is whom the verb addresses."""
    before = verb.i - 1
    while before > 0 and ctx.doc[before].is_space and "\n" not in ctx.doc[before].text:
        before -= 1  # a no-break space before the verb ("”\xa0added X")
    # Right after a quotation's close, words handed over (“...,” said X; “... .” added X).
    tag = before > 0 and ctx.doc[before].text in CLOSING_MARKS \
        and ctx.doc[before - 1].text.endswith(HANDS_OVER + (".",))
    right = verb.nbor(1) if verb.i + 1 < len(ctx.doc) else None
    if right is None or right.pos_ not in {"PROPN", "DET", "ADJ"} | ({"NUM"} if tag else set()) or ctx.quoted(right):
        return None
    head = right
    while head.dep_ in {"compound", "det", "amod", "flat"} | ({"nummod", "poss"} if tag else set()) and head.head.i > head.i:
        head = head.head
    # "urged Texans to read the audit ...", "offering a few remarks": the verb's object, with
    # a complement after it, is whom it addresses, not a speaker. In a tag, a participle set
    # off by a comma ("“...,” added Murphy, referring to ...") is the speaker's aside.
    addressed = head.head.i == verb.i and head.dep_ in {"dobj", "dative"} and any(
        c.i > head.i and c.dep_ in {"xcomp", "ccomp", "oprd", "prep", "dobj", "advcl"}
        and not (tag and c.dep_ == "advcl" and ctx.doc[c.left_edge.i - 1].text == ",") for c in verb.children)
    # A speaker comes after its verb only in an inversion set off by punctuation
    # ("“...,” said X", "..., says X"); after "to embrace", "and accuse" it is the object.
    addressed = addressed or verb.i == 0 or not ctx.doc[before].is_punct
    # A closing mark sets it off only after words handed over ("“...,” said X"); after a
    # quoted term (the “new threat” demands new laws) the term is the verb's subject.
    addressed = addressed or (ctx.doc[before].text in CLOSING_MARKS and not tag)
    # The nominal after a participle is its object ("..., raising two doubts").
    addressed = addressed or verb.tag_ == "VBG"
    # In a tag, a pronoun-like word heads the speaker phrase ("“...,” read one", "tweeted
    # another", "asked the 43-year-old").
    standalone = tag and head.pos_ in {"DET", "NUM", "ADJ"} and head.head.i == verb.i \
        and head.dep_ in {"nsubj", "dobj", "npadvmod", "attr", "dep", "advmod"}
    if head.pos_ in {"PROPN", "NOUN"} or standalone:
        return Subject(None, addressed=True) if addressed else Subject(head)
    return None


# Words of a speaker phrase in a tag, however the parser tagged them ("retired" and "ranking"
# read as verbs in "said retired surgeon Ben Carson", "Oversight ranking Democrat ...").
_TAG_WORDS = {"PROPN", "NOUN", "ADJ", "DET", "NUM", "PRON"}


def _tag_phrase_head(ctx, first: Token, verb: Token) -> Token | None:
    """The head of the speaker phrase starting at ``first``: its last name (PROPN), else its
    last noun or pronoun-like word; None when ``first`` starts no such phrase."""
    run: list[Token] = []
    t = first
    while t.i < len(ctx.doc) and len(run) < 8 and t.i != verb.i and not ctx.quoted(t):
        glued = (t.text == "-" and not t.whitespace_ and run and not run[-1].whitespace_) or (t.tag_ == "POS" and run)
        titled = t.is_title and t.pos_ == "AUX" and t.tag_ == "MD"  # "Will wrote": a name read as a modal
        participle = t.tag_ in {"VBN", "VBG"} and t.i + 1 < len(ctx.doc) and ctx.doc[t.i + 1].pos_ in _TAG_WORDS and run == [] \
            or (t.tag_ in {"VBN", "VBG"} and run and t.i + 1 < len(ctx.doc) and ctx.doc[t.i + 1].pos_ in {"PROPN", "NOUN"})
        named = t.ent_type_ in {"PERSON", "ORG", "NORP"} and t.is_title  # "said Skelly" read as an adverb
        if not (t.pos_ in _TAG_WORDS or glued or titled or participle or named) or "\n" in t.text \
                or t.tag_ in {"WP", "WDT", "WP$"}:  # a relative clause describes the speaker
            break
        run.append(t)
        t = ctx.doc[t.i + 1] if t.i + 1 < len(ctx.doc) else t
        if t.i == run[-1].i:
            break
    while run and (run[-1].ent_type_ in {"DATE", "TIME"} or run[-1].is_punct or run[-1].tag_ == "POS"):
        run.pop()  # "said Smith Tuesday": the day is no part of the name
    # The phrase's last word heads it ("the three-time world sculling champion", "retired surgeon
    # Ann Pryor"), however the parser hung its words.
    head = run[-1] if run else None
    if head is None or head.lower_ in NO_SPEAKER_WORDS \
            or head.ent_type_ in {"DATE", "TIME"}:
        return None
    return head


def speaker_in_tag(ctx, verb: Token) -> Subject | None:
    """Repair ``speaker_in_tag``: the tag after a quotation handing over names its speaker
    whatever the parser made of the name ("“...,” Ramos, 58, told AFP", "“...,” said retired
    surgeon Ben Carson, asked about ...", "“...,” tweeted another"): the phrase right after
    the closing mark, or right after the verb when the verb comes first."""
    mark = verb.i - 1
    while mark > verb.sent.start and verb.i - mark <= 12 and ctx.doc[mark].text not in CLOSING_MARKS \
            and "\n" not in ctx.doc[mark].text:
        mark -= 1
    if mark < 1 or ctx.doc[mark].text not in CLOSING_MARKS:
        return None
    qi = ctx.quotation_at(ctx.doc[mark].idx)
    if qi is None or ctx.quotations[qi].close != ctx.doc[mark].idx:
        return None
    inner = ctx.text[ctx.quotations[qi].start : ctx.quotations[qi].end].rstrip().rstrip("’‘'”\"")
    if not inner.endswith(HANDS_OVER) or ctx.is_title(qi) \
            or not (ctx.words(ctx.quotations[qi]) >= MIN_FREE_WORDS or ctx.stands_alone(qi)):
        return None  # a title or a term quoted inside the author's sentence hands nothing over
    if any(t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"relcl", "acl", "aux", "auxpass", "neg"} and not t.is_title
           for t in ctx.doc[mark + 1 : verb.i]):
        return None  # "“...,” X said, emphasizing ...": the tag's own verb comes first
    if mark + 1 == verb.i:
        head = _tag_phrase_head(ctx, ctx.doc[verb.i + 1], verb) if verb.i + 1 < len(ctx.doc) else None
    else:
        head = _tag_phrase_head(ctx, ctx.doc[mark + 1], verb)
    return Subject(head) if head is not None else None


def climb(ctx, verb: Token) -> tuple[Token, Subject | None]:
    """The verb whose clause the subject is found in, and the subject found there (None: none
    decided). Up through coordination ("X said A and added B"), control ("X declined to
    comment") and participles set off by a comma or a dash."""
    v = _reporting_verb(ctx, verb)
    via_adverbial = via_adjective = False
    for _ in range(3):
        for child in v.children:
            # A subject in another paragraph is a heading or timestamp the parser ran on; a
            # dash tagged as a noun ("... made known ― Lee bragged") is no subject.
            if child.dep_ in SUBJECT_DEPS and not ctx.quoted(child) and (child.text[0].isalnum() or _share(child)) \
                    and ctx.paragraph_of(child.idx) == ctx.paragraph_of(verb.idx):
                if child.tag_ == "WP" and child.lower_ in {"who", "what"} and v.dep_ != "relcl" \
                        and v.sent.text.rstrip().rstrip("\"”'").endswith("?"):
                    # "Who will pay for the repairs?": a question asks who; nobody is named.
                    return v, NOBODY
                if child.lower_ == "it" and v is not verb and (via_adjective or ctx._extraposed(v)):
                    # "it is good to see ...", "it is hard to believe that ...": the "it" of an
                    # adjective's infinitive stands for the clause; nobody is named.
                    return v, NOBODY
                return v, Subject(ctx._past_hyphen(child, v))
        if v.dep_ in {"xcomp", "advcl"} and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) \
                and v.head.lemma_.lower() in ctx.lex.verb_class("object_control_infinitive") and not via_adverbial:
            # "The crisis led the minister to warn ...", "X urged voters to say ...": the object
            # of the verb governing the infinitive does what it names; not a participle hung
            # on the infinitive ("X urged them to act, warning that ...": X warns).
            obj = next((c for c in v.head.children if c.dep_ == "dobj" and c.i < v.i
                        and c.pos_ in {"NOUN", "PROPN", "PRON"} and not ctx.quoted(c)), None)
            if obj is not None:
                return v, Subject(obj)
        if v.dep_ == "conj" and ctx._misplaced_conjunct(v.head, v):
            # "... to accuse X of being duped and encourage Y to ...": coordinated verbs share
            # their form; a bare infinitive hung on a participle goes with the infinitive above.
            v = next((a for a in v.ancestors if a.tag_ == "VB" and a.pos_ == "VERB"), v.head)
        elif v.dep_ in {"conj", "advcl", "xcomp"} and v.head.i != v.i:
            via_adverbial = via_adverbial or v.dep_ == "advcl"
            v = v.head
        elif v.dep_ == "acomp" and v.pos_ == "ADJ" and v.head.pos_ in {"VERB", "AUX"} and v is not verb:
            # "X was quick to embrace Y", "buyers were more inclined to wait for Y": an infinitive on
            # an adjective of a copula is done by the copula's subject (Repair ``adjective_control``);
            # "it is likely to ..." names nobody.
            v, via_adjective = v.head, True
        elif v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.pos_ in {"VERB", "AUX"}:
            v = v.head.head  # "... began by saying", "... for saying"
        elif v.dep_ == "pcomp" and v.head.dep_ == "prep" and (above := ctx._phrase_verb(v.head)) is not None:
            # "X stopped short of calling ...", "X was in the lead in urging ...": the phrase
            # the preposition hangs on belongs to the clause of the verb above it.
            v = above
        else:
            break
    return v, None


def _share(token: Token) -> bool:
    """Repair ``percent_subject``: "42% say they ...": the tokenizer splits a share from its sign
    and the parser makes the sign the subject, with the number on it; it names the people polled."""
    return token.text == "%" and any(c.dep_ == "nummod" and c.like_num for c in token.children)


def _reporting_verb(ctx, verb: Token) -> Token:
    """Where the climb starts: the verb itself, or the one it is coordinated with or set off from."""
    own_subject = _own_subject(verb)
    v = verb
    # A clause marked by "that" is a complement whatever the parser called it ("tweeted that A
    # was B and encouraged C", the that-clause taken for an adverbial).
    reported = verb.head.dep_ == "ccomp" or (verb.head.dep_ == "advcl" and any(
        c.lower_ == "that" and c.i < verb.head.i for c in verb.head.children))
    # A reporting verb, or one of directive speech ("urged Y to", "encouraged Y to").
    reporting = ctx.is_cue_verb(verb) or "to" in ctx.lex.object_verbs.get(ctx.lemma(verb), ())
    if verb.dep_ == "conj" and reported and reporting and verb.pos_ == "VERB" \
            and ctx.is_cue_verb(verb.head.head) and not own_subject:
        v = verb.head.head  # "X said A and added B", "X said A and urged B": B's verb hung on A's
    if verb.tag_ == "VBG" and verb.dep_ == "advcl" and verb.head.dep_ == "relcl" and verb.left_edge.i > 0 \
            and ctx.doc[verb.left_edge.i - 1].text == "," and not own_subject:
        # "X defended not paying a builder who said ..., saying “...”": a participle after
        # a comma goes with the sentence, not with the relative clause it follows.
        v = verb.head.head
        for _ in range(4):
            if v.pos_ in {"VERB", "AUX"} or v.head.i == v.i:
                break
            v = v.head
    if verb.tag_ == "VBG" and not own_subject and verb.dep_ == "advcl" and v is verb and verb.left_edge.i > 0 \
            and ctx.doc[verb.left_edge.i - 1].text in DASHES and verb.head.i < verb.i \
            and verb.head.left_edge.i > 0 and ctx.doc[verb.head.left_edge.i - 1].text in DASHES \
            and verb.head.head.i != verb.head.i:
        # "... circled the stadium - where the team played - while chanting ...": a
        # participle after the aside's closing dash goes with the clause before the aside.
        v = verb.head.head
    return v


# The order is the precedence: the parse first, then the guesses.
PARSED = (passive_agent, inverted_aside, doer_after_with, name_before_participle, object_of_perception,
          reporter_of_closing_participle, participle_on_quotation, clause_subject, noun_before_with_participle, user_of_means)
GUESSED = (possessor, reporter_before_participle, participle_opening_tag, nominal_before, speaker_in_tag, nominal_after)
