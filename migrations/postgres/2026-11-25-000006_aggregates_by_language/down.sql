-- Back to aggregates without the language: each cell is the sum of its languages.

DROP TABLE aggregate_rebuilds;

CREATE TABLE agg_scale_summed (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_item_id INTEGER NOT NULL REFERENCES survey_items(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    c1 BIGINT NOT NULL DEFAULT 0,
    c2 BIGINT NOT NULL DEFAULT 0,
    c3 BIGINT NOT NULL DEFAULT 0,
    c4 BIGINT NOT NULL DEFAULT 0,
    c5 BIGINT NOT NULL DEFAULT 0,
    c_na BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_item_id, product_id, school_id, stakeholder_group, shard)
);
INSERT INTO agg_scale_summed (district_id, survey_item_id, product_id, school_id, stakeholder_group, shard, c1, c2, c3, c4, c5, c_na)
    SELECT district_id, survey_item_id, product_id, school_id, stakeholder_group, shard, SUM(c1), SUM(c2), SUM(c3), SUM(c4), SUM(c5), SUM(c_na)
    FROM agg_scale GROUP BY district_id, survey_item_id, product_id, school_id, stakeholder_group, shard;
DROP TABLE agg_scale;
ALTER TABLE agg_scale_summed RENAME TO agg_scale;

CREATE TABLE agg_recommend_summed (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_item_id INTEGER NOT NULL REFERENCES survey_items(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    value INTEGER NOT NULL,
    count BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_item_id, product_id, school_id, stakeholder_group, shard, value)
);
INSERT INTO agg_recommend_summed (district_id, survey_item_id, product_id, school_id, stakeholder_group, shard, value, count)
    SELECT district_id, survey_item_id, product_id, school_id, stakeholder_group, shard, value, SUM(count)
    FROM agg_recommend GROUP BY district_id, survey_item_id, product_id, school_id, stakeholder_group, shard, value;
DROP TABLE agg_recommend;
ALTER TABLE agg_recommend_summed RENAME TO agg_recommend;

CREATE TABLE agg_choice_summed (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_item_id INTEGER NOT NULL REFERENCES survey_items(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    option_index INTEGER NOT NULL,
    count BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_item_id, product_id, school_id, stakeholder_group, shard, option_index)
);
INSERT INTO agg_choice_summed (district_id, survey_item_id, product_id, school_id, stakeholder_group, shard, option_index, count)
    SELECT district_id, survey_item_id, product_id, school_id, stakeholder_group, shard, option_index, SUM(count)
    FROM agg_choice GROUP BY district_id, survey_item_id, product_id, school_id, stakeholder_group, shard, option_index;
DROP TABLE agg_choice;
ALTER TABLE agg_choice_summed RENAME TO agg_choice;

CREATE TABLE agg_feature_summed (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_item_id INTEGER NOT NULL REFERENCES survey_items(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL,
    feature_id INTEGER NOT NULL REFERENCES product_features(id),
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    c_use BIGINT NOT NULL DEFAULT 0,
    c_know BIGINT NOT NULL DEFAULT 0,
    c_unaware BIGINT NOT NULL DEFAULT 0,
    c_training BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_item_id, product_id, feature_id, school_id, stakeholder_group, shard)
);
INSERT INTO agg_feature_summed (district_id, survey_item_id, product_id, feature_id, school_id, stakeholder_group, shard, c_use, c_know, c_unaware, c_training)
    SELECT district_id, survey_item_id, product_id, feature_id, school_id, stakeholder_group, shard, SUM(c_use), SUM(c_know), SUM(c_unaware), SUM(c_training)
    FROM agg_feature GROUP BY district_id, survey_item_id, product_id, feature_id, school_id, stakeholder_group, shard;
DROP TABLE agg_feature;
ALTER TABLE agg_feature_summed RENAME TO agg_feature;

CREATE TABLE agg_number_summed (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_item_id INTEGER NOT NULL REFERENCES survey_items(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    n BIGINT NOT NULL DEFAULT 0,
    sum_x BIGINT NOT NULL DEFAULT 0,
    sum_x2 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_item_id, product_id, school_id, stakeholder_group, shard)
);
INSERT INTO agg_number_summed (district_id, survey_item_id, product_id, school_id, stakeholder_group, shard, n, sum_x, sum_x2)
    SELECT district_id, survey_item_id, product_id, school_id, stakeholder_group, shard, SUM(n), SUM(sum_x), SUM(sum_x2)
    FROM agg_number GROUP BY district_id, survey_item_id, product_id, school_id, stakeholder_group, shard;
