from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.dates import resolve_date
from transforms.events import EventMention, load_reference, merge_mentions
from transforms.events.arguments import Argument
from transforms.pipeline import load_model, register_extensions

REFERENCE = Path(__file__).resolve().parents[1] / "seeds" / "reference"
SAMPLE = Path(__file__).resolve().parents[1] / "seeds" / "articles" / "huawei-executive-order.txt"
D = datetime.date


@pytest.fixture(scope="module")
def nlp():
    import transforms.events  # noqa: F401  (registers the factory)

    register_extensions()
    nlp = load_model(None)
    nlp.add_pipe("dateline_events", config={"reference_dir": str(REFERENCE)})
    return nlp


def events_of(nlp, text):
    """The events of ``text``; fails when the component recorded an error (it then leaves no
    events, which a test of what is *not* found would otherwise take for a pass)."""
    doc = nlp(text)
    assert not doc._.dl_errors, doc._.dl_errors
    assert isinstance(doc._.dl_events, list)
    return doc._.dl_events


def only(events, event_type):
    found = [e for e in events if e["event_type"] == event_type]
    assert len(found) == 1, events
    return found[0]


def roles(event):
    return {(a["role"], a["text"]) for a in event["arguments"]}


def test_reference_tables_load():
    ref = load_reference(REFERENCE)
    assert any(e.event_type == "Justice.ArrestJailDetain" for e in ref.triggers["arrest"])
    assert ref.roles[("*", "nsubj")] == "actor"


@pytest.mark.parametrize("text, event_type, trigger, expected_roles", [
    ("In December, Canada arrested the chief financial officer of the company.",
     "Justice.ArrestJailDetain", "arrested",
     {("time", "In December"), ("actor", "Canada"), ("target", "chief financial officer of the company")}),
    ("Three soldiers died in Kabul.", "Life.Die", "died", {("target", "Three soldiers"), ("place", "Kabul")}),
    ("Gunmen killed two policemen in Baghdad.", "Life.Die", "killed",
     {("actor", "Gunmen"), ("target", "two policemen"), ("place", "Baghdad")}),
    ("Two protesters were injured by police.", "Life.Injure", "injured",
     {("target", "Two protesters"), ("actor", "police")}),
    ("The company agreed to pay a $2 million fine.", "Justice.Fine", "fine",
     {("target", "company"), ("amount", "$2 million")}),
    ("A bomb exploded in a bazaar in Quetta.", "Conflict.Attack", "exploded",
     {("instrument", "bomb"), ("place", "Quetta")}),
])
def test_roles_from_the_parse(nlp, text, event_type, trigger, expected_roles):
    event = only(events_of(nlp, text), event_type)
    assert event["trigger"] == trigger
    assert expected_roles <= roles(event)


