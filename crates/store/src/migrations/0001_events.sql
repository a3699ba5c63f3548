-- The append-only event log and its chain head.
CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    recorded_at     TEXT    NOT NULL,
    occurred_at     TEXT    NOT NULL,
    actor           TEXT    NOT NULL,
    os_account      TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    corrects        INTEGER NULL,
    payload_version INTEGER NOT NULL,
    payload         TEXT    NOT NULL,
    payload_sha256  TEXT    NOT NULL,
    prev_hash       TEXT    NOT NULL,
    hash            TEXT    NOT NULL
) STRICT;

CREATE INDEX events_by_subject  ON events (subject, id);
CREATE INDEX events_by_kind     ON events (kind, id);
CREATE INDEX events_by_occurred ON events (occurred_at);

CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only: UPDATE refused');
END;

CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only: DELETE refused');
END;

-- The last event written: lets append find the previous hash, and lets verify notice a
-- tail deleted behind the log's back (unless this row was rewritten too).
CREATE TABLE log_head (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    last_id   INTEGER NOT NULL,
    last_hash TEXT    NOT NULL
) STRICT;
INSERT INTO log_head (singleton, last_id, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Projection: the operations diary (driftdagbok). Rebuilt from the log on demand.
CREATE TABLE diary_entries (
    event_id    INTEGER PRIMARY KEY,
    occurred_at TEXT NOT NULL,
    actor       TEXT NOT NULL,
    subject     TEXT NOT NULL,
    text        TEXT NOT NULL
) STRICT;
