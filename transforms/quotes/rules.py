"""The names a quote row's ``rule`` takes (the ``quotes.rule`` column), each with where it is.

A direct quote's content is its quotation marks; its rule says how its speaker was found. An
indirect or mixed quote's rule is the report shape that found its content.
"""

RULES = (
    # Direct quotes (and quotations widened to their sentence, kind mixed): the attribution.
    "label_before",          # transcripts.TranscriptRules.label_before: "- X, coach: “...”"
    "label_after_break",     # transcripts.TranscriptRules.label_after_break: "... - Dana Reyes: “...”"
    "cue_after",             # cues.CueRules.cue_after: "“...,” X said"
    "cue_before",            # cues.CueRules.cue_before: "X said: “...”"
    "verb_after",            # cues.CueRules.verb_after: "“...,” Trump barked" (a verb the lexicon lacks)
    "tag_after_full_stop",   # cues.CueRules.tag_after_full_stop: "“... missing.” Trump said."
    "dash_credit",           # cues.CueRules.dash_credit: "“...” — X"
    "dash_credit_below",     # cues.CueRules.dash_credit_below: "“...”\n\n- X."
    "nearest_cue",           # cues.CueRules.nearest_cue: the verb of the sentence a quotation sits in
    "continuation",          # continuation.ContinuationRules.continuation: the speaker before it
    "named_before",          # continuation.ContinuationRules.named_before: a person named just before
    "unattributed",          # direct.direct_rows: a quotation standing alone, nobody found
    "governing_report",      # cues.CueRules.governing_report: "X called it a “disaster”" (mixed)
    "transcript_turn",       # transcripts.TranscriptRules.transcript_turns: "NAME: ..."
    "headline_claim",        # transcripts.TranscriptRules.headline_claim: "Name: claim" headline
    "headline_quote",        # transcripts.TranscriptRules.headline_quote: "Name ...: ‘...’" headline
    # Indirect speech: the report shape (content.ContentRules.indirect_quotes dispatches).
    "source_prep",           # content_sources.SourceRules._source_prep_quote: "according to X"
    "in_source",             # content_sources.SourceRules._in_source_quote: "in a statement, X ..."
    "impersonal",            # content_unsourced.UnsourcedRules._impersonal_quote: "it is unclear whether"
    "adjective_complement",  # content_words.WordComplementRules._adjective_quote: "X is confident that"
    "noun_complement",       # content_words.WordComplementRules._noun_quote: "X's claim that"
    "inverted_report",       # content.ContentRules._inverted_report: "A will happen, predicts the report."
    "asked_question",        # content.ContentRules._asked_question: "Asked whether A, X said ..."
    "complement_clause",     # content_complement.ComplementRules._complement_quote: "X said (that) ..."
    "addressed_clause",      # content_complement.ComplementRules._addressed_clause: "expect a rival to ..."
    "hearer_clause",         # content_complement.ComplementRules._hearer_clause: "told donors that ..."
    "clause_after_adjunct",  # content_complement.ComplementRules._clause_after_adjunct
    "split_around",          # content.ContentRules._split_around: "A, Stumpf explained, were B"
    "set_off_inside",        # content_complement.ComplementRules._set_off_inside
    "as_before_comma",       # content_complement.ComplementRules._as_before_comma: "As X noted, A"
    "as_set_off",            # content_complement.ComplementRules._as_set_off: "A, as X noted"
    "set_off_after",         # content_complement.ComplementRules._set_off_after: "A, X said in a report"
    "said_so",               # content_complement.ComplementRules._said_so: "half said so", "X said the same of Y"
    "object_complement",     # content_words.WordComplementRules._object_quote: "called for X", "accused X of Y"
    "unsourced",             # content_unsourced.UnsourcedRules._unsourced_quote: "X is expected to ..."
    # Learned (when the component's use_model is set: build_pipeline sets it unless DATELINE_QUOTE_MODEL=0):
    # a content the quote model finds.
    "model_content",         # model_content.model_rows: a model CONTENT span no rule row overlaps
)

# How a speaker pronoun is resolved to an entity (the ``speaker_entity_id`` of a row), or which
# word is the speaker (the row's ``rule`` stays the rule that found the row). Each is named as
# "Rule ``name``" in coreference.py or speakers.py.
SPEAKER_RULES = (
    "they_group_subject",    # coreference.CoreferenceRules.group_antecedent: "Democrats ... they said"
    "they_not_own_content",  # coreference.CoreferenceRules._in_reported_clause: "A will happen, they say"
    "possessor_under_subject",  # speakers.SpeakerRules._possessor_under_subject: "Lee renewed his claim that" (Lee)
    "belief_under_report",   # speakers.SpeakerRules._reporter_of_belief: "Lee made plain that she expects ..." (Lee)
)

