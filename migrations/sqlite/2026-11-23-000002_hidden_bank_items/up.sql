-- A district hides shipped bank items by their stable key: the shipped bank lives in the
-- binary (src/survey/bank/*.toml), not in bank_items, so the id-based table is replaced.
DROP TABLE district_hidden_items;

CREATE TABLE district_hidden_bank_items (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    item_key TEXT NOT NULL,
    hidden_by INTEGER REFERENCES users(id),
    hidden_at TIMESTAMP NOT NULL,
    PRIMARY KEY (district_id, item_key)
);
