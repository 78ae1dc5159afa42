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

-- What failed in the latest run's data-quality checks.
CREATE VIEW latest_dq_failures AS
SELECT d.*
FROM dq_results d
WHERE NOT d.passed AND d.run_id = (SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 1);

-- Stories: an article and its near-duplicates (articles.duplicate_of) counted once, under the
-- first-seen article of the cluster.
CREATE VIEW stories AS
SELECT coalesce(duplicate_of, article_id) AS story_id, count(*) AS versions,
       arg_min(title, ingested_at) AS title, min(published_at) AS first_published,
       list(article_id ORDER BY ingested_at, article_id) AS article_ids
FROM articles
GROUP BY ALL
ORDER BY versions DESC, story_id;
