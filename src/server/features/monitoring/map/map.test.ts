import { randomBytes } from "node:crypto";
import distance from "@turf/distance";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CrimeSceneResult, LivePositions, Track } from "../../../../shared/contract/monitoring-map";
import { createAccount, createAgency, signInAccount } from "../../../test-support/accounts";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../../test-support/harness";
import { intake } from "../../../test-support/supervision-fixtures";
import { boundingBox, crimeSceneSearch } from "./crime-scene";
import { downsample } from "./map.service";

const now = new Date("2026-04-06T15:00:00Z");
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
/** A place in the demo county, and a point ~200 m north of it. */
const scene = { latitude: 38.5816, longitude: -121.4944 };

describe("track thinning and the search box", () => {
  it("keeps the first and last fix and at most the limit, in order", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 2, max: 500 }), (length, limit) => {
        const points = Array.from({ length }, (_, index) => index);
        const thinned = downsample(points, limit);
        expect(thinned.length).toBe(Math.min(length, limit));
        if (length > 0) expect([thinned[0], thinned.at(-1)]).toEqual([0, length - 1]);
        expect([...thinned].sort((a, b) => a - b)).toEqual(thinned);
      }),
    );
  });

  it("holds the whole circle in its bounding box", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: -170, max: 170, noNaN: true }),
        fc.integer({ min: 10, max: 5000 }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        (latitude, longitude, radius, bearing) => {
          const box = boundingBox({ latitude, longitude }, radius);
          // The point on the circle's edge at this bearing (spherical destination formula).
          const r = radius / 6_371_008.8;
          const lat1 = (latitude * Math.PI) / 180;
          const b = (bearing * Math.PI) / 180;
          const lat2 = Math.asin(Math.sin(lat1) * Math.cos(r) + Math.cos(lat1) * Math.sin(r) * Math.cos(b));
          const lon2 =
            (longitude * Math.PI) / 180 +
            Math.atan2(Math.sin(b) * Math.sin(r) * Math.cos(lat1), Math.cos(r) - Math.sin(lat1) * Math.sin(lat2));
          const edge = { latitude: (lat2 * 180) / Math.PI, longitude: (lon2 * 180) / Math.PI };
          expect(edge.latitude).toBeGreaterThanOrEqual(box.minLat);
          expect(edge.latitude).toBeLessThanOrEqual(box.maxLat);
          expect(edge.longitude).toBeGreaterThanOrEqual(box.minLon);
          expect(edge.longitude).toBeLessThanOrEqual(box.maxLon);
        },
      ),
    );
  });
});

