import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { precompressDirectory } from "../../../../scripts/lib/precompress";
import { createTestApp, engineName, type TestApp } from "../../test-support/harness";

// A built web app in miniature, compressed as the build compresses it: hashed assets, the shell, a stray map.
const script = `export const caseload = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `person ${i}`))};\n`;
const shell = `<!doctype html><html lang="en"><head><title>Waypoint</title><script type="module" src="/assets/index-AbC123.js"></script></head><body><div id="root"></div>${"<!-- padding -->".repeat(80)}</body></html>`;

describe(`serving the built web app (${engineName})`, () => {
  let test: TestApp;
  let webRoot: string;

  beforeAll(async () => {
    webRoot = await mkdtemp(join(tmpdir(), "waypoint-web-"));
    await mkdir(join(webRoot, "assets"));
    await writeFile(join(webRoot, "index.html"), shell);
    await writeFile(join(webRoot, "assets/index-AbC123.js"), script);
    await writeFile(join(webRoot, "assets/index-AbC123.js.map"), '{"version":3,"sources":["secret.ts"]}');
    expect(await precompressDirectory(webRoot)).toBe(2);
    test = await createTestApp({}, { webRoot });
  });
  afterAll(async () => {
    await test.close();
    await rm(webRoot, { recursive: true, force: true });
  });

  const get = (url: string, acceptEncoding?: string) =>
    test.app.inject({ method: "GET", url, headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} });

  it("sends hashed assets brotli- or gzip-compressed as the browser accepts, cached for a year as immutable", async () => {
    const br = await get("/assets/index-AbC123.js", "gzip, deflate, br");
    expect(br.statusCode).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(br.rawPayload.length).toBeLessThan(script.length / 3);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);

    const gz = await get("/assets/index-AbC123.js", "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);

    const plain = await get("/assets/index-AbC123.js");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.payload).toBe(script);
    expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("sends the app shell compressed and never cached without revalidation, at / and at client-side routes", async () => {
    for (const url of ["/", "/people/1234", "/index.html"]) {
      const response = await get(url, "br, gzip");
      expect(response.statusCode, url).toBe(200);
      expect(response.headers["cache-control"], url).toBe("no-cache");
      expect(response.headers["content-encoding"], url).toBe("br");
      expect(brotliDecompressSync(response.rawPayload).toString(), url).toBe(shell);
    }
  });

  it("serves no source map, and a missing asset is a 404 rather than the app shell", async () => {
    expect((await get("/assets/index-AbC123.js.map")).statusCode).toBe(404);
    const missing = await get("/assets/index-Old999.js", "br");
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-type"]).not.toMatch(/html/);
  });

  it("answers a file the browser asks for by itself (/favicon.ico, /robots.txt) with a 404, not the app shell", async () => {
    for (const url of ["/favicon.ico", "/robots.txt", "/apple-touch-icon.png?size=180"]) {
      const response = await get(url, "br");
      expect(response.statusCode, url).toBe(404);
      expect(response.headers["content-type"], url).not.toMatch(/html/);
    }
  });

  it("compresses API responses as they are sent, and leaves them uncached", async () => {
    const response = await get("/api/openapi.json", "gzip, br");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-encoding"]).toBe("br");
    const body = JSON.parse(brotliDecompressSync(response.rawPayload).toString()) as { openapi: string };
    expect(body.openapi).toBe("3.1.0");
    expect(response.headers["cache-control"]).toBe("no-store");
  });

  it("sends API responses uncompressed when another site asked for them (BREACH), compressed for the app's own pages", async () => {
    const request = (site: string) =>
      test.app.inject({ method: "GET", url: "/api/openapi.json", headers: { "accept-encoding": "br, gzip", "sec-fetch-site": site } });
    const crossSite = await request("cross-site");
    expect(crossSite.headers["content-encoding"]).toBeUndefined();
    expect(crossSite.json().openapi).toBe("3.1.0");
    expect((await request("same-site")).headers["content-encoding"]).toBeUndefined();
    expect((await request("same-origin")).headers["content-encoding"]).toBe("br");
  });
});
