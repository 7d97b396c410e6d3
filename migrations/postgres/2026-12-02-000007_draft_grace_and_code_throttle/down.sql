DROP TABLE code_attempts;
UPDATE response_drafts SET expires_at = expires_at - INTERVAL '60 minutes';
ALTER TABLE surveys DROP COLUMN grace_minutes;
