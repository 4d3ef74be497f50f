import type { Role } from "../../platform/access/policy";
import type { Queryable } from "../../platform/db/database";

export type UnitRow = { id: string; agency_id: string; name: string; user_count: number };

export type UserRow = {
  id: string;
  agency_id: string;
  unit_id: string | null;
  unit_name: string | null;
  username: string;
  display_name: string;
  roles: Role[];
  phone: string | null;
  locked_at: Date | null;
  disabled_at: Date | null;
  mfa_enrolled: boolean;
  last_sign_in_at: Date | null;
  created_at: Date;
};

const unitSelect = `SELECT un.id, un.agency_id, un.name,
    (SELECT count(*)::int FROM app_user u WHERE u.unit_id = un.id AND u.disabled_at IS NULL) AS user_count
  FROM unit un`;

export async function listUnits(db: Queryable, filter: { sql: string; params: unknown[] }): Promise<UnitRow[]> {
  return db.query<UnitRow>(`${unitSelect} WHERE ${filter.sql} ORDER BY un.name`, filter.params);
}

export async function findUnit(db: Queryable, id: string): Promise<UnitRow | undefined> {
  return (await db.query<UnitRow>(`${unitSelect} WHERE un.id = $1`, [id]))[0];
}

export async function insertUnit(db: Queryable, agencyId: string, name: string): Promise<string> {
  const rows = await db.query<{ id: string }>("INSERT INTO unit (agency_id, name) VALUES ($1, $2) RETURNING id", [agencyId, name]);
  return rows[0]!.id;
}

/** Is the name used by a unit of the agency (other than `otherThanId`, when renaming)? */
export async function unitNameTaken(db: Queryable, agencyId: string, name: string, otherThanId?: string): Promise<boolean> {
  const rows = otherThanId
    ? await db.query("SELECT 1 FROM unit WHERE agency_id = $1 AND name = $2 AND id <> $3", [agencyId, name, otherThanId])
    : await db.query("SELECT 1 FROM unit WHERE agency_id = $1 AND name = $2", [agencyId, name]);
  return rows.length > 0;
}

export async function renameUnit(db: Queryable, id: string, name: string): Promise<void> {
  await db.query("UPDATE unit SET name = $2 WHERE id = $1", [id, name]);
}

const userSelect = `SELECT u.id, u.agency_id, u.unit_id, un.name AS unit_name, u.username, u.display_name, u.roles, u.phone,
    u.locked_at, u.disabled_at, (u.totp_secret_encrypted IS NOT NULL) AS mfa_enrolled, u.last_sign_in_at, u.created_at
  FROM app_user u LEFT JOIN unit un ON un.id = u.unit_id`;

export async function listUsers(db: Queryable, filter: { sql: string; params: unknown[] }, unitId: string | undefined): Promise<UserRow[]> {
  const params = [...filter.params];
  let where = filter.sql;
  if (unitId) {
    params.push(unitId);
    where += ` AND u.unit_id = $${params.length}`;
  }
  return db.query<UserRow>(`${userSelect} WHERE ${where} ORDER BY u.display_name, u.username`, params);
}

export async function findUser(db: Queryable, id: string, forUpdate = false): Promise<UserRow | undefined> {
  return (await db.query<UserRow>(`${userSelect} WHERE u.id = $1${forUpdate ? " FOR UPDATE OF u" : ""}`, [id]))[0];
}

