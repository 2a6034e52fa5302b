-- The on-call rota (issue 13): per team its on-call settings (the phone
-- number families call, the limits, the pattern), the shifts as UTC
-- instants, the staff's leave, each publication of the rota with the
-- written reason when it had gaps, and swaps between two people of the
-- team. Staff schedules and leave are personal data: every write appends
-- its audit event in the same transaction.

CREATE TABLE oncall_settings (
    team_id INTEGER PRIMARY KEY REFERENCES teams (id),
    phone TEXT,
    max_hours_in_row INTEGER CHECK (max_hours_in_row BETWEEN 1 AND 168),
    max_shifts_per_week INTEGER CHECK (max_shifts_per_week BETWEEN 1 AND 14),
    -- NULL: weekday nights are one shift 16:00-08:00; else the hour the
    -- evening shift hands over to the night shift.
    weekday_split_hour INTEGER CHECK (weekday_split_hour BETWEEN 17 AND 23),
    off_days TEXT NOT NULL DEFAULT 'daily' CHECK (off_days IN ('daily', 'whole')),
    changed_by INTEGER REFERENCES users (id),
    changed_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE oncall_shifts (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams (id),
    person_id INTEGER NOT NULL REFERENCES users (id),
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    written_by INTEGER REFERENCES users (id),
    written_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    CHECK (ends_at > starts_at)
);
CREATE INDEX oncall_shifts_team ON oncall_shifts (team_id, starts_at);
CREATE INDEX oncall_shifts_person ON oncall_shifts (person_id, starts_at);

CREATE TABLE oncall_leave (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams (id),
    person_id INTEGER NOT NULL REFERENCES users (id),
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    written_by INTEGER REFERENCES users (id),
    written_at TEXT NOT NULL,
    CHECK (last_day >= first_day)
);
CREATE INDEX oncall_leave_team ON oncall_leave (team_id, first_day);

CREATE TABLE oncall_publications (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams (id),
    window_from TEXT NOT NULL,
    window_until TEXT NOT NULL,
    gaps INTEGER NOT NULL CHECK (gaps >= 0),
    reason TEXT,
    published_by INTEGER REFERENCES users (id),
    published_at TEXT NOT NULL,
    CHECK (gaps = 0 OR reason IS NOT NULL)
);
CREATE INDEX oncall_publications_team ON oncall_publications (team_id, published_at);

CREATE TABLE oncall_swaps (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams (id),
    shift_id INTEGER NOT NULL REFERENCES oncall_shifts (id) ON DELETE CASCADE,
    from_person INTEGER NOT NULL REFERENCES users (id),
    to_person INTEGER NOT NULL REFERENCES users (id),
    return_shift_id INTEGER REFERENCES oncall_shifts (id) ON DELETE CASCADE,
    state TEXT NOT NULL DEFAULT 'proposed'
        CHECK (state IN ('proposed', 'agreed', 'declined', 'withdrawn')),
    proposed_by INTEGER REFERENCES users (id),
    proposed_at TEXT NOT NULL,
    answered_by INTEGER REFERENCES users (id),
    answered_at TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    CHECK (from_person <> to_person)
);
CREATE INDEX oncall_swaps_team ON oncall_swaps (team_id, proposed_at);
