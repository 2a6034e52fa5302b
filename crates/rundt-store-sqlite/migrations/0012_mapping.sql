-- MST-CAN's mapping of the family's world (issue 12): every version of the
-- ecological map (key persons outside the family, strengths and risks per
-- system), kept as it was saved, and the children's voice, one entry per
-- occasion a child was heard or not heard, never changed. Retention
-- removes both with the rest of an anonymised case.

CREATE TABLE mappings (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    content TEXT NOT NULL,
    saved_by INTEGER REFERENCES users (id),
    saved_at TEXT NOT NULL,
    UNIQUE (case_id, version)
);

CREATE TRIGGER mappings_no_update BEFORE UPDATE ON mappings
BEGIN
    SELECT RAISE(ABORT, 'a mapping version is kept as it was saved');
END;

CREATE TRIGGER mappings_no_delete BEFORE DELETE ON mappings
WHEN (SELECT erased_on FROM cases WHERE id = OLD.case_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'a mapping version is kept as it was saved');
END;

CREATE TABLE child_voices (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL,
    child_id INTEGER NOT NULL,
    on_date TEXT NOT NULL,
    heard INTEGER NOT NULL CHECK (heard IN (0, 1)),
    content TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users (id),
    recorded_at TEXT NOT NULL,
    FOREIGN KEY (case_id, child_id) REFERENCES case_participants (case_id, person_id)
);
CREATE INDEX child_voices_case ON child_voices (case_id, on_date);

CREATE TRIGGER child_voices_no_update BEFORE UPDATE ON child_voices
BEGIN
    SELECT RAISE(ABORT, 'what a child said is kept as it was recorded');
END;

CREATE TRIGGER child_voices_no_delete BEFORE DELETE ON child_voices
WHEN (SELECT erased_on FROM cases WHERE id = OLD.case_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'what a child said is kept as it was recorded');
END;
