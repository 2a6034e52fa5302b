-- Dashboards at national scale (issue 17): a coarser adherence roll-up kept
-- on write, and indexes that make the month range an index bound.
--
-- adherence_rollup is adherence_summary added up over therapists: one row
-- per team, municipality and month. National and municipality dashboards
-- never show therapists, so they read this (about a third of the rows).
-- The interview transaction adds to both tables (SummaryDelta::rollups);
-- this migration fills the roll-up from the rows that exist. Its key leads
-- with (team_id, month), so a team's months are one range of the key.
CREATE TABLE adherence_rollup (
    team_id BIGINT NOT NULL REFERENCES teams (id),
    month TEXT NOT NULL CHECK (length(month) = 7),
    municipality_code TEXT NOT NULL,
    interviews BIGINT NOT NULL DEFAULT 0,
    scored BIGINT NOT NULL DEFAULT 0,
    adherent BIGINT NOT NULL DEFAULT 0,
    score_milli_sum BIGINT NOT NULL DEFAULT 0,
    families BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, month, municipality_code)
);
CREATE INDEX adherence_rollup_municipality ON adherence_rollup (municipality_code, month);

INSERT INTO adherence_rollup (team_id, month, municipality_code, interviews, scored, adherent, score_milli_sum, families)
SELECT team_id, month, municipality_code,
    sum(interviews), sum(scored), sum(adherent), sum(score_milli_sum), sum(families)
FROM adherence_summary
GROUP BY team_id, month, municipality_code;

-- The summaries' keys lead with the team but put the month last (after the
-- municipality or the person), so a team's month range was filtered row by
-- row; these make it part of the search.
CREATE INDEX outcome_summary_team_month ON outcome_summary (team_id, month);
CREATE INDEX adherence_summary_team_month ON adherence_summary (team_id, month);
CREATE INDEX supervision_summary_team_month ON supervision_summary (team_id, month);

-- The dashboards' "now" counts (families by status) of a country, a team or
-- a referring municipality, read from these indexes alone instead of
-- every case of every country.
CREATE INDEX cases_country_team_status ON cases (country, team_id, status);
CREATE INDEX cases_country_municipality_status ON cases (country, referring_municipality, status);
