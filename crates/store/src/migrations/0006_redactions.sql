-- Redaction: patient data that got into the log can be taken out, and the chain still
-- verifies. The hash of an event covers the SHA-256 of its payload (payload_sha256), not
-- the payload itself, so a payload can be replaced while every hash and link stays as it
-- was written. A replacement is allowed only for an event named in `redactions`, only by
-- the exact redacted payload recorded there, and never for any other column. Each row
-- belongs to a `log.redacted` event in the chain, which records who, when, why and the
-- SHA-256 of the redacted payload; `log verify` checks the payload against it.
CREATE TABLE redactions (
    event_id        INTEGER PRIMARY KEY,
    redaction_event INTEGER NOT NULL,
    payload         TEXT    NOT NULL
) STRICT;

DROP TRIGGER events_refuse_update;
CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events
WHEN NOT (
        NEW.id IS OLD.id
    AND NEW.recorded_at IS OLD.recorded_at
    AND NEW.occurred_at IS OLD.occurred_at
    AND NEW.actor IS OLD.actor
    AND NEW.os_account IS OLD.os_account
    AND NEW.kind IS OLD.kind
    AND NEW.subject IS OLD.subject
    AND NEW.corrects IS OLD.corrects
    AND NEW.payload_version IS OLD.payload_version
    AND NEW.payload_sha256 IS OLD.payload_sha256
    AND NEW.prev_hash IS OLD.prev_hash
    AND NEW.hash IS OLD.hash
    AND EXISTS (SELECT 1 FROM redactions r
                WHERE r.event_id = OLD.id AND r.payload = NEW.payload)
)
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only: UPDATE refused (only a recorded redaction may replace a payload)');
END;
