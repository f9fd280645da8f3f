-- allyscope store: one DuckDB file. Events keep their full JSON record plus flat columns for queries.
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,
    title VARCHAR,
    publisher VARCHAR,
    url VARCHAR,
    date DATE,
    date_source VARCHAR,
    path VARCHAR,
    text VARCHAR,
    n_events INTEGER,
    ingested_at TIMESTAMP DEFAULT current_timestamp
);
-- content_id of the text: two different documents given the same id are told apart (stores from
-- before it have the column added, empty; their rows are hashed from their text when needed)
ALTER TABLE documents ADD COLUMN IF NOT EXISTS text_hash VARCHAR;
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR,
    type VARCHAR,
    cameo VARCHAR,
    plover VARCHAR,
    quad_class INTEGER,
    goldstein DOUBLE,
    modality VARCHAR,
    source_code VARCHAR,
    source_name VARCHAR,
    source_kind VARCHAR,
    source_sector VARCHAR,
    target_code VARCHAR,
    target_name VARCHAR,
    target_kind VARCHAR,
    target_sector VARCHAR,
    date VARCHAR,
    date_precision VARCHAR,
    day DATE,
    location_name VARCHAR,
    location_country VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    amount_value DOUBLE,
    amount_currency VARCHAR,
    amount_usd DOUBLE,
    aid_kind VARCHAR[],
    cited_outlet VARCHAR,
    cited_date VARCHAR,
    sentence VARCHAR,
    char_start INTEGER,
    char_end INTEGER,
    confidence DOUBLE,
    explanation VARCHAR,
    trigger VARCHAR,
    record JSON,
    n_mentions INTEGER,
    n_documents INTEGER,
    sources VARCHAR[],
    arrangement VARCHAR
);
-- stores from before mentions were kept: each event is its one report
ALTER TABLE events ADD COLUMN IF NOT EXISTS n_mentions INTEGER;
ALTER TABLE events ADD COLUMN IF NOT EXISTS n_documents INTEGER;
ALTER TABLE events ADD COLUMN IF NOT EXISTS sources VARCHAR[];
ALTER TABLE events ADD COLUMN IF NOT EXISTS arrangement VARCHAR;
-- every report of an event (SPEC "mentions"); ordinal 0 is the event's own evidence
CREATE TABLE IF NOT EXISTS mentions (
    event_id VARCHAR,
    ordinal INTEGER,
    doc_id VARCHAR,
    sentence VARCHAR,
    char_start INTEGER,
    char_end INTEGER,
    trigger VARCHAR,
    cited_outlet VARCHAR,
    cited_date VARCHAR,
    PRIMARY KEY (event_id, ordinal)
);
CREATE TABLE IF NOT EXISTS actors (
    code VARCHAR PRIMARY KEY,
    name VARCHAR,
    kind VARCHAR
);
-- the configuration of the last ingest (name 'pipeline': language, rules folder, actor dictionaries, model)
CREATE TABLE IF NOT EXISTS settings (
    name VARCHAR PRIMARY KEY,
    value JSON
);
-- events stored before mentions were kept are their own one report
INSERT INTO mentions SELECT event_id, 0, doc_id, sentence, char_start, char_end, trigger, cited_outlet, cited_date
FROM events WHERE n_mentions IS NULL ON CONFLICT DO NOTHING;
UPDATE events SET n_mentions = 1, n_documents = 1 WHERE n_mentions IS NULL;
