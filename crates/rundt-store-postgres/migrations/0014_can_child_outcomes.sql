-- MST-CAN's outcomes per child (issue 12): at discharge, whether each child
-- of the family lives at home (a care order avoided) and whether a care
-- order was made during treatment; at each follow-up, whether a care order
-- has been made since. Retention removes these rows with the rest of an
-- anonymised case.
--
-- can_results is the MST-CAN summary the dashboards read: one row per
-- discharged MST-CAN family (team, referring municipality, month of
-- discharge) with the family's facts for the indicators as JSON — dates
-- and per-child yes/no, no person's id — written in the discharge's
-- transaction and updated in each follow-up's. It stays when the case is
-- anonymised, as outcome_summary does.

CREATE TABLE can_child_outcomes (
    case_id BIGINT NOT NULL,
    child_id BIGINT NOT NULL,
    living_at_home BOOLEAN NOT NULL,
    care_order_during_treatment BOOLEAN NOT NULL,
    PRIMARY KEY (case_id, child_id),
    FOREIGN KEY (case_id, child_id) REFERENCES case_participants (case_id, person_id)
);

CREATE TABLE can_child_follow_ups (
    case_id BIGINT NOT NULL,
    months SMALLINT NOT NULL CHECK (months IN (6, 12, 18)),
    child_id BIGINT NOT NULL,
    care_order BOOLEAN NOT NULL,
    PRIMARY KEY (case_id, months, child_id),
    FOREIGN KEY (case_id, child_id) REFERENCES case_participants (case_id, person_id)
);

CREATE TABLE can_results (
    case_id BIGINT PRIMARY KEY REFERENCES cases (id),
    team_id BIGINT NOT NULL REFERENCES teams (id),
    municipality_code TEXT NOT NULL,
    month TEXT NOT NULL,
    facts TEXT NOT NULL
);
CREATE INDEX can_results_month ON can_results (month, team_id);
