import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import type { Database } from "../../platform/db/database";
import { openPostgres } from "../../platform/db/database";
import { openEventStream } from "../../test-support/event-stream";
import { type Client, createTestApp, onPostgresServer, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";

// Two server instances on one PostgreSQL, each with its own connections and its own LISTEN: a notification
// made through one (a supervisor records a positive drug test there) reaches the officer's browser connected to
// the other. PGlite is one process with one connection, so this is a PostgreSQL server test only.
describe.runIf(onPostgresServer)("live notifications across two server instances (PostgreSQL server)", () => {
  let first: TestApp;
  let secondDb: Database;
  let second: FastifyInstance;
  let secondUrl: string;
  let officer: Client;
  let supervisor: Client;

  beforeAll(async () => {
    first = await createTestApp();
    first.clock.set(new Date("2026-03-10T16:00:00Z"));
    secondDb = await openPostgres(first.databaseUrl!, { max: 3 });
    second = await buildApp({ ...first.deps, db: secondDb }, { serveWeb: false });
    await second.listen({ port: 0, host: "127.0.0.1" });
    secondUrl = `http://127.0.0.1:${(second.server.address() as AddressInfo).port}`;
    officer = await signIn(first, "officer.north1");
    supervisor = await signIn(first, "supervisor.north");
  });
  afterAll(async () => {
    await second.close();
    await secondDb.close();
    await first.close();
  });

  it("delivers a notification made through one instance to a stream open on the other", async () => {
    const { caseId } = await intake(officer, { case: { supervisionStart: "2026-02-01" } });
    const program = { frequency: "weekly", testsPerMonth: 4, panel: ["thc", "cocaine"], method: "urine", startedOn: "2026-03-01" };
    expect((await officer.put(`/api/v1/cases/${caseId}/testing-program`, program)).statusCode).toBe(200);

    // The officer's browser is connected to the second instance (the session is the same database's).
    const live = await openEventStream(`${secondUrl}/api/v1/notifications/stream`, { cookie: officer.cookie });
    expect(live.status).toBe(200);
    await live.next((event) => event.event === "ready");

    // Through the first instance: a supervisor records a positive test, which notifies the case's officer.
    const recorded = await supervisor.post(`/api/v1/cases/${caseId}/tests`, {
      status: "collected",
      specimenId: "TWO-INSTANCE-1",
      collectedAt: "2026-03-10T09:00:00-04:00",
      method: "urine",
      results: [{ substance: "thc", result: "positive" }],
    });
    expect(recorded.statusCode).toBe(201);
    const event = await live.next((candidate) => candidate.event === "notification");
    expect(JSON.parse(event.data)).toMatchObject({
      kind: "drug_test",
      recordId: caseId,
      title: expect.stringMatching(/^Drug test: positive/),
    });
    live.close();
  });
});
