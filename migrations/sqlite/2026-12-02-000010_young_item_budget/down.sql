ALTER TABLE districts DROP COLUMN young_items_per_product;
