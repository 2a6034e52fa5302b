-- The day a team starts (or started) working with families, which the
-- national office gives when it creates the team. Teams created before
-- the date was asked for started the day they were created.

ALTER TABLE teams ADD COLUMN started_on DATE NOT NULL DEFAULT DATE '1970-01-01';
UPDATE teams SET started_on = (created_at AT TIME ZONE 'UTC')::date;
ALTER TABLE teams ALTER COLUMN started_on DROP DEFAULT;
