-- Calendar feeds of the on-call rota (issue 13): a secret address a phone's
-- calendar subscribes to, for one person's shifts in a team or (no person)
-- the team's whole rota. Only the SHA-256 of the secret is kept, never the
-- secret itself; a revoked feed stays, with who revoked it and when.

CREATE TABLE oncall_calendar_feeds (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams (id),
    person_id INTEGER REFERENCES users (id),
    token_sha256 TEXT NOT NULL UNIQUE CHECK (length(token_sha256) = 64),
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    revoked_by INTEGER REFERENCES users (id),
    revoked_at TEXT,
    CHECK (revoked_by IS NULL OR revoked_at IS NOT NULL)
);
CREATE INDEX oncall_calendar_feeds_team ON oncall_calendar_feeds (team_id);
