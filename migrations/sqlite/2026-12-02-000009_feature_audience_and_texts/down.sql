-- Translations are lost; every feature is asked of everyone again.
DROP TABLE district_privacy_notes;
DROP TABLE survey_titles;
DROP TABLE product_feature_texts;
ALTER TABLE product_features DROP COLUMN audience;
