"""Case tables for the arguments stage (transforms/events/relations.py and arguments.py): the
relations found around one trigger, and the role-labelled spans made of them."""
from __future__ import annotations

import pytest

from transforms.events.arguments import arguments_of, index_doc
from transforms.events.relations import relations
from transforms.events.triggers import find_triggers


@pytest.fixture(scope="module")
def ref(nlp):
    return nlp.get_pipe("dateline_events").reference


def trigger_at(doc, ref, word):
    return next(t for t in find_triggers(doc, ref) if t.head.text == word)


@pytest.mark.parametrize("text, word, expected", [
    # the trigger's own dependents, named by their dependency
    ("Gunmen killed two policemen.", "killed", [("nsubj", "Gunmen"), ("dobj", "policemen")]),
    ("Two protesters were injured by police.", "injured", [("nsubjpass", "protesters"), ("agent", "police")]),
    # a light verb lends its subject to the nominal it takes
    ("The army launched an offensive.", "offensive", [("light", "army")]),
    # ... and so does a verb that carries it on (#20; "waging" is lemmatized wag)
    ("The rebels are waging brutal attacks on the city.", "attacks", [("light", "rebels")]),
    ("The agency resumed its investigation.", "investigation", [("light", "agency")]),
    # the claimant of responsibility did it
    ("The group claimed responsibility for the bombing.", "bombing", [("claimant", "group")]),
    # a targeting verb names the target of a nominal event
    ("The blast targeted a pharmacy.", "blast", [("targeted", "pharmacy")]),
    ("The casualties included two children.", "casualties", [("targeted", "children")]),
    # the accused of a crime noun
    ("He was charged with murder.", "murder", [("accused", "He")]),
    # a "where" clause places the event at its antecedent
    ("Six people died at the market, where a bomb exploded.", "exploded", [("where", "market")]),
    # the understood subject of a controlled verb
    ("The ministers are scheduled to meet.", "meet", [("nsubj", "ministers")]),
    # adjective_complement_subject: the subject of the verb the adjective completes (#20) ...
    ("The rebels are ready to attack the city.", "attack", [("nsubj", "rebels")]),
    # ... shared_controller: a conjoined verb has its partner's understood subject
    ("Officers were ready to chase and arrest the driver.", "arrest", [("nsubj", "Officers")]),
    # shared_object: the object of the verb joined after it (#20, ninth round)
    ("Troops shelled and destroyed the bridge.", "shelled", [("shared_object", "bridge")]),
    # light_verb_clause: a light verb in a clause on the nominal lends it its doer (#20, eleventh round)
    ("The sanctions imposed by Canada hurt the firm.", "sanctions", [("light", "Canada")]),
    ("The raid that the police carried out was criticised.", "raid", [("light", "police")]),
    # argument_light_verb: verbs the argument stage alone reads as light (#20, twelfth round)
    ("The council extended the sanctions on the firm.", "sanctions", [("light", "council")]),
    ("The bank extends cheap loans to farmers.", "loans", [("light", "bank")]),
    # partaker: who takes part in a nominal event (#20, thirteenth round)
    ("The gangs engage in kidnapping and fraud.", "kidnapping", [("partaker", "gangs")]),
])
def test_relations(nlp, ref, text, word, expected):
    doc = nlp(text)
    found = [(r.name, r.head.text) for r in relations(trigger_at(doc, ref, word).head, ref)]
    assert set(expected) <= set(found), found


