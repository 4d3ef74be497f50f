import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, startCluster } from "../../../../scripts/lib/postgres-cluster";
import { buildApp } from "../../app";
import { createDemoOrganisation } from "../../bootstrap/bootstrap";
import { loadConfig } from "../../config";
import { type Client, fakeClock, onPostgresServer, signIn, type TestApp } from "../../test-support/harness";
import { createLogger } from "../logger";
import { createSecretBox } from "../secrets";
import { openPostgres } from "./database";
import { migrate } from "./migrate";

// Needs its own PostgreSQL cluster to stop and start, so it runs in the PostgreSQL pass only.
describe.runIf(onPostgresServer)("database outage and recovery (PostgreSQL server)", () => {
  let cluster: Cluster;
  let test: TestApp;
  let officer: Client;

  beforeAll(async () => {
    cluster = await startCluster();
    const db = await openPostgres(cluster.url, { max: 3 });
    await migrate(db);
    const config = { ...loadConfig({ NODE_ENV: "test", SECRET_KEY: "test-secret-key-that-is-long-enough-1234", LOG_LEVEL: "silent" }) };
    const clock = fakeClock();
    const deps = { config, db, clock: clock.now, log: createLogger("silent"), secretBox: createSecretBox(config.secretKey) };
    const demoSecrets = await createDemoOrganisation(db, deps.secretBox, clock.now());
    const app = await buildApp(deps, { serveWeb: false });
    test = {
      app,
      db,
      clock,
      deps,
      demoSecrets,
      close: async () => {
        await app.close();
        await db.close();
      },
    };
    officer = await signIn(test, "officer.north1");
  });
  afterAll(async () => {
    await test?.close();
    cluster?.remove();
  });

  it("answers 503 with a clear message while the database is down and recovers by itself", { timeout: 120_000 }, async () => {
    expect((await officer.get("/api/v1/units")).statusCode).toBe(200);
    cluster.stop();

    const ready = await test.app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    const during = await officer.get("/api/v1/units");
    expect(during.statusCode).toBe(503);
    expect(during.headers["retry-after"]).toBe("5");
    expect(during.json().message).toMatch(/database is not reachable/);

    cluster.start();
    // The pool reconnects on the next query: ask /readyz until it answers, for well under the test's budget.
    await expect
      .poll(async () => (await test.app.inject({ method: "GET", url: "/readyz" })).statusCode, { timeout: 30_000, interval: 200 })
      .toBe(200);
    expect((await officer.get("/api/v1/units")).statusCode).toBe(200);
  });
});
