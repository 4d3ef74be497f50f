import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotificationKind } from "../../../shared/contract/notifications";
import { openEventStream } from "../../test-support/event-stream";
import { type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";
import { createTask } from "../tasks/tasks";
import { notify } from "./notify";

// The live stream through a real HTTP connection (the app listening on a loopback port), as a browser's
// EventSource reads it: new notifications arrive as they commit, and a dropped connection catches up.
describe(`live notification stream (${engineName})`, () => {
  let test: TestApp;
  let base: string;
  let officer: Client;
  let officerId: string;

  beforeAll(async () => {
    test = await createTestApp({ sseHeartbeatSeconds: 1 });
    test.clock.set(new Date("2026-03-10T14:00:00Z"));
    await test.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
    officer = await signIn(test, "officer.north1");
    const [row] = await test.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'officer.north1'");
    officerId = row!.id;
  });
  afterAll(() => test.close());

  const notifyOfficer = (title: string, kind: NotificationKind = "drug_test") =>
    test.db.transaction((tx) =>
      notify(tx, {
        userId: officerId,
        kind,
        title,
        body: ".",
        recordType: "case",
        recordId: officerId,
        urgent: true,
        now: test.clock.now(),
      }),
    );
  const stream = (client: Client, lastEventId?: string) =>
    openEventStream(`${base}/api/v1/notifications/stream`, {
      cookie: client.cookie,
      ...(lastEventId === undefined ? {} : { "last-event-id": lastEventId }),
    });
  const titled = (title: string) => (event: { event: string; data: string }) =>
    event.event === "notification" && JSON.parse(event.data).title === title;

  it("sends a new notification live, only to its recipient, and catches up after a dropped connection from Last-Event-ID", async () => {
    const live = await stream(officer);
    expect(live.status).toBe(200);
    const ready = await live.next((event) => event.event === "ready");
    const other = await stream(await signIn(test, "officer.north2"));
    await other.next((event) => event.event === "ready");

    await notifyOfficer("Live one");
    const first = await live.next(titled("Live one"));
    expect(Number(first.id)).toBeGreaterThan(Number(ready.id));
    expect(JSON.parse(first.data)).toMatchObject({ title: "Live one", urgent: true, readAt: null });

    // The connection drops; two notifications are made while it is down; the browser reconnects with the last id.
    live.close();
    await live.ended;
    await notifyOfficer("While away 1");
    await notifyOfficer("While away 2");
    const again = await stream(officer, first.id!);
    await again.next(titled("While away 2"));
    const caughtUp = again.events.filter((event) => event.event === "notification").map((event) => JSON.parse(event.data).title);
    expect(caughtUp).toEqual(["While away 1", "While away 2"]);

    // Marking read tells the open streams, so other tabs update their counts.
    const id = JSON.parse(first.data).id;
    expect((await officer.post(`/api/v1/notifications/${id}/read`)).statusCode).toBe(200);
    await again.next((event) => event.event === "read");

    // Nothing of the officer's reached another user's stream.
    expect(other.events.filter((event) => event.event !== "ready")).toEqual([]);
    again.close();
    other.close();
  });

  it("tells the owner's open streams when a person changes their task (snoozed on another device), so lists refresh", async () => {
    const { caseId } = await intake(officer);
    const taskId = await test.db.transaction((tx) =>
      createTask(tx, {
        caseId,
        kind: "no_show_follow_up",
        owner: { owner: "case_officer" },
        due: "2026-03-10",
        sourceType: "stream-test",
        sourceId: crypto.randomUUID(),
        by: null,
        now: test.clock.now(),
      }),
    );
    const live = await stream(officer);
    await live.next((event) => event.event === "ready");
    const snoozed = await officer.post(`/api/v1/tasks/${taskId}/snooze`, {
      until: "2026-03-11T14:00:00Z",
      reason: "Seen at court this morning",
    });
    expect(snoozed.statusCode, snoozed.body).toBe(200);
    await live.next((event) => event.event === "tasks");
    live.close();
  });

  it("refuses a stream without a session or with a malformed Last-Event-ID", async () => {
    expect((await openEventStream(`${base}/api/v1/notifications/stream`, {})).status).toBe(401);
    const bad = await stream(officer, "12; DROP");
    expect(bad.status).toBe(400);
    bad.close();
    const unknown = await openEventStream(`${base}/api/v1/notifications/stream?since=1`, { cookie: officer.cookie });
    expect(unknown.status).toBe(400);
    unknown.close();
  });

  it("does not keep the session alive: the stream ends when the session idles out", async () => {
    const user = await signIn(test, "officer.north2");
    const lastSeen = async () =>
      (
        await test.db.query<{ last_seen_at: Date }>(
          "SELECT s.last_seen_at FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE u.username = 'officer.north2' ORDER BY s.last_seen_at DESC LIMIT 1",
        )
      )[0]!.last_seen_at;
    const seenBefore = await lastSeen();
    // Long after the session's last use (past the touch interval, within the idle timeout), the stream opens.
    test.clock.advance(60_000);
    const live = await stream(user);
    await live.next((event) => event.event === "ready");
    expect(await lastSeen()).toEqual(seenBefore);
    // Past the idle timeout, the next heartbeat finds the session over: the page is told, and the stream ends.
    test.clock.advance(test.deps.config.sessionIdleTimeoutSeconds * 1000);
    await live.next((event) => event.event === "session-ended");
    await live.ended;
    expect(await lastSeen()).toEqual(seenBefore);
  });
});
