-- Retention (docs/RETENTION.md): a case anonymised under a retention rule
-- keeps its row (team, municipality, status, dates: what counts and the
-- summary tables rest on) and says when and under which rule; legal holds
-- keep a case out of retention while a complaint or claim is pending.
-- From here on the summary tables are the record of results: no later
-- migration may rebuild them from the documents, which retention removes.

ALTER TABLE cases ADD COLUMN erased_on TEXT;
ALTER TABLE cases ADD COLUMN erasure_rule TEXT;
CREATE INDEX cases_ended ON cases (status) WHERE erased_on IS NULL;

CREATE TABLE legal_holds (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    reason TEXT NOT NULL,
    placed_by INTEGER REFERENCES users (id),
    placed_at TEXT NOT NULL,
    lifted_by INTEGER REFERENCES users (id),
    lifted_at TEXT,
    lift_reason TEXT
);
CREATE UNIQUE INDEX legal_holds_active ON legal_holds (case_id) WHERE lifted_at IS NULL;

-- Information added to a referral stays append-only, except that retention
-- removes it with the rest of an anonymised case.
DROP TRIGGER referral_additions_no_delete;
CREATE TRIGGER referral_additions_no_delete BEFORE DELETE ON referral_additions
WHEN (SELECT erased_on FROM cases WHERE id = OLD.case_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'information added to a referral is append-only');
END;
