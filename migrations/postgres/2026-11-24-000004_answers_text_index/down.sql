DROP INDEX answers_text;
CREATE INDEX answers_item ON answers (survey_item_id, product_id);
