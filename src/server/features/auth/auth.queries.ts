import type { Queryable } from "../../platform/db/database";
import { sha256Hex } from "../../platform/secrets";

export type CredentialRow = {
  id: string;
  username: string;
  display_name: string;
  agency_id: string;
  agency_name: string;
  lockout_release_minutes: number | null;
  password_hash: string;
  totp_secret_encrypted: string | null;
  totp_pending_secret_encrypted: string | null;
  totp_last_step: number | null;
  locked_at: Date | null;
  disabled_at: Date | null;
};

const credentialColumns = `u.id, u.username, u.display_name, u.agency_id, a.name AS agency_name, a.lockout_release_minutes,
  u.password_hash, u.totp_secret_encrypted, u.totp_pending_secret_encrypted, u.totp_last_step, u.locked_at, u.disabled_at`;

export async function findCredentialsByUsername(db: Queryable, username: string): Promise<CredentialRow | undefined> {
  const rows = await db.query<CredentialRow>(
    `SELECT ${credentialColumns} FROM app_user u JOIN agency a ON a.id = u.agency_id WHERE u.username = $1`,
    [username],
  );
  return rows[0];
}

export async function findCredentialsById(db: Queryable, userId: string): Promise<CredentialRow> {
  const rows = await db.query<CredentialRow>(
    `SELECT ${credentialColumns} FROM app_user u JOIN agency a ON a.id = u.agency_id WHERE u.id = $1`,
    [userId],
  );
  const row = rows[0];
  if (!row) throw new Error(`user ${userId} not found`);
  return row;
}

/** Locks the user row for the rest of the transaction so concurrent attempts are counted one by one. */
export async function lockCredentials(db: Queryable, userId: string): Promise<CredentialRow> {
  const rows = await db.query<CredentialRow>(
    `SELECT ${credentialColumns} FROM app_user u JOIN agency a ON a.id = u.agency_id WHERE u.id = $1 FOR UPDATE OF u`,
    [userId],
  );
  const row = rows[0];
  if (!row) throw new Error(`user ${userId} vanished during sign-in`);
  return row;
}

export async function recordFailure(db: Queryable, userId: string, now: Date, windowMinutes: number): Promise<number> {
  await db.query("INSERT INTO sign_in_failure (user_id, occurred_at) VALUES ($1, $2)", [userId, now]);
  const rows = await db.query<{ failures: number }>(
    `SELECT count(*)::int AS failures FROM sign_in_failure
      WHERE user_id = $1 AND occurred_at > $2::timestamptz - make_interval(mins => $3)`,
    [userId, now, windowMinutes],
  );
  return rows[0]?.failures ?? 0;
}

export async function clearFailures(db: Queryable, userId: string): Promise<void> {
  await db.query("DELETE FROM sign_in_failure WHERE user_id = $1", [userId]);
}

export async function setLocked(db: Queryable, userId: string, lockedAt: Date | null): Promise<void> {
  await db.query("UPDATE app_user SET locked_at = $2, updated_at = now() WHERE id = $1", [userId, lockedAt]);
}

/** False when a concurrent request already used this or a later step (a replayed code). */
export async function recordSignIn(db: Queryable, userId: string, step: number, now: Date): Promise<boolean> {
  const rows = await db.query(
    `UPDATE app_user SET totp_last_step = $2, last_sign_in_at = $3
      WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING 1`,
    [userId, step, now],
  );
  return rows.length === 1;
}

export async function setPendingTotpSecret(db: Queryable, userId: string, sealed: string): Promise<void> {
  await db.query("UPDATE app_user SET totp_pending_secret_encrypted = $2 WHERE id = $1", [userId, sealed]);
}

export async function activateTotp(db: Queryable, userId: string, step: number, now: Date): Promise<void> {
  await db.query(
    `UPDATE app_user SET totp_secret_encrypted = totp_pending_secret_encrypted, totp_pending_secret_encrypted = NULL,
            totp_enrolled_at = $3, totp_last_step = $2, last_sign_in_at = $3, updated_at = $3
      WHERE id = $1`,
    [userId, step, now],
  );
}

export async function updatePassword(db: Queryable, userId: string, passwordHash: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE app_user SET password_hash = $2, password_changed_at = $3, must_change_password = false, updated_at = $3
      WHERE id = $1`,
    [userId, passwordHash, now],
  );
}

/** Ends every session of the user except the one with `keepTokenHash`. */
export async function deleteOtherSessions(db: Queryable, userId: string, keepTokenHash: string): Promise<void> {
  await db.query("DELETE FROM user_session WHERE user_id = $1 AND token_hash <> $2", [userId, keepTokenHash]);
}

/** Deletes the session with this token, if there is one; answers whose it was. */
export async function deleteSessionByToken(db: Queryable, token: string): Promise<{ userId: string; tokenHash: string } | null> {
  const tokenHash = sha256Hex(token);
  const [row] = await db.query<{ user_id: string }>("DELETE FROM user_session WHERE token_hash = $1 RETURNING user_id", [tokenHash]);
  return row ? { userId: row.user_id, tokenHash } : null;
}
