-- Views an analyst starts from. Loaded after the tables, in one transaction with them.

-- The sentence around body[lo:hi]: from after the last sentence end (., ! or ? and any closing
-- quote or bracket, then blank; or a line break) before lo, to the first one at or after hi.
CREATE OR REPLACE MACRO sentence_start(body, lo) AS
  length(regexp_extract(left(body, lo), '^(?s:.*)(?:[.!?]["”’)\]]*\s+|\n)', 0));
CREATE OR REPLACE MACRO sentence_end(body, hi) AS
  hi + length(regexp_extract(substr(body, hi + 1), '^(?s:.*?)(?:[.!?]["”’)\]]*(?:\s|$)|\n|$)', 0));
CREATE OR REPLACE MACRO sentence_around(body, lo, hi) AS
  trim(substr(body, sentence_start(body, lo) + 1, sentence_end(body, hi) - sentence_start(body, lo)),
       ' ' || chr(9) || chr(10) || chr(13));

-- Who said what: every quote in article order, with the cue that attributes it (said, denied,
-- according to: read it before the text), the sentence it is in (with its cue when that is in
-- the next 200 characters or the previous ones), and its speaker's canonical name, for grouping
-- with case and blanks made uniform where no entity names it ("Analysts" and "analysts" are one;
-- a "who" its noun: "a senior official, who spoke ..." groups under "a senior official").
-- The sentence is cut after the rows are ordered, so a LIMIT cuts only the rows it keeps (at a
-- million articles the first rows took 14 s, and 56 s from events_in_context; now 10 and 4).
CREATE VIEW who_said_what AS
SELECT quote_id, title, source_uri,
       CASE WHEN entity_name IS NOT NULL THEN entity_name
            WHEN speaker_kind = 'name' THEN regexp_replace(trim(speaker), '\s+', ' ', 'g')
            WHEN speaker_antecedent IS NOT NULL THEN lower(regexp_replace(trim(speaker_antecedent), '\s+', ' ', 'g'))
            ELSE lower(regexp_replace(trim(speaker), '\s+', ' ', 'g')) END AS speaker_name,
       cue, text, kind, speaker, speaker_kind, speaker_label,
       sentence_around(body,
                       CASE WHEN cue_start BETWEEN start_char - 200 AND start_char THEN cue_start ELSE start_char END,
                       CASE WHEN cue_end BETWEEN end_char AND end_char + 200 THEN cue_end ELSE end_char END) AS sentence,
       article_id, start_char
FROM (SELECT q.quote_id, a.title, a.source_uri, e.name AS entity_name, q.speaker_kind, q.speaker, q.speaker_antecedent, q.cue, q.text,
             q.kind, e.label AS speaker_label, a.body, q.cue_start, q.cue_end, q.start_char, q.end_char, q.article_id
      FROM quotes q
      JOIN articles a USING (article_id)
      LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id
      ORDER BY a.published_at NULLS LAST, a.source_uri, q.article_id, q.start_char);

-- Events in article order with the sentence their trigger is in.
CREATE VIEW events_in_context AS
SELECT event_id, title, event_type, modality, trigger, event_date,
       sentence_around(body, start_char, end_char) AS sentence, article_id, start_char
FROM (SELECT ev.event_id, a.title, ev.event_type, ev.modality, ev.trigger, ev.event_date, a.body, ev.end_char,
             ev.article_id, ev.start_char
      FROM events ev
      JOIN articles a USING (article_id)
      ORDER BY a.published_at NULLS LAST, a.source_uri, ev.article_id, ev.start_char);

-- The entities an analyst would look at first: most mentioned, across most articles. An entity
-- the lake linked to another (a lone "Blair": entities.linked_entity_id) counts for that one, as
-- its mentions do; lake_links says how many such article-level entities each row took in.
CREATE VIEW top_entities AS
WITH linked AS (
    SELECT linked_entity_id AS entity_id, sum(mention_count) AS mention_count,
           sum(article_count) AS article_count, count(*) AS lake_links,
           list_distinct(flatten(list(aliases))) AS aliases, min(first_seen) AS first_seen, max(last_seen) AS last_seen
    FROM entities WHERE linked_entity_id IS NOT NULL GROUP BY linked_entity_id)