@pytest.mark.parametrize("text, word, expected", [
    ("Gunmen killed two policemen in Baghdad.", "killed",
     {("actor", "Gunmen"), ("target", "two policemen"), ("place", "Baghdad")}),
    ("Police arrested five people, including Maria Lopez.", "arrested",
     {("actor", "Police"), ("target", "five people"), ("target", "Maria Lopez")}),
    ("The company agreed to pay a $2 million fine.", "fine", {("target", "company"), ("amount", "$2 million")}),
    ("A bomb exploded in Quetta on Monday.", "exploded",
     {("instrument", "bomb"), ("place", "Quetta"), ("time", "on Monday")}),
    # the number heads a partitive: four, not all the guards
    ("Four of the guards were wounded.", "wounded", {("target", "Four")}),
    # the buyer acts (RAMS Giver); the seller and the thing bought are the other parties (#20)
    ("She bought a car from a dealer.", "bought", {("actor", "She"), ("target", "car"), ("target", "dealer")}),
    # seeds/articles/huawei-executive-order.txt (#20): beside an object, "on" gives the grounds
    ("It is virtually certain to recommend barring Huawei from the U.S. on national security grounds.", "barring",
     {("target", "Huawei")}),
    ("Troops opened fire on protesters.", "opened", {("actor", "Troops"), ("target", "protesters")}),
    # seeds/articles/huawei-executive-order.txt: buyers named by a relative clause
    ("Pompeo urged officials in Hungary and Poland, NATO members that bought heavily from Huawei, to cut off purchases.",
     "bought", {("actor", "NATO members"), ("target", "Huawei")}),
    # an instrument after a preposition must be a weapon or vehicle
    ("They attacked the convoy with rockets.", "attacked",
     {("actor", "They"), ("target", "convoy"), ("instrument", "rockets")}),
    ("They attacked the convoy with enthusiasm.", "attacked", {("actor", "They"), ("target", "convoy")}),
    # the expletive "there" is no participant
    ("There was an explosion.", "explosion", set()),
    # a relative pronoun standing for an event is no participant of the harm it tells of (#20)
    ("Police blamed the group for the blast, which injured several people and damaged a cafe.", "damaged",
     {("target", "cafe")}),
    ("The militia, which attacked the convoy, fled.", "attacked", {("actor", "militia"), ("target", "convoy")}),
    # apposition_span: a name and the description beside it are one argument (#20) ...
    ("Police arrested Mark Hill, a teacher from Leeds, on Monday.", "arrested",
     {("actor", "Police"), ("target", "Mark Hill, a teacher from Leeds"), ("time", "on Monday")}),
    # ... but not a caption's bracketed aside
    ("President Ana Ruiz (L) meets the German chancellor in Rome.", "meets",
     {("actor", "Ana Ruiz"), ("target", "German chancellor"), ("place", "Rome")}),
    # infinitive_complement_subject: the subject of the verb whose object the infinitive
    # completes does it; the noun ("plan") is no target (#20)
    ("The rebels announced a plan to attack the city.", "attack", {("actor", "rebels"), ("target", "city")}),
    # place_of_name: a place noun and the name after its "of" are one place (#20)
    ("A bomb exploded in the old port town of Whitby on Friday.", "exploded",
     {("instrument", "bomb"), ("place", "old port town of Whitby"), ("time", "on Friday")}),
    # event_roles.csv: a name in front of an investigation investigates; the investigated follow "into" (#20)
    ("An FBI investigation into the bank began in May.", "investigation", {("actor", "FBI"), ("target", "bank")}),
    # own_voice: a conjoined verb with its own passive auxiliary is passive, whatever its partner (#20)
    ("The man fled the scene and was arrested on Monday.", "arrested", {("target", "man"), ("time", "on Monday")}),
    # common_noun_party: a person or a body named by a common noun in front of a nominal trigger (#20)
    ("Residents fled after a police raid on the camp.", "raid", {("actor", "police"), ("target", "camp")}),
    # event_roles.csv: where one is extradited from and to are places (#20)
    ("The banker was extradited from Spain to France in May.", "extradited",
     {("target", "banker"), ("place", "Spain"), ("place", "France"), ("time", "in May")}),
    # event_roles.csv: who resigns leaves a post, the target, as one who is fired (#20)
    ("The finance minister resigned on Friday.", "resigned", {("target", "finance minister"), ("time", "on Friday")}),
    # event_roles.csv: what collides undergoes the crash (#20)
    ("The collision between a lorry and a van closed the road.", "collision", {("target", "lorry"), ("target", "van")}),
    # event_roles.csv: an agreement with a party, a vote for a candidate (#20)
    ("The island signed a fishing agreement with Norway in May.", "agreement",
     {("actor", "island"), ("target", "Norway"), ("time", "in May")}),
    ("Most residents voted for the mayor.", "voted", {("actor", "Most residents"), ("target", "mayor")}),
    # of_phrase_span: a common noun and the "of" phrase after it are one argument (#20, ninth round)
    ("Police arrested the mother of the suspect on Monday.", "arrested",
     {("actor", "Police"), ("target", "mother of the suspect"), ("time", "on Monday")}),
    ("Gunmen killed dozens of villagers.", "killed", {("actor", "Gunmen"), ("target", "dozens of villagers")}),
    # ... not past a relative pronoun
    ("The shop sold the car, the owner of which was arrested.", "arrested", {("target", "owner")}),
    # shared_object: two verbs joined before one object share it (#20, ninth round) ...
    ("Troops shelled and destroyed the bridge.", "shelled", {("actor", "Troops"), ("target", "bridge")}),
    # ... not when the first has an object of its own, nor for meeting (event_roles.csv)
    ("Troops shelled the village and destroyed the bridge.", "shelled", {("actor", "Troops"), ("target", "village")}),
    ("The two leaders met and discussed the crisis.", "met", {("actor", "two leaders")}),
    # event_roles.csv place_modifier: a state in front of sanctions imposes them; in front of
    # another nominal event it is where it happened (#20, ninth round)
    ("Markets fell after the Canada embargo on the firm.", "embargo", {("actor", "Canada"), ("target", "firm")}),
    ("The Yemen blast killed four people.", "blast", {("place", "Yemen")}),
    # event_roles.csv: where a yielding side withdraws from or retreats to (#20, ninth round)
    ("The army withdrew from Gaza.", "withdrew", {("actor", "army"), ("place", "Gaza")}),
    # event_adjective: an adjective trigger on an event noun has the noun's participants (#20, ninth round) ...
    ("The officer was charged with the fatal shooting of a teenager in Ohio.", "fatal",
     {("actor", "officer"), ("target", "teenager"), ("place", "Ohio")}),
    # ... while on any other noun it describes who undergoes it
    ("Medics carried the dead soldiers away.", "dead", {("target", "dead soldiers")}),
    # event_roles.csv thing_modifier: a common noun in front of an embargo or a transport is what
    # is kept from passing or carried (#20, ninth round); not for other events
    ("The UN imposed an arms embargo on the country.", "embargo",
     {("actor", "UN"), ("target", "arms"), ("target", "country")}),
    ("Police seized the cargo shipments at the port.", "shipments", {("target", "cargo"), ("place", "port")}),
    ("The group claimed the bus attack.", "attack", set()),
    # (a possessor's: bare, "air travel" is the activity in aggregate, no event since the tenth round)
    ("The team's air travel next month will cost more.", "travel", {("actor", "team"), ("time", "next month")}),
    # ... nor the first word of a two-word trigger ("export controls")
    ("The government announced tougher export controls on chips.", "controls",
     {("actor", "government"), ("target", "chips")}),
    # relative_antecedent: a relative pronoun stands for the noun its clause describes, through a
    # light verb or a verb conjoined in the clause (#20, ninth round)
    ("Reporters met the firms who made donations to the party.", "donations",
     {("actor", "firms"), ("target", "party")}),
    ("The rebels, who seized the town and attacked the base, fled.", "attacked",
     {("actor", "rebels"), ("target", "base")}),
    # bare_participle: a past participle with no auxiliary, or with a "by" phrase, tells what
    # its subject underwent (#20, tenth round)
    ("The fire swept the valley, with hundreds of homes destroyed.", "destroyed", {("target", "hundreds of homes")}),
    ("Two soldiers killed or captured in the raid were named on Monday.", "captured", {("target", "Two soldiers")}),
    ("Police say the shop was looted and the owner beaten and robbed by a gang.", "robbed",
     {("actor", "gang"), ("target", "owner")}),
    # event_roles.csv (#20, tenth round): who surrenders yields; what one is threatened with, the
    # topic or medium of a statement, what one flees are no participants; the place one flees
    # is where one leaves; the one who is ill
    ("The surrender of the garrison ended the siege.", "surrender", {("actor", "garrison")}),
    ("The gang threatened the shopkeeper with dire consequences.", "threatened", {("actor", "gang"), ("target", "shopkeeper")}),
    ("The minister gave an interview on local radio on Sunday.", "interview", {("actor", "minister"), ("time", "on Sunday")}),
    ("The family fled Syria in 2015.", "fled", {("target", "family"), ("place", "Syria"), ("time", "in 2015")}),
    ("Thousands fled the violence.", "fled", {("target", "Thousands")}),
    ("Her illness kept her at home.", "illness", {("target", "Her")}),
    # appositive_name: a description with a relative clause, set beside a name, stands for the
    # name; an appositive's span stops before its relative clause (#20, tenth round)
    ("The court heard from Ann Lee, a nurse who was injured in the blast.", "injured", {("target", "Ann Lee, a nurse")}),
    ("Police arrested Mark Hill, a teacher who lives in Leeds.", "arrested",
     {("actor", "Police"), ("target", "Mark Hill, a teacher")}),
    # content_gerund (event_word_classes.csv content_verb): what a plan involves is not done by
    # the plan; a subject that begins doing it does it (#20, tenth round)
    ("The new plan involves attacking the port at night.", "attacking", {("target", "port"), ("time", "at night")}),
    ("The rebels began attacking the port at night.", "attacking",
     {("actor", "rebels"), ("target", "port"), ("time", "at night")}),
    # a negation split off with a curly apostrophe (text tokenized with spaces) is no participant (#20, tenth round)
    ("The board wo n’t indict her .", "indict", {("actor", "board"), ("target", "her")}),
    # light_verb_clause: the doer of a light verb whose clause describes the nominal, with the
    # verb's own role (#20, eleventh round); not its phrases, not a clause the nominal is the subject of
    ("The surveillance conducted by the agency in Berlin worried the judges.", "surveillance", {("actor", "agency")}),
    ("The firm appealed against the fine that it paid in May.", "fine", {("target", "it")}),
    ("Officials described the attacks that the rebels launched on the town.", "attacks", {("actor", "rebels")}),
    ("The war that began in May destroyed the town.", "war", set()),
    # light_verb_possessive: a possessive pronoun in the role the light verb's subject already
    # fills is that subject again (#20, eleventh round); in another role it stays
    ("The agency resumed its investigation into the bank.", "investigation", {("actor", "agency"), ("target", "bank")}),
    ("The court began his trial in May.", "trial", {("actor", "court"), ("target", "his"), ("time", "in May")}),
    # same_event_phrase: a nominal trigger in a phrase of a verb of its own event type has the
    # verb's participants (#20, eleventh round); not a verb of another type
    ("The gallery sold two paintings at an auction in May.", "auction",
     {("actor", "gallery"), ("target", "two paintings"), ("time", "in May")}),
    ("Two soldiers were killed in the massacre.", "massacre", {("target", "Two soldiers")}),
    ("He was injured in the attack.", "attack", set()),
    # nested_place: where a participant is, said by in, at or inside, places the event (#20,
    # thirteenth round); a participant's "near" phrase places the participant only
    ("Air raids by the coalition inside Yemen killed ten fishermen.", "raids", {("actor", "coalition"), ("place", "Yemen")}),
    ("Two men were sentenced at a hearing inside Canada.", "sentenced", {("target", "Two men"), ("place", "Canada")}),
    ("A convoy near the town of Alba was attacked on Monday.", "attacked", {("target", "convoy"), ("time", "on Monday")}),
    # chain_controller: a subjectless verb takes the understood subject of the subjectless verb
    # it is joined to or completes, down a list or a chain (#20, thirteenth round) ...
    ("The old mill was emptied, looted and finally destroyed.", "destroyed", {("target", "old mill")}),
    ("The governor froze the budget, sacked his deputies and arrested three reporters.", "arrested",
     {("actor", "governor"), ("target", "three reporters")}),
    ("The rebels regrouped and tried to attack the town.", "attack", {("actor", "rebels"), ("target", "town")}),
    # ... not through an adverbial clause (the doer of a passive clause's result is not its subject)
    ("The market was shelled on Friday, killing two traders and wounding six shoppers.", "wounding",
     {("target", "six shoppers")}),
    ("The new port is expected to take a decade to construct.", "construct", set()),
    # partaker (event_word_classes.csv participation_verb): who takes part in a nominal event does
    # it (#20, thirteenth round); not one who is only interested in it
    ("Two officers took part in the raid on the farm.", "raid", {("actor", "Two officers"), ("target", "farm")}),
    ("Local militias engaged in an assault on the airport.", "assault", {("actor", "Local militias"), ("target", "airport")}),
    ("The men involved in the robbery were arrested.", "robbery", {("actor", "men")}),
    ("The minister was interested in the attack.", "attack", set()),
    # place_phrase_name: a name after a preposition the role table makes a place's is a place,
    # whatever the model tagged it, unless a person's (#20, thirteenth round); event_places.csv:
    # natural features are places
    ("Hundreds of families were evacuated from Corvale to a camp.", "evacuated",
     {("target", "Hundreds of families"), ("place", "Corvale"), ("place", "camp")}),
    ("Two boys drowned in the lake on Sunday.", "drowned", {("target", "Two boys"), ("place", "lake"), ("time", "on Sunday")}),
    # a heading's markup is no participant (#20)
    ("==Attack== A car bomb exploded near the gate.", "exploded", {("instrument", "car bomb")}),
])
def test_arguments(nlp, ref, text, word, expected):
    doc = nlp(text)
    triggers = find_triggers(doc, ref)
    trigger = next(t for t in triggers if t.head.text == word)
    idx = index_doc(doc, frozenset(t.head.i for t in triggers))
    args = arguments_of(doc, trigger.head, trigger.entry, ref, idx)
    assert {(a.role, a.text) for a in args} == expected
    assert all(doc.text[a.start_char:a.end_char] == a.text for a in args)


