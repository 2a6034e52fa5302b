-- Retention (docs/RETENTION.md): a case anonymised under a retention rule
-- keeps its row (team, municipality, status, dates: what counts and the
-- summary tables rest on) and says when and under which rule; legal holds
-- keep a case out of retention while a complaint or claim is pending.
-- From here on the summary tables are the record of results: no later
-- migration may rebuild them from the documents, which retention removes.

ALTER TABLE cases ADD COLUMN erased_on DATE;
ALTER TABLE cases ADD COLUMN erasure_rule TEXT;
CREATE INDEX cases_ended ON cases (status) WHERE erased_on IS NULL;

CREATE TABLE legal_holds (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    reason TEXT NOT NULL,
    placed_by BIGINT REFERENCES users (id),
    placed_at TIMESTAMPTZ NOT NULL,
    lifted_by BIGINT REFERENCES users (id),
    lifted_at TIMESTAMPTZ,
    lift_reason TEXT
);
CREATE UNIQUE INDEX legal_holds_active ON legal_holds (case_id) WHERE lifted_at IS NULL;

-- Information added to a referral stays append-only, except that retention
-- removes it with the rest of an anonymised case.
DROP TRIGGER referral_additions_no_update ON referral_additions;
CREATE TRIGGER referral_additions_no_update BEFORE UPDATE ON referral_additions
    FOR EACH ROW EXECUTE FUNCTION referral_additions_append_only();

CREATE FUNCTION referral_additions_delete_only_erased() RETURNS trigger AS $$
BEGIN
    IF (SELECT erased_on FROM cases WHERE id = OLD.case_id) IS NULL THEN
        RAISE EXCEPTION 'information added to a referral is append-only';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER referral_additions_no_delete BEFORE DELETE ON referral_additions
    FOR EACH ROW EXECUTE FUNCTION referral_additions_delete_only_erased();