SELECT e.entity_id, e.name, e.label,
       e.mention_count + coalesce(l.mention_count, 0) AS mention_count,
       e.article_count + coalesce(l.article_count, 0) AS article_count,
       len(list_distinct(list_concat(e.aliases, coalesce(l.aliases, [])))) AS alias_count,
       list_sort(list_distinct(list_concat(e.aliases, coalesce(l.aliases, [])))) AS aliases,
       least(e.first_seen, l.first_seen) AS first_seen, greatest(e.last_seen, l.last_seen) AS last_seen,
       coalesce(l.lake_links, 0) AS lake_links
FROM entities e
LEFT JOIN linked l USING (entity_id)
WHERE e.linked_entity_id IS NULL
ORDER BY mention_count DESC, article_count DESC, e.name;

-- Events by type and date, with how sure the date is.
CREATE VIEW events_by_type_date AS
SELECT event_type, event_date, event_date_granularity, modality, count(*) AS events,
       sum(mention_count) AS mentions
FROM events
GROUP BY ALL
ORDER BY event_date NULLS LAST, event_type;

-- A timeline: one row per event with its actor, target and place spelled out. The arguments
-- are spelled out per event first and joined after, so the grouping holds an event id, not the
-- event's columns and its article's title (the whole-row grouping ran out of `dateline query`'s
-- 2 GB at a million articles; this takes 4 s there).
CREATE VIEW event_timeline AS
WITH spelled AS (
    SELECT ar.event_id,
           string_agg(CASE WHEN ar.role = 'actor' THEN coalesce(en.name, ar.text) END, '; ') AS actor,
           string_agg(CASE WHEN ar.role = 'target' THEN coalesce(en.name, ar.text) END, '; ') AS target,
           string_agg(CASE WHEN ar.role = 'place' THEN coalesce(en.name, ar.text) END, '; ') AS place,
           string_agg(CASE WHEN ar.role = 'amount' THEN ar.text END, '; ') AS amount
    FROM event_arguments ar
    LEFT JOIN entities en ON en.entity_id = ar.entity_id
    GROUP BY ar.event_id
)
SELECT ev.event_id, ev.event_date, ev.event_date_granularity, ev.event_type, ev.modality, ev.trigger,
       s.actor, s.target, s.place, s.amount, a.title, ev.article_id
FROM events ev
JOIN articles a USING (article_id)
LEFT JOIN spelled s USING (event_id)
ORDER BY ev.event_date NULLS LAST, ev.event_type;

-- Every run and audit, newest first; `kind` inferred for rows written before it was recorded (an
-- audit's one input is the lake it checked, and it publishes no rows).
CREATE VIEW run_history AS
SELECT r.* REPLACE (coalesce(r.kind, CASE WHEN len(r.inputs) = 1 AND r.inputs[1] LIKE '%/lake'
                                           AND cardinality(r.row_counts) = 0 THEN 'audit' ELSE 'run' END) AS kind)
FROM runs r
ORDER BY r.started_at DESC;

-- The latest result of every check: from the newest run that checked it (a run checks its batch)
-- and from the newest audit that did (an audit checks the whole lake), so a failure stays here
-- until a later check of the same thing passes; a run with nothing new checks nothing and
-- records nothing.
CREATE VIEW latest_dq_results AS
SELECT d.*, h.kind AS checked_by, h.status AS run_status
FROM dq_results d
JOIN run_history h USING (run_id)
QUALIFY row_number() OVER (PARTITION BY h.kind, d.table_name, d.check_name
                           ORDER BY d.checked_at DESC, d.run_id DESC) = 1
ORDER BY d.passed, NOT d.critical, d.table_name, d.check_name, h.kind;

-- What is failing now: each check whose latest result (above) failed, critical ones first.
CREATE VIEW latest_dq_failures AS
SELECT * FROM latest_dq_results WHERE NOT passed;

-- Stories: an article and its near-duplicates (articles.duplicate_of) counted once, under the
-- first-seen article of the cluster.
CREATE VIEW stories AS
SELECT coalesce(duplicate_of, article_id) AS story_id, count(*) AS versions,
       arg_min(title, ingested_at) AS title, min(published_at) AS first_published,
       list(article_id ORDER BY ingested_at, article_id) AS article_ids
FROM articles
GROUP BY ALL
ORDER BY versions DESC, story_id;
