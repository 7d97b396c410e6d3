-- A draft started before a survey's close may still be sent for this many minutes after it.
ALTER TABLE surveys ADD COLUMN grace_minutes INTEGER NOT NULL DEFAULT 60;
-- Drafts already started get the default grace period too.
UPDATE response_drafts SET expires_at = datetime(expires_at, '+60 minutes');
-- Failed access-code and resume-code entries per client address, to throttle guessing.
-- Kept apart from responses and drafts, never linked to them, and swept after an hour.
CREATE TABLE code_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_addr TEXT NOT NULL,
    attempted_at TIMESTAMP NOT NULL
);
CREATE INDEX code_attempts_addr ON code_attempts (client_addr, attempted_at);
