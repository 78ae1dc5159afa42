"""Case tables for the triggers stage (transforms/events/triggers.py): each matching rule and
each filter, alone. Hand-written sentences, parsed by the real model."""
from __future__ import annotations

import pytest

from transforms.events.triggers import FILTERS, RULES, article_domains, find_triggers, matches, related


@pytest.fixture(scope="module")
def ref(nlp):
    return nlp.get_pipe("dateline_events").reference


def triggers_of(nlp, ref, text):
    doc = nlp(text)
    return [(doc[t.phrase_start:t.end].text, t.entry.event_type, t.rule) for t in find_triggers(doc, ref)]


@pytest.mark.parametrize("text, expected", [
    ("Gunmen shot a guard.", [("shot", "Conflict.Attack", "lexicon_verb")]),
    ("Thousands joined a rally in the capital.", [("rally", "Conflict.Demonstrate", "lexicon_noun")]),
    ("Seven guards were dead.", [("dead", "Life.Die", "lexicon_adjective")]),
    ("Police arrested the suspect.", [("arrested", "Justice.ArrestJailDetain", "lexicon_word")]),
    ("A suicide bomber blew up the bus.", [("blew up", "Conflict.Attack", "lexicon_phrase")]),
    ("The president signed an executive order.", [("executive order", "Policy.ExecutiveOrder", "lexicon_phrase")]),
    ("A suicide attacker blew himself up outside the embassy.",
     [("blew", "Conflict.Attack", "split_particle")]),
    ("The talks resumed in Geneva.", [("talks", "Contact.Meet", "surface_form")]),  # lemma "talk"
    # a verb's form is not looked up as a word of its own: "wound" is wind's, "fighting" fight's (#20)
    ("After the war he wound up in Athens.", [("war", "Conflict.Attack", "lexicon_word")]),
    ("The group spent years fighting for land rights.", []),
    ("Huawei could face a $1 billion fine.", [("fine", "Justice.Fine", "noun_parsed_as_object")]),
    ("The firm faces a $5 million fine.", [("fine", "Justice.Fine", "lexicon_noun")]),
    ("The department lifted the ban.",
     [("lifted", "Policy.Repeal", "acts_on_event"), ("ban", "Policy.Ban", "lexicon_word")]),
    ("The ministry issued a statement on Monday.", [("issued a statement", "Contact.Contact", "light_verb_noun")]),
    ("The ministry announced a statement on Monday.",
     [("announced", "Contact.Contact", "lexicon_word"), ("statement", "Contact.Contact", "lexicon_word")]),
    ("The weather was mild.", []),
    # plain speaking is the quotes table's, like say and tell (#20)
    ("The minister spoke to reporters on Monday.", []),
    ("The two leaders talked by phone for an hour.", []),
    ("Rebels and soldiers fought a skirmish near the border.", [("skirmish", "Conflict.Attack", "lexicon_word")]),
    # communication that is an occurrence: broadcasts, meetings convened (#20)
    ("The network will broadcast the speech on Friday.", [("broadcast", "Contact.Contact", "lexicon_word")]),
    ("The president convened his cabinet on Monday.", [("convened", "Contact.Meet", "lexicon_word")]),
    ("The painting was sold at auction in London.", [("sold", "Transaction.ExchangeBuySell", "lexicon_word"),
                                                      ("auction", "Transaction.ExchangeBuySell", "lexicon_word")]),
    ("The bank approved a loan to the city.", [("loan", "Transaction.Loan", "lexicon_noun")]),
    # harm and death words RAMS dev's events use (#20)
    ("The former mayor passed away on Sunday.", [("passed away", "Life.Die", "lexicon_phrase")]),
    ("Guards tortured the prisoners.", [("tortured", "Life.Injure", "lexicon_word")]),
    # damage words RAMS dev's events use that the lexicon lacked (#20)
    ("Protesters ransacked the embassy.", [("ransacked", "ArtifactExistence.DamageDestroyDisableDismantle", "lexicon_word")]),
    ("Someone vandalized the statue overnight.",
     [("vandalized", "ArtifactExistence.DamageDestroyDisableDismantle", "lexicon_word")]),
    ("The garrison surrendered after a long siege.",
     [("surrendered", "Conflict.Yield", "lexicon_word"), ("siege", "Conflict.Attack", "lexicon_word")]),
    ("The council approved a payment to the contractor.", [("payment", "Transaction.Payment", "lexicon_word")]),
    ("A shipment of grain reached the port.", [("shipment", "Movement.Transportation", "lexicon_word")]),
    ("Customs officers confiscated the shipment.",
     [("confiscated", "Transaction.TransferControl", "lexicon_word"), ("shipment", "Movement.Transportation", "lexicon_word")]),
    ("Police are investigating the fatal stabbing of a teenager.",
     [("investigating", "Justice.InvestigateCrime", "lexicon_word"), ("fatal", "Life.Die", "lexicon_adjective"),
      ("stabbing", "Conflict.Attack", "lexicon_word")]),
    ("The senator died after a long illness.",
     [("died", "Life.Die", "lexicon_word"), ("illness", "Life.Illness", "lexicon_word")]),
    ("The garrison retreated to the hills.", [("retreated", "Conflict.Yield", "lexicon_word")]),
    ("The board defended the firing of the coach.", [("firing", "Personnel.EndPosition", "lexicon_noun")]),
    # votes and elections: AIDA's government.vote (KAIROS has none; #20)
    ("Voters elected a new mayor in the May election.",
     [("elected", "Personnel.Elect", "lexicon_word"), ("election", "Government.Vote", "lexicon_word")]),
    ("The party has won elections in every region since 1990.", [("won elections", "Personnel.Elect", "lexicon_phrase")]),
    ("The region voted in a referendum last week.",
     [("voted", "Government.Vote", "lexicon_verb"), ("referendum", "Government.Vote", "lexicon_word")]),
    # agreements made or ratified: AIDA's government.agreements; sign only with one as its object (#20)
    ("The two countries signed a peace treaty in 1998.",
     [("signed", "Government.Agreements", "acts_on_event"), ("treaty", "Government.Agreements", "lexicon_word")]),
    ("The parliament ratified the accord on Friday.",
     [("ratified", "Government.Agreements", "lexicon_word"), ("accord", "Government.Agreements", "lexicon_noun")]),
    ("The president signed the letter on Friday.", []),
    ("The state enacted a new privacy law in 2019.", [("enacted", "Government.Legislate", "lexicon_word")]),
    ("The agency spied on the embassy for years.", [("spied", "Government.Spy", "lexicon_verb")]),
    ("Police kept the suspect under surveillance.", [("surveillance", "Government.Spy", "lexicon_word")]),
    ("The minister misled parliament about the contract.", [("misled", "Contact.Prevarication", "lexicon_word")]),
    # embargoes, sanctions and boycotts: AIDA's embargosanction (#20)
    ("Shoppers began a boycott of the chain's stores in May.", [("boycott", "Policy.Sanction", "lexicon_word")]),
    ("Farmers boycotted the supermarket's milk for a month.", [("boycotted", "Policy.Sanction", "lexicon_word")]),
    ("The council imposed new sanctions on the regime.", [("sanctions", "Policy.Sanction", "lexicon_word")]),
    # the verb mostly approves: an event only when a named party or a body undergoes it (no_party_undergoes)
    ("The city sanctioned the street market for years.", []),
    ("The European Union sanctioned Iran in January.", [("sanctioned", "Policy.Sanction", "lexicon_word")]),
    ("Venezuela was sanctioned by Canada last year.", [("sanctioned", "Policy.Sanction", "lexicon_word")]),
    ("Raids by gangs sanctioned by the government went on.", [("Raids", "Conflict.Attack", "lexicon_word")]),
    # the illness names a thing, its outbreak the event (#20)
    ("Doctors say the virus is a rare disease.", []),
    ("An outbreak of the disease spread in May.", [("outbreak", "Disaster.DiseaseOutbreak", "lexicon_word")]),
])
def test_trigger_rules(nlp, ref, text, expected):
    assert triggers_of(nlp, ref, text) == expected


