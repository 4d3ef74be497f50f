// npm run bench:web [-- --runs=N] [--detail]
// The web app as a browser loads it: headless Chromium (the test browser) opens the sign-in page and, signed in,
// the caseload, each with an empty cache (a new browser context: first visit) and again with the cache it filled
// (warm). Reports Largest Contentful Paint and the bytes transferred (all, and JavaScript), the median of N runs,
// against a floor measured in the same run: a static HTML page with one heading, served by a bare Node server.
// Starts its own Waypoint server (the production build of the web app, demo data) on a throw-away data directory
// and stops it; builds the web app first when it is missing or older than its sources.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { generate } from "otplib";
import type { BrowserContext } from "playwright-core";
import { launchChromium } from "../e2e/support/chromium";
import { freePort, repoRoot, startServer } from "../e2e/support/server";
import { demoPassword } from "../src/server/bootstrap/demo-accounts";

const runsArgument = process.argv.find((argument) => argument.startsWith("--runs="));
const runs = runsArgument ? Number(runsArgument.slice("--runs=".length)) : 5;
// Each first load's JavaScript files are listed (a file sent without compression is marked): the median is only
// meaningful when every run loaded the same files, compressed.
// --detail: also each request of the last warm caseload load (start–end, ms from navigation) and what its LCP painted.
const detail = process.argv.includes("--detail");
const officer = "officer.north1";
const goals = { caseloadWarmLcpMs: 1_000, jsKbCompressed: 200 };

type Load = { lcpMs: number; transferredKb: number; jsKb: number; jsFiles: string[]; lcpElement: string; timeline: string[] };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const round = (value: number) => Math.round(value);

