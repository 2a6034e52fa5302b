-- Results: adherence interviews (TAM-R structure), family-experience
-- surveys, and the summary tables the dashboards read. The summaries are
-- kept current by the transactions that record discharges, follow-ups,
-- surveys and interviews; this migration fills them from what exists.

CREATE TABLE adherence_interviews (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    interviewed_on DATE NOT NULL,
    interviewer_id BIGINT NOT NULL REFERENCES users (id),
    therapist_id BIGINT NOT NULL REFERENCES users (id),
    answers TEXT NOT NULL,
    score DOUBLE PRECISION,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX adherence_interviews_case ON adherence_interviews (case_id, interviewed_on);

CREATE TABLE family_experience (
    case_id BIGINT PRIMARY KEY REFERENCES cases (id),
    answered_on DATE NOT NULL,
    answers TEXT NOT NULL,
    score BIGINT NOT NULL CHECK (score BETWEEN 0 AND 100),
    recommends BOOLEAN NOT NULL,
    comment TEXT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE outcome_summary (
    team_id BIGINT NOT NULL REFERENCES teams (id),
    municipality_code TEXT NOT NULL,
    month TEXT NOT NULL CHECK (length(month) = 7),
    discharges BIGINT NOT NULL DEFAULT 0,
    completed BIGINT NOT NULL DEFAULT 0,
    lack_of_engagement BIGINT NOT NULL DEFAULT 0,
    placed BIGINT NOT NULL DEFAULT 0,
    moved BIGINT NOT NULL DEFAULT 0,
    other_reason BIGINT NOT NULL DEFAULT 0,
    treatment_days BIGINT NOT NULL DEFAULT 0,
    living_at_home BIGINT NOT NULL DEFAULT 0,
    in_school_or_working BIGINT NOT NULL DEFAULT 0,
    no_new_arrests BIGINT NOT NULL DEFAULT 0,
    completers_living_at_home BIGINT NOT NULL DEFAULT 0,
    completers_in_school_or_working BIGINT NOT NULL DEFAULT 0,
    completers_no_new_arrests BIGINT NOT NULL DEFAULT 0,
    fu6_done BIGINT NOT NULL DEFAULT 0,
    fu6_living_at_home BIGINT NOT NULL DEFAULT 0,
    fu6_in_school_or_working BIGINT NOT NULL DEFAULT 0,
    fu6_no_new_arrests BIGINT NOT NULL DEFAULT 0,
    fu12_done BIGINT NOT NULL DEFAULT 0,
    fu12_living_at_home BIGINT NOT NULL DEFAULT 0,
    fu12_in_school_or_working BIGINT NOT NULL DEFAULT 0,
    fu12_no_new_arrests BIGINT NOT NULL DEFAULT 0,
    fu18_done BIGINT NOT NULL DEFAULT 0,
    fu18_living_at_home BIGINT NOT NULL DEFAULT 0,
    fu18_in_school_or_working BIGINT NOT NULL DEFAULT 0,
    fu18_no_new_arrests BIGINT NOT NULL DEFAULT 0,
    experience_surveys BIGINT NOT NULL DEFAULT 0,
    experience_score_sum BIGINT NOT NULL DEFAULT 0,
    experience_recommend BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, municipality_code, month)
);
CREATE INDEX outcome_summary_month ON outcome_summary (month);
CREATE INDEX outcome_summary_municipality ON outcome_summary (municipality_code, month);

CREATE TABLE adherence_summary (
    team_id BIGINT NOT NULL REFERENCES teams (id),
    therapist_id BIGINT NOT NULL REFERENCES users (id),
    municipality_code TEXT NOT NULL,
    month TEXT NOT NULL CHECK (length(month) = 7),
    interviews BIGINT NOT NULL DEFAULT 0,
    scored BIGINT NOT NULL DEFAULT 0,
    adherent BIGINT NOT NULL DEFAULT 0,
    score_milli_sum BIGINT NOT NULL DEFAULT 0,
    families BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, therapist_id, municipality_code, month)
);
CREATE INDEX adherence_summary_month ON adherence_summary (month);

-- Supervisor adherence (SAM structure): therapists rate their supervisor.
CREATE TABLE supervisor_ratings (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    supervisor_id BIGINT NOT NULL REFERENCES users (id),
    therapist_id BIGINT NOT NULL REFERENCES users (id),
    rated_on DATE NOT NULL,
    answers TEXT NOT NULL,
    score DOUBLE PRECISION,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX supervisor_ratings_therapist ON supervisor_ratings (therapist_id, team_id, rated_on);

CREATE TABLE supervision_summary (
    team_id BIGINT NOT NULL REFERENCES teams (id),
    supervisor_id BIGINT NOT NULL REFERENCES users (id),
    month TEXT NOT NULL CHECK (length(month) = 7),
    ratings BIGINT NOT NULL DEFAULT 0,
    scored BIGINT NOT NULL DEFAULT 0,
    adherent BIGINT NOT NULL DEFAULT 0,
    score_milli_sum BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, supervisor_id, month)
);
CREATE INDEX supervision_summary_month ON supervision_summary (month);

