-- The access log of one person and the auditor's list narrowed to a person
-- read that person's events in sequence order, newest first, a page at a
-- time. With seq in the index both backends read them in order from the
-- index alone, without sorting the person's events (PostgreSQL's index on
-- person_id alone had to sort; SQLite's held seq implicitly as the rowid,
-- so there the rebuilt index is the same one, named the same on both).

DROP INDEX audit_events_person;
CREATE INDEX audit_events_person ON audit_events (person_id, seq) WHERE person_id IS NOT NULL;
