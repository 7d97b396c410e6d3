-- The aggregates keep each respondent language's cells apart, so a report limited to one
-- language reads the aggregate tables like any other view instead of folding the raw
-- answers of every response in that language (which took longer than ten seconds at a
-- million responses). The "every language" view sums the languages as it sums the shards.
--
-- The old cells cannot be split by language in SQL, so the tables are created afresh and
-- every survey with responses is queued in aggregate_rebuilds: the service (or `chorus
-- migrate`) folds those surveys' raw answers in again before it answers, one survey per
-- transaction.

DROP TABLE agg_scale;
CREATE TABLE agg_scale (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_item_id INTEGER NOT NULL REFERENCES survey_items(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    language TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    c1 BIGINT NOT NULL DEFAULT 0,
    c2 BIGINT NOT NULL DEFAULT 0,
    c3 BIGINT NOT NULL DEFAULT 0,
    c4 BIGINT NOT NULL DEFAULT 0,
    c5 BIGINT NOT NULL DEFAULT 0,
    c_na BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_item_id, product_id, school_id, stakeholder_group, language, shard)
);

DROP TABLE agg_recommend;
CREATE TABLE agg_recommend (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_item_id INTEGER NOT NULL REFERENCES survey_items(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    language TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    value INTEGER NOT NULL,
    count BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_item_id, product_id, school_id, stakeholder_group, language, shard, value)
);

DROP TABLE agg_choice;
CREATE TABLE agg_choice (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_item_id INTEGER NOT NULL REFERENCES survey_items(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    language TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    option_index INTEGER NOT NULL,
    count BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_item_id, product_id, school_id, stakeholder_group, language, shard, option_index)
);

DROP TABLE agg_feature;
CREATE TABLE agg_feature (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_item_id INTEGER NOT NULL REFERENCES survey_items(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL,
    feature_id INTEGER NOT NULL REFERENCES product_features(id),
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    language TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    c_use BIGINT NOT NULL DEFAULT 0,
    c_know BIGINT NOT NULL DEFAULT 0,
    c_unaware BIGINT NOT NULL DEFAULT 0,
    c_training BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_item_id, product_id, feature_id, school_id, stakeholder_group, language, shard)
);

DROP TABLE agg_number;
CREATE TABLE agg_number (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_item_id INTEGER NOT NULL REFERENCES survey_items(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    language TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    n BIGINT NOT NULL DEFAULT 0,
    sum_x BIGINT NOT NULL DEFAULT 0,
    sum_x2 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_item_id, product_id, school_id, stakeholder_group, language, shard)
);

DROP TABLE agg_number_bins;
CREATE TABLE agg_number_bins (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_item_id INTEGER NOT NULL REFERENCES survey_items(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    language TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    bin BIGINT NOT NULL,
    count BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_item_id, product_id, school_id, stakeholder_group, language, shard, bin)
);

DROP TABLE agg_construct;
CREATE TABLE agg_construct (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    construct_key TEXT NOT NULL,
    product_id INTEGER NOT NULL,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    language TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    k INTEGER NOT NULL,
    n BIGINT NOT NULL DEFAULT 0,
    sum_t BIGINT NOT NULL DEFAULT 0,
    sum_t2 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_id, construct_key, product_id, school_id, stakeholder_group, language, shard)
);

DROP TABLE agg_construct_items;
CREATE TABLE agg_construct_items (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    construct_key TEXT NOT NULL,
    product_id INTEGER NOT NULL,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    language TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    item_index INTEGER NOT NULL,
    sum_x BIGINT NOT NULL DEFAULT 0,
    sum_x2 BIGINT NOT NULL DEFAULT 0,
    sum_xt BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_id, construct_key, product_id, school_id, stakeholder_group, language, shard, item_index)
);

DROP TABLE agg_product_use;
CREATE TABLE agg_product_use (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products(id),
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    language TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    asked BIGINT NOT NULL DEFAULT 0,
    used BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_id, product_id, school_id, stakeholder_group, language, shard)
);

DROP TABLE agg_responses;
CREATE TABLE agg_responses (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    language TEXT NOT NULL,
    day DATE NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    completed BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_id, school_id, stakeholder_group, day, language, shard)
);

-- Surveys whose aggregates must be folded again from their raw answers before the service
-- answers (see db::aggregates::pending).
CREATE TABLE aggregate_rebuilds (
    survey_id INTEGER PRIMARY KEY REFERENCES surveys(id) ON DELETE CASCADE,
    district_id INTEGER NOT NULL REFERENCES districts(id)
);
INSERT INTO aggregate_rebuilds (survey_id, district_id)
    SELECT s.id, s.district_id FROM surveys s
    WHERE EXISTS (SELECT 1 FROM responses r WHERE r.survey_id = s.id);
