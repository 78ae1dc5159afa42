-- Views an analyst starts from. Loaded after the tables, in one transaction with them.

-- Who said what: every quote with its speaker's canonical name and the article it is from.
CREATE VIEW who_said_what AS
SELECT q.quote_id, a.title, a.source_uri, coalesce(e.name, q.speaker) AS speaker_name,
       q.speaker, q.speaker_kind, e.label AS speaker_label, q.kind, q.cue, q.text, q.article_id
FROM quotes q
JOIN articles a USING (article_id)
LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id;

-- The entities an analyst would look at first: most mentioned, across most articles.
CREATE VIEW top_entities AS
SELECT entity_id, name, label, mention_count, article_count, len(aliases) AS alias_count, aliases,
       first_seen, last_seen
FROM entities
ORDER BY mention_count DESC, article_count DESC, name;

-- Events by type and date, with how sure the date is.
CREATE VIEW events_by_type_date AS
SELECT event_type, event_date, event_date_granularity, modality, count(*) AS events,
       sum(mention_count) AS mentions
FROM events
GROUP BY ALL
ORDER BY event_date NULLS LAST, event_type;

-- A timeline: one row per event with its actor, target and place spelled out.
CREATE VIEW event_timeline AS
SELECT ev.event_id, ev.event_date, ev.event_date_granularity, ev.event_type, ev.modality, ev.trigger,
       string_agg(CASE WHEN ar.role = 'actor' THEN coalesce(en.name, ar.text) END, '; ') AS actor,
       string_agg(CASE WHEN ar.role = 'target' THEN coalesce(en.name, ar.text) END, '; ') AS target,
       string_agg(CASE WHEN ar.role = 'place' THEN coalesce(en.name, ar.text) END, '; ') AS place,
       string_agg(CASE WHEN ar.role = 'amount' THEN ar.text END, '; ') AS amount,
       a.title, ev.article_id
FROM events ev
JOIN articles a USING (article_id)
LEFT JOIN event_arguments ar USING (event_id)
LEFT JOIN entities en ON en.entity_id = ar.entity_id
GROUP BY ALL
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
