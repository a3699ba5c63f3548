-- The log of record on PostgreSQL (issue 34): the same columns as SQLite's events table,
-- the text that was hashed kept as it was hashed, so `log verify` recomputes the same chain
-- on both engines. Installed by the database's owner (`beredskap log init-postgres`); the
-- application's role may only read and append (grants in install.sql).
CREATE SCHEMA IF NOT EXISTS beredskap;

CREATE TABLE IF NOT EXISTS beredskap.events (
    id              bigint  PRIMARY KEY,
    recorded_at     text    NOT NULL,
    occurred_at     text    NOT NULL,
    actor           text    NOT NULL,
    os_account      text    NOT NULL,
    kind            text    NOT NULL,
    subject         text    NOT NULL,
    corrects        bigint  NULL,
    payload_version integer NOT NULL,
    payload         text    NOT NULL,
    payload_sha256  text    NOT NULL,
    prev_hash       text    NOT NULL,
    hash            text    NOT NULL
);

-- The chain's head: every append takes it FOR UPDATE in its transaction (the one lock all
-- writers at every site queue on), so ids and hashes follow one after the other.
CREATE TABLE IF NOT EXISTS beredskap.log_head (
    singleton integer PRIMARY KEY CHECK (singleton = 1),
    last_id   bigint  NOT NULL,
    last_hash text    NOT NULL
);
INSERT INTO beredskap.log_head (singleton, last_id, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000')
ON CONFLICT (singleton) DO NOTHING;

-- Append-only by the engine as well as by grants: no UPDATE, DELETE or TRUNCATE of events,
-- whoever asks (the owner included) — but for the one recorded path of a redaction
-- (`beredskap.redact` below): the payload alone replaced, every other column as it was.
CREATE OR REPLACE FUNCTION beredskap.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('beredskap.redacting', true) = OLD.id::text
       AND (NEW.id, NEW.recorded_at, NEW.occurred_at, NEW.actor, NEW.os_account, NEW.kind,
            NEW.subject, NEW.corrects, NEW.payload_version, NEW.payload_sha256,
            NEW.prev_hash, NEW.hash)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.recorded_at, OLD.occurred_at, OLD.actor, OLD.os_account, OLD.kind,
            OLD.subject, OLD.corrects, OLD.payload_version, OLD.payload_sha256,
            OLD.prev_hash, OLD.hash)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the event log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

DROP TRIGGER IF EXISTS events_refuse_change ON beredskap.events;
CREATE TRIGGER events_refuse_change BEFORE UPDATE OR DELETE ON beredskap.events
    FOR EACH ROW EXECUTE FUNCTION beredskap.refuse_change();
DROP TRIGGER IF EXISTS events_refuse_truncate ON beredskap.events;
CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON beredskap.events
    FOR EACH STATEMENT EXECUTE FUNCTION beredskap.refuse_change();

-- A redaction (`beredskap log redact`): the payload of event `target` replaced by
-- `redacted`, only when the chain already holds the `log.redacted` event that records it
-- (inserted first, in the same transaction) with that payload's SHA-256. The application's
-- role may call this and nothing else that changes an event; the function runs as the
-- owner, whose UPDATE the trigger lets through for this event alone.
CREATE OR REPLACE FUNCTION beredskap.redact(target bigint, redacted text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = beredskap, pg_temp AS $$
DECLARE
    recorded jsonb;
BEGIN
    SELECT payload::jsonb INTO recorded FROM beredskap.events
     WHERE kind = 'log.redacted' AND corrects = target
     ORDER BY id DESC LIMIT 1;
    IF recorded IS NULL
       OR (recorded ->> 'event')::bigint IS DISTINCT FROM target
       OR recorded ->> 'redacted_payload_sha256'
          IS DISTINCT FROM encode(sha256(convert_to(redacted, 'UTF8')), 'hex')
    THEN
        RAISE EXCEPTION 'no recorded redaction of event % has this payload', target
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('beredskap.redacting', target::text, true);
    UPDATE beredskap.events SET payload = redacted WHERE id = target;
    PERFORM set_config('beredskap.redacting', '', true);
END;
$$;
REVOKE ALL ON FUNCTION beredskap.redact(bigint, text) FROM PUBLIC;

-- The monitor's lease and fencing token, shared by the monitors of every site: one holds
-- it; a monitor's writes carry its token and are refused once another has taken over.
CREATE TABLE IF NOT EXISTS beredskap.monitor_lease (
    singleton  integer PRIMARY KEY CHECK (singleton = 1),
    holder     text    NOT NULL,
    token      bigint  NOT NULL,
    renewed_at text    NOT NULL,
    expires_at text    NOT NULL
);
