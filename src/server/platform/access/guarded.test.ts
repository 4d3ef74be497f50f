import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRows, createTestApp, engineName, type TestApp } from "../../test-support/harness";
import type { RequestContext } from "../context";
import { guarded } from "./guarded";

describe(`guarded work for reads, without a transaction (${engineName})`, () => {
  let test: TestApp;
  let context: RequestContext;

  beforeAll(async () => {
    test = await createTestApp();
    const [admin] = await test.db.query<{ id: string; agency_id: string }>("SELECT id, agency_id FROM app_user WHERE username = 'admin'");
    const actor = {
      userId: admin!.id,
      username: "admin",
      displayName: "Administrator",
      agencyId: admin!.agency_id,
      unitId: null,
      roles: ["admin" as const],
      sessionRef: "guarded-test",
    };
    const source = {
      agencyId: actor.agencyId,
      actorUserId: actor.userId,
      actorUsername: "admin",
      sessionRef: "guarded-test",
      ip: null,
      userAgent: null,
    };
    context = { actor, source, now: test.clock.now(), readOnly: true };
  });
  afterAll(async () => test?.close());

  it("writes a read's audit row after the work, tagged with its request id", async () => {
    const requestId = `read-${Date.now()}`;
    const answer = await guarded(test.deps, { ...context, source: { ...context.source, requestId } }, async ({ tx, record }) => {
      record({ action: "test.read", outcome: "allowed", recordType: "user", recordId: context.actor!.userId });
      return tx.query<{ one: number }>("SELECT 1 AS one");
    });
    expect(answer).toEqual([{ one: 1 }]);
    expect(await auditRows(test.db, "request_id = $1", [requestId])).toHaveLength(1);
  });

  it("refuses a statement that writes, so a read can never leave half a change behind", async () => {
    const requestId = `write-in-read-${Date.now()}`;
    const attempt = guarded(test.deps, { ...context, source: { ...context.source, requestId } }, async ({ tx, record }) => {
      record({ action: "test.read", outcome: "allowed" });
      await tx.query("UPDATE app_user SET display_name = display_name WHERE id = $1", [context.actor!.userId]);
    });
    await expect(attempt).rejects.toThrow(/read-only request tried to write/);
    // Nothing answered, so nothing audited as read either.
    expect(await auditRows(test.db, "request_id = $1", [requestId])).toHaveLength(0);
  });

  it("still runs a change (not a read) in one transaction with its audit row", async () => {
    const requestId = `change-${Date.now()}`;
    const attempt = guarded(
      test.deps,
      { ...context, readOnly: false, source: { ...context.source, requestId } },
      async ({ tx, record }) => {
        record({ action: "test.change", outcome: "allowed" });
        await tx.query("UPDATE app_user SET phone = '555-0100' WHERE id = $1", [context.actor!.userId]);
        throw new Error("fails after the write");
      },
    );
    await expect(attempt).rejects.toThrow("fails after the write");
    const [row] = await test.db.query<{ phone: string | null }>("SELECT phone FROM app_user WHERE id = $1", [context.actor!.userId]);
    expect(row?.phone).toBeNull();
    expect(await auditRows(test.db, "request_id = $1", [requestId])).toHaveLength(0);
  });
});
