-- Projection of page.* events: one row per page (larm).
CREATE TABLE pages (
    id           TEXT PRIMARY KEY,
    target       TEXT    NOT NULL,
    system       TEXT    NULL,
    incident     TEXT    NULL,
    status       TEXT    NOT NULL,
    triggered_at TEXT    NOT NULL,
    message      TEXT    NOT NULL
) STRICT;
CREATE INDEX pages_open ON pages (status);