def test_every_rule_is_described():
    assert all(RULES.values()) and len(RULES) == len(set(RULES))


FILTER = {f.__name__: f for f in FILTERS}


@pytest.mark.parametrize("text, word, name, drops", [
    ("She lifted the box.", "lifted", "acts_on_no_event", True),
    ("She lifted the ban.", "lifted", "acts_on_no_event", False),
    ("Prosecutors opened a terrorism investigation.", "terrorism", "kind_of_event", True),
    ("The bombing suspect fled.", "bombing", "kind_of_event", False),
    ("The protest movement has grown.", "protest", "kind_of_thing", True),
    ("The threat of terrorism remains high, the minister said.", "threat", "other_sense", True),  # a danger (#20)
    ("The gang made threats against the judge.", "threats", "other_sense", False),
    ("The offences carry the threat of prison.", "threat", "other_sense", True),
    # a danger, not a threat someone made (#20, read on a judged sample of RAMS dev predictions)
    ("Drought is now the main threat to the harvest.", "threat", "other_sense", True),
    ("The rebels pose a threat to shipping in the strait.", "threat", "other_sense", True),
    ("The terrorist threat has grown since May.", "threat", "other_sense", True),
    ("The gang issued a threat against the judge.", "threat", "other_sense", False),
    ("The militia repeated its threat on Monday.", "threat", "other_sense", False),
    # senses read on a judged sample of RAMS dev predictions (#20)
    ("The patrol came under fire near the bridge.", "fire", "other_sense", True),
    ("The soldiers were pinned down by enemy fire.", "fire", "other_sense", True),
    ("A fire broke out under the bridge.", "fire", "other_sense", False),
    ("The plan met fierce resistance in parliament.", "met", "other_sense", True),
    ("The contractor met the deadline.", "met", "other_sense", True),
    ("The minister met the ambassador on Friday.", "met", "other_sense", False),
    ("The prisoners complained of harsh treatment by the guards.", "treatment", "other_sense", True),
    ("The actor got rougher treatment than his co-star.", "treatment", "other_sense", True),
    ("The wounded received treatment at the hospital.", "treatment", "other_sense", False),
    ("The inquiry looked at the way the prisoners were treated.", "treated", "other_sense", True),
    ("The clerks assembled files for the inquiry.", "assembled", "other_sense", True),
    ("The workers assembled the engines in Ohio.", "assembled", "other_sense", False),
    ("The senator would not let the scandal die.", "die", "other_sense", True),
    ("Three hikers died in the storm.", "died", "other_sense", False),
    ("(Reporting by Ana Ruiz; Editing by Tom Hill)", "Reporting", "other_sense", True),
    # prep_governor: the word the trigger's preposition hangs from (#20)
    ("The court sentenced the smuggler to death in May.", "death", "other_sense", True),
    ("Theft of a cow was once punishable by death.", "death", "other_sense", True),
    ("The crash led to the death of two pilots.", "death", "other_sense", False),
    ("She was held for two years as a wartime prisoner of war.", "war", "other_sense", True),
    ("The two sides agreed a cessation of hostilities.", "hostilities", "other_sense", True),
    ("The banker pleaded guilty to fraud in 2010.", "pleaded", "other_sense", True),
    ("She pleaded not guilty on Monday.", "pleaded", "other_sense", True),
    ("The mother pleaded with the kidnappers to free her son.", "pleaded", "other_sense", False),
    ("The president dismissed the group as amateurs.", "dismissed", "other_sense", True),
    ("The firm filed a motion to dismiss.", "dismiss", "other_sense", True),
    ("The firm dismissed its chief executive.", "dismissed", "other_sense", False),
    ("The senator suffered a heart attack in May.", "attack", "other_sense", True),
    ("Hackers stole the files during a cyber attack aimed at the party.", "attack", "other_sense", True),
    ("The group attacked the bank with a hack of its servers.", "attacked", "other_sense", True),
    ("The columnist attacked the mayor's reputation.", "attacked", "other_sense", True),
    ("Gunmen attacked the bank with grenades.", "attacked", "other_sense", False),
    ("A rocket attack hit the base.", "attack", "other_sense", False),
    ("State media were reporting by midday that the dam had burst.", "reporting", "other_sense", False),
    ("The attack was reported by state television.", "reported", "other_sense", False),
    # a warning that states a danger is a statement (the quotes table's), one that coerces a threat (#20)
    ("The envoy warned that the battle could last for months.", "warned", "other_sense", True),
    ("The minister warned of a humanitarian crisis within weeks.", "warned", "other_sense", True),
    ("The army warned the rebels to surrender.", "warned", "other_sense", False),
    # the prosecution as the side in court, and a title (#20, seventh round)
    ("The prosecution's expert told the jury the wound was fresh.", "prosecution", "other_sense", True),
    ("Cross-examined by the prosecution, the accountant denied it.", "prosecution", "other_sense", True),
    ("He wrote to the director of public prosecutions.", "prosecutions", "other_sense", True),
    ("The prosecution of the two bankers began in May.", "prosecution", "other_sense", False),
    # on sale is available to buy (#20, seventh round)
    ("The folding bicycle goes on sale in May.", "sale", "other_sense", True),
    ("Seats for the final are on sale at the gate.", "sale", "other_sense", True),
    # relation mass_governor: a bare sale under for is goods offered (#20, ninth round)
    ("The owners put the bakery up for sale.", "sale", "other_sense", True),
    ("The striker is not for sale, the coach said.", "sale", "other_sense", True),
    ("The firm won damages for the sale of its shipyard.", "sale", "other_sense", False),
    # relation active_prep_on: building on something develops it (#20, ninth round)
    ("The team must build on the win against the leaders.", "build", "other_sense", True),
    ("The council built houses on the old airfield.", "built", "other_sense", False),
    ("The bridge is being built on a muddy river bank.", "built", "other_sense", False),
    ("The sale of the shipyard was completed on Monday.", "sale", "other_sense", False),
    # demonstrate with a clause is to show (#20, seventh round)
    ("The trial results demonstrate that the vaccine works.", "demonstrate", "other_sense", True),
    ("The council must demonstrate why the scheme is fair.", "demonstrate", "other_sense", True),
    ("Thousands demonstrated against the plan outside parliament.", "demonstrated", "other_sense", False),
    ("Pompeo urged officials to cut off purchases, warning that the Pentagon would have to scale back military "
     "cooperation unless they complied.", "warning", "other_sense", False),  # seeds/articles: a condition coerces
    # rivalry, persuasion and interests, not fighting or a sale (#20, read on RAMS dev windows)
    ("Relations have not been this bad since the Cold War ended.", "War", "other_sense", True),
    ("The two leaders began a war of words on Monday.", "war", "other_sense", True),
    ("The war in the north killed thousands.", "war", "other_sense", False),
    ("The senator declared a conflict of interest.", "conflict", "other_sense", True),
    ("The party sold itself as a reform movement.", "sold", "other_sense", True),
    ("The company sold its stake to investors.", "sold", "other_sense", False),
    ("She was in charge of the department for four years.", "charge", "other_sense", True),
    ("Fans charged at the away end of the ground.", "charged", "other_sense", True),
    ("Prosecutors charged him with fraud.", "charged", "other_sense", False),
    ("The charge was dropped in May.", "charge", "other_sense", False),
    ("The official, who requested anonymity, confirmed the figures.", "requested", "other_sense", True),
    ("Reporters filed a records request with the agency.", "request", "other_sense", True),
    ("The rebels requested a ceasefire.", "requested", "other_sense", False),
    ("The plan calls for new elections in May.", "calls", "other_sense", True),
    ("The opposition called for new elections.", "called", "other_sense", False),
    ("Police treated the letter as a threat.", "treated", "other_sense", True),
    ("Doctors treated the wounded at the scene.", "treated", "other_sense", False),
    ("The senator told a campaign rally in Ohio that taxes would fall.", "rally", "other_sense", True),
    ("Thousands joined a rally against the new law.", "rally", "other_sense", False),
    # #20 eleventh round: a person's rally is a campaign event; notices, fees and margins (invented sentences)
    ("Maria Lopez's rally in Dayton drew a large crowd.", "rally", "other_sense", True),
    ("The clinic gives the vaccine free of charge.", "charge", "other_sense", True),
    ("The site placed a warning over the post.", "warning", "other_sense", True),
    ("The mayor won in a landslide.", "landslide", "other_sense", True),
    ("She cruised to a landslide victory.", "landslide", "other_sense", True),
    ("A landslide buried the village road.", "landslide", "other_sense", False),
    ("Measles is a sometimes fatal disease.", "fatal", "other_sense", True),
    ("She identifies herself as a socialist.", "identifies", "other_sense", True),
    ("Police identified the driver as a local man.", "identified", "other_sense", False),
    ("A camera captured the moment the wall fell.", "captured", "other_sense", True),
    ("Troops captured the rebel commander.", "captured", "other_sense", False),
    ("Students captured the embassy and held its staff.", "captured", "other_sense", True),  # a building (#20 twelfth round)
    ("The court sentenced him to the death penalty.", "penalty", "other_sense", True),
    ("The speech was a departure in tone for the senator.", "departure", "other_sense", True),
    ("The plan marks a departure from tradition.", "departure", "other_sense", True),
    ("He was charged with using a weapon of mass destruction.", "destruction", "other_sense", True),
    ("The destruction of the bridge cut the town off.", "destruction", "other_sense", False),
    ("The suspect remains in custody.", "custody", "other_sense", True),
    ("Police took the suspect into custody.", "custody", "other_sense", False),
    ("The death toll rose to twelve.", "death", "kind_of_thing", False),
    # the team or the visit of one inspection (#20)
    ("An inspection team arrived at the plant on Monday.", "inspection", "kind_of_thing", False),
    ("The minister paid an inspection visit to the port.", "inspection", "kind_of_thing", False),
    ("The firm sells inspection equipment to airports.", "inspection", "kind_of_thing", True),
    ("The council tightened the sanctions regime on the country last year.", "sanctions", "kind_of_thing", False),
    ("Detectives released a photo of the driver.", "released", "other_sense", True),
    ("Police released the suspect on Monday.", "released", "other_sense", False),
    # seeds/articles/huawei-executive-order.txt and Wikinews 2019-2020 (CC BY 2.5) sentences (#20)
    ("At a House Energy and Commerce Committee hearing Wednesday on the proposed merger of Sprint and T-Mobile, "
     "the chief executive testified.", "hearing", "other_sense", True),
    ("She has denied any wrongdoing; a hearing is set for March 6.", "hearing", "other_sense", False),
    # the same sentence after the two before it in the article: the parse hangs "hearing" off "Committee" (acl)
    ("U.S. industry lobbyists say Trump may back down against Huawei, just as he did with ZTE, to get a trade deal "
     "with China before new tariffs are due to kick in on March 2. But some telecom executives are publicly "
     "supporting stiffer action against Huawei.\nAt a House Energy and Commerce Committee hearing Wednesday on the "
     "proposed merger of Sprint and T- Mobile, the chief executive of T-Mobile, John Legere, reassured lawmakers "
     "that Huawei and other Chinese telecom equipment would not be used in the merged company’s networks.",
     "hearing", "other_sense", True),
    # a vote on a measure is a vote (Government.Vote, AIDA government.vote; #20)
    ("The island nation's cabinet unanimously voted to lift it on Saturday afternoon.", "voted", "other_sense", False),
    ("Yesterday, the Parliament of Iraq voted on a resolution to expel United States troops from the country.",
     "voted", "other_sense", False),
    ("He was among the Representatives who voted against the Iraq War in 2002.", "voted", "other_sense", False),
    ("Senior citizens voted heavily for Trump in 2016.", "voted", "other_sense", False),
    ("She leads on transport for the party.", "transport", "other_sense", True),
    ("The airline transports weapons and fighters across the Middle East.", "transports", "other_sense", False),
    ("The minister testified before the committee on Tuesday.", "testified", "other_sense", True),
    ("The witness testified at the trial.", "testified", "other_sense", False),
    ("The mayor called the explosion a deliberate attack.", "attack", "names_known_event", True),
    ("Officials described the blast as an attack.", "attack", "names_known_event", True),
    ("The rebels launched an attack.", "attack", "names_known_event", False),
    ("A suicide bomber attacked the base.", "suicide", "kind_of_person", True),
    ("He committed suicide.", "suicide", "kind_of_person", False),
    ("The anti-war march drew thousands.", "war", "negating_prefix", True),
    ("The war drew thousands.", "war", "negating_prefix", False),
    ("The cease-fire held for a week.", "fire", "negating_prefix", True),  # a halt to firing (#20)
    ("The fire spread to the roof.", "fire", "negating_prefix", False),
    # withdraw and retreat as Conflict.Yield, and their other senses (#20)
    ("The country withdrew from the treaty last year.", "withdrew", "other_sense", True),
    ("The senator withdrew his nomination.", "withdrew", "other_sense", True),
    ("The troops withdrew from the town at dawn.", "withdrew", "other_sense", False),
    ("The cabinet met at the presidential retreat.", "retreat", "other_sense", True),
    ("The rebels began a hasty retreat.", "retreat", "other_sense", False),
    ("Villagers heard the firing of rockets overnight.", "firing", "other_sense", True),
    ("The board defended the firing of the coach.", "firing", "other_sense", False),
    ("Skipping the debate was a fatal mistake for the campaign.", "fatal", "other_sense", True),
    ("The fatal crash closed the motorway for hours.", "fatal", "other_sense", False),
    # senses read off the judged RAMS samples, sentences written for the test (#20)
    ("The senator's delay derails the reform plan.", "derails", "other_sense", True),
    ("The train derailed near the station.", "derailed", "other_sense", False),
    ("In 1812 the army marched into Moscow.", "marched", "other_sense", True),
    ("Thousands of students marched through the capital.", "marched", "other_sense", False),
    ("She built a successful company in ten years.", "built", "other_sense", True),
    ("The firm built a bridge over the river.", "built", "other_sense", False),
    ("The truce that the two sides signed quickly collapsed.", "collapsed", "other_sense", True),
    ("A ceasefire that quickly collapsed left the city exposed.", "collapsed", "other_sense", True),
    ("The bridge that carried the road collapsed.", "collapsed", "other_sense", False),
    # an organization's name or a firm as subject: a business failing (#20, sixth round)
    ("Savers lost their money when Northwind Holdings collapsed.", "collapsed", "other_sense", True),
    ("Suppliers went unpaid after the firm collapsed.", "collapsed", "other_sense", True),
    ("The stadium roof collapsed in the storm.", "collapsed", "other_sense", False),
    ("The governor launched a blistering attack on his rival.", "attack", "other_sense", True),
    ("The rebels launched an attack on the base.", "attack", "other_sense", False),
    ("Congress is locked in a battle over the budget.", "battle", "other_sense", True),
    ("The battle over the city lasted a week.", "battle", "other_sense", False),
    # staying away from an occasion is no sanction (#20)
    ("The opposition will boycott the election in March.", "boycott", "other_sense", True),
    ("Several teams threatened a boycott of the games.", "boycott", "other_sense", True),
    ("Several senators boycotted the president's speech.", "boycotted", "other_sense", True),
    ("The officer faces administrative sanctions after the inquiry.", "sanctions", "other_sense", True),
    ("The council imposed economic sanctions on the country.", "sanctions", "other_sense", False),
    ("Consumers boycotted the brand's products for a year.", "boycotted", "other_sense", False),
    # relation place_object: a place name taken or won (#20)
    ("The army captured Mosul from the militants on Saturday.", "captured", "other_sense", True),
    ("The candidate hoped to capture Ohio and Florida.", "capture", "other_sense", True),
    ("Police captured the suspect near Chicago.", "captured", "other_sense", False),
    ("The new figures lend weight to the theory.", "lend", "other_sense", True),
    ("The bank agreed to lend the firm two million dollars.", "lend", "other_sense", False),
    ("Investigators examined his financial statements from 2015.", "statements", "other_sense", True),
    ("The ministry issued a statement on Friday.", "statement", "other_sense", False),
    ("The city was hit hard by the opioid epidemic of the 2010s.", "epidemic", "other_sense", True),
    ("A cholera epidemic swept the region.", "epidemic", "other_sense", False),
    ("The ruling is a clear violation of democratic norms.", "violation", "other_sense", True),
    ("The firm was fined for the violation of export controls.", "violation", "other_sense", False),
    # a verbal attack: told by what the attacker says, or by a person's words or acts as the object (#20, fifth round)
    ("The senator attacked the governor, saying he had lied about the budget.", "attacked", "other_sense", True),
    ("The coach blasted the referee's decisions.", "blasted", "other_sense", True),
    ("Gunmen attacked the convoy, killing two guards.", "attacked", "other_sense", False),
    ("The explosion blasted the market.", "blasted", "other_sense", False),
    # appeal: attracting, or a court appeal, is no request (#20, fifth round)
    ("The new phones appeal to younger buyers.", "appeal", "other_sense", True),
    ("The tenants appealed against the eviction order.", "appealed", "other_sense", True),
    ("Police appealed to the public for help.", "appealed", "other_sense", False),
    ("After the minister appealed directly to the president, the ban was lifted.", "appealed", "other_sense", False),
    ("The mayor appealed to residents to stay indoors.", "appealed", "other_sense", False),
    # drive: moved by a motive or causing a trend, nobody carried (#20, fifth round)
    ("The thief was driven by greed.", "driven", "other_sense", True),
    ("Cheap phones have driven demand for mobile games.", "driven", "other_sense", True),
    ("The minister was driven by his chauffeur to the airport.", "driven", "other_sense", False),
    ("The smugglers drove the migrants across the border.", "drove", "other_sense", False),
    # a by-agent naming no person or body, a quantity driven up or down (#20, sixth round)
    ("Coffee prices have risen, driven by a poor harvest in the highlands.", "driven", "other_sense", True),
    ("Rents were driven up by a shortage of flats.", "driven", "other_sense", True),
    ("The injured man was driven by a neighbour to the hospital.", "driven", "other_sense", False),
    ("The envoy was driven by them to the border.", "driven", "other_sense", False),
    # a penalty in a match, a charge that is a fee (#20, fifth round)
    ("The visitors conceded a penalty in the last minute.", "penalty", "other_sense", True),
    ("The regulator imposed a penalty on the bank.", "penalty", "other_sense", False),
    ("Tourists complained about the parking charges.", "charges", "other_sense", True),
    ("The bank waived the charges on his account.", "charges", "other_sense", True),
    # the noun a relative clause hangs from is its object (#20 tenth round); charging a fee or a tax
    ("The shop raised the prices it charged.", "charged", "other_sense", True),
    ("The report which the ministry released was short.", "released", "other_sense", True),
    ("The garage charged him VAT on the repair.", "charged", "other_sense", True),
    ("The driver the police charged was released on bail.", "charged", "other_sense", False),
    ("The prisoners that the army released were flown home.", "released", "other_sense", False),
    ("Prosecutors dropped the charges against the driver.", "charges", "other_sense", False),
    ("The school struggled to meet its targets.", "meet", "other_sense", True),
    ("The new timetable was met with anger from commuters.", "met", "other_sense", True),
    ("The minister met with union leaders on Friday.", "met", "other_sense", False),
    ("He was arrested again while on parole.", "parole", "other_sense", True),
    ("The board granted him parole in May.", "parole", "other_sense", False),
    ("The charity works to combat racism in schools.", "combat", "other_sense", True),
    # a verb capitalized inside its sentence is a headline's (#20)
    ("Floods Leave Three Villagers Injured", "Injured", "headline_verb", True),
    ("Minister Says Police Arrested Two Protesters", "Arrested", "headline_verb", True),
    ("Rebels Attacked Army Base Overnight, Officials Say", "Attacked", "headline_verb", True),
    ("Three villagers were injured in the floods.", "injured", "headline_verb", False),
    ("\"Arrest them,\" the officer shouted.", "Arrest", "headline_verb", False),
    ("Officials said: Arrest them all.", "Arrest", "headline_verb", False),
    ("He is being held on charges of fraud.", "charges", "basis_of_charge", True),
    ("The charges were dropped.", "charges", "basis_of_charge", False),
    ("It was the second reported death of a pilot.", "reported", "describing_participle", True),
    ("Rescuers searched the damaged homes.", "damaged", "describing_participle", False),
    ("The suspects are reported to have fled to Syria.", "reported", "hearsay", True),
    ("The agency reported the attack.", "reported", "hearsay", False),
    # seeds/articles/huawei-executive-order.txt (#20): harm or release no person undergoes
    ("The main target of the draft order, expected to be released in days, is Huawei.", "released",
     "no_person_undergoes", True),
    ("A ZTE-like ban would clearly hurt and could slow China's push.", "hurt", "no_person_undergoes", True),
    ("Some industry analysts question the strategy if it hurts U.S. suppliers.", "hurts",
     "no_person_undergoes", True),
    ("Two of the detainees were later released from prison.", "released", "no_person_undergoes", False),
    ("The judge threw out the charges and released the prisoners.", "released", "no_person_undergoes", False),
    ("The rebels released Maria Lopez on Friday.", "released", "no_person_undergoes", False),
    ("Three people were hurt in the crash.", "hurt", "no_person_undergoes", False),
    ("Police said nobody was hurt.", "hurt", "no_person_undergoes", False),
    ("A soldier was badly hurt.", "hurt", "no_person_undergoes", False),
    # dismissing a claim or an offer rejects it; a person dismissed leaves a post (#20 ninth round)
    ("The minister dismissed the claims as nonsense.", "dismissed", "no_person_undergoes", True),
    ("The board dismissed the offer.", "dismissed", "no_person_undergoes", True),
    ("The club dismissed him in May.", "dismissed", "no_person_undergoes", False),
    ("Two workers were dismissed after the audit.", "dismissed", "no_person_undergoes", False),
    ("The club dismissed its manager on Monday.", "dismissed", "no_person_undergoes", False),  # quotes lexicon noun
    ("The singer was released from her contract in May.", "released", "other_sense", True),
    ("The singer was released from prison in May.", "released", "other_sense", False),
    # a sum of money is no one (#20)
    ("After the audit, $40 million was released to the museum.", "released", "no_person_undergoes", True),
    ("The bank released $2 million to the firm.", "released", "no_person_undergoes", True),
    ("The rebels released 12 on Friday.", "released", "no_person_undergoes", False),
    # threaten is a threat when a party does it or no doer is named; a thing that threatens is a
    # danger (no_party_acts, #20 eighth round)
    ("The new ruling threatens the freedom of local newspapers.", "threatens", "no_party_acts", True),
    ("A storm threatening the coast forced the port to close.", "threatening", "no_party_acts", True),
    ("A drought that threatens the harvest has worried farmers.", "threatens", "no_party_acts", True),
    ("The harbour was threatened by rising water.", "threatened", "no_party_acts", True),
    ("The senator threatened to resign over the budget.", "threatened", "no_party_acts", False),
    ("The union threatened a strike if wages were cut.", "threatened", "no_party_acts", False),
    ("Debt collectors threatened to seize her car.", "threatened", "no_party_acts", False),
    ("The mayor was threatened by a gang member.", "threatened", "no_party_acts", False),
    ("She said she had been threatened at work.", "threatened", "no_party_acts", False),
    # drive with a thing as its subject is a cause, no journey; a route keeps it (#20 eighth round)
    ("Strong demand drove sales of small cars last year.", "drove", "no_party_acts", True),
    ("She drove the lorry through the night.", "drove", "no_party_acts", False),
    ("The storm drove the family to the hills.", "drove", "no_party_acts", False),
    # a thing that travels moves no one; a party or a route keeps the journey (#20 tenth round)
    ("The file that travels with the message hides a virus.", "travels", "no_party_acts", True),
    ("The signal travels down the copper wire.", "travels", "no_party_acts", True),
    ("The envoy travelled with the minister on Monday.", "travelled", "no_party_acts", False),
    ("The parcel travelled to Lisbon by train.", "travelled", "no_party_acts", False),
    # under threat is at risk, no threat made (#20 eighth round)
    ("Hundreds of jobs are under threat at the plant.", "threat", "other_sense", True),
    # a clash or an attack over or about an issue is a dispute in words (#20 eighth round)
    ("The two parties clashed over pension reform on Tuesday.", "clashed", "other_sense", True),
    ("The senator attacked the governor over the hospital closures.", "attacked", "other_sense", True),
    ("Protesters clashed with riot police near the square.", "clashed", "other_sense", False),
    ("Gunmen attacked the convoy on the highway.", "attacked", "other_sense", False),
    # demand as a bare singular is buyers' demand in a market, no request (relation mass, #20 eighth round)
    ("Weak demand for copper wire cut the mill's profits.", "demand", "other_sense", True),
    ("Viewers can now watch the whole series on demand.", "demand", "other_sense", True),
    ("The union repeated its demand for a pay rise.", "demand", "other_sense", False),
    ("A demand for a new inquiry was rejected.", "demand", "other_sense", False),
    # a person's departure is leaving a post, no journey (relation owner, #20 eighth round)
    ("The coach's departure was announced on Monday.", "departure", "other_sense", True),
    ("The club hired him after the departure of its manager.", "departure", "other_sense", True),
    ("The departure from the airport was delayed by fog.", "departure", "other_sense", False),
    # an accusation is a charge only without a named accuser or from a legal one (#20)
    ("The candidate accused her rival of lying about the budget.", "accused", "informal_accusation", True),
    ("The minister rejected the accusations.", "accusations", "informal_accusation", True),
    ("The coach was accused by the league of hiding injuries.", "accused", "informal_accusation", True),
    ("Prosecutors accused the banker of fraud.", "accused", "informal_accusation", False),
    ("The former governor, accused of bribery, appeared in court.", "accused", "informal_accusation", False),
    ("He was accused of murder in 2015.", "accused", "informal_accusation", False),
    # a verb with no subject of its own has its partner's active subject; a passive partner's or a
    # bare participle's subject is the accused (#20, fifth round)
    ("The coach rejected the report and accused the writer of bias.", "accused", "informal_accusation", True),
    ("The neighbour phoned the council, accusing it of neglect.", "accusing", "informal_accusation", True),
    ("Police arrested the driver and accused him of theft.", "accused", "informal_accusation", False),
    ("The driver was arrested and accused of theft.", "accused", "informal_accusation", False),
    ("The clerk is in court, accused of theft.", "accused", "informal_accusation", False),
    # transport and travel as a bare singular: a sector or an activity in aggregate (relation mass, #20 tenth round)
    ("Commuters complained about public transport in the city.", "transport", "other_sense", True),
    ("Air travel has grown quickly in the region.", "travel", "other_sense", True),
    ("The transport of the troops took two days.", "transport", "other_sense", False),
    ("His travels took him to Peru and Chile.", "travels", "other_sense", False),
    # a flood of things, an explosion of them in the plural: a crowd, no disaster (#20 tenth round)
    ("A flood of complaints reached the council.", "flood", "other_sense", True),
    ("An explosion of new cafes has changed the street.", "explosion", "other_sense", True),
    ("An explosion of gas wrecked the house.", "explosion", "other_sense", False),
    ("The explosion of a car bomb killed two guards.", "explosion", "other_sense", False),
    # withdrawing a bill, goods or staff is no retreat (event_senses.csv, #20 twelfth round)
    ("The mayor announced the withdrawal of the draft law.", "withdrawal", "other_sense", True),
    ("The radio station withdrew its reporters from the square.", "withdrew", "other_sense", True),
    ("The bank withdrew two mortgage products.", "withdrew", "other_sense", True),
    ("The general ordered the withdrawal of the troops.", "withdrawal", "other_sense", False),
    # damage to a person, a body or an intangible is harm in a figure, no thing damaged (#20 tenth round)
    ("The scandal badly damaged her reputation.", "damaged", "no_thing_damaged", True),
    ("The row damaged relations between the two neighbours.", "damaged", "no_thing_damaged", True),
    ("The strike damaged the government badly.", "damaged", "no_thing_damaged", True),
    ("The gaffe inflicted lasting damage on the party.", "damage", "no_thing_damaged", True),
    ("The takeover destroyed Northwind Holdings, its founder said.", "destroyed", "no_thing_damaged", True),
    ("The fire destroyed the depot.", "destroyed", "no_thing_damaged", False),
    ("The storm caused serious damage to the hull.", "damage", "no_thing_damaged", False),
    ("The fire which destroyed the old mill started in the kitchen.", "destroyed", "no_thing_damaged", False),
    ("The Halden Federal Building was shattered by a blast.", "shattered", "no_thing_damaged", False),  # a name ending in a place noun
])
def test_trigger_filters(nlp, ref, text, word, name, drops):
    doc = nlp(text)
    found = matches(doc, ref)
    heads = frozenset(m.root.i for m in found)
    match = next(m for m in found if m.root.text == word)
    assert FILTER[name](match, heads, ref) is drops


