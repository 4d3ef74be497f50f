import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, engineName, type TestApp } from "../../../test-support/harness";
import { addMonitoredPeople, type MonitoredPerson } from "../../../test-support/monitoring-fixtures";
import { onIngestCommitted } from "./after-commit";
import { createGateway, type NewGateway, signBatch } from "./gateways";
import { maintainReadingPartitions, partitionName } from "./partitions";
import { createIngestPipeline } from "./pipeline";

// Telemetry ingest through the pipeline and the HTTP endpoint, on a real database (PGlite, or PostgreSQL on the
// second pass): idempotency, per-reading errors, gateway signatures, event-time order, partitions and retention, and
// the no-signal timer after a restart.

const MINUTE = 60_000;
const zoneCentre = { lon: -75.1652, lat: 39.9526 };
/** ~1.1 km north of the zone: outside it and its buffer. */
const away = { lon: -75.1652, lat: 39.9626 };

let test: TestApp;
let people: MonitoredPerson[];
let gateway: NewGateway;
let serial = 0;

const reading = (person: MonitoredPerson, sequence: number, at: Date, where = away, extra: Record<string, unknown> = {}) => ({
  deviceId: person.serial,
  sequence,
  eventTime: at.toISOString(),
  latitude: where.lat,
  longitude: where.lon,
  accuracyMeters: 8,
  batteryPercent: 80,
  ...extra,
});

const pipeline = () => createIngestPipeline({ db: test.db, clock: () => test.clock.now(), log: test.deps.log });

async function morePeople(count: number, installedAt = new Date(test.clock.now().getTime() - 24 * 60 * MINUTE)) {
  return addMonitoredPeople(test.db, {
    count,
    serialPrefix: `T${++serial}-`,
    installedAt,
    zonesOf: () => [{ kind: "exclusion", ...zoneCentre, radiusMeters: 150, bufferMeters: 100, name: "Victim's home" }],
  });
}

async function alertsOf(activationId: string) {
  return test.db.query<{ alert_kind: string; event_at: Date; reading_sequence: number | null; zone_id: string | null }>(
    "SELECT alert_kind, event_at, reading_sequence, zone_id FROM monitoring_alert WHERE activation_id = $1 ORDER BY event_at, alert_kind",
    [activationId],
  );
}

async function storedCount(deviceId: string) {
  const [row] = await test.db.query<{ n: number }>("SELECT count(*)::int AS n FROM monitoring_reading WHERE device_id = $1", [deviceId]);
  return row!.n;
}

function post(body: string, options: { contentType?: string; secret?: string; key?: string; timestamp?: number } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(test.clock.now().getTime() / 1000));
  return test.app.inject({
    method: "POST",
    url: "/api/monitoring/readings",
    headers: {
      "content-type": options.contentType ?? "application/json",
      "x-waypoint-key": options.key ?? gateway.apiKey,
      "x-waypoint-timestamp": timestamp,
      "x-waypoint-signature": signBatch(options.secret ?? gateway.secret, timestamp, body),
    },
    payload: body,
  });
}

beforeAll(async () => {
  test = await createTestApp();
  people = await morePeople(4);
  const [agency] = await test.db.query<{ id: string }>("SELECT agency_id AS id FROM monitoring_device LIMIT 1");
  gateway = await createGateway(test.db, test.deps.secretBox, { agencyId: agency!.id, name: "Test gateway" });
}, 120_000);
afterAll(() => test?.close());

