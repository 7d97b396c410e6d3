ALTER TABLE districts DROP COLUMN time_zone;
