// The demo's electronic monitoring: devices in stock, two monitored people of the story officer with a GPS device on
// and zones, one shared school zone, and the curfew zones of the demo's curfew conditions. The two monitored people's
// zones lie on the route of the shipped route14 trajectory (a bus in Liverpool, UK Bus Open Data Service): the device
// simulator replays it as their movement, so the demo raises zone alerts. Their homes stay in the demo's US city; the
// zones are where the replayed movement is.

import type { ZoneGeometry } from "../../../shared/contract/monitoring-zones";
import { syncConditionZones } from "../../features/monitoring/zones/condition-zones";
import { boundingBox } from "../../features/monitoring/zones/zone-geometry";
import type { Database } from "../../platform/db/database";

type MonitoredCase = { caseId: string; officerId: string };

/** Serials the simulator and the demo script name: the first two are on the monitored people. */
export const demoDeviceSerials = {
  gps: ["GPS-DEMO-0001", "GPS-DEMO-0002", "GPS-DEMO-0003", "GPS-DEMO-0004", "GPS-DEMO-0005", "GPS-DEMO-0006"],
  rf_home_unit: ["RF-DEMO-0001", "RF-DEMO-0002"],
  transdermal_alcohol: ["TAC-DEMO-0001"],
  breath_alcohol: ["BAC-DEMO-0001"],
} as const;

const circle = (lat: number, lon: number, radiusMeters: number): ZoneGeometry => ({ type: "Circle", center: [lon, lat], radiusMeters });
const square = (lat: number, lon: number, halfDegrees: number): ZoneGeometry => ({
  type: "Polygon",
  coordinates: [
    [
      [lon - halfDegrees, lat - halfDegrees],
      [lon + halfDegrees, lat - halfDegrees],
      [lon + halfDegrees, lat + halfDegrees],
      [lon - halfDegrees, lat + halfDegrees],
      [lon - halfDegrees, lat - halfDegrees],
    ],
  ],
});

export async function loadMonitoringDemo(
  db: Database,
  input: { agencyId: string; timeZone: string; asOf: Date; monitored: MonitoredCase[] },
): Promise<void> {
  const { agencyId, timeZone, asOf } = input;
  const installedAt = new Date(asOf.getTime() - 30 * 86_400_000);
  await db.transaction(async (tx) => {
    const deviceIds = new Map<string, string>();
    for (const [type, serials] of Object.entries(demoDeviceSerials)) {
      for (const serial of serials) {
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO monitoring_device (agency_id, serial, device_type, vendor, firmware, created_at, updated_at)
           VALUES ($1, $2, $3, 'Acme Tracking', '4.2.1', $4, $4) ON CONFLICT DO NOTHING RETURNING id`,
          [agencyId, serial, type, asOf],
        );
        if (row) deviceIds.set(serial, row.id);
      }
    }
    if (deviceIds.size === 0) return; // loaded before
    const [em] = await tx.query<{ id: string }>("SELECT id FROM condition_type WHERE agency_id = $1 AND code = 'EM'", [agencyId]);
    const zone = async (
      caseId: string | null,
      officerId: string | null,
      values: {
        name: string;
        kind: "inclusion" | "exclusion";
        purpose: string;
        geometry: ZoneGeometry;
        buffer: number;
        schedule: unknown;
        tag?: string;
      },
    ) => {
      const box = boundingBox(values.geometry, values.buffer);
      await tx.query(
        `INSERT INTO monitoring_zone (agency_id, case_id, applies_to_tag, name, zone_kind, purpose, geometry, min_lat, min_lon, max_lat,
            max_lon, buffer_meters, schedule, valid_from, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)`,
        [
          agencyId,
          caseId,
          values.tag ?? null,
          values.name,
          values.kind,
          values.purpose,
          JSON.stringify(values.geometry),
          box.minLat,
          box.minLon,
          box.maxLat,
          box.maxLon,
          values.buffer,
          values.schedule === null ? null : JSON.stringify(values.schedule),
          installedAt,
          officerId,
          asOf,
        ],
      );
    };
    const everyDay = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    for (const [index, item] of input.monitored.entries()) {
      const serial = demoDeviceSerials.gps[index]!;
      if (em)
        await tx.query(
          `INSERT INTO case_condition (case_id, condition_type_id, parameters, effective_from, ordered_by, compliance)
           VALUES ($1, $2, '{"technology": "gps"}', $3, 'State Board of Pardons and Paroles', 'compliant')`,
          [item.caseId, em.id, installedAt.toISOString().slice(0, 10)],
        );
      // The first is also a sex-offense case, so the shared school zone applies to it.
      await tx.query(`UPDATE supervision_case SET tags = ARRAY(SELECT DISTINCT unnest(tags || $2::text[])) WHERE id = $1`, [
        item.caseId,
        index === 0 ? ["electronic_monitoring", "sex_offense"] : ["electronic_monitoring"],
      ]);
      await tx.query(
        "INSERT INTO monitoring_activation (device_id, case_id, installed_at, installed_by, created_at) VALUES ($1, $2, $3, $4, $3)",
        [deviceIds.get(serial), item.caseId, installedAt, item.officerId],
      );
      await tx.query("UPDATE monitoring_device SET status = 'assigned' WHERE id = $1", [deviceIds.get(serial)]);
      if (index === 0) {
        // Along route14: the terminus (Petherick Road) as the curfew's home, and a victim's residence the route passes.
        await zone(item.caseId, item.officerId, {
          name: "Home (curfew)",
          kind: "inclusion",
          purpose: "home",
          geometry: circle(53.4619, -2.8949, 150),
          buffer: 0,
          schedule: { timeZone, windows: [{ days: everyDay, start: "21:00", end: "06:00" }], exceptions: [] },
        });
        await zone(item.caseId, item.officerId, {
          name: "Victim's residence",
          kind: "exclusion",
          purpose: "victim",
          geometry: circle(53.4246, -2.9546, 200),
          buffer: 300,
          schedule: null,
        });
      } else {
        await zone(item.caseId, item.officerId, {
          name: "Treatment centre",
          kind: "inclusion",
          purpose: "treatment",
          geometry: square(53.4415, -2.9322, 0.0015),
          buffer: 0,
          schedule: { timeZone, windows: [{ days: ["mon", "wed", "fri"], start: "17:00", end: "18:30" }], exceptions: [] },
        });
        await zone(item.caseId, item.officerId, {
          name: "Restricted area: city-centre bars",
          kind: "exclusion",
          purpose: "restricted_area",
          geometry: square(53.4116, -2.9679, 0.002),
          buffer: 100,
          schedule: { timeZone, windows: [{ days: ["fri", "sat"], start: "20:00", end: "04:00" }], exceptions: [] },
        });
      }
    }
    // A school on the route, shared by the agency with every sex-offense case.
    await zone(null, null, {
      name: "Demo primary school",
      kind: "exclusion",
      purpose: "school",
      geometry: square(53.4492, -2.9135, 0.0012),
      buffer: 150,
      schedule: null,
      tag: "sex_offense",
    });
    // The demo's curfew conditions were loaded in bulk: their home zones are made as a condition change would.
    const curfewCases = await tx.query<{ case_id: string }>(
      `SELECT DISTINCT cc.case_id FROM case_condition cc JOIN condition_type ct ON ct.id = cc.condition_type_id
         JOIN supervision_case c ON c.id = cc.case_id WHERE c.agency_id = $1 AND ct.kind = 'curfew' AND c.status <> 'closed'`,
      [agencyId],
    );
    for (const { case_id: caseId } of curfewCases) await syncConditionZones(tx, caseId, { by: null, now: asOf, write: true });
  });
}