describe(`telemetry ingest (${engineName})`, () => {
  it("stores a batch once: the same batch again is all duplicates, and repeats inside a batch count once", async () => {
    const ingest = pipeline();
    const person = people[0]!;
    const start = new Date(test.clock.now().getTime() - 30 * MINUTE);
    const batch = [0, 1, 2, 3, 4].map((i) => reading(person, 100 + i, new Date(start.getTime() + i * MINUTE)));
    const first = await ingest.ingestReadings([...batch, batch[0]], { agencyId: null });
    expect(first).toEqual({ stored: 5, duplicates: 1, errors: [] });
    // Another instance (fresh caches) sees the same: the key in the table, not a cache, decides.
    const again = await pipeline().ingestReadings(batch, { agencyId: null });
    expect(again).toEqual({ stored: 0, duplicates: 5, errors: [] });
    expect(await storedCount(person.deviceId)).toBe(5);
  });

  it("refuses bad readings one by one, naming each, and stores the good ones of the same batch", async () => {
    const [person] = await morePeople(1);
    const now = test.clock.now();
    const ok = (sequence: number) => reading(person!, sequence, new Date(now.getTime() - (10 - sequence) * MINUTE));
    const result = await pipeline().ingestReadings(
      [
        ok(1),
        { ...ok(2), latitude: 91 },
        { ...ok(3), longitude: Number.NaN },
        { ...ok(4), eventTime: new Date(now.getTime() + 60 * MINUTE).toISOString() },
        { ...ok(5), sequence: -1 },
        { ...ok(6), deviceId: "NO-SUCH-DEVICE" },
        { ...ok(7), eventTime: new Date(now.getTime() - 3 * 24 * 60 * MINUTE).toISOString() },
        "not a reading",
        ok(9),
      ],
      { agencyId: null },
    );
    expect(result.stored).toBe(2);
    expect(result.duplicates).toBe(0);
    expect(result.errors.map((error) => error.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const messages = result.errors.map((error) => error.message);
    expect(messages[0]).toMatch(/latitude must be between -90 and 90/);
    expect(messages[1]).toMatch(/longitude must be a (finite )?number/);
    expect(messages[2]).toMatch(/more than 5 minutes in the future/);
    expect(messages[3]).toMatch(/sequence must be a non-negative integer/);
    expect(messages[4]).toMatch(/unknown device/);
    expect(messages[5]).toMatch(/no activation at that time/);
    expect(result.errors[4]).toMatchObject({ deviceId: "NO-SUCH-DEVICE", sequence: 6 });
    expect(await storedCount(person!.deviceId)).toBe(2);
  });

  it("raises the same alerts for readings sent late and out of order as for the same readings in order", async () => {
    const [inOrder, shuffled, late] = await morePeople(3);
    const start = new Date(test.clock.now().getTime() - 40 * MINUTE);
    const track = (person: MonitoredPerson) =>
      Array.from({ length: 12 }, (_, i) => reading(person, i + 1, new Date(start.getTime() + i * MINUTE), i >= 4 ? zoneCentre : away));
    const ingest = pipeline();
    for (const item of track(inOrder!)) await ingest.ingestReadings([item], { agencyId: null });
    const summary = (rows: Awaited<ReturnType<typeof alertsOf>>) =>
      rows.map(({ alert_kind, event_at, reading_sequence, zone_id }) => ({
        alert_kind,
        event_at,
        reading_sequence,
        zone_id: zone_id !== null,
      }));
    const expected = summary(await alertsOf(inOrder!.activationId));
    expect(expected.map((alert) => alert.alert_kind)).toContain("exclusion_zone_entry");
    // One batch in any order: evaluated by event time, exactly the same alerts.
    const reversed = track(shuffled!).reverse();
    await ingest.ingestReadings(reversed, { agencyId: null });
    expect(summary(await alertsOf(shuffled!.activationId))).toEqual(expected);
    // The stored state leaves its reorder buffer to the readings table.
    const [stored] = await test.db.query<{ state: { buffer: unknown[]; ingestBuffer?: { count: number } } }>(
      "SELECT state FROM monitoring_rule_state WHERE activation_id = $1",
      [shuffled!.activationId],
    );
    expect(stored!.state.buffer).toEqual([]);
    expect(stored!.state.ingestBuffer?.count).toBeGreaterThan(0);
    // Late readings over three batches: the same alerts; an alert is dated by the reading that confirmed it when it
    // was raised, so only kinds and zones are compared here.
    const parts = track(late!);
    // Each batch through a new pipeline (another instance, or a restart): the state comes from the database, its
    // reorder buffer rebuilt from the stored readings.
    await pipeline().ingestReadings([parts[6], parts[4], parts[9]], { agencyId: null });
    await pipeline().ingestReadings([parts[11], parts[5], parts[0], parts[8]], { agencyId: null });
    await pipeline().ingestReadings([parts[3], parts[1], parts[10], parts[2], parts[7]], { agencyId: null });
    const kinds = (rows: { alert_kind: string; zone_id: boolean }[]) => rows.map(({ alert_kind, zone_id }) => ({ alert_kind, zone_id }));
    expect(kinds(summary(await alertsOf(late!.activationId)))).toEqual(kinds(expected));
  });

  it("evaluates in-order batches that each reach a new pipeline (a restart, another instance) like one pipeline does", async () => {
    const [person] = await morePeople(1);
    const start = new Date(test.clock.now().getTime() - 30 * MINUTE);
    const track = Array.from({ length: 8 }, (_, i) =>
      reading(person!, i + 1, new Date(start.getTime() + i * MINUTE), i >= 3 ? zoneCentre : away),
    );
    // Two readings per batch, in order, each batch through a pipeline that holds no cached state.
    for (let i = 0; i < track.length; i += 2) await pipeline().ingestReadings(track.slice(i, i + 2), { agencyId: null });
    expect((await alertsOf(person!.activationId)).map((alert) => alert.alert_kind)).toContain("exclusion_zone_entry");
  });

  it("keeps rule state in the database: a new pipeline (a restart) raises no-signal from the stored state", async () => {
    const [person] = await morePeople(1);
    const last = new Date(test.clock.now().getTime() - 2 * MINUTE);
    await pipeline().ingestReadings([reading(person!, 1, new Date(last.getTime() - MINUTE)), reading(person!, 2, last)], {
      agencyId: null,
    });
    const committed: string[] = [];
    const stop = onIngestCommitted((batch) => {
      for (const alert of batch.alerts) committed.push(alert.kind);
    });
    try {
      const restarted = pipeline();
      await restarted.checkDueTimers(new Date(last.getTime() + 10 * MINUTE));
      expect((await alertsOf(person!.activationId)).map((alert) => alert.alert_kind)).not.toContain("no_signal");
      await restarted.checkDueTimers(new Date(last.getTime() + 16 * MINUTE));
      const alerts = await alertsOf(person!.activationId);
      expect(alerts.filter((alert) => alert.alert_kind === "no_signal")).toHaveLength(1);
      expect(new Date(alerts.find((alert) => alert.alert_kind === "no_signal")!.event_at).getTime()).toBe(last.getTime() + 15 * MINUTE);
      expect(committed).toContain("no_signal");
      // Due once: another run (another instance) raises nothing more.
      await pipeline().checkDueTimers(new Date(last.getTime() + 17 * MINUTE));
      expect((await alertsOf(person!.activationId)).filter((alert) => alert.alert_kind === "no_signal")).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it("starts the no-signal clock at install for a device that never sent a reading", async () => {
    const installedAt = new Date(test.clock.now().getTime() - 20 * MINUTE);
    const [person] = await morePeople(1, installedAt);
    await pipeline().checkDueTimers(test.clock.now());
    await pipeline().checkDueTimers(test.clock.now());
    const alerts = await alertsOf(person!.activationId);
    expect(alerts.map((alert) => alert.alert_kind)).toEqual(["no_signal"]);
  });
});

describe(`the readings endpoint (${engineName})`, () => {
  it("stores a signed JSON batch and answers what was stored", async () => {
    const person = people[1]!;
    const at = new Date(test.clock.now().getTime() - 5 * MINUTE);
    const body = JSON.stringify([reading(person, 1, at), reading(person, 2, new Date(at.getTime() + MINUTE))]);
    const response = await post(body);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ stored: 2, duplicates: 0, errors: [] });
    const again = await post(body);
    expect(again.json()).toEqual({ stored: 0, duplicates: 2, errors: [] });
  });

  it("takes NDJSON, naming a line that is not JSON", async () => {
    const person = people[2]!;
    const at = new Date(test.clock.now().getTime() - 5 * MINUTE);
    const body = `${JSON.stringify(reading(person, 1, at))}\n{not json\n${JSON.stringify(reading(person, 2, new Date(at.getTime() + MINUTE)))}\n`;
    const response = await post(body, { contentType: "application/x-ndjson" });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      stored: 2,
      duplicates: 0,
      errors: [{ index: 1, deviceId: null, sequence: null, message: "this line is not valid JSON" }],
    });
  });

  it("refuses a bad signature, an unknown key and a stale timestamp with 401, storing nothing", async () => {
    const person = people[3]!;
    const body = JSON.stringify([reading(person, 1, new Date(test.clock.now().getTime() - MINUTE))]);
    const wrongSecret = await post(body, { secret: "not-the-secret" });
    expect(wrongSecret.statusCode).toBe(401);
    expect(wrongSecret.json().message).toMatch(/signature does not match/);
    const unknownKey = await post(body, { key: "wpk_unknown" });
    expect(unknownKey.statusCode).toBe(401);
    expect(unknownKey.json().message).toMatch(/matches no active gateway/);
    const stale = await post(body, { timestamp: Math.floor(test.clock.now().getTime() / 1000) - 3600 });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().message).toMatch(/seconds from the server's clock/);
    // A body changed after signing.
    const timestamp = String(Math.floor(test.clock.now().getTime() / 1000));
    const tampered = await test.app.inject({
      method: "POST",
      url: "/api/monitoring/readings",
      headers: {
        "content-type": "application/json",
        "x-waypoint-key": gateway.apiKey,
        "x-waypoint-timestamp": timestamp,
        "x-waypoint-signature": signBatch(gateway.secret, timestamp, body),
      },
      payload: body.replace('"sequence":1', '"sequence":2'),
    });
    expect(tampered.statusCode).toBe(401);
    expect(await storedCount(person.deviceId)).toBe(0);
  });

  it("refuses an oversized batch with 413 and a message", async () => {
    const person = people[3]!;
    const at = new Date(test.clock.now().getTime() - MINUTE).toISOString();
    const body = JSON.stringify(Array.from({ length: 20_001 }, (_, i) => ({ deviceId: person.serial, sequence: i, eventTime: at })));
    const response = await post(body);
    expect(response.statusCode).toBe(413);
    expect(response.json().message).toMatch(/at most 20000 readings/);
    expect(await storedCount(person.deviceId)).toBe(0);
  });
});

describe(`reading partitions and retention (${engineName})`, () => {
  it("creates day partitions ahead (moving readings out of the default partition) and drops days past retention", async () => {
    const [person] = await morePeople(1, new Date(test.clock.now().getTime() - 10 * 24 * 60 * MINUTE));
    const now = test.clock.now();
    const twoDaysAgo = new Date(now.getTime() - 2 * 24 * 60 * MINUTE);
    await pipeline().ingestReadings([reading(person!, 1, twoDaysAgo), reading(person!, 2, new Date(now.getTime() - MINUTE))], {
      agencyId: null,
    });
    const [{ agency_id: agencyId }] = (await test.db.query<{ agency_id: string }>("SELECT agency_id FROM monitoring_device LIMIT 1")) as [
      { agency_id: string },
    ];
    await test.db.query("DELETE FROM monitoring_ingest_setting");
    const first = await maintainReadingPartitions(test.db, now, { daysBehind: 2, daysAhead: 2 });
    expect(first.created).toContain(partitionName(now));
    expect(first.created).toContain(partitionName(twoDaysAgo));
    const where = await test.db.query<{ part: string }>(
      "SELECT tableoid::regclass::text AS part FROM monitoring_reading WHERE device_id = $1 ORDER BY event_time",
      [person!.deviceId],
    );
    expect(where.map((row) => row.part)).toEqual([partitionName(twoDaysAgo), partitionName(now)]);
    // Keep one day: the partition of two days ago goes, with its readings; today's stays.
    await test.db.query("INSERT INTO monitoring_ingest_setting (agency_id, retention_days) VALUES ($1, 1)", [agencyId]);
    const second = await maintainReadingPartitions(test.db, now, { daysBehind: 0, daysAhead: 1 });
    expect(second.dropped).toContain(partitionName(twoDaysAgo));
    expect(await storedCount(person!.deviceId)).toBe(1);
    await test.db.query("DELETE FROM monitoring_ingest_setting");
  });
});