/** Builds the web app when there is no build or its sources changed since (as npm start does). */
function ensureBuilt(): void {
  const index = join(repoRoot, "dist/web/index.html");
  const sources = spawnSync("find", ["src/web", "src/shared", "index.html", "vite.config.ts", "scripts/lib", "-newer", index], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  if (existsSync(index) && statSync(index).size > 0 && sources.status === 0 && sources.stdout.trim() === "") return;
  console.log("building the web app…");
  const build = spawnSync("npx", ["vite", "build", "--logLevel", "warn"], { cwd: repoRoot, stdio: "inherit" });
  if (build.status !== 0) throw new Error("The web app's build failed.");
}

/** The floor: the same kind of page (one heading) with nothing to fetch, run or render beyond it. */
async function startFloorServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const page =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Waypoint</title></head><body><h1>Waypoint</h1></body></html>';
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" });
    response.end(page);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

// Records every Largest Contentful Paint candidate; the last one before reading is the page's LCP.
const observeLcp = `window.__lcp = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const element = entry.element;
    window.__lcp.push(entry.startTime);
    window.__lcpElement = element ? element.tagName.toLowerCase() + ' "' + (element.textContent ?? "").trim().slice(0, 40) + '"' : "?";
  }
}).observe({ type: "largest-contentful-paint", buffered: true });`;

/** Opens url in the context's page and waits for `ready` to be visible; LCP and transfer sizes from the browser. */
async function load(context: BrowserContext, url: string, ready: string): Promise<Load> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: "load" });
    await page.locator(ready).first().waitFor({ state: "visible", timeout: 30_000 });
    await page.waitForLoadState("networkidle");
    // LCP entries are reported on the next frame after the paint.
    await page.evaluate("new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100)))");
    // A string, not a function: tsx's name helpers (__name) do not exist in the page.
    return (await page.evaluate(`(() => {
      const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
      const kilobytes = (list) => list.reduce((sum, entry) => sum + entry.transferSize, 0) / 1024;
      return {
        lcpMs: window.__lcp.at(-1) ?? Number.NaN,
        lcpElement: window.__lcpElement ?? "none",
        transferredKb: kilobytes(entries),
        jsKb: kilobytes(entries.filter((entry) => new URL(entry.name).pathname.endsWith(".js"))),
        jsFiles: entries.filter((entry) => new URL(entry.name).pathname.endsWith(".js") && entry.transferSize > 0)
          .map((entry) => new URL(entry.name).pathname.replace("/assets/", "") + " " + (entry.transferSize / 1024).toFixed(1) + " kB" +
            (entry.encodedBodySize === entry.decodedBodySize && entry.decodedBodySize > 1024 ? " NOT COMPRESSED" : "")).sort(),
        timeline: entries.map((entry) => Math.round(entry.startTime) + "–" + Math.round(entry.responseEnd) + " ms " + new URL(entry.name).pathname + new URL(entry.name).search),
      };
    })()`)) as Load;
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  ensureBuilt();
  const floorServer = await startFloorServer();
  console.log("starting a Waypoint server on a throw-away data directory (first start loads the demo data)…");
  // The development environment only for the demo data (refused in production); the build served is the same.
  const server = await startServer("bench-web");
  const browser = await launchChromium();
  try {
    const newContext = async (storageState?: Awaited<ReturnType<BrowserContext["storageState"]>>) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...(storageState ? { storageState } : {}) });
      await context.addInitScript({ content: observeLcp });
      return context;
    };

    // Signed in once through the API (password, then the authenticator's code); each cold run starts from its cookie.
    const signInContext = await newContext();
    const api = signInContext.request;
    const signedIn = await api.post(`${server.url}/api/auth/sign-in`, {
      data: { username: officer, password: demoPassword, acknowledgedUseNotice: true },
    });
    if (!signedIn.ok()) throw new Error(`sign-in failed: ${signedIn.status()} ${await signedIn.text()}`);
    const { csrfToken } = (await (await api.get(`${server.url}/api/auth/session`)).json()) as { csrfToken: string };
    const secret = server.totpSecrets[officer];
    if (!secret) throw new Error(`The server printed no authenticator secret for ${officer}.`);
    const verified = await api.post(`${server.url}/api/auth/mfa/verify`, {
      headers: { "x-csrf-token": csrfToken },
      data: { code: await generate({ secret }) },
    });
    if (!verified.ok()) throw new Error(`authenticator code refused: ${verified.status()} ${await verified.text()}`);
    const session = await signInContext.storageState();
    await signInContext.close();

    const scenarios = {
      floor: { url: floorServer.url, ready: "h1", session: undefined },
      "sign-in": { url: `${server.url}/sign-in`, ready: "form input[type=password]", session: undefined },
      caseload: { url: `${server.url}/`, ready: "main table tbody tr, main [data-case-id]", session },
    };
    const results: Record<string, { cold: Load[]; warm: Load[] }> = {};
    for (const [name, scenario] of Object.entries(scenarios)) {
      results[name] = { cold: [], warm: [] };
      for (let run = 0; run < runs; run++) {
        const context = await newContext(scenario.session);
        try {
          results[name].cold.push(await load(context, scenario.url, scenario.ready));
          results[name].warm.push(await load(context, scenario.url, scenario.ready));
        } finally {
          await context.close();
        }
      }
    }

    const summary = (loads: Load[]) => ({
      lcpMs: round(median(loads.map((item) => item.lcpMs))),
      transferredKb: round(median(loads.map((item) => item.transferredKb))),
      jsKb: round(median(loads.map((item) => item.jsKb))),
    });
    console.log(`\nmedian of ${runs} runs, Chromium headless at 1280×800 over loopback`);
    console.log("page       cache   LCP ms   transferred kB   of which JS kB");
    for (const [name, result] of Object.entries(results)) {
      for (const cache of ["cold", "warm"] as const) {
        const row = summary(result[cache]);
        console.log(
          `${name.padEnd(10)} ${cache.padEnd(6)} ${String(row.lcpMs).padStart(7)} ${String(row.transferredKb).padStart(16)} ${String(row.jsKb).padStart(16)}`,
        );
      }
    }
    // What the first load's JavaScript is: the same files on every run, or the median would mix different loads.
    for (const name of ["sign-in", "caseload"]) {
      const sets = new Set(results[name]!.cold.map((item) => item.jsFiles.join(", ")));
      console.log(`\n${name} first load's JavaScript${sets.size > 1 ? " (DIFFERED between runs)" : ""}:`);
      for (const set of sets) console.log(`  ${set}`);
    }
    if (detail) {
      const last = results.caseload!.warm.at(-1)!;
      console.log(`\nlast warm caseload load: LCP ${round(last.lcpMs)} ms on ${last.lcpElement}`);
      for (const line of last.timeline) console.log(`  ${line}`);
    }
    const caseloadWarm = summary(results.caseload!.warm);
    const jsKb = Math.max(summary(results["sign-in"]!.cold).jsKb, summary(results.caseload!.cold).jsKb);
    console.log(
      `\ngoals: caseload LCP warm < ${goals.caseloadWarmLcpMs} ms: ${caseloadWarm.lcpMs < goals.caseloadWarmLcpMs ? "met" : "NOT met"}; ` +
        `JavaScript on a first load < ${goals.jsKbCompressed} kB compressed: ${jsKb < goals.jsKbCompressed ? "met" : "NOT met"}`,
    );
    console.log(
      JSON.stringify({
        signin_lcp_ms: summary(results["sign-in"]!.cold).lcpMs,
        caseload_lcp_ms: caseloadWarm.lcpMs,
        js_kb_compressed: jsKb,
        floor_ms: summary(results.floor!.cold).lcpMs,
      }),
    );
  } finally {
    await browser.close();
    await server.stop();
    await floorServer.close();
  }
}

await main();
