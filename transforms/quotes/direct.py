"""Direct quotes: each quotation attributed (pass 2), then its row, with the speaker it goes on
from when it has no cue of its own (pass 4)."""
from __future__ import annotations

import re

from transforms.quotes.marks import SENTENCE_END
from transforms.quotes.values import Attribution
from transforms.quotes.words import MIN_FREE_WORDS


def attribute_quotations(ctx) -> tuple[dict[int, Attribution], dict[int, str]]:
    """Quotation index -> its attribution from a label (``X: “...”``), a cue verb after or before
    it, or a dash credit, and -> the rule that found it; quotations with none are left out."""
    attributed: dict[int, Attribution] = {}
    rules: dict[int, str] = {}
    for qi, q in enumerate(ctx.quotations):
        if ctx.is_title(qi) and not ctx.stands_alone(qi) and not said_before(ctx, qi):
            # A show or book named inside a sentence ("On “Morning Desk,” X said ..."): the
            # cue after it reports the clause, not the title.
            continue
        labelled, rule = ctx.label_before(qi), "label_before"
        if labelled is None:
            labelled, rule = ctx.label_after_break(qi), "label_after_break"
        if labelled is not None:
            attributed[qi], rules[qi] = labelled, rule
            continue
        cue, rule = ctx.cue_after(qi), "cue_after"
        if cue is None:
            cue, rule = ctx.cue_before(qi), "cue_before"
        if cue is None:
            cue, rule = ctx.verb_after(qi), "verb_after"
        if cue is None:
            cue, rule = ctx.tag_after_full_stop(qi), "tag_after_full_stop"
        if cue is not None:
            attributed[qi], rules[qi] = ctx.attribution(cue), rule
        else:
            credit, rule = ctx.dash_credit(qi), "dash_credit"
            if credit is None:
                credit, rule = ctx.dash_credit_below(qi), "dash_credit_below"
            if credit is not None:
                attributed[qi], rules[qi] = credit, rule
    return attributed, rules


def said_before(ctx, qi: int) -> bool:
    """Repair ``said_not_title``: a quotation that reads as a title is what was said when a cue
    verb of the lexicon stands right before its opening mark, past a comma or colon ("Lee said,
    “Probably.”", "asked, “Really?”"), or right before it when the quotation is a sentence of
    two words or more ("the crowd chanted “Dump Lee.”"); a term after the verb ("suggesting
    “Leeism”", "Think ''Harbour Lights''") stays a title."""
    q = ctx.quotations[qi]
    before = ctx.tokens_between(ctx._paragraph_bounds(q.paragraph)[0], q.open)
    if before is None or not len(before):
        return False
    verb = before[-1]
    if verb.text in {",", ":"} and len(before) > 1:
        verb = before[-2]
    elif ctx.words(q) < 2 or ctx.text[q.end - 1] not in SENTENCE_END:
        return False
    return ctx.is_cue_verb(verb)


def cue_tokens(ctx, attributed: dict[int, Attribution]) -> tuple[set[int], set[int]]:
    """The cue tokens of the attributed quotations, and those of them that report nothing more
    than their quotation. A cue before its quotation still reports its whole clause when the
    quotation is only the start of it (X said “budget reforms” and taxes would pay for it):
    pass 3 takes it then."""
    used = {a.cue.start for a in attributed.values() if a.cue is not None}
    after = {a.cue.start for qi, a in attributed.items()
             if a.cue is not None and a.cue.start_char >= ctx.quotations[qi].close}
    return used, after


def paragraph_speakers(ctx, attributed: dict[int, Attribution], indirect) -> dict[int, list[tuple[int, Attribution, bool]]]:
    """Paragraph -> its attributions (position, attribution, from a quotation?) in text order,
    from direct and indirect quotes, for the quotations that continue them."""
    by_paragraph: dict[int, list[tuple[int, Attribution, bool]]] = {}
    for qi, att in attributed.items():
        by_paragraph.setdefault(ctx.quotations[qi].paragraph, []).append((ctx.quotations[qi].start, att, True))
    for row, att in indirect:
        if row["rule"] == "asked_question":
            continue  # the one asked, not the asker, speaks in the quotations after a question
        speaker = row["speaker_start"]
        if speaker is not None and any(o is not row and o["start_char"] <= speaker < o["end_char"] for o, _ in indirect):
            continue  # a report inside another's content ("X said the plans showed Y ...") is X's
        by_paragraph.setdefault(ctx.paragraph_of(row["start_char"]), []).append((row["start_char"], att, False))
    for rows in by_paragraph.values():
        rows.sort(key=lambda r: r[0])
    return by_paragraph