@pytest.mark.parametrize("text, event_type, expected_roles", [
    # regression: a name after a locative preposition is a place whatever the model tags it
    ("Four soldiers were killed at Oxford Street on Friday.", "Life.Die", {("place", "Oxford Street")}),
    # regression: a copula's locative phrase places its event subject
    ("The largest explosion was at the ferry terminal.", "Conflict.Attack", {("place", "ferry terminal")}),
    # regression: "where" relative clauses place the event at their antecedent
    ("Six people died at the market, where a bomb exploded.", "Conflict.Attack",
     {("instrument", "bomb"), ("place", "market")}),
    # regression: a counting noun ("a series of") passes the light verb's subject on
    ("The rebels launched a series of assaults on the harbour.", "Conflict.Attack",
     {("actor", "rebels"), ("target", "harbour")}),
    # regression: claiming responsibility names the attacker
    ("The Taliban claimed responsibility for the bombing.", "Conflict.Attack", {("actor", "Taliban")}),
    # regression: a phrase the parser hangs on an adverb of the trigger is still the trigger's
    ("The ministers flew back to Belfast.", "Movement.Transportation", {("place", "Belfast")}),
    # one who travels is carried by the movement (KAIROS PassengerArtifact), not its transporter
    ("The suspect fled to Syria.", "Movement.Transportation", {("target", "suspect"), ("place", "Syria")}),
    # regression: conjoined event nouns share the of-phrase the parser gives to the first
    ("Leaders denounced the shooting and maiming of pilgrims.", "Life.Injure", {("target", "pilgrims")}),
    # regression: the understood subject of a past participle clause undergoes the event
    ("Asked about the attack, the minister declined to comment.", "Contact.RequestCommand",
     {("target", "minister")}),
    # regression: the accused of a crime nominal is its perpetrator
    ("He was charged with murder.", "Life.Die", {("actor", "He")}),
    # regression: a nominal event that targets or is aimed at something
    ("The blast targeted a pharmacy.", "Conflict.Attack", {("target", "pharmacy")}),
    # regression: "including" lists share the role of the phrase they extend
    ("Police arrested five people, including Maria Lopez and John Smith.", "Justice.ArrestJailDetain",
     {("target", "five people"), ("target", "Maria Lopez"), ("target", "John Smith")}),
    # regression: the passive subject of "give" receives the nominal event
    ("Staff were given a stark ultimatum by their managers.", "Contact.ThreatenCoerce",
     {("target", "Staff"), ("actor", "their managers")}),
    # regression: a possessor's decision to do something makes it the doer
    ("The cell's decision to stage the bombings failed.", "Conflict.Attack", {("actor", "cell")}),
    ("A boy was wounded in a battle between soldiers and smugglers.", "Conflict.Attack",
     {("actor", "soldiers"), ("actor", "smugglers")}),
    # regression: a particle carries the object ("called on residents")
    ("The council called on residents to stay home.", "Contact.RequestCommand", {("target", "residents")}),
    # regression (#20): the buyer acts, the seller is the other party
    ("She bought a car from a dealer.", "Transaction.ExchangeBuySell", {("actor", "She"), ("target", "dealer")}),
    ("The bombs were detonated near the school.", "Conflict.Attack",
     {("instrument", "bombs"), ("place", "school")}),
    # regression: a destroyed car is the thing destroyed, not an instrument
    ("Two cars were destroyed in the blast.", "ArtifactExistence.DamageDestroyDisableDismantle",
     {("target", "Two cars")}),
])
def test_arguments_outside_the_trigger_phrase(nlp, text, event_type, expected_roles):
    assert expected_roles <= roles(only(events_of(nlp, text), event_type))


@pytest.mark.parametrize("text, event_type, modality", [
    ("Police arrested the suspect.", "Justice.ArrestJailDetain", "asserted"),
    ("Police did not arrest the suspect.", "Justice.ArrestJailDetain", "negated"),
    ("The order could bar Chinese companies.", "Policy.Ban", "hypothetical"),
    ("The White House is preparing an executive order.", "Policy.ExecutiveOrder", "planned"),
    ("The government will impose tariffs on steel.", "Policy.Tariff", "planned"),
    ("The ministers are scheduled to meet on Thursday.", "Contact.Meet", "planned"),
    ("He is awaiting trial in Boston.", "Justice.TrialHearing", "planned"),
    # regression: naming an event with "call" is not calling for it
    ("The mayor called the explosion a deliberate attack.", "Conflict.Attack", "asserted"),
    ("He faces pending charges in Boston.", "Justice.ChargeIndict", "planned"),
    ("The FBI is reportedly investigating the company.", "Justice.InvestigateCrime", "reported"),
    ("Lawmakers discussed the proposed merger.", "Business.Merger", "planned"),
    # regression: an attempt, a request and "without" do not assert the event
    ("Two insurgents tried to plant a bomb under the bridge.", "ArtifactExistence.ManufactureAssemble", "hypothetical"),
    ("The governor called on prosecutors to investigate the mayor.", "Justice.InvestigateCrime", "planned"),
    ("The doctor left without investigating the case.", "Justice.InvestigateCrime", "negated"),
])
def test_modality(nlp, text, event_type, modality):
    assert only(events_of(nlp, text), event_type)["modality"] == modality


def test_lift_is_an_event_only_when_it_lifts_one(nlp):
    events = events_of(nlp, "The department lifted the ban on the company in July.")
    assert {e["event_type"] for e in events} >= {"Policy.Repeal", "Policy.Ban"}
    assert only(events, "Policy.Repeal")["date_text"] == "in July"
    assert events_of(nlp, "She lifted the box.") == []


def test_suicide_bomber_is_not_a_death(nlp):
    events = events_of(nlp, "A suicide bomber attacked the base.")
    assert [e["event_type"] for e in events] == ["Conflict.Attack"]


