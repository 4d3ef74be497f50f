// npm run bench:load [-- --quick] [-- --keep]
// Simulated officers over loopback HTTP against two server instances (separate processes) on one
// PostgreSQL: caseload, person page, note search, record a contact, sign a note. Open loop: requests
// leave at a fixed arrival rate whatever the answers, at rising rates; latency counts from the moment a
// request was due, so a server that falls behind is seen falling behind. Baseline in the same run: the
// rate /healthz holds on the same two instances. Officers sign in through the real API (password, then
// enrolling an authenticator and answering its code). Every loop is bounded in count and time, and only
// 127.0.0.1 is ever addressed. Seeds the state data set (county with --quick) when the database has none.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { generate } from "otplib";
import { freePort } from "../scripts/lib/postgres-cluster";
import { demoPassword } from "../src/server/bootstrap/demo-accounts";
import { openSeededDatabase } from "./lib/seeded-database";

const quick = process.argv.includes("--quick");
const goalP95Ms = 200;
const mixedRates = quick ? [25, 50, 100, 150, 200, 250, 300] : [25, 50, 100, 150, 200, 250, 300, 350, 400, 500];
const healthzRates = quick ? [100, 250, 500, 1_000, 1_500, 2_000, 3_000] : [100, 250, 500, 1_000, 1_500, 2_000, 3_000, 4_000, 6_000];
const stepSeconds = quick ? 6 : 15;
const officerCount = quick ? 40 : 200;
const concurrentCaseloads = 200;
// Requests still unanswered this long after a step's last one was due count as failed.
const drainLimitMs = 15_000;
const maxInFlight = 2_000;
const secretKey = "bench-secret-key-0123456789abcdef";
const searchWords = ["employment", "treatment", "housing program", "curfew", "community service", "relapse prevention", "pay stubs"];

const root = join(import.meta.dirname, "..");
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

type Answer = { status: number; body: string; cookies: string[] };

function request(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const outgoing = http.request(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        agent,
        headers: { accept: "application/json", ...(payload ? { "content-type": "application/json" } : {}), ...headers },
        timeout: drainLimitMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            cookies: response.headers["set-cookie"] ?? [],
          }),
        );
        response.on("error", reject);
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error("timed out")));
    outgoing.on("error", reject);
    outgoing.end(payload);
  });
}

// ---- two server instances ----

type Instance = { port: number; process: ChildProcess; output: string[] };

