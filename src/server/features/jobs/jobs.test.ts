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

  it("answers 404 for an unknown job, 400 for a malformed id, and shows the queue's own jobs to administrators only", async () => {
    expect((await officer.get("/api/v1/jobs/00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
    const own = (await enqueueJob(
      test.db,
      `supervision-event.dispatch-${Date.now()}`,
      { eventId: "00000000-0000-4000-8000-000000000000" },
      { now: test.clock.now() },
    ))!;
    expect((await officer.get(`/api/v1/jobs/${own}`)).statusCode).toBe(403);
    expect(await auditRows(test.db, "action = 'job.status_read' AND record_id = $1 AND outcome = 'denied'", [own])).toHaveLength(1);
    const admin = await signIn(test, "admin");
    expect((await admin.get(`/api/v1/jobs/${own}`)).json()).toMatchObject({ id: own, status: "queued" });
    expect((await officer.get("/api/v1/jobs/not-a-job")).statusCode).toBe(400);
  });

  it("lists waiting, running and dead jobs for administrators, and runs a dead one again once confirmed, audited", async () => {
    const kind = `import.people-${Date.now()}`;
    const otherKind = `${kind}-idle`;
    const id = (await enqueueJob(test.db, kind, { rows: 3 }, { now: test.clock.now(), agencyId, enqueuedBy: officerId, maxAttempts: 2 }))!;
    const waiting = (await enqueueJob(test.db, otherKind, {}, { now: test.clock.now() }))!;
    let failures = 0;
    const queue = createJobQueue(test.deps, {
      retryBaseMs: 1_000,
      handlers: [
        defineJob({
          kind,
          payload: z.object({ rows: z.number() }),
          async run(payload, job) {
            await job.progress(1, payload.rows, "reading rows");
            failures += 1;
            if (failures <= 2) throw new Error(`row 2: the date of birth "31/02/1990" is not a date\n    at parse (import.ts:10)`);
          },
        }),
      ],
    });
    await queue.runUntilIdle();
    test.clock.advance(1_000);
    await queue.runUntilIdle();

    const admin = await signIn(test, "admin");
    const listed = await admin.get("/api/v1/jobs");
    expect(listed.statusCode).toBe(200);
    const jobs = listed.json().jobs as { id: string; status: string }[];
    expect(jobs.find((job) => job.id === id)).toMatchObject({
      kind,
      system: false,
      status: "dead",
      attempts: 2,
      maxAttempts: 2,
      lastError: expect.stringMatching(/^row 2: the date of birth/),
      progress: { done: 1, total: 3, note: "reading rows" },
      enqueuedByName: expect.any(String),
    });
    expect(jobs.find((job) => job.id === waiting)).toMatchObject({ status: "queued", system: true, attempts: 0, lastError: null });
    expect(await auditRows(test.db, "action = 'job.list' AND outcome = 'allowed'")).not.toHaveLength(0);

    // Officers neither list nor run jobs again; the refusal is audited.
    expect((await officer.get("/api/v1/jobs")).statusCode).toBe(403);
    expect((await officer.post(`/api/v1/jobs/${id}/run-again`)).statusCode).toBe(403);
    expect(await auditRows(test.db, "action = 'job.run_again' AND record_id = $1 AND outcome = 'denied'", [id])).toHaveLength(1);
    // Only a dead job runs again.
    expect((await admin.post(`/api/v1/jobs/${waiting}/run-again`)).statusCode).toBe(404);

    const again = await admin.post(`/api/v1/jobs/${id}/run-again`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id, status: "queued", attempts: 0, failed: false, progress: null });
    expect(await auditRows(test.db, "action = 'job.run_again' AND record_id = $1 AND outcome = 'allowed'", [id])).toHaveLength(1);
    expect((await admin.post(`/api/v1/jobs/${id}/run-again`)).statusCode).toBe(404);
    await queue.runUntilIdle();
    expect((await officer.get(`/api/v1/jobs/${id}`)).json()).toMatchObject({ status: "succeeded", attempts: 1 });
  });

  it("refuses to run a dead job again while the same job (its dedupe key) is already waiting", async () => {
    const kind = `periodic:matrix-${Date.now()}`;
    const dedupeKey = kind;
    const dead = (await enqueueJob(test.db, kind, {}, { now: test.clock.now(), dedupeKey, maxAttempts: 1 }))!;
    const queue = createJobQueue(test.deps, {
      handlers: [
        defineJob({
          kind,
          payload: z.object({}),
          async run() {
            throw new Error("database unreachable");
          },
        }),
      ],
    });
    await queue.runUntilIdle();
    await enqueueJob(test.db, kind, {}, { now: test.clock.now(), dedupeKey, runAt: new Date(test.clock.now().getTime() + 3_600_000) });
    const admin = await signIn(test, "admin");
    const refused = await admin.post(`/api/v1/jobs/${dead}/run-again`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/already waiting/);
  });
});