def test_the_infinitive_relation_is_the_to_clause_the_trigger_governs(nlp):
    # event_senses.csv relation `infinitive` (no row uses it since votes on measures became votes)
    doc = nlp("The council voted to close the bridge.")
    assert [t.text for t in related(doc[2], "infinitive")] == ["close"]
    assert related(nlp("The council voted on Tuesday.")[2], "infinitive") == []


# `domain_sense` (#20, sixth round): hand-written articles. A match report reads conflict, fine and
# charge words in their sport sense; fans or police in the sentence keep the event; a bombing
# report that names a match is no match report (its keep words outnumber its sport words).
MATCH_REPORT = ("The league match ended 2-1. The striker scored twice before half-time and the coach praised "
                "the squad. ")


FILM_REPORT = ("The director's new film premiered at the festival on Friday. The actress won an award for her role in "
               "the comedy, and the studio plans a sequel. ")
MARKET_REPORT = ("Shares in the bank rose on the stock market as investors favoured the dollar. Traders said the index "
                 "and the currency had gained. ")
GAME_REVIEW = ("The new console game lets gamers race through twelve levels. Its multiplayer mode works well, and "
               "the joystick feels right. ")
NET_REPORT = ("Hackers took over thousands of home computers and used them to jam the bank's website with data. "
              "Security firms said the virus spread through e-mail, and anti-virus software missed it. ")
