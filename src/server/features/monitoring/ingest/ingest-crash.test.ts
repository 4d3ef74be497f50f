import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { createDemoOrganisation } from "../../../bootstrap/bootstrap";
import { migrate } from "../../../platform/db/migrate";
import { createSecretBox } from "../../../platform/secrets";
import { createTestDatabase, onPostgresServer, type TestDatabase } from "../../../test-support/harness";
import { addMonitoredPeople } from "../../../test-support/monitoring-fixtures";
import { createGateway, signBatch } from "./gateways";

// The real server on PostgreSQL, killed with SIGKILL while gateways post batches: every batch it acknowledged (2xx)
// is stored after a restart, every alert due from those readings is raised, and the no-signal timer fires after the
// restart from the state in the database. PostgreSQL only: the embedded database is one process's own files.

const root = join(import.meta.dirname, "../../../../..");
const secretKey = "crash-test-secret-key-0123456789abcdef";
const zone = { lon: -75.1652, lat: 39.9526 };
const away = { lon: -75.1652, lat: 39.9726 };

type Server = { child: ChildProcess; url: Promise<string>; output: () => string };

function startServer(databaseUrl: string): Server {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      LOG_LEVEL: "warn",
      NODE_ENV: "development",
      DATABASE_URL: databaseUrl,
      PORT: "0",
      SECRET_KEY: secretKey,
      DEMO_DATA: "false",
    },
  });
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = output.match(/running at (http:\/\/\S+)\s/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk;
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}):\n${output}`));
    });
  });
  url.catch(() => {});
  return { child, url, output: () => output };
}

let database: TestDatabase | undefined;
const servers: ChildProcess[] = [];
afterAll(async () => {
  for (const child of servers) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await database?.drop();
});

describe.runIf(onPostgresServer)("ingest survives SIGKILL (PostgreSQL server)", () => {
  it("stores every acknowledged reading and raises every due alert after a kill and restart, then no-signal", {
    timeout: 600_000,
  }, async () => {
    database = await createTestDatabase();
    const { db, url: databaseUrl } = database;
    await migrate(db);
    const secretBox = createSecretBox(secretKey);
    await createDemoOrganisation(db, secretBox, new Date());
    const people = await addMonitoredPeople(db, {
      count: 20,
      serialPrefix: "CRASH-",
      installedAt: new Date(Date.now() - 3_600_000),
      zonesOf: () => [{ kind: "exclusion", ...zone, radiusMeters: 200, bufferMeters: 0, name: "Victim's home" }],
    });
    // No signal after one minute, so the timer is seen to fire within the test.
    await db.query(`UPDATE monitoring_activation SET rule_settings = '{"noSignalMinutes": 1}'::jsonb`);
    const [agency] = await db.query<{ agency_id: string }>("SELECT agency_id FROM monitoring_device LIMIT 1");
    const gateway = await createGateway(db, secretBox, { agencyId: agency!.agency_id, name: "Crash gateway" });

    const first = startServer(databaseUrl!);
    servers.push(first.child);
    const base = await first.url;

    // Person 0 stands inside the exclusion zone from the first reading (an entry alert is due once two readings are
    // acknowledged); the others are away from it.
    const acknowledged: { serial: string; sequence: number }[] = [];
    let sequence = 0;
    let stopping = false;
    const postBatch = async () => {
      sequence += 1;
      const now = new Date().toISOString();
      const readings = people.map((person, i) => ({
        deviceId: person.serial,
        sequence,
        eventTime: now,
        latitude: (i === 0 ? zone : away).lat,
        longitude: (i === 0 ? zone : away).lon,
        accuracyMeters: 5,
      }));
      const body = JSON.stringify(readings);
      const timestamp = String(Math.floor(Date.now() / 1000));
      try {
        const response = await fetch(`${base}/api/monitoring/readings`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-waypoint-key": gateway.apiKey,
            "x-waypoint-timestamp": timestamp,
            "x-waypoint-signature": signBatch(gateway.secret, timestamp, body),
          },
          body,
        });
        if (response.ok) {
          const result = (await response.json()) as { stored: number; errors: unknown[] };
          expect(result.errors).toEqual([]);
          for (const reading of readings) acknowledged.push({ serial: reading.deviceId, sequence: reading.sequence });
        }
      } catch {
        // The kill cut the connection: not acknowledged, so no promise was made about it.
      }
    };
    const senders = [0, 1, 2].map(async () => {
      while (!stopping) {
        await postBatch();
        await sleep(20);
      }
    });
    // Kill while batches are in flight, once some were acknowledged.
    while (acknowledged.length < people.length * 20) await sleep(10);
    first.child.kill("SIGKILL");
    stopping = true;
    await Promise.all(senders);
    expect(acknowledged.length).toBeGreaterThan(0);

    const second = startServer(databaseUrl!);
    servers.push(second.child);
    await second.url;

    const stored = await db.query<{ serial: string; sequence: number }>(
      "SELECT d.serial, r.sequence FROM monitoring_reading r JOIN monitoring_device d ON d.id = r.device_id",
    );
    const storedKeys = new Set(stored.map((row) => `${row.serial}/${row.sequence}`));
    const missing = acknowledged.filter((reading) => !storedKeys.has(`${reading.serial}/${reading.sequence}`));
    expect(missing).toEqual([]);

    // Standing alerts: three senders post at once, so a device's readings can commit out of event-time order; the
    // engine then withdraws an entry it dated by the wrong reading and raises it again from the right one.
    const alertsOf = (kind: string) =>
      db.query<{ activation_id: string }>("SELECT activation_id FROM monitoring_alert WHERE alert_kind = $1 AND status <> 'resolved'", [
        kind,
      ]);
    expect((await alertsOf("exclusion_zone_entry")).map((row) => row.activation_id)).toEqual([people[0]!.activationId]);

    // The restarted server's timer job raises no-signal for every device (their last readings are > 1 minute old soon).
    const deadline = Date.now() + 240_000;
    let noSignal: { activation_id: string }[] = [];
    while (Date.now() < deadline) {
      noSignal = await alertsOf("no_signal");
      if (noSignal.length === people.length) break;
      await sleep(2_000);
    }
    expect(new Set(noSignal.map((row) => row.activation_id))).toEqual(new Set(people.map((person) => person.activationId)));
    second.child.kill("SIGTERM");
  });
});
