"""Sports results tables and match reports: the rules tuned to wire sports copy (CoNLL-2003's
1996 Reuters), switched by the ``results_tables`` setting of ``dateline_entities``.

Sports copy names a club by its town ("Velby 4 Dunmore 3", "Ormsby beat Tarn by five
wickets") and a player by surname in scorecards ("c Penrose b Talbot 23"), in lines the model
reads poorly: score lines, standings, fixtures, scorecards, a competitor's country in
brackets. These passes find those names and mark the sides of a result as teams; the link pass
``gather_teams`` then gives a town's club and a country's national side ids of their own.
With the setting off, none of them runs and such lines are left to the general rules.
"""
from __future__ import annotations

import re
from collections import Counter

from transforms.entities.keys import name_key
from transforms.entities.passes import Article, Cluster, Found, Mention
from transforms.entities.reference import Reference
from transforms.entities.word_index import WordIndex, is_figure
from transforms.entities.word_lists import ACRONYM_FILLERS, LOCATIVE_PREPOSITIONS, POSSESSIVE
from transforms.labels import DASHES, PLACE_LABELS

# Sports copy names a club by its town ("Velby 4 Dunmore 3", "Ormsby beat Tarn by five
# wickets"); the club is an organization, the town a place. These mark a match between two
# sides: the word between the sides of a fixture, verbs of a result, and the figures of one.
# The verbs and margins of a result are data (entity_result_verbs.csv, entity_result_margins.csv);
# these are the notation of fixture lines and scorecards, kept in code with the patterns that read them.
FIXTURE_WORDS = frozenset({"at", "v", "v.", "vs", "vs."})
# Marks before a fielder's or bowler's name in a cricket scorecard: caught, bowled, stumped.
DISMISSAL_MARKS = frozenset({"c", "b", "st"})
SCORE = re.compile(r"^\d{1,3}-\d{1,3}$")


def _add_scorecard_names(index: WordIndex, mentions: list[Mention]) -> list[Mention]:
    """Cricket scorecards name players by surname after a dismissal mark on a line that
    ends in runs ("c Penrose b Talbot 23", "lbw b Marsh 4") and before bowling figures
    ("Weeraman 6-1-31-2"). These surnames are people; the model misses them or reads them as
    places. A one-word mention of another label there becomes a person.
    """
    by_start = {m.start: m for m in mentions}
    owner = {i for m in mentions for i in range(m.start, m.end)}
    added = []
    for i, t in enumerate(index):
        if not (t.is_title and t.is_alpha and len(t.text) > 1):
            continue
        before = index[i - 1] if i else None
        after_mark = (
            before is not None and before.text in DISMISSAL_MARKS and before.whitespace_ and _runs_later_on_line(index, i)
        )
        if not after_mark and not (
            i + 1 < len(index) and index[i + 1].is_digit and _bowling_figures_follow(index, i + 1)
            and not (before is not None and before.is_title)
        ):
            continue
        m = by_start.get(i)
        if m is not None and m.end - m.start == 1:
            m.label = "PERSON"
        elif i not in owner:
            added.append(Mention(i, i + 1, "PERSON"))
            owner.add(i)
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda m: m.start)


def _runs_later_on_line(index: WordIndex, i: int) -> bool:
    """A scorecard line ends in the batsman's runs: a bare number after token i."""
    for t in index[i + 1 : i + 8]:
        if t.is_digit:
            return True
        if "\n" in t.whitespace_ or t.is_space:
            return False
    return False


def _bowling_figures_follow(index: WordIndex, i: int) -> bool:
    """Overs-maidens-runs-wickets glued by hyphens: "6-1-31-2" (tokens 6 - 1 - 31 - 2)."""
    j = i
    parts = 0
    while j < len(index) and (index[j].text.replace(".", "", 1).isdigit()):
        parts += 1
        if index[j].whitespace_ or j + 1 >= len(index) or index[j + 1].text != "-" or index[j + 1].whitespace_:
            break
        j += 2
    return parts == 4