def _entity_of_name(doc, name):
    start = doc.text.index(name)
    return next(m["entity_id"] for m in doc._.dl_mentions if m["start_char"] <= start < m["end_char"])


@pytest.mark.parametrize("text, word, pronoun, name", [
    # subject_antecedent: the subject of the clause above the pronoun
    ("Acme Corp said on Monday that it bought a rival firm.", "bought", "it", "Acme Corp"),
    ("Anna Berg said that police arrested her in May.", "arrested", "her", "Anna Berg"),
    # ... else the main subject of the sentence before
    ("Maria Lopez left the country in May. She was arrested in June.", "arrested", "She", "Maria Lopez"),
    # the same pronoun again stands for what that one stands for
    ("Acme Corp grew fast. It hired 200 people. It bought a rival firm in May.", "bought", "It", "Acme Corp"),
    # seeds/articles/huawei-executive-order.txt: "It" is the order, no entity
    ("The planned executive order does not mention China or Huawei, according to current and former officials "
     "who have read it. It orders an investigation.", "orders", "It", None),
    # a name of the wrong gender is no antecedent
    ("Anna Berg said that Mr. Jones attacked him.", "attacked", "him", None),
    # the subject of the pronoun's own verb is someone else
    ("Acme Corp sued it in May.", "sued", "it", None),
])
def test_pronoun_argument_entity(nlp, ref, text, word, pronoun, name):
    doc = nlp(text)
    triggers = find_triggers(doc, ref)
    trigger = next(t for t in triggers if t.head.text == word)
    idx = index_doc(doc, frozenset(t.head.i for t in triggers), ref)
    arg = next(a for a in arguments_of(doc, trigger.head, trigger.entry, ref, idx) if a.text == pronoun)
    assert arg.entity_id == (_entity_of_name(doc, name) if name else None)


