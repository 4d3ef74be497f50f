import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const dataDirs: string[] = [];

function startServer(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "warn", NODE_ENV: "development", DATABASE_URL: "", ...env },
  });
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe("the server process", () => {
  it("refuses to start on invalid configuration, naming the variable", async () => {
    const server = startServer({ PORT: "eighty" });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/Invalid configuration:\s+PORT/);
  });

  it("starts on an empty embedded database with demo accounts, serves, and stops cleanly on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "waypoint-main-"));
    dataDirs.push(dataDir);
    const server = startServer({ DATA_DIR: dataDir, PORT: "0" });
    let url: string | undefined;
    for (let waited = 0; waited < 60_000 && !url; waited += 200) {
      url = server.output().match(/running at (http:\/\/\S+)/)?.[1];
      if (!url) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(url, server.output()).toBeDefined();
    expect(server.output()).toContain("officer.north1");
    expect(server.output()).toContain("field training passphrase");
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get("x-request-id")).toMatch(/^[\w-]{8,64}$/);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });
});