def _add_bracketed_nationals(ref: Reference, index: WordIndex, mentions: list[Mention]) -> list[Mention]:
    """"Tomas Varga ( Croatia ) beat Dale Orvik ( Australia )": results and
    line-ups give a competitor's country in brackets after the name. A run of two to
    four capitalized words before a bracketed country is a person, whatever the model
    tagged (it reads many foreign names as places or companies). Clubs are one word
    ("Velbar ( Italy )") or followed by their score, and are left alone.
    """
    added = []
    for i, t in enumerate(index):
        if t.text != "(" or i < 2:
            continue
        close = next((j for j in range(i + 2, min(i + 5, len(index))) if index[j].text == ")"), None)
        if close is None or not _is_place_alias(ref, index.text_of(i + 1, close)):
            continue
        if close + 1 < len(index) and index[close + 1].text.isdigit() and "\n" not in index[close].whitespace_:
            continue
        start = i
        while start > 0 and i - start < 4 and _name_word(ref, index[start - 1]) and "\n" not in index[start - 1].whitespace_:
            start -= 1
        if i - start < 2 or not index[start].is_title or name_key(index.text_of(start, i)) in ref.aliases:
            continue
        added.append(Mention(start, i, "PERSON"))
    if not added:
        return mentions
    taken = {k for m in added for k in range(m.start, m.end)}
    kept = [m for m in mentions if not any(k in taken for k in range(m.start, m.end))]
    return sorted(kept + added, key=lambda m: m.start)


def _is_place_alias(ref: Reference, text: str) -> bool:
    alias = ref.aliases.get(name_key(text))
    return alias is not None and alias.label == "GPE" and alias.kind != "city"  # "the Big Apple (NYC)"


def _name_word(ref: Reference, t) -> bool:
    """A word that can be part of a person's name: capitalized, or a particle ("van")."""
    return (t.is_alpha or "-" in t.text and t.text.replace("-", "").isalpha()) and (t.is_title or t.lower_ in ref.name_particles)


def _add_table_names(ref: Reference, index: WordIndex, mentions: list[Mention]) -> list[Mention]:
    """Names in results and standings rows ("Velby Town 5 2 1 2 9 7 7", "Tarn 0 Dunmore 2").

    A line made only of capitalized words and figures is a table row; its word runs are
    names the model mostly misses. Each gets its alias-table label, else the label most
    of the model's own tags in that table carry (a table is one column of teams, or of
    players), else ORG: rows of bare names with scores are mostly teams. The sides of a
    score line, a standings row and a fixture ("DUNMORE AT VELBY") are marked as teams.
    """
    covered = [False] * len(index)
    for m in [*mentions, *index.ents]:
        for i in range(m.start, m.end):
            covered[i] = True
    by_span = {(m.start, m.end): m for m in mentions}
    added: list[Mention] = []
    table_runs: list[tuple[int, int, bool]] = []
    table_votes: Counter = Counter()

    def close_table() -> None:
        label = table_votes.most_common(1)[0][0] if table_votes else "ORG"
        for s, e, team in table_runs:
            alias = ref.aliases.get(name_key(index.text_of(s, e)))
            kind = "team" if team else ""
            added.append(Mention(s, e, alias.label if alias else "ORG" if team else label, False, kind))
        table_runs.clear()
        table_votes.clear()

    for line_start, line_end in _lines(index):
        sides = _fixture_sides(index, line_start, line_end)
        runs = sides or _table_row_runs(index, line_start, line_end)
        if runs is None:
            close_table()
            continue
        teams = runs if sides else _team_runs(index, runs, line_end, by_span)
        for s, e in runs:
            m = by_span.get((s, e))
            if m is not None:
                table_votes[m.label] += 1
                if (s, e) in teams:
                    m.kind = "team"
            elif not any(covered[s:e]):
                table_runs.append((s, e, (s, e) in teams))
    close_table()
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda m: m.start)


def _lines(index: WordIndex):
    """(start, end) token ranges of the text's lines, blank-line tokens excluded."""
    start = None
    for i, t in enumerate(index):
        if t.is_space:
            if start is not None:
                yield start, i
                start = None
            continue
        if start is None:
            start = i
        if "\n" in t.whitespace_:
            yield start, i + 1
            start = None
    if start is not None:
        yield start, len(index)


def _fixture_sides(index: WordIndex, start: int, end: int) -> list[tuple[int, int]] | None:
    """The two sides of a fixture line ("DUNMORE AT VELBY", "Ormsby v Tarn"), else None.

    "at" only separates sides in an all-caps line; in a capitalized one it is a title
    ("Results at Wimbledon").
    """
    if end - start > 9:  # a line of prose
        return None
    seps = [i for i in range(start, end) if index[i].lower_ in FIXTURE_WORDS]
    if len(seps) != 1 or not start < seps[0] < end - 1:
        return None
    sep = seps[0]
    words = [index[i] for i in range(start, end) if i != sep]
    if not all(t.is_alpha and (t.is_title or t.is_upper) for t in words):
        return None
    if index[sep].lower_ == "at" and not (index[sep].is_upper and all(t.is_upper for t in words)):
        return None
    return [(start, sep), (sep + 1, end)]


