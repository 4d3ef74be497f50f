import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { dispatchNotificationDeliveries, retryDelayMs } from "./delivery";
import { notify } from "./notify";
import { createSenders } from "./senders";

type Received = { method: string; path: string; authorization: string; contentType: string; form: Record<string, string> };
type Answer = { status: number; body: string };

/** A real HTTP server on a free loopback port, answering like an SMS provider: what it answers is set by the test. */
async function startProvider() {
  const received: Received[] = [];
  let answer: Answer = { status: 201, body: JSON.stringify({ sid: "SM1", status: "queued" }) };
  const read = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  };
  const server: Server = createServer(async (request, response) => {
    const body = await read(request);
    received.push({
      method: request.method ?? "",
      path: request.url ?? "",
      authorization: request.headers.authorization ?? "",
      contentType: request.headers["content-type"] ?? "",
      form: Object.fromEntries(new URLSearchParams(body)),
    });
    response.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/2010-04-01/Accounts/AC123/Messages.json`,
    received,
    answer(next: Answer) {
      answer = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe(`SMS through an HTTP provider (${engineName})`, () => {
  let test: TestApp;
  let provider: Awaited<ReturnType<typeof startProvider>>;
  let officerId: string;

  beforeAll(async () => {
    provider = await startProvider();
    test = await createTestApp({
      sms: { kind: "http", url: provider.url, username: "AC123", password: "provider token", from: "+15550199" },
      notifyMaxAttempts: 3,
    });
    test.clock.set(new Date("2026-03-10T14:00:00Z"));
    const officer = await signIn(test, "officer.north1");
    const saved = await officer.put("/api/v1/notifications/preferences", {
      email: null,
      smsPhone: "+1 555 0100",
      emailKinds: [],
      smsKinds: ["field_visit_overdue"],
      quietHours: null,
    });
    expect(saved.statusCode).toBe(200);
    [{ id: officerId }] = (await test.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'officer.north1'")) as [
      { id: string },
    ];
  });
  afterAll(async () => {
    await test.close();
    await provider.close();
  });

  /** An urgent notification the officer asked to get by SMS. */
  const notifyOfficer = (title: string) =>
    test.db.transaction((tx) =>
      notify(tx, {
        userId: officerId,
        kind: "field_visit_overdue",
        title,
        body: `${title}.`,
        recordType: "case",
        recordId: officerId,
        urgent: true,
        now: test.clock.now(),
      }),
    );
  const dispatch = (at: Date) => dispatchNotificationDeliveries(test.deps, createSenders(test.deps.config), at);
  const smsOf = async (notificationId: string) =>
    (
      await test.db.query<{ status: string; attempts: number; next_attempt_at: Date; last_error: string | null }>(
        "SELECT status, attempts, next_attempt_at, last_error FROM notification_delivery WHERE notification_id = $1 AND channel = 'sms'",
        [notificationId],
      )
    )[0];

  it("posts the message as a form with basic auth, and a 2xx answer makes it sent", async () => {
    provider.answer({ status: 201, body: JSON.stringify({ sid: "SM1", status: "queued" }) });
    const before = provider.received.length;
    const id = await notifyOfficer("Check out of your field visit at Jordan Example's home");
    await dispatch(test.clock.now());
    expect(await smsOf(id)).toMatchObject({ status: "sent", attempts: 1, last_error: null });
    const [request] = provider.received.slice(before);
    expect(request).toMatchObject({
      method: "POST",
      path: "/2010-04-01/Accounts/AC123/Messages.json",
      authorization: `Basic ${Buffer.from("AC123:provider token").toString("base64")}`,
      contentType: "application/x-www-form-urlencoded",
    });
    expect(request!.form.To).toBe("+1 555 0100");
    expect(request!.form.From).toBe("+15550199");
    expect(request!.form.Body).toMatch(/^Urgent: A field visit is overdue\. Sign in to Waypoint to read it: .*\/notifications$/);
    // The person's name stays behind the sign-in.
    expect(request!.form.Body).not.toContain("Jordan");
  });

  it("keeps a message the provider refuses (4xx) with the provider's reason, retries it, and ends it as a dead letter", async () => {
    provider.answer({
      status: 400,
      body: JSON.stringify({ code: 21211, message: "The 'To' number +1 555 0100 is not a valid phone number.", status: 400 }),
    });
    const id = await notifyOfficer("Check out of your field visit");
    let at = test.clock.now();
    const states: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await dispatch(at);
      const row = await smsOf(id);
      states.push(row!.status);
      if (attempt === 1) {
        expect(row!.next_attempt_at.getTime()).toBe(at.getTime() + retryDelayMs(1));
        expect(row!.last_error).toMatch(
          /^SMS provider 127\.0\.0\.1:\d+ refused the message \(HTTP 400\): The 'To' number \+1 555 0100 is not a valid phone number\. \(code 21211\)$/,
        );
      }
      at = new Date(at.getTime() + retryDelayMs(attempt));
    }
    expect(states).toEqual(["pending", "pending", "dead"]);
    const admin = await signIn(test, "admin");
    const letters = (await admin.get("/api/v1/notifications/dead-letters")).json() as {
      address: string;
      channel: string;
      lastError: string;
    }[];
    expect(letters.find((letter) => letter.channel === "sms" && /HTTP 400/.test(letter.lastError))).toMatchObject({
      address: "+1 555 0100",
    });
  });

  it("retries after a provider error (5xx) or while the provider is down, and sends once it answers", async () => {
    provider.answer({ status: 503, body: "<html>Service Unavailable</html>" });
    const id = await notifyOfficer("Check out of your field visit");
    const start = test.clock.now();
    await dispatch(start);
    const failed = await smsOf(id);
    expect(failed).toMatchObject({ status: "pending", attempts: 1 });
    expect(failed!.last_error).toMatch(/failed \(HTTP 503\): <html>Service Unavailable<\/html>$/);

    // Down altogether: a server that no longer listens. The attempt fails and is retried, never lost.
    const gone = await startProvider();
    await gone.close();
    const senders = createSenders({
      email: null,
      sms: { kind: "http", url: gone.url, username: "AC123", password: "provider token", from: "+15550199" },
    });
    const second = new Date(start.getTime() + retryDelayMs(1));
    await dispatchNotificationDeliveries(test.deps, senders, second);
    const down = await smsOf(id);
    expect(down).toMatchObject({ status: "pending", attempts: 2 });
    expect(down!.last_error).toMatch(/could not be reached \(ECONNREFUSED\)$/);

    provider.answer({ status: 200, body: JSON.stringify({ sid: "SM2" }) });
    const before = provider.received.length;
    await dispatch(new Date(second.getTime() + retryDelayMs(2)));
    expect(await smsOf(id)).toMatchObject({ status: "sent", attempts: 3 });
    expect(provider.received.length).toBe(before + 1);
  });
});
