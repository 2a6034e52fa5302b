-- API tokens carry a scope and an expiry (issue 18). Tokens made before
-- this keep every right they had and end a year after they were made.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'full'
    CHECK (scope IN ('full', 'read_only', 'results_only'));
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT NOT NULL
    DEFAULT '9999-12-31T00:00:00.000000Z';
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+365 days');
