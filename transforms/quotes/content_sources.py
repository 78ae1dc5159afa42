"""Report shapes naming a source in a phrase: ``according to X``, ``in a statement, X ...``."""
from __future__ import annotations

from spacy.tokens import Token

from transforms.quotes.values import Attribution


class SourceRules:
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
            if token.i > sent.start + 1 and self._set_off_phrase(token.i, phrase_end, sent.end):
                # "The delay, according to X, is ...": the statement is the sentence around it.
                span = self._trimmed(sent.start, sent.end)
            elif token.i > sent.start + 1:
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

    def _set_off_phrase(self, start: int, end: int, sent_end: int) -> bool:
        """A phrase between commas before the sentence's main verb ("The delay, according to X,
        is ..."); one after it ("A rose, according to X, and B fell") closes the statement."""
        return self.doc[start - 1].text == "," and end < sent_end and self.doc[end].text == "," \
            and self.doc[start].sent.root.i > end

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
            if self._poll_standing(token, head):
                return None
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

    def _poll_standing(self, phrase: Token, verb: Token) -> bool:
        """Repair ``poll_standing``: "she climbed in the polls", "the senator, who leads in the polls", "the two
        tied in a Texas poll": the phrase right after its verb, nothing of the verb's own between
        them, tells where a candidate stands or moves; the clause says nothing the poll found (no
        rival, margin or figure), it is the author's narration of the race. A verb ranking the
        candidate against the rest ("X is leading in the polls", ``poll_finding`` in
        ``quote_verb_classes.csv``) states what the polls found and stays a report."""
        return all(t.is_punct for t in self.doc[verb.i + 1 : phrase.i]) \
            and self.lemma(verb) not in self.lex.verb_class("poll_finding")
