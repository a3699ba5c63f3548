-- A file that has followed a log of record (issue 34) takes writes only through it: a
-- process that opened it without the log of record attached is refused, so that no event
-- is ever written here that the log of record does not hold.
CREATE TABLE follows (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    since     TEXT    NOT NULL
) STRICT;
