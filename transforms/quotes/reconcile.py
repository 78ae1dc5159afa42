"""Reconciliation of the rows of all stages: one row per content span, reports inside another's content."""
from __future__ import annotations

import re


# Which attribution of one content span to keep: the one that says most about who spoke.
SPEAKER_RANK = {"name": 0, "pronoun": 1, "description": 2, "continuation": 3, "none": 4}


def _one_per_span(rows: list[dict]) -> list[dict]:
    """One content span is one quote (its key in the `quotes` table): when two cues report the
    same words ("She said the figures appeared to be ...", "... are expected to ..., according
    to reports"), the attribution naming its speaker best is kept, else the first."""
    best: dict[tuple[int, int], dict] = {}
    for row in rows:
        span = (row["start_char"], row["end_char"])
        kept = best.get(span)
        if kept is None or SPEAKER_RANK[row["speaker_kind"]] < SPEAKER_RANK[kept["speaker_kind"]] or (
                SPEAKER_RANK[row["speaker_kind"]] == SPEAKER_RANK[kept["speaker_kind"]]
                and row["kind"] == "direct" and kept["kind"] == "indirect" and row["cue"] == kept["cue"]):
            # The same words as a quotation and as the cue's clause (a quotation left open at its
            # paragraph's end, 'X said: "A.' then '"B."'): the marks make it direct.
            best[span] = row
    return [r for r in rows if best[(r["start_char"], r["end_char"])] is r]


def _outermost(rows: list[dict], text: str) -> list[dict]:
    """Reports inside another row's content. An embedded report whose speaker is inside the
    outer content too ("Hart says Okafor promised to keep ...") is part of what the
    outer speaker said: dropped. One sharing the outer speaker ("X said A, arguing that B",
    "X said A and added B") is a report of its own: the outer content ends before its cue."""
    keep = []
    for row in rows:
        if row["kind"] != "direct" and _same_cue_outer(row, rows):
            continue
        if row["rule"] == "object_complement" and _report_opens(row, rows, text):
            continue
        outer = None
        if row["kind"] != "direct" and row["cue_start"] is not None:
            outer = next((o for o in rows if o is not row and o["start_char"] <= row["start_char"]
                          and o["start_char"] <= row["cue_start"] and row["end_char"] <= o["end_char"]), None)
        if outer is None:
            keep.append(row)
            continue
        speaker = row["speaker_start"]
        said_inside = speaker is not None and outer["start_char"] <= speaker < outer["end_char"]
        end = _before_clause(text, outer["start_char"], row["cue_start"])
        if end is not None and row["start_char"] > row["cue_start"] and not said_inside:
            # Cue after a comma or "and", content after the cue: a sibling clause. Not when its
            # speaker is in the outer content ("X said the man posed a threat and refused to ...").
            outer["end_char"] = end
            outer["text"] = text[outer["start_char"] : end]
            keep.append(row)
            continue
        # Repair ``unnamed_inside_report``: a report naming nobody inside another's content ("X
        # believes reducing the debt matters more than defending the border") is the outer
        # speaker's too, as if its speaker were inside (a sibling clause still cuts the outer above).
        if not said_inside and speaker is not None and not _object_in_object(row, rows, text):
            keep.append(row)
    return keep


def _object_in_object(row: dict, rows: list[dict], text: str) -> bool:
    """Repair ``object_in_object``: an object report whose cue and content lie inside another
    object report's content, past its opening ("X criticized the mayor for failing to defend
    the harbour", "X expressed concern that Y was encouraging violence": no row of "defend" or
    "encouraging" beside the outer one) is part of what the outer row reports. A row with a
    quotation in it stays (a mixed quote the gold takes on its own)."""
    if row["rule"] != "object_complement" or row["kind"] != "indirect":
        return False
    cue = row["cue_start"]
    return any(
        o is not row and o["rule"] == "object_complement" and o["start_char"] <= row["start_char"]
        and o["start_char"] < cue and row["end_char"] <= o["end_char"]
        and text[o["start_char"] : cue].strip() not in {"", "to"}
        for o in rows)


def _same_cue_outer(row: dict, rows: list[dict]) -> bool:
    """Repair ``same_cue_inside``: a report whose content lies inside the content of another
    row of the same cue ("The actress explained why being described so is “a backhanded
    compliment.”": the clause stopped at the quotation, and the quotation's row takes the whole
    sentence) is a piece of that row's report, no row of its own. The cue before the content
    puts it outside ``_outermost``'s search, which wants the outer content to hold the cue."""
    cue = row["cue_start"]
    return cue is not None and any(
        o is not row and o["cue_start"] == cue and o["start_char"] <= row["start_char"]
        and row["end_char"] <= o["end_char"] and o["end_char"] - o["start_char"] > row["end_char"] - row["start_char"]
        for o in rows)


