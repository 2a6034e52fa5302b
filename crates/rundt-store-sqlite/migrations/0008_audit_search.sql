-- The auditor lists the audit log newest first, narrowed by who did it,
-- what was done, to which record, and when: one index per way of narrowing,
-- each ending in seq so the newest matching events are read first.
-- (Events about a person use audit_events_person.)

CREATE INDEX audit_events_actor ON audit_events (actor_user_id, seq);
CREATE INDEX audit_events_action ON audit_events (action, seq);
CREATE INDEX audit_events_object ON audit_events (object_kind, object_id, seq);
CREATE INDEX audit_events_at ON audit_events (at);
