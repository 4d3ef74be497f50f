import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { NotificationKind } from "../../../shared/contract/notifications";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { dispatchNotificationDeliveries, retryDelayMs } from "./delivery";
import { notify } from "./notify";
import { createSenders } from "./senders";

/** A real SMTP server on a free loopback port: it keeps what it receives, and refuses recipients while told to. */
async function startSmtpServer() {
  const received: { to: string[]; raw: string }[] = [];
  let refusing = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (refusing) return callback(Object.assign(new Error("Mailbox unavailable, try later"), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    refuse(value: boolean) {
      refusing = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe(`notifications, delivered (${engineName})`, () => {
  let test: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let smsDir: string;
  let officer: Client;
  let officerId: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    smsDir = mkdtempSync(join(tmpdir(), "waypoint-sms-"));
    test = await createTestApp({
      email: { kind: "smtp", host: "127.0.0.1", port: smtp.port, secure: false, from: "Waypoint <waypoint@agency.test>" },
      sms: { kind: "file", dir: smsDir },
      notifyMaxAttempts: 3,
    });
    test.clock.set(new Date("2026-03-10T14:00:00Z"));
    [{ id: officerId }] = (await test.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'officer.north1'")) as [
      { id: string },
    ];
  });
  beforeEach(async () => {
    officer = await signIn(test, "officer.north1");
    smtp.refuse(false);
  });
  afterAll(async () => {
    await test.close();
    await smtp.close();
    rmSync(smsDir, { recursive: true, force: true });
  });

  /** A notification for the officer, through the module every capability calls. */
  const notifyOfficer = (kind: NotificationKind, title: string, urgent = false) =>
    test.db.transaction((tx) =>
      notify(tx, {
        userId: officerId,
        kind,
        title,
        body: `${title}.`,
        recordType: "case",
        recordId: officerId,
        urgent,
        now: test.clock.now(),
      }),
    );
  const dispatch = (at: Date) => dispatchNotificationDeliveries(test.deps, createSenders(test.deps.config), at);
  const deliveryOf = async (notificationId: string, channel = "email") =>
    (
      await test.db.query<{ status: string; attempts: number; next_attempt_at: Date; last_error: string | null }>(
        "SELECT status, attempts, next_attempt_at, last_error FROM notification_delivery WHERE notification_id = $1 AND channel = $2",
        [notificationId, channel],
      )
    )[0];
  const preferEmail = (kinds: NotificationKind[], quietHours: { startMinute: number; endMinute: number } | null = null) =>
    officer.put("/api/v1/notifications/preferences", {
      email: "dana.officer@agency.test",
      smsPhone: "+1 555 0100",
      emailKinds: kinds,
      smsKinds: ["field_visit_overdue"],
      quietHours,
    });

  it("e-mails a notification the user asked for by e-mail, and the SMTP server receives it without the record's details", async () => {
    expect((await preferEmail(["drug_test"])).statusCode).toBe(200);
    expect((await officer.get("/api/v1/notifications/preferences")).json()).toEqual({
      preferences: {
        email: "dana.officer@agency.test",
        smsPhone: "+1 555 0100",
        emailKinds: ["drug_test"],
        smsKinds: ["field_visit_overdue"],
        quietHours: null,
        // Not set: the default kinds of new task that notify.
        taskKinds: [
          "missed_appointment_follow_up",
          "no_show_follow_up",
          "approval_requested",
          "response_approval_requested",
          "crisis",
          "crisis_follow_up",
          "early_discharge_approval_requested",
          "early_discharge_request_to_board",
          "early_discharge_request_to_court",
          "revocation_decision_requested",
          "revocation_emergency_decision",
          "revocation_complete_file",
        ],
      },
      channels: { email: true, sms: true },
    });
    const before = smtp.received.length;
    const id = await notifyOfficer("drug_test", "Drug test: positive — Jordan Example");
    expect(await deliveryOf(id, "sms")).toBeUndefined();
    expect(await dispatch(test.clock.now())).toBeGreaterThanOrEqual(1);
    expect(await deliveryOf(id)).toMatchObject({ status: "sent", attempts: 1, last_error: null });
    const mail = smtp.received.slice(before).find((message) => message.to.includes("dana.officer@agency.test"));
    expect(mail?.raw).toContain("Subject: Waypoint: A drug test result was recorded");
    expect(mail?.raw).toContain("/notifications");
    expect(mail?.raw).not.toContain("Jordan Example");
    // A kind not chosen for e-mail stays in the app.
    const other = await notifyOfficer("field_visit_overdue", "Check out of your field visit", true);
    expect(await deliveryOf(other)).toBeUndefined();
  });

  it("keeps an e-mail queued while the SMTP server refuses or is down, retries it with back-off, and ends it as a dead letter", async () => {
    expect((await preferEmail(["drug_test"])).statusCode).toBe(200);
    const start = test.clock.now();
    const id = await notifyOfficer("drug_test", "Drug test: dilute");
    smtp.refuse(true);
    await dispatch(start);
    const refused = await deliveryOf(id);
    expect(refused).toMatchObject({ status: "pending", attempts: 1 });
    expect(refused?.last_error).toMatch(/451/);
    expect(refused?.next_attempt_at.getTime()).toBe(start.getTime() + retryDelayMs(1));
    // Not due yet: the back-off holds it.
    await dispatch(new Date(start.getTime() + retryDelayMs(1) - 1_000));
    expect(await deliveryOf(id)).toMatchObject({ attempts: 1 });
    smtp.refuse(false);
    const sentBefore = smtp.received.length;
    await dispatch(new Date(start.getTime() + retryDelayMs(1)));
    expect(await deliveryOf(id)).toMatchObject({ status: "sent", attempts: 2 });
    expect(smtp.received.length).toBe(sentBefore + 1);

    // A server that is not there at all: every attempt fails, the last one makes a dead letter.
    const down = await createTestDeliveryToClosedPort();
    expect(down).toEqual(["pending", "pending", "dead"]);
  });

  /** Sends to a port nothing listens on, three times (notifyMaxAttempts), with the clock past each back-off. */
  async function createTestDeliveryToClosedPort() {
    const closed = await startSmtpServer();
    await closed.close();
    const senders = createSenders({
      email: { kind: "smtp", host: "127.0.0.1", port: closed.port, secure: false, from: "waypoint@agency.test" },
      sms: null,
    });
    const id = await notifyOfficer("drug_test", "Drug test: missed");
    const states: string[] = [];
    let at = test.clock.now();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await dispatchNotificationDeliveries(test.deps, senders, at);
      const row = await deliveryOf(id);
      states.push(row!.status);
      at = new Date(at.getTime() + retryDelayMs(attempt));
    }
    const admin = await signIn(test, "admin");
    const letters = (await admin.get("/api/v1/notifications/dead-letters")).json() as { id: string; address: string; lastError: string }[];
    const [row] = await test.db.query<{ id: string }>("SELECT id FROM notification_delivery WHERE notification_id = $1", [id]);
    const letter = letters.find((entry) => entry.id === row!.id);
    expect(letter).toMatchObject({ address: "dana.officer@agency.test" });
    expect(letter?.lastError).toMatch(/ECONNREFUSED/);

    // Only administrators see or retry dead letters; a refusal is audited.
    expect((await officer.get("/api/v1/notifications/dead-letters")).statusCode).toBe(403);
    expect((await officer.post(`/api/v1/notifications/dead-letters/${row!.id}/retry`)).statusCode).toBe(403);
    expect(
      await auditRows(test.db, "action = 'notification.delivery_retry' AND outcome = 'denied' AND record_id = $1", [row!.id]),
    ).toHaveLength(1);
    expect((await admin.post(`/api/v1/notifications/dead-letters/${row!.id}/retry`)).statusCode).toBe(200);
    expect(await deliveryOf(id)).toMatchObject({ status: "pending", attempts: 0 });
    expect((await admin.post(`/api/v1/notifications/dead-letters/${row!.id}/retry`)).statusCode).toBe(404);
    // Retried through the working server, it is sent.
    await dispatch(test.clock.now());
    expect(await deliveryOf(id)).toMatchObject({ status: "sent" });
    return states;
  }

  it("sends SMS through the configured sender, and holds non-urgent e-mail and SMS until quiet hours end", async () => {
    // Quiet from 09:00 to 17:00 New York time (the demo agency's zone); the clock is at 10:00 there.
    test.clock.set(new Date("2026-03-20T14:00:00Z"));
    officer = await signIn(test, "officer.north1");
    expect((await preferEmail(["drug_test", "field_visit_overdue"], { startMinute: 9 * 60, endMinute: 17 * 60 })).statusCode).toBe(200);
    const quiet = await notifyOfficer("drug_test", "Drug test: negative");
    expect((await deliveryOf(quiet))?.next_attempt_at.toISOString()).toBe("2026-03-20T21:00:00.000Z");
    const urgent = await notifyOfficer("field_visit_overdue", "Check out of your field visit", true);
    expect((await deliveryOf(urgent, "sms"))?.next_attempt_at).toEqual(test.clock.now());
    await dispatch(test.clock.now());
    expect(await deliveryOf(urgent, "sms")).toMatchObject({ status: "sent" });
    expect(await deliveryOf(quiet)).toMatchObject({ status: "pending", attempts: 0 });
    const sms = readFileSync(join(smsDir, "sms.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(sms.at(-1)).toMatchObject({ to: "+1 555 0100", text: expect.stringContaining("Urgent: A field visit is overdue") });
    await dispatch(new Date("2026-03-20T21:00:00Z"));
    expect(await deliveryOf(quiet)).toMatchObject({ status: "sent" });
  });

  it("refuses preferences that cannot be met, with a 400 naming the field", async () => {
    const put = (body: unknown) => officer.put("/api/v1/notifications/preferences", body);
    const base = { email: null, smsPhone: null, emailKinds: [], smsKinds: [], quietHours: null };
    expect((await put({ ...base, emailKinds: ["drug_test"] })).json().issues).toEqual([
      { field: "body.email", message: "needed to send e-mail" },
    ]);
    expect((await put({ ...base, email: "not an address" })).statusCode).toBe(400);
    expect((await put({ ...base, emailKinds: ["parole_board"], email: "a@b.test" })).statusCode).toBe(400);
    expect((await put({ ...base, quietHours: { startMinute: 60, endMinute: 60 } })).statusCode).toBe(400);
    expect((await put({ ...base, quietHours: { startMinute: 60, endMinute: 1440 } })).statusCode).toBe(400);
    expect((await put({ ...base, smsPhone: "call me" })).statusCode).toBe(400);
    const noSmtp = await createTestApp();
    try {
      const user = await signIn(noSmtp, "officer.north1");
      const refused = await user.put("/api/v1/notifications/preferences", { ...base, email: "a@b.test", emailKinds: ["drug_test"] });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().message).toMatch(/not set up to send e-mail/);
    } finally {
      await noSmtp.close();
    }
  });

  it("marks all of a user's notifications read at once, and only theirs", async () => {
    const supervisor = await signIn(test, "supervisor.north");
    const [{ id: supervisorId }] = (await test.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'supervisor.north'")) as [
      { id: string },
    ];
    await test.db.transaction(async (tx) => {
      for (const title of ["First", "Second"]) {
        await notify(tx, {
          userId: supervisorId,
          kind: "drug_test",
          title,
          body: ".",
          recordType: "case",
          recordId: supervisorId,
          urgent: false,
          now: test.clock.now(),
        });
      }
    });
    await notifyOfficer("drug_test", "The officer's own");
    const unread = (client: Client) =>
      client.get("/api/v1/notifications").then((response) => response.json().filter((entry: { readAt: string | null }) => !entry.readAt));
    const officerBefore = (await unread(officer)).length;
    expect(officerBefore).toBeGreaterThan(0);
    expect((await unread(supervisor)).length).toBeGreaterThanOrEqual(2);
    const marked = await supervisor.post("/api/v1/notifications/read-all");
    expect(marked.statusCode).toBe(200);
    expect(marked.json().marked).toBeGreaterThanOrEqual(2);
    expect(await unread(supervisor)).toEqual([]);
    expect((await supervisor.post("/api/v1/notifications/read-all")).json()).toEqual({ marked: 0 });
    expect((await unread(officer)).length).toBe(officerBefore);
  });
});
