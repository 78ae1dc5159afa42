"""Labelled speech: transcript turns (``NAME: ...``), list reactions (``X: “...”``) and headline claims (``X: ...``)."""
from __future__ import annotations

import re

from transforms.quotes.values import Attribution


# Transcripts and debate excerpts: a paragraph opening with the speaker's name in capitals.
SPEAKER_LABEL = re.compile(r"^[“\"]?([A-Z][A-Z.'’\- ]{1,40}[A-Z.]):[ \t]+(?=\S)", re.MULTILINE)


# The first line "Name: claim", a name of up to four capitalised words.
HEADLINE_CLAIM = re.compile(r"([A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3}):[ \t]+([^\n]+)")


# "Senator Grills Airline Boss: ‘You Owe Us an Apology.’": a headline whose words after the colon are
# all one quotation; the person named before the colon said them.
HEADLINE_QUOTE = re.compile(r"([^\n:]{3,100}):[ \t]+([‘'“\"][^\n]*[’'”\"][.!?]?)[ \t]*$", re.MULTILINE)


# "- Harbour Town boss Gary Voss: “...”": an optional bullet, a phrase of up to 80
# characters and a colon right before a paragraph's opening quotation.
LABELLED_QUOTE = re.compile(r"[ \t]*(?:[-–•*][ \t]*)?([A-Z][^:\n\"“”]{1,80}?)[ \t]*:[^\S\n]*")
# After a dash or a sentence's end inside a paragraph: a name of capitalised words and a colon.
LABEL_AFTER_BREAK = re.compile(r"(?:[ \t][-–—][ \t]|[.!?][”\"]?[ \t]+)((?:[A-Z][\w.’'\-]*|and)(?:[ \t]+(?:[A-Z][\w.’'\-]*|and))*)[ \t]*:[^\S\n]*(?=[“\"])")


class TranscriptRules:
    def label_before(self, qi: int) -> Attribution | None:
        """"- Harbour Town boss Gary Voss: “We had a good chance ...”": a paragraph opening
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

    def label_after_break(self, qi: int) -> Attribution | None:
        """Rule ``label_after_break``: "Pollsters agree - Dana Reyes: “...”", "... no plan.
        Bush: “...”": inside a paragraph, after a dash or a sentence's end, a name and a colon
        right before the quotation label it as ``label_before`` labels a paragraph's opening. The
        phrase is a person's or an organisation's name only: capitalised words (and "and"),
        no verb, up to six words."""
        q = self.quotations[qi]
        p_start = self._paragraph_bounds(q.paragraph)[0]
        m = LABEL_AFTER_BREAK.search(self.text, p_start, q.open + 1)
        if m is None or m.end() != q.open or m.start(1) == p_start:
            return None
        start, end = m.span(1)
        phrase = self.doc.char_span(start, end, alignment_mode="expand")
        if phrase is None or len(phrase) > 6 or self.quotation_at(start) is not None \
                or any(t.pos_ in {"VERB", "AUX"} for t in phrase):
            return None
        names = [(s, e, entity_id) for s, e, label, entity_id in self.mentions
                 if label in {"PERSON", "ORG"} and start <= s and e <= end]
        # After a dash, proper nouns alone name a columnist or a newsletter the recogniser
        # missed ("... - Lou Park: “...”", "... - PollDesk: “...”").
        dashed = self.text[m.start() : start].strip() in {"-", "–", "—"}
        if not names and not (dashed and len(phrase) <= 4 and all(t.pos_ == "PROPN" for t in phrase)):
            return None
        colon = self.doc.char_span(m.end(1), m.end(1) + 1, alignment_mode="expand")
        return Attribution(colon, (start, end), "name", names[-1][2] if names else None)

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
            rows.append(self.row("direct", start, end, Attribution(cue, speaker, "name", self.entity_id(*speaker)),
                                 "transcript_turn"))
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
        # A person's name closing a described label ("Ohio Gov Smith", "Mayor's Rival Jane Doe") names one too.
        named = any(e.start_char == 0 and e.end_char == len(label) and e.label_ in {"PERSON", "ORG"} for e in self.doc.ents) \
            or any(e.end_char == len(label) and e.label_ == "PERSON" for e in self.doc.ents) \
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
        return [self.row("indirect", start, end, Attribution(cue, speaker, kind, self.entity_id(*speaker) if named else None),
                         "headline_claim")]

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
        return [self.row("direct", start, end, Attribution(cue, speaker, "name", self.entity_id(*speaker)), "headline_quote")]
