"""Indirect speech from the parse: the dispatcher over report shapes, and the cue senses and inverted reports it needs."""
from __future__ import annotations

from spacy.tokens import Token

from transforms.quotes.values import Attribution
from transforms.quotes.words import CONCESSION, SUBJECT_DEPS


class ContentRules:
    def indirect_quotes(self, taken: set[int]
                        ) -> tuple[list[tuple[dict, Attribution]], set[int], dict[int, tuple[Attribution, str]]]:
        """Reports from the parse; ``taken`` are the cues of pass 2 that report nothing more
        than their quotation. Also returns the quotations the
        rows take in, and the attribution (and rule) of each quotation that is a report's whole
        content."""
        rows, absorbed, sources = [], set(), {}
        for token in self.doc:
            if token.i in taken or self.quoted(token) or self.markup_tag(token):
                continue
            found, rule = None, None
            if token.lower_ in self.prep_starts:
                found, rule = self._source_prep_quote(token), "source_prep"
            elif token.lower_ == "in" and token.dep_ == "prep" and self.lex.in_nouns:
                found, rule = self._in_source_quote(token), "in_source"
            elif token.dep_ == "acomp" and token.lower_ in self.lex.impersonal and self._impersonal(token):
                found, rule = self._impersonal_quote(token), "impersonal"
            elif token.dep_ == "acomp" and token.lower_ in self.lex.adjectives:
                found, rule = self._adjective_quote(token), "adjective_complement"
            elif token.pos_ == "NOUN" and token.lemma_.lower() in self.lex.nouns and not self._verb_as_noun(token):
                found, rule = self._noun_quote(token), "noun_complement"
            elif token.pos_ == "VERB" or self._verb_as_noun(token):
                lemma = self.lemma(token)
                if self._other_sense(token, lemma) or self._speculated(token, lemma) or self._charge_in_report(token):
                    continue
                found, rule = self._verb_report(token, lemma)
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
                    sources.setdefault(qi, (att, rule))
                continue
            if rule == "object_complement" and self._tagged_after(inside, token):
                continue
            absorbed.update(inside)
            kind = "mixed" if inside else "indirect"
            rows.append((self.row(kind, start, end, att, rule), att))
        return rows, absorbed, sources

    def markup_tag(self, token: Token) -> bool:
        """Repair ``markup_tag``: "<tweet pic="" author="X">", "<tweet id="...">": a word right
        after "<" is the name of a markup tag an article kept, not a word of its text; it reports
        nothing (its attributes are no content, their quoted values no quotation of it)."""
        return token.i > 0 and self.doc[token.i - 1].text in {"<", "</"}

    def _tagged_after(self, inside: list[int], cue: Token) -> bool:
        """Repair ``object_leaves_tagged_quotation``: "Many saw the plan as “a gift to
        developers,” the mayor said.": a quotation in an object report with another cue of pass 2
        within five tokens after its closing mark is that tag's speaker's; the object report would
        take it from them, so it is not made and pass 2 keeps the quotation."""
        for qi in inside:
            close = self.quotations[qi].close
            if close >= len(self.text):
                continue
            after = self.doc.char_span(close, min(len(self.text), close + 40), alignment_mode="expand")
            if after is not None and any(t.i in self.quote_cues and t.i != cue.i for t in after[:5]):
                return True
        return False

    def _verb_report(self, token: Token, lemma: str):
        """The report shapes of a verb, in order: ((span, attribution), rule) or (None, None)."""
        if lemma == "ask" and self._asked_participle(token):
            found = self._asked_question(token)
            if found is not None:
                return found, "asked_question"
            # Repair ``asked_unnamed``: asked by nobody named, the question is no report of the one
            # answering in the main clause ("Asked whether A, X said ..."), whose subject the
            # shapes below would take as its speaker: their row, with no speaker.
            found, _ = self._verb_report_shapes(token, lemma)
            return (None, None) if found is None else ((found[0], Attribution(found[1].cue, None, "none", None)),
                                                       "asked_question")
        return self._verb_report_shapes(token, lemma)

    def _verb_report_shapes(self, token: Token, lemma: str):
        if lemma in self.lex.verbs or lemma in self.lex.object_verbs:
            found = self._inverted_report(token)
            if found is not None:
                return found, "inverted_report"
        if lemma in self.lex.verbs or self._put_it(token):
            found = self._complement_quote(token)
            if found is not None:
                return found[:2], found[2]
        if lemma in self.lex.object_verbs:
            found = self._object_quote(token)
            if found is not None:
                return found, "object_complement"
        if lemma in self.lex.raising or lemma in self.lex.passive or lemma in self.lex.object_verbs or lemma in self.lex.verbs:
            found = self._unsourced_quote(token, lemma)
            if found is not None:
                return found, "unsourced"
        return None, None

    @staticmethod
    def _asked_participle(verb: Token) -> bool:
        """"Asked whether ..., X said", "When asked about ..., X said": a participle clause of
        "ask" with no subject or auxiliary of its own (the tagger reads a capitalised "Asked"
        opening a sentence as a past tense as often as a participle)."""
        text = verb.doc.text
        return verb.dep_ == "advcl" and verb.tag_ in {"VBN", "VBD"} and not any(
            (c.dep_ in SUBJECT_DEPS or c.dep_ in {"aux", "auxpass"})
            and not (c.i < verb.i and "\n" in text[c.idx : verb.idx])  # a headline the parser ran on
            for c in verb.children)

    def _asked_question(self, verb: Token):
        """"Asked whether the bridge would reopen, the mayor said ...", "When asked by reporters
        about the cost, ...": the question is reported, asked by the "by" phrase; None when no
        asker is named (the one answering speaks in the main clause, not here)."""
        if any(c.dep_ in SUBJECT_DEPS for c in verb.children):
            return None
        question = next((c for c in verb.rights if c.dep_ in {"ccomp", "advcl"} and any(
            m.dep_ == "mark" and m.lower_ in {"if", "whether"} for m in c.children)
            or (c.dep_ == "ccomp" and c.left_edge.tag_ in {"WRB", "WP", "WDT"})), None)
        if question is None:
            question = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "about"), None)
        span = self._trimmed(question.left_edge.i, question.right_edge.i + 1) if question is not None else None
        if span is None or self._quotations_within(*span):
            return None  # a quotation in the question is a direct quote with a speaker of its own
        cue = self.doc[verb.i : verb.i + 1]
        asker = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        if asker is None:
            return None
        start, end = self.speaker_span(asker)
        kind, entity_id = self.resolve(asker, start, end)
        return span, Attribution(cue, (start, end), kind, entity_id)

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
                continue  # words in quotation marks are reported whatever the sense ("call a “snap meeting”")
            if related and ("*" in words or any(t.lemma_.lower() in words or t.lower_ in words or t.ent_type_ in words
                                                for t in related)):
                return True
        return False

    def _speculated(self, verb: Token, lemma: str) -> bool:
        """"The Chinese may view the move as a pressure tactic": a verb of regarding something as
        something under "may" or "might" is the author's guess at what someone could think, not
        a report of what they hold."""
        return lemma in self.lex.verb_class("regarding") \
            and any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in {"may", "might"} for c in verb.children) \
            and any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.subtree if c.head.i == verb.i or c.head.head.i == verb.i)

    def _charge_in_report(self, verb: Token) -> bool:
        """Repair ``charge_in_report``: "X criticized Y for supporting the bill", "X accused Y of
        calling Z a liar": a gerund after "for" or "of" on an object cue (or on that cue's object)
        is the charge X makes, inside X's report; it is no report of its own (Y's, or X's twice)."""
        prep = verb.head
        if verb.tag_ != "VBG" or verb.dep_ != "pcomp" or prep.dep_ != "prep" or prep.lower_ not in {"for", "of"}:
            return False
        owner = prep.head.head if prep.head.dep_ == "dobj" else prep.head
        return owner.pos_ == "VERB" and self.lemma(owner) in self.lex.object_verbs

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
        # its own; "cited rude remarks Lee had made" is an object.
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
