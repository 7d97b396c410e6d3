-- Staff sessions live in cookies; a session signed in before this time is refused (sign-out,
-- "sign out everywhere", a password, role or active change). NULL: no session was revoked.
ALTER TABLE users ADD COLUMN sessions_valid_after TIMESTAMP;
