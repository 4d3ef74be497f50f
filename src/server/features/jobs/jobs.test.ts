import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createJobQueue, defineJob, enqueueJob } from "../../platform/jobs";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";

describe(`a background job's status and progress (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let agencyId: string;
  let officerId: string;

  beforeAll(async () => {
    test = await createTestApp();
    officer = await signIn(test, "officer.north1");
    const [user] = await test.db.query<{ id: string; agency_id: string }>(
      "SELECT id, agency_id FROM app_user WHERE username = 'officer.north1'",
    );
    officerId = user!.id;
    agencyId = user!.agency_id;
  });
  afterAll(() => test.close());

  it("shows the job to who enqueued it and to an administrator, with its progress, and to nobody else", async () => {
    const kind = `report.render-${Date.now()}`;
    const id = (await enqueueJob(test.db, kind, { pages: 4 }, { now: test.clock.now(), agencyId, enqueuedBy: officerId }))!;
    const queued = await officer.get(`/api/v1/jobs/${id}`);
    expect(queued.statusCode).toBe(200);
    expect(queued.json()).toMatchObject({
      id,
      kind,
      status: "queued",
      attempts: 0,
      maxAttempts: 5,
      progress: null,
      failed: false,
      startedAt: null,
    });

    // The job reports half its pages, then fails once: a retry is queued and the page can say so.
    const queue = createJobQueue(test.deps, {
      handlers: [
        defineJob({
          kind,
          payload: z.object({ pages: z.number() }),
          async run(payload, job) {
            await job.progress(payload.pages / 2, payload.pages, "rendering");
            throw new Error("renderer crashed");
          },
        }),
      ],
    });
    expect(await queue.runUntilIdle()).toBe(1);
    const retrying = (await officer.get(`/api/v1/jobs/${id}`)).json();
    expect(retrying).toMatchObject({ status: "queued", attempts: 1, progress: { done: 2, total: 4, note: "rendering" }, failed: true });
    expect(retrying.startedAt).toBe(test.clock.now().toISOString());
    expect(JSON.stringify(retrying)).not.toContain("renderer crashed");

    const admin = await signIn(test, "admin");
    expect((await admin.get(`/api/v1/jobs/${id}`)).statusCode).toBe(200);
    const colleague = await signIn(test, "officer.north2");
    expect((await colleague.get(`/api/v1/jobs/${id}`)).statusCode).toBe(403);
    expect(await auditRows(test.db, "action = 'job.status_read' AND record_id = $1 AND outcome = 'denied'", [id])).toHaveLength(1);
  });

  it("answers 404 for an unknown job and for the queue's own jobs, 400 for a malformed id", async () => {
    expect((await officer.get("/api/v1/jobs/00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
    const own = (await enqueueJob(
      test.db,
      "supervision-event.dispatch",
      { eventId: "00000000-0000-4000-8000-000000000000" },
      { now: test.clock.now() },
    ))!;
    expect((await officer.get(`/api/v1/jobs/${own}`)).statusCode).toBe(404);
    expect((await officer.get("/api/v1/jobs/not-a-job")).statusCode).toBe(400);
  });
});
