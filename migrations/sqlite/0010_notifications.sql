-- Notifications (issue 15): the in-app inbox, the e-mail outbox, and where users are mailed.
--
-- A workflow step (submit / return / approve / publish) writes its notification rows and
-- outbox rows in the same transaction as the step itself: a step that rolls back notifies
-- nobody, a step that commits is never lost. Deadline reminders are written by the scheduler
-- inside `hoshin serve`; `notifications.dedupe_key` (UNIQUE) makes each reminder a row that can
-- exist once only, whichever server or restart writes it (INSERT ... ON CONFLICT DO NOTHING),
-- and `outbox.dedupe_key` does the same for each e-mail. No public page reads these tables,
-- so they have no page_generation trigger (see 0007).

-- Where a user's notifications are mailed; NULL: the inbox only.
ALTER TABLE users ADD COLUMN email TEXT;

-- One message in one user's inbox.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,   -- submit, return, approve, publish, deadline
    subject     TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    link        TEXT,               -- a path of this site the message is about
    dedupe_key  TEXT,               -- reminders: cycle, deadline, date, department, offset, user
    created_at  INTEGER NOT NULL,   -- Unix ms
    read_at     INTEGER,            -- Unix ms; NULL: unread
    CONSTRAINT notifications_dedupe UNIQUE (dedupe_key)
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- E-mail waiting to be sent, being sent, or done with. The mailer claims a row by moving it
-- from pending to sending with a guarded UPDATE (only one claimer wins), sends it, and marks it
-- sent; a failed attempt puts it back to pending with last_error and a later next_attempt_at,
-- until `failed` after too many attempts. `skipped`: mail is not configured on this server.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    dedupe_key       TEXT    NOT NULL,
    recipient        TEXT    NOT NULL,  -- an e-mail address
    subject          TEXT    NOT NULL,
    body             TEXT    NOT NULL,
    state            TEXT    NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,  -- Unix ms
    sent_at          INTEGER,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    CONSTRAINT outbox_dedupe UNIQUE (dedupe_key)
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
