-- A family's course: referral and screening, status history, assessment,
-- weekly summaries, supervision, discharge and follow-ups.

ALTER TABLE cases ADD COLUMN referred_on TEXT;
ALTER TABLE cases ADD COLUMN treatment_start TEXT;
ALTER TABLE cases ADD COLUMN discharged_on TEXT;
CREATE INDEX cases_status ON cases (status);

CREATE TABLE referrals (
    case_id INTEGER PRIMARY KEY REFERENCES cases (id),
    details TEXT NOT NULL,
    screening TEXT NOT NULL,
    eligible INTEGER NOT NULL CHECK (eligible IN (0, 1))
);

CREATE TABLE case_status_history (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    at TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    by_user_id INTEGER REFERENCES users (id),
    note TEXT
);
CREATE INDEX case_status_history_case ON case_status_history (case_id);

CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL UNIQUE REFERENCES cases (id),
    content TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE weekly_summaries (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    week_start TEXT NOT NULL,
    therapist_id INTEGER REFERENCES users (id),
    content TEXT NOT NULL,
    contact_count INTEGER NOT NULL,
    contact_minutes INTEGER NOT NULL,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (case_id, week_start)
);

CREATE TABLE discharges (
    case_id INTEGER PRIMARY KEY REFERENCES cases (id),
    discharged_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    content TEXT NOT NULL,
    treatment_days INTEGER NOT NULL,
    living_at_home INTEGER NOT NULL CHECK (living_at_home IN (0, 1)),
    in_school_or_working INTEGER NOT NULL CHECK (in_school_or_working IN (0, 1)),
    no_new_arrests INTEGER NOT NULL CHECK (no_new_arrests IN (0, 1))
);

CREATE TABLE follow_ups (
    case_id INTEGER NOT NULL REFERENCES cases (id),
    months INTEGER NOT NULL CHECK (months IN (6, 12, 18)),
    done_on TEXT NOT NULL,
    living_at_home INTEGER NOT NULL CHECK (living_at_home IN (0, 1)),
    in_school_or_working INTEGER NOT NULL CHECK (in_school_or_working IN (0, 1)),
    no_new_arrests INTEGER NOT NULL CHECK (no_new_arrests IN (0, 1)),
    notes TEXT NOT NULL,
    PRIMARY KEY (case_id, months)
);

CREATE TABLE supervision_sessions (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams (id),
    held_on TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('supervision', 'consultation')),
    attendees TEXT NOT NULL
);
CREATE INDEX supervision_sessions_team ON supervision_sessions (team_id, held_on);

CREATE TABLE supervision_recommendations (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES supervision_sessions (id),
    case_id INTEGER NOT NULL REFERENCES cases (id),
    recommendation TEXT NOT NULL
);
CREATE INDEX supervision_recommendations_case ON supervision_recommendations (case_id);
