"""Report shape: a cue verb's complement clause (``X said (that) ...``) and where that clause ends."""
from __future__ import annotations

from spacy.tokens import Token

from transforms.quotes.values import Attribution
from transforms.labels import DASHES
from transforms.quotes.words import ADJUNCT_PREPS, CLOSING_MARKS, COMPLEMENT_STOPS, PARENTHESIS, SUBJECT_DEPS


# The shapes tried, in order, when the cue has no complement clause of its own: methods of
# ``ComplementRules`` (``_split_around`` is in ``content``) returning the content span or None.
COMPLEMENT_SHAPES = ("_hearer_clause", "_clause_after_adjunct", "_split_around", "_set_off_inside",
                     "_as_before_comma", "_as_set_off", "_set_off_after", "_said_so")

# What stands for a statement after a verb of saying ("said so", "said the same of X", "said no"):
# the word itself, or the lemma of the object noun.
SAID_WORDS = frozenset({"so", "yes", "no", "otherwise"})
SAID_NOUNS = frozenset({"same", "opposite"})
SAYING = frozenset({"say", "tell", "reply", "answer", "respond", "write"})


class ComplementRules:
    def _complement_quote(self, verb: Token):
        """(content span, attribution, rule name) of the clause the cue reports, or None."""
        found = self.find_subject(verb)
        subject = found.token
        if subject is None:
            clause = self._addressed_clause(verb) if found.addressed else None
            return None if clause is None else (*clause, "addressed_clause")
        # A clause across a semicolon from the cue is no complement of it ("A, X said; B").
        clauses = [c for c in verb.children if c.dep_ == "ccomp"
                   and not any(t.text == ";" for t in self.doc[min(c.left_edge.i, verb.i) : max(c.left_edge.i, verb.i)])]
        # "It is unlikely; the team says she will continue": a clause after the verb is what
        # it reports; one before it only when there is none after ("A, officials argue").
        clauses.sort(key=lambda c: c.i < verb.i)
        # A clause whose head and verbs are all in another paragraph is none of the cue's: a
        # headline parsed as one sentence with the text under it ("Peru continues rapid growth /
        # Peru's economy has expanded"), which then reports nothing.
        paragraph = self.paragraph_of(verb.idx)
        here = [c for c in clauses if self.paragraph_of(c.idx) == paragraph or any(
            t.pos_ in {"VERB", "AUX"} and self.paragraph_of(t.idx) == paragraph for t in c.subtree)]
        if clauses and not here:
            return None
        clauses = here
        for child in clauses[:1]:
            if child.dep_ == "ccomp":
                if self._across_colon(child, verb, subject):
                    return None
                start = self._past_recipient(verb, self._clause_start(child))
                start = self._glued_subject(verb, child, start)
                start = self._object_as_subject(verb, child, start)
                span = self._trimmed(start, self._report_end(verb, child, self._coordinated_end(verb, child, subject)))
                if span is not None and span[1] - span[0] > 1:
                    return span, self.attribution(verb, subject), "complement_clause"
                return None
        for shape in COMPLEMENT_SHAPES:
            span = getattr(self, shape)(verb, subject)
            if span is not None:
                return span, self.attribution(verb, subject), shape.lstrip("_")
        return None

    def _across_colon(self, clause: Token, verb: Token, subject: Token) -> bool:
        """Repair ``clause_across_colon``: a clause before the cue that ends at a colon or a dash,
        the cue's subject after it ("The plan came together in a week: a pending lawsuit
        threatened to ...", "The fund has done well, however — he reported a gain"), is the
        author's sentence that the next one explains, not what the subject says; the parser hung
        it on the cue across the mark. A clause set off by a comma ("A, he said") still reports."""
        if clause.i > verb.i or subject.i < clause.right_edge.i:
            return False
        after = clause.right_edge.i + 1
        while after < subject.left_edge.i and self.doc[after].text in CLOSING_MARKS | {"’", "'"}:
            after += 1
        return after < subject.left_edge.i and (self.doc[after].text == ":" or self.doc[after].text in DASHES)

    def _addressed_clause(self, verb: Token):
        """Only a nominal after the verb that is not its subject ("expect a new rival to
        ..."): the clause after it is still reported, by someone unnamed."""
        clause = next((c for c in verb.rights if c.dep_ == "ccomp"), None)
        span = self._trimmed(self._clause_start(clause), self._clause_end(clause)) if clause is not None else None
        if span is None or span[1] - span[0] <= 1:
            return None
        return span, Attribution(self.doc[verb.i : verb.i + 1], None, "none", None)

    def _hearer_clause(self, verb: Token, subject: Token) -> tuple[int, int] | None:
        """The that-clause the parser hung on the hearer ("told donors that ...")."""
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
                        return span
        return None

    def _clause_after_adjunct(self, verb: Token, subject: Token) -> tuple[int, int] | None:
        """The clause after a time phrase the parser took for the clause's ("said after the hearing she ...")."""
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
                    return span
            break
        return None

    def _set_off_inside(self, verb: Token, subject: Token) -> tuple[int, int] | None:
        """The statement around a report set off inside it ("The bridge, Ms. Okafor said, would ...")."""
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
                    and right + 1 < sent.end and self.doc[right + 1].text in PARENTHESIS \
                    and not self._quotation_opens_after(right + 1):
                clause = verb.head
                if clause.dep_ == "relcl" and clause.left_edge.lower_ in {"which", "who", "that"} \
                        and clause.left_edge.i < left:
                    # "the square, which, Jones said, is full on market days": the statement is the
                    # relative clause the report is set off in, not the author's sentence around it.
                    span = self._trimmed(clause.left_edge.i, clause.right_edge.i + 1)
                else:
                    span = self._trimmed(sent.start, sent.end)
                if span is not None:
                    return span
        return None

    def _quotation_opens_after(self, comma: int) -> bool:
        """"On the radio, he said, “They have ...”": the tag introduces a quoted sentence (its
        first word capitalised) rather than sitting inside a statement; the quotation is what
        is reported, and the direct pass attributes it."""
        mark = comma + 1
        if mark + 1 >= len(self.doc):
            return False
        found = self.quotation_at(self.doc[mark].idx)
        return found is not None and self.quotations[found].open == self.doc[mark].idx \
            and self.doc[mark + 1].is_title

    def _as_before_comma(self, verb: Token, subject: Token) -> tuple[int, int] | None:
        """"As the senator noted, the deficit grew": the clause after the comma."""
        if verb.dep_ == "advcl" and verb.head.i > verb.i and subject.i < verb.i and any(
                c.dep_ == "mark" and c.lower_ == "as" and c.i == verb.left_edge.i for c in verb.children):
            # "As the senator noted, the deficit grew": the clause after the comma is reported.
            after = max(t.i for t in verb.subtree if not t.is_punct) + 1
            if after < verb.sent.end and self.doc[after].text == ",":
                span = self._trimmed(after + 1, verb.sent.end)
                if span is not None:
                    return span
        return None

    def _as_set_off(self, verb: Token, subject: Token) -> tuple[int, int] | None:
        """", as the mayor noted, ...": the statement around a report set off by "as"."""
        if verb.dep_ == "advcl" and subject.i < verb.i and verb.left_edge.lower_ == "as" \
                and verb.left_edge.dep_ == "mark" and verb.left_edge.head.i == verb.i \
                and not any(c.dep_ in {"dobj", "ccomp", "xcomp"} and not (c.lower_ == "it" and self._put_it(verb))
                            for c in verb.children):
            # ", as the mayor noted, ..." / "..., as the mayor noted.": a report set off by "as"
            # inside or after the statement; the statement is the sentence around it.
            sent, left = verb.sent, verb.left_edge.i
            right = max(t.i for t in verb.subtree if not t.is_punct)
            before = left - 1
            while before > sent.start and self.doc[before].text in CLOSING_MARKS:
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
                    return span
        return None

    def _set_off_after(self, verb: Token, subject: Token) -> tuple[int, int] | None:
        """The statement before a report set off after it ("..., the agency said in a report, and ...")."""
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
                    return span
        return None

    def _said_so(self, verb: Token, subject: Token) -> tuple[int, int] | None:
        """"Half said so in May", "64 percent say the same of Lee", "he said no to the war": a
        word standing for a statement, as a verb of saying's object, is what was said, with the
        phrase right after it saying of whom or to what ("of", "about", "for", "to"); not what
        the object noun goes on with ("said the same thing, including X -- ...")."""
        if self.lemma(verb) not in SAYING:
            return None
        for child in verb.rights:
            if (child.dep_ in {"advmod", "intj", "dobj"} and child.lower_ in SAID_WORDS) \
                    or (child.dep_ == "dobj" and (child.lemma_.lower() in SAID_NOUNS
                                                  or any(c.dep_ == "amod" and c.lower_ in SAID_NOUNS for c in child.children))):
                end = child.i + 1
                after = next((c for c in (*child.children, *verb.rights) if c.i == end and c.dep_ == "prep"
                              and c.lower_ in {"of", "about", "for", "to"}), None)
                if after is not None:
                    end = after.right_edge.i + 1
                return self._trimmed(child.left_edge.i, end)
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
            if t.lower_.rstrip(".") in self.lex.titles or (
                    t.ent_iob_ == "B" and t.ent_type_ == "PERSON" and self.doc[k - 1].ent_type_ != "PERSON"):
                return k
        return start

    def _glued_subject(self, verb: Token, clause: Token, start: int) -> int:
        """"told the BBC work had been done": the parser took "the BBC work" for the
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
        """"concluded the growth of streaming, which ..., “had a profound effect”": the parser took
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
        """"announced £180m for school buildings will be spent on ...": a finite verb right after
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
            if self._own_subject_after_and(conj, subject):
                break
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
            if t.dep_ == "conj" and self._shares_modal(clause, t):
                inner = self._clause_end(t)  # "... and tell him “...” and tells the crowd ..."
                if inner <= t.right_edge.i:
                    return inner
            elif t.dep_ == "conj" and self.is_cue_verb(t) and (
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

    @staticmethod
    def _shares_modal(clause: Token, conj: Token) -> bool:
        """"he would call the mayor in and give him “a final warning”": a bare infinitive
        coordinated with the clause's own bare verb shares its modal or "to": it goes on with
        the report rather than starting a second one."""
        return conj.tag_ == "VB" and clause.tag_ == "VB" \
            and not any(c.dep_ in SUBJECT_DEPS or c.dep_ in {"aux", "neg"} for c in conj.children) \
            and any(c.dep_ == "aux" and c.tag_ in {"MD", "TO"} for c in clause.children)

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
                # the parser coordinated with a finite cue or participle ("recalling the plan
                # to “up-sell” or get clients ...": it goes with the infinitive inside).
                parts.append(child)
                continue
            if parts and child.text == "," and n + 1 < len(rights) and rights[n + 1].dep_ == "prep" \
                    and rights[n + 1].lower_ == "including":
                continue  # "condemning the takeover, including its seizure of ...": one object, spelled out
            if parts and child.dep_ == "prep" and child.lower_ == "in" and self._in_phrase_goes_on(child):
                parts.append(child)
                continue
            if self._mark_before_complement(child, rights[n + 1 :]) or (parts and self._reason_after_quotation(rights[n:])):
                if child.dep_ == "advcl":  # the "because" clause itself; a mark or a comma is passed over
                    parts.append(child)
                continue
            if child.dep_ in COMPLEMENT_STOPS or (parts and child.dep_ == "prep" and child.lower_ in ADJUNCT_PREPS):
                break
            if parts and self._bare_time(child):
                continue  # "blasted the mayor Tuesday": the author's time, not the report's
            if not parts and (child.dep_ in {"advmod", "prt", "npadvmod"} or self._leading_adjunct(child, particles)):
                continue
            if not parts and child.dep_ == "prep" and child.lower_ in particles:
                objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
                parts.extend(objects)
                continue
            parts.append(child)
        if not parts:
            return None
        end = self._wh_object_after_and(self._sibling_report_end(verb, max(p.right_edge.i for p in parts) + 1))
        for t in self.doc[parts[-1].i : end]:
            if self._participle_aside(t):
                end = t.i
                break
            # A time or place phrase right after a quoted phrase is the author's ("as a “national
            # embarrassment” during a stop in ..."); one on a verb inside the complement belongs to
            # what was reported ("vowed to cut taxes in his first year", "outlined her plan at
            # a forum in Denver": PolNeAR content runs to the clause's end).
            after_quote = self.doc[t.i - 1].text in CLOSING_MARKS
            if after_quote and t.text in DASHES and not self.quoted(t):
                end = t.i  # "... to “a national joke” — a charge that stung": the author's remark
                break
            # A phrase on the quoted noun itself ("“trade frictions” in rich countries that
            # ...") narrows what was quoted: it stays.
            if after_quote and ((t.dep_ == "prep" and t.lower_ in ADJUNCT_PREPS and not self._on_quoted_noun(t))
                                or (t.dep_ == "npadvmod" and t.ent_type_ in {"DATE", "TIME"})):
                end = t.i  # "... as a “national joke” Tuesday on a radio show": the author's time
                break
        return self._trimmed(parts[0].left_edge.i, end)
