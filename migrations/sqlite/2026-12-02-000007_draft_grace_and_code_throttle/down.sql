DROP TABLE code_attempts;
UPDATE response_drafts SET expires_at = datetime(expires_at, '-60 minutes');
ALTER TABLE surveys DROP COLUMN grace_minutes;
