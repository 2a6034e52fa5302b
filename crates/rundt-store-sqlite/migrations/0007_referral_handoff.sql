-- The hand-off of a referral from the municipality to the team: the team's
-- acknowledgement (who and when, recorded once) and the information the
-- referring caseworker adds before the team decides. Nothing of it is ever
-- changed or removed.

ALTER TABLE cases ADD COLUMN acknowledged_at TEXT;
ALTER TABLE cases ADD COLUMN acknowledged_by INTEGER REFERENCES users (id);

-- A referral the team decided on before acknowledgements existed was
-- acknowledged by that decision: by whom and when the history says.
UPDATE cases SET
    acknowledged_at = (SELECT h.at FROM case_status_history h
        WHERE h.case_id = cases.id AND h.from_status = 'referred' ORDER BY h.id LIMIT 1),
    acknowledged_by = (SELECT h.by_user_id FROM case_status_history h
        WHERE h.case_id = cases.id AND h.from_status = 'referred' ORDER BY h.id LIMIT 1)
WHERE status <> 'referred';

CREATE TABLE referral_additions (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    added_at TEXT NOT NULL,
    added_by INTEGER REFERENCES users (id),
    text TEXT NOT NULL
);
CREATE INDEX referral_additions_case ON referral_additions (case_id);

CREATE TRIGGER referral_additions_no_update BEFORE UPDATE ON referral_additions
BEGIN
    SELECT RAISE(ABORT, 'information added to a referral is append-only');
END;

CREATE TRIGGER referral_additions_no_delete BEFORE DELETE ON referral_additions
BEGIN
    SELECT RAISE(ABORT, 'information added to a referral is append-only');
END;