def _report_opens(row: dict, rows: list[dict], text: str) -> bool:
    """Repair ``report_opens_object``: an object report whose content opens with another
    report's cue, bare or after "to", and holds that report's content ("X declined to comment
    on the plan", "X expressed concern about the cost": "to comment on the plan" beside "the
    plan") is the frame of the inner report, which has the same speaker: the inner row stays,
    the outer goes. Counted on PolNeAR train, the gold matched the outer row and the inner row
    about equally often, never both."""
    start, end = row["start_char"], row["end_char"]
    return any(
        o is not row and o["cue_start"] is not None and o["speaker_start"] is not None
        and start <= o["cue_start"] < end and start <= o["start_char"] and o["end_char"] <= end
        and text[start : o["cue_start"]].strip() in {"", "to"}
        for o in rows)


DANGLING_CONJUNCTION = re.compile(r"[\s,;]+(?:and|but|or|nor)$")
LINKERS = re.compile(r"(?:[\s,;:—–-]|\band\b|\bbut\b|\bthen\b|\balso\b)+$")


def _before_clause(text: str, start: int, cue: int) -> int | None:
    """End of the text before a clause opening at ``cue`` with a comma or "and" ("A, arguing
    B", "A and said B" -> "A"); None when the cue does not open such a clause."""
    m = LINKERS.search(text, start, cue)
    if m is None or not re.search(r",|\band\b", m.group()) or m.start() <= start:
        return None
    return m.start()


# After a quotation's closing mark inside a report's clause: a participle of a cue verb or a
# conjunction of concession after a comma (inside the mark or after it), or a dash, opens the
# author's words (or another report), not the source's.
AFTER_QUOTATION = re.compile(
    r"(?<=\S)[”\"](?:(?<=,[”\"])\s+|\s*,\s*)(?P<word>[a-z]+ing|but|though|although|while|except)\b"
    r"|(?<=\S)[”\"](?=\s[—–-]+\s|[—–])")
DASHES_AFTER = re.compile(r"[—–]|\s-+\s")


def _ends_at_quotation(r: dict, cue_verbs: frozenset[str]) -> None:
    """Repair ``quotation_ends_clause``: "X said that he has “expanded the party,” claiming
    that ...", "X said he was “encouraged” — a modest boost ...": the report ends with the
    quotation; what follows the closing mark is the author's or another report. A participle
    cuts only when it is a cue verb's ("were “well-paid,” making $30,000 a year" is still the
    source's); a dash only when no second one closes it (an aside: "“every candidate” -
    including Cruz - favored ...")."""
    for m in AFTER_QUOTATION.finditer(r["text"]):
        word = m.group("word")
        if word is not None and word.endswith("ing") and not {word[:-3], word[:-3] + "e"} & cue_verbs:
            continue
        end = m.start() + 1
        if end >= len(r["text"]):
            return
        if word is None and len(DASHES_AFTER.findall(r["text"], end)) > 1:
            continue
        r["end_char"] = r["start_char"] + end
        r["text"] = r["text"][:end]
        return


def reconcile(rows: list[dict], text: str, cue_verbs: frozenset[str] = frozenset()) -> list[dict]:
    """The rows of every stage, trimmed, one per content span, none inside another's content,
    in text order. ``cue_verbs``: the lexicon's cue lemmas (a participle of one after a
    quotation starts another report)."""
    for r in rows:
        if r["speaker_start"] == r["start_char"] and r["speaker_end"] < r["end_char"] \
                and text.startswith(",", r["speaker_end"]) and r["kind"] == "indirect":
            # "..., said Ms Ferreira, the rules were ...": the clause parsed with the name in it starts
            # after the aside's closing comma.
            start = r["speaker_end"] + 1
            while start < r["end_char"] and text[start].isspace():
                start += 1
            r["start_char"], r["text"] = start, text[start : r["end_char"]]
    for r in rows:
        if r["kind"] == "mixed":
            _ends_at_quotation(r, cue_verbs)
        if r["kind"] != "direct":
            # A clause cut before its coordinated sibling keeps no dangling "but"/"and" ("she does
            # not want higher fees but on Monday said ...").
            m = DANGLING_CONJUNCTION.search(r["text"])
            if m is not None and m.start() > 0:
                r["end_char"] = r["start_char"] + m.start()
                r["text"] = r["text"][: m.start()]
    # A clause the parser cut down to a stray mark says nothing.
    rows = [r for r in rows if any(c.isalnum() for c in r["text"])]
    rows.sort(key=lambda r: (r["start_char"], r["end_char"]))
    return _outermost(_one_per_span(rows), text)
