"""direct.join_runs (repair ``quotation_runs_on``): a quote running over paragraphs, each
reopening the mark and only the last closing it, is one row. Sentences written for the test."""

OPEN_RUN = ('Bridge works\nThe mayor said: "The bridge will close in May for repairs.\n'
            '"Traffic will go through the town centre until the work is done."')


def _rows(nlp, text):
    return [(q["kind"], q["text"], q["speaker"], q["rule"]) for q in nlp(text)._.dl_quotes]


def test_quote_left_open_at_paragraph_end_runs_on_into_the_next(nlp):
    assert _rows(nlp, OPEN_RUN) == [
        ("direct", 'The bridge will close in May for repairs.\n"Traffic will go through the town centre'
                   ' until the work is done.', "The mayor", "cue_before")]


def test_closed_quotations_in_two_paragraphs_stay_two_rows(nlp):
    text = OPEN_RUN.replace('repairs.\n', 'repairs."\n')
    rows = _rows(nlp, text)
    assert [r[1] for r in rows] == ["The bridge will close in May for repairs.",
                                    "Traffic will go through the town centre until the work is done."]


def test_a_paragraph_reopened_with_another_mark_is_another_quote(nlp):
    text = OPEN_RUN.replace('\n"Traffic', '\n“Traffic').replace('done."', 'done.”')
    assert len(_rows(nlp, text)) == 2
