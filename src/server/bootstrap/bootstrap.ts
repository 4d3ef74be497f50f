import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { temporaryPassword } from "../features/admin/admin.service";
import { hashPassword } from "../features/auth/password-policy";
import { newTotpSecret } from "../features/auth/totp";
import { defaultConditionCatalogue } from "../features/conditions/condition-catalogue";
import { createGateway } from "../features/monitoring/ingest/gateways";
import { dailyDrawJobName } from "../features/testing/testing.service";
import { type AuditSource, appendAudit } from "../platform/audit/audit";
import type { Database, Queryable } from "../platform/db/database";
import { periodicJobKind } from "../platform/jobs";
import type { SecretBox } from "../platform/secrets";
import { demoAccounts, demoAgencyName, demoPassword, demoUnits } from "./demo-accounts";

const systemSource: AuditSource = {
  agencyId: null,
  actorUserId: null,
  actorUsername: "system",
  sessionRef: null,
  ip: null,
  userAgent: "waypoint bootstrap",
};

async function insertConditionCatalogue(tx: Queryable, agencyId: string): Promise<void> {
  for (const entry of defaultConditionCatalogue) {
    await tx.query("INSERT INTO condition_type (agency_id, code, title, kind, is_standard) VALUES ($1, $2, $3, $4, $5)", [
      agencyId,
      entry.code,
      entry.title,
      entry.kind,
      entry.isStandard,
    ]);
  }
}

export async function hasAnyUser(db: Database): Promise<boolean> {
  return (await db.query("SELECT 1 FROM app_user LIMIT 1")).length > 0;
}

/** Username → authenticator (TOTP) secret of each demo account. */
export type DemoTotpSecrets = Record<string, string>;

/**
 * Demo agency, two units and one account per role, with the published demo password and TOTP secrets
 * generated for this install (a fixed secret would let anyone sign in to any demo install): returned here
 * and stored encrypted like every other secret.
 */
export async function createDemoOrganisation(db: Database, secretBox: SecretBox, now: Date): Promise<DemoTotpSecrets> {
  const passwordHash = await hashPassword(demoPassword);
  const secrets: DemoTotpSecrets = Object.fromEntries(demoAccounts.map((account) => [account.username, newTotpSecret()]));
  await db.transaction(async (tx) => {
    const [agency] = await tx.query<{ id: string }>("INSERT INTO agency (name, lockout_release_minutes) VALUES ($1, 30) RETURNING id", [
      demoAgencyName,
    ]);
    await insertConditionCatalogue(tx, agency!.id);
    const unitIds = new Map<string, string>();
    for (const name of demoUnits) {
      const [unit] = await tx.query<{ id: string }>("INSERT INTO unit (agency_id, name) VALUES ($1, $2) RETURNING id", [agency!.id, name]);
      unitIds.set(name, unit!.id);
    }
    for (const account of demoAccounts) {
      await tx.query(
        `INSERT INTO app_user (agency_id, unit_id, username, display_name, roles, password_hash, password_changed_at,
                               totp_secret_encrypted, totp_enrolled_at, phone)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9)`,
        [
          agency!.id,
          account.unit ? unitIds.get(account.unit) : null,
          account.username,
          account.displayName,
          account.roles,
          passwordHash,
          now,
          secretBox.seal(secrets[account.username]!),
          account.phone ?? null,
        ],
      );
    }
    // One run of the daily draw that failed (the database connection dropped), so the administrators' Background jobs
    // page shows a job to run again; run again, it makes any draw that is due (the job is idempotent).
    await tx.query(
      `INSERT INTO job (kind, payload, status, run_at, attempts, max_attempts, last_error, created_at, started_at, finished_at)
       VALUES ($1, '{}', 'dead', $2, 1, 1, $3, $2, $2, $2)`,
      [periodicJobKind(dailyDrawJobName), new Date(now.getTime() - 3_600_000), "Connection terminated unexpectedly"],
    );
    // A vendor gateway for the monitoring demo; its key and secret are printed nowhere (make another to post).
    await createGateway(tx, secretBox, { agencyId: agency!.id, name: "Demo vendor gateway" });
    await appendAudit(
      tx,
      { ...systemSource, agencyId: agency!.id },
      { action: "system.demo_data_created", outcome: "allowed", details: { accounts: demoAccounts.length } },
      now,
    );
  });
  return secrets;
}

/** The demo accounts' current TOTP secrets, from the database; an account without one (MFA reset) is left out. */
export async function readDemoTotpSecrets(db: Queryable, secretBox: SecretBox): Promise<DemoTotpSecrets> {
  const rows = await db.query<{ username: string; totp_secret_encrypted: string | null }>(
    "SELECT username, totp_secret_encrypted FROM app_user WHERE username = ANY ($1::text[]) AND totp_secret_encrypted IS NOT NULL",
    [demoAccounts.map((account) => account.username)],
  );
  return Object.fromEntries(rows.map((row) => [row.username, secretBox.open(row.totp_secret_encrypted!)]));
}

// The embedded database is single-process, so `npm run demo:totp` cannot read it while the server runs:
// the server leaves the secrets it read from the database here, beside secret.key (which decrypts them anyway).
export const demoTotpFile = (dataDir: string) => join(dataDir, "demo-totp-secrets.json");

export function writeDemoTotpFile(dataDir: string, secrets: DemoTotpSecrets): void {
  writeFileSync(demoTotpFile(dataDir), `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
}

export function readDemoTotpFile(dataDir: string): DemoTotpSecrets | null {
  const file = demoTotpFile(dataDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as DemoTotpSecrets) : null;
}

/** An administrator with a one-time password, in the existing agency (or a new one on first start). */
export async function createAdministrator(
  db: Database,
  input: { agencyName: string; username: string; displayName: string },
  now: Date,
): Promise<string> {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const existingAgency = await tx.query<{ id: string }>("SELECT id FROM agency ORDER BY created_at LIMIT 1");
    let agencyId = existingAgency[0]?.id;
    if (!agencyId) {
      agencyId = (await tx.query<{ id: string }>("INSERT INTO agency (name) VALUES ($1) RETURNING id", [input.agencyName]))[0]!.id;
      await insertConditionCatalogue(tx, agencyId);
    }
    const [user] = await tx.query<{ id: string }>(
      `INSERT INTO app_user (agency_id, username, display_name, roles, password_hash, password_changed_at, must_change_password)
       VALUES ($1, $2, $3, ARRAY['admin'], $4, $5, true) RETURNING id`,
      [agencyId, input.username, input.displayName, passwordHash, now],
    );
    await appendAudit(
      tx,
      { ...systemSource, agencyId },
      { action: "system.administrator_created", outcome: "allowed", recordType: "user", recordId: user!.id },
      now,
    );
  });
  return password;
}
