-- The on-call rota (issue 13): per team its on-call settings (the phone
-- number families call, the limits, the pattern), the shifts as UTC
-- instants, the staff's leave, each publication of the rota with the
-- written reason when it had gaps, and swaps between two people of the
-- team. Staff schedules and leave are personal data: every write appends
-- its audit event in the same transaction.

CREATE TABLE oncall_settings (
    team_id BIGINT PRIMARY KEY REFERENCES teams (id),
    phone TEXT,
    max_hours_in_row BIGINT CHECK (max_hours_in_row BETWEEN 1 AND 168),
    max_shifts_per_week BIGINT CHECK (max_shifts_per_week BETWEEN 1 AND 14),
    -- NULL: weekday nights are one shift 16:00-08:00; else the hour the
    -- evening shift hands over to the night shift.
    weekday_split_hour BIGINT CHECK (weekday_split_hour BETWEEN 17 AND 23),
    off_days TEXT NOT NULL DEFAULT 'daily' CHECK (off_days IN ('daily', 'whole')),
    changed_by BIGINT REFERENCES users (id),
    changed_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE oncall_shifts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    person_id BIGINT NOT NULL REFERENCES users (id),
    starts_at TIMESTAMPTZ NOT NULL,
    ends_at TIMESTAMPTZ NOT NULL,
    written_by BIGINT REFERENCES users (id),
    written_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    CHECK (ends_at > starts_at)
);
CREATE INDEX oncall_shifts_team ON oncall_shifts (team_id, starts_at);
CREATE INDEX oncall_shifts_person ON oncall_shifts (person_id, starts_at);

CREATE TABLE oncall_leave (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    person_id BIGINT NOT NULL REFERENCES users (id),
    first_day DATE NOT NULL,
    last_day DATE NOT NULL,
    written_by BIGINT REFERENCES users (id),
    written_at TIMESTAMPTZ NOT NULL,
    CHECK (last_day >= first_day)
);
CREATE INDEX oncall_leave_team ON oncall_leave (team_id, first_day);

CREATE TABLE oncall_publications (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    window_from TIMESTAMPTZ NOT NULL,
    window_until TIMESTAMPTZ NOT NULL,
    gaps BIGINT NOT NULL CHECK (gaps >= 0),
    reason TEXT,
    published_by BIGINT REFERENCES users (id),
    published_at TIMESTAMPTZ NOT NULL,
    CHECK (gaps = 0 OR reason IS NOT NULL)
);
CREATE INDEX oncall_publications_team ON oncall_publications (team_id, published_at);

CREATE TABLE oncall_swaps (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    shift_id BIGINT NOT NULL REFERENCES oncall_shifts (id) ON DELETE CASCADE,
    from_person BIGINT NOT NULL REFERENCES users (id),
    to_person BIGINT NOT NULL REFERENCES users (id),
    return_shift_id BIGINT REFERENCES oncall_shifts (id) ON DELETE CASCADE,
    state TEXT NOT NULL DEFAULT 'proposed'
        CHECK (state IN ('proposed', 'agreed', 'declined', 'withdrawn')),
    proposed_by BIGINT REFERENCES users (id),
    proposed_at TIMESTAMPTZ NOT NULL,
    answered_by BIGINT REFERENCES users (id),
    answered_at TIMESTAMPTZ,
    version BIGINT NOT NULL DEFAULT 1,
    CHECK (from_person <> to_person)
);
CREATE INDEX oncall_swaps_team ON oncall_swaps (team_id, proposed_at);
