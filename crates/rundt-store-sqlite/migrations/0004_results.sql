-- Results: adherence interviews (TAM-R structure), family-experience
-- surveys, and the summary tables the dashboards read. The summaries are
-- kept current by the transactions that record discharges, follow-ups,
-- surveys and interviews; this migration fills them from what exists.

CREATE TABLE adherence_interviews (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    interviewed_on TEXT NOT NULL,
    interviewer_id INTEGER NOT NULL REFERENCES users (id),
    therapist_id INTEGER NOT NULL REFERENCES users (id),
    answers TEXT NOT NULL,
    score REAL,
    created_at TEXT NOT NULL
);
CREATE INDEX adherence_interviews_case ON adherence_interviews (case_id, interviewed_on);

CREATE TABLE family_experience (
    case_id INTEGER PRIMARY KEY REFERENCES cases (id),
    answered_on TEXT NOT NULL,
    answers TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    recommends INTEGER NOT NULL CHECK (recommends IN (0, 1)),
    comment TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
);

CREATE TABLE outcome_summary (
    team_id INTEGER NOT NULL REFERENCES teams (id),
    municipality_code TEXT NOT NULL,
    month TEXT NOT NULL CHECK (length(month) = 7),
    discharges INTEGER NOT NULL DEFAULT 0,
    completed INTEGER NOT NULL DEFAULT 0,
    lack_of_engagement INTEGER NOT NULL DEFAULT 0,
    placed INTEGER NOT NULL DEFAULT 0,
    moved INTEGER NOT NULL DEFAULT 0,
    other_reason INTEGER NOT NULL DEFAULT 0,
    treatment_days INTEGER NOT NULL DEFAULT 0,
    living_at_home INTEGER NOT NULL DEFAULT 0,
    in_school_or_working INTEGER NOT NULL DEFAULT 0,
    no_new_arrests INTEGER NOT NULL DEFAULT 0,
    completers_living_at_home INTEGER NOT NULL DEFAULT 0,
    completers_in_school_or_working INTEGER NOT NULL DEFAULT 0,
    completers_no_new_arrests INTEGER NOT NULL DEFAULT 0,
    fu6_done INTEGER NOT NULL DEFAULT 0,
    fu6_living_at_home INTEGER NOT NULL DEFAULT 0,
    fu6_in_school_or_working INTEGER NOT NULL DEFAULT 0,
    fu6_no_new_arrests INTEGER NOT NULL DEFAULT 0,
    fu12_done INTEGER NOT NULL DEFAULT 0,
    fu12_living_at_home INTEGER NOT NULL DEFAULT 0,
    fu12_in_school_or_working INTEGER NOT NULL DEFAULT 0,
    fu12_no_new_arrests INTEGER NOT NULL DEFAULT 0,
    fu18_done INTEGER NOT NULL DEFAULT 0,
    fu18_living_at_home INTEGER NOT NULL DEFAULT 0,
    fu18_in_school_or_working INTEGER NOT NULL DEFAULT 0,
    fu18_no_new_arrests INTEGER NOT NULL DEFAULT 0,
    experience_surveys INTEGER NOT NULL DEFAULT 0,
    experience_score_sum INTEGER NOT NULL DEFAULT 0,
    experience_recommend INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, municipality_code, month)
);
CREATE INDEX outcome_summary_month ON outcome_summary (month);
CREATE INDEX outcome_summary_municipality ON outcome_summary (municipality_code, month);

CREATE TABLE adherence_summary (
    team_id INTEGER NOT NULL REFERENCES teams (id),
    therapist_id INTEGER NOT NULL REFERENCES users (id),
    municipality_code TEXT NOT NULL,
    month TEXT NOT NULL CHECK (length(month) = 7),
    interviews INTEGER NOT NULL DEFAULT 0,
    scored INTEGER NOT NULL DEFAULT 0,
    adherent INTEGER NOT NULL DEFAULT 0,
    score_milli_sum INTEGER NOT NULL DEFAULT 0,
    families INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, therapist_id, municipality_code, month)
);
CREATE INDEX adherence_summary_month ON adherence_summary (month);

-- Supervisor adherence (SAM structure): therapists rate their supervisor.
CREATE TABLE supervisor_ratings (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams (id),
    supervisor_id INTEGER NOT NULL REFERENCES users (id),
    therapist_id INTEGER NOT NULL REFERENCES users (id),
    rated_on TEXT NOT NULL,
    answers TEXT NOT NULL,
    score REAL,
    created_at TEXT NOT NULL
);
CREATE INDEX supervisor_ratings_therapist ON supervisor_ratings (therapist_id, team_id, rated_on);

