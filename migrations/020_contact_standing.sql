-- Contact-standard status kept current instead of evaluated on every request (issue 11): one row per case,
-- requirement and period, written in the same transaction as the contact, level, address or standard change that
-- moves it, and by the periodic job when a period rolls over. The rules stay in the application
-- (contact-standards.ts); a row stores what they concluded and the dates on which its status turns by time alone.
CREATE TABLE contact_standing (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES supervision_case(id),
  kind text NOT NULL CHECK (kind IN ('face_to_face', 'field', 'home_verification', 'whereabouts')),
  period_start date NOT NULL,
  period_end date NOT NULL,
  -- The previous period, ended short and carried over (overdue until a contact of its kind): a row of its own.
  missed boolean NOT NULL,
  required integer NOT NULL CHECK (required >= 0),
  done integer NOT NULL CHECK (done >= 0),
  due_by date NOT NULL,
  -- The current period's row: its kind's previous period is carried over (the case is overdue for it).
  carried_over boolean NOT NULL,
  -- The period's own status by date: calm_status until due_soon_from, due soon from then, overdue from overdue_from.
  calm_status text NOT NULL CHECK (calm_status IN ('met', 'due')),
  due_soon_from date,
  overdue_from date,
  changed_at timestamptz NOT NULL,
  UNIQUE (case_id, kind, period_start)
);

-- Per case: the day its rows were evaluated, the last day they hold without new facts (the shortest current
-- period's end), and the day the periodic job looks at it again (a period ends, or a task is to open or close).
-- A case without a row here, or read outside [evaluated_on, valid_through], is evaluated on the spot instead.
CREATE TABLE contact_standing_case (
  case_id uuid PRIMARY KEY REFERENCES supervision_case(id),
  evaluated_on date NOT NULL,
  valid_through date NOT NULL,
  next_check_on date NOT NULL
);
CREATE INDEX contact_standing_case_check_idx ON contact_standing_case (next_check_on);
