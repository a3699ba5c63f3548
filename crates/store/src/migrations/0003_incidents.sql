-- Projection of incident.* events: one row per incident for lists and counting ids.
CREATE TABLE incidents (
    id             TEXT PRIMARY KEY,
    title          TEXT    NOT NULL,
    severity       TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    declared_at    TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    commander      TEXT    NULL,
    patient_safety INTEGER NOT NULL,
    systems        TEXT    NOT NULL  -- JSON array
) STRICT;
CREATE INDEX incidents_by_declared ON incidents (declared_at);
