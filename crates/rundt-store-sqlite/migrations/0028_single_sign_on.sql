-- Single sign-on with OpenID Connect (issue 18).
--
-- A person's identity at an identity provider: the issuer and the stable
-- subject there, linked by an administrator (never matched by e-mail).
CREATE TABLE user_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    -- The provider's id in the installation's configuration.
    provider TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id),
    linked_at TEXT NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX user_identities_user ON user_identities (user_id);

-- Logins sent to a provider and not yet back: the hash of the state that
-- names one and of the cookie that ties it to its browser; the nonce, the
-- PKCE verifier and the page to go on to, sealed with the installation's
-- key. Taken once (used_at); forgotten after a day.
CREATE TABLE oidc_logins (
    state_hash TEXT PRIMARY KEY,
    browser_hash TEXT NOT NULL,
    provider TEXT NOT NULL,
    sealed TEXT NOT NULL,
    created_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX oidc_logins_created ON oidc_logins (created_at);
