-- Run-time maintenance windows remember the silences made for them in Alertmanager (JSON:
-- [{"source": "…", "id": "…"}]), so that ending a window early can expire them. Filled
-- from `maintenance.silenced` events; rebuilt with the other projections.
ALTER TABLE maintenance_windows ADD COLUMN silences TEXT NOT NULL DEFAULT '[]';
