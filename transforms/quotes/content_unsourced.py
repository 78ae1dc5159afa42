"""Report shapes with no named source: raising verbs, passives, hedges, impersonal adjectives (``it is unclear whether ...``)."""
from __future__ import annotations

from spacy.tokens import Token

from transforms.quotes.values import Attribution
from transforms.quotes.words import SUBJECT_DEPS


class UnsourcedRules:
    def _unsourced_quote(self, verb: Token, lemma: str):
        """"The governor seems to have lost interest", "The vote is expected to come next month",
        "He was accused of lying": the whole clause, subject included, is reported by nobody named. A
        passive with an agent ("X is supported by Y") has the agent as source and its subject,
        what the agent stands for, as content."""
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None or self.quoted(subject) or subject.lower_ in {"it", "there", "this", "that", "which", "who"}:
            return None
        passive = subject.dep_ == "nsubjpass"
        if passive and lemma not in self.lex.passive and not any(c.dep_ == "agent" for c in verb.children):
            return None  # other cues report in the passive only with their source ("X was praised by Y")
        if not passive and (lemma not in self.lex.raising or not any(c.dep_ == "xcomp" for c in verb.children)):
            return None  # "She appeared on stage": raising verbs report only with "to ..."
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        source = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if source is not None:
            span = self._trimmed(subject.left_edge.i, subject.right_edge.i + 1)
            return (span, self.attribution(verb, source)) if span is not None else None
        # The clause ends before what the author adds after a comma (", but ...", ", with ...").
        stops = [c.i for c in verb.rights if c.text in {",", ";", "—", "–"} or c.dep_ in {"cc", "conj", "advcl", "parataxis"}]
        end = min([self._clause_end(verb), verb.sent.end, *stops])
        span = self._trimmed(max(subject.left_edge.i, verb.sent.start), end)
        if span is None:
            return None
        hedged = None if passive else self._hedged_report(verb)
        if hedged is not None:
            # "She appeared to suggest that ...": a report of hers the author hedges; she speaks.
            return span, self.attribution(hedged, subject)
        if self._under_report(verb):
            return None
        return span, Attribution(self.doc[verb.i : verb.i + 1], None, "none", None)

    def _under_report(self, verb: Token) -> bool:
        """Repair ``unsourced_under_report``: "The poll showed that ..., though X appears to have the
        stronger position", "She added that the pilot's decision appeared to be sound": a
        raising or passive verb inside a clause that a cue verb before it reports is part of that
        report, held by its speaker; it is no report by nobody named of its own."""
        node = verb
        while node.head.i != node.i:
            if node.dep_ == "ccomp" and node.head.i < verb.i and node.head.pos_ == "VERB" \
                    and self.lemma(node.head) in self.lex.verbs:
                # A headline parsed as one sentence with the text under it reports nothing of it.
                return self.paragraph_of(node.head.idx) == self.paragraph_of(verb.idx)
            node = node.head
        return False

    def _hedged_report(self, verb: Token) -> Token | None:
        """The raising verb's infinitive is itself a cue verb reporting something ("X seems to
        suggest that ...", "X appears set to deny ..."): that verb, whose report the subject
        makes, the raising verb only hedging it."""
        inner = verb
        for _ in range(2):
            inner = next((c for c in inner.children if c.dep_ == "xcomp"), None)
            if inner is None:
                return None
            lemma = self.lemma(inner)
            if (lemma in self.lex.verbs or lemma in self.lex.object_verbs) \
                    and any(c.dep_ in {"ccomp", "dobj"} for c in inner.children):
                return inner  # "appears to be feeling better" reports nothing
        return None

    @staticmethod
    def _impersonal(adjective: Token) -> bool:
        """The adjective's copula has the dummy "it" for subject ("it is clear ...")."""
        return any(c.dep_ in {"nsubj", "expl"} and c.lower_ == "it" for c in adjective.head.children)

    def _impersonal_quote(self, adjective: Token):
        """"It is unclear whether ...", "it was obvious that ...": the extraposed clause is
        reported, by nobody named."""
        clause = next((c for c in [*adjective.head.children, *adjective.children]
                       if c.dep_ == "ccomp" and c.i > adjective.i), None)
        if clause is None or _open_question(clause):
            return None
        span = self._trimmed(clause.left_edge.i, self._clause_end(clause))
        if span is None:
            return None
        return span, Attribution(self.doc[adjective.i : adjective.i + 1], None, "none", None)


def _open_question(clause: Token) -> bool:
    """An embedded question ("it is unclear whether/how/why ...") states nothing anyone holds: the
    question is left open. A that-clause ("it is clear that ...") is a claim."""
    first = clause.left_edge
    return first.lower_ in {"whether", "if"} or first.tag_ in {"WDT", "WP", "WP$", "WRB"}
