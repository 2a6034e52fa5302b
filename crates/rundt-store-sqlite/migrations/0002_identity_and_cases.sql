-- Identity: second factor, sessions, API tokens, login attempts.
-- People and families' cases, with break-glass grants.

ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;
ALTER TABLE users ADD COLUMN password_changed_at TEXT;

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    mfa_verified INTEGER NOT NULL CHECK (mfa_verified IN (0, 1)),
    csrf_token TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    address TEXT NOT NULL,
    at TEXT NOT NULL,
    success INTEGER NOT NULL CHECK (success IN (0, 1))
);
CREATE INDEX login_attempts_username ON login_attempts (username, at);
CREATE INDEX login_attempts_address ON login_attempts (address, at);

CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    country TEXT NOT NULL CHECK (country IN ('DK', 'NO')),
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    birth_date TEXT,
    national_id_sealed TEXT,
    national_id_index TEXT,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX persons_national_id ON persons (country, national_id_index);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    country TEXT NOT NULL CHECK (country IN ('DK', 'NO')),
    team_id INTEGER NOT NULL REFERENCES teams (id),
    therapist_id INTEGER REFERENCES users (id),
    referring_municipality TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_team ON cases (team_id);
CREATE INDEX cases_therapist ON cases (therapist_id);
CREATE INDEX cases_municipality ON cases (referring_municipality);

CREATE TABLE case_payers (
    case_id INTEGER NOT NULL REFERENCES cases (id),
    municipality_code TEXT NOT NULL,
    PRIMARY KEY (case_id, municipality_code)
);
CREATE INDEX case_payers_municipality ON case_payers (municipality_code);

CREATE TABLE case_participants (
    case_id INTEGER NOT NULL REFERENCES cases (id),
    person_id INTEGER NOT NULL REFERENCES persons (id),
    role TEXT NOT NULL CHECK (role IN ('young_person', 'caregiver')),
    PRIMARY KEY (case_id, person_id)
);
CREATE INDEX case_participants_person ON case_participants (person_id);

CREATE TABLE break_glass_grants (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX break_glass_case_user ON break_glass_grants (case_id, user_id);
CREATE INDEX break_glass_granted ON break_glass_grants (granted_at);