LAB_REPORT = ("Researchers grew the bacteria in a laboratory for a new study. The scientists say the cells "
              "survived the experiment, and the journal published the results. ")
WEATHER_REPORT = ("Forecasters expect the storm to bring heavy rain and strong winds to the islands. Gusts of wind "
                  "reached 90 km/h as the storm neared the coast. ")


@pytest.mark.parametrize("text, domains, expected", [
    (MATCH_REPORT + "The visitors hit back with a penalty and clashed with the home side's defence.", ["sport", "sport_meeting"], []),
    (MATCH_REPORT + "Police arrested two fans after rival supporters clashed outside the stadium.", ["sport", "sport_meeting"],
     [("arrested", "Justice.ArrestJailDetain", "lexicon_word"), ("clashed", "Conflict.Attack", "lexicon_word")]),
    (MATCH_REPORT + "The goalkeeper faces criminal charges after the match.", ["sport", "sport_meeting"],
     [("charges", "Justice.ChargeIndict", "lexicon_noun")]),
    (MATCH_REPORT + "The goalkeeper faces charges after the match.", ["sport", "sport_meeting"], []),
    ("Police said the bomb exploded near the stadium before the cup match. Soldiers sealed off the area and "
     "police searched for the attacker. The attack on the football crowd wounded five people, police said.", [],
     [("exploded", "Conflict.Attack", "lexicon_word"), ("attack", "Conflict.Attack", "lexicon_word"),
      ("wounded", "Life.Injure", "lexicon_verb")]),
    ("The visitors hit back with a penalty and clashed with the home side's defence.", [],
     [("penalty", "Justice.Fine", "lexicon_word"), ("clashed", "Conflict.Attack", "lexicon_word")]),
    # sport_meeting (seventh round): in a match report a meeting is a match, unless its sentence names a board,
    # officials, an agent, a contract or talks
    (MATCH_REPORT + "The two sides won their last meeting at the stadium 3-0.", ["sport", "sport_meeting"], []),
    (MATCH_REPORT + "The chairman called a board meeting after the match.", ["sport", "sport_meeting"],
     [("meeting", "Contact.Meet", "lexicon_word")]),
    ("The two sides won their last meeting at the stadium 3-0.", [], [("meeting", "Contact.Meet", "lexicon_word")]),
    # screen_and_music (seventh round): in an article about films, television or music an attack is a film
    # shot, critics attacking a film, a song shooting up the charts, unless its sentence names police or the dead
    (FILM_REPORT + "Most of the film was shot in Morocco.", ["screen_and_music"], []),
    (FILM_REPORT + "Critics attacked the film.", ["screen_and_music"], []),
    (FILM_REPORT + "Police said the actor was shot dead outside his home.", ["screen_and_music"],
     [("shot", "Conflict.Attack", "lexicon_verb"), ("dead", "Life.Die", "lexicon_adjective")]),
    ("Most of the film was shot in Morocco.", [], [("shot", "Conflict.Attack", "lexicon_verb")]),
    # the computing domain (seventh round): an attack or an outbreak in an article about computers and the
    # net is one on or of machines, unless the sentence names police, soldiers, bombs or the dead
    (NET_REPORT + "The attack knocked the website offline for a day.", ["computing", "computing_threat", "computing_trial"], []),
    (NET_REPORT + "The outbreak reached its peak on Monday.", ["computing", "computing_threat", "computing_trial"], []),
    (NET_REPORT + "Police arrested two men after the attack on the bank's servers.", ["computing", "computing_threat", "computing_trial"],
     [("arrested", "Justice.ArrestJailDetain", "lexicon_word"), ("attack", "Conflict.Attack", "lexicon_word")]),
    ("The attack knocked the website offline for a day.", [], [("attack", "Conflict.Attack", "lexicon_word")]),
    # markets (eighth round): in an article about shares and currencies a rally is a rise in prices and a
    # retreat a fall, unless the sentence names protesters, the street, police or workers
    (MARKET_REPORT + "The rally ended on Friday.", ["markets"], []),
    (MARKET_REPORT + "Thousands of protesters joined a rally outside the exchange.", ["markets"],
     [("rally", "Conflict.Demonstrate", "lexicon_noun")]),
    ("The rally ended on Friday.", [], [("rally", "Conflict.Demonstrate", "lexicon_noun")]),
    # computing_threat (eighth round): there a threat or a warning is a danger to machines or an advisory,
    # unless the sentence names extortion, blackmail, a ransom or a demand, or the police or a court
    (NET_REPORT + "The firm warned customers to change their passwords.", ["computing", "computing_threat", "computing_trial"], []),
    (NET_REPORT + "Antivirus tools should guard home users against such threats.", ["computing", "computing_threat", "computing_trial"], []),
    (NET_REPORT + "The gang threatened to shut the site down unless a ransom was paid.", ["computing", "computing_threat", "computing_trial"],
     [("threatened", "Contact.ThreatenCoerce", "lexicon_word")]),
    ("The firm warned customers to change their passwords.", [], [("warned", "Contact.ThreatenCoerce", "lexicon_word")]),
    ("The outbreak reached its peak on Monday.", [], [("outbreak", "Disaster.DiseaseOutbreak", "lexicon_word")]),
    # computing_trial (tenth round): there a trial is a test of a product or a service, unless the sentence
    # names a court, a judge, a jury, prosecutors, a defendant or a charge
    (NET_REPORT + "The bank began a trial of the new software in March.", ["computing", "computing_threat", "computing_trial"], []),
    (NET_REPORT + "The hacker went on trial before a jury in May.", ["computing", "computing_threat", "computing_trial"],
     [("trial", "Justice.TrialHearing", "lexicon_word")]),
    ("The bank began a trial of the new software in March.", [], [("trial", "Justice.TrialHearing", "lexicon_word")]),
    # video_games (ninth round): in an article about video games an attack or a death is the play of the
    # game, unless the sentence names the police, a court, victims or soldiers
    (GAME_REVIEW + "The hero is killed in the second level.", ["video_games"], []),
    (GAME_REVIEW + "Police said the boy was killed by a friend.", ["video_games"],
     [("killed", "Life.Die", "lexicon_word")]),
    ("The hero is killed in the second level.", [], [("killed", "Life.Die", "lexicon_word")]),
    # science (eleventh round): in an article about research an investigation is a study and a charge is
    # electric, unless the sentence names the police, a court, a crime, a death or an accident
    (LAB_REPORT + "The team will now investigate how the cells divide.", ["science"], []),
    (LAB_REPORT + "Nothing is known about the charge of the particle.", ["science"], []),
    (LAB_REPORT + "The two signals interfere with each other.", ["science"], []),
    (LAB_REPORT + "The trial of the two drugs was stopped early.", ["science"], []),  # twelfth round
    (LAB_REPORT + "The judge adjourned the trial of the lab's former director.", ["science"],
     [("trial", "Justice.TrialHearing", "lexicon_word")]),
    (LAB_REPORT + "Police began an investigation into the theft of the samples.", ["science"],
     [("investigation", "Justice.InvestigateCrime", "lexicon_word"), ("theft", "GenericCrime.GenericCrime", "lexicon_word")]),
    ("Police began an investigation into the theft of the samples.", [],
     [("investigation", "Justice.InvestigateCrime", "lexicon_word"), ("theft", "GenericCrime.GenericCrime", "lexicon_word")]),
    # weather (twelfth round): in an article about the weather a warning is a forecast or an advisory, unless the
    # sentence names the police, soldiers, a gang, a bomb or a ransom
    (WEATHER_REPORT + "The weather service issued a red warning for the northern islands.", ["weather"], []),
    (WEATHER_REPORT + "The warnings apply until Friday morning.", ["weather"], []),
    (WEATHER_REPORT + "Police said a gang had threatened shop owners during the blackout.", ["weather"],
     [("threatened", "Contact.ThreatenCoerce", "lexicon_word")]),
    ("The warnings apply until Friday morning.", [], [("warnings", "Contact.ThreatenCoerce", "lexicon_word")]),
])
def test_domain_sense(nlp, ref, text, domains, expected):
    doc = nlp(text)
    assert [d.name for d in article_domains(doc, ref)] == domains
    assert triggers_of(nlp, ref, text) == expected