def direct_rows(ctx, attributed: dict[int, Attribution], rules: dict[int, str], absorbed: set[int],
                by_paragraph) -> list[dict]:
    """A row per quotation not taken into another row (``absorbed``), in text order. Fills
    ``by_paragraph`` and a local ``carried`` as it goes: a later quotation continues them."""
    out: list[dict] = []
    absorbed = set(absorbed)
    carried: dict[int, Attribution] = {}  # paragraph -> the speaker its quotations went on from
    for qi, q in enumerate(ctx.quotations):
        if qi in absorbed:
            continue
        att, rule = attributed.get(qi), rules.get(qi)
        if att is None and not ctx.stands_alone(qi):
            found = ctx.governing_report(qi)
            if found is not None:
                (start, end), att = found
                start, end = ctx.whole_quotations(start, end)
                absorbed.update(ctx._quotations_within(start, end))
                out.append(ctx.row("mixed", start, end, att, "governing_report"))
                continue
        if att is None and ctx.is_title(qi) and (not ctx.stands_alone(qi) or ctx.title_in_sentence(qi)):
            continue
        if att is None:
            att, rule = _unreported(ctx, qi, by_paragraph, carried)
            if att is False:
                continue
        start, end = ctx.sentence_around(qi, att)
        if (start, end) == (q.start, q.end) and att is not None and att.cue is not None and att.cue.end_char <= q.open:
            joined = coordinated_quotation(ctx, qi)
            if joined is not None and joined not in absorbed:
                absorbed.add(joined)
                end = ctx.quotations[joined].end
        if rule == "nearest_cue" and att is not None and att.cue is not None:
            span = ctx._complements(att.cue[0], frozenset())
            if span is not None and span[0] <= q.open and q.end <= span[1] + 1 and not ctx._quotations_within(span[0], q.open):
                start, end = ctx.whole_quotations(*span)
                absorbed.update(ctx._quotations_within(start, end))
        out.append(ctx.row("direct" if (start, end) == (q.start, q.end) else "mixed", start, end, att, rule))
    return out


def join_runs(ctx, rows: list[dict]) -> list[dict]:
    """Repair ``quotation_runs_on`` (on the reconciled rows): a quotation left open at its
    paragraph's end and the quotation opening the next paragraph with the same mark are one
    quote (the news convention: each paragraph of a long quote reopens the mark, only the last
    closes it): one direct row over both, with the attribution of the first part whose speaker
    is no continuation. Parts nobody is found for stay apart; a clause row over the same words
    as a part ('X said: "A.' read as the cue's clause) goes with it."""
    runs: list[list[tuple[int, dict]]] = []
    for row in rows:
        qi = ctx.quotation_at(row["start_char"])
        if row["kind"] != "direct" or qi is None or (row["start_char"], row["end_char"]) != (
                ctx.quotations[qi].start, ctx.quotations[qi].end):
            continue
        last = runs[-1][-1] if runs else None
        if last is not None and last[0] == qi - 1 and _opens_next(ctx, qi - 1, qi) \
                and (row["cue"] is not None or last[1]["cue"] is not None):
            runs[-1].append((qi, row))
        else:
            runs.append([(qi, row)])
    parts, joined = set(), {}
    for run in (r for r in runs if len(r) > 1):
        first, end = run[0][1], run[-1][1]["end_char"]
        chosen = next((r for _, r in run if r["speaker_kind"] != "continuation" and r["cue"] is not None), first)
        parts.update((r["start_char"], r["end_char"]) for _, r in run)
        joined[id(first)] = dict(chosen, start_char=first["start_char"], end_char=end,
                                 text=ctx.text[first["start_char"] : end])
    if not joined:
        return rows
    return [joined.get(id(r), r) for r in rows
            if id(r) in joined or (r["start_char"], r["end_char"]) not in parts]


