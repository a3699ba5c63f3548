-- The console lists the firing alerts no system's check mapped: an index so that reading
-- them does not walk every alert a region has ever sent.
CREATE INDEX alerts_unmapped ON alerts (last_seen) WHERE firing = 1 AND mapped = 0;