CREATE TABLE supervision_summary (
    team_id INTEGER NOT NULL REFERENCES teams (id),
    supervisor_id INTEGER NOT NULL REFERENCES users (id),
    month TEXT NOT NULL CHECK (length(month) = 7),
    ratings INTEGER NOT NULL DEFAULT 0,
    scored INTEGER NOT NULL DEFAULT 0,
    adherent INTEGER NOT NULL DEFAULT 0,
    score_milli_sum INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, supervisor_id, month)
);
CREATE INDEX supervision_summary_month ON supervision_summary (month);

INSERT INTO outcome_summary (team_id, municipality_code, month, discharges, completed, lack_of_engagement, placed, moved, other_reason, treatment_days, living_at_home, in_school_or_working, no_new_arrests, completers_living_at_home, completers_in_school_or_working, completers_no_new_arrests)
SELECT c.team_id, c.referring_municipality, substr(d.discharged_on, 1, 7),
    count(*),
    sum((d.reason = 'completed')),
    sum((d.reason = 'lack_of_engagement')),
    sum((d.reason = 'placed')),
    sum((d.reason = 'moved')),
    sum((d.reason = 'other')),
    sum(d.treatment_days),
    sum((d.living_at_home = 1)),
    sum((d.in_school_or_working = 1)),
    sum((d.no_new_arrests = 1)),
    sum((d.reason = 'completed' AND d.living_at_home = 1)),
    sum((d.reason = 'completed' AND d.in_school_or_working = 1)),
    sum((d.reason = 'completed' AND d.no_new_arrests = 1))
FROM discharges d JOIN cases c ON c.id = d.case_id
GROUP BY c.team_id, c.referring_municipality, substr(d.discharged_on, 1, 7);

UPDATE outcome_summary SET
    fu6_done = x.done, fu6_living_at_home = x.home,
    fu6_in_school_or_working = x.school, fu6_no_new_arrests = x.arrests
FROM (
    SELECT c.team_id AS team_id, c.referring_municipality AS municipality_code,
        substr(d.discharged_on, 1, 7) AS month, count(*) AS done,
        sum((f.living_at_home = 1)) AS home,
        sum((f.in_school_or_working = 1)) AS school,
        sum((f.no_new_arrests = 1)) AS arrests
    FROM follow_ups f JOIN discharges d ON d.case_id = f.case_id JOIN cases c ON c.id = f.case_id
    WHERE f.months = 6
    GROUP BY c.team_id, c.referring_municipality, substr(d.discharged_on, 1, 7)
) AS x
WHERE outcome_summary.team_id = x.team_id AND outcome_summary.municipality_code = x.municipality_code
    AND outcome_summary.month = x.month;

UPDATE outcome_summary SET
    fu12_done = x.done, fu12_living_at_home = x.home,
    fu12_in_school_or_working = x.school, fu12_no_new_arrests = x.arrests
FROM (
    SELECT c.team_id AS team_id, c.referring_municipality AS municipality_code,
        substr(d.discharged_on, 1, 7) AS month, count(*) AS done,
        sum((f.living_at_home = 1)) AS home,
        sum((f.in_school_or_working = 1)) AS school,
        sum((f.no_new_arrests = 1)) AS arrests
    FROM follow_ups f JOIN discharges d ON d.case_id = f.case_id JOIN cases c ON c.id = f.case_id
    WHERE f.months = 12
    GROUP BY c.team_id, c.referring_municipality, substr(d.discharged_on, 1, 7)
) AS x
WHERE outcome_summary.team_id = x.team_id AND outcome_summary.municipality_code = x.municipality_code
    AND outcome_summary.month = x.month;

UPDATE outcome_summary SET
    fu18_done = x.done, fu18_living_at_home = x.home,
    fu18_in_school_or_working = x.school, fu18_no_new_arrests = x.arrests
FROM (
    SELECT c.team_id AS team_id, c.referring_municipality AS municipality_code,
        substr(d.discharged_on, 1, 7) AS month, count(*) AS done,
        sum((f.living_at_home = 1)) AS home,
        sum((f.in_school_or_working = 1)) AS school,
        sum((f.no_new_arrests = 1)) AS arrests
    FROM follow_ups f JOIN discharges d ON d.case_id = f.case_id JOIN cases c ON c.id = f.case_id
    WHERE f.months = 18
    GROUP BY c.team_id, c.referring_municipality, substr(d.discharged_on, 1, 7)
) AS x
WHERE outcome_summary.team_id = x.team_id AND outcome_summary.municipality_code = x.municipality_code
    AND outcome_summary.month = x.month;