def cut_off_quotations(ctx, rows: list[dict], indirect, ends: dict[int, int],
                       found_in_pass_2: dict[int, Attribution]) -> list[dict]:
    """Repair ``quotation_after_cut``: a clause row of pass 3 that took in a quotation and was
    then cut before it ("X told Y that Z “had A,” adding, “B.”": the report ends at the first
    quotation, ``reconcile``) leaves the quotation to nobody: a direct row with its attribution
    from pass 2; a participle before it ("adding") is the clause row's speaker's.
    ``ends``: each pass-3 row's end before reconciling."""
    kept = {id(r) for r in rows}
    out = list(rows)
    for row, att in indirect:
        if id(row) not in kept or row["end_char"] >= ends[id(row)]:
            continue
        for qi in ctx._quotations_within(row["end_char"], ends[id(row)]):
            q, found = ctx.quotations[qi], found_in_pass_2.get(qi)
            if found is None or found.cue is None or not row["end_char"] <= found.cue.start_char < q.open \
                    or any(r["start_char"] <= q.start < r["end_char"] for r in out):
                continue
            if found.cue[0].tag_ == "VBG":  # "..., adding, “B.”": the participle is the reporter's
                found = Attribution(found.cue, att.speaker, att.speaker_kind, att.entity_id)
            out.append(ctx.row("direct", q.start, q.end, found, "cue_before"))
    return sorted(out, key=lambda r: (r["start_char"], r["end_char"])) if len(out) > len(rows) else rows


def _opens_next(ctx, a: int, b: int) -> bool:
    qa, qb = ctx.quotations[a], ctx.quotations[b]
    if qb.paragraph != qa.paragraph + 1 or ctx.text[qa.close : qa.close + 1] in {"”", '"', "'"} \
            or ctx.text[qa.open : qa.start].strip() != ctx.text[qb.open : qb.start].strip():
        return False  # closed, or reopened with another mark (an excerpt's "..." then a “...”)
    p_start = ctx._paragraph_bounds(qb.paragraph)[0]
    return not any(c.isalnum() for c in ctx.text[p_start : qb.open])


COORDINATED = re.compile(r",?\s+(?:and|or)\s+")


def coordinated_quotation(ctx, qi: int) -> int | None:
    """Repair ``coordinated_quotations``: the quotation after its cue joined by "and" / "or" to a
    second one that ends the sentence ("the crowd chanted “Lower the fares” and “Open the
    station.”"): one thing said, one row over both. The second quotation's index, else None."""
    q = ctx.quotations[qi]
    if qi + 1 >= len(ctx.quotations):
        return None
    nxt = ctx.quotations[qi + 1]
    if nxt.paragraph != q.paragraph or not COORDINATED.fullmatch(ctx.text, q.close + 1, nxt.open):
        return None
    if ctx.text[nxt.end - 1] in SENTENCE_END:
        return qi + 1
    p_end = ctx._paragraph_bounds(q.paragraph)[1]
    rest = ctx.text[nxt.close + 1 : p_end]
    stop = re.search(r"[.!?]\s|$", rest)
    return qi + 1 if not any(c.isalnum() for c in rest[: stop.start()]) else None


def _unreported(ctx, qi: int, by_paragraph, carried) -> tuple[Attribution | None | bool, str]:
    """The attribution of a quotation no cue reports, and its rule: the sentence's own verb, the
    speaker it goes on from, or None (a quotation of nobody named); False when it is no quote."""
    q = ctx.quotations[qi]
    if ctx.words(q) < MIN_FREE_WORDS and not ctx.stands_alone(qi):
        return False, ""  # a scare-quoted word or two inside the author's sentence
    if not ctx.stands_alone(qi):
        # Inside a sentence, the sentence's own verb reports the quotation ("as the senator
        # talked about “...”") before any earlier speaker of the paragraph does.
        att, rule = ctx.nearest_cue(qi), "nearest_cue"
        if att is None:
            att, rule = ctx.continuation(q, by_paragraph, carried), "continuation"
        elif ctx.text[q.start].isupper() and att.speaker_kind in {"name", "description", "pronoun"}:
            # A whole utterance attributed here is still the paragraph's last quoted
            # speaker for the quotations after it ("X asks; “A?” “B?”": B is X's); a
            # phrase quoted inside the author's sentence ("... in “by the back door”") is not.
            rows = by_paragraph.setdefault(q.paragraph, [])
            rows.append((q.start, att, True))
            rows.sort(key=lambda r: r[0])
        if att is None:
            return False, ""
    else:
        att, rule = ctx.continuation(q, by_paragraph, carried), "continuation"
        if att is None:
            att, rule = ctx.named_before(qi), "named_before"
    if att is None and (ctx.words(q) < MIN_FREE_WORDS or not ctx.stands_alone(qi)):
        return False, ""
    if att is not None and att.speaker_kind == "continuation" and ctx.text[q.start].isupper():
        # A quote running over several paragraphs: the speaker it goes on from is the
        # one the next paragraph of quotations goes on from, when this one has no report.
        carried[q.paragraph] = att
    return att, rule if att is not None else "unattributed"
