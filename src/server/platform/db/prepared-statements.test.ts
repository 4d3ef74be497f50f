import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, onPostgresServer, type TestDatabase } from "../../test-support/harness";
import { type Database, openPostgres } from "./database";

// PGlite has its own single connection and no pool; the named statements are a PostgreSQL-server matter.
describe.runIf(onPostgresServer)("prepared statements (PostgreSQL server)", () => {
  let testDatabase: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    db = await openPostgres(testDatabase.url!, { max: 1 });
  });
  afterAll(async () => {
    await db.close();
    await testDatabase.drop();
  });

  const preparedOnThisConnection = (tx: Pick<Database, "query">, text: string) =>
    tx.query<{ count: number }>("SELECT count(*)::int AS count FROM pg_prepared_statements WHERE statement = $1", [text]);

  it("parses a parameterised text once per connection and reuses it, in and out of transactions", async () => {
    const text = "SELECT $1::int + 1 AS next";
    for (let run = 0; run < 3; run++) expect(await db.query<{ next: number }>(text, [run])).toEqual([{ next: run + 1 }]);
    await db.transaction(async (tx) => {
      expect(await tx.query<{ next: number }>(text, [41])).toEqual([{ next: 42 }]);
      // One connection (max 1): the statement prepared outside the transaction is the one reused inside it.
      expect(await preparedOnThisConnection(tx, text)).toEqual([{ count: 1 }]);
    });
  });

  it("still runs texts without parameters, several statements included, and reports errors as before", async () => {
    await db.exec("CREATE TEMP TABLE scratch (n int); INSERT INTO scratch VALUES (1)");
    expect(await db.query<{ n: number }>("SELECT n FROM scratch")).toEqual([{ n: 1 }]);
    await expect(db.query("SELECT $1::int AS n FROM no_such_table", [1])).rejects.toThrow(/no_such_table/);
    // A text that failed to parse is not remembered as prepared: it fails the same way again, not differently.
    await expect(db.query("SELECT $1::int AS n FROM no_such_table", [1])).rejects.toThrow(/no_such_table/);
  });
});
