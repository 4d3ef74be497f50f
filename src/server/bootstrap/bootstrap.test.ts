import { describe, expect, it } from "vitest";
import { migrate } from "../platform/db/migrate";
import { createSecretBox } from "../platform/secrets";
import { createTestDatabase, engineName } from "../test-support/harness";
import { createDemoOrganisation, readDemoTotpSecrets } from "./bootstrap";
import { demoAccounts } from "./demo-accounts";

describe(`demo organisation (${engineName})`, () => {
  it("generates the demo accounts' TOTP secrets per install, stores them encrypted and reads them back", async () => {
    const secretBox = createSecretBox("k".repeat(40));
    const installs = [];
    for (let install = 0; install < 2; install++) {
      const test = await createTestDatabase();
      try {
        await migrate(test.db);
        const secrets = await createDemoOrganisation(test.db, secretBox, new Date());
        expect(Object.keys(secrets)).toEqual(demoAccounts.map((account) => account.username));
        expect(await readDemoTotpSecrets(test.db, secretBox)).toEqual(secrets);
        const [stored] = await test.db.query<{ totp_secret_encrypted: string }>(
          "SELECT totp_secret_encrypted FROM app_user WHERE username = 'officer.north1'",
        );
        expect(stored!.totp_secret_encrypted).not.toContain(secrets["officer.north1"]!);
        installs.push(secrets);
      } finally {
        await test.drop();
      }
    }
    // No two installs share a secret: a published one would let anyone pass the second factor of any demo.
    for (const account of demoAccounts) expect(installs[0]![account.username]).not.toBe(installs[1]![account.username]);
  }, 180_000); // two databases migrated and seeded: slow on a busy 2-core machine
});