def test_kind_of_event_modifier_is_not_a_second_event(nlp):
    events = events_of(nlp, "Prosecutors opened a terrorism investigation.")
    assert [e["event_type"] for e in events] == ["Justice.InvestigateCrime"]


def test_lifted_ban_does_not_take_the_lifter_as_actor(nlp):
    events = events_of(nlp, "The Commerce Department lifted the ban.")
    assert "actor" not in {a["role"] for a in only(events, "Policy.Ban")["arguments"]}


@pytest.mark.e2e
def test_arguments_carry_entity_ids_from_the_entities_component():
    from transforms.pipeline import build_pipeline

    arrest = only(events_of(build_pipeline(None, REFERENCE), "In December, Canada arrested Meng Wanzhou in Vancouver."),
                  "Justice.ArrestJailDetain")
    ids = {a["text"]: a["entity_id"] for a in arrest["arguments"]}
    assert ids["Canada"] and ids["Meng Wanzhou"]


def test_repeated_mentions_of_one_arrest_are_one_event(nlp):
    text = "Police arrested Meng Wanzhou in Vancouver. The arrest angered Beijing."
    event = only(events_of(nlp, text), "Justice.ArrestJailDetain")
    assert event["mention_count"] == 2


def test_merge_keeps_distinct_participants_apart():
    def mention(start, target):
        arg = Argument("target", target, start + 7, start + 7 + len(target), None)
        return EventMention("Life.Die", "killed", start, start + 6, "asserted", None, (arg,), "lexicon_word", False)
    merged = merge_mentions([mention(0, "Ann"), mention(50, "Bob"), mention(100, "Ann")])
    assert [e.mention_count for e in merged] == [2, 1]


def test_sample_article_events(nlp):
    events = events_of(nlp, SAMPLE.read_text(encoding="utf-8"))
    arrest = only(events, "Justice.ArrestJailDetain")
    assert arrest["modality"] == "asserted"
    assert {("actor", "Canada"), ("target", "Meng Wanzhou"), ("time", "In December")} <= roles(arrest)
    order = next(e for e in events if e["event_type"] == "Policy.ExecutiveOrder")
    assert order["modality"] == "planned" and order["mention_count"] > 1
    fine = only(events, "Justice.Fine")
    assert ("amount", "$1 billion") in roles(fine)
    meet = next(e for e in events if e["event_type"] == "Contact.Meet" and e["trigger"] == "meet")
    assert {("actor", "Robert Lighthizer"), ("place", "Beijing"), ("time", "on Thursday")} <= roles(meet)
    assert meet["date_text"] is None  # scheduled: not last Thursday
    types = {e["event_type"] for e in events}
    assert {"Justice.InvestigateCrime", "Justice.Extradite", "Policy.Tariff", "Business.Merger",
            "Policy.Ban", "Policy.Repeal"} <= types


@pytest.mark.parametrize("text, anchor, granularity, expected", [
    ("In December", D(2019, 2, 5), "day", (D(2018, 12, 1), "month")),
    ("March 6", D(2019, 2, 5), "day", (D(2019, 3, 6), "day")),
    ("March 6", D(2019, 1, 1), "year", (None, None)),  # may be in 2018 or 2020: only the year is known
    ("In December", D(2019, 1, 1), "year", (None, None)),
    ("this December", D(2019, 1, 1), "year", (D(2019, 12, 1), "month")),
    ("last April", D(2019, 2, 5), "day", (D(2018, 4, 1), "month")),
    ("last April", D(2019, 1, 1), "year", (None, None)),
    ("in 2012", None, None, (D(2012, 1, 1), "year")),
    ("last year", D(2019, 2, 5), "day", (D(2018, 1, 1), "year")),
    ("last year", D(2019, 1, 1), "year", (D(2018, 1, 1), "year")),
    ("Tuesday", D(2019, 2, 6), "day", (D(2019, 2, 5), "day")),  # a Wednesday anchor
    ("on Tuesday", D(2019, 2, 5), "day", (D(2019, 2, 5), "day")),
    ("Tuesday", D(2019, 1, 1), "year", (None, None)),
    ("last summer", D(2019, 2, 5), "day", (D(2018, 1, 1), "year")),
    ("last summer", D(2019, 1, 1), "year", (None, None)),
    ("on 1 March 2019", None, None, (D(2019, 3, 1), "day")),
    ("for several years", D(2019, 2, 5), "day", (None, None)),
])
def test_resolve_date(text, anchor, granularity, expected):
    assert resolve_date(text, anchor, granularity) == expected


