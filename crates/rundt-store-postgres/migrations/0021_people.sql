-- The team's people (issue: people): the courses a person took with their
-- certificates, the supervisor's exceptions to the initial training, who
-- was at each supervision and consultation meeting, the method boosters
-- and who attended them, each person's development plan in a team (every
-- version kept) with its reviews, and the team's ratings of its
-- consultant. Nothing here is case data; nothing is deleted. Every write
-- appends its audit event in the same transaction.

CREATE TABLE training_records (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('mst_orientation', 'mst_can', 'trauma_treatment',
        'supervisor_training', 'other')),
    -- The course's name; the domain requires it for 'other'.
    title TEXT,
    provider TEXT NOT NULL,
    started_on DATE NOT NULL,
    finished_on DATE NOT NULL,
    days BIGINT NOT NULL CHECK (days BETWEEN 0 AND 255),
    recorded_at TIMESTAMPTZ NOT NULL,
    recorded_by BIGINT REFERENCES users (id),
    CHECK (finished_on >= started_on)
);
CREATE INDEX training_records_user ON training_records (user_id, finished_on);

-- A course's certificate: its description and its bytes (read only when
-- the certificate itself is asked for).
CREATE TABLE training_certificates (
    record_id BIGINT PRIMARY KEY REFERENCES training_records (id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/png',
        'image/jpeg')),
    size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
    sha256 TEXT NOT NULL,
    bytes BYTEA NOT NULL
);

-- A supervisor's exception: a therapist without the initial training may
-- be assigned families in the team. A later one is kept beside the first.
CREATE TABLE training_exceptions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    recorded_by BIGINT REFERENCES users (id)
);
CREATE INDEX training_exceptions_team ON training_exceptions (team_id, recorded_at);

-- Each team member at a supervision or consultation meeting: there, or
-- away for a reason (a reason exactly when away).
CREATE TABLE meeting_attendance (
    session_id BIGINT NOT NULL REFERENCES supervision_sessions (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    present BOOLEAN NOT NULL,
    absence_reason TEXT CHECK (absence_reason IN ('illness', 'leave', 'family_crisis',
        'training', 'other')),
    PRIMARY KEY (session_id, user_id),
    CHECK (present = (absence_reason IS NULL))
);
CREATE INDEX meeting_attendance_user ON meeting_attendance (user_id);

-- A method booster: planned for a day, later held (or recorded as held
-- at once); its version guards the recording of it as held.
CREATE TABLE boosters (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    planned_on DATE NOT NULL,
    held_on DATE,
    topic TEXT NOT NULL,
    trainer TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX boosters_team ON boosters (team_id, planned_on);

CREATE TABLE booster_attendees (
    booster_id BIGINT NOT NULL REFERENCES boosters (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (booster_id, user_id)
);
CREATE INDEX booster_attendees_user ON booster_attendees (user_id);

-- A person's development plan in a team: one per team and person, at its
-- newest version (`version`, the guard of the next save); started on the
-- day its first version was written.
CREATE TABLE development_plans (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    started_on DATE NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (team_id, user_id)
);

-- Every version of a plan, kept; its goals as JSON.
CREATE TABLE development_plan_versions (
    plan_id BIGINT NOT NULL REFERENCES development_plans (id),
    version BIGINT NOT NULL CHECK (version >= 1),
    goals TEXT NOT NULL,
    review_on DATE NOT NULL,
    written_on DATE NOT NULL,
    written_at TIMESTAMPTZ NOT NULL,
    written_by BIGINT REFERENCES users (id),
    PRIMARY KEY (plan_id, version)
);

CREATE TABLE development_plan_reviews (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id BIGINT NOT NULL REFERENCES development_plans (id),
    reviewed_on DATE NOT NULL,
    notes TEXT NOT NULL,
    next_review_on DATE NOT NULL,
    reviewed_at TIMESTAMPTZ NOT NULL,
    reviewed_by BIGINT REFERENCES users (id)
);
CREATE INDEX development_plan_reviews_plan ON development_plan_reviews (plan_id, reviewed_on);

-- A team member's rating of the team's consultant: the answers as JSON,
-- the score when enough items were answered.
CREATE TABLE consultant_ratings (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    consultant_id BIGINT NOT NULL REFERENCES users (id),
    rater_id BIGINT NOT NULL REFERENCES users (id),
    rated_on DATE NOT NULL,
    answers TEXT NOT NULL,
    score DOUBLE PRECISION,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX consultant_ratings_team ON consultant_ratings (team_id, rated_on);
CREATE INDEX consultant_ratings_rater ON consultant_ratings (team_id, rater_id, rated_on);
