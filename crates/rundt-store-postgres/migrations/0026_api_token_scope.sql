-- API tokens carry a scope and an expiry (issue 18). Tokens made before
-- this keep every right they had and end a year after they were made.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'full'
    CHECK (scope IN ('full', 'read_only', 'results_only'));
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMPTZ;
UPDATE api_tokens SET expires_at = created_at + INTERVAL '365 days';
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;
