-- Where the family lives and how to reach them (issue 13): the address,
-- the household's phone numbers and how to get in, for the team's person
-- on call. Every version kept as it was saved, like the family's other
-- documents.

CREATE TABLE home_details (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    version BIGINT NOT NULL CHECK (version >= 1),
    content TEXT NOT NULL,
    saved_by BIGINT REFERENCES users (id),
    saved_at TIMESTAMPTZ NOT NULL,
    UNIQUE (case_id, version)
);

CREATE FUNCTION home_details_kept() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' OR (SELECT erased_on FROM cases WHERE id = OLD.case_id) IS NULL THEN
        RAISE EXCEPTION 'a version of the home details is kept as it was saved';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER home_details_no_update BEFORE UPDATE ON home_details
    FOR EACH ROW EXECUTE FUNCTION home_details_kept();
CREATE TRIGGER home_details_no_delete BEFORE DELETE ON home_details
    FOR EACH ROW EXECUTE FUNCTION home_details_kept();
