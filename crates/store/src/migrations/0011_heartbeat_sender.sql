-- Who sent each heartbeat's last ping: the OS account that ran `beredskap heartbeat`, or
-- the receiver's source and the client's address (issue 31: nothing written without a name).
ALTER TABLE heartbeats ADD COLUMN sender TEXT NOT NULL DEFAULT '';
