"""Where a report's content begins and ends: paragraph, asides, colons and the quotations inside it."""
from __future__ import annotations

from bisect import bisect_right
import re

from spacy.tokens import Token

from transforms.quotes.words import CLOSING_MARKS, COMPLEMENT_STOPS, SUBJECT_DEPS


class BoundaryRules:
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
                    # "..., which is a concern because, “...”": an aside quoting the source is the
                    # source's, not the author's (a title in quotation marks quotes no one).
                    return end
                return self._trimmed(span.start, first.i - 1)[1] if first.i - 1 > span.start else end
        return end

    def _in_phrase_goes_on(self, prep: Token) -> bool:
        """Repair ``in_phrase_goes_on``: an "in" phrase after the verb's complement is part of
        what was reported ("criticized him for his votes in the 1990s", "backed Clinton in the
        race", "sent a letter in support of the strike"), unless its noun is a time ("in
        September") or a source or vehicle noun of the lexicon ("in a statement", "in a poll"):
        those are the author's circumstance. Other time and place prepositions still end it."""
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if not objects:
            return False
        noun = objects[0]
        if noun.ent_type_ in {"DATE", "TIME"} or any(
                c.ent_type_ in {"DATE", "TIME"} for c in noun.children if c.dep_ in {"amod", "compound", "nummod"}):
            return False
        return noun.lemma_.lower() not in self.lex.in_nouns and noun.lemma_.lower() not in self.lex.vehicles

    def _bare_time(self, child: Token) -> bool:
        """Repair ``time_ends_object``: a bare date or time hung on the cue verb after its
        complement ("praised the plan Tuesday", "criticized him last week", "praised the bill on
        Monday") is the author's time stamp: it does not extend the report (a later complement
        still does: "urged the council Monday to act"). A described time ("the morning after
        the debate") or one inside a quotation stays."""
        if self.quoted(child):
            return False
        if child.dep_ == "prep":
            # Only "on": "for next year", "by Monday", "over five years" are a period or a
            # deadline of what is said; so is "on Monday" right after one ("by noon on Monday").
            if child.lower_ != "on" or self.doc[child.i - 1].ent_type_ in {"DATE", "TIME"}:
                return False
            objects = [c for c in child.children if c.dep_ == "pobj"]
            return len(objects) == 1 and all(t.ent_type_ in {"DATE", "TIME"} for t in objects[0].subtree)
        return child.dep_ in {"npadvmod", "advmod", "nmod"} \
            and all(t.ent_type_ in {"DATE", "TIME"} for t in child.subtree)

    def _own_subject_after_and(self, conj: Token, subject: Token | None) -> bool:
        """Repair ``own_subject_after_and``: a clause after ", and" with a noun or a name of its
        own as subject, coordinated with the cue verb, is the author's next statement ("X said
        the plant will close, and the union is planning a strike"), not more of the report. A
        pronoun subject, an expletive or a "that" ("..., and that ...") still goes on with it."""
        first = conj.left_edge.i
        return subject is not None and subject.pos_ in {"NOUN", "PROPN", "NUM"} and first >= 2 \
            and self.doc[first - 1].lower_ == "and" and self.doc[first - 2].text == "," \
            and not any(c.dep_ == "mark" for c in conj.children)

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

    def stands_alone(self, qi: int) -> bool:
        """The quotation is a sentence of its own, not a phrase quoted inside one."""
        q = self.quotations[qi]
        p_start, _ = self._paragraph_bounds(q.paragraph)
        before = self.text[p_start : q.open].rstrip()
        return not before or before.endswith((".", "!", "?", ":", "”", '"'))

    def _mark_before_complement(self, child: Token, rest: list[Token]) -> bool:
        """Repair ``mark_opens_complement``: the opening mark of a quotation the parser hung on the
        cue verb itself ("called the mayor's plan [“] reckless and cruel”": the mark a ``punct``
        child, the quoted words an ``oprd`` or ``dobj`` after it) is no clause boundary: the
        complements go on into the quotation."""
        if child.dep_ != "punct" or not rest or rest[0].dep_ in COMPLEMENT_STOPS:
            return False
        qi = self.quotation_at(child.idx)
        return qi is not None and self.quotations[qi].open == child.idx and rest[0].idx < self.quotations[qi].close

    def _reason_after_quotation(self, rest: list[Token]) -> bool:
        """Repair ``reason_after_quotation``: a "because" clause right after the closing mark of a
        quoted complement ("called the ruling “a mistake” because few people live there") gives
        the speaker's reason, part of the report; ``rest`` starts at the closing mark, a comma
        or the clause itself."""
        clause = next((t for t in rest if not t.is_punct), None)
        if clause is None or clause.dep_ != "advcl" or any(t.dep_ != "punct" for t in rest[: rest.index(clause)]):
            return False
        first = clause.left_edge
        before = self.doc[first.i - 1] if first.i else None
        if before is not None and before.text == "," and first.i > 1:
            before = self.doc[first.i - 2]
        return first.lower_ == "because" and before is not None and before.text in CLOSING_MARKS

    def _report_end(self, verb: Token, clause: Token, end: int) -> int:
        """End (token index) of the clause ``verb`` reports, after the repairs of its end."""
        return self._sibling_report_end(clause, self._split_predicate_end(verb, clause, end))

    def _sibling_report_end(self, clause: Token, end: int) -> int:
        """Repair ``sibling_report``: "Some residents said the bridge was too costly, while others
        said it would save time": a "while" or "whereas" clause the parser hung on the reported
        one, with a subject of its own and a cue verb reporting a clause of its own, is a second
        report set against the first, not more of it: the first ends before it. ``clause`` is the
        reported clause's verb, or the cue itself for an object report ("accused X of A while Y
        said B"). (Coordinated with "and" or "but", such a clause is as often more of the same
        report: left alone.)"""
        for t in self.doc[clause.i + 1 : end]:
            if t.dep_ != "advcl" or not self.is_cue_verb(t) or self.quoted(t):
                continue
            if not any(c.dep_ in SUBJECT_DEPS and c.tag_ not in {"WDT", "WP"} for c in t.children) \
                    or not any(c.dep_ == "ccomp" and c.i > t.i for c in t.children):
                continue
            cut = t.left_edge.i
            if self.doc[cut].lower_ not in {"while", "whereas"}:
                continue
            while cut - 1 > clause.i and self.doc[cut - 1].text in {",", "—", "–", "-", "--"}:
                cut -= 1
            return cut
        return end

    def _split_predicate_end(self, verb: Token, clause: Token, end: int) -> int:
        """Repair ``split_predicate``: "officials hope the software built abroad can help ...",
        "said that all of the food gathered would go to ...": the parser read a participle after
        the subject as the reported clause's verb and hung the real predicate (an auxiliary or a
        modal and its verb, with no subject of its own) on the cue as a second clause right after
        it. The report runs through that predicate."""
        if end != clause.right_edge.i + 1 or clause.tag_ not in {"VBN", "VBD"}:
            return end
        second = next((c for c in verb.rights if c.i > clause.i and c.dep_ == "ccomp"), None)
        if second is None or second.left_edge.i != end or self.doc[end].dep_ not in {"aux", "auxpass"} \
                or any(c.dep_ in SUBJECT_DEPS for c in second.children):
            return end
        return self._clause_end(second)

    def _wh_object_after_and(self, end: int) -> int:
        """Repair ``wh_object_after_and``: "talked about the harbour and how the town would pay
        for it": a question clause after "and" right after the object is a second object of the
        cue, however the parser hung it (often on a verb above the cue): the report runs
        through it."""
        # The "and" is the cue's (the row ends before it) or the noun's (the row ends after it).
        and_i = end - 1 if self.doc[end - 1].lower_ == "and" else end
        if and_i + 2 >= len(self.doc) or self.doc[and_i].lower_ != "and" or self.doc[and_i - 1].pos_ not in {"NOUN", "PROPN"}:
            return end
        wh = self.doc[and_i + 1]
        if wh.lower_ not in {"how", "what", "why", "whether", "where"} or self.quoted(wh):
            return end
        clause = wh.head
        while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i and clause.head.i > end:
            clause = clause.head
        if clause.pos_ not in {"VERB", "AUX"} or clause.i <= end or clause.sent != wh.sent:
            return end
        return clause.right_edge.i + 1
