-- Live status: the projection of system.status_changed events, probe samples (bounded,
-- pruned by retention), the monitor lease with its fencing token, and maintenance windows
-- added at run time (projection of maintenance.added events).

CREATE TABLE system_status (
    system_id   TEXT PRIMARY KEY,
    health      TEXT    NOT NULL,
    own_health  TEXT    NOT NULL,
    since       TEXT    NOT NULL,
    check_name  TEXT    NOT NULL,
    message     TEXT    NOT NULL,
    latency_ms  INTEGER NULL,
    impacted_by TEXT    NOT NULL,  -- JSON array of system ids
    suppressed  TEXT    NULL,
    flapping    INTEGER NOT NULL,
    maintenance TEXT    NULL,
    event_id    INTEGER NOT NULL
) STRICT;

CREATE TABLE samples (
    id         INTEGER PRIMARY KEY,
    system_id  TEXT    NOT NULL,
    check_name TEXT    NOT NULL,
    at         TEXT    NOT NULL,
    verdict    TEXT    NOT NULL,
    latency_ms INTEGER NOT NULL,
    message    TEXT    NOT NULL
) STRICT;
CREATE INDEX samples_by_system ON samples (system_id, at);
CREATE INDEX samples_by_time   ON samples (at);

CREATE TABLE monitor_lease (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    holder     TEXT    NOT NULL,
    token      INTEGER NOT NULL,
    renewed_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL
) STRICT;

CREATE TABLE monitor_state (
    singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
    blind       INTEGER NOT NULL,
    last_report TEXT    NOT NULL,
    holder      TEXT    NOT NULL
) STRICT;

CREATE TABLE maintenance_windows (
    event_id  INTEGER PRIMARY KEY,
    systems   TEXT NOT NULL,  -- JSON array; empty = all systems
    starts_at TEXT NOT NULL,
    ends_at   TEXT NOT NULL,
    reason    TEXT NOT NULL,
    actor     TEXT NOT NULL
) STRICT;
