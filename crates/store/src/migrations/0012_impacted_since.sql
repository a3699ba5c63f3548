-- Since when a system has been impacted by a system it depends on (issue 32: an impacted
-- row's 'Sedan' showed the system's own age, not the impact's). NULL while not impacted;
-- a log migrated while a system was impacted shows its own since until the impact ends.
ALTER TABLE system_status ADD COLUMN impacted_since TEXT;
