-- Issue 19: languages are data. A language whose shipped bank wordings are a draft
-- translation (survey/bank/languages/{code}.toml, status = "draft") is offered only after a
-- district admin marks it reviewed; one row per district and language, audited.
-- districts.languages (initial schema, default 'en,es') is the district's enabled languages;
-- existing districts keep English and Spanish.
CREATE TABLE district_language_reviews (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    language TEXT NOT NULL,
    reviewed_by INTEGER REFERENCES users(id),
    reviewed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (district_id, language)
);
