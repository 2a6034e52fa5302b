-- A family's course: referral and screening, status history, assessment,
-- weekly summaries, supervision, discharge and follow-ups.

ALTER TABLE cases ADD COLUMN referred_on DATE;
ALTER TABLE cases ADD COLUMN treatment_start DATE;
ALTER TABLE cases ADD COLUMN discharged_on DATE;
CREATE INDEX cases_status ON cases (status);

CREATE TABLE referrals (
    case_id BIGINT PRIMARY KEY REFERENCES cases (id),
    details TEXT NOT NULL,
    screening TEXT NOT NULL,
    eligible BOOLEAN NOT NULL
);

CREATE TABLE case_status_history (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    at TIMESTAMPTZ NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    by_user_id BIGINT REFERENCES users (id),
    note TEXT
);
CREATE INDEX case_status_history_case ON case_status_history (case_id);

CREATE TABLE assessments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL UNIQUE REFERENCES cases (id),
    content TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE weekly_summaries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    week_start DATE NOT NULL,
    therapist_id BIGINT REFERENCES users (id),
    content TEXT NOT NULL,
    contact_count INTEGER NOT NULL,
    contact_minutes INTEGER NOT NULL,
    version BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (case_id, week_start)
);

CREATE TABLE discharges (
    case_id BIGINT PRIMARY KEY REFERENCES cases (id),
    discharged_on DATE NOT NULL,
    reason TEXT NOT NULL,
    content TEXT NOT NULL,
    treatment_days BIGINT NOT NULL,
    living_at_home BOOLEAN NOT NULL,
    in_school_or_working BOOLEAN NOT NULL,
    no_new_arrests BOOLEAN NOT NULL
);

CREATE TABLE follow_ups (
    case_id BIGINT NOT NULL REFERENCES cases (id),
    months SMALLINT NOT NULL CHECK (months IN (6, 12, 18)),
    done_on DATE NOT NULL,
    living_at_home BOOLEAN NOT NULL,
    in_school_or_working BOOLEAN NOT NULL,
    no_new_arrests BOOLEAN NOT NULL,
    notes TEXT NOT NULL,
    PRIMARY KEY (case_id, months)
);

CREATE TABLE supervision_sessions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    held_on DATE NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('supervision', 'consultation')),
    attendees TEXT NOT NULL
);
CREATE INDEX supervision_sessions_team ON supervision_sessions (team_id, held_on);

CREATE TABLE supervision_recommendations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES supervision_sessions (id),
    case_id BIGINT NOT NULL REFERENCES cases (id),
    recommendation TEXT NOT NULL
);
CREATE INDEX supervision_recommendations_case ON supervision_recommendations (case_id);
