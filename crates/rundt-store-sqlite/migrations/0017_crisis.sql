-- An MST family's crisis plan and crisis contact log (issue 13): every
-- version of the crisis plan, kept as it was saved; every call or visit
-- outside office hours; and who of the staff has read each contact, so
-- the family's own therapist sees the night's contacts as unread.
-- Retention removes all three with the rest of an anonymised case.

CREATE TABLE crisis_plans (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    content TEXT NOT NULL,
    saved_by INTEGER REFERENCES users (id),
    saved_at TEXT NOT NULL,
    UNIQUE (case_id, version)
);

CREATE TRIGGER crisis_plans_no_update BEFORE UPDATE ON crisis_plans
BEGIN
    SELECT RAISE(ABORT, 'a crisis plan version is kept as it was saved');
END;

CREATE TRIGGER crisis_plans_no_delete BEFORE DELETE ON crisis_plans
WHEN (SELECT erased_on FROM cases WHERE id = OLD.case_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'a crisis plan version is kept as it was saved');
END;

CREATE TABLE crisis_contacts (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    at TEXT NOT NULL,
    content TEXT NOT NULL,
    logged_by INTEGER REFERENCES users (id),
    logged_at TEXT NOT NULL
);
CREATE INDEX crisis_contacts_case ON crisis_contacts (case_id, at);

CREATE TABLE crisis_contact_reads (
    case_id INTEGER NOT NULL REFERENCES cases (id),
    contact_id INTEGER NOT NULL REFERENCES crisis_contacts (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    read_at TEXT NOT NULL,
    PRIMARY KEY (contact_id, user_id)
);
