-- Every request writes an audit row, so every index on audit_log is paid on every request. These two serve no
-- query: the audit search uses audit_log_record_id_idx, audit_log_actor_username_idx, audit_log_action_idx and
-- audit_log_time_idx (platform/db/integrity.test.ts checks the plans), and nothing filters on actor_user_id or
-- on record_type before record_id.
DROP INDEX IF EXISTS audit_log_actor_idx;
DROP INDEX IF EXISTS audit_log_record_idx;
