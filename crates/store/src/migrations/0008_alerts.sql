-- Alerts from the region's existing monitoring (Alertmanager, the Nagios family), one row
-- per source and fingerprint: an alert that keeps firing is one row, not a stream. The
-- monitor's alert checks read the firing ones that match their selector. Their changes of
-- state (firing, resolved) are `alert.received` events.
CREATE TABLE alerts (
    source      TEXT    NOT NULL,
    fingerprint TEXT    NOT NULL,
    labels      TEXT    NOT NULL,  -- JSON object
    summary     TEXT    NOT NULL,
    firing      INTEGER NOT NULL,
    warning     INTEGER NOT NULL,
    starts_at   TEXT    NULL,
    first_seen  TEXT    NOT NULL,
    last_seen   TEXT    NOT NULL,
    mapped      INTEGER NOT NULL,
    PRIMARY KEY (source, fingerprint)
) STRICT;
CREATE INDEX alerts_firing ON alerts (source, firing);
