-- The hand-off of a referral from the municipality to the team: the team's
-- acknowledgement (who and when, recorded once) and the information the
-- referring caseworker adds before the team decides. Nothing of it is ever
-- changed or removed.

ALTER TABLE cases ADD COLUMN acknowledged_at TIMESTAMPTZ;
ALTER TABLE cases ADD COLUMN acknowledged_by BIGINT REFERENCES users (id);

-- A referral the team decided on before acknowledgements existed was
-- acknowledged by that decision: by whom and when the history says.
UPDATE cases SET
    acknowledged_at = (SELECT h.at FROM case_status_history h
        WHERE h.case_id = cases.id AND h.from_status = 'referred' ORDER BY h.id LIMIT 1),
    acknowledged_by = (SELECT h.by_user_id FROM case_status_history h
        WHERE h.case_id = cases.id AND h.from_status = 'referred' ORDER BY h.id LIMIT 1)
WHERE status <> 'referred';

CREATE TABLE referral_additions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    added_at TIMESTAMPTZ NOT NULL,
    added_by BIGINT REFERENCES users (id),
    text TEXT NOT NULL
);
CREATE INDEX referral_additions_case ON referral_additions (case_id);

CREATE FUNCTION referral_additions_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'information added to a referral is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER referral_additions_no_update BEFORE UPDATE OR DELETE ON referral_additions
    FOR EACH ROW EXECUTE FUNCTION referral_additions_append_only();
CREATE TRIGGER referral_additions_no_truncate BEFORE TRUNCATE ON referral_additions
    FOR EACH STATEMENT EXECUTE FUNCTION referral_additions_append_only();
