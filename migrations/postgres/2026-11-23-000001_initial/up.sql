-- Chorus data model. Kept parallel with migrations/sqlite (only the id column type differs: SERIAL here, INTEGER PRIMARY KEY AUTOINCREMENT there).
-- Every table that belongs to a district carries district_id; queries always filter on it.

CREATE TABLE districts (
    id SERIAL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    languages TEXT NOT NULL DEFAULT 'en,es',
    min_n_students INTEGER NOT NULL DEFAULT 10,
    min_n_parents INTEGER NOT NULL DEFAULT 10,
    min_n_staff INTEGER NOT NULL DEFAULT 5,
    min_n_comments INTEGER NOT NULL DEFAULT 10,
    benchmark_opt_in BOOLEAN NOT NULL DEFAULT FALSE,
    verdict_settings TEXT NOT NULL DEFAULT '{}',
    privacy_note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE schools (
    id SERIAL PRIMARY KEY,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    expected_students INTEGER NOT NULL DEFAULT 0,
    expected_teachers INTEGER NOT NULL DEFAULT 0,
    expected_parents INTEGER NOT NULL DEFAULT 0,
    expected_coordinators INTEGER NOT NULL DEFAULT 0,
    archived BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (district_id, name)
);

CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT,
    role TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL,
    last_sign_in_at TIMESTAMP
);
CREATE INDEX users_district ON users (district_id);

CREATE TABLE user_schools (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    district_id INTEGER NOT NULL REFERENCES districts(id),
    PRIMARY KEY (user_id, school_id)
);

