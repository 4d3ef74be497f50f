import type { Database } from "../platform/db/database";
import { storyOfficer } from "./synthetic/generate";

/** How many of the story officer's people wear a GPS device in the demo, and the hours of track each has. */
export const demoMonitoredPeople = 2;
const demoTrackHours = 3;
/** Where a person without a geocoded address walks: the demo county's centre. */
const fallbackHome = { latitude: 38.5816, longitude: -121.4944 };

/**
 * Demo electronic monitoring: GPS devices on the story officer's first people, each with the last few hours of
 * one-minute fixes (a loop around home that ends there), so the monitoring map, track playback and crime-scene search
 * show something on a fresh install. Live devices (the simulator) add to it; these readings are history only.
 */
export async function loadDemoMonitoring(db: Database, now: Date): Promise<{ devices: number; readings: number }> {
  return db.transaction(async (tx) => {
    const cases = await tx.query<{ id: string; agency_id: string; officer_id: string; latitude: number | null; longitude: number | null }>(
      `SELECT c.id, c.agency_id, c.officer_id, a.latitude, a.longitude
         FROM supervision_case c
         JOIN app_user u ON u.id = c.officer_id AND u.username = $1
         LEFT JOIN LATERAL (SELECT latitude, longitude FROM person_address pa
                             WHERE pa.person_id = c.person_id AND pa.moved_out IS NULL AND pa.latitude IS NOT NULL
                             ORDER BY pa.moved_in DESC LIMIT 1) a ON true
        WHERE c.status = 'active'
        ORDER BY c.case_number
        LIMIT $2`,
      [storyOfficer, demoMonitoredPeople],
    );
    let readings = 0;
    for (const [index, supervised] of cases.entries()) {
      const home =
        supervised.latitude !== null && supervised.longitude !== null
          ? { latitude: supervised.latitude, longitude: supervised.longitude }
          : fallbackHome;
      const installedAt = new Date(now.getTime() - 30 * 86_400_000);
      const [device] = await tx.query<{ id: string }>(
        `INSERT INTO monitoring_device (agency_id, serial, device_type, vendor, firmware, status)
         VALUES ($1, $2, 'gps', 'Demo Tracking Co.', '4.2.1', 'assigned') RETURNING id`,
        [supervised.agency_id, `DEMO-GPS-${String(index + 1).padStart(4, "0")}`],
      );
      const [activation] = await tx.query<{ id: string }>(
        "INSERT INTO monitoring_activation (device_id, case_id, installed_at, installed_by) VALUES ($1, $2, $3, $4) RETURNING id",
        [device!.id, supervised.id, installedAt, supervised.officer_id],
      );
      const minutes = demoTrackHours * 60;
      const values: unknown[] = [];
      const rows: string[] = [];
      for (let minute = minutes; minute >= 0; minute--) {
        // A loop of about 700 m by 900 m that starts and ends at home, walked at a steady pace.
        const angle = (2 * Math.PI * (minutes - minute)) / minutes;
        const at = new Date(now.getTime() - minute * 60_000);
        const row = [
          device!.id,
          activation!.id,
          minutes - minute,
          at,
          at,
          home.latitude + 0.003 * Math.sin(angle),
          home.longitude + 0.004 * (1 - Math.cos(angle)),
          5 + (minute % 7),
          minute === 0 ? 0 : 4.5,
          Math.max(20, 95 - (minutes - minute) / 4),
        ];
        rows.push(`(${row.map((_, column) => `$${values.length + column + 1}`).join(", ")})`);
        values.push(...row);
      }
      await tx.query(
        `INSERT INTO monitoring_reading (device_id, activation_id, sequence, event_time, received_at, latitude, longitude, accuracy_meters, speed_kph, battery_percent)
         VALUES ${rows.join(", ")}`,
        values,
      );
      readings += minutes + 1;
    }
    return { devices: cases.length, readings };
  });
}
