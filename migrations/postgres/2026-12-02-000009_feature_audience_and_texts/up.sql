-- A licensed feature is asked only of its audience: the groups among students (grades 3–5 and
-- 6–12 alike), teachers, parents and coordinators, stored as their names joined by commas.
-- Existing features keep being asked of everyone.
ALTER TABLE product_features ADD COLUMN audience TEXT NOT NULL DEFAULT 'students,teachers,parents,coordinators';

-- Texts the district writes exist in their original language (English, the base columns)
-- and, optionally, translated: one row per text and language, so a new language is rows,
-- never columns. A page falls back to the original, marked with its language.
CREATE TABLE product_feature_texts (
    feature_id INTEGER NOT NULL REFERENCES product_features(id) ON DELETE CASCADE,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    language TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (feature_id, language)
);

CREATE TABLE survey_titles (
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    language TEXT NOT NULL,
    title TEXT NOT NULL,
    PRIMARY KEY (survey_id, language)
);

CREATE TABLE district_privacy_notes (
    district_id INTEGER NOT NULL REFERENCES districts(id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (district_id, language)
);
