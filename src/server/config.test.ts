import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

const dataDir = () => mkdtempSync(join(tmpdir(), "waypoint-config-"));

describe("configuration", () => {
  it("has working defaults for a laptop install", () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 3000,
      databaseUrl: undefined,
      sessionIdleTimeoutSeconds: 1800,
      sessionAbsoluteTimeoutSeconds: 43200,
      loadDemoData: true,
    });
    expect(config.secretKey.length).toBeGreaterThanOrEqual(32);
  });

  it("keeps the generated development key across restarts", () => {
    const dir = dataDir();
    expect(loadConfig({ DATA_DIR: dir }).secretKey).toBe(loadConfig({ DATA_DIR: dir }).secretKey);
  });

  it("refuses invalid values with a message naming the variable", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must start with postgres/);
    expect(() => loadConfig({ SESSION_IDLE_TIMEOUT_SECONDS: "-5" })).toThrow(/SESSION_IDLE_TIMEOUT_SECONDS/);
    expect(() => loadConfig({ TRUST_PROXY: "maybe" })).toThrow(ConfigError);
  });

  it("sends SMS through an HTTP provider only with its https URL, credentials and sending number", () => {
    const provider = {
      DATA_DIR: dataDir(),
      SMS_SENDER: "http",
      SMS_HTTP_URL: "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json",
      SMS_HTTP_USERNAME: "AC123",
      SMS_HTTP_PASSWORD: "token",
      SMS_HTTP_FROM: "+15550100",
    };
    expect(loadConfig(provider).sms).toEqual({
      kind: "http",
      url: provider.SMS_HTTP_URL,
      username: "AC123",
      password: "token",
      from: "+15550100",
    });
    expect(() => loadConfig({ ...provider, SMS_HTTP_PASSWORD: "" })).toThrow(/SMS_HTTP_PASSWORD: required with SMS_SENDER=http/);
    expect(() => loadConfig({ ...provider, SMS_HTTP_URL: "http://sms.example.org/send" })).toThrow(/SMS_HTTP_URL: must be an https URL/);
    expect(() => loadConfig({ ...provider, SMS_HTTP_URL: "ftp://sms.example.org" })).toThrow(/SMS_HTTP_URL/);
    // A provider on this machine (a test double, a local gateway) may be plain http.
    expect(loadConfig({ ...provider, SMS_HTTP_URL: "http://127.0.0.1:8025/send" }).sms).toMatchObject({ kind: "http" });
    expect(loadConfig({ DATA_DIR: dataDir(), SMS_SENDER: "none" }).sms).toBeNull();
  });

  it("serves the demo on a loopback address only, unless DEMO_ALLOW_REMOTE says otherwise", () => {
    for (const host of ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"]) {
      expect(loadConfig({ DATA_DIR: dataDir(), HOST: host }).host).toBe(host);
    }
    for (const host of ["0.0.0.0", "::", "192.168.1.20", "waypoint.example.org"]) {
      expect(() => loadConfig({ DATA_DIR: dataDir(), HOST: host })).toThrow(/HOST: with demo data .*DEMO_ALLOW_REMOTE=true/);
    }
    expect(loadConfig({ DATA_DIR: dataDir(), HOST: "0.0.0.0", DEMO_ALLOW_REMOTE: "true" }).loadDemoData).toBe(true);
    expect(loadConfig({ DATA_DIR: dataDir(), HOST: "0.0.0.0", DEMO_DATA: "false" }).host).toBe("0.0.0.0");
    expect(loadConfig({ NODE_ENV: "production", SECRET_KEY: "k".repeat(40), HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
  });

  it("has no default secrets and no demo accounts in production", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/SECRET_KEY: required in production/);
    expect(() => loadConfig({ NODE_ENV: "production", SECRET_KEY: "short" })).toThrow(/at least 32/);
    const production = loadConfig({ NODE_ENV: "production", SECRET_KEY: "k".repeat(40) });
    expect(production.loadDemoData).toBe(false);
    expect(() => loadConfig({ NODE_ENV: "production", SECRET_KEY: "k".repeat(40), DEMO_DATA: "true" })).toThrow(/DEMO_DATA/);
  });

  it("runs the embedded MQTT broker on loopback by default, an external broker with MQTT_URL, or none", () => {
    const key = "k".repeat(40);
    const embedded = loadConfig({ NODE_ENV: "production", SECRET_KEY: key });
    expect(embedded.mqtt).toMatchObject({ kind: "embedded", host: "127.0.0.1", port: 1883 });
    // Device passwords derive from the server key unless MQTT_DEVICE_SECRET is set; never the key itself.
    const derived = embedded.mqtt?.kind === "embedded" ? embedded.mqtt.deviceSecret : "";
    expect(derived).not.toBe(key);
    expect(derived.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ NODE_ENV: "production", SECRET_KEY: key, MQTT_DEVICE_SECRET: "d".repeat(32) }).mqtt).toMatchObject({
      deviceSecret: "d".repeat(32),
    });
    expect(() => loadConfig({ NODE_ENV: "production", SECRET_KEY: key, MQTT_DEVICE_SECRET: "short" })).toThrow(/MQTT_DEVICE_SECRET/);
    expect(loadConfig({ NODE_ENV: "production", SECRET_KEY: key, MQTT_PORT: "0" }).mqtt).toMatchObject({ port: 0 });
    const external = loadConfig({ NODE_ENV: "production", SECRET_KEY: key, MQTT_URL: "mqtts://user:pw@broker.example:8883", PORT: "3001" });
    expect(external.mqtt).toMatchObject({ kind: "external", url: "mqtts://user:pw@broker.example:8883", sharedGroup: "waypoint" });
    expect(external.mqtt?.kind === "external" && external.mqtt.clientId).toMatch(/^waypoint-.*-3001$/);
    expect(
      loadConfig({ NODE_ENV: "production", SECRET_KEY: key, MQTT_URL: "mqtt://b:1883", MQTT_SHARED_GROUP: "none" }).mqtt,
    ).toMatchObject({
      sharedGroup: null,
    });
    expect(() => loadConfig({ NODE_ENV: "production", SECRET_KEY: key, MQTT_URL: "http://broker" })).toThrow(
      /MQTT_URL: must start with mqtt:/,
    );
    expect(loadConfig({ NODE_ENV: "production", SECRET_KEY: key, MQTT_ENABLED: "false" }).mqtt).toBeNull();
  });

  it("takes map tiles from a configured XYZ template, or none on an air-gapped network", () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).mapTiles?.url).toBe("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
    expect(loadConfig({ DATA_DIR: dataDir(), MAP_TILE_URL: "none" }).mapTiles).toBeNull();
    expect(
      loadConfig({ DATA_DIR: dataDir(), MAP_TILE_URL: "https://tiles.agency.example/{z}/{x}/{y}.png", MAP_TILE_ATTRIBUTION: "County GIS" })
        .mapTiles,
    ).toEqual({ url: "https://tiles.agency.example/{z}/{x}/{y}.png", attribution: "County GIS" });
    expect(() => loadConfig({ MAP_TILE_URL: "tiles.example/{z}/{x}/{y}.png" })).toThrow(/MAP_TILE_URL/);
    expect(() => loadConfig({ MAP_TILE_URL: "https://tiles.example/tile.png" })).toThrow(/MAP_TILE_URL/);
  });

  it("builds public links from a configured PUBLIC_URL, never from the request's Host header", () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).publicUrl).toBe("http://localhost:3000");
    expect(loadConfig({ DATA_DIR: dataDir(), PORT: "8080" }).publicUrl).toBe("http://localhost:8080");
    expect(loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: "https://waypoint.agency.example/app/" }).publicUrl).toBe(
      "https://waypoint.agency.example/app",
    );
    expect(() => loadConfig({ PUBLIC_URL: "waypoint.agency.example" })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ PUBLIC_URL: "ftp://waypoint.agency.example" })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ PUBLIC_URL: "https://waypoint.agency.example/?next=1" })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ PUBLIC_URL: "https://user:secret@waypoint.agency.example" })).toThrow(/PUBLIC_URL/);
  });
});
