DROP TABLE district_hidden_bank_items;

CREATE TABLE district_hidden_items (
    district_id INTEGER NOT NULL REFERENCES districts(id),
    bank_item_id INTEGER NOT NULL REFERENCES bank_items(id),
    PRIMARY KEY (district_id, bank_item_id)
);
