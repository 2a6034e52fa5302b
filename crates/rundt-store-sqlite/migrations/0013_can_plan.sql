-- MST-CAN's treatment plan and modules (issue 12): every version of the
-- plan made with the family, kept as it was saved, and the treatment
-- modules (RBT with its drug screens, PE, TF-CBT, anger management,
-- clarification), each changed on the version it was read at. Retention
-- removes both with the rest of an anonymised case.

CREATE TABLE treatment_plans (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    content TEXT NOT NULL,
    saved_by INTEGER REFERENCES users (id),
    saved_at TEXT NOT NULL,
    UNIQUE (case_id, version)
);

CREATE TRIGGER treatment_plans_no_update BEFORE UPDATE ON treatment_plans
BEGIN
    SELECT RAISE(ABORT, 'a treatment plan version is kept as it was saved');
END;

CREATE TABLE treatment_modules (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    kind TEXT NOT NULL
        CHECK (kind IN ('rbt', 'pe', 'tf_cbt', 'cbt_anger', 'clarification')),
    start_on TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'ongoing', 'completed', 'stopped')),
    content TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users (id),
    recorded_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX treatment_modules_case ON treatment_modules (case_id, start_on);
