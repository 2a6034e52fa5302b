-- Money (issue 14): each team's price from a day on, the purchase
-- agreements by which a municipality buys places in a team, the price each
-- referral was bought at, the yearly licence fee per team of a country,
-- each team's yearly budget and its lines, what a municipality says a
-- placement costs it, the details a municipality's invoices need, and the
-- last day a team works. Every amount is a whole number of minor units
-- (øre); every write appends its audit event in the same transaction.

ALTER TABLE teams ADD COLUMN closed_on TEXT;

CREATE TABLE team_prices (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams (id),
    effective_from TEXT NOT NULL,
    currency TEXT NOT NULL CHECK (currency IN ('DKK', 'NOK')),
    course_price INTEGER NOT NULL CHECK (course_price >= 0),
    planned_weeks INTEGER NOT NULL CHECK (planned_weeks > 0),
    extra_week_price INTEGER CHECK (extra_week_price >= 0),
    set_at TEXT NOT NULL,
    set_by INTEGER REFERENCES users (id),
    UNIQUE (team_id, effective_from)
);

CREATE TABLE purchase_agreements (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams (id),
    seller TEXT NOT NULL,
    buyer TEXT NOT NULL,
    basis TEXT NOT NULL CHECK (basis IN ('per_year', 'per_course')),
    places INTEGER CHECK (places >= 0),
    currency TEXT NOT NULL CHECK (currency IN ('DKK', 'NOK')),
    course_price INTEGER NOT NULL CHECK (course_price >= 0),
    valid_from TEXT NOT NULL,
    -- The last day covered, inclusive; NULL: until the agreement is ended.
    valid_until TEXT,
    note TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id),
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX purchase_agreements_team ON purchase_agreements (team_id, buyer, valid_from);
CREATE INDEX purchase_agreements_buyer ON purchase_agreements (buyer);
CREATE INDEX purchase_agreements_seller ON purchase_agreements (seller);

-- The price a referral's course was bought at, fixed on the referral day.
CREATE TABLE case_prices (
    case_id INTEGER PRIMARY KEY REFERENCES cases (id),
    buyer TEXT NOT NULL,
    seller TEXT NOT NULL,
    basis TEXT NOT NULL CHECK (basis IN ('agreement', 'internal', 'no_agreement')),
    agreement_id INTEGER REFERENCES purchase_agreements (id),
    currency TEXT NOT NULL CHECK (currency IN ('DKK', 'NOK')),
    course_price INTEGER NOT NULL CHECK (course_price >= 0),
    planned_weeks INTEGER NOT NULL CHECK (planned_weeks > 0),
    extra_week_price INTEGER CHECK (extra_week_price >= 0),
    priced_on TEXT NOT NULL,
    CHECK (basis <> 'agreement' OR agreement_id IS NOT NULL)
);

CREATE TABLE licence_fees (
    country TEXT NOT NULL CHECK (country IN ('DK', 'NO')),
    year INTEGER NOT NULL,
    currency TEXT NOT NULL CHECK (currency IN ('DKK', 'NOK')),
    per_team INTEGER NOT NULL CHECK (per_team >= 0),
    set_at TEXT NOT NULL,
    set_by INTEGER REFERENCES users (id),
    PRIMARY KEY (country, year)
);

CREATE TABLE team_budgets (
    team_id INTEGER NOT NULL REFERENCES teams (id),
    year INTEGER NOT NULL,
    currency TEXT NOT NULL CHECK (currency IN ('DKK', 'NOK')),
    version INTEGER NOT NULL DEFAULT 1,
    saved_at TEXT NOT NULL,
    saved_by INTEGER REFERENCES users (id),
    PRIMARY KEY (team_id, year)
);

-- A budget's lines in the order they were given (line_no from 1).
CREATE TABLE team_budget_lines (
    team_id INTEGER NOT NULL,
    year INTEGER NOT NULL,
    line_no INTEGER NOT NULL CHECK (line_no > 0),
    category TEXT NOT NULL
        CHECK (category IN ('staff', 'licence_fee', 'training', 'travel', 'other')),
    position TEXT,
    description TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (team_id, year, line_no),
    FOREIGN KEY (team_id, year) REFERENCES team_budgets (team_id, year)
);

CREATE TABLE placement_costs (
    country TEXT NOT NULL CHECK (country IN ('DK', 'NO')),
    municipality TEXT NOT NULL,
    year INTEGER NOT NULL,
    currency TEXT NOT NULL CHECK (currency IN ('DKK', 'NOK')),
    yearly_cost INTEGER NOT NULL CHECK (yearly_cost >= 0),
    assumed_months INTEGER NOT NULL CHECK (assumed_months >= 0),
    assumption TEXT NOT NULL,
    set_at TEXT NOT NULL,
    set_by INTEGER REFERENCES users (id),
    PRIMARY KEY (country, municipality, year)
);

CREATE TABLE billing_details (
    country TEXT NOT NULL CHECK (country IN ('DK', 'NO')),
    municipality TEXT NOT NULL,
    legal_name TEXT NOT NULL,
    registration_number TEXT NOT NULL,
    endpoint_scheme TEXT NOT NULL CHECK (endpoint_scheme IN ('0088', '0184', '0192')),
    endpoint_id TEXT NOT NULL,
    street TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    bank_account TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    saved_at TEXT NOT NULL,
    saved_by INTEGER REFERENCES users (id),
    PRIMARY KEY (country, municipality)
);
