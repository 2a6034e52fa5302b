-- Calendar feeds of the on-call rota (issue 13): a secret address a phone's
-- calendar subscribes to, for one person's shifts in a team or (no person)
-- the team's whole rota. Only the SHA-256 of the secret is kept, never the
-- secret itself; a revoked feed stays, with who revoked it and when.

CREATE TABLE oncall_calendar_feeds (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    person_id BIGINT REFERENCES users (id),
    token_sha256 TEXT NOT NULL UNIQUE CHECK (length(token_sha256) = 64),
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    revoked_by BIGINT REFERENCES users (id),
    revoked_at TIMESTAMPTZ,
    CHECK (revoked_by IS NULL OR revoked_at IS NOT NULL)
);
CREATE INDEX oncall_calendar_feeds_team ON oncall_calendar_feeds (team_id);
