-- An appointment whose contact did not happen (no-show, refused, attempted) is missed, not completed.
ALTER TABLE appointment DROP CONSTRAINT appointment_status_check;
ALTER TABLE appointment ADD CONSTRAINT appointment_status_check CHECK (status IN ('scheduled', 'completed', 'missed', 'cancelled'));
