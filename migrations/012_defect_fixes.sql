-- Agency choices and a user field the officer's app needs (issue 10, defects).

-- Testing: also tell the supervisors of the case's unit about a positive, missed or refused test.
ALTER TABLE agency ADD COLUMN notify_unit_supervisor_of_tests boolean NOT NULL DEFAULT false;
-- Today: how many stops the day's route starts with (the officer can add or drop stops).
ALTER TABLE agency ADD COLUMN route_stop_limit integer NOT NULL DEFAULT 8 CHECK (route_stop_limit BETWEEN 1 AND 40);
-- A work phone, so a supervisor can call an officer whose field visit is overdue.
ALTER TABLE app_user ADD COLUMN phone text CHECK (length(phone) BETWEEN 1 AND 40);
