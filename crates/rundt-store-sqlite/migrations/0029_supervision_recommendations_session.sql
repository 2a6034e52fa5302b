-- A team's supervision history reads the recommendations of its last
-- meetings by meeting: without this index each read searched the whole
-- table, which keeps every recommendation ever given.
CREATE INDEX supervision_recommendations_session ON supervision_recommendations (session_id);
