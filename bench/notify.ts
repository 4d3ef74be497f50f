// npm run bench:notify [-- --quick]
// Live notifications: one server instance holding 2,000 open Server-Sent Events streams (loopback clients in
// this process, one signed-in user each), while notifications are created at 50 per second for random users of
// them. Measures from the start of the transaction that creates a notification (its commit sends the NOTIFY) to
// the event arriving at the user's client, against a plain `SELECT 1` round trip on the same database in the
// same run. Reads DATABASE_URL; without it, starts a throw-away PostgreSQL cluster. Every loop is bounded in
// count and time, and only 127.0.0.1 is addressed.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { type Cluster, startCluster } from "../scripts/lib/postgres-cluster";
import { buildApp } from "../src/server/app";
import { createDemoOrganisation, hasAnyUser } from "../src/server/bootstrap/bootstrap";
import { loadConfig } from "../src/server/config";
import { notify } from "../src/server/features/notifications/notify";
import { createSession } from "../src/server/platform/auth/sessions";
import { openPostgres } from "../src/server/platform/db/database";
import { migrate } from "../src/server/platform/db/migrate";
import { createLogger } from "../src/server/platform/logger";
import { createSecretBox } from "../src/server/platform/secrets";

const quick = process.argv.includes("--quick");
const connections = quick ? 500 : 2_000;
const ratePerSecond = 50;
const seconds = quick ? 5 : 20;
const drainLimitMs = 15_000;
const secretKey = "bench-secret-key-0123456789abcdef";

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
};
const round = (value: number) => Number(value.toFixed(2));

const cluster: Cluster | undefined = process.env.DATABASE_URL ? undefined : await startCluster();
const url = process.env.DATABASE_URL ?? cluster!.url;
const db = await openPostgres(url, { max: 10 });
const sockets: http.ClientRequest[] = [];
let closeApp: () => Promise<void> = async () => {};
try {
  await migrate(db);
  const secretBox = createSecretBox(secretKey);
  if (!(await hasAnyUser(db))) await createDemoOrganisation(db, secretBox, new Date());

  // One signed-in user per stream: copies of a demo officer (enrolled authenticator), each with an active session.
  await db.query(
    `INSERT INTO app_user (agency_id, unit_id, username, display_name, roles, password_hash, password_changed_at, totp_secret_encrypted, totp_enrolled_at)
     SELECT u.agency_id, u.unit_id, 'bench.notify' || n, 'Bench Officer ' || n, u.roles, u.password_hash, now(), u.totp_secret_encrypted, now()
       FROM app_user u, generate_series(1, $1) AS n
      WHERE u.username = 'officer.north1'
        AND NOT EXISTS (SELECT 1 FROM app_user x WHERE x.username = 'bench.notify' || n)`,
    [connections],
  );
  const users = await db.query<{ id: string }>("SELECT id FROM app_user WHERE username LIKE 'bench.notify%' ORDER BY username LIMIT $1", [
    connections,
  ]);
  const tokens: string[] = [];
  for (const user of users) {
    const { token } = await createSession(db, { userId: user.id, stage: "active", now: new Date(), ip: null, userAgent: "bench:notify" });
    tokens.push(token);
  }

  const config = {
    ...loadConfig({ NODE_ENV: "test", SECRET_KEY: secretKey, LOG_LEVEL: "silent", DATA_DIR: join(tmpdir(), "waypoint-bench-notify") }),
    email: null,
    sms: null,
  };
  const app = await buildApp({ config, db, clock: () => new Date(), secretBox, log: createLogger("silent") }, { serveWeb: false });
  closeApp = () => app.close();
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as AddressInfo).port;

  // The clients: each stream's text is scanned for the bench's titles as it arrives.
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const openStream = (token: string) =>
    new Promise<void>((resolve, reject) => {
      const request = http.request(
        { host: "127.0.0.1", port, path: "/api/v1/notifications/stream", agent: false, headers: { cookie: `waypoint_session=${token}` } },
        (response) => {
          if (response.statusCode !== 200) return reject(new Error(`stream answered ${response.statusCode}`));
          response.setEncoding("utf8");
          let ready = false;
          response.on("data", (chunk: string) => {
            const arrived = performance.now();
            if (!ready && chunk.includes("event: ready")) {
              ready = true;
              resolve();
            }
            for (const match of chunk.matchAll(/"title":"bench (\d+)"/g)) {
              const started = sentAt.get(Number(match[1]));
              if (started !== undefined) latencies.push(arrived - started);
            }
          });
        },
      );
      request.on("error", reject);
      request.end();
      sockets.push(request);
    });
  const connectStarted = performance.now();
  for (let index = 0; index < tokens.length; index += 100) await Promise.all(tokens.slice(index, index + 100).map(openStream));
  console.log(`${tokens.length} streams open in ${((performance.now() - connectStarted) / 1000).toFixed(1)} s.`);

  // Baseline: a plain round trip to the same database.
  for (let index = 0; index < 20; index++) await db.query("SELECT 1");
  const select1: number[] = [];
  for (let index = 0; index < 300; index++) {
    const started = performance.now();
    await db.query("SELECT 1");
    select1.push(performance.now() - started);
  }

  // Open loop: a notification is due every 1/rate s, whatever the previous ones are doing.
  const total = ratePerSecond * seconds;
  const begun = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let index = 0; index < total; index++) {
    const dueAt = begun + (index * 1000) / ratePerSecond;
    const wait = dueAt - performance.now();
    if (wait > 0) await sleep(wait);
    const user = users[Math.floor(Math.random() * users.length)]!;
    sentAt.set(index, performance.now());
    pending.push(
      db.transaction((tx) =>
        notify(tx, {
          userId: user.id,
          kind: "drug_test",
          title: `bench ${index}`,
          body: "Benchmark notification.",
          recordType: "case",
          recordId: user.id,
          urgent: false,
          now: new Date(),
        }),
      ),
    );
  }
  await Promise.all(pending);
  const drainUntil = performance.now() + drainLimitMs;
  while (latencies.length < total && performance.now() < drainUntil) await sleep(50);
  const rssMb = process.memoryUsage().rss / 1024 / 1024;

  const result = {
    notify_p50_ms: round(percentile(latencies, 0.5)),
    notify_p99_ms: round(percentile(latencies, 0.99)),
    connections: tokens.length,
    rss_mb: round(rssMb),
    select1_ms: round(percentile(select1, 0.5)),
  };
  console.log(`notifications created ${total} at ${ratePerSecond}/s, delivered ${latencies.length}`);
  console.log(`commit → client   p50 ${result.notify_p50_ms} ms   p99 ${result.notify_p99_ms} ms   (goal p99 < 250 ms)`);
  console.log(`SELECT 1          median ${result.select1_ms} ms`);
  console.log(`process memory    ${result.rss_mb} MB (server and its ${tokens.length} clients; goal < 500 MB)`);
  console.log(JSON.stringify(result));
} finally {
  for (const socket of sockets) socket.destroy();
  await closeApp();
  await db.close();
  cluster?.remove();
}
