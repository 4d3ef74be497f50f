-- Devices and zones (issue 14 §1–§2): what the device inventory, activations and zones need beyond the core (038).

-- The radius of the inclusion zone a curfew condition puts around the person's home (metres); administrators set it.
ALTER TABLE agency ADD COLUMN monitoring_home_radius_meters integer NOT NULL DEFAULT 75
  CHECK (monitoring_home_radius_meters BETWEEN 10 AND 2000);

-- A zone changed on the map is a new row from the change's time (the old one ends then): the row it replaces, so a
-- zone's history reads as one line. Why it ended, when ended by hand.
ALTER TABLE monitoring_zone ADD COLUMN replaces uuid REFERENCES monitoring_zone(id);
ALTER TABLE monitoring_zone ADD COLUMN end_reason text CHECK (length(end_reason) BETWEEN 1 AND 500);
CREATE UNIQUE INDEX monitoring_zone_replaces_idx ON monitoring_zone (replaces) WHERE replaces IS NOT NULL;
CREATE INDEX monitoring_zone_condition_idx ON monitoring_zone (condition_id) WHERE condition_id IS NOT NULL;

-- A device's history of status changes is in the audit log; the reason of the latest one is kept beside it.
ALTER TABLE monitoring_device ADD COLUMN status_reason text CHECK (length(status_reason) BETWEEN 1 AND 500);

-- Monitoring started and ended on a case are supervision events (the full cumulative list, see kind-lists.test.ts).
ALTER TABLE supervision_event DROP CONSTRAINT supervision_event_kind_check;
ALTER TABLE supervision_event ADD CONSTRAINT supervision_event_kind_check CHECK (kind IN (
  'positive_test', 'dilute_test', 'adulterated_test', 'missed_test', 'refused_test',
  'missed_appointment', 'contact_no_show', 'contact_refused', 'condition_non_compliant',
  'curfew_breach', 'zone_breach', 'police_contact', 'new_arrest', 'absconding', 'housing_lost',
  'negative_test_streak', 'employment_verified', 'goal_completed', 'programme_completed',
  'monitoring_started', 'monitoring_ended'));
