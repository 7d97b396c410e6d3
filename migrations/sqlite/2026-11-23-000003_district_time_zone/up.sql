-- The district's IANA time zone: survey times are entered and shown in it, stored in UTC.
ALTER TABLE districts ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
