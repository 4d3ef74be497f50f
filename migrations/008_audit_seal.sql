-- The audit chain is sealed off the request path (docs/ARCHITECTURE.md, "Audit").
-- A request's transaction only inserts its audit rows; one sealer at a time (advisory lock) chains the
-- committed rows in the order it finds them and writes each link once into audit_seal; signed
-- checkpoints of the chain head make a truncated tail detectable.

-- Rows written from now on carry no hash of their own; their link lives in audit_seal.
ALTER TABLE audit_log ALTER COLUMN previous_hash DROP NOT NULL, ALTER COLUMN row_hash DROP NOT NULL;
-- Fastify's request id (also in the X-Request-Id header and the request log): ties a row to its log lines.
ALTER TABLE audit_log ADD COLUMN request_id text;

-- One link per audit row, in sealing order. Sealing order, not id order: an identity value is taken at
-- INSERT, so a row with a lower id can commit after one with a higher id.
CREATE TABLE audit_seal (
  sequence bigint PRIMARY KEY CHECK (sequence > 0),
  -- UNIQUE: a row is sealed exactly once.
  audit_id bigint NOT NULL UNIQUE REFERENCES audit_log (id),
  -- UNIQUE: two links can never share a predecessor, so even a second sealer cannot fork the chain.
  previous_hash text NOT NULL UNIQUE,
  row_hash text NOT NULL,
  sealed_at timestamptz NOT NULL
);

-- Rows waiting for the sealer, queued by a trigger in the inserting transaction, so they become visible
-- to the sealer exactly when the row commits. The sealer deletes what it seals; a row missing from both
-- the queue and audit_seal is reported by audit:verify as unsealed.
CREATE TABLE audit_unsealed (audit_id bigint PRIMARY KEY);

CREATE FUNCTION audit_log_queue_for_seal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_unsealed (audit_id) VALUES (NEW.id);
  RETURN NULL;
END;
$$;
CREATE TRIGGER audit_log_queue_for_seal AFTER INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_queue_for_seal();

-- Signed chain heads: sealed row count, head hash and time, HMAC-SHA256 with a key derived from SECRET_KEY.
CREATE TABLE audit_checkpoint (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at timestamptz NOT NULL,
  sealed_rows bigint NOT NULL,
  head_hash text NOT NULL,
  signature text NOT NULL
);

CREATE FUNCTION audit_table_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_seal_no_update BEFORE UPDATE OR DELETE ON audit_seal
  FOR EACH ROW EXECUTE FUNCTION audit_table_is_append_only();
CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON audit_seal
  FOR EACH STATEMENT EXECUTE FUNCTION audit_table_is_append_only();
CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE OR DELETE ON audit_checkpoint
  FOR EACH ROW EXECUTE FUNCTION audit_table_is_append_only();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION audit_table_is_append_only();

-- Rows chained before this migration keep their hashes: they become the first links, in id order (the
-- order they were chained in, under the old global lock), so they verify with the same formula.
INSERT INTO audit_seal (sequence, audit_id, previous_hash, row_hash, sealed_at)
  SELECT row_number() OVER (ORDER BY id), id, previous_hash, row_hash, now() FROM audit_log ORDER BY id;
