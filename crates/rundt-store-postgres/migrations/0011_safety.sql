-- MST-CAN's safety records (issue 12): every version of a family's safety
-- plan, kept as it was saved, and the incidents of violence or neglect
-- with their notification to child welfare (flagged while none is
-- recorded). Retention removes both with the rest of an anonymised case.

CREATE TABLE safety_plans (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    version BIGINT NOT NULL CHECK (version >= 1),
    content TEXT NOT NULL,
    saved_by BIGINT REFERENCES users (id),
    saved_at TIMESTAMPTZ NOT NULL,
    UNIQUE (case_id, version)
);

CREATE FUNCTION safety_plans_kept() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' OR (SELECT erased_on FROM cases WHERE id = OLD.case_id) IS NULL THEN
        RAISE EXCEPTION 'a safety plan version is kept as it was saved';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER safety_plans_no_update BEFORE UPDATE ON safety_plans
    FOR EACH ROW EXECUTE FUNCTION safety_plans_kept();
CREATE TRIGGER safety_plans_no_delete BEFORE DELETE ON safety_plans
    FOR EACH ROW EXECUTE FUNCTION safety_plans_kept();

CREATE TABLE incidents (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    at TIMESTAMPTZ NOT NULL,
    content TEXT NOT NULL,
    flagged BOOLEAN NOT NULL,
    recorded_by BIGINT REFERENCES users (id),
    recorded_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX incidents_case ON incidents (case_id, at);
CREATE INDEX incidents_flagged ON incidents (case_id) WHERE flagged;
