-- Feasibility studies (starting a team): every version of a study kept
-- whole as JSON, beside the columns lists need (title, programme model,
-- the municipalities each version names); the comments on a version and
-- the municipalities' approvals of one. The approval that completes a
-- study creates its team and links it here. Nothing is deleted. Every
-- write appends its audit event in the same transaction.

-- A study: its country, where it stands, the team its approval created
-- (exactly when approved) and its newest version (the guard of the next
-- save).
CREATE TABLE feasibility_studies (
    id INTEGER PRIMARY KEY,
    country TEXT NOT NULL CHECK (country IN ('DK', 'NO')),
    status TEXT NOT NULL CHECK (status IN ('draft', 'approved')),
    team_id INTEGER REFERENCES teams (id),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id),
    current_version INTEGER NOT NULL DEFAULT 1 CHECK (current_version >= 1),
    CHECK ((status = 'approved') = (team_id IS NOT NULL))
);
CREATE INDEX feasibility_studies_country ON feasibility_studies (country);
CREATE UNIQUE INDEX feasibility_studies_team ON feasibility_studies (team_id);

-- Every version of a study, kept; the document as JSON.
CREATE TABLE feasibility_study_versions (
    study_id INTEGER NOT NULL REFERENCES feasibility_studies (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    document TEXT NOT NULL,
    title TEXT NOT NULL,
    programme_model TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    saved_by INTEGER REFERENCES users (id),
    PRIMARY KEY (study_id, version)
);

-- The municipalities each version names, for listing by municipality.
CREATE TABLE feasibility_study_municipalities (
    study_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    municipality_code TEXT NOT NULL,
    PRIMARY KEY (study_id, version, municipality_code),
    FOREIGN KEY (study_id, version) REFERENCES feasibility_study_versions (study_id, version)
);
CREATE INDEX feasibility_study_municipalities_code
    ON feasibility_study_municipalities (municipality_code);

-- A comment on the version it was written on.
CREATE TABLE feasibility_study_comments (
    id INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    text TEXT NOT NULL,
    written_at TEXT NOT NULL,
    written_by INTEGER REFERENCES users (id),
    FOREIGN KEY (study_id, version) REFERENCES feasibility_study_versions (study_id, version)
);
CREATE INDEX feasibility_study_comments_study ON feasibility_study_comments (study_id, written_at);

-- A municipality's approval of one version, given once.
CREATE TABLE feasibility_study_approvals (
    study_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    municipality_code TEXT NOT NULL,
    approved_at TEXT NOT NULL,
    approved_by INTEGER REFERENCES users (id),
    UNIQUE (study_id, version, municipality_code),
    FOREIGN KEY (study_id, version) REFERENCES feasibility_study_versions (study_id, version)
);