# Repairs that several report shapes share: a row's bounds moved, or a row left to another pass
# (the row keeps the rule that found it). Each is named as "Repair ``name``" where it applies.
REPAIRS = (
    "quotation_ends_clause",           # reconcile._ends_at_quotation: "... “expanded the party,” claiming that ..."
    "in_phrase_goes_on",               # boundaries.BoundaryRules._in_phrase_goes_on: "backed X in the race"
    "time_ends_object",                # boundaries.BoundaryRules._bare_time: "praised the plan (on) Tuesday"
    "own_subject_after_and",           # boundaries.BoundaryRules._own_subject_after_and: "said A, and the union B"
    "object_leaves_tagged_quotation",  # content.ContentRules._tagged_after: "saw it as “...,” Y said"
    "speaker_in_tag",                  # subjects.speaker_in_tag: "“...,” Ramos, 58, told AFP", "“...,” tweeted another"
    "participle_on_quotation",         # subjects.participle_on_quotation: "X shared it, writing “...”" (parsed onto the quotation)
    "participle_opening_tag",          # subjects.participle_opening_tag: "X spoke. Adding, “...”"
    "colon_clause_over_cue",           # cues.CueRules._colon_clause_over: "Asked ..., he demurred: “...”"
    "cue_read_as_noun",                # cues.CueRules._cue_read_as_noun: "“...,” a narrator in the film states."
    "adjective_control",               # subjects.climb: "X was quick to embrace Y" (X embraces)
    "speaker_past_place",              # speakers.SpeakerRules._past_place: "LONDON (Reuters) - X said", "Saturday at ... X said"
    "said_not_title",                  # direct.said_before: "X said, “Probably.”", "chanted “Dump Lee.”" (capitalised, yet said)
    "coordinated_quotations",          # direct.coordinated_quotation: "chanted “A” and “B.”" (one row over both)
    "quotation_runs_on",               # direct.join_runs: 'X said: "A.' then '"B."' (a quote over paragraphs, one row)
    "quotation_after_cut",             # direct.cut_off_quotations: "X said A “...,” adding, “B.”" (B left by the cut clause)
    "poll_standing",                   # content_sources.SourceRules._poll_standing: "she climbed in the polls" (no row)
    "charge_in_report",                # content.ContentRules._charge_in_report: "criticized Y for supporting Z" (no row of "supporting")
    "markup_tag",                      # content.ContentRules.markup_tag: "<tweet pic="" author="X">" (no cue, no row)
    "unsourced_under_report",          # content_unsourced.UnsourcedRules._under_report: "added that X appeared to be Y" (no unsourced row)
    "unnamed_inside_report",           # reconcile._outermost: "X thinks A matters more than defending B" (no row of "defending")
    "mark_opens_complement",           # boundaries.BoundaryRules._mark_before_complement: "called X [“]Y”" (mark hung on the verb)
    "reason_after_quotation",          # boundaries.BoundaryRules._reason_after_quotation: "called X “Y” because Z"
    "asked_unnamed",                   # content.ContentRules._verb_report: "Asked whether A, X said" (the question has no speaker)
    "title_in_sentence",               # continuation.ContinuationRules.title_in_sentence: "“Night Ferry” star X said" (no row)
    "split_predicate",                 # boundaries.BoundaryRules._split_predicate_end: "said all of the food gathered would go to ..."
    "sibling_report",                  # boundaries.BoundaryRules._sibling_report_end: "said A, while others said B" (two rows)
    "wh_object_after_and",             # boundaries.BoundaryRules._wh_object_after_and: "talked about A and how B"
    "participle_after_noun_clause",    # subjects.reporter_of_closing_participle: "X denied the claim that A was planned, arguing" (X)
    "speaker_before_aside",            # subjects._past_aside: "X (R-Tex.), waving the audit, said", "a nurse who spoke to explain ... said" (X, nurse)
    "percent_subject",                 # subjects._share: "42% say they ..." (the tokenizer splits the sign; the share speaks)
    "topic_after_hearer",              # content_words.WordComplementRules._topic_after_phrases: "spoke to reporters on Friday about X" (X)
    "same_cue_inside",                 # reconcile._same_cue_outer: "explained why A was “B.”" (no row of "why A" beside the whole)
    "report_opens_object",             # reconcile._report_opens: "declined to comment on X" (the row of "comment", none of "declined")
    "object_in_object",                # reconcile._object_in_object: "published a letter disputing X" (no row of "disputing")
    "clause_across_colon",             # content_complement.ComplementRules._across_colon: "A came together: a lawsuit threatened B" (no row of A)
)