async function startInstance(databaseUrl: string, dataDir: string): Promise<Instance> {
  const port = await freePort();
  const child = spawn(join(root, "node_modules/.bin/tsx"), ["src/server/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      // production: no demo data is created or announced; the data set is already seeded.
      NODE_ENV: "production",
      DEMO_DATA: "false",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      SECRET_KEY: secretKey,
      // Every simulated officer signs in from 127.0.0.1 within a minute.
      SIGN_IN_RATE_LIMIT_PER_MINUTE: "100000",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const instance: Instance = { port, process: child, output: [] };
  const remember = (chunk: Buffer) => {
    instance.output.push(chunk.toString("utf8"));
    if (instance.output.length > 200) instance.output.shift();
  };
  child.stdout?.on("data", remember);
  child.stderr?.on("data", remember);
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${instance.output.join("")}`);
    const ready = await request(port, "GET", "/readyz").catch(() => null);
    if (ready?.status === 200) return instance;
    await sleep(250);
  }
  throw new Error(`server on port ${port} did not become ready:\n${instance.output.join("")}`);
}

async function stopInstance(instance: Instance): Promise<void> {
  if (instance.process.exitCode !== null) return;
  const exited = new Promise((resolve) => instance.process.once("exit", resolve));
  instance.process.kill("SIGTERM");
  await Promise.race([exited, sleep(12_000)]);
  if (instance.process.exitCode === null) instance.process.kill("SIGKILL");
}

// ---- officers signed in through the API ----

type Officer = {
  username: string;
  cookie: string;
  csrfToken: string;
  caseIds: string[];
  personIds: string[];
  drafts: string[];
};

const cookieOf = (answer: Answer) => {
  const cookie = answer.cookies.map((value) => value.split(";")[0]!).find((value) => value.includes("waypoint_session="));
  if (!cookie) throw new Error(`no session cookie (${answer.status} ${answer.body})`);
  return cookie;
};

async function signInOfficer(port: number, username: string): Promise<Officer> {
  const first = await request(port, "POST", "/api/auth/sign-in", {}, { username, password: demoPassword, acknowledgedUseNotice: true });
  if (first.status !== 200) throw new Error(`sign-in of ${username}: ${first.status} ${first.body}`);
  let cookie = cookieOf(first);
  const session = async () =>
    JSON.parse((await request(port, "GET", "/api/auth/session", { cookie })).body) as { csrfToken: string; next: string };
  let state = await session();
  if (state.next !== "enroll-mfa") throw new Error(`${username}: expected to enrol an authenticator, next step is ${state.next}`);
  const enrollment = await request(port, "POST", "/api/auth/mfa/enrollment", { cookie, "x-csrf-token": state.csrfToken });
  if (enrollment.status !== 200) throw new Error(`enrolment of ${username}: ${enrollment.status} ${enrollment.body}`);
  const { secret } = JSON.parse(enrollment.body) as { secret: string };
  const confirmed = await request(
    port,
    "POST",
    "/api/auth/mfa/enrollment/confirm",
    { cookie, "x-csrf-token": state.csrfToken },
    { code: await generate({ secret }) },
  );
  if (confirmed.status !== 200) throw new Error(`TOTP of ${username}: ${confirmed.status} ${confirmed.body}`);
  cookie = cookieOf(confirmed);
  state = await session();
  if (state.next !== "done") throw new Error(`${username} is not signed in: ${state.next}`);
  const caseload = await request(port, "GET", "/api/v1/caseload?limit=50", { cookie });
  const entries = (JSON.parse(caseload.body) as { entries: { caseId: string; person: { id: string } }[] }).entries;
  return {
    username,
    cookie,
    csrfToken: state.csrfToken,
    caseIds: entries.map((entry) => entry.caseId),
    personIds: entries.map((entry) => entry.person.id),
    drafts: [],
  };
}

// ---- the workload ----

type Call = { method: string; path: string; body?: unknown; officer: Officer; afterwards?: (answer: Answer) => void };
const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;

/** One officer action: caseload 20 %, person page 35 %, note search 15 %, record a contact 15 %, sign a note 15 %. */
function nextCall(officers: Officer[], random: () => number, chosen?: number): Call {
  const officer = pick(officers, random);
  const roll = chosen ?? random();
  if (roll < 0.2) return { method: "GET", path: "/api/v1/caseload", officer };
  if (roll < 0.55) return { method: "GET", path: `/api/v1/people/${pick(officer.personIds, random)}`, officer };
  if (roll < 0.7) return { method: "GET", path: `/api/v1/notes/search?q=${encodeURIComponent(pick(searchWords, random))}`, officer };
  const draft = roll >= 0.85 ? officer.drafts.shift() : undefined;
  if (draft) return { method: "POST", path: `/api/v1/notes/${draft}/sign`, officer };
  return {
    method: "POST",
    path: `/api/v1/cases/${pick(officer.caseIds, random)}/contacts`,
    body: {
      contactType: "office_visit",
      occurredAt: new Date().toISOString(),
      outcome: "completed",
      narrative: "Reported as instructed. Discussed employment search and treatment attendance.",
    },
    officer,
    afterwards: (answer) => {
      if (answer.status === 201) {
        const noteId = (JSON.parse(answer.body) as { noteId: string | null }).noteId;
        if (noteId) officer.drafts.push(noteId);
      }
    },
  };
}

function send(port: number, call: Call): Promise<Answer> {
  const headers: Record<string, string> = { cookie: call.officer.cookie };
  if (call.method !== "GET") headers["x-csrf-token"] = call.officer.csrfToken;
  return request(port, call.method, call.path, headers, call.body);
}

// A small seeded generator, so two runs make the same sequence of calls.
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type StepResult = {
  rate: number;
  sent: number;
  ok: number;
  failed: number;
  p50: number;
  p95: number;
  p99: number;
  achieved: number;
  /** Why requests failed: "HTTP 503", "timed out", "client saturated"… with counts. */
  reasons: Map<string, number>;
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Open loop: request i is due at i / rate seconds and leaves then, answered or not; latency counts from when it was due. */
async function openLoop(
  rate: number,
  seconds: number,
  ports: number[],
  makeCall: () => (port: number) => Promise<Answer>,
): Promise<StepResult> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let inFlight = 0;
  const reasons = new Map<string, number>();
  const failure = (reason: string) => {
    failed += 1;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  };
  const pending: Promise<void>[] = [];
  const started = performance.now();
  let next = 0;
  while (next < total) {
    const now = performance.now();
    while (next < total && started + (next * 1000) / rate <= now) {
      const due = started + (next * 1000) / rate;
      const port = ports[next % ports.length]!;
      next += 1;
      if (inFlight >= maxInFlight) {
        failure("client saturated");
        continue;
      }
      inFlight += 1;
      const run = makeCall();
      pending.push(
        run(port)
          .then((answer) => {
            if (answer.status < 400) {
              ok += 1;
              latencies.push(performance.now() - due);
            } else failure(`HTTP ${answer.status}`);
          })
          .catch((error: Error) => failure(error.message))
          .finally(() => {
            inFlight -= 1;
          }),
      );
    }
    await sleep(2);
  }
  await Promise.race([Promise.all(pending), sleep(drainLimitMs)]);
  const elapsed = (performance.now() - started) / 1000;
  // Anything still unanswered at the drain limit counts as failed, as does every error answer.
  if (total - ok - failed > 0) reasons.set("unanswered", total - ok - failed);
  failed = total - ok;
  latencies.sort((a, b) => a - b);
  return {
    rate,
    sent: total,
    ok,
    failed,
    p50: percentile(latencies, 0.5),
    p95: failed > 0 && ok === 0 ? Number.POSITIVE_INFINITY : percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    achieved: ok / elapsed,
    reasons,
  };
}

// ---- CPU spent per request, from /proc (Linux): what the request costs, whatever else shares the machine ----

const clockTicksPerSecond = 100;

/** CPU seconds (user + system) used so far by the process trees rooted at the given pids. */
function treeCpuSeconds(roots: number[]): number {
  const processes = new Map<number, { parent: number; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime + stime, plus cutime + cstime: a backend that exits is reaped by the postmaster and its CPU moves to
      // the postmaster's children's time, so a step in which a connection closes does not lose (or go negative on) it.
      const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((index) => Number(fields[index]));
      processes.set(Number(entry), { parent: Number(fields[1]), ticks: utime! + stime! + cutime! + cstime! });
    } catch {
      // the process ended while we looked
    }
  }
  const inTree = (pid: number): boolean => {
    for (let current = pid, depth = 0; current > 1 && depth < 20; depth++) {
      if (roots.includes(current)) return true;
      current = processes.get(current)?.parent ?? 0;
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, info] of processes) if (inTree(pid)) ticks += info.ticks;
  return ticks / clockTicksPerSecond;
}

type CpuProbe = { servers: number[]; postgres: number[] };
let cpuProbe: CpuProbe | null = null;
const cpuNow = () => (cpuProbe ? { servers: treeCpuSeconds(cpuProbe.servers), postgres: treeCpuSeconds(cpuProbe.postgres) } : null);

const holds = (step: StepResult) => step.p95 < goalP95Ms && step.failed <= step.sent * 0.01;

const cpuPerRequest: { serversMs: number; postgresMs: number }[] = [];

async function ramp(label: string, rates: number[], ports: number[], makeCall: () => (port: number) => Promise<Answer>) {
  let best: StepResult | null = null;
  for (const rate of rates) {
    const cpuBefore = cpuNow();
    const step = await openLoop(rate, stepSeconds, ports, makeCall);
    const cpuAfter = cpuNow();
    let cpu = "";
    if (cpuBefore && cpuAfter && step.ok > 0) {
      const serversMs = ((cpuAfter.servers - cpuBefore.servers) * 1000) / step.ok;
      const postgresMs = ((cpuAfter.postgres - cpuBefore.postgres) * 1000) / step.ok;
      if (label === "mixed") cpuPerRequest.push({ serversMs, postgresMs });
      cpu = `, CPU per request ${serversMs.toFixed(1)} ms servers + ${postgresMs.toFixed(1)} ms PostgreSQL`;
    }
    console.log(
      `${label.padEnd(8)} ${String(rate).padStart(5)} req/s offered → ${step.achieved.toFixed(0).padStart(5)} answered/s, ` +
        `p50 ${step.p50.toFixed(1).padStart(7)} ms, p95 ${step.p95.toFixed(1).padStart(7)} ms, p99 ${step.p99.toFixed(1).padStart(7)} ms, ` +
        `failed ${step.failed}/${step.sent}${cpu}${holds(step) ? "" : "   ✗ not held"}` +
        (step.failed > 0 ? `  (${[...step.reasons].map(([reason, times]) => `${reason}: ${times}`).join(", ")})` : ""),
    );
    if (!holds(step)) break;
    best = step;
    // Let the last step's queues (and the audit sealer) drain before offering more.
    await sleep(1_500);
  }
  return best;
}

// ---- run ----

const seeded = await openSeededDatabase(quick);
const dataDir = mkdtempSync(join(tmpdir(), "waypoint-bench-load-"));
const instances: Instance[] = [];
try {
  const officerNames = await seeded.db.query<{ username: string }>(
    `SELECT u.username FROM app_user u
      WHERE 'officer' = ANY (u.roles) AND u.totp_secret_encrypted IS NULL AND u.disabled_at IS NULL
        AND EXISTS (SELECT 1 FROM supervision_case c WHERE c.officer_id = u.id AND c.status <> 'closed')
      ORDER BY u.username LIMIT $1`,
    [officerCount],
  );
  if (officerNames.length < 10) {
    throw new Error(
      "Fewer than 10 officers without an authenticator are left in this database (kept from an earlier run?): use a fresh one.",
    );
  }
  instances.push(await startInstance(seeded.url, dataDir), await startInstance(seeded.url, dataDir));
  const ports = instances.map((instance) => instance.port);
  // The servers' process trees, and PostgreSQL's (the postmaster, parent of our backend), when it runs here.
  const [backend] = await seeded.db.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  let postmaster = Number.NaN;
  try {
    postmaster = Number(readFileSync(`/proc/${backend?.pid}/stat`, "utf8").split(") ")[1]?.split(" ")[1]);
  } catch {
    // PostgreSQL runs elsewhere (DATABASE_URL): only the servers' CPU is counted.
  }
  cpuProbe = {
    servers: instances.map((instance) => instance.process.pid ?? 0),
    postgres: Number.isFinite(postmaster) && postmaster > 1 ? [postmaster] : [],
  };
  console.log(`Two server instances on ports ${ports.join(" and ")}, one PostgreSQL.`);

  const signInStarted = performance.now();
  const officers: Officer[] = [];
  // A few at a time: each sign-in verifies an argon2id hash, which is meant to be slow.
  for (let index = 0; index < officerNames.length; index += 4) {
    const batch = officerNames.slice(index, index + 4);
    officers.push(...(await Promise.all(batch.map((row, offset) => signInOfficer(ports[(index + offset) % 2]!, row.username)))));
  }
  const active = officers.filter((officer) => officer.caseIds.length > 0);
  console.log(
    `Signed in ${officers.length} officers through the API (password + TOTP enrolment) in ${((performance.now() - signInStarted) / 1000).toFixed(1)} s.`,
  );

  const random = seededRandom(2026);
  const callMaker = (roll?: number) => () => {
    const call = nextCall(active, random, roll);
    return async (port: number) => {
      const answer = await send(port, call);
      call.afterwards?.(answer);
      return answer;
    };
  };
  const mixed = callMaker();
  // Warm-up, not measured: a server that has run for a while has its pool's connections open, each with warm catalog
  // caches and prepared plans (a fresh connection's first plans cost milliseconds each). A few seconds at rising
  // rates opens and warms them, so the steps measure the running server rather than its first minute.
  for (const rate of [30, 60, 120]) await openLoop(rate, quick ? 3 : 5, ports, mixed);
  await sleep(1_500);

  console.log(`Mixed officer work, ${stepSeconds} s per rate, goal p95 < ${goalP95Ms} ms with at most 1 % failed:`);
  const sustained = await ramp("mixed", mixedRates, ports, mixed);

  // What each kind of request costs, one kind at a time at a low rate (a roll that picks the kind in nextCall).
  const kinds = [
    { label: "caseload", roll: 0.1 },
    { label: "person page", roll: 0.3 },
    { label: "note search", roll: 0.6 },
    { label: "record a contact", roll: 0.75 },
    { label: "sign a note", roll: 0.9 },
  ];
  console.log("Each kind of request alone:");
  for (const kind of kinds) {
    const cpuBefore = cpuNow();
    const step = await openLoop(20, quick ? 4 : 8, ports, callMaker(kind.roll));
    const cpuAfter = cpuNow();
    const cpu =
      cpuBefore && cpuAfter && step.ok > 0
        ? `, CPU per request ${(((cpuAfter.servers - cpuBefore.servers) * 1000) / step.ok).toFixed(1)} ms servers + ${(((cpuAfter.postgres - cpuBefore.postgres) * 1000) / step.ok).toFixed(1)} ms PostgreSQL`
        : "";
    console.log(
      `  ${kind.label.padEnd(18)} 20 req/s: p50 ${step.p50.toFixed(1)} ms, p95 ${step.p95.toFixed(1)} ms, failed ${step.failed}/${step.sent}${cpu}`,
    );
  }

  // 200 caseload requests at once, twice, from the signed-in officers, across both instances.
  const caseloadTimings: number[] = [];
  const caseloadFailures = new Map<string, number>();
  for (let round = 0; round < 2; round++) {
    await Promise.all(
      Array.from({ length: concurrentCaseloads }, async (_, index) => {
        const officer = active[index % active.length]!;
        const started = performance.now();
        const answer = await request(ports[index % 2]!, "GET", "/api/v1/caseload", { cookie: officer.cookie }).catch(
          (error: Error) => error.message,
        );
        const failed = typeof answer === "string" ? answer : answer.status === 200 ? null : `HTTP ${answer.status}`;
        if (failed) caseloadFailures.set(failed, (caseloadFailures.get(failed) ?? 0) + 1);
        // A failed request counts as infinitely slow: the p95 is only finite when at least 95 % succeeded.
        caseloadTimings.push(failed ? Number.POSITIVE_INFINITY : performance.now() - started);
      }),
    );
    await sleep(1_000);
  }
  caseloadTimings.sort((a, b) => a - b);
  const caseloadP95 = percentile(caseloadTimings, 0.95);
  console.log(
    `Caseload, ${concurrentCaseloads} concurrent requests (×2): median ${percentile(caseloadTimings, 0.5).toFixed(1)} ms, p95 ${caseloadP95.toFixed(1)} ms` +
      (caseloadFailures.size > 0 ? `, failed: ${[...caseloadFailures].map(([reason, times]) => `${reason}: ${times}`).join(", ")}.` : "."),
  );

  console.log(`Baseline: /healthz on the same two instances, ${stepSeconds} s per rate:`);
  const healthz = await ramp("healthz", healthzRates, ports, () => (port) => request(port, "GET", "/healthz"));

  if (cpuPerRequest.length > 0) {
    // The busiest steps say most about the cost per request; an estimate, not a measurement of throughput.
    const costs = cpuPerRequest.map((cost) => cost.serversMs + cost.postgresMs).sort((a, b) => a - b);
    const median = percentile(costs, 0.5);
    console.log(
      `CPU per mixed request (median over steps): ${median.toFixed(1)} ms. An otherwise idle ${availableParallelism()}-core machine ` +
        `would be CPU-bound near ${Math.floor((availableParallelism() * 1000) / median)} requests/s (estimate; the load generator's own CPU not counted).`,
    );
  }

  const [unsealed] = await seeded.db
    .query<{ count: number }>(
      "SELECT count(*)::int AS count FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.audit_id = a.id)",
    )
    .catch(() => [{ count: -1 }]);
  if (unsealed && unsealed.count >= 0) console.log(`Audit rows not yet sealed at the end: ${unsealed.count}.`);

  const round = (value: number) => (Number.isFinite(value) ? Number(value.toFixed(1)) : null);
  console.log(
    JSON.stringify({
      sustained_rps: sustained?.rate ?? 0,
      p95_ms_at_sustained: sustained ? round(sustained.p95) : null,
      healthz_rps: healthz?.rate ?? 0,
      caseload_p95_ms_200_concurrent: round(caseloadP95),
    }),
  );
} finally {
  await Promise.all(instances.map(stopInstance));
  agent.destroy();
  rmSync(dataDir, { recursive: true, force: true });
  await seeded.close();
}