WORDS = st.sampled_from(["Police", "arrested", "the", "suspect", "in", "Paris", "on", "Monday", ",",
                         "and", "killed", "two", "people", "with", "a", "knife", "bomb", "exploded",
                         "tariffs", "ban", "was", "lifted", "’s", "$5 million", "fine", "."])


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=25))
def test_every_span_slices_back(nlp, words):
    doc = nlp(" ".join(words))
    assert not doc._.dl_errors, doc._.dl_errors
    for event in doc._.dl_events:
        assert doc.text[event["start_char"]:event["end_char"]] == event["trigger"]
        if event["date_text"] is not None:
            assert doc.text[event["date_start"]:event["date_end"]] == event["date_text"]
        for arg in event["arguments"]:
            assert doc.text[arg["start_char"]:arg["end_char"]] == arg["text"]


@pytest.mark.parametrize("text, absent", [
    ("The gadget launches a net at small drones.", "Movement.Transportation"),  # describes a thing
    ("It was the second reported death of a pilot.", "Contact.Contact"),  # qualifies the death
    ("The suspects are reported to have fled to Syria.", "Contact.Contact"),  # hearsay, not a report
])
def test_descriptive_and_evidential_words_are_not_events(nlp, text, absent):
    assert absent not in {e["event_type"] for e in events_of(nlp, text)}


def test_requested_event_takes_the_requested_party_as_actor(nlp):
    event = only(events_of(nlp, "The governor called on prosecutors to investigate the mayor."),
                 "Justice.InvestigateCrime")
    assert ("actor", "prosecutors") in roles(event)


def test_eval_scores_only_events_that_happened():
    from evaluation.events import prediction_lines

    def mention(modality):
        return {"event_type": "Life.Die", "start_char": 0, "end_char": 4, "modality": modality, "arguments": [],
                "rule": "lexicon_word"}
    lines = prediction_lines("a.txt", [mention(m) for m in ("asserted", "reported", "negated", "planned")],
                             frozenset({"life"}))
    assert [line["rule"] for line in lines] == ["lexicon_word", "lexicon_word"]


SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "wikievents.py"


@pytest.mark.skipif(not SCORER.exists(), reason="the WikiEvents scorer lives outside the project (../shared/eval)")
def test_eval_scores_each_rule_alone(tmp_path):
    from evaluation.events import precision_by_rule
    from evaluation.scorer import load_scorer

    # Hand-written gold in the WikiEvents format: "Police arrested Ann ." with one arrest.
    words = [("Police", 0, 6), ("arrested", 7, 15), ("Ann", 16, 19), (".", 19, 20)]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({
        "doc_id": "d1", "sentences": [[[list(w) for w in words], "Police arrested Ann."]],
        "entity_mentions": [{"id": "m1", "start": 2, "end": 3}],
        "event_mentions": [{"event_type": "Justice.ArrestJailDetain.Unspecified", "trigger": {"start": 1, "end": 2},
                            "arguments": [{"entity_id": "m1", "role": "Detainee"}]}],
    }) + "\n", encoding="utf-8")

    def line(start, end, rule):
        return json.dumps({"doc": "d1.txt", "trigger": [start, end], "type": "Justice.ArrestJailDetain",
                           "rule": rule, "arguments": []})
    pred = tmp_path / "pred.jsonl"
    pred.write_text("\n".join([line(7, 15, "lexicon_verb"), line(0, 6, "lexicon_noun"), line(7, 15, "surface_form")])
                    + "\n", encoding="utf-8")
    by_rule = precision_by_rule(load_scorer(SCORER).score, gold, pred)
    # Scored alone, the second prediction of the one arrest is right too: each rule's precision
    # is what it would have alone.
    assert {rule: (r["predictions"], r["identification"]) for rule, r in by_rule.items()} == {
        "lexicon_verb": (1, 1.0), "lexicon_noun": (1, 0.0), "surface_form": (1, 1.0)}


