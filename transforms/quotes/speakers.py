"""Speakers: the subject of a cue, its span as written, and the attribution built from them."""
from __future__ import annotations

from spacy.tokens import Span, Token

from transforms.quotes.subjects import Subject, find_subject
from transforms.quotes.values import Attribution
from transforms.labels import S_CLITICS, SPEAKER_LABELS
from transforms.quotes.words import SPEAKER_BREAKS, SUBJECT_DEPS


# Pronouns that may echo the subject of the clause above them.
PERSONAL = frozenset({"he", "she", "they", "we", "it", "i"})


def _nominal(token: Token) -> bool:
    """A noun or pronoun, or a name the tagger read as another part of speech ("Trump
    openly admires ..." tagged as a verb): the entity recogniser still knows it."""
    return token.pos_ in {"PROPN", "NOUN", "PRON"} or token.ent_type_ in SPEAKER_LABELS


class SpeakerRules:
    def subject_of(self, verb: Token, guess: bool = True) -> Token | None:
        """The verb's subject, also through coordination and control ("X declined to
        comment"); with ``guess``, a nominal next to the verb when the parse has none."""
        return find_subject(self, verb, guess).token

    def find_subject(self, verb: Token, guess: bool = True) -> Subject:
        """``subject_of`` with what the search decided when it found no subject (see ``subjects``)."""
        return find_subject(self, verb, guess)

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
        """The name of an inverted aside between commas ("By contrast, said Ms Ferreira, the rules
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
            if t.dep_ not in {"advmod", "acomp", "pobj", "prep", "attr"} or t.head.i == t.i:
                return None
            # "X has been the fiercest in denouncing ...": the copula's complement.
            through_noun = through_noun or t.dep_ in {"pobj", "attr"}
            t = t.head
            if t.pos_ in {"VERB", "AUX"}:
                return t if not through_noun or t.lemma_ == "be" else None
        return None

    @staticmethod
    def _passive(verb: Token) -> bool:
        if any(c.dep_ == "nsubjpass" or (c.dep_ == "auxpass" and c.lower_ not in S_CLITICS) for c in verb.children):
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
            elif child.dep_ == "conj" and head.tag_ == "NNS" and child.tag_ == "NNS" and right.i < child.i \
                    and all(t.dep_ == "cc" or t.is_punct or t.i >= child.left_edge.i for t in self.doc[right.i + 1 : child.i]):
                # "officials and industry lobbyists who have seen it": groups coordinated are
                # one source together; the relative clause after the last is theirs.
                right = child
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
        if left.idx < self.dateline_end <= head.idx:
            # "HALDEN, Dec 4 (Reuters) - Local officials said": the wire's dateline, whose dash
            # may be a plain hyphen, is no part of the speaker (transforms.datelines)
            left = next(t for t in self.doc[left.i : head.i + 1] if t.idx >= self.dateline_end)
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
            subject = self._producer(subject) or self._binder(cue, subject) or self._past_place(cue, subject) \
                or self._possessor_under_subject(cue, subject) or subject
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
        lemma = noun.lemma_.lower()
        if self.lex.in_nouns.get(lemma) != "vehicle" and lemma not in self.lex.vehicles:
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
        """"The team is trying to set her plan against what they call X's “...”": a
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

    def _past_place(self, cue: Token, subject: Token) -> Token | None:
        """Repair ``speaker_past_place``: a date, or a place the parser hung the clause on
        ("OSLO (Wire) - X said", "Friday at the rally X said", "Speaking in Dover,
        Delaware, X went after ...", "X, in Ohio, said"), is no speaker when a person is
        named nearer the cue in its clause: that person is; the verbs the cue hangs on may stand
        between ("BOSTON - X hit back at Y, accusing him ..."). None when the subject is no such
        word or no such person is there."""
        if subject.ent_type_ not in {"DATE", "TIME", "GPE", "LOC"} or subject.i > cue.i:
            return None
        sent = cue.sent
        # The last word of each person's name before the cue.
        people = [t for t in self.doc[sent.start : cue.i] if t.ent_type_ == "PERSON" and t.pos_ == "PROPN"
                  and not (t.i + 1 < len(self.doc) and self.doc[t.i + 1].ent_iob_ == "I")]
        people = [t for t in people if not self.quoted(t) and not self._in_object(t) and t.i != subject.i
                  and self.paragraph_of(t.idx) == self.paragraph_of(cue.idx)
                  and (t.i > subject.i or subject.dep_ == "pobj")]
        # The verbs the cue hangs on ("X went after Y, calling him ...") and their auxiliaries
        # are the person's own clause.
        above = {a.i for a in cue.ancestors if a.pos_ in {"VERB", "AUX"}}
        for person in reversed(people):
            if not any(w.pos_ in {"VERB", "AUX"} and w.head.i != cue.i and w.i not in above and w.head.i not in above
                       for w in self.doc[person.i + 1 : cue.i]):
                return person
        return None

    def _possessor_under_subject(self, cue: Token, subject: Token) -> Token | None:
        """Rule ``possessor_under_subject``: a reporting noun that is a verb's object and whose
        possessor is a pronoun ("The mayor renewed her warning that ...", "Lee sharpened his
        attacks on ...") is voiced by that verb's subject, the speaker PolNeAR marks; the
        pronoun only echoes it. Not under a cue verb ("touted her plans to ..."): that verb's own
        report holds the noun's; a verb voicing the noun (``holder`` in quote_cues.csv) still does. None when the subject is no such pronoun or the verb has no
        nominal subject."""
        if subject.dep_ != "poss" or subject.tag_ != "PRP$" or subject.head.i != cue.i or cue.dep_ != "dobj" \
                or cue.head.pos_ not in {"VERB", "AUX"} or self._reports_object(cue.head) \
                or not all(t.dep_ in {"prt", "advmod"} for t in self.doc[cue.head.i + 1 : subject.i]) or cue.head.i > subject.i:
            return None  # the object right after its verb ("stepped up his attacks"), no phrase between
        doer = next((c for c in cue.head.children if c.dep_ in SUBJECT_DEPS), None)
        if doer is None or doer.pos_ not in {"PROPN", "NOUN", "PRON"} or self.quoted(doer) or doer.i > cue.i:
            return None
        return doer

    def reporters_of_belief(self, rows: list[dict]) -> list[dict]:
        """The final rows, each whose speaker is a pronoun echoing the reporter of the clause
        its belief verb sits in given that reporter (``_reporter_of_belief``). On the
        reconciled rows: before them, the pronoun inside an outer report's content is what
        drops a report nested in it (``reconcile._outermost``)."""
        out = []
        for row in rows:
            cue = self.doc.char_span(row["cue_start"], row["cue_end"]) if row["cue_start"] is not None else None
            pronoun = self.doc.char_span(row["speaker_start"], row["speaker_end"]) \
                if row["speaker_start"] is not None else None
            reporter = self._reporter_of_belief(cue[0], pronoun[0]) \
                if cue is not None and pronoun is not None and len(cue) == 1 and len(pronoun) == 1 else None
            if reporter is not None:
                row = self.row(row["kind"], row["start_char"], row["end_char"], self.attribution(cue[0], reporter), row["rule"])
            out.append(row)
        return out

    def _reporter_of_belief(self, cue: Token, subject: Token) -> Token | None:
        """Rule ``belief_under_report``: a verb of belief (``belief`` in quote_verb_classes.csv),
        or a verb no cue of the lexicon that `nearest_cue` or `governing_report` took, whose
        subject is a personal pronoun, in the complement clause of a verb whose own subject is
        the same entity ("Sen. Vale made plain that he expects ...", "Ortiz said he had been
        sent bids, but “...”"): the reporter speaks, the pronoun only echoes the reporter,
        and PolNeAR marks the reporter. None when the pronoun stands for someone else ("Vale
        made plain that they expect ...") or the cue is a verb of saying of its own."""
        if subject.pos_ != "PRON" or subject.lower_ not in PERSONAL or cue.dep_ != "ccomp" \
                or (self.lemma(cue) not in self.lex.verb_class("belief") and self._cue_lemma(self.lemma(cue))) \
                or cue.head.pos_ != "VERB":
            return None
        reporter = self.subject_of(cue.head, guess=False) or self.subject_of(cue.head)
        if reporter is None or reporter.i == subject.i or not _nominal(reporter) or self.quoted(reporter):
            return None
        if reporter.pos_ == "PRON":
            return reporter if reporter.lower_ == subject.lower_ else None
        pronoun_id = self.resolve(subject, *self.speaker_span(subject))[1]
        return reporter if pronoun_id is not None and pronoun_id == self.resolve(reporter, *self.speaker_span(reporter))[1] else None

    def _reports_object(self, verb: Token) -> bool:
        """A cue verb whose own report takes in its object ("touted her plan to ..."): a verb of
        the lexicon, unless it only voices the noun (a ``holder`` that is no object cue)."""
        lemma = self.lemma(verb)
        return lemma in self.lex.object_verbs or (self._cue_lemma(lemma) and lemma not in self.lex.holders)

    @staticmethod
    def _in_object(token: Token) -> bool:
        """The token is a verb's object or in one ("called a delegate, Clara Powers"), or is
        itself in a prepositional phrase or a possessor ("in Ohio", "Lee's")."""
        if token.dep_ in {"pobj", "poss"}:
            return True
        t = token
        for _ in range(6):
            if t.dep_ in {"dobj", "dative", "attr", "oprd"}:
                return True
            if t.pos_ in {"VERB", "AUX"} or t.head.i == t.i:
                return False
            t = t.head
        return False

