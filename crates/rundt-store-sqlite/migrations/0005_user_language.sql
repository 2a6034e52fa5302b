-- The language a person chose for their pages (da, nb or en); none until
-- they choose, and then the browser's language decides.

ALTER TABLE users ADD COLUMN language TEXT CHECK (language IN ('da', 'nb', 'en'));
