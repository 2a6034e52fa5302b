-- MST-CAN's mapping of the family's world (issue 12): every version of the
-- ecological map (key persons outside the family, strengths and risks per
-- system), kept as it was saved, and the children's voice, one entry per
-- occasion a child was heard or not heard, never changed. Retention
-- removes both with the rest of an anonymised case.

CREATE TABLE mappings (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    version BIGINT NOT NULL CHECK (version >= 1),
    content TEXT NOT NULL,
    saved_by BIGINT REFERENCES users (id),
    saved_at TIMESTAMPTZ NOT NULL,
    UNIQUE (case_id, version)
);

CREATE FUNCTION mappings_kept() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' OR (SELECT erased_on FROM cases WHERE id = OLD.case_id) IS NULL THEN
        RAISE EXCEPTION 'a mapping version is kept as it was saved';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER mappings_no_update BEFORE UPDATE ON mappings
    FOR EACH ROW EXECUTE FUNCTION mappings_kept();
CREATE TRIGGER mappings_no_delete BEFORE DELETE ON mappings
    FOR EACH ROW EXECUTE FUNCTION mappings_kept();

CREATE TABLE child_voices (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL,
    child_id BIGINT NOT NULL,
    on_date DATE NOT NULL,
    heard BOOLEAN NOT NULL,
    content TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users (id),
    recorded_at TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (case_id, child_id) REFERENCES case_participants (case_id, person_id)
);
CREATE INDEX child_voices_case ON child_voices (case_id, on_date);

CREATE FUNCTION child_voices_kept() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' OR (SELECT erased_on FROM cases WHERE id = OLD.case_id) IS NULL THEN
        RAISE EXCEPTION 'what a child said is kept as it was recorded';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER child_voices_no_update BEFORE UPDATE ON child_voices
    FOR EACH ROW EXECUTE FUNCTION child_voices_kept();
CREATE TRIGGER child_voices_no_delete BEFORE DELETE ON child_voices
    FOR EACH ROW EXECUTE FUNCTION child_voices_kept();
