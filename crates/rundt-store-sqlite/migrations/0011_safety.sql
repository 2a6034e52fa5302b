-- MST-CAN's safety records (issue 12): every version of a family's safety
-- plan, kept as it was saved, and the incidents of violence or neglect
-- with their notification to child welfare (flagged while none is
-- recorded). Retention removes both with the rest of an anonymised case.

CREATE TABLE safety_plans (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    content TEXT NOT NULL,
    saved_by INTEGER REFERENCES users (id),
    saved_at TEXT NOT NULL,
    UNIQUE (case_id, version)
);

CREATE TRIGGER safety_plans_no_update BEFORE UPDATE ON safety_plans
BEGIN
    SELECT RAISE(ABORT, 'a safety plan version is kept as it was saved');
END;

CREATE TRIGGER safety_plans_no_delete BEFORE DELETE ON safety_plans
WHEN (SELECT erased_on FROM cases WHERE id = OLD.case_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'a safety plan version is kept as it was saved');
END;

CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    at TEXT NOT NULL,
    content TEXT NOT NULL,
    flagged INTEGER NOT NULL CHECK (flagged IN (0, 1)),
    recorded_by INTEGER REFERENCES users (id),
    recorded_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX incidents_case ON incidents (case_id, at);
CREATE INDEX incidents_flagged ON incidents (case_id) WHERE flagged = 1;