@pytest.mark.parametrize("text, event_type, expected", [
    # regression: a reaction states a stance on the attack, it is not a communication event
    ("Officials condemned the attack.", "Contact.Contact", False),
    ("The ministry denied the reports.", "Contact.Contact", False),
    ("Officials blamed the rebels for the attack.", "Contact.Contact", False),
    # regression: hearing is a court event only as a noun, not as the verb of perception
    ("Residents reported hearing gunshots.", "Justice.TrialHearing", False),
    ("A hearing is set for March 6.", "Justice.TrialHearing", True),
    # regression: charges as the basis of a detention are not a charging event
    ("He is being held on charges of fraud.", "Justice.ChargeIndict", False),
    ("He was charged with fraud.", "Justice.ChargeIndict", True),
])
def test_word_senses(nlp, text, event_type, expected):
    assert (event_type in {e["event_type"] for e in events_of(nlp, text)}) is expected


@pytest.mark.parametrize("text, event_type, expected", [
    # the event_senses.csv table: the parse puts the trigger word in a sense that is no event
    ("Detectives released a photo of the driver.", "Justice.ReleaseParole", False),
    ("Police released the suspect on Monday.", "Justice.ReleaseParole", True),
    ("The judge dismissed the case against him.", "Personnel.EndPosition", False),
    ("The company dismissed its chief executive.", "Personnel.EndPosition", True),
    ("The rebels captured the town last week.", "Justice.ArrestJailDetain", False),
    ("Police captured the gunman last week.", "Justice.ArrestJailDetain", True),
    ("Doctors need more money to attack the virus.", "Conflict.Attack", False),
    ("Gunmen attacked the convoy.", "Conflict.Attack", True),
    ("Long queues built up at the border.", "ArtifactExistence.ManufactureAssemble", False),
    ("The ceasefire collapsed after two weeks.", "ArtifactExistence.DamageDestroyDisableDismantle", False),
    ("The roof collapsed after the blast.", "ArtifactExistence.DamageDestroyDisableDismantle", True),
    ("The bank charged customers a fee.", "Justice.ChargeIndict", False),
    ("The soldier was killed by mortar fire.", "Disaster.FireExplosion", False),
    ("A fire destroyed the warehouse.", "Disaster.FireExplosion", True),
    ("Three soldiers died, the army said in a statement.", "Contact.Contact", False),
    ("In an interview, the minister said the talks had failed.", "Contact.Contact", False),
    ("A statement from the ministry said the talks had failed.", "Contact.Contact", True),
])
def test_trigger_senses_from_the_parse(nlp, text, event_type, expected):
    assert (event_type in {e["event_type"] for e in events_of(nlp, text)}) is expected


@pytest.mark.parametrize("text, event_type, expected", [
    # regression: a trigger modifying another noun names a kind of thing, not an occurrence
    ("The protest movement has grown.", "Conflict.Demonstrate", False),
    ("Judges issued arrest warrants for the men.", "Justice.ArrestJailDetain", False),
    ("A transport plane was parked at the base.", "Movement.Transportation", False),
    # ... unless the noun it modifies is the occurrence itself (event_compound_heads.csv)
    ("The death toll rose to twelve.", "Life.Die", True),
    ("The assassination attempt failed.", "Conflict.Attack", True),
])
def test_trigger_as_a_noun_modifier(nlp, text, event_type, expected):
    assert (event_type in {e["event_type"] for e in events_of(nlp, text)}) is expected


@pytest.mark.parametrize("text, date_text", [
    # regression: a bare weekday was always put in the past, even for an event still to come
    ("The ministers will meet on Thursday.", None),
    ("The ministers are scheduled to meet on Thursday.", None),
    ("The council meets on Thursday.", None),
    ("The ministers met on Thursday.", "on Thursday"),
    ("The ministers will meet on March 6.", "on March 6"),
])
def test_future_events_do_not_take_a_past_weekday(nlp, text, date_text):
    meet = only(events_of(nlp, text), "Contact.Meet")
    assert meet["date_text"] == date_text
    assert any(a["role"] == "time" for a in meet["arguments"])


@pytest.mark.parametrize("text, trigger", [
    # a communication noun taken by a light verb is said by the two together
    ("The ministry issued a statement on Monday.", "issued a statement"),
    ("The governor gave an interview to a local radio station.", "gave an interview"),
    ("The statement was read out on television.", "statement"),
])
def test_light_verb_and_communication_noun_are_one_trigger(nlp, text, trigger):
    assert only(events_of(nlp, text), "Contact.Contact")["trigger"] == trigger


