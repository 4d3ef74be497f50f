import type { NextStep } from "../../../shared/contract/auth";
import type { Actor, Role } from "../access/policy";
import type { Queryable } from "../db/database";
import { randomToken, sha256Hex } from "../secrets";

export type SessionStage = "password" | "active";

/** A session row joined with what every request needs to know about its user. */
export type LoadedSession = {
  tokenHash: string;
  stage: SessionStage;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  user: {
    id: string;
    username: string;
    displayName: string;
    agencyId: string;
    agencyName: string;
    /** The agency's IANA time zone: the calendar its days, due dates and draws follow. */
    agencyTimeZone: string;
    unitId: string | null;
    unitName: string | null;
    roles: Role[];
    mustChangePassword: boolean;
    passwordExpired: boolean;
    mfaEnrolled: boolean;
    disabled: boolean;
  };
};

type SessionRow = {
  token_hash: string;
  stage: SessionStage;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  user_id: string;
  username: string;
  display_name: string;
  agency_id: string;
  agency_name: string;
  agency_time_zone: string;
  unit_id: string | null;
  unit_name: string | null;
  roles: Role[];
  must_change_password: boolean;
  password_expired: boolean;
  mfa_enrolled: boolean;
  disabled: boolean;
};

export const sessionRef = (tokenHash: string) => tokenHash.slice(0, 16);

export async function createSession(
  tx: Queryable,
  input: { userId: string; stage: SessionStage; now: Date; ip: string | null; userAgent: string | null },
): Promise<{ token: string; tokenHash: string }> {
  const token = randomToken();
  const tokenHash = sha256Hex(token);
  await tx.query(
    `INSERT INTO user_session (token_hash, user_id, stage, csrf_token, created_at, last_seen_at, ip, user_agent)
     VALUES ($1, $2, $3, $4, $5, $5, $6, $7)`,
    [tokenHash, input.userId, input.stage, randomToken(), input.now, input.ip, input.userAgent?.slice(0, 300) ?? null],
  );
  return { token, tokenHash };
}

export async function loadSession(db: Queryable, token: string, now: Date): Promise<LoadedSession | null> {
  const rows = await db.query<SessionRow>(
    `SELECT s.token_hash, s.stage, s.csrf_token, s.created_at, s.last_seen_at,
            u.id AS user_id, u.username, u.display_name, u.agency_id, a.name AS agency_name, a.time_zone AS agency_time_zone,
            u.unit_id, un.name AS unit_name, u.roles, u.must_change_password,
            (a.password_max_age_days IS NOT NULL
              AND u.password_changed_at < $2::timestamptz - make_interval(days => a.password_max_age_days)) AS password_expired,
            (u.totp_secret_encrypted IS NOT NULL) AS mfa_enrolled,
            (u.disabled_at IS NOT NULL) AS disabled
       FROM user_session s
       JOIN app_user u ON u.id = s.user_id
       JOIN agency a ON a.id = u.agency_id
       LEFT JOIN unit un ON un.id = u.unit_id
      WHERE s.token_hash = $1`,
    [sha256Hex(token), now],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    tokenHash: row.token_hash,
    stage: row.stage,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    user: {
      id: row.user_id,
      username: row.username,
      displayName: row.display_name,
      agencyId: row.agency_id,
      agencyName: row.agency_name,
      agencyTimeZone: row.agency_time_zone,
      unitId: row.unit_id,
      unitName: row.unit_name,
      roles: row.roles,
      mustChangePassword: row.must_change_password,
      passwordExpired: row.password_expired,
      mfaEnrolled: row.mfa_enrolled,
      disabled: row.disabled,
    },
  };
}

/** What the user must do before the session is fully signed in. */
export function nextStepFor(session: LoadedSession): NextStep {
  if (session.user.mustChangePassword || session.user.passwordExpired) return "change-password";
  if (!session.user.mfaEnrolled) return "enroll-mfa";
  if (session.stage !== "active") return "verify-mfa";
  return "done";
}

export function actorFor(session: LoadedSession): Actor {
  return {
    userId: session.user.id,
    username: session.user.username,
    displayName: session.user.displayName,
    agencyId: session.user.agencyId,
    unitId: session.user.unitId,
    roles: session.user.roles,
    sessionRef: sessionRef(session.tokenHash),
  };
}

export async function touchSession(db: Queryable, tokenHash: string, now: Date): Promise<void> {
  await db.query("UPDATE user_session SET last_seen_at = $2 WHERE token_hash = $1", [tokenHash, now]);
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query("DELETE FROM user_session WHERE token_hash = $1", [tokenHash]);
}

export async function deleteUserSessions(db: Queryable, userId: string): Promise<number> {
  const rows = await db.query("DELETE FROM user_session WHERE user_id = $1 RETURNING 1", [userId]);
  return rows.length;
}
