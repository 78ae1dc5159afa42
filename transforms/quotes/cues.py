"""Cues: the reporting verb before or after a quotation, a dash credit, the report governing a phrase quoted inside a sentence."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from transforms.labels import SPEAKER_LABELS
from transforms.quotes.marks import SENTENCE_END
from transforms.quotes.speakers import _nominal
from transforms.quotes.values import Attribution
from transforms.quotes.words import DASH_CREDIT, DASH_CREDIT_BELOW, HANDS_OVER, MIN_FREE_WORDS, NO_SPEAKER_WORDS, SPEAKER_POS, SPEAKING_PRONOUNS, SUBJECT_DEPS


class CueRules:
    def _frame_after(self, qi: int) -> tuple[str, Span | None]:
        """The quotation's words without its closing marks, and the tokens after it up to the
        next quotation of its paragraph or the paragraph's end."""
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
        return inner, self.tokens_between(q.close + 1, frame_end)

    def cue_after(self, qi: int) -> Token | None:
        q = self.quotations[qi]
        inner, frame = self._frame_after(qi)
        if frame is None or not inner:
            return None
        words = [t for t in frame if not t.is_punct]
        if not words:
            return None
        # The comma can stand outside the closing mark (“... in a material way”, Pompeo told the
        # press): it hands over as one inside does, after words enough to be a statement.
        hands_over = inner.endswith(HANDS_OVER) or (self.text[q.close + 1 : q.close + 2] == "," and (
            self.words(q) >= MIN_FREE_WORDS or self.stands_alone(qi)))
        if not (hands_over or words[0].is_lower):
            return None
        if not hands_over and self.words(q) < MIN_FREE_WORDS and not self.stands_alone(qi):
            # A term quoted inside the sentence (the “new threat” needs new rules; a
            # network of sites called “hubs” that send visitors ...): a phrase of the sentence,
            # not words handed over to the verb after it.
            return None
        for t in frame:
            if t.text in SENTENCE_END:
                return None
            if t.pos_ == "CCONJ" and (self.doc[t.i - 1].text in {",", ";"} or not any(w.is_alpha for w in self.doc[frame.start : t.i])):
                return None  # ", but she denied ...", “...,” but he said: a new clause with its own report
            if self.is_cue_verb(t) or (hands_over and self._cue_read_as_noun(t)):
                between = self.doc[frame.start : t.i]
                if not hands_over and not any(w.text == "," for w in between) \
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
                    # "“... how could you?” Mr Pryce replied that they were meant": a cue with a
                    # that-clause of its own reports that clause; the question was someone else's.
                    return None
                return t
        return None

    def _cue_read_as_noun(self, t: Token) -> bool:
        """Repair ``cue_read_as_noun``: "“...,” a narrator in the film states." with "states"
        tagged a noun: a cue verb's form ending the tag, right after a noun or name (its
        subject; "the editorial read." with the noun tagged an adjective too), before the
        sentence's end or a comma, is the cue."""
        if t.pos_ not in {"NOUN", "PROPN"} or t.lemma_.lower() not in self.lex.verbs or t.i < 1 or t.i + 1 >= len(self.doc):
            return False
        before, after = self.doc[t.i - 1], self.doc[t.i + 1]
        # A noun of the subject can itself be tagged an adjective after its article ("the
        # editorial read."): the article shows it heads the phrase.
        noun_read_as_adjective = before.pos_ == "ADJ" and t.i >= 2 and self.doc[t.i - 2].pos_ == "DET"
        return after.text in {".", ","} and (before.pos_ in {"NOUN", "PROPN", "PRON", "NUM"} or noun_read_as_adjective) \
            and not t.is_title

    def verb_after(self, qi: int) -> Token | None:
        """Rule ``verb_after``: a quotation handing over (a comma, question or exclamation mark
        inside its close) to a speaker and a verb the lexicon lacks ("“...,” Trump barked", "“...!”
        the crowd cried out", "“...,” exhorted her introducer"): the verb is the cue. Only a
        speaker phrase stands between the quotation and the verb, or the verb comes first and
        its speaker right after it."""
        q = self.quotations[qi]
        inner, frame = self._frame_after(qi)
        if frame is None or not inner.endswith((",", "?", "!")):
            return None
        if not self.stands_alone(qi):
            return None  # a phrase quoted inside the author's sentence, not words handed over
        verb = next((t for t in frame if (t.pos_ in {"VERB", "CCONJ"} and not self._name_read_as_verb(t))
                     or t.text in SENTENCE_END), None)
        if verb is None or verb.pos_ != "VERB" or self.quoted(verb) \
                or any(t.pos_ not in SPEAKER_POS and not self._name_read_as_verb(t) for t in self.doc[frame.start : verb.i]):
            return None
        if any(c.dep_ == "auxpass" or (c.dep_ == "ccomp" and c.i > verb.i) or c.tag_ == "MD" for c in verb.children) \
                or verb.dep_ in {"relcl", "acl"}:
            # A passive names no speaker, a clause after the verb is another report, a modal
            # tells what may happen, not who spoke, and a relative clause describes a noun
            # ("“Fake news,” the phrase she used, became a slogan").
            return None
        subject = self.subject_of(verb)
        if subject is None or not (_nominal(subject) or self._name_read_as_verb(subject)) \
                or subject.lower_ in NO_SPEAKER_WORDS:
            return None
        words = [t for t in frame if not t.is_punct and not t.is_space]
        before = frame.start <= subject.i < verb.i
        inverted = subject.i > verb.i and words and words[0].i == verb.i
        if before and any(c.i > verb.i and c.dep_ in {"dobj", "attr", "acomp", "oprd", "xcomp"} for c in verb.children):
            return None  # the author's next sentence ("“Who will build them?” Nobody has an answer.")
        return verb if before or inverted else None

    def _name_read_as_verb(self, t: Token) -> bool:
        """"“...,” Trump shot back" with "Trump" tagged a verb: a capitalised word the entity
        recogniser calls a speaker, right before another verb, is the name."""
        return t.pos_ == "VERB" and t.is_title and (t.ent_type_ in SPEAKER_LABELS or self.named(t)) \
            and t.i + 1 < len(self.doc) and self.doc[t.i + 1].pos_ == "VERB"

    def tag_after_full_stop(self, qi: int) -> Token | None:
        """Rule ``tag_after_full_stop``: a quotation closed by a full stop, then a sentence of a
        speaker and a cue verb only ("“... are missing.” Trump said.", "“...” added Gowdy."): the
        quotation's tag, its comma written as a full stop."""
        inner, frame = self._frame_after(qi)
        if frame is None or not inner.endswith("."):
            return None
        words = [t for t in frame if not t.is_punct and not t.is_space]
        ends = [t for t in frame if t.text in SENTENCE_END]
        if not words or len(words) > 6 or not ends or ends[0].i < words[-1].i:
            return None
        verbs = [t for t in words if t.pos_ in {"VERB", "AUX"}]
        if len(verbs) != 1 or not self.is_cue_verb(verbs[0]) or any(t.pos_ not in SPEAKER_POS for t in words if t is not verbs[0]):
            return None
        subject = self.subject_of(verbs[0])
        if subject is None or not _nominal(subject) or not frame.start <= subject.i < frame.end:
            return None
        return verbs[0]

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
        while len(tokens) > 1 and tokens[-1].is_space and "\n" not in tokens[-1].text:
            tokens.pop()  # a no-break space before the quotation ("X tweeted:\xa0“...”")
        last = tokens[-1]
        if last.text not in {":", ","} and not self.is_cue_verb(last):
            return None
        for t in reversed(tokens):
            if t.text in SENTENCE_END:
                break  # no cue verb in the clause before the quotation; a colon may still be one
            if (self.is_cue_verb(t) or self._put_it(t)) and not self.markup_tag(t):
                return self._colon_clause_over(t, last, frame) or t
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

    def _colon_clause_over(self, cue: Token, last: Token, frame: Span) -> Token | None:
        """Repair ``colon_clause_over_cue``: "Asked which county he liked, he demurred: “...”":
        the cue verb found is subordinate (an adverbial clause) to the verb whose clause the
        colon closes, and that verb has a subject of its own: the colon's clause is the cue."""
        if last.text != ":" or last.i == frame.start:
            return None
        root = last.nbor(-1)
        while root.head.i < last.i and root.head.i != root.i and root.pos_ not in {"VERB", "AUX"}:
            root = root.head
        if root.pos_ != "VERB" or root.i == cue.i or self.quoted(root) or cue.dep_ != "advcl" or cue.head.i != root.i:
            return None
        subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS and not self.quoted(c)), None)
        return root if subject is not None and _nominal(subject) else None

    def sentence_around(self, qi: int, att: Attribution | None) -> tuple[int, int]:
        """A quotation that is only part of its sentence ("However laudable the goal, it
        ''is the wrong way round,'' he said") reports the whole sentence: the content runs
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

    def dash_credit_below(self, qi: int) -> Attribution | None:
        """Rule ``dash_credit_below``: a paragraph that is only quotation, credited in the next
        paragraph by a dash and a name ("“...”\n\n- Maria Lopez." or "-Maria Lopez, a farmer."),
        the convention of quote boxes and fact checks: the dash is the cue, the name the speaker."""
        q = self.quotations[qi]
        p_start, p_end = self._paragraph_bounds(q.paragraph)
        if not self._only_quotation(q.paragraph, p_start, p_end) or q.paragraph + 1 >= len(self.paragraph_starts):
            return None
        below, below_end = self._paragraph_bounds(q.paragraph + 1)
        m = DASH_CREDIT_BELOW.match(self.text, below, below_end)
        if m is None or self.quotation_at(m.start(2)) is not None:
            return None
        cue = self.doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        name = m.group(2).rstrip().rstrip(".")
        if cue is None or not name:
            return None
        speaker = (m.start(2), m.start(2) + len(name))
        return Attribution(cue, speaker, "name", self.entity_id(*speaker))

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
            if head.pos_ == "VERB" and head.lemma_.lower() not in self.lex.verb_class("not_reporting"):
                break
            if head.head.i == head.i:
                return None
            head = head.head
        else:
            return None
        if head.pos_ != "VERB" or head.lemma_.lower() in self.lex.verb_class("not_reporting") or self.quoted(head):
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
        subject outside the quotation is the cue. Titles are not quotations of anyone. The row
        reports the cue's complements when they hold the quotation and no quotation before it
        ("knocked a claim by X that a “shameful amount” was spent": direct.direct_rows)."""
        q = self.quotations[qi]
        inner = self.tokens_between(q.start, q.end)
        if inner is None or not len(inner) or self.is_title(qi):
            return None
        sent = inner[0].sent
        p_start = self._paragraph_bounds(q.paragraph)[0]
        for t in reversed(self.doc[sent.start : inner.start]):
            if t.idx < p_start or t.text in SENTENCE_END:
                break
            if t.pos_ != "VERB" or self.quoted(t) or t.lemma_.lower() in self.lex.verb_class("not_reporting"):
                continue
            subject = self.subject_of(t, guess=False)
            if subject is not None and _nominal(subject) and subject.lower_ not in {"it", "there"}:
                return self.attribution(t, subject)
        return None
