-- Reviews (store/reviews.py): the analysts' corrections, beside the machine's rows, never over them.
-- Every change, with who made it, when, the state before and after, and a note.
CREATE SEQUENCE IF NOT EXISTS review_ids;
CREATE TABLE IF NOT EXISTS reviews (
    id BIGINT PRIMARY KEY DEFAULT nextval('review_ids'),
    event_id VARCHAR,
    doc_id VARCHAR,
    reviewer VARCHAR NOT NULL,
    made_at TIMESTAMP DEFAULT current_timestamp,
    action VARCHAR NOT NULL,
    before JSON,
    after JSON,
    note VARCHAR
);
-- the reviewed state of an event: a whole events row; status accepted or rejected (NULL: edited
-- only); merged_into the event it was merged into; origin machine, hand or split
CREATE TABLE IF NOT EXISTS event_reviews AS
    SELECT *, NULL::VARCHAR AS review_status, NULL::VARCHAR AS merged_into, NULL::VARCHAR AS origin,
           NULL::TIMESTAMP AS reviewed_at
    FROM events LIMIT 0;
-- the reports (mentions) of each reviewed event's state: a merge or split moves them
CREATE TABLE IF NOT EXISTS review_mentions AS SELECT * FROM mentions LIMIT 0;
CREATE TABLE IF NOT EXISTS document_reviews (
    doc_id VARCHAR PRIMARY KEY,
    title VARCHAR,
    publisher VARCHAR,
    date DATE
);
-- what every query reads unless the store is opened raw: the machine's events less those
-- reviewed, and the reviewed ones that stand (not rejected, not merged into another; a machine
-- event a new ingest no longer finds is flagged, not shown)
CREATE VIEW IF NOT EXISTS reviewed_events AS
    SELECT e.*, NULL::VARCHAR AS review_status, NULL::TIMESTAMP AS reviewed_at
    FROM events e ANTI JOIN event_reviews r USING (event_id)
    UNION ALL BY NAME
    SELECT r.* EXCLUDE (merged_into, origin)
    FROM event_reviews r
    WHERE r.review_status IS DISTINCT FROM 'rejected' AND r.merged_into IS NULL
      AND (r.origin <> 'machine' OR r.event_id IN (SELECT event_id FROM events));
CREATE VIEW IF NOT EXISTS reviewed_mentions AS
    SELECT m.* FROM mentions m ANTI JOIN event_reviews r USING (event_id)
    UNION ALL BY NAME
    SELECT * FROM review_mentions;
CREATE VIEW IF NOT EXISTS reviewed_documents AS
    SELECT d.* REPLACE (coalesce(r.title, d.title) AS title, coalesce(r.publisher, d.publisher) AS publisher,
                        coalesce(r.date, d.date) AS date)
    FROM documents d LEFT JOIN document_reviews r USING (doc_id);
