-- Notices through an outbox (issue 18): a notice is written in the
-- transaction of the event that raised it, one row per recipient, and
-- delivered from here: on the recipient's start page (seen_at), and by
-- e-mail when they asked for it (mail_state). No personal data: the kind,
-- the team and the case number for the start page's link.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    -- The notice's key and its recipient: raising it again adds nothing.
    dedupe_key TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('new_referral', 'acknowledgement_overdue',
        'weekly_summary_missing', 'interview_due', 'oncall_gap', 'break_glass_review')),
    team_id INTEGER REFERENCES teams (id),
    -- No reference: retention may delete the case; the notice then leads
    -- nowhere and says nothing about it.
    case_id INTEGER,
    -- The audit event that raised it (none for a notice raised by time).
    audit_seq INTEGER,
    created_at TEXT NOT NULL,
    seen_at TEXT,
    -- none: not mailed (the person did not ask); pending: to send;
    -- sent; failed: given up, for the administrator.
    mail_state TEXT NOT NULL CHECK (mail_state IN ('none', 'pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    -- A worker holds the mail until then; after it, another may take it.
    claimed_until TEXT,
    sent_at TEXT,
    last_error TEXT
);
CREATE INDEX outbox_unseen ON outbox (user_id, id) WHERE seen_at IS NULL;
CREATE INDEX outbox_mail_due ON outbox (next_attempt_at, id) WHERE mail_state = 'pending';
CREATE INDEX outbox_troubled ON outbox (id) WHERE attempts > 0 AND mail_state <> 'sent';

-- Whether a person wants their notices by e-mail too (to users.email).
ALTER TABLE users ADD COLUMN notify_by_email INTEGER NOT NULL DEFAULT 0
    CHECK (notify_by_email IN (0, 1));
