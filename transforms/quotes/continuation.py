"""Paragraph continuation: a quotation with no cue of its own goes on from the speaker before it."""
from __future__ import annotations

import re

from transforms.quotes.marks import Quotation, SENTENCE_END
from transforms.quotes.values import Attribution

# After a title's closing mark: the sentence goes on (a word, a comma and a word; not a line end).
TITLE_GOES_ON = re.compile(r"['’\"”]*,?[ \t]+[\w(]")


def _continued(att: Attribution) -> Attribution:
    return Attribution(att.cue, att.speaker, "continuation" if att.speaker else "none", att.entity_id)


class ContinuationRules:
    def continuation(self, q: Quotation, by_paragraph, carried: dict[int, Attribution]) -> Attribution | None:
        """The speaker ``q`` goes on from: ``by_paragraph`` holds each paragraph's attributions so
        far (position, attribution, from a quotation?), ``carried`` the speaker a paragraph of
        quotations went on from (both built in text order by ``direct.direct_rows``)."""
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
            previous = self._previous(q, by_paragraph, carried)
            if not here[0][2] and previous and all(
                    self.quotation_at(i) is not None for i in range(p_start, q.open) if self.text[i].isalnum()):
                # A paragraph opening with a quotation, the reporter's narrative after it: the
                # later report is the narrative's, the quotation goes on from the paragraph before.
                return _continued(previous[-1][1])
            return _continued(here[0][1])
        if not self._only_quotation(q.paragraph, p_start, p_end) and not (utterance and all(
                self.quotation_at(i) is not None for i in range(p_start, q.open) if self.text[i].isalnum())):
            # Neither a paragraph of quotations only nor one that opens with quotations, the
            # author's narrative after them ("“… this season.” Scotland have not won ...").
            return None
        previous = self._previous(q, by_paragraph, carried)
        if previous:
            return _continued(previous[-1][1])
        return None

    def title_in_sentence(self, qi: int) -> bool:
        """Repair ``title_in_sentence``: a quotation that reads as a title and that the sentence
        goes on after, no full stop inside it ("“Night Ferry” star Ana Ruiz said ...", "''Lost
        Harbour,'' the 1990s serial, is ...", "“Build the Bridge” rang out again"), is a name
        inside the author's sentence: nobody's quote, no speaker to go on from."""
        q = self.quotations[qi]
        if not self.is_title(qi) or self.text[q.start : q.end].rstrip("'’\"”,")[-1:] in {".", "!", "?"}:
            return False
        return bool(TITLE_GOES_ON.match(self.text, q.close + 1)) if q.close < len(self.text) else False

    def _previous(self, q: Quotation, by_paragraph, carried: dict[int, Attribution]):
        """The attributions of the paragraph before ``q``'s that can go on to it; for a paragraph
        of quotations with none, the speaker those quotations went on from."""
        previous = self._handing_on(by_paragraph.get(q.paragraph - 1))
        if not previous and q.paragraph - 1 in carried:
            return [(0, carried[q.paragraph - 1], True)]
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
