// Accounts beyond the demo ones: role combinations, and a second agency with its own unit and catalogue.
// Inserted directly (as the bootstrap does), with the demo password and a known TOTP secret, so tests sign in fast.

import { defaultConditionCatalogue } from "../features/conditions/condition-catalogue";
import type { Role } from "../platform/access/policy";
import { type Client, clientFor, passwordStage, sessionCookie, type TestApp, totpCode } from "./harness";

/** A fixed TOTP secret for the accounts made here (test data only). */
export const extraAccountTotpSecret = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU";

/** A second agency with one unit and the default condition catalogue; answers its and its unit's ids. */
export async function createAgency(test: TestApp, name: string, unitName: string): Promise<{ agencyId: string; unitId: string }> {
  const [agency] = await test.db.query<{ id: string }>("INSERT INTO agency (name) VALUES ($1) RETURNING id", [name]);
  const agencyId = agency!.id;
  for (const entry of defaultConditionCatalogue) {
    await test.db.query("INSERT INTO condition_type (agency_id, code, title, kind, is_standard) VALUES ($1, $2, $3, $4, $5)", [
      agencyId,
      entry.code,
      entry.title,
      entry.kind,
      entry.isStandard,
    ]);
  }
  const [unit] = await test.db.query<{ id: string }>("INSERT INTO unit (agency_id, name) VALUES ($1, $2) RETURNING id", [
    agencyId,
    unitName,
  ]);
  return { agencyId, unitId: unit!.id };
}

/** An active, MFA-enrolled account with the demo password (its hash is copied from the demo administrator). */
export async function createAccount(
  test: TestApp,
  input: { username: string; displayName: string; roles: Role[]; agencyId: string; unitId: string | null },
): Promise<string> {
  const [demo] = await test.db.query<{ password_hash: string }>("SELECT password_hash FROM app_user WHERE username = 'admin'");
  const now = test.clock.now();
  const [user] = await test.db.query<{ id: string }>(
    `INSERT INTO app_user (agency_id, unit_id, username, display_name, roles, password_hash, password_changed_at,
                           totp_secret_encrypted, totp_enrolled_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7) RETURNING id`,
    [
      input.agencyId,
      input.unitId,
      input.username,
      input.displayName,
      input.roles,
      demo!.password_hash,
      now,
      test.deps.secretBox.seal(extraAccountTotpSecret),
    ],
  );
  return user!.id;
}

/** Full sign-in (password, then TOTP) of an account made by createAccount. */
export async function signInAccount(test: TestApp, username: string): Promise<Client> {
  test.clock.advance(30_000);
  const first = await passwordStage(test, username);
  const verified = await first.post("/api/auth/mfa/verify", { code: await totpCode(extraAccountTotpSecret, test.clock.now()) });
  if (verified.statusCode !== 200) throw new Error(`MFA for ${username} failed: ${verified.statusCode} ${verified.body}`);
  const cookie = sessionCookie(verified);
  const session = await test.app.inject({ method: "GET", url: "/api/auth/session", headers: { cookie } });
  return clientFor(test.app, cookie, session.json().csrfToken);
}

/** A second supervisor of the North unit (Nadia Second), signed in: the one who may approve what supervisor.north asked. */
export async function signInSecondNorthSupervisor(test: TestApp): Promise<Client> {
  const [north] = await test.db.query<{ id: string; agency_id: string }>(
    "SELECT id, agency_id FROM unit WHERE name = 'North Field Office'",
  );
  await createAccount(test, {
    username: "supervisor.north2",
    displayName: "Nadia Second",
    roles: ["supervisor"],
    agencyId: north!.agency_id,
    unitId: north!.id,
  });
  return signInAccount(test, "supervisor.north2");
}
