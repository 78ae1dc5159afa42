"""The head-matched identity figure: a gold mention is matched on its syntactic head, not by the
longest name inside it. Hand-written CoNLL-U, not gold text."""
from evaluation.identity import conllu_tokens, match_on_head, syntactic_head

# "Anna Berg of the Green Party spoke ." with the gold's parse: Berg heads "Anna Berg of the
# Green Party"; Party heads "the Green Party".
CONLLU = "\n".join([
    "# text = Anna Berg of the Green Party spoke.",
    "1\tAnna\tAnna\tPROPN\tNNP\t_\t2\tcompound\t_\t_",
    "2\tBerg\tBerg\tPROPN\tNNP\t_\t7\tnsubj\t_\t_",
    "3\tof\tof\tADP\tIN\t_\t6\tcase\t_\t_",
    "4\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\t_",
    "5\tGreen\tGreen\tPROPN\tNNP\t_\t6\tcompound\t_\t_",
    "6\tParty\tParty\tPROPN\tNNP\t_\t2\tnmod\t_\t_",
    "7\tspoke\tspeak\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No",
    "8\t.\t.\tPUNCT\t.\t_\t7\tpunct\t_\t_",
    "",
    "1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\t_",
    "2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\t_",
    "",
])
TEXT = "Anna Berg of the Green Party spoke.\nShe left\n"
PERSON = (0, len("Anna Berg of the Green Party"))
PARTY = (TEXT.index("the Green"), TEXT.index(" spoke"))
PREDS = [(0, 9, "person"), (TEXT.index("Green"), TEXT.index(" spoke"), "party")]


def test_tokens_get_offsets_and_heads_across_sentences():
    tokens = conllu_tokens(CONLLU, TEXT)
    assert [TEXT[s:e] for s, e, _ in tokens][:3] == ["Anna", "Berg", "of"]
    assert tokens[1][2] == 6  # Berg -> spoke
    assert tokens[6][2] is None  # the root
    assert tokens[8][2] == 9  # She -> left: the second sentence's indices are offset
    assert TEXT[tokens[9][0]:tokens[9][1]] == "left"


def test_a_person_phrase_is_matched_by_the_person_not_the_party_inside_it():
    tokens = conllu_tokens(CONLLU, TEXT)
    head = syntactic_head(tokens, *PERSON)
    assert TEXT[head[0]:head[1]] == "Berg"
    assert match_on_head(PREDS, *PERSON, head) == "person"
    # The scorer's own rule, the longest mention inside, would take the party.
    inside = [p for p in PREDS if PERSON[0] <= p[0] and p[1] <= PERSON[1]]
    assert max(inside, key=lambda p: p[1] - p[0])[2] == "party"


def test_the_nested_party_mention_is_still_the_party():
    tokens = conllu_tokens(CONLLU, TEXT)
    head = syntactic_head(tokens, *PARTY)
    assert TEXT[head[0]:head[1]] == "Party"
    assert match_on_head(PREDS, *PARTY, head) == "party"


def test_no_prediction_on_the_head_matches_nothing():
    tokens = conllu_tokens(CONLLU, TEXT)
    she = (TEXT.index("She"), TEXT.index("She") + 3)
    assert match_on_head(PREDS, *she, syntactic_head(tokens, *she)) is None


def test_lake_row_moves_body_offsets_onto_the_input_text(tmp_path):
    from evaluation.identity import lake_row

    source = tmp_path / "GUM_news_x.txt"
    source.write_text("\nA headline\nMs Ada Quill spoke in Leeds.\n", encoding="utf-8")
    body = "A headline\nMs Ada Quill spoke in Leeds."
    row = lake_row({"source_uri": str(source), "body": body, "start_char": 14, "end_char": 23, "entity_id": "e1"})
    assert row == {"doc": "GUM_news_x", "start": 15, "end": 24, "entity_id": "e1"}
    assert source.read_text(encoding="utf-8")[row["start"]:row["end"]] == "Ada Quill"
    assert lake_row({"source_uri": str(source), "body": "not there", "start_char": 0, "end_char": 3,
                     "entity_id": "e1"}) is None