@pytest.mark.parametrize("text, word, argument, rule", [
    # every argument says which relation or rule gave it (doc._.dl_events, eval prediction files;
    # the event_arguments table has no column for it) (#20, thirteenth round)
    ("Gunmen killed two policemen.", "killed", "Gunmen", "nsubj"),
    ("The council extended the sanctions on the firm.", "sanctions", "council", "light"),
    ("Two officers took part in the raid on the farm.", "raid", "Two officers", "partaker"),
    ("The gallery sold two paintings at an auction in May.", "auction", "gallery", "same_event_phrase"),
    ("Air raids by the coalition inside Yemen killed ten fishermen.", "raids", "Yemen", "place_of_argument"),
])
def test_argument_rule(nlp, ref, text, word, argument, rule):
    doc = nlp(text)
    triggers = find_triggers(doc, ref)
    trigger = next(t for t in triggers if t.head.text == word)
    idx = index_doc(doc, frozenset(t.head.i for t in triggers))
    args = arguments_of(doc, trigger.head, trigger.entry, ref, idx)
    assert next(a.rule for a in args if a.text == argument) == rule
    event = next(e for e in nlp.get_pipe("dateline_events").mentions(doc) if e["trigger"].endswith(word))
    assert next(a["rule"] for a in event["arguments"] if a["text"] == argument) == rule
