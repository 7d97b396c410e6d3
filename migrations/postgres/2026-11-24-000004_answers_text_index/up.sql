-- Free-text listings (report comments, the raw export's comment minimum) are the only reads
-- by item: index only the answers that hold text (about one in twenty), so that storing the
-- other answers maintains one index (answers_response) instead of two.
DROP INDEX answers_item;
CREATE INDEX answers_text ON answers (survey_item_id, product_id) WHERE text_value IS NOT NULL;