describe(`monitoring map: live positions, track playback, crime-scene search (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let coOfficer: Client;
  let southOfficer: Client;
  let supervisor: Client;
  let southSupervisor: Client;
  let admin: Client;
  let north: { personId: string; caseId: string; activationId: string; deviceId: string };
  let south: { personId: string; caseId: string; activationId: string; deviceId: string };
  let agencyId: string;
  let sequence = 0;

  async function monitored(client: Client, username: string) {
    const { personId, caseId } = await intake(client, { person: { firstName: "Morgan" } });
    const serial = `GPS-${randomBytes(4).toString("hex")}`;
    const [user] = await test.db.query<{ id: string; agency_id: string }>("SELECT id, agency_id FROM app_user WHERE username = $1", [
      username,
    ]);
    const [device] = await test.db.query<{ id: string }>(
      "INSERT INTO monitoring_device (agency_id, serial, device_type, vendor, status) VALUES ($1, $2, 'gps', 'Acme', 'assigned') RETURNING id",
      [user!.agency_id, serial],
    );
    const [activation] = await test.db.query<{ id: string }>(
      "INSERT INTO monitoring_activation (device_id, case_id, installed_at, installed_by) VALUES ($1, $2, $3, $4) RETURNING id",
      [device!.id, caseId, new Date("2026-03-01T00:00:00Z"), user!.id],
    );
    return { personId, caseId, activationId: activation!.id, deviceId: device!.id };
  }

  async function reading(
    who: { activationId: string; deviceId: string },
    at: Date,
    position: { latitude: number; longitude: number },
    extra: { speed?: number; battery?: number } = {},
  ) {
    sequence += 1;
    await test.db.query(
      `INSERT INTO monitoring_reading (device_id, activation_id, sequence, event_time, received_at, latitude, longitude, accuracy_meters, speed_kph, battery_percent)
       VALUES ($1, $2, $3, $4, $4, $5, $6, 8, $7, $8)`,
      [who.deviceId, who.activationId, sequence, at, position.latitude, position.longitude, extra.speed ?? 4, extra.battery ?? 80],
    );
  }

  beforeAll(async () => {
    test = await createTestApp({ sessionIdleTimeoutSeconds: 30 * 86_400, sessionAbsoluteTimeoutSeconds: 30 * 86_400 });
    test.clock.set(now);
    officer = await signIn(test, "officer.north1");
    coOfficer = await signIn(test, "officer.north2");
    southOfficer = await signIn(test, "officer.south1");
    supervisor = await signIn(test, "supervisor.north");
    southSupervisor = await signIn(test, "supervisor.south");
    admin = await signIn(test, "admin");
    north = await monitored(officer, "officer.north1");
    south = await monitored(southOfficer, "officer.south1");
    [{ agency_id: agencyId }] = (await test.db.query<{ agency_id: string }>("SELECT agency_id FROM app_user WHERE username = 'admin'")) as [
      { agency_id: string },
    ];
    // North: walked north through the scene an hour ago; now 2 km away. South: 3 km from the scene all along.
    for (let minute = 120; minute >= 0; minute -= 10) {
      const latitude = scene.latitude - 0.005 + (120 - minute) * 0.0002;
      await reading(north, minutesAgo(minute), { latitude, longitude: scene.longitude }, { speed: minute, battery: 50 + minute / 10 });
      await reading(south, minutesAgo(minute), { latitude: scene.latitude, longitude: scene.longitude + 0.035 });
    }
    // A reading without a position (an alcohol-only report) is never a "last position".
    sequence += 1;
    await test.db.query(
      "INSERT INTO monitoring_reading (device_id, activation_id, sequence, event_time, received_at, alcohol_mg_per_l) VALUES ($1, $2, $3, $4, $4, 0)",
      [north.deviceId, north.activationId, sequence, now],
    );
  });
  afterAll(() => test.close());

  describe("live positions", () => {
    const names = async (client: Client) => {
      const response = await client.get("/api/v1/monitoring/positions");
      expect(response.statusCode, response.body).toBe(200);
      return (response.json() as LivePositions).positions.map((position) => position.caseId);
    };

    it("gives each activation's latest fix to its officer and unit supervisor, and no one else's", async () => {
      const response = await officer.get("/api/v1/monitoring/positions");
      const body = response.json() as LivePositions;
      const mine = body.positions.find((position) => position.caseId === north.caseId);
      expect(mine?.personName).toMatch(/^Morgan Rivera/);
      expect(mine?.position).toMatchObject({ eventTime: now.toISOString(), speedKph: 0, batteryPercent: 50 });
      expect(mine?.position?.latitude).toBeCloseTo(scene.latitude - 0.005 + 120 * 0.0002, 6);
      expect(await names(officer)).not.toContain(south.caseId);
      expect(await names(supervisor)).toContain(north.caseId);
      expect(await names(supervisor)).not.toContain(south.caseId);
      expect(await names(southSupervisor)).toEqual(expect.arrayContaining([south.caseId]));
      expect(await names(southSupervisor)).not.toContain(north.caseId);
      // Administrators open no person's records.
      expect((await admin.get("/api/v1/monitoring/positions")).statusCode).toBe(403);
      const rows = await auditRows(test.db, "action = 'monitoring.live_positions_read' AND actor_username = 'officer.north1'");
      expect(rows.at(-1)?.outcome).toBe("allowed");
    });

    it("shows a co-officer the case, and leaves out a removed device and a silent one's position", async () => {
      expect(await names(coOfficer)).not.toContain(north.caseId);
      const [user] = await test.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'officer.north2'");
      await test.db.query("INSERT INTO case_co_officer (case_id, officer_id) VALUES ($1, $2)", [north.caseId, user!.id]);
      expect(await names(coOfficer)).toContain(north.caseId);
      // A device on since last week that has sent nothing in the lookback: listed, without a position.
      const silent = await monitored(officer, "officer.north1");
      await reading(silent, new Date("2026-03-20T00:00:00Z"), scene);
      const body = (await officer.get("/api/v1/monitoring/positions")).json() as LivePositions;
      expect(body.positions.find((position) => position.caseId === silent.caseId)?.position).toBeNull();
      await test.db.query("UPDATE monitoring_activation SET removed_at = $2, removed_by = installed_by WHERE id = $1", [
        silent.activationId,
        now,
      ]);
      expect(await names(officer)).not.toContain(silent.caseId);
    });
  });

  describe("track playback", () => {
    const url = (caseId: string, from: Date, to: Date) =>
      `/api/v1/cases/${caseId}/monitoring/track?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;

    it("returns the window's fixes in time order with the zones in force, and audits the read", async () => {
      await test.db.query(
        `INSERT INTO monitoring_zone (agency_id, case_id, name, zone_kind, purpose, geometry, min_lat, min_lon, max_lat, max_lon, valid_from)
         VALUES ($1, $2, 'Victim residence', 'exclusion', 'victim', $3, 38.57, -121.51, 38.59, -121.48, '2026-03-01T00:00:00Z')`,
        [agencyId, north.caseId, JSON.stringify({ type: "Circle", center: [scene.longitude, scene.latitude], radiusMeters: 150 })],
      );
      const response = await officer.get(url(north.caseId, minutesAgo(65), minutesAgo(5)));
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as Track;
      expect(body.points.map((point) => point.eventTime)).toEqual(
        [60, 50, 40, 30, 20, 10].map((minute) => minutesAgo(minute).toISOString()),
      );
      expect(body.points.map((point) => point.speedKph)).toEqual([60, 50, 40, 30, 20, 10]);
      expect(body).toMatchObject({ totalPoints: 6, downsampled: false });
      expect(body.zones).toEqual([
        expect.objectContaining({
          name: "Victim residence",
          kind: "exclusion",
          shared: false,
          geometry: expect.objectContaining({ type: "Circle" }),
        }),
      ]);
      const [row] = await test.db.query<{ details: Record<string, unknown>; outcome: string }>(
        "SELECT details, outcome FROM audit_log WHERE action = 'monitoring.track_read' AND record_id = $1 ORDER BY id DESC LIMIT 1",
        [north.caseId],
      );
      expect(row).toMatchObject({ outcome: "allowed", details: { from: minutesAgo(65).toISOString() } });
    });

    it("refuses a window over a day or backwards, and another unit's officer", async () => {
      expect((await officer.get(url(north.caseId, minutesAgo(25 * 60), now))).statusCode).toBe(400);
      const backwards = await officer.get(url(north.caseId, now, minutesAgo(60)));
      expect(backwards.statusCode).toBe(400);
      expect(backwards.json().message).toMatch(/ends before it starts/);
      expect((await southOfficer.get(url(north.caseId, minutesAgo(60), now))).statusCode).toBe(403);
      const denied = await auditRows(test.db, "action = 'monitoring.track_read' AND actor_username = 'officer.south1'");
      expect(denied.at(-1)?.outcome).toBe("denied");
    });
  });

  describe("crime-scene search", () => {
    const search = (overrides: Record<string, unknown> = {}) => ({
      ...scene,
      radiusMeters: 150,
      from: minutesAgo(180).toISOString(),
      to: now.toISOString(),
      reason: "Burglary reported at 14:05, incident 2026-0412",
      ...overrides,
    });

    it("finds who was within the radius during the window with their points, and audits the reason and the count", async () => {
      const response = await supervisor.post("/api/v1/monitoring/crime-scene-searches", search());
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as CrimeSceneResult;
      expect(body.matches.map((match) => match.caseId)).toEqual([north.caseId]);
      const [match] = body.matches;
      // Readings every 10 minutes, 0.002° (~222 m) apart: the two either side of the scene, ~111 m away.
      expect(match!.points.map((point) => point.eventTime)).toEqual([minutesAgo(100), minutesAgo(90)].map((at) => at.toISOString()));
      for (const point of match!.points) expect(point.distanceMeters).toBeCloseTo(111.2, 0);
      expect(match!.closestDistanceMeters).toBe(Math.min(...match!.points.map((point) => point.distanceMeters)));
      // A southern supervisor searches the whole agency: a crime scene does not respect unit lines.
      const fromSouth = (
        await southSupervisor.post("/api/v1/monitoring/crime-scene-searches", search({ radiusMeters: 4000 }))
      ).json() as CrimeSceneResult;
      expect(fromSouth.matches.map((m) => m.caseId)).toEqual(expect.arrayContaining([north.caseId, south.caseId]));
      expect(fromSouth.matches[0]!.caseId).toBe(north.caseId);
      const [row] = await test.db.query<{ details: Record<string, unknown>; outcome: string }>(
        "SELECT details, outcome FROM audit_log WHERE action = 'monitoring.crime_scene_search' AND actor_username = 'supervisor.north' ORDER BY id DESC LIMIT 1",
      );
      expect(row).toMatchObject({
        outcome: "allowed",
        details: { reason: "Burglary reported at 14:05, incident 2026-0412", radiusMeters: 150, resultCount: 1 },
      });
    });

    it("never returns another agency's monitored people, even at the same place", async () => {
      const other = await createAgency(test, "Neighbouring Agency", "West");
      await createAccount(test, { username: "officer.neighbour", displayName: "Nell Neighbour", roles: ["officer"], ...other });
      const neighbour = await monitored(await signInAccount(test, "officer.neighbour"), "officer.neighbour");
      await reading(neighbour, minutesAgo(30), scene);
      const body = (await supervisor.post("/api/v1/monitoring/crime-scene-searches", search())).json() as CrimeSceneResult;
      expect(body.matches.map((match) => match.caseId)).toEqual([north.caseId]);
      const theirs = await crimeSceneSearch(test.db, {
        agencyId: other.agencyId,
        ...scene,
        radiusMeters: 150,
        from: minutesAgo(180),
        to: now,
      });
      expect(theirs.matches.map((match) => match.caseId)).toEqual([neighbour.caseId]);
      await test.db.query("DELETE FROM monitoring_reading WHERE activation_id = $1", [neighbour.activationId]);
    });

    it("requires a stated reason and a window of at most a week", async () => {
      const missing = await supervisor.post("/api/v1/monitoring/crime-scene-searches", { ...search(), reason: undefined });
      expect(missing.statusCode).toBe(400);
      const blank = await supervisor.post("/api/v1/monitoring/crime-scene-searches", search({ reason: "   " }));
      expect(blank.statusCode).toBe(400);
      expect(blank.body).toMatch(/reason/);
      const long = await supervisor.post(
        "/api/v1/monitoring/crime-scene-searches",
        search({ from: minutesAgo(8 * 24 * 60).toISOString() }),
      );
      expect(long.statusCode).toBe(400);
      expect(long.json().message).toMatch(/7 days/);
      expect((await supervisor.post("/api/v1/monitoring/crime-scene-searches", search({ radiusMeters: 50_000 }))).statusCode).toBe(400);
    });

    it("refuses officers and administrators, and audits the refusal", async () => {
      expect((await officer.post("/api/v1/monitoring/crime-scene-searches", search())).statusCode).toBe(403);
      expect((await admin.post("/api/v1/monitoring/crime-scene-searches", search())).statusCode).toBe(403);
      const rows = await auditRows(test.db, "action = 'monitoring.crime_scene_search' AND actor_username = 'officer.north1'");
      expect(rows.at(-1)?.outcome).toBe("denied");
    });

    it("returns exactly the readings within the radius and window, as an independent distance (turf) says", async () => {
      const probe = await monitored(officer, "officer.north1");
      const windowStart = new Date("2026-04-01T00:00:00Z");
      const windowEnd = new Date("2026-04-02T00:00:00Z");
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 20, max: 3000 }),
          fc.array(
            fc.record({
              dLat: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
              dLon: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
              // Minutes from an hour before the window to an hour after it.
              minute: fc.integer({ min: -60, max: 24 * 60 + 60 }),
            }),
            { maxLength: 40 },
          ),
          async (radiusMeters, offsets) => {
            await test.db.query("DELETE FROM monitoring_reading WHERE activation_id = $1", [probe.activationId]);
            const points = offsets.map((offset) => ({
              latitude: scene.latitude + offset.dLat,
              longitude: scene.longitude + offset.dLon,
              at: new Date(windowStart.getTime() + offset.minute * 60_000 + 7),
            }));
            // Points within a centimetre of the edge are a rounding question, not a search one.
            const kept = points.filter(
              (point) =>
                Math.abs(
                  distance([scene.longitude, scene.latitude], [point.longitude, point.latitude], { units: "meters" }) - radiusMeters,
                ) > 0.01,
            );
            for (const point of kept) await reading(probe, point.at, point);
            const expected = kept
              .filter(
                (point) =>
                  point.at >= windowStart &&
                  point.at <= windowEnd &&
                  distance([scene.longitude, scene.latitude], [point.longitude, point.latitude], { units: "meters" }) <= radiusMeters,
              )
              .map((point) => point.at.toISOString())
              .sort();
            const result = await crimeSceneSearch(test.db, { agencyId, ...scene, radiusMeters, from: windowStart, to: windowEnd });
            const found = result.matches.find((match) => match.activationId === probe.activationId);
            expect(found?.points.map((point) => point.eventTime) ?? []).toEqual(expected);
            // The other people's readings are all outside this window.
            expect(result.matches.every((match) => match.activationId === probe.activationId)).toBe(true);
          },
        ),
        { numRuns: 25 },
      );
    });
  });
});