export async function insertUser(
  db: Queryable,
  input: {
    agencyId: string;
    unitId: string | null;
    username: string;
    displayName: string;
    roles: Role[];
    phone: string | null;
    passwordHash: string;
    now: Date;
  },
): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO app_user (agency_id, unit_id, username, display_name, roles, phone, password_hash, password_changed_at, must_change_password)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true) RETURNING id`,
    [input.agencyId, input.unitId, input.username, input.displayName, input.roles, input.phone, input.passwordHash, input.now],
  );
  return rows[0]!.id;
}

export async function usernameTaken(db: Queryable, username: string): Promise<boolean> {
  return (await db.query("SELECT 1 FROM app_user WHERE username = $1", [username])).length > 0;
}

export async function updateUser(
  db: Queryable,
  id: string,
  changes: { displayName?: string; roles?: Role[]; unitId?: string | null; phone?: string | null },
): Promise<void> {
  await db.query(
    `UPDATE app_user SET
       display_name = COALESCE($2, display_name),
       roles = COALESCE($3, roles),
       unit_id = CASE WHEN $4 THEN $5::uuid ELSE unit_id END,
       phone = CASE WHEN $6 THEN $7::text ELSE phone END,
       updated_at = now()
     WHERE id = $1`,
    [
      id,
      changes.displayName ?? null,
      changes.roles ?? null,
      changes.unitId !== undefined,
      changes.unitId ?? null,
      changes.phone !== undefined,
      changes.phone ?? null,
    ],
  );
}

export async function setDisabled(db: Queryable, id: string, disabledAt: Date | null): Promise<void> {
  await db.query("UPDATE app_user SET disabled_at = $2, updated_at = now() WHERE id = $1", [id, disabledAt]);
}

export async function releaseLockout(db: Queryable, id: string): Promise<void> {
  await db.query("UPDATE app_user SET locked_at = NULL, updated_at = now() WHERE id = $1", [id]);
  await db.query("DELETE FROM sign_in_failure WHERE user_id = $1", [id]);
}

export async function resetMfa(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE app_user SET totp_secret_encrypted = NULL, totp_pending_secret_encrypted = NULL, totp_enrolled_at = NULL,
            updated_at = now() WHERE id = $1`,
    [id],
  );
}

export async function setTemporaryPassword(db: Queryable, id: string, passwordHash: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE app_user SET password_hash = $2, password_changed_at = $3, must_change_password = true, updated_at = $3
      WHERE id = $1`,
    [id, passwordHash, now],
  );
}

export type AgencyRow = {
  id: string;
  name: string;
  lockout_release_minutes: number | null;
  password_max_age_days: number | null;
  field_escalation_minutes: number;
  duty_contact_user_id: string | null;
  missed_test_counts_as_positive: boolean;
  notify_unit_supervisor_of_tests: boolean;
  route_stop_limit: number;
  monitoring_home_radius_meters: number;
};

export async function findAgency(db: Queryable, id: string): Promise<AgencyRow> {
  const rows = await db.query<AgencyRow>(
    `SELECT id, name, lockout_release_minutes, password_max_age_days, field_escalation_minutes, duty_contact_user_id,
            missed_test_counts_as_positive, notify_unit_supervisor_of_tests, route_stop_limit,
            monitoring_home_radius_meters
       FROM agency WHERE id = $1`,
    [id],
  );
  return rows[0]!;
}

export type AgencySettingsChanges = {
  lockoutReleaseMinutes?: number | null;
  passwordMaxAgeDays?: number | null;
  fieldEscalationMinutes?: number;
  dutyContactUserId?: string | null;
  missedTestCountsAsPositive?: boolean;
  notifyUnitSupervisorOfTests?: boolean;
  routeStopLimit?: number;
  monitoringHomeRadiusMeters?: number;
};

/** Changes only the settings given; undefined keeps the current value, null clears a nullable one. */
export async function updateAgencySettings(db: Queryable, id: string, changes: AgencySettingsChanges): Promise<void> {
  await db.query(
    `UPDATE agency SET
       lockout_release_minutes = CASE WHEN $2 THEN $3::int ELSE lockout_release_minutes END,
       password_max_age_days = CASE WHEN $4 THEN $5::int ELSE password_max_age_days END,
       field_escalation_minutes = coalesce($6::int, field_escalation_minutes),
       duty_contact_user_id = CASE WHEN $7 THEN $8::uuid ELSE duty_contact_user_id END,
       missed_test_counts_as_positive = coalesce($9::boolean, missed_test_counts_as_positive),
       notify_unit_supervisor_of_tests = coalesce($10::boolean, notify_unit_supervisor_of_tests),
       route_stop_limit = coalesce($11::int, route_stop_limit),
       monitoring_home_radius_meters = coalesce($12::int, monitoring_home_radius_meters)
     WHERE id = $1`,
    [
      id,
      changes.lockoutReleaseMinutes !== undefined,
      changes.lockoutReleaseMinutes ?? null,
      changes.passwordMaxAgeDays !== undefined,
      changes.passwordMaxAgeDays ?? null,
      changes.fieldEscalationMinutes ?? null,
      changes.dutyContactUserId !== undefined,
      changes.dutyContactUserId ?? null,
      changes.missedTestCountsAsPositive ?? null,
      changes.notifyUnitSupervisorOfTests ?? null,
      changes.routeStopLimit ?? null,
      changes.monitoringHomeRadiusMeters ?? null,
    ],
  );
}
