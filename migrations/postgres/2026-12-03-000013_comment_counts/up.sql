-- How many respondents wrote a comment, per text item × product × school × group × language:
-- counted at submission like every other aggregate, so the raw export's comment minimum
-- (free text shows only in cells where enough people wrote) reads a few hundred cells instead
-- of every text answer's row (3.4 s at a million responses on PostgreSQL).
--
-- Existing comments are counted by the aggregate rebuild: every survey with responses is
-- queued (000012 queued them already unless that ran earlier).
CREATE TABLE agg_comments (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_item_id INTEGER NOT NULL REFERENCES survey_items(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    language TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    commenters BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_item_id, product_id, school_id, stakeholder_group, language, shard)
);
INSERT INTO aggregate_rebuilds (survey_id, district_id)
    SELECT s.id, s.district_id FROM surveys s
    WHERE EXISTS (SELECT 1 FROM responses r WHERE r.survey_id = s.id)
    AND NOT EXISTS (SELECT 1 FROM aggregate_rebuilds q WHERE q.survey_id = s.id);
