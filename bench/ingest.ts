// npm run bench:ingest [-- --quick]
// Telemetry ingest on a PostgreSQL server (DATABASE_URL, or a throw-away cluster): an enrolled population (250,000
// devices, each with 2–3 personal zones, and 5,000 shared exclusion zones; --quick: 10,000 devices), then in one run:
//  (a) COPY of the same readings into monitoring_reading (the physical limit here),
//  (b) the pipeline (validation → rules → durable write → alerts), batches of 5,000, two in flight,
//  (c) naive: one INSERT plus one SQL containment query per reading (bounding box + circle distance in SQL),
//  (d) p99 from a reading received to its alert at the after-commit hook, at 10,000 readings/s (not yet to an SSE
//      client),
//  (e) crime-scene query p95: a time window + bounding box over the readings table, exact distance in process,
//  and the process's memory. The last line is JSON.
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { type Cluster, startCluster } from "../scripts/lib/postgres-cluster";
import { createDemoOrganisation, hasAnyUser } from "../src/server/bootstrap/bootstrap";
import { onIngestCommitted } from "../src/server/features/monitoring/ingest/after-commit";
import { readingColumnNames } from "../src/server/features/monitoring/ingest/ingest.queries";
import { maintainReadingPartitions } from "../src/server/features/monitoring/ingest/partitions";
import { createIngestPipeline } from "../src/server/features/monitoring/ingest/pipeline";
import { type Database, openPostgres, type Queryable } from "../src/server/platform/db/database";
import { migrate } from "../src/server/platform/db/migrate";
import { createLogger } from "../src/server/platform/logger";
import { createSecretBox } from "../src/server/platform/secrets";
import { addMonitoredPeople, addSharedZones, type CircleZoneSpec } from "../src/server/test-support/monitoring-fixtures";

const quick = process.argv.includes("--quick");
const devices = quick ? 10_000 : 250_000;
const sharedZoneCount = 5_000;
const timedReadings = quick ? 40_000 : 400_000;
const naiveReadings = quick ? 1_000 : 4_000;
const batchSize = 5_000;
const alertRate = 10_000;
const alertSeconds = quick ? 3 : 10;
const crimeDevices = quick ? 2_000 : 10_000;
const crimeMinutes = quick ? 120 : 1_440;
const crimeQueries = quick ? 10 : 30;

const MINUTE = 60_000;
const round = (value: number) => Math.round(value);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
};
const log = (line: string) => console.log(line);

// Homes spread over a 2° × 2° region (about Pennsylvania's south-east); deterministic per device.
const homeOf = (i: number) => ({ lat: 39.0 + ((i * 7919) % 20_000) / 10_000, lon: -76.0 + ((i * 104_729) % 20_000) / 10_000 });
const personalZones = (i: number): CircleZoneSpec[] => {
  const home = homeOf(i);
  const zones: CircleZoneSpec[] = [
    { kind: "inclusion", lon: home.lon, lat: home.lat, radiusMeters: 150, name: "Home" },
    { kind: "exclusion", lon: home.lon + 0.03, lat: home.lat + 0.02, radiusMeters: 300, bufferMeters: 200, name: "Victim's home" },
  ];
  if (i % 2 === 0)
    zones.push({ kind: "exclusion", lon: home.lon - 0.03, lat: home.lat - 0.02, radiusMeters: 200, name: "Former partner's work" });
  return zones;
};

