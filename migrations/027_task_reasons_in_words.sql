-- Reasons stored before they were worded for people: an appointment task closed with the appointment's status code
-- ("Outcome recorded: missed"), and a corrected outcome named its code ("Outcome corrected to completed: …"), which
-- the follow-up it dismissed repeated. Reasons are shown as stored, so the stored ones are reworded.
UPDATE task SET status_reason = CASE status_reason
    WHEN 'Outcome recorded: completed' THEN 'Outcome recorded: attended'
    WHEN 'Outcome recorded: missed' THEN 'Outcome recorded: missed appointment'
  END
 WHERE status_reason IN ('Outcome recorded: completed', 'Outcome recorded: missed');

UPDATE task_change SET reason = CASE reason
    WHEN 'Outcome recorded: completed' THEN 'Outcome recorded: attended'
    WHEN 'Outcome recorded: missed' THEN 'Outcome recorded: missed appointment'
  END
 WHERE reason IN ('Outcome recorded: completed', 'Outcome recorded: missed');

UPDATE task SET status_reason = replace(status_reason, 'Outcome corrected to completed: ', 'Outcome corrected to attended: ')
 WHERE status_reason LIKE '%Outcome corrected to completed: %';
UPDATE task_change SET reason = replace(reason, 'Outcome corrected to completed: ', 'Outcome corrected to attended: ')
 WHERE reason LIKE '%Outcome corrected to completed: %';
UPDATE supervision_event SET withdrawn_reason = replace(withdrawn_reason, 'Outcome corrected to completed: ', 'Outcome corrected to attended: ')
 WHERE withdrawn_reason LIKE 'Outcome corrected to completed: %';
