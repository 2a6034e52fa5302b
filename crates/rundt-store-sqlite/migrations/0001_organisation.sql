-- Organisation: programme models, national offices, municipalities, teams,
-- users and team memberships; plus the append-only, hash-chained audit log.

CREATE TABLE programme_models (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    min_age INTEGER NOT NULL,
    max_age INTEGER NOT NULL,
    supervisors INTEGER NOT NULL,
    min_therapists INTEGER NOT NULL,
    max_therapists INTEGER NOT NULL,
    typical_families_per_therapist INTEGER NOT NULL,
    max_families_per_therapist INTEGER NOT NULL,
    min_duration_months INTEGER NOT NULL,
    max_duration_months INTEGER NOT NULL,
    requires_crisis_caseworker INTEGER NOT NULL CHECK (requires_crisis_caseworker IN (0, 1)),
    requires_psychiatrist INTEGER NOT NULL CHECK (requires_psychiatrist IN (0, 1)),
    CHECK (min_age <= max_age),
    CHECK (min_therapists <= max_therapists),
    CHECK (typical_families_per_therapist <= max_families_per_therapist),
    CHECK (min_duration_months <= max_duration_months)
);

CREATE TABLE national_offices (
    country TEXT PRIMARY KEY CHECK (country IN ('DK', 'NO')),
    name TEXT NOT NULL
);

CREATE TABLE municipalities (
    id INTEGER PRIMARY KEY,
    country TEXT NOT NULL CHECK (country IN ('DK', 'NO')),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    UNIQUE (country, code, valid_from)
);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    country TEXT NOT NULL CHECK (country IN ('DK', 'NO')),
    programme_model TEXT NOT NULL REFERENCES programme_models (code),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    UNIQUE (country, name)
);

CREATE TABLE team_owners (
    team_id INTEGER NOT NULL REFERENCES teams (id),
    municipality_code TEXT NOT NULL,
    share_bp INTEGER NOT NULL CHECK (share_bp > 0 AND share_bp <= 10000),
    PRIMARY KEY (team_id, municipality_code)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT,
    role TEXT NOT NULL,
    country TEXT NOT NULL CHECK (country IN ('DK', 'NO')),
    municipality_code TEXT,
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE team_memberships (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    position TEXT NOT NULL,
    since TEXT NOT NULL,
    until TEXT,
    CHECK (until IS NULL OR until >= since)
);
CREATE INDEX team_memberships_team ON team_memberships (team_id);
CREATE INDEX team_memberships_user ON team_memberships (user_id);

CREATE TABLE audit_events (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_user_id INTEGER,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id INTEGER,
    person_id INTEGER,
    purpose TEXT,
    outcome TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_events_person ON audit_events (person_id) WHERE person_id IS NOT NULL;

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
