-- MST-CAN's psychiatrist (issue 12): the team asks its psychiatrist to
-- consult on a family; while the request is open that psychiatrist reads
-- the family and answers. Ending the request ends the access. Retention
-- removes the requests with the rest of an anonymised case.

CREATE TABLE psychiatric_consultations (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    psychiatrist_id INTEGER NOT NULL REFERENCES users (id),
    question TEXT NOT NULL,
    requested_by INTEGER REFERENCES users (id),
    requested_at TEXT NOT NULL,
    answer TEXT,
    answered_at TEXT,
    ended_by INTEGER REFERENCES users (id),
    ended_at TEXT,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX psychiatric_consultations_case ON psychiatric_consultations (case_id);
CREATE INDEX psychiatric_consultations_open
    ON psychiatric_consultations (psychiatrist_id) WHERE ended_at IS NULL;
