-- Organisation: programme models, national offices, municipalities, teams,
-- users and team memberships; plus the append-only, hash-chained audit log.

CREATE TABLE programme_models (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    min_age SMALLINT NOT NULL,
    max_age SMALLINT NOT NULL,
    supervisors SMALLINT NOT NULL,
    min_therapists SMALLINT NOT NULL,
    max_therapists SMALLINT NOT NULL,
    typical_families_per_therapist SMALLINT NOT NULL,
    max_families_per_therapist SMALLINT NOT NULL,
    min_duration_months SMALLINT NOT NULL,
    max_duration_months SMALLINT NOT NULL,
    requires_crisis_caseworker BOOLEAN NOT NULL,
    requires_psychiatrist BOOLEAN NOT NULL,
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
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    country TEXT NOT NULL CHECK (country IN ('DK', 'NO')),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    valid_from DATE NOT NULL,
    valid_to DATE,
    UNIQUE (country, code, valid_from)
);

CREATE TABLE teams (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL,
    country TEXT NOT NULL CHECK (country IN ('DK', 'NO')),
    programme_model TEXT NOT NULL REFERENCES programme_models (code),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (country, name)
);

CREATE TABLE team_owners (
    team_id BIGINT NOT NULL REFERENCES teams (id),
    municipality_code TEXT NOT NULL,
    share_bp INTEGER NOT NULL CHECK (share_bp > 0 AND share_bp <= 10000),
    PRIMARY KEY (team_id, municipality_code)
);

CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT,
    role TEXT NOT NULL,
    country TEXT NOT NULL CHECK (country IN ('DK', 'NO')),
    municipality_code TEXT,
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE team_memberships (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    position TEXT NOT NULL,
    since DATE NOT NULL,
    until DATE,
    CHECK (until IS NULL OR until >= since)
);
CREATE INDEX team_memberships_team ON team_memberships (team_id);
CREATE INDEX team_memberships_user ON team_memberships (user_id);

CREATE TABLE audit_events (
    seq BIGINT PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    actor_user_id BIGINT,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id BIGINT,
    person_id BIGINT,
    purpose TEXT,
    outcome TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_events_person ON audit_events (person_id) WHERE person_id IS NOT NULL;

CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