INSERT INTO outcome_summary (team_id, municipality_code, month, discharges, completed, lack_of_engagement, placed, moved, other_reason, treatment_days, living_at_home, in_school_or_working, no_new_arrests, completers_living_at_home, completers_in_school_or_working, completers_no_new_arrests)
SELECT c.team_id, c.referring_municipality, to_char(d.discharged_on, 'YYYY-MM'),
    count(*),
    sum((d.reason = 'completed')::int),
    sum((d.reason = 'lack_of_engagement')::int),
    sum((d.reason = 'placed')::int),
    sum((d.reason = 'moved')::int),
    sum((d.reason = 'other')::int),
    sum(d.treatment_days),
    sum((d.living_at_home = true)::int),
    sum((d.in_school_or_working = true)::int),
    sum((d.no_new_arrests = true)::int),
    sum((d.reason = 'completed' AND d.living_at_home = true)::int),
    sum((d.reason = 'completed' AND d.in_school_or_working = true)::int),
    sum((d.reason = 'completed' AND d.no_new_arrests = true)::int)
FROM discharges d JOIN cases c ON c.id = d.case_id
GROUP BY c.team_id, c.referring_municipality, to_char(d.discharged_on, 'YYYY-MM');

UPDATE outcome_summary SET
    fu6_done = x.done, fu6_living_at_home = x.home,
    fu6_in_school_or_working = x.school, fu6_no_new_arrests = x.arrests
FROM (
    SELECT c.team_id AS team_id, c.referring_municipality AS municipality_code,
        to_char(d.discharged_on, 'YYYY-MM') AS month, count(*) AS done,
        sum((f.living_at_home = true)::int) AS home,
        sum((f.in_school_or_working = true)::int) AS school,
        sum((f.no_new_arrests = true)::int) AS arrests
    FROM follow_ups f JOIN discharges d ON d.case_id = f.case_id JOIN cases c ON c.id = f.case_id
    WHERE f.months = 6
    GROUP BY c.team_id, c.referring_municipality, to_char(d.discharged_on, 'YYYY-MM')
) AS x
WHERE outcome_summary.team_id = x.team_id AND outcome_summary.municipality_code = x.municipality_code
    AND outcome_summary.month = x.month;

UPDATE outcome_summary SET
    fu12_done = x.done, fu12_living_at_home = x.home,
    fu12_in_school_or_working = x.school, fu12_no_new_arrests = x.arrests
FROM (
    SELECT c.team_id AS team_id, c.referring_municipality AS municipality_code,
        to_char(d.discharged_on, 'YYYY-MM') AS month, count(*) AS done,
        sum((f.living_at_home = true)::int) AS home,
        sum((f.in_school_or_working = true)::int) AS school,
        sum((f.no_new_arrests = true)::int) AS arrests
    FROM follow_ups f JOIN discharges d ON d.case_id = f.case_id JOIN cases c ON c.id = f.case_id
    WHERE f.months = 12
    GROUP BY c.team_id, c.referring_municipality, to_char(d.discharged_on, 'YYYY-MM')
) AS x
WHERE outcome_summary.team_id = x.team_id AND outcome_summary.municipality_code = x.municipality_code
    AND outcome_summary.month = x.month;

UPDATE outcome_summary SET
    fu18_done = x.done, fu18_living_at_home = x.home,
    fu18_in_school_or_working = x.school, fu18_no_new_arrests = x.arrests
FROM (
    SELECT c.team_id AS team_id, c.referring_municipality AS municipality_code,
        to_char(d.discharged_on, 'YYYY-MM') AS month, count(*) AS done,
        sum((f.living_at_home = true)::int) AS home,
        sum((f.in_school_or_working = true)::int) AS school,
        sum((f.no_new_arrests = true)::int) AS arrests
    FROM follow_ups f JOIN discharges d ON d.case_id = f.case_id JOIN cases c ON c.id = f.case_id
    WHERE f.months = 18
    GROUP BY c.team_id, c.referring_municipality, to_char(d.discharged_on, 'YYYY-MM')
) AS x
WHERE outcome_summary.team_id = x.team_id AND outcome_summary.municipality_code = x.municipality_code
    AND outcome_summary.month = x.month;
