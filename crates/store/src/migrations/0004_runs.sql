-- Projection of run.* events: one row per runbook run.
CREATE TABLE runs (
    id          TEXT PRIMARY KEY,
    runbook_id  TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    started_at  TEXT    NOT NULL,
    incident    TEXT    NULL,
    finished    INTEGER NOT NULL,
    total       INTEGER NOT NULL
) STRICT;
CREATE INDEX runs_by_incident ON runs (incident);
