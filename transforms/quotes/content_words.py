"""Report shapes on a noun, an adjective or a verb's object (``the claim that ...``, ``confident that ...``, ``called for ...``)."""
from __future__ import annotations

from spacy.tokens import Token

from transforms.quotes.speakers import _nominal
from transforms.quotes.values import Attribution
from transforms.quotes.words import ADJUNCT_PREPS, NAMING_DEPS, SUBJECT_DEPS


class WordComplementRules:
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
        if self.lemma(verb) in self.lex.verb_class("naming") and [c.dep_ for c in verb.children if c.dep_ in NAMING_DEPS] == ["oprd"] \
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
            # "The three “gaps” she cited are ...": a relative clause with no relative pronoun
            # and no object has its antecedent for object; what follows is the main clause's.
            return None
        found = self.find_subject(verb)
        subject = found.token
        # No subject, and the nominal after the verb is whom it addresses: the report stands,
        # its speaker unnamed (a wrong speaker costs more than none).
        unnamed = subject is None and found.addressed
        if (subject is None and not unnamed) or (subject is not None and not _nominal(subject)) \
                or (subject is not None and subject.left_edge.tag_ == "TO"):
            # "The order is certain to further inflame tensions ... as X seeks to ...": an
            # infinitive the parser made the cue's subject names nobody.
            return None
        preps = self.lex.object_verbs[self.lemma(verb)]
        # A stray space (a non-breaking one the tokenizer kept) is no complement.
        rights = [c for c in verb.rights if c.dep_ not in {"advmod", "npadvmod"} and not c.is_space]
        while len(rights) > 1 and self._leading_adjunct(rights[0], preps):
            rights = rights[1:]  # "decided after a long review not to ...": the time is the author's
        if not rights:
            return None
        topic = self._topic_after_phrases(rights, preps)
        if topic is not None:
            return self._prepositional_object(topic, verb, subject, unnamed)
        first = rights[0]
        then = next((c for c in [*rights[1:], *first.rights] if c.dep_ == "prep"), None)
        if then is not None and f"{first.lower_} {then.lower_}" in preps and first.i < then.i:
            # A cue of two words after the verb ("spoke out Tuesday about X", "took aim at X"): the
            # second word's object is the content.
            return self._prepositional_object(then, verb, subject, unnamed)
        if first.dep_ in {"prep", "prt"} and first.lower_ in preps:
            pass  # "called on X to Y", "called for X"
        elif first.dep_ == "dobj" and any(self._takes_content(c, preps) for c in [*rights[1:], *first.rights]):
            # "accused X of Y", "told X to Y": the person addressed, then what was said (the
            # parser hangs the preposition on the verb or on the object).
            pass
        elif "to" in preps and self._infinitive(first) and not any(c.dep_ == "auxpass" for c in verb.children):
            pass  # "sought to win": a cue listed with "to" alone takes its infinitive, not an object
        elif "" not in preps or first.dep_ not in {"dobj", "xcomp", "ccomp", "oprd"}:
            return None
        span = self._complements(verb, preps)
        if span is None:
            return None
        span = self._with_predicate(verb, span)
        if unnamed:
            return span, Attribution(self.doc[verb.i : verb.i + 1], None, "none", None)
        return span, self.attribution(verb, subject)

    def _prepositional_object(self, prep: Token, verb: Token, subject: Token | None, unnamed: bool):
        """The content is ``prep``'s object; the row is the cue's (no speaker when ``unnamed``)."""
        objects = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
        span = self._trimmed(objects[0].left_edge.i, objects[-1].right_edge.i + 1) if objects else None
        if span is None:
            return None
        return span, (Attribution(self.doc[verb.i : verb.i + 1], None, "none", None) if unnamed
                      else self.attribution(verb, subject))

    @staticmethod
    def _topic_after_phrases(rights: list[Token], preps: frozenset[str]) -> Token | None:
        """Repair ``topic_after_hearer``: "spoke to reporters on Friday about the deal", "talked
        with residents about the flooding": phrases before the cue's own preposition (whom the
        source spoke to, where, when) are no content; that preposition, further on, has it."""
        if len(rights) < 2 or rights[0].dep_ != "prep" or rights[0].lower_ in preps:
            return None
        for child in rights:
            if child.dep_ == "prep" and child.lower_ in preps and child.lower_ != "to":
                # Not a preposition of time ("went into publishing after studying law": "go after"
                # is a cue, this "after" none of it).
                return None if child.lower_ in ADJUNCT_PREPS else child
            if child.dep_ != "prep" and not child.is_punct:
                return None
        return None

    @staticmethod
    def _leading_adjunct(child: Token, preps: frozenset[str]) -> bool:
        """A time or circumstance phrase right after the cue and before its complement ("decided
        after a long review not to ...", "announced on Monday the closure of ..."): not content."""
        if child.dep_ != "prep" or child.lower_ in preps:
            return False
        if child.lower_ in ADJUNCT_PREPS:
            return True
        objects = [c for c in child.children if c.dep_ == "pobj"]
        return child.lower_ == "on" and bool(objects) and all(o.ent_type_ in {"DATE", "TIME"} for o in objects)

    @staticmethod
    def _infinitive(child: Token) -> bool:
        """A to-infinitive complement of the verb ("sought to win"); a title-case "To" is a
        headline's preposition ("Mayor Replies To Critics")."""
        return child.dep_ == "xcomp" and any(c.dep_ == "aux" and c.text == "to" for c in child.children)

    @staticmethod
    def _takes_content(child: Token, preps: frozenset[str]) -> bool:
        """A complement after the object that carries the content: a preposition of the cue
        ("accuse X of"), or a to-infinitive where the cue lists "to" ("tell X to")."""
        if child.dep_ == "prep":
            return child.lower_ in preps and child.lower_ != "to"
        return "to" in preps and child.dep_ in {"xcomp", "ccomp"} \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