CREATE TABLE invitations (
    id SERIAL PRIMARY KEY,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_by INTEGER REFERENCES users(id),
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE api_tokens (
    id SERIAL PRIMARY KEY,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX api_tokens_district ON api_tokens (district_id);

-- Sign-in attempts for throttling across instances; not district-owned (the e-mail may be unknown).
CREATE TABLE login_attempts (
    id SERIAL PRIMARY KEY,
    email TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    succeeded BOOLEAN NOT NULL,
    attempted_at TIMESTAMP NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts (email, attempted_at);
CREATE INDEX login_attempts_addr ON login_attempts (client_addr, attempted_at);

CREATE TABLE audit_log (
    id SERIAL PRIMARY KEY,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    user_id INTEGER REFERENCES users(id),
    action TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_district ON audit_log (district_id, created_at);

CREATE TABLE products (
    id SERIAL PRIMARY KEY,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    public_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    vendor TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    annual_cost_cents BIGINT NOT NULL DEFAULT 0,
    currency TEXT NOT NULL DEFAULT 'USD',
    licensed_seats INTEGER NOT NULL DEFAULT 0,
    seat_unit TEXT NOT NULL DEFAULT 'student',
    contract_start DATE,
    contract_end DATE,
    support_contact TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    archived BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (district_id, name)
);
CREATE INDEX products_contract_end ON products (district_id, contract_end);

CREATE TABLE product_features (
    id SERIAL PRIMARY KEY,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    in_licence BOOLEAN NOT NULL DEFAULT TRUE,
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (product_id, name)
);

CREATE TABLE product_schools (
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    district_id INTEGER NOT NULL REFERENCES districts(id),
    PRIMARY KEY (product_id, school_id)
);

-- Question bank: district_id NULL = shipped with Chorus (synced from src/survey/bank at start-up),
-- otherwise a district's own construct or item.
CREATE TABLE constructs (
    id SERIAL PRIMARY KEY,
    district_id INTEGER REFERENCES districts(id),
    key TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_es TEXT NOT NULL,
    per_product BOOLEAN NOT NULL DEFAULT TRUE,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX constructs_key ON constructs (COALESCE(district_id, 0), key);

CREATE TABLE bank_items (
    id SERIAL PRIMARY KEY,
    district_id INTEGER REFERENCES districts(id),
    construct_id INTEGER NOT NULL REFERENCES constructs(id),
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    groups TEXT NOT NULL,
    allows_na BOOLEAN NOT NULL DEFAULT FALSE,
    required BOOLEAN NOT NULL DEFAULT FALSE,
    tag TEXT,
    show_if TEXT,
    number_min BIGINT,
    number_max BIGINT,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX bank_items_key ON bank_items (COALESCE(district_id, 0), key);

CREATE TABLE bank_item_wordings (
    bank_item_id INTEGER NOT NULL REFERENCES bank_items(id) ON DELETE CASCADE,
    stakeholder_group TEXT NOT NULL,
    language TEXT NOT NULL,
    prompt TEXT NOT NULL,
    options TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (bank_item_id, stakeholder_group, language)
);

CREATE TABLE district_hidden_items (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    bank_item_id INTEGER NOT NULL REFERENCES bank_items(id),
    PRIMARY KEY (district_id, bank_item_id)
);

-- Surveys: one row per wave; waves of the same survey share series_id.
CREATE TABLE surveys (
    id SERIAL PRIMARY KEY,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    public_id TEXT NOT NULL UNIQUE,
    series_id TEXT NOT NULL,
    title TEXT NOT NULL,
    wave TEXT NOT NULL,
    wave_number INTEGER NOT NULL DEFAULT 1,
    status TEXT NOT NULL DEFAULT 'draft',
    opens_at TIMESTAMP NOT NULL,
    closes_at TIMESTAMP NOT NULL,
    languages TEXT NOT NULL,
    audience_groups TEXT NOT NULL,
    product_cap INTEGER NOT NULL DEFAULT 4,
    created_by INTEGER REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX surveys_district ON surveys (district_id, series_id, wave_number);

CREATE TABLE survey_schools (
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    district_id INTEGER NOT NULL REFERENCES districts(id),
    PRIMARY KEY (survey_id, school_id)
);

CREATE TABLE survey_products (
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products(id),
    district_id INTEGER NOT NULL REFERENCES districts(id),
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_id, product_id)
);

-- Items frozen into a survey: wording is copied so later bank edits never change a survey.
CREATE TABLE survey_items (
    id SERIAL PRIMARY KEY,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    bank_item_id INTEGER REFERENCES bank_items(id),
    construct_key TEXT NOT NULL,
    item_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    groups TEXT NOT NULL,
    position INTEGER NOT NULL,
    per_product BOOLEAN NOT NULL,
    required BOOLEAN NOT NULL DEFAULT FALSE,
    allows_na BOOLEAN NOT NULL DEFAULT FALSE,
    tag TEXT,
    show_if TEXT,
    number_min BIGINT,
    number_max BIGINT,
    UNIQUE (survey_id, item_key)
);
CREATE INDEX survey_items_survey ON survey_items (survey_id, position);

CREATE TABLE survey_item_wordings (
    survey_item_id INTEGER NOT NULL REFERENCES survey_items(id) ON DELETE CASCADE,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    stakeholder_group TEXT NOT NULL,
    language TEXT NOT NULL,
    prompt TEXT NOT NULL,
    options TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (survey_item_id, stakeholder_group, language)
);

CREATE TABLE distribution_links (
    id SERIAL PRIMARY KEY,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (survey_id, school_id, stakeholder_group)
);

-- Single-use codes: stored hashed, never linked to the response they unlocked.
CREATE TABLE access_codes (
    id SERIAL PRIMARY KEY,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    code_hash TEXT NOT NULL UNIQUE,
    batch TEXT NOT NULL,
    used BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX access_codes_survey ON access_codes (survey_id, school_id, stakeholder_group);

-- Save-and-resume drafts: deleted on submission and when the survey closes.
CREATE TABLE response_drafts (
    id SERIAL PRIMARY KEY,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    resume_hash TEXT NOT NULL UNIQUE,
    language TEXT NOT NULL,
    page INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT '{}',
    access_code_id INTEGER REFERENCES access_codes(id),
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX response_drafts_survey ON response_drafts (survey_id, school_id, stakeholder_group);

-- A submitted response: no identity, only the day. submission_key makes submission idempotent.
CREATE TABLE responses (
    id SERIAL PRIMARY KEY,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_id INTEGER NOT NULL REFERENCES surveys(id),
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    language TEXT NOT NULL,
    submitted_on DATE NOT NULL,
    submission_key TEXT NOT NULL UNIQUE
);
CREATE INDEX responses_survey ON responses (survey_id, school_id, stakeholder_group);

-- Answers in narrow form. product_id/feature_id are NULL for general items.
CREATE TABLE answers (
    id SERIAL PRIMARY KEY,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    survey_item_id INTEGER NOT NULL REFERENCES survey_items(id),
    product_id INTEGER REFERENCES products(id),
    feature_id INTEGER REFERENCES product_features(id),
    value BIGINT,
    not_applicable BOOLEAN NOT NULL DEFAULT FALSE,
    wants_training BOOLEAN NOT NULL DEFAULT FALSE,
    text_value TEXT
);
CREATE INDEX answers_response ON answers (response_id);
CREATE INDEX answers_item ON answers (survey_item_id, product_id);

-- Aggregates (sufficient statistics), folded in the submission's transaction.
-- product_id 0 = a general item (no product); shard spreads hot counter rows across
-- concurrent writers on PostgreSQL and is summed on read.
CREATE TABLE agg_scale (
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

-- Recommend (0..10): one row per value.
CREATE TABLE agg_recommend (
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

-- Choice items: option -1 counts respondents who saw the item; 0.. counts each option chosen.
CREATE TABLE agg_choice (
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

CREATE TABLE agg_feature (
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

CREATE TABLE agg_number (
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

-- Per-value counts of number items (for medians, rank tests, and the minimum and maximum).
CREATE TABLE agg_number_bins (
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

-- Constructs: complete-case n, ΣT, ΣT² per cell; per-item Σx, Σx², Σx·T in agg_construct_items.
CREATE TABLE agg_construct (
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

CREATE TABLE agg_construct_items (
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

-- Product routing: who was asked about a product and who said they use it.
CREATE TABLE agg_product_use (
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

-- Completed responses per day, for response rates and the monitor without scanning responses.
CREATE TABLE agg_responses (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    stakeholder_group TEXT NOT NULL,
    day DATE NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    completed BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_id, school_id, stakeholder_group, day, shard)
);
