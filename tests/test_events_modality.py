"""Case table for the modality stage (transforms/events/modality.py): one branch a line."""
from __future__ import annotations

import pytest

from transforms.events import modality
from transforms.events.modality import modality_of


@pytest.fixture(scope="module")
def ref(nlp):
    return nlp.get_pipe("dateline_events").reference


@pytest.mark.parametrize("text, word, modality", [
    ("Troops attacked the village.", "attacked", "asserted"),
    # a nominal object keeps the modality above only through a verb that makes the event (#20;
    # seeds/articles/huawei-executive-order.txt)
    ("Huawei has sought to evade international sanctions on Iran and North Korea.", "sanctions", "asserted"),
    ("The government plans to impose sanctions on Iran.", "sanctions", "planned"),
    ("The crisis will deepen, provoking, perhaps, an army coup.", "coup", "hypothetical"),
    # a cue in the trigger's own clause
    ("Troops did not attack the village.", "attack", "negated"),
    ("Troops never attacked the village.", "attacked", "negated"),
    ("No arrests were made.", "arrests", "negated"),
    ("The army neither confirmed nor denied the raid.", "confirmed", "negated"),  # #20
    ("Not only the bombing but the blockade killed thousands.", "bombing", "asserted"),
    ("Troops will attack the village.", "attack", "planned"),
    ("Troops might attack the village.", "attack", "hypothetical"),
    ("The planned merger collapsed.", "merger", "planned"),
    ("Police investigated the alleged fraud.", "fraud", "reported"),
    ("If troops attack the village, residents will flee.", "attack", "hypothetical"),
    # a preposition that denies its object
    ("She left without paying the fine.", "paying", "negated"),
    # the of-object of a prospect noun is a danger, not an occurrence (#20)
    ("The prisoners face the threat of execution.", "execution", "hypothetical"),
    ("Investors worry about the risk of war in the region.", "war", "hypothetical"),
    ("The general warned of an impending war with the rebels.", "war", "hypothetical"),  # #20 eleventh round
    ("Residents fled ahead of an imminent attack on the town.", "attack", "hypothetical"),
    ("Commuters braced for a looming strike by drivers.", "strike", "hypothetical"),
    ("Insurers weigh the chances of a tenant being burgled or assaulted.", "assaulted", "hypothetical"),  # #20 fifth round
    ("The mayor offered the club a chance to build a stadium.", "build", "hypothetical"),
    ("The drones give the army the ability to strike targets far away.", "strike", "hypothetical"),
    # an attempt noun: what its infinitive names is still to be done (#20 eighth round)
    ("The brewer launched a bid to buy its largest rival.", "buy", "hypothetical"),
    ("The firm's long fight to acquire the chain ended in court.", "acquire", "hypothetical"),
    ("Police stepped up efforts to arrest the gang.", "arrest", "hypothetical"),
    # the of-object of a habit noun is a habit, no occurrence (#20, fifth round)
    ("The old tradition of duelling died out.", "duelling", "generic"),
    ("The report traced the history of the attack on the embassy.", "attack", "asserted"),
    ("Some kinds of fraud go unpunished.", "fraud", "generic"),
    ("The study measured the incidence of fraud in the sector.", "fraud", "generic"),  # #20 eleventh round
    ("Nobody wants another sort of war like that.", "war", "generic"),
    ("A series of attacks hit the capital.", "attacks", "asserted"),
    ("The anniversary of the bombing fell on a Sunday.", "bombing", "asserted"),
    # the to-object of an exposure adjective is a danger too (#20)
    ("The report said the network could be vulnerable to spying.", "spying", "hypothetical"),
    ("Dry forests are more prone to wildfires.", "wildfires", "hypothetical"),
    ("The village was exposed to shelling for a week.", "shelling", "asserted"),
    # the for-object of a request word is asked for, not done (#20)
    ("The opposition called for an independent investigation of the killings.", "investigation", "planned"),
    ("Relatives are pressing for the release of the hostages.", "release", "planned"),
    ("Protesters renewed their demands for talks with the government.", "talks", "planned"),
    ("The army was planning for a spring offensive.", "offensive", "planned"),  # #20, fifth round
    ("The group claimed responsibility for the bombing.", "bombing", "asserted"),
    ("The senator was criticised for the invasion.", "invasion", "asserted"),
    # a nominal object takes its verb's modality; a nominal subject keeps its own
    ("The government plans a ban on plastic.", "ban", "planned"),
    ("The ban would not affect exports.", "ban", "asserted"),
    # naming an event is not asking for it
    ("The mayor called the explosion an attack.", "explosion", "asserted"),
    # governing verbs, climbed through xcomp
    ("The rebels threatened to attack the village.", "attack", "hypothetical"),
    ("The rebels refused to release the hostages.", "release", "negated"),
    ("Police tried to arrest the suspect.", "arrest", "hypothetical"),
    ("The rebels want to negotiate.", "negotiate", "planned"),
    ("The army warned the fighters to surrender by Friday.", "surrender", "planned"),
    # climbed through a noun's clause and an adjective's complement (#20, read on a judged sample of
    # RAMS dev predictions)
    ("Farmers welcomed the pledge to build a dam.", "build", "planned"),
    ("Critics raised the possibility that the minister was bribed.", "bribed", "hypothetical"),
    ("Rescuers found three people injured in the blast.", "injured", "asserted"),
    ("The judge was not free to discuss the case.", "discuss", "negated"),
    ("The soldiers were able to escape.", "escape", "asserted"),
    ("Police are investigating whether the driver fled the scene.", "fled", "hypothetical"),
    ("The tariffs were designed to hurt exporters.", "hurt", "planned"),
    ("Anyone who wishes to protest may gather in the square.", "protest", "planned"),
    # the clitic negation written apart with a typographic apostrophe, which the parser reads as
    # a subject (#20)
    ("The army did n’t attack the town.", "attack", "negated"),
    ("Police did n’t arrest the driver.", "arrest", "negated"),
    # what is argued for, required or proposed, and the brink of an event (#20)
    ("The senator has advocated bombing the camps.", "bombing", "planned"),
    ("The rules require airlines to inspect every bag.", "inspect", "hypothetical"),
    ("Voters rejected the proposal to build a stadium.", "build", "planned"),
    ("The dispute brought the two countries to the brink of war.", "war", "hypothetical"),
    ("The gang offered to release the hostages for a ransom.", "release", "planned"),
    ("The mayor requested to discuss the budget with the council.", "discuss", "planned"),
    # a habit, no one occurrence: generic (#20)
    ("Hundreds of migrants die in the desert each year.", "die", "generic"),
    ("The minister frequently travels to Brussels.", "travels", "generic"),
    ("Prisoners there are routinely tortured.", "tortured", "generic"),
    ("The group condemned the army's constant attacks on villages.", "attacks", "generic"),
    ("Hundreds of migrants died in the desert last year.", "died", "asserted"),
    # rule `quantified`: a nominal under a quantifier ranges over occurrences: generic, kept in
    # the table (#20; a filter that dropped it until the fourth precision round)
    ("The law lets police hold migrants for any crime.", "crime", "generic"),
    ("The city records one robbery for every murder.", "murder", "generic"),
    ("Officials halted all travel to the region.", "travel", "generic"),
    ("Sirens sounded before each explosion.", "explosion", "asserted"),
    ("All the attacks that night hit the northern districts.", "attacks", "asserted"),
    ("The attack killed four people.", "attack", "asserted"),
    ("Any militia that attacks the convoy will be destroyed.", "attacks", "generic"),
    ("The militia that attacked the convoy was destroyed.", "attacked", "asserted"),
    # rule `fought_kind`: a kind of crime fought or prevented is no occurrence (#20)
    ("The new law gives police more power in fighting terrorism.", "terrorism", "generic"),
    ("The minister praised the fight against terrorism.", "terrorism", "generic"),
    ("The mayor promised a war on crime.", "crime", "generic"),
    ("The gang committed the crime at night.", "crime", "asserted"),
    ("Prosecutors investigated corruption at the port.", "corruption", "asserted"),
    ("The mayor vowed to fight litter, crime and noise.", "crime", "generic"),
    # rule `through_preposition`: a gerund of manner or means is as real as its clause (#20, fifth round)
    ("The unions will take their time in negotiating the deal.", "negotiating", "planned"),
    ("The neighbours could react by building walls.", "building", "hypothetical"),
    ("The general would apologize for attacking the village.", "attacking", "asserted"),
    ("The rebels took the town by attacking at night.", "attacking", "asserted"),
    # rule `scheduled_present`: a present with a date ahead is a schedule (#20, fifth round)
    ("The two coaches are meeting on Tuesday in Leeds.", "meeting", "planned"),
    ("The central bank meets next week.", "meets", "planned"),
    ("Farmers protest outside the ministry on Monday.", "protest", "asserted"),
    ("The ministers were meeting on Thursday.", "meeting", "asserted"),
    # rule `habitual_present`: the simple present of people at large is a habit (#20, fifth round)
    ("Nobody knows how they treat their patients.", "treat", "generic"),
    ("Dealers sell most cars online.", "sell", "generic"),
    ("Protesters march through the capital on May 2.", "march", "asserted"),
    ("The rebels attack the town.", "attack", "asserted"),
    ("We call for an independent inquiry.", "call", "asserted"),
    ("The minister visits the town and meets the mayor.", "meets", "asserted"),
    # that or which as subject stands for its bare plural noun; who is left out (#20, sixth round)
    ("Parents buy apps which monitor phone calls.", "monitor", "generic"),
    ("The charity warns about shops that sell stolen bikes.", "sell", "generic"),
    ("The site that sells the tickets closed.", "sells", "asserted"),
    ("Reporters who investigate the ties are careful.", "investigate", "asserted"),
    # what is prevented or averted does not happen (#20, fifth round)
    ("The referee stepped in to prevent clashes.", "clashes", "negated"),
    ("The deal averted a strike at the port.", "strike", "negated"),
    ("The army launched the raid to prevent an attack.", "raid", "asserted"),
    # rule `conditional_subject`: a condition covers its clause's subject (#20, fifth round)
    ("If war breaks out, prices will rise.", "war", "hypothetical"),
    ("Unless the strike ends soon, the mines will close.", "strike", "hypothetical"),
    ("The strike ended when the pay rose.", "strike", "asserted"),
    ("The coming election will be close.", "election", "planned"),
    ("The plan goes to the next meeting of the board.", "meeting", "planned"),  # #20 ninth round
    # an infinitive under an adjective of ease is what such an act costs (#20, fifth round)
    ("Such contracts are hard and costly to negotiate.", "negotiate", "generic"),
    ("The old rules made landlords hard to sue.", "sue", "generic"),
    ("The police were able to arrest the driver.", "arrest", "asserted"),
    # adverbs and adjectives of habit (#20, fifth round)
    ("Burglaries are commonly committed at night.", "committed", "generic"),
    ("Viewers still rely on regular broadcasts.", "broadcasts", "generic"),
    # rule `sales_volume`: a bare plural sale or purchase is an amount of trade (#20, fifth round)
    ("Bicycle sales doubled over the summer.", "sales", "generic"),
    ("The survey tracks sales of electric cars.", "sales", "generic"),
    ("The sales of the jets to Norway were approved.", "sales", "asserted"),
    # a possessor's or a year's sales are its turnover too (#20, sixth round); a number counts deals
    ("Its arms sales to the region grew.", "sales", "generic"),
    ("The bakery's sales fell sharply over the winter.", "sales", "generic"),
    ("The shop said 1998 sales beat every forecast.", "sales", "generic"),
    ("The two purchases were approved by the board.", "purchases", "asserted"),
    ("Tablet shipments rose by a fifth last year.", "shipments", "generic"),  # #20 ninth round
    ("The shipments of grain reached the port on Monday.", "shipments", "asserted"),
    ("The firm was fined for sales that broke the embargo.", "sales", "asserted"),
    # rule `shared_conjunct`: a coordinated word stands where the first of its row stands (#20, fifth round)
    ("The council may impose fines or a ban on the club.", "ban", "hypothetical"),
    ("The guards found no weapons or explosions.", "explosions", "negated"),
    ("The army shelled the town and attacked the airport.", "attacked", "asserted"),
    ("The general threatened the rebels and attacked their camp.", "attacked", "asserted"),
    ("The rebels could be captured or killed.", "killed", "hypothetical"),
    # "going to" is the future: the governor row by form, for an infinitive only (#20)
    ("The rebels are going to attack the town.", "attack", "planned"),
    ("Next week I am going to ask the senators to back the bill.", "ask", "planned"),
    ("He went on to build a hotel.", "build", "asserted"),
    # "be to" is a schedule, read by form as going (#20, fifth round)
    ("The two leaders are to meet in Geneva on Friday.", "meet", "planned"),
    ("The firm is to sell its shipyard.", "sell", "planned"),
    ("The aim of the raid was to free the hostages.", "free", "asserted"),
    # rule `no_one`: an event that happened to no one is negated (#20)
    ("No one was arrested after the fire.", "arrested", "negated"),
    ("Police said nobody was hurt.", "hurt", "negated"),
    ("No soldiers were killed in the ambush.", "killed", "negated"),
    ("Two soldiers were killed in the ambush.", "killed", "asserted"),
    ("Everyone was arrested.", "arrested", "asserted"),
    # rule `no_subject`: a vote with no voter is what anyone may do (#20)
    ("Residents defended their right to vote in local elections.", "vote", "generic"),
    ("The leaflet explains how to vote by post.", "vote", "generic"),
    ("Residents voted in the local elections.", "voted", "asserted"),
    ("Most members had voted or were still voting at noon.", "voting", "asserted"),
    ("More people voting for the mayor came from the suburbs.", "voting", "asserted"),
    ("She was elected to the council in May.", "elected", "asserted"),
    ("Residents tried to attack the council.", "attack", "hypothetical"),
    # due with an infinitive is a schedule; due to with a noun is a cause (#20, sixth round)
    ("The delegation is due to travel to Oslo on Friday.", "travel", "planned"),
    ("The three brothers are due to be sentenced in the autumn.", "sentenced", "planned"),
    ("Flights were cancelled due to the attack on the airport.", "attack", "asserted"),
    ("Losses due to the strike reached $5m.", "strike", "asserted"),
    # rule `occurrence_subject`: a verb that says its subject occurs tells that subject's modality (#20, seventh round)
    ("The hearing will start on Monday.", "hearing", "planned"),
    ("The hearing started on Monday.", "hearing", "asserted"),
    ("The strike will go ahead on Friday.", "strike", "planned"),
    ("The hearing never took place.", "hearing", "negated"),
    ("A strike could happen in May, the union said.", "strike", "hypothetical"),
    ("The trial is starting in March.", "trial", "planned"),
    ("The inquiry may last a year.", "inquiry", "asserted"),
    ("The summit will discuss trade.", "summit", "asserted"),
    # rules `kind_subject` and `example_kind`: a kind named, no occurrence (#20, seventh round)
    ("Fraud is a serious offence, the judge said.", "Fraud", "generic"),
    ("Fighting is fierce around the airport.", "Fighting", "asserted"),
    ("Damage was severe.", "Damage", "asserted"),
    ("Crime is high in the city this year.", "Crime", "asserted"),
    ("The leaflet lists worries like theft and traffic.", "theft", "generic"),
    ("Voters care about issues such as transport and housing.", "transport", "generic"),
    ("Police said the fire looked like a deliberate attack.", "attack", "asserted"),
    # governor cues eligible, unable, prefer (event_modality.csv, #20, twelfth round)
    ("The driver is eligible to appeal.", "appeal", "hypothetical"),
    ("The minister was unable to negotiate a deal.", "negotiate", "negated"),
    ("Some members preferred an investigation by the committee.", "investigation", "planned"),
    ("The minister was able to negotiate a deal.", "negotiate", "asserted"),
    # rule `unnamed_crime`: who may be meant by a crime left unnamed, no accusation made (#20, twelfth round)
    ("The new law would let the state extradite anyone accused of a crime.", "accused", "generic"),
    ("Judges may free people accused of crimes in the province before their trial.", "accused", "generic"),
    ("The man accused of a crime he denies was released.", "accused", "asserted"),
    ("A teacher convicted of a crime lost her licence.", "convicted", "asserted"),
    ("Two men accused of war crimes were freed.", "accused", "asserted"),
    ("Anyone accused of the robbery will be questioned.", "accused", "asserted"),
    ("People accused of crimes against humanity face trial in the capital.", "accused", "asserted"),
    # rule `units_sold`: a number of counted goods sold is a volume (#20, seventh round)
    ("The novel has sold two million copies.", "sold", "generic"),
    ("The maker sold 40,000 units last year.", "sold", "generic"),
    ("The dealer sold the two copies of the map to a museum.", "sold", "asserted"),
    ("The bank sold 300 million shares to investors.", "sold", "asserted"),
    ("The mayor bought two copies of the guidebook.", "bought", "asserted"),
    ("The console has sold almost 4m units in Japan.", "sold", "generic"),
    # a passive subject counted by the thousand, and goods sold by the thousand (#20, tenth round)
    ("More than two million phones were sold in May.", "sold", "generic"),
    ("The dealer sold 3,000 cars last year.", "sold", "generic"),
    ("The ministry sold two cars to the museum.", "sold", "asserted"),
    ("More than 2,000 cars were damaged in the flood.", "damaged", "asserted"),  # harm done, no trade
    # rule `clausal_subject`: a gerund as a clause's subject is what the clause says of it (#20, ninth round)
    ("Buying the smaller bank would give the group a larger network.", "Buying", "hypothetical"),
    ("Suing the landlords will cost the council millions.", "Suing", "planned"),
    ("Detaining migrants without a hearing is unlawful, the court said.", "Detaining", "generic"),
    ("Acquiring the brewery doubled the group's profits.", "Acquiring", "asserted"),
    # rule `purpose_clause`: an infinitive of purpose is as real as the act it serves (#20, ninth round)
    ("The ministers will meet in Rome to discuss the budget.", "discuss", "planned"),
    ("The board is meeting on Friday to discuss the offer.", "discuss", "planned"),
    ("The firm could borrow money to build a plant.", "build", "hypothetical"),
    ("The ministers met in Rome to discuss the budget.", "discuss", "asserted"),
    ("The new rules will make it possible for tenants to buy their flats.", "buy", "hypothetical"),
    ("The board found it difficult to identify a buyer.", "identify", "generic"),
    # a modal noun's infinitive is what may or must be done (event_modality.csv modal_noun; #20, ninth round)
    ("The airline has the option to buy six more jets.", "buy", "hypothetical"),
    ("The inspectors have the power to detain drivers for a day.", "detain", "hypothetical"),
    ("The police have a duty to investigate every death in custody.", "investigate", "hypothetical"),
    ("The firm is in talks to buy a rival.", "buy", "planned"),
    ("Tenants will get the right to buy their flats.", "buy", "hypothetical"),  # tenth round
    ("Each club keeps a right to appeal against the ruling.", "appeal", "hypothetical"),
    ("The council made the decision to sell the land in May.", "sell", "asserted"),
    # rule `topic_of`: a bare noun after a topic noun's of is a subject or a kind (#20, ninth round)
    ("The course covers issues of crime and justice.", "crime", "generic"),
    ("Voters weigh the consequences of fraud for the town.", "fraud", "generic"),
    ("Voters weigh the consequences of the attack on the depot.", "attack", "asserted"),
    ("The town recovered from years of war.", "war", "asserted"),
    # rule `small_clause`: a complement with no tense of its own takes the cues of the clause it completes (#20, tenth round)
    ("Do not let the rivals wreck the deal.", "wreck", "negated"),
    ("Cyclists could find themselves fined under the new rules.", "fined", "hypothetical"),
    ("If you get your bike stolen, the insurer will pay.", "stolen", "hypothetical"),
    ("The merger will see the group buy the remaining stake.", "buy", "planned"),
    ("The new scheme would let tenants buy their homes.", "buy", "hypothetical"),
    ("Witnesses saw the guards attack the crowd.", "attack", "asserted"),
    ("Officials said the guards attacked the crowd.", "attacked", "reported"),
    # rule `result_of`: what a clause leads to is as real as the clause (#20, tenth round)
    ("The talks may lead to an agreement in the spring.", "agreement", "hypothetical"),
    ("Any strike on the port would lead to a long war.", "war", "hypothetical"),
    ("The scandal led to the mayor's resignation.", "resignation", "asserted"),
    # rule `headline_infinitive`: an infinitive with no verb above it tells what is to be done (#20, tenth round)
    ("Ministry to sell stake in bank\n\nThe ministry has sold part of its stake and has announced a second sale.",
     "sell", "planned"),
    ("Ministry to sell stake in bank\n\nThe ministry has sold part of its stake and has announced a second sale.",
     "announced", "asserted"),
    ("Observers to watch city election\n\nThe council will invite observers from abroad.", "watch", "planned"),
    ("Several topics to be raised at the summit range from trade to aid.", "raised", "planned"),
    ("He went to the capital to meet the minister.", "meet", "asserted"),
])
def test_modality(nlp, ref, text, word, modality):
    doc = nlp(text)
    trigger = next(t for t in doc if t.text == word)
    assert modality_of(trigger, ref) == modality


def test_every_modality_rule_is_a_described_function():
    assert all(modality.RULES.values())
    named = {"shared_conjunct": "first_conjunct", "through_preposition": "_governing_cue",
             "conditional_subject": "modality_of", "scheduled_present": "scheduled_present",
             "purpose_clause": "_governing_cue"}
    assert all(callable(getattr(modality, named.get(name, name), None)) for name in modality.RULES)
