"""Coreference: a speaker's entity id, from the entities component's mentions or an antecedent before it."""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

import transforms.quotes as quotes_package
from transforms.quotes.lexicon import Referent
from transforms.labels import SPEAKER_LABELS
from transforms.quotes.words import SUBJECT_DEPS


# How far back (characters) a pronoun looks for its antecedent.
ANTECEDENT_WINDOW = 1500


def _mentions(doc: Doc) -> list[tuple[int, int, str, str | None]]:
    """(start, end, label, entity_id) sorted by start, from the entities component's mentions
    when it ran (an empty list when it found none), else from ``doc.ents`` with the lower-cased
    text as a stand-in id."""
    if doc._.dl_mentions is not None:
        rows = [(m["start_char"], m["end_char"], m["label"], m.get("entity_id")) for m in doc._.dl_mentions]
    else:
        rows = [(e.start_char, e.end_char, e.label_, e.text.lower()) for e in doc.ents]
    return sorted(rows)


def _genders(doc: Doc, mentions, first_names: dict[str, str], titles: dict[str, str | None],
             text: str | None = None) -> dict[str, str]:
    """Gender per entity id from a title right before one of its mentions (Mr./Mrs./Ms.),
    else from the first name of a full-name mention ("Hillary Clinton"), else from a person
    the article only names by a first name ("Gloria", a child in a court report)."""
    genders, by_name, by_given_name = {}, {}, {}
    text = doc.text if text is None else text  # built from the tokens on every access: pass it when known
    for start, end, label, entity_id in mentions:
        if label != "PERSON" or entity_id is None:
            continue
        words = text[start:end].split()
        if words and words[0].lower() in first_names:
            (by_name if len(words) > 1 else by_given_name).setdefault(entity_id, first_names[words[0].lower()])
        span = doc.char_span(max(0, start - 5), start, alignment_mode="expand")
        if span is None:
            continue
        for t in span:
            gender = titles.get(t.lower_[:-1] if t.lower_.endswith(".") else t.lower_)  # "Mr" or "Mr."
            if gender:
                genders.setdefault(entity_id, gender)
    return {**by_given_name, **by_name, **genders}  # a title outranks a full name, which outranks a lone word


def _relative_noun(pronoun: Token) -> Token | None:
    """The noun a relative pronoun's clause describes ("officials who said ..."), if it hangs on one."""
    return pronoun.head.head if pronoun.head.dep_ == "relcl" else None


