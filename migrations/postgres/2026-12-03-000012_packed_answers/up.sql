-- Each response's answers packed into one value (src/db/packed_answers.rs), written with the
-- answer rows in the submission's transaction: the raw-responses export reads one row per
-- response instead of about 60 answer rows. A table of its own rather than a column of
-- responses, so the responses table stays narrow for the queries that join it (comments,
-- the response monitor).
--
-- Responses stored before this migration get their pack from the aggregate rebuild, which
-- reads every response's answers: every survey with responses is queued, and the service (or
-- `chorus migrate`) rebuilds them before it answers, one survey per transaction.
CREATE TABLE packed_answers (
    response_id INTEGER PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    packed BYTEA NOT NULL
);
INSERT INTO aggregate_rebuilds (survey_id, district_id)
    SELECT s.id, s.district_id FROM surveys s
    WHERE EXISTS (SELECT 1 FROM responses r WHERE r.survey_id = s.id)
    AND NOT EXISTS (SELECT 1 FROM aggregate_rebuilds q WHERE q.survey_id = s.id);