def test_light_verb_that_is_a_trigger_keeps_its_own_span(nlp):
    doc = nlp("The ministry announced a statement on Monday.")
    mentions = nlp.get_pipe("dateline_events").mentions(doc)
    assert sorted(m["trigger"] for m in mentions) == ["announced", "statement"]


@pytest.mark.parametrize("text, event_type, trigger", [
    # regression: a verb's particle after its object still makes the multiword trigger
    ("A suicide attacker blew himself up outside the embassy.", "Conflict.Attack", "blew"),
    ("A suicide bomber blew up the bus.", "Conflict.Attack", "blew up"),
    ("Police clashed with protesters in the capital.", "Conflict.Attack", "clashed"),
    ("Some 130 people were mutilated by the bombs.", "Life.Injure", "mutilated"),
    # the light verb joins only a communication noun, not a threat
    ("The gang issued a threat against the judge.", "Contact.ThreatenCoerce", "threat"),
])
def test_trigger_words(nlp, text, event_type, trigger):
    assert only(events_of(nlp, text), event_type)["trigger"] == trigger


@pytest.mark.parametrize("text", [
    # regression: naming an event already reported is not a second event
    "The mayor called the explosion a deliberate attack.",
    "Officials described the blast as an attack.",
])
def test_naming_an_event_is_not_another_one(nlp, text):
    events = events_of(nlp, text)
    assert [e["trigger"] for e in events if e["event_type"] == "Conflict.Attack"] in (["explosion"], ["blast"])


@pytest.mark.parametrize("text, event_type, expected", [
    # event_senses.csv read against business, politics and sport: the same words name no event
    ("Strong domestic demand lifted exports.", "Contact.RequestCommand", False),
    ("Sales slowed after a fall in demand.", "Contact.RequestCommand", False),
    ("The rebels demanded a ransom.", "Contact.RequestCommand", True),
    ("The rally in oil prices continued.", "Conflict.Demonstrate", False),
    ("Thousands joined a rally in the capital.", "Conflict.Demonstrate", True),
    ("The minister attacked the plan as vacuous.", "Conflict.Attack", False),
    ("The airlines attacked the legislation.", "Conflict.Attack", False),
    ("The firm lost a bitter takeover battle.", "Conflict.Attack", False),
    ("The firm sued its auditors for damages.", "ArtifactExistence.DamageDestroyDisableDismantle", False),
    ("The storm caused damage to homes.", "ArtifactExistence.DamageDestroyDisableDismantle", True),
    ("The company issued a profit warning.", "Contact.ThreatenCoerce", False),
    ("The drought killed crops across the region.", "Life.Die", False),
    ("The sprinter crossed the line first.", "Movement.Transportation", False),
    ("Scientists released their findings on Thursday.", "Justice.ReleaseParole", False),
    # a participle before a noun keeps its event reading only for harm: "damaged homes"
    ("The US-built vehicle was later found.", "ArtifactExistence.ManufactureAssemble", False),
    ("Rescuers searched the damaged homes.", "ArtifactExistence.DamageDestroyDisableDismantle", True),
    ("The results demonstrated the risk.", "Conflict.Demonstrate", False),
    ("Students demonstrated outside parliament.", "Conflict.Demonstrate", True),
])
def test_trigger_senses_outside_conflict_news(nlp, text, event_type, expected):
    assert (event_type in {e["event_type"] for e in events_of(nlp, text)}) is expected


@pytest.mark.parametrize("text", ["Let's talk about it, he said.", "Let\u2019s meet the ministers on Friday."])
def test_regression_the_clitic_of_lets_is_no_actor(nlp, text):
    args = [a["text"] for ev in events_of(nlp, text) for a in ev["arguments"]]
    assert not {"'s", "\u2019s"} & set(args)


def test_word_classes_load_into_their_fields():
    """event_word_classes.csv: every class is one the code reads, and each fills its field."""
    from transforms.events.reference import WORD_CLASSES, reference_rows

    rows = reference_rows(REFERENCE / "event_word_classes.csv")
    assert {r["class"] for r in rows} == set(WORD_CLASSES)  # a misspelt class would be read by nothing
    ref = load_reference(REFERENCE)
    for name, field in WORD_CLASSES.items():
        assert getattr(ref, field) == {r["word"] for r in rows if r["class"] == name}
    assert "claim" in ref.claiming_verbs and "anti" in ref.negating_prefixes
