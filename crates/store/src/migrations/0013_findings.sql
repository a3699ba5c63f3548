-- A probe's finding, typed (issue 33): JSON of model::finding::Finding beside the English
-- message (the evidence, unchanged), so each reader renders it in its own language instead
-- of parsing the English back. NULL on rows recorded before: their message is read as it was.
ALTER TABLE samples ADD COLUMN finding TEXT;
ALTER TABLE system_status ADD COLUMN finding TEXT;
