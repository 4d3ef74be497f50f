-- The task kinds that replace the Today list's own items: a contact the standard requires (due or overdue), an
-- appointment to keep, and a suggested unannounced visit. Each is created and closed by the capability that owns it.
ALTER TABLE task DROP CONSTRAINT task_kind_check;
ALTER TABLE task ADD CONSTRAINT task_kind_check CHECK (kind IN (
  'missed_appointment_follow_up', 'no_show_follow_up', 'approval_requested', 'drug_test_due',
  'contact_due', 'appointment', 'suggested_unannounced_visit'
));
