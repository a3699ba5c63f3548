-- Heartbeats (dead man's switches): the last ping of each, written by `beredskap heartbeat
-- ID [--fail]` and read by the monitor's heartbeat checks. Not events: a flow that pings
-- every minute would fill the log; what matters — the system going down or up — the
-- monitor records as status changes, with the ping's time in the message.
CREATE TABLE heartbeats (
    id      TEXT    PRIMARY KEY,
    at      TEXT    NOT NULL,
    ok      INTEGER NOT NULL,
    message TEXT    NOT NULL,
    pings   INTEGER NOT NULL
) STRICT;
