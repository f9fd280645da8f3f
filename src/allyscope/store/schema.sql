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
    record JSON
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
