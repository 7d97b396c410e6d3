-- Most questions about one product a survey may ask students in grades 3–5 (1 to 12; a
-- district may keep its young students' surveys shorter than the product's limit of 12).
ALTER TABLE districts ADD COLUMN young_items_per_product INTEGER NOT NULL DEFAULT 12;