class CoreferenceRules:
    def relative_antecedent(self, speaker: tuple[int, int]) -> str | None:
        """What a relative pronoun speaker stands for, as written: the noun phrase its clause
        hangs on ("a senior official" for the "who" of "a senior official, who spoke ...").
        The speaker as written stays the pronoun (PolNeAR marks it so); this is for reading
        and grouping (`who_said_what.speaker_name`)."""
        span = self.doc.char_span(*speaker)
        if span is None or len(span) != 1:
            return None
        token = span[0]
        referent = self.lex.referents.get(token.lower_)
        noun = _relative_noun(token) if referent is not None and referent.refers_to == "RELATIVE" else None
        if noun is None:
            return None
        start, end = self.speaker_span(noun)
        return self.text[start:end] if end <= token.idx else None

    def resolve(self, head: Token, start: int, end: int) -> tuple[str, str | None]:
        phrase = self.text[start:end].lower()
        if len(head.text) > 1 and head.text.isupper() and start == head.idx:
            entity_id = self.entity_id(start, end)
            if entity_id is not None:
                return "name", entity_id  # an acronym that spells a pronoun ("WHO say ...")
        referent = self.lex.referents.get(phrase) or self.lex.referents.get(head.lower_)
        if referent is not None and (head.pos_ == "PRON" or phrase in self.lex.referents):
            if referent.refers_to == "RELATIVE":
                noun = _relative_noun(head)
                if noun is None:
                    return "pronoun", None
                # The speaker as written is the pronoun (as PolNeAR marks it); who it is, is
                # its noun's entity: a name's, or none for a description ("a senior U.S.
                # official, who spoke" is not the U.S.; "a report that said" is no one's).
                return "pronoun", self.resolve(noun, *self.speaker_span(noun))[1]
            if referent.refers_to == "GROUP":
                return "pronoun", self.group_antecedent(start)
            return "pronoun", self.antecedent(start, referent)
        if head.pos_ == "PRON":
            return "pronoun", None
        name_tokens = [t for t in self.doc.char_span(start, end, alignment_mode="expand") if t.pos_ == "PROPN"]
        if head.pos_ == "PROPN" or (name_tokens and (name_tokens[-1].dep_ == "appos" or (
                name_tokens[-1].dep_ == "conj" and name_tokens[-1].head.i == head.i and head.pos_ == "NOUN"))):
            # The entity of the name's head word: "United States President Donald Trump" is
            # Trump, not the United States; a capitalised title alone ("US Ambassador") with no
            # name in it is a description.
            name = head if head.pos_ == "PROPN" else name_tokens[-1]
            entity_id = self.entity_id(name.idx, name.idx + len(name))
            if entity_id is None and name.ent_iob_ == "O":
                return "description", None
            return "name", entity_id
        if head.ent_iob_ != "O":
            # A name the tagger took for another part of speech ("Rathke also asked"): the
            # model's entity says it is one.
            entity_id = self.entity_id(head.idx, head.idx + len(head))
            if entity_id is not None:
                return "name", entity_id
        return "description", None

    def entity_id(self, start: int, end: int) -> str | None:
        # An empty list is the entities component finding no mention, not its absence: a
        # stand-in id would then name an entity that no entities row has.
        if self.doc._.dl_mentions is not None:
            # Through the package, where a test replaces it to make the component fail
            # (tests/test_pipeline.py patches ``transforms.quotes.entity_id_at``).
            return quotes_package.entity_id_at(self.doc, start, end)
        # Without the entities component (unit tests, quotes-only pipelines) a name stands
        # for itself, lower-cased, as in ``_mentions``.
        ents = [e for e in self.doc.ents if e.start_char < end and e.end_char > start and e.label_ in SPEAKER_LABELS]
        return ents[-1].text.lower() if ents else None

    def antecedent(self, before: int, referent: Referent, depth: int = 0) -> str | None:
        """The compatible mention before ``before`` the pronoun most likely stands for; mentions
        inside quotations are not speakers. The nearest sentence holding any compatible mention
        decides. In the pronoun's own sentence that is the most recent mention ("the department
        lifted the ban on ZTE after the company agreed"); in an earlier sentence its first
        subject, as a speaker pronoun carries on the topic ("Ann Lee of the Post dubbed the
        Cruise video a stunt. She said ..." is Ann Lee, not Cruise), else its last mention.
        For he/she, a subject that is the same pronoun again stands for what that one stands for
        ("So he admires Ferrante. “...,” he said."), and a subject that is a person named by no
        name ("A spokeswoman for the office said ... “...,” she said.") is nobody's entity: the
        pronoun then has none rather than an earlier name's."""
        key = (before, referent, depth)  # deeper lookups stop sooner: their answers may differ
        if key in self._antecedents:
            return self._antecedents[key]
        candidates: list[tuple[int, int, str | None, bool]] = []  # (sentence start, position, entity, is a subject)
        i = bisect_right(self.mention_starts, before - 1) - 1
        while i >= 0 and self.mentions[i][0] >= before - ANTECEDENT_WINDOW:
            m_start, m_end, label, entity_id = self.mentions[i]
            i -= 1
            if label != referent.refers_to or entity_id is None or self.quotation_at(m_start) is not None:
                continue
            gender = self.genders.get(entity_id)
            if referent.gender and gender and gender != referent.gender:
                continue
            span = self.doc.char_span(m_start, m_end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            candidates.append((span[0].sent.start, m_start, entity_id, self._subject_mention(span)))
        if referent.refers_to == "PERSON":
            candidates += self._person_subjects(before, referent, depth)
        found_id = None
        if candidates:
            nearest = max(c[0] for c in candidates)
            found = sorted((c[1:] for c in candidates if c[0] == nearest), reverse=True)  # most recent first
            subjects = [entity_id for _, entity_id, is_subject in found if is_subject]
            own_sentence = nearest >= self.doc.char_span(before, before + 1, alignment_mode="expand")[0].sent.start
            found_id = subjects[-1] if subjects and not own_sentence else found[0][1]
        self._antecedents[key] = found_id
        return found_id

    def group_antecedent(self, before: int, depth: int = 0) -> str | None:
        """Rule ``they_group_subject``. "They" stands for the nearest subject before it: in its own
        sentence any clause's but the one it reports (``they_not_own_content``), in
        an earlier one the main clause's ("people Wikinews observed" is people). That subject
        decides: a people, or an organization with a plural name (NORP; ORG tagged NNPS:
        "Senate Democrats walked out because they said ...") is the entity; "they" again stands
        for what that one stands for (looked up at most twice over); anything else (a plural
        description such as "the report's authors", a coordination, a person, a singular
        organization) is a group no entity names, and the
        pronoun stays unresolved rather than take an earlier name."""
        window = self.doc.char_span(max(0, before - ANTECEDENT_WINDOW), before, alignment_mode="contract")
        at = self.doc.char_span(before, before + 1, alignment_mode="expand")
        if window is None or not len(window) or at is None:
            return None
        own_sentence = at[0].sent.start
        for t in reversed(window):
            if t.dep_ not in SUBJECT_DEPS or self.quoted(t) or t.tag_ in {"WDT", "WP"}:
                continue
            if t.i < own_sentence and not self._main_clause(t.head):
                continue
            if t.i >= own_sentence and self._in_reported_clause(t, at[0]):
                continue
            if t.pos_ == "PRON":
                same = self.lex.referents.get(t.lower_) == self.lex.referents.get("they")
                return self.group_antecedent(t.idx, depth + 1) if same and depth < 2 else None
            if any(c.dep_ == "conj" for c in t.children):
                return None
            i = bisect_right(self.mention_starts, t.idx) - 1
            # A people ("Democrats") or a plural name of an organization ("the Teamsters"): a
            # singular one ("The Associated Press interviewed crew members. They said ...") is
            # "it" more often than "they".
            if i >= 0 and self.mentions[i][1] > t.idx and (
                    self.mentions[i][2] == "NORP" or (self.mentions[i][2] == "ORG" and t.tag_ == "NNPS")):
                return self.mentions[i][3]
            return None
        return None

    def _person_subjects(self, before: int, referent: Referent, depth: int) -> list[tuple[int, int, str | None, bool]]:
        """Main-clause subjects before ``before`` that are no name but still a person he/she
        may stand for. The same pronoun, and a definite person noun ("the chancellor", "the
        veteran pop star"), stand for what they refer back to (looked up at most twice over);
        a person noun brought in new ("a spokeswoman for the office", "his son") is someone
        unnamed: no entity."""
        window = self.doc.char_span(max(0, before - ANTECEDENT_WINDOW), before, alignment_mode="contract")
        out = []
        for t in window if window is not None else ():
            if t.dep_ != "nsubj" or t.head.dep_ != "ROOT" or t.idx >= before or self.quoted(t):
                continue
            if t.pos_ == "PRON":
                if self.lex.referents.get(t.lower_) == referent and depth < 2:
                    out.append((t.sent.start, t.idx, self.antecedent(t.idx, referent, depth + 1), True))
                continue
            if t.pos_ != "NOUN" or t.tag_ != "NN" or t.ent_iob_ != "O" or t.lower_ not in self.lex.person_nouns:
                continue
            gender = self.lex.person_nouns[t.lower_]
            if (referent.gender and gender and gender != referent.gender) or any(d.ent_type_ == "PERSON" for d in t.subtree):
                continue
            determiner = next((c for c in t.children if c.dep_ in {"det", "poss"}), None)
            if determiner is not None and determiner.lower_ in {"the", "this", "that"}:
                if depth < 2:
                    out.append((t.sent.start, t.idx, self.antecedent(t.idx, referent, depth + 1), True))
            else:
                out.append((t.sent.start, t.idx, None, True))
        return out

    @staticmethod
    def _in_reported_clause(subject: Token, pronoun: Token) -> bool:
        """Rule ``they_not_own_content``: ``subject`` belongs to the clause the pronoun's verb
        reports, which is what "they" say, not who they are ("Republicans will lose the seat,
        they say": the content's subject is no antecedent). The clause is a complement of
        that verb ("Republicans will lose the seat, they say" parsed as its ``ccomp``) or the
        clause the verb is set off inside of (``parataxis``); a subordinate clause of the
        verb ("As Republicans left the hall, they said ...") is no report."""
        verb = pronoun.head
        if pronoun.dep_ not in SUBJECT_DEPS or verb.i == pronoun.i:
            return False
        if verb.dep_ == "parataxis" and (subject.head.i == verb.head.i or verb.head in subject.head.ancestors):
            return True
        t = subject.head
        while t.i != verb.i and t.head.i != t.i:
            if t.dep_ in {"ccomp", "parataxis"} and t.head.i == verb.i:
                return True
            t = t.head
        return False

    @staticmethod
    def _main_clause(verb: Token) -> bool:
        """The verb heads its sentence, or a clause coordinated with the one that does."""
        return verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")

    @staticmethod
    def _subject_mention(span: Span) -> bool:
        """The mention is (the name in) a clause's subject: "Ann Lee", "Ann Lee of the Post",
        "the paper's editor Ann Lee"; not a possessor ("Ann Lee's sister") nor a modifier."""
        head = span.root
        for _ in range(3):
            if head.dep_ in SUBJECT_DEPS:
                return True
            if head.dep_ not in {"compound", "appos", "flat"} or head.head is head:
                return False
            head = head.head
        return False
