-- The day a team starts (or started) working with families, which the
-- national office gives when it creates the team. Teams created before
-- the date was asked for started the day they were created.

ALTER TABLE teams ADD COLUMN started_on TEXT NOT NULL DEFAULT '1970-01-01';
UPDATE teams SET started_on = substr(created_at, 1, 10);