def _team_runs(index: WordIndex, runs: list[tuple[int, int]], line_end: int, by_span: dict) -> set[tuple[int, int]]:
    """Which runs of a table row are teams: both sides of a score line ("Tarn 0 Dunmore 2",
    "Velbar ( Italy ) 88 Kestrel ( Russia ) 79"), the name of a standings row with four
    figures or more ("Ormsby 51 3 58 .468 11") unless the model read a person's full name
    there (golf cards: "Dale Orvik 68 66 71 69")."""
    if len(runs) == 2 and all(_score_follows(index, e, line_end) for _, e in runs):
        return set(runs)
    if len(runs) == 1:
        s, e = runs[0]
        figures = sum(1 for t in index[e:line_end] if is_figure(t.text))
        m = by_span.get((s, e))
        if figures >= 4 and (e - s == 1 or m is None or m.label != "PERSON"):
            return {(s, e)}
    return set()


def _table_row_runs(index: WordIndex, start: int, end: int) -> list[tuple[int, int]] | None:
    """The capitalized word runs of a table row, or None when the line is prose.

    A row has no lower-case words outside brackets ("Velby 6 DUNMORE 5 ( 2nd game )") and at
    least as many figures as names, which keeps out all-caps headlines ("RUGBY - ORMSBY EDGE PAST TARN IN CUP TIE"). Runs inside
    brackets (a player's country) and field names before a colon ("Attendance :") are not
    the row's names.
    """
    runs, run_start, figures, depth = [], None, 0, 0
    for i in range(start, end + 1):
        t = index[i] if i < end else None
        if t is not None and t.is_alpha and (t.is_title or t.is_upper or (run_start is not None and t.lower_ in ACRONYM_FILLERS)):
            if run_start is None:
                run_start = i
            continue
        if t is not None and t.is_alpha and depth == 0:
            return None  # a lower-case word: prose, not a table (a bracketed note may have them)
        if run_start is not None:
            while i - 1 > run_start and index[i - 1].lower_ in ACRONYM_FILLERS:
                i -= 1
            if depth == 0 and (t is None or t.text != ":"):
                runs.append((run_start, i))
            run_start = None
        if t is not None:
            depth += (t.text == "(") - (t.text == ")")
            figures += any(c.isdigit() for c in t.text)
    return runs if runs and figures >= len(runs) else None


def _score_follows(index: WordIndex, i: int, line_end: int) -> bool:
    """The run ending at i is followed by a bare score, maybe after a bracketed note."""
    if i < line_end and index[i].text == "(":
        while i < line_end and index[i].text != ")":
            i += 1
        i += 1
    # Not bowling figures ("Imtiaz Qadri 8-0-37-0"): a score is a number on its own; nor a
    # golf card's rounds ("Pavel Strand ( Australia ) 70 72 69 71").
    if i >= line_end or not index[i].text.isdigit():
        return False
    if i + 2 < line_end and index[i + 1].text.isdigit() and index[i + 2].text.isdigit():
        return False
    return not (i + 1 < line_end and not index[i].whitespace_ and index[i + 1].text == "-")


