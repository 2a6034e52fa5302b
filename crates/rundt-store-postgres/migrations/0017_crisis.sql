-- An MST family's crisis plan and crisis contact log (issue 13): every
-- version of the crisis plan, kept as it was saved; every call or visit
-- outside office hours; and who of the staff has read each contact, so
-- the family's own therapist sees the night's contacts as unread.
-- Retention removes all three with the rest of an anonymised case.

CREATE TABLE crisis_plans (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    version BIGINT NOT NULL CHECK (version >= 1),
    content TEXT NOT NULL,
    saved_by BIGINT REFERENCES users (id),
    saved_at TIMESTAMPTZ NOT NULL,
    UNIQUE (case_id, version)
);

CREATE FUNCTION crisis_plans_kept() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' OR (SELECT erased_on FROM cases WHERE id = OLD.case_id) IS NULL THEN
        RAISE EXCEPTION 'a crisis plan version is kept as it was saved';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER crisis_plans_no_update BEFORE UPDATE ON crisis_plans
    FOR EACH ROW EXECUTE FUNCTION crisis_plans_kept();
CREATE TRIGGER crisis_plans_no_delete BEFORE DELETE ON crisis_plans
    FOR EACH ROW EXECUTE FUNCTION crisis_plans_kept();

CREATE TABLE crisis_contacts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    at TIMESTAMPTZ NOT NULL,
    content TEXT NOT NULL,
    logged_by BIGINT REFERENCES users (id),
    logged_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX crisis_contacts_case ON crisis_contacts (case_id, at);

CREATE TABLE crisis_contact_reads (
    case_id BIGINT NOT NULL REFERENCES cases (id),
    contact_id BIGINT NOT NULL REFERENCES crisis_contacts (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    read_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (contact_id, user_id)
);