DROP TABLE agg_number;
ALTER TABLE agg_number_summed RENAME TO agg_number;

CREATE TABLE agg_number_bins_summed (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_item_id INTEGER NOT NULL REFERENCES survey_items(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    bin BIGINT NOT NULL,
    count BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_item_id, product_id, school_id, stakeholder_group, shard, bin)
);
INSERT INTO agg_number_bins_summed (district_id, survey_item_id, product_id, school_id, stakeholder_group, shard, bin, count)
    SELECT district_id, survey_item_id, product_id, school_id, stakeholder_group, shard, bin, SUM(count)
    FROM agg_number_bins GROUP BY district_id, survey_item_id, product_id, school_id, stakeholder_group, shard, bin;
DROP TABLE agg_number_bins;
ALTER TABLE agg_number_bins_summed RENAME TO agg_number_bins;

CREATE TABLE agg_construct_summed (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    construct_key TEXT NOT NULL,
    product_id INTEGER NOT NULL,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    k INTEGER NOT NULL,
    n BIGINT NOT NULL DEFAULT 0,
    sum_t BIGINT NOT NULL DEFAULT 0,
    sum_t2 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_id, construct_key, product_id, school_id, stakeholder_group, shard)
);
INSERT INTO agg_construct_summed (district_id, survey_id, construct_key, product_id, school_id, stakeholder_group, shard, k, n, sum_t, sum_t2)
    SELECT district_id, survey_id, construct_key, product_id, school_id, stakeholder_group, shard, k, SUM(n), SUM(sum_t), SUM(sum_t2)
    FROM agg_construct GROUP BY district_id, survey_id, construct_key, product_id, school_id, stakeholder_group, shard, k;
DROP TABLE agg_construct;
ALTER TABLE agg_construct_summed RENAME TO agg_construct;

CREATE TABLE agg_construct_items_summed (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    construct_key TEXT NOT NULL,
    product_id INTEGER NOT NULL,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    item_index INTEGER NOT NULL,
    sum_x BIGINT NOT NULL DEFAULT 0,
    sum_x2 BIGINT NOT NULL DEFAULT 0,
    sum_xt BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_id, construct_key, product_id, school_id, stakeholder_group, shard, item_index)
);
INSERT INTO agg_construct_items_summed (district_id, survey_id, construct_key, product_id, school_id, stakeholder_group, shard, item_index, sum_x, sum_x2, sum_xt)
    SELECT district_id, survey_id, construct_key, product_id, school_id, stakeholder_group, shard, item_index, SUM(sum_x), SUM(sum_x2), SUM(sum_xt)
    FROM agg_construct_items GROUP BY district_id, survey_id, construct_key, product_id, school_id, stakeholder_group, shard, item_index;
DROP TABLE agg_construct_items;
ALTER TABLE agg_construct_items_summed RENAME TO agg_construct_items;

CREATE TABLE agg_product_use_summed (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products(id),
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    asked BIGINT NOT NULL DEFAULT 0,
    used BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_id, product_id, school_id, stakeholder_group, shard)
);
INSERT INTO agg_product_use_summed (district_id, survey_id, product_id, school_id, stakeholder_group, shard, asked, used)
    SELECT district_id, survey_id, product_id, school_id, stakeholder_group, shard, SUM(asked), SUM(used)
    FROM agg_product_use GROUP BY district_id, survey_id, product_id, school_id, stakeholder_group, shard;
DROP TABLE agg_product_use;
ALTER TABLE agg_product_use_summed RENAME TO agg_product_use;

CREATE TABLE agg_responses_summed (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    day DATE NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    completed BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_id, school_id, stakeholder_group, day, shard)
);
INSERT INTO agg_responses_summed (district_id, survey_id, school_id, stakeholder_group, day, shard, completed)
    SELECT district_id, survey_id, school_id, stakeholder_group, day, shard, SUM(completed)
    FROM agg_responses GROUP BY district_id, survey_id, school_id, stakeholder_group, day, shard;
DROP TABLE agg_responses;
ALTER TABLE agg_responses_summed RENAME TO agg_responses;