def _mark_result_sides(ref: Reference, index: WordIndex, mentions: list[Mention]) -> None:
    """"Ormsby beat Tarn by 96 runs", "Sweden 1 - 0 Panama": the sides of a
    reported result are teams.

    Only in a sentence that also carries a score or a margin, or with the score between
    the sides, and only when one side is a town, region or country (or already a team) or
    the margin is one only teams win by ("by an innings"): people beat people. A country
    as a side is its national team (the label stays the country's, as national sides are
    named by their country).
    """
    by_start = {m.start: m for m in mentions}
    by_end = {m.end: m for m in mentions}
    pairs = []
    for m in mentions:
        score_end = _score_end(index, m.end)
        if score_end is not None and score_end in by_start:
            pairs.append((m, by_start[score_end], False))
    for i, t in enumerate(index):
        verb = t.lower_
        if verb not in ref.result_verbs:
            continue
        subject = by_end.get(i)
        after = i + 1
        if ref.result_verbs[verb] and after < len(index) and index[after].lower_ == ref.result_verbs[verb]:
            after += 1
        obj = by_start.get(after)
        if subject is None or obj is None or "NORP" in (subject.label, obj.label):
            continue  # "The Russian beat ...": a demonym stands for a player
        if obj.end < len(index) and index[obj.end].text in POSSESSIVE:
            continue  # "beat Germany's Karl Brenner": the side is the player
        evidence = _result_evidence(ref, index, i)
        if evidence:
            pairs.append((subject, obj, evidence in ref.team_margins))
    for *sides, by_team_margin in pairs:
        if by_team_margin or any(m.kind == "team" or m.label in PLACE_LABELS for m in sides):
            for m in sides:
                if m.end - m.start == 1 or m.label != "PERSON":
                    m.kind = "team"


def _score_end(index: WordIndex, i: int) -> int | None:
    """Where a score starting at token i ends: "2-1" as one token, or "1 – 0" spaced."""
    if i < len(index) and SCORE.match(index[i].text):
        return i + 1
    if i + 2 < len(index) and index[i].text.isdigit() and index[i + 1].text in DASHES and index[i + 2].text.isdigit():
        if len(index[i].text) <= 3 and len(index[i + 2].text) <= 3:
            return i + 3
    return None


def _result_evidence(ref: Reference, index: WordIndex, i: int) -> str | None:
    """What near the verb at i, on its line and in its sentence, says it reports a result:
    "score" for a score ("2-1"), the margin's noun for a margin ("by 96 runs", "by nine
    wickets", "by an innings"), else None."""
    for step in (-1, 1):
        j = i
        while 0 <= j < len(index) and abs(j - i) <= 25:
            t = index[j]
            if j != i and (t.is_space or (step < 0 and "\n" in t.whitespace_) or (step > 0 and t.text in ".!?")):
                break
            if _score_end(index, j) is not None:
                return "score"
            if (
                t.lower_ == "by" and j + 2 < len(index) and (index[j + 1].like_num or index[j + 1].lower_ in ("a", "an"))
                and index[j + 2].lower_ in ref.result_margins
            ):
                return index[j + 2].lower_
            if step > 0 and "\n" in t.whitespace_:
                break
            j += step
    return None


def _gather_teams(index: WordIndex, by_key: dict[str, Cluster]) -> None:
    """A town or country the article uses as a side's name is the side wherever it is not
    a place.

    Once "Velby" is a side in a score line, its other mentions join the club, and once
    "Sweden" is, they join its national team; except the dateline and those after a
    locative preposition ("in Velby").
    """
    for key in [k for k in by_key if k.startswith(("team:", "national:"))]:
        team = by_key[key]
        kind, name = key.split(":", 1)
        if kind == "team":
            team.label, team.side = "ORG", "club"
            home_key = name
        else:
            team.side = "national"
            home_key = "alias:" + name
        home = by_key.get(home_key)
        if home is None:
            continue
        stay = [
            m for m in home.mentions
            if m.kind == "dateline" or (m.start and index[m.start - 1].lower_ in LOCATIVE_PREPOSITIONS)
        ]
        team.mentions.extend(m for m in home.mentions if m not in stay)
        if stay:
            home.mentions = stay
        else:
            del by_key[home_key]




# The passes, in the order they run among the general ones (see ``transforms.entities``).


def add_scorecard_names(article: Article, found: Found) -> Found:
    return found._replace(mentions=_add_scorecard_names(article.index, found.mentions))


def add_bracketed_nationals(article: Article, found: Found) -> Found:
    return found._replace(mentions=_add_bracketed_nationals(article.ref, article.index, found.mentions))


def add_table_names(article: Article, found: Found) -> Found:
    return found._replace(mentions=_add_table_names(article.ref, article.index, found.mentions))


def mark_result_sides(article: Article, found: Found) -> Found:
    _mark_result_sides(article.ref, article.index, found.mentions)  # sets ``kind`` on the sides
    return found


def gather_teams(article: Article, by_key: dict[str, Cluster]) -> None:
    _gather_teams(article.index, by_key)


MENTION_PASSES = (add_scorecard_names, add_bracketed_nationals, add_table_names, mark_result_sides)
LINK_PASSES = (gather_teams,)
