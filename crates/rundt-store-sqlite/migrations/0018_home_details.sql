-- Where the family lives and how to reach them (issue 13): the address,
-- the household's phone numbers and how to get in, for the team's person
-- on call. Every version kept as it was saved, like the family's other
-- documents.

CREATE TABLE home_details (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    content TEXT NOT NULL,
    saved_by INTEGER REFERENCES users (id),
    saved_at TEXT NOT NULL,
    UNIQUE (case_id, version)
);

CREATE TRIGGER home_details_no_update BEFORE UPDATE ON home_details
BEGIN
    SELECT RAISE(ABORT, 'a version of the home details is kept as it was saved');
END;

CREATE TRIGGER home_details_no_delete BEFORE DELETE ON home_details
WHEN (SELECT erased_on FROM cases WHERE id = OLD.case_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'a version of the home details is kept as it was saved');
END;
