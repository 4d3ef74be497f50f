import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, engineName, type TestApp } from "../../test-support/harness";
import { listMigrations, MigrationChecksumMismatch, migrate } from "./migrate";

describe(`migration checksums (${engineName})`, () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(() => test.close());

  it("records the sha256 of every migration file a fresh database applies", async () => {
    const rows = await test.db.query<{ version: string; checksum: string }>(
      "SELECT version, checksum FROM schema_migration ORDER BY version",
    );
    expect(rows).toEqual(listMigrations().map(({ version, checksum }) => ({ version, checksum })));
    for (const row of rows) expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it("records the current file's checksum for migrations applied before checksums existed", async () => {
    await test.db.exec("UPDATE schema_migration SET checksum = NULL WHERE version = '001_platform'");
    expect(await migrate(test.db)).toEqual([]);
    const [row] = await test.db.query<{ checksum: string }>("SELECT checksum FROM schema_migration WHERE version = '001_platform'");
    expect(row?.checksum).toBe(listMigrations()[0]?.checksum);
  });

  it("refuses to start when an applied migration's file changed, naming the migration", async () => {
    const [, second] = listMigrations();
    await test.db.query("UPDATE schema_migration SET checksum = $1 WHERE version = $2", ["0".repeat(64), second?.version]);
    const refused = migrate(test.db);
    await expect(refused).rejects.toBeInstanceOf(MigrationChecksumMismatch);
    await expect(refused).rejects.toThrow(/migration 002_supervision was changed after it was applied/);
    await test.db.query("UPDATE schema_migration SET checksum = $1 WHERE version = $2", [second?.checksum, second?.version]);
    expect(await migrate(test.db)).toEqual([]);
  });

  it("keeps /readyz ready once every migration is applied with its checksum", async () => {
    const ready = await test.app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: "ready", pendingMigrations: [] });
  });
});
