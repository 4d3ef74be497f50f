import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseMonitoring, Zone } from "../../../../shared/contract/monitoring-zones";
import { sha256Hex } from "../../../platform/secrets";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../../test-support/harness";
import { intake } from "../../../test-support/supervision-fixtures";
import { caseZones, sharedZones } from "./zones-for-evaluation";

const square = (lon: number, lat: number, d = 0.001) => ({
  type: "Polygon",
  coordinates: [
    [
      [lon, lat],
      [lon + d, lat],
      [lon + d, lat + d],
      [lon, lat + d],
      [lon, lat],
    ],
  ],
});

describe(`monitoring devices and zones (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let southOfficer: Client;
  let supervisor: Client;
  let admin: Client;
  let agencyId: string;
  let typeId: (code: string) => string;

  beforeAll(async () => {
    test = await createTestApp({ sessionIdleTimeoutSeconds: 30 * 86_400, sessionAbsoluteTimeoutSeconds: 30 * 86_400 });
    test.clock.set(new Date("2026-03-02T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    southOfficer = await signIn(test, "officer.south1");
    supervisor = await signIn(test, "supervisor.north");
    admin = await signIn(test, "admin");
    const catalogue: { id: string; code: string }[] = (await officer.get("/api/v1/condition-types")).json();
    typeId = (code) => catalogue.find((entry) => entry.code === code)!.id;
    [{ id: agencyId }] = (await test.db.query<{ id: string }>("SELECT agency_id AS id FROM app_user WHERE username = 'admin'")) as [
      { id: string },
    ];
  });
  afterAll(() => test.close());

  const monitoringOf = async (caseId: string, client = officer): Promise<CaseMonitoring> => {
    const response = await client.get(`/api/v1/cases/${caseId}/monitoring`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const attach = async (caseId: string, code: string, parameters: Record<string, unknown>, effectiveFrom = "2026-03-01") => {
    const response = await officer.post(`/api/v1/cases/${caseId}/conditions`, {
      conditionTypeId: typeId(code),
      effectiveFrom,
      orderedBy: "Superior Court, Demo County",
      parameters,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const addDevice = async (serial: string, deviceType = "gps") => {
    const response = await admin.post("/api/v1/monitoring/devices", { serial, deviceType, vendor: "Acme Tracking", firmware: "4.2" });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; version: number; status: string };
  };
  const monitoredCase = async () => {
    const made = await intake(officer);
    await attach(made.caseId, "EM", { technology: "gps" });
    return made;
  };

  it("keeps the inventory for administrators and supervisors, refuses officers, and audits each change", async () => {
    const added = await addDevice("GPS-1001");
    expect(added.status).toBe("in_stock");
    expect((await officer.post("/api/v1/monitoring/devices", { serial: "GPS-X", deviceType: "gps", vendor: "Acme" })).statusCode).toBe(403);
    expect((await officer.get("/api/v1/monitoring/devices")).statusCode).toBe(403);
    const duplicate = await supervisor.post("/api/v1/monitoring/devices", { serial: "gps-1001", deviceType: "gps", vendor: "Acme" });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().issues).toEqual([{ field: "serial", message: "already in use" }]);
    await addDevice("BAC-2001", "breath_alcohol");
    const listed = (await supervisor.get("/api/v1/monitoring/devices?deviceType=gps&q=1001")).json().devices as { serial: string }[];
    expect(listed.map((device) => device.serial)).toEqual(["GPS-1001"]);

    const edited = await admin.patch(`/api/v1/monitoring/devices/${added.id}`, {
      serial: "GPS-1001",
      deviceType: "gps",
      vendor: "Acme Tracking",
      firmware: "4.3",
      expectedVersion: added.version,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const stale = await admin.patch(`/api/v1/monitoring/devices/${added.id}`, {
      serial: "GPS-1001",
      deviceType: "gps",
      vendor: "Acme",
      expectedVersion: added.version,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toBe("edit_conflict");
    const repair = await supervisor.post(`/api/v1/monitoring/devices/${added.id}/status`, {
      status: "repair",
      reason: "Strap sensor faulty",
      expectedVersion: edited.json().version,
    });
    expect(repair.statusCode, repair.body).toBe(200);
    expect(repair.json()).toMatchObject({ status: "repair", statusReason: "Strap sensor faulty" });
    const back = await supervisor.post(`/api/v1/monitoring/devices/${added.id}/status`, {
      status: "in_stock",
      expectedVersion: repair.json().version,
    });
    expect(back.json().status).toBe("in_stock");
    // The refused stale edit rolled back with its audit row; the officer's refusals are audited as denied.
    const audited = await auditRows(test.db, "record_id = $1", [added.id]);
    expect(audited.map((row) => [row.action, row.outcome])).toEqual([
      ["monitoring_device.updated", "allowed"],
      ["monitoring_device.status_changed", "allowed"],
      ["monitoring_device.status_changed", "allowed"],
    ]);
    const denied = await auditRows(test.db, "action = 'monitoring_device.created' AND outcome = 'denied'");
    expect(denied.map((row) => row.actor_username)).toEqual(["officer.north1"]);
  });

  it("installs a device on a monitored case only, one person at a time, and puts it back in stock on removal", async () => {
    const device = await addDevice("GPS-3001");
    const unmonitored = await intake(officer);
    const refused = await officer.post(`/api/v1/cases/${unmonitored.caseId}/activations`, {
      deviceId: device.id,
      installedAt: "2026-03-02T14:00:00Z",
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/no electronic monitoring condition/);

    const first = await monitoredCase();
    const second = await monitoredCase();
    const alcohol = await addDevice("BAC-3002", "breath_alcohol");
    const wrongType = await officer.post(`/api/v1/cases/${first.caseId}/activations`, {
      deviceId: alcohol.id,
      installedAt: "2026-03-02T14:00:00Z",
    });
    expect(wrongType.statusCode).toBe(400);
    expect(
      (await southOfficer.post(`/api/v1/cases/${first.caseId}/activations`, { deviceId: device.id, installedAt: "2026-03-02T14:00:00Z" }))
        .statusCode,
    ).toBe(403);

    const installed = await officer.post(`/api/v1/cases/${first.caseId}/activations`, {
      deviceId: device.id,
      installedAt: "2026-03-02T14:00:00Z",
    });
    expect(installed.statusCode, installed.body).toBe(201);
    expect(installed.json()).toMatchObject({ serial: "GPS-3001", installedBy: expect.any(String), removedAt: null });
    const onSomeoneElse = await officer.post(`/api/v1/cases/${second.caseId}/activations`, {
      deviceId: device.id,
      installedAt: "2026-03-02T14:30:00Z",
    });
    expect(onSomeoneElse.statusCode).toBe(409);
    expect(onSomeoneElse.json().message).toMatch(/GPS-3001 is already on someone/);

    // An assigned device cannot go back in stock (or anywhere) by hand.
    const [{ version }] = (await test.db.query<{ version: number }>("SELECT version FROM monitoring_device WHERE id = $1", [
      device.id,
    ])) as [{ version: number }];
    const byHand = await admin.post(`/api/v1/monitoring/devices/${device.id}/status`, { status: "in_stock", expectedVersion: version });
    expect(byHand.statusCode).toBe(409);
    expect(byHand.json().message).toMatch(/remove it/);

    // The database's exclusion constraint backs the check: a second open activation of the device is refused.
    await expect(
      test.db.query(
        "INSERT INTO monitoring_activation (device_id, case_id, installed_at, installed_by) SELECT $1, $2, $3, installed_by FROM monitoring_activation WHERE device_id = $1",
        [device.id, second.caseId, new Date("2026-03-02T14:45:00Z")],
      ),
    ).rejects.toMatchObject({ code: "23P01" });

    const removed = await officer.post(`/api/v1/activations/${installed.json().id}/removal`, {
      removedAt: "2026-03-02T14:50:00Z",
      reason: "Sentence modified",
    });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toMatchObject({ removalReason: "Sentence modified", removedBy: expect.any(String) });
    expect(
      (await officer.post(`/api/v1/activations/${installed.json().id}/removal`, { removedAt: "2026-03-02T14:55:00Z", reason: "Again" }))
        .statusCode,
    ).toBe(409);
    const monitoring = await monitoringOf(first.caseId);
    expect(monitoring.monitored).toBe(true);
    expect(monitoring.activations).toHaveLength(1);
    expect(monitoring.availableDevices.map((d) => d.serial)).toContain("GPS-3001");
    const events = await test.db.query<{ kind: string }>("SELECT kind FROM supervision_event WHERE case_id = $1 ORDER BY occurred_at", [
      first.caseId,
    ]);
    expect(events.map((event) => event.kind)).toEqual(["monitoring_started", "monitoring_ended"]);

    // Installed on the second person once removed from the first; not before the removal.
    const overlapping = await officer.post(`/api/v1/cases/${second.caseId}/activations`, {
      deviceId: device.id,
      installedAt: "2026-03-02T14:40:00Z",
    });
    expect(overlapping.statusCode).toBe(409);
    const next = await officer.post(`/api/v1/cases/${second.caseId}/activations`, {
      deviceId: device.id,
      installedAt: "2026-03-02T14:55:00Z",
    });
    expect(next.statusCode, next.body).toBe(201);

    // A closed case takes no device.
    const closed = await monitoredCase();
    await test.db.query(
      "UPDATE supervision_case SET status = 'closed', closure_reason = 'revoked', actual_end = '2026-03-02' WHERE id = $1",
      [closed.caseId],
    );
    const spare = await addDevice("GPS-3003");
    const onClosed = await officer.post(`/api/v1/cases/${closed.caseId}/activations`, {
      deviceId: spare.id,
      installedAt: "2026-03-02T14:00:00Z",
    });
    expect(onClosed.statusCode).toBe(409);
    expect(onClosed.json().message).toMatch(/closed/);
  });

  it("makes a curfew an inclusion zone at home with its hours, and a new version closes it and opens another from its effective time", async () => {
    const { caseId, personId } = await monitoredCase();
    const curfewId = await attach(caseId, "CURFEW", { start: "21:00", end: "06:00", days: ["fri", "sat"] });
    // No map position for the home yet: the zone waits for it.
    let monitoring = await monitoringOf(caseId);
    expect(monitoring.zones).toEqual([]);
    expect(monitoring.homePositionNeeded).toEqual([{ conditionId: curfewId, title: "Curfew" }]);
    const address = await officer.post(`/api/v1/people/${personId}/addresses`, {
      line1: "12 Elm Street",
      city: "Springfield",
      state: "IL",
      postalCode: "62701",
      movedIn: "2026-01-05",
    });
    expect(address.statusCode, address.body).toBe(201);
    monitoring = (await officer.post(`/api/v1/cases/${caseId}/home-position`, { latitude: 39.7817, longitude: -89.6501 })).json();
    expect(monitoring.homePositionNeeded).toEqual([]);
    expect(monitoring.zones).toHaveLength(1);
    const [home] = monitoring.zones as [Zone];
    expect(home).toMatchObject({
      kind: "inclusion",
      purpose: "home",
      geometry: { type: "Circle", center: [-89.6501, 39.7817], radiusMeters: 75 },
      conditionTitle: "Curfew",
      // The first day of the condition in the agency's time zone (New York, standard time).
      validFrom: "2026-03-01T05:00:00.000Z",
      validTo: null,
      schedule: { timeZone: "America/New_York", windows: [{ days: ["fri", "sat"], start: "21:00", end: "06:00" }], exceptions: [] },
    });

    const modified = await officer.post(`/api/v1/conditions/${curfewId}/modifications`, {
      parameters: { start: "20:00", end: "06:00" },
      effectiveFrom: "2026-04-01",
      orderedBy: "Superior Court, Demo County",
    });
    expect(modified.statusCode, modified.body).toBe(201);
    const zones = await caseZones(test.db, caseId, new Date("2026-01-01T00:00:00Z"));
    // Daylight-saving time has begun by April 1: midnight in New York is 04:00 UTC.
    expect(
      zones.map((zone) => [
        zone.validFrom.toISOString(),
        zone.validTo?.toISOString() ?? null,
        (zone.schedule as { windows: { start: string; days: string[] }[] }).windows[0],
      ]),
    ).toEqual([
      ["2026-03-01T05:00:00.000Z", "2026-04-01T04:00:00.000Z", { days: ["fri", "sat"], start: "21:00", end: "06:00" }],
      ["2026-04-01T04:00:00.000Z", null, { days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], start: "20:00", end: "06:00" }],
    ]);
    // From April on, only the new version's zone is read.
    expect((await caseZones(test.db, caseId, new Date("2026-04-02T00:00:00Z"))).map((zone) => zone.validFrom.toISOString())).toEqual([
      "2026-04-01T04:00:00.000Z",
    ]);

    // Ending the condition ends its zone the day after its last day.
    const newest = modified.json().id as string;
    expect((await officer.post(`/api/v1/conditions/${newest}/end`, { effectiveTo: "2026-04-30", reason: "Court order" })).statusCode).toBe(
      200,
    );
    const ended = await caseZones(test.db, caseId, new Date("2026-04-02T00:00:00Z"));
    expect(ended.map((zone) => zone.validTo?.toISOString())).toEqual(["2026-05-01T04:00:00.000Z"]);
  });

  it("uses the agency's home radius for a new curfew's zone, set by an administrator", async () => {
    expect((await admin.patch("/api/v1/agency/settings", { monitoringHomeRadiusMeters: 5 })).statusCode).toBe(400);
    const changed = await admin.patch("/api/v1/agency/settings", { monitoringHomeRadiusMeters: 120 });
    expect(changed.json()).toMatchObject({ monitoringHomeRadiusMeters: 120 });
    const { caseId, personId } = await monitoredCase();
    await officer.post(`/api/v1/people/${personId}/addresses`, {
      line1: "3 Oak Row",
      city: "Springfield",
      state: "IL",
      postalCode: "62701",
      movedIn: "2026-01-05",
      latitude: 39.79,
      longitude: -89.64,
    });
    await attach(caseId, "CURFEW", { start: "22:00", end: "06:00" });
    const [zone] = (await monitoringOf(caseId)).zones;
    expect(zone!.geometry).toEqual({ type: "Circle", center: [-89.64, 39.79], radiusMeters: 120 });
    await admin.patch("/api/v1/agency/settings", { monitoringHomeRadiusMeters: 75 });
  });

  it("makes a geographic restriction with a point and radius an exclusion circle with an approach ring", async () => {
    const { caseId } = await monitoredCase();
    await attach(caseId, "GEO", {
      zone: "exclusion",
      description: "Stay away from Riverside Park",
      latitude: 39.8,
      longitude: -89.64,
      radiusMeters: 400,
    });
    const [zone] = (await monitoringOf(caseId)).zones;
    expect(zone).toMatchObject({
      name: "Stay away from Riverside Park",
      kind: "exclusion",
      purpose: "restricted_area",
      geometry: { type: "Circle", center: [-89.64, 39.8], radiusMeters: 400 },
      bufferMeters: 50,
      schedule: null,
    });
    const [box] = await test.db.query<{ min_lat: number; max_lat: number }>("SELECT min_lat, max_lat FROM monitoring_zone WHERE id = $1", [
      zone!.id,
    ]);
    // 450 m (radius and ring) either side of the centre, in degrees of latitude.
    expect(box!.max_lat - 39.8).toBeCloseTo(450 / 110_574, 6);
    expect(39.8 - box!.min_lat).toBeCloseTo(450 / 110_574, 6);
  });

  it("adds drawn zones, refuses a polygon that crosses itself, changes a zone as a new row and records a supervisor's exception", async () => {
    const { caseId } = await monitoredCase();
    const body = {
      name: "Work: warehouse",
      kind: "inclusion",
      purpose: "work",
      geometry: square(-89.65, 39.78),
      bufferMeters: 0,
      schedule: { windows: [{ days: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "17:00" }] },
    };
    const bowTie = {
      ...body,
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [1, 0],
            [0, 1],
            [0, 0],
          ],
        ],
      },
    };
    const crossed = await officer.post(`/api/v1/cases/${caseId}/zones`, bowTie);
    expect(crossed.statusCode).toBe(400);
    expect(crossed.json().message).toMatch(/crosses itself/);
    const created = await officer.post(`/api/v1/cases/${caseId}/zones`, body);
    expect(created.statusCode, created.body).toBe(201);
    const zone = created.json() as Zone;
    expect(zone.schedule).toEqual({ timeZone: "America/New_York", windows: body.schedule.windows, exceptions: [] });

    test.clock.advance(60_000);
    const changed = await officer.post(`/api/v1/zones/${zone.id}/replacement`, {
      ...body,
      geometry: { type: "Circle", center: [-89.65, 39.78], radiusMeters: 120 },
      expectedVersion: zone.version,
    });
    expect(changed.statusCode, changed.body).toBe(201);
    expect(changed.json()).toMatchObject({ replaces: zone.id, validFrom: test.clock.now().toISOString() });
    const [old] = await test.db.query<{ valid_to: Date; geometry: { type: string } }>(
      "SELECT valid_to, geometry FROM monitoring_zone WHERE id = $1",
      [zone.id],
    );
    expect(new Date(old!.valid_to).toISOString()).toBe(test.clock.now().toISOString());
    expect(old!.geometry.type).toBe("Polygon");
    expect((await officer.post(`/api/v1/zones/${zone.id}/replacement`, { ...body, expectedVersion: 2 })).statusCode).toBe(409);

    const newId = changed.json().id as string;
    const exception = {
      from: "2026-03-06T22:00:00Z",
      to: "2026-03-07T02:00:00Z",
      kind: "excused",
      reason: "Hospital visit",
      expectedVersion: 1,
    };
    expect((await officer.post(`/api/v1/zones/${newId}/exceptions`, exception)).statusCode).toBe(403);
    const approved = await supervisor.post(`/api/v1/zones/${newId}/exceptions`, exception);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().schedule.exceptions).toEqual([
      expect.objectContaining({
        kind: "excused",
        reason: "Hospital visit",
        approvedBy: expect.any(String),
        from: "2026-03-06T22:00:00.000Z",
      }),
    ]);
    // The engine reads the exception's times as Dates.
    const [read] = (await caseZones(test.db, caseId, test.clock.now())).filter((candidate) => candidate.id === newId);
    expect((read!.schedule as { exceptions: { from: Date }[] }).exceptions[0]!.from).toEqual(new Date("2026-03-06T22:00:00Z"));
    const ended = await officer.post(`/api/v1/zones/${newId}/end`, { reason: "Job ended", expectedVersion: approved.json().version });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json().endReason).toBe("Job ended");
  });

  it("imports shared zones from GeoJSON for a tag, all or nothing, with a report by feature", async () => {
    const bad = {
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: { name: "Lincoln Elementary" }, geometry: square(-89.66, 39.79) },
        { type: "Feature", properties: { name: "Bus stop" }, geometry: { type: "Point", coordinates: [-89.6, 39.7] } },
        {
          type: "Feature",
          properties: { name: "Crossed" },
          geometry: {
            type: "Polygon",
            coordinates: [
              [
                [0, 0],
                [1, 1],
                [1, 0],
                [0, 1],
                [0, 0],
              ],
            ],
          },
        },
        { type: "Feature", properties: {}, geometry: square(-89.67, 39.79) },
      ],
    };
    const body = { featureCollection: bad, kind: "exclusion", purpose: "school", bufferMeters: 150, appliesToTag: "sex_offense" };
    expect((await officer.post("/api/v1/monitoring/shared-zones/import", body)).statusCode).toBe(403);
    const refused = await admin.post("/api/v1/monitoring/shared-zones/import", body);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().issues).toEqual([
      { field: "features.1", message: "has a Point geometry; only Polygon and MultiPolygon make zones" },
      { field: "features.2", message: "crosses itself (1 self-intersection)" },
      { field: "features.3", message: 'has no "name" property to name the zone' },
    ]);
    expect(await sharedZones(test.db, agencyId, test.clock.now())).toEqual([]);
    expect(
      (await admin.post("/api/v1/monitoring/shared-zones/import", { ...body, featureCollection: { type: "Feature" } })).statusCode,
    ).toBe(400);

    const good = {
      ...bad,
      features: [bad.features[0], { ...bad.features[0], properties: { name: "Washington Middle" }, geometry: square(-89.68, 39.8) }],
    };
    const imported = await admin.post("/api/v1/monitoring/shared-zones/import", { ...body, featureCollection: good });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json().created).toBe(2);
    const shared = await sharedZones(test.db, agencyId, test.clock.now());
    expect(shared.map((zone) => [zone.name, zone.kind, zone.bufferMeters, zone.appliesToTag])).toEqual(
      expect.arrayContaining([
        ["Lincoln Elementary", "exclusion", 150, "sex_offense"],
        ["Washington Middle", "exclusion", 150, "sex_offense"],
      ]),
    );
    // The box includes the buffer ring.
    const [box] = await test.db.query<{ min_lat: number }>("SELECT min_lat FROM monitoring_zone WHERE name = 'Lincoln Elementary'");
    expect(39.79 - box!.min_lat).toBeCloseTo(150 / 110_574, 6);
    const listed = (await admin.get("/api/v1/monitoring/shared-zones")).json();
    expect(listed.total).toBe(2);
  });

  it("creates a vendor gateway whose key is kept as its hash and whose secret is sealed, shown once", async () => {
    expect((await supervisor.post("/api/v1/monitoring/gateways", { name: "Acme gateway" })).statusCode).toBe(403);
    const created = await admin.post("/api/v1/monitoring/gateways", { name: "Acme gateway" });
    expect(created.statusCode, created.body).toBe(201);
    const { apiKey, hmacSecret, gateway } = created.json() as { apiKey: string; hmacSecret: string; gateway: { id: string } };
    const [row] = await test.db.query<{ api_key_hash: string; hmac_secret_sealed: string }>(
      "SELECT api_key_hash, hmac_secret_sealed FROM monitoring_gateway WHERE id = $1",
      [gateway.id],
    );
    expect(row!.api_key_hash).toBe(sha256Hex(apiKey));
    expect(row!.hmac_secret_sealed).not.toContain(hmacSecret);
    expect(test.deps.secretBox.open(row!.hmac_secret_sealed)).toBe(hmacSecret);
    const listed = (await admin.get("/api/v1/monitoring/gateways")).body;
    expect(listed).not.toContain(apiKey);
    expect(listed).not.toContain(hmacSecret);
    const deactivated = await admin.post(`/api/v1/monitoring/gateways/${gateway.id}/deactivate`);
    expect(deactivated.json().active).toBe(false);
    expect((await admin.post(`/api/v1/monitoring/gateways/${gateway.id}/deactivate`)).statusCode).toBe(409);
  });
});