const cluster: Cluster | undefined = process.env.DATABASE_URL ? undefined : await startCluster();
const url = process.env.DATABASE_URL ?? cluster!.url;
const db = await openPostgres(url, { max: 10 });
const logger = createLogger("silent");
const results: Record<string, number> = {};
try {
  await migrate(db);
  const secretBox = createSecretBox("bench-secret-key-0123456789abcdef");
  if (!(await hasAnyUser(db))) await createDemoOrganisation(db, secretBox, new Date());
  const now = new Date();
  await maintainReadingPartitions(db, now, { daysBehind: 30, daysAhead: 2 });

  // ── population ────────────────────────────────────────────────────────────────────────────────────────────────
  const loadStarted = performance.now();
  // Bulk load without the change-log triggers (one counter update per row); the caches start empty anyway.
  for (const table of ["monitoring_device", "monitoring_activation", "monitoring_zone"])
    await db.exec(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
  const installedAt = new Date(now.getTime() - 7 * 24 * 60 * MINUTE);
  const people: Awaited<ReturnType<typeof addMonitoredPeople>> = [];
  for (let start = 0; start < devices; start += 50_000) {
    const chunk = await addMonitoredPeople(db, {
      count: Math.min(50_000, devices - start),
      serialPrefix: `B${start / 50_000}-`,
      installedAt,
      tags: ["sex_offense"],
      zonesOf: (i) => personalZones(start + i),
    });
    people.push(...chunk);
  }
  await addSharedZones(
    db,
    Array.from({ length: sharedZoneCount }, (_, i) => ({
      kind: "exclusion" as const,
      lat: 39.0 + ((i * 48_271) % 20_000) / 10_000,
      lon: -76.0 + ((i * 16_807) % 20_000) / 10_000,
      radiusMeters: 150,
      bufferMeters: 100,
      name: `School ${i}`,
      appliesToTag: "sex_offense",
    })),
    installedAt,
  );
  for (const table of ["monitoring_device", "monitoring_activation", "monitoring_zone"])
    await db.exec(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
  await db.exec("ANALYZE");
  log(
    `population: ${devices} devices, ${sharedZoneCount} shared zones, loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`,
  );

  // Readings: device i's k-th reading, a minute apart, at home with a little jitter (timed readings start at k = 1).
  const firstAt = now.getTime() - 60 * MINUTE;
  const readingOf = (i: number, k: number) => {
    const home = homeOf(i);
    return {
      deviceId: people[i]!.serial,
      sequence: k,
      eventTime: new Date(firstAt + k * MINUTE + (i % 60) * 1000).toISOString(),
      latitude: home.lat + (((i + k) % 7) - 3) * 0.00001,
      longitude: home.lon + (((i * 3 + k) % 7) - 3) * 0.00001,
      accuracyMeters: 10,
      batteryPercent: 90,
      charging: false,
    };
  };
  const perDevice = Math.ceil(timedReadings / devices);
  const timed: ReturnType<typeof readingOf>[] = [];
  for (let k = 1; k <= perDevice; k++) for (let i = 0; i < devices && timed.length < timedReadings; i++) timed.push(readingOf(i, k));

  // ── (a) COPY of the same readings ──────────────────────────────────────────────────────────────────────────────
  const copyRows = timed.map((r, n) => {
    const person = people[n % devices]!;
    return [
      person.deviceId,
      person.activationId,
      r.sequence,
      r.eventTime,
      now.toISOString(),
      r.latitude,
      r.longitude,
      10,
      null,
      90,
      false,
      false,
      null,
      null,
    ];
  });
  let started = performance.now();
  await db.copyRows("monitoring_reading", readingColumnNames, copyRows);
  const copySeconds = (performance.now() - started) / 1000;
  results.copy_per_s = round(timed.length / copySeconds);
  await db.exec("TRUNCATE monitoring_reading");
  log(`(a) COPY: ${timed.length} readings in ${copySeconds.toFixed(2)} s = ${results.copy_per_s}/s`);

  // ── (b) the pipeline ──────────────────────────────────────────────────────────────────────────────────────────
  // Time spent per statement of the pipeline (by its first words), to see where a batch's time goes.
  const statementMs = new Map<string, number>();
  const withTiming = <T extends Queryable>(handle: T): T =>
    new Proxy(handle, {
      get(target, property, receiver) {
        if (property === "query") {
          return async (sql: string, params?: readonly unknown[]) => {
            const t0 = performance.now();
            try {
              return await target.query(sql, params);
            } finally {
              const key = sql.trim().split(/\s+/).slice(0, 3).join(" ");
              statementMs.set(key, (statementMs.get(key) ?? 0) + performance.now() - t0);
            }
          };
        }
        if (property === "transaction") {
          return <R>(fn: (tx: Queryable) => Promise<R>) => (target as unknown as Database).transaction((tx) => fn(withTiming(tx)));
        }
        return Reflect.get(target, property, receiver);
      },
    });
  const pipeline = createIngestPipeline({ db: withTiming(db), clock: () => new Date(), log: logger });
  // Warm-up (not timed): each device's first reading loads its activation and zones into the caches.
  started = performance.now();
  for (let start = 0; start < devices; start += batchSize) {
    const batch = [];
    for (let i = start; i < Math.min(devices, start + batchSize); i++) batch.push(readingOf(i, 0));
    await pipeline.ingestReadings(batch, { agencyId: null });
  }
  log(`warm-up: ${devices} first readings (caches filled) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  started = performance.now();
  let stored = 0;
  let next = 0;
  const worker = async () => {
    while (next < timed.length) {
      const batch = timed.slice(next, next + batchSize);
      next += batchSize;
      const result = await pipeline.ingestReadings(batch, { agencyId: null });
      if (result.errors.length > 0) throw new Error(`pipeline refused readings: ${JSON.stringify(result.errors.slice(0, 3))}`);
      stored += result.stored;
    }
  };
  await Promise.all([worker(), worker()]);
  const pipelineSeconds = (performance.now() - started) / 1000;
  results.readings_per_s = round(stored / pipelineSeconds);
  const memoryMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  log(
    `(b) statements (warm-up and timed run): ${[...statementMs]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([key, ms]) => `${key} ${(ms / 1000).toFixed(1)} s`)
      .join("; ")}`,
  );
  log(
    `(b) pipeline: ${stored} readings in ${pipelineSeconds.toFixed(2)} s = ${results.readings_per_s}/s; process RSS ${memoryMb} MB (${pipeline.caches.stateCount} cached states)`,
  );

  // ── (c) naive ─────────────────────────────────────────────────────────────────────────────────────────────────
  started = performance.now();
  let naiveDone = 0;
  const naiveWorker = async (offset: number) => {
    for (let n = offset; n < naiveReadings; n += 2) {
      const i = n % devices;
      const person = people[i]!;
      const r = readingOf(i, perDevice + 1 + Math.floor(n / devices));
      await db.query(
        `INSERT INTO monitoring_reading (device_id, activation_id, sequence, event_time, received_at, latitude, longitude, accuracy_meters, strap_tamper)
         VALUES ($1, $2, $3, $4, now(), $5, $6, $7, false) ON CONFLICT DO NOTHING`,
        [person.deviceId, person.activationId, r.sequence, r.eventTime, r.latitude, r.longitude, 10],
      );
      await db.query(
        `SELECT z.id, z.zone_kind FROM monitoring_zone z
          WHERE (z.case_id = $1 OR (z.case_id IS NULL AND z.agency_id = (SELECT agency_id FROM supervision_case WHERE id = $1)
                 AND z.applies_to_tag = ANY (SELECT unnest(tags) FROM supervision_case WHERE id = $1)))
            AND $2 BETWEEN z.min_lat AND z.max_lat AND $3 BETWEEN z.min_lon AND z.max_lon
            AND 6371008.8 * 2 * asin(sqrt(power(sin(radians($2 - (z.geometry->'center'->>1)::float8) / 2), 2)
                + cos(radians($2)) * cos(radians((z.geometry->'center'->>1)::float8))
                * power(sin(radians($3 - (z.geometry->'center'->>0)::float8) / 2), 2)))
                <= (z.geometry->>'radiusMeters')::float8 + z.buffer_meters`,
        [person.caseId, r.latitude, r.longitude],
      );
      naiveDone += 1;
    }
  };
  await Promise.all([naiveWorker(0), naiveWorker(1)]);
  const naiveSeconds = (performance.now() - started) / 1000;
  results.naive_per_s = round(naiveDone / naiveSeconds);
  log(`(c) naive: ${naiveDone} readings in ${naiveSeconds.toFixed(2)} s = ${results.naive_per_s}/s`);

  // ── (d) alert latency at 10,000 readings/s ────────────────────────────────────────────────────────────────────
  const latencies: number[] = [];
  const stop = onIngestCommitted((batch) => {
    const at = performance.timeOrigin + performance.now();
    for (const alert of batch.alerts) if (alert.kind === "strap_tamper") latencies.push(at - batch.receivedAt.getTime());
  });
  const perTick = alertRate / 20;
  let sequenceBase = perDevice + 10 + naiveReadings;
  let device = 0;
  const inFlight: Promise<unknown>[] = [];
  const tickStarted = performance.now();
  for (let tick = 0; tick < alertSeconds * 20; tick++) {
    const batch = [];
    for (let n = 0; n < perTick; n++) {
      const i = device++ % devices;
      // One reading in a hundred reports the strap opened: an immediate alert.
      batch.push({ ...readingOf(i, sequenceBase), eventTime: new Date().toISOString(), strapTamper: n % 100 === 0 });
      if (device % devices === 0) sequenceBase += 1;
    }
    // At most four batches in flight (the pool has ten connections): a slower pipeline is reported as achieved rate.
    if (inFlight.length >= 4) await inFlight.shift();
    inFlight.push(pipeline.ingestReadings(batch, { agencyId: null }));
    const wait = tickStarted + (tick + 1) * 50 - performance.now();
    if (wait > 0) await sleep(wait);
  }
  await Promise.all(inFlight);
  stop();
  const achieved = (alertSeconds * alertRate) / ((performance.now() - tickStarted) / 1000);
  results.alert_p99_ms = round(percentile(latencies, 0.99));
  log(
    `(d) alert latency at ${alertRate}/s offered (${round(achieved)}/s achieved): ${latencies.length} alerts, p50 ${round(percentile(latencies, 0.5))} ms, p99 ${results.alert_p99_ms} ms (to the after-commit hook)`,
  );

  // ── (e) crime-scene query ─────────────────────────────────────────────────────────────────────────────────────
  await db.exec("TRUNCATE monitoring_reading");
  started = performance.now();
  const crimeStart = new Date(Math.floor((now.getTime() - 2 * 24 * 60 * MINUTE) / 86_400_000) * 86_400_000);
  await db.query(
    `INSERT INTO monitoring_reading (device_id, activation_id, sequence, event_time, received_at, latitude, longitude, accuracy_meters, strap_tamper)
     SELECT md5('crime' || d)::uuid, md5('crime' || d)::uuid, m, $1::timestamptz + m * interval '1 minute', $1::timestamptz + m * interval '1 minute',
            39.0 + (d * 7919 % 20000) / 10000.0 + 0.01 * sin(m / 60.0 + d), -76.0 + (d * 104729 % 20000) / 10000.0 + 0.01 * cos(m / 45.0 + d), 10, false
       FROM generate_series(0, $2 - 1) AS m CROSS JOIN LATERAL generate_series(0, $3 - 1) AS d`,
    [crimeStart, crimeMinutes, crimeDevices],
  );
  await db.exec("VACUUM ANALYZE monitoring_reading");
  log(
    `(e) crime-scene data: ${crimeDevices} devices × ${crimeMinutes} minutes = ${crimeDevices * crimeMinutes} readings in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const queryTimes: number[] = [];
  let found = 0;
  for (let q = 0; q < crimeQueries; q++) {
    const windowStart = new Date(crimeStart.getTime() + ((q * 37) % Math.max(1, crimeMinutes - 60)) * MINUTE);
    // Centred on where one device was in the middle of the window (the generator's own formula), so people are found.
    const d = (q * 13) % crimeDevices;
    const m = ((q * 37) % Math.max(1, crimeMinutes - 60)) + 30;
    const centre = {
      lat: 39.0 + ((d * 7919) % 20_000) / 10_000 + 0.01 * Math.sin(m / 60 + d),
      lon: -76.0 + ((d * 104_729) % 20_000) / 10_000 + 0.01 * Math.cos(m / 45 + d),
    };
    const radius = 500;
    const dLat = radius / 111_195;
    const dLon = dLat / Math.cos((centre.lat * Math.PI) / 180);
    const t0 = performance.now();
    const rows = await db.query<{ device_id: string; latitude: number; longitude: number }>(
      `SELECT device_id, latitude, longitude, event_time FROM monitoring_reading
        WHERE event_time >= $1 AND event_time < $2 AND latitude BETWEEN $3 AND $4 AND longitude BETWEEN $5 AND $6`,
      [
        windowStart,
        new Date(windowStart.getTime() + 60 * MINUTE),
        centre.lat - dLat,
        centre.lat + dLat,
        centre.lon - dLon,
        centre.lon + dLon,
      ],
    );
    const inside = new Set<string>();
    for (const row of rows) {
      const a =
        Math.sin(((row.latitude - centre.lat) * Math.PI) / 360) ** 2 +
        Math.cos((centre.lat * Math.PI) / 180) *
          Math.cos((row.latitude * Math.PI) / 180) *
          Math.sin(((row.longitude - centre.lon) * Math.PI) / 360) ** 2;
      if (2 * 6371008.8 * Math.asin(Math.sqrt(a)) <= radius) inside.add(row.device_id);
    }
    queryTimes.push(performance.now() - t0);
    found += inside.size;
  }
  results.crime_scene_p95_ms = round(percentile(queryTimes, 0.95));
  const [plan] = await db.query<{ "QUERY PLAN": string }>(
    `EXPLAIN SELECT device_id FROM monitoring_reading WHERE event_time >= $1 AND event_time < $2 AND latitude BETWEEN 39 AND 39.01 AND longitude BETWEEN -76 AND -75.99`,
    [crimeStart, new Date(crimeStart.getTime() + 60 * MINUTE)],
  );
  log(
    `(e) crime-scene: ${crimeQueries} one-hour windows, 500 m radius: p95 ${results.crime_scene_p95_ms} ms, ${found} people found in all; plan starts: ${plan?.["QUERY PLAN"]}`,
  );

  results.vs_copy = Number((results.readings_per_s! / results.copy_per_s!).toFixed(2));
  results.vs_naive = Number((results.readings_per_s! / results.naive_per_s!).toFixed(1));
  log(`memory: ${memoryMb} MB RSS after the pipeline run`);
  console.log(
    JSON.stringify({
      readings_per_s: results.readings_per_s,
      copy_per_s: results.copy_per_s,
      naive_per_s: results.naive_per_s,
      vs_copy: results.vs_copy,
      vs_naive: results.vs_naive,
      alert_p99_ms: results.alert_p99_ms,
      crime_scene_p95_ms: results.crime_scene_p95_ms,
    }),
  );
} finally {
  await db.close();
  cluster?.stop();
  cluster?.remove();
}
