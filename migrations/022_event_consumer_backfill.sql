-- A consumer registered after events were raised is given the events raised before it, from the start point it declares
-- (by when they occurred). One row per such consumer remembers how far back it has been given them, so a restart does
-- not go over them again, and an earlier start point declared later gives it the older events as well.
CREATE TABLE supervision_event_consumer (
  name text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
  backfilled_from timestamptz NOT NULL,
  backfilled_at timestamptz NOT NULL
);
