"""The speaker-entity figure: GUM's chains read through the identity scorer's parser, and the
verdict per quote. Hand-written CoNLL-U and rows, not gold text."""
from evaluation.speakers import chain_at, judge, with_chain_identities

LINE = "3\tLee\tLee\tPROPN\tNNP\t_\t4\tnsubj\t_\t{misc}"


def test_every_opening_gets_its_chain_as_identity_and_keeps_the_rest():
    named = LINE.format(misc="Entity=(7-person-giv-sssss-cf1-1-coref-Ann_Lee)|SpaceAfter=No")
    pronoun = LINE.format(misc="Entity=(7-person-giv-sssss-cf1-1-coref)")
    nested = LINE.format(misc="Entity=(8-abstract-new-nsnss-cf2-1-sgl(9-person-new-s-cf3-1-ana)")
    out = with_chain_identities("\n".join(["# text = x", named, pronoun, nested]))
    rows = out.splitlines()
    assert rows[0] == "# text = x"
    assert rows[1].endswith("Entity=(7-person-giv-sssss-cf1-1-coref-chain7of)|SpaceAfter=No")
    assert rows[2].endswith("Entity=(7-person-giv-sssss-cf1-1-coref-chain7of)")
    assert rows[3].endswith("Entity=(8-abstract-new-nsnss-cf2-1-sgl-chain8of(9-person-new-s-cf3-1-ana-chain9of)")
    assert rows[1].split("\t")[:9] == named.split("\t")[:9]


# "Ann Lee's father spoke. He said ..." : chain A = Ann Lee, chain F = her father and "He".
GOLD = [{"start": 0, "end": 7, "identity": "A"}, {"start": 0, "end": 16, "identity": "F"},
        {"start": 24, "end": 26, "identity": "F"}]


def quote(entity_id, start=24, end=26):
    return {"speaker_start": start, "speaker_end": end, "speaker_entity_id": entity_id}


def test_a_span_stands_for_the_smallest_gold_mention_holding_it():
    assert chain_at(GOLD, 0, 7) == "A"  # "Ann Lee" inside "Ann Lee's father" is Ann Lee
    assert chain_at(GOLD, 10, 16) == "F"
    assert chain_at(GOLD, 40, 45) is None


def test_verdicts():
    ann = [{"start_char": 0, "end_char": 7, "entity_id": "ann"}]
    father = [{"start_char": 10, "end_char": 16, "entity_id": "dad"}]
    assert judge(quote("ann"), GOLD, ann) == "wrong"  # "He" is the father, not Ann Lee
    assert judge(quote("dad"), GOLD, father) == "right"
    assert judge(quote(None), GOLD, ann) == "unresolved"
    assert judge(quote("ann", 40, 45), GOLD, ann) is None  # the gold marks no mention there
    assert judge(quote("ann", None, None), GOLD, ann) is None
