import { newActivationState } from "../features/monitoring/engine";
import type { Database } from "../platform/db/database";
import { storyOfficer } from "./synthetic/generate";

/** Hours of one-minute track each monitored demo person has on a fresh install. */
const demoTrackHours = 3;
/** Where a person without a home zone or a geocoded address walks: the demo county's centre. */
const fallbackHome = { latitude: 38.5816, longitude: -121.4944 };

/**
 * Demo telemetry history: for each device the demo has on one of the story officer's people
 * (synthetic/monitoring-demo.ts), the last few hours of one-minute fixes, a loop that starts and ends at home (the
 * case's home zone, else the address), so the monitoring map, track playback and crime-scene search show something on
 * a fresh install. Live devices (the simulator) add to it; these readings are history only.
 */
export async function loadDemoMonitoring(db: Database, now: Date): Promise<{ devices: number; readings: number }> {
  return db.transaction(async (tx) => {
    const worn = await tx.query<{
      device_id: string;
      activation_id: string;
      latitude: number | null;
      longitude: number | null;
    }>(
      `SELECT ma.device_id, ma.id AS activation_id,
              COALESCE((z.geometry->'center'->>1)::float8, a.latitude) AS latitude,
              COALESCE((z.geometry->'center'->>0)::float8, a.longitude) AS longitude
         FROM monitoring_activation ma
         JOIN supervision_case c ON c.id = ma.case_id AND c.status = 'active'
         JOIN app_user u ON u.id = c.officer_id AND u.username = $1
         LEFT JOIN LATERAL (SELECT geometry FROM monitoring_zone mz
                             WHERE mz.case_id = c.id AND mz.purpose = 'home' AND mz.geometry->>'type' = 'Circle'
                             ORDER BY mz.valid_from DESC LIMIT 1) z ON true
         LEFT JOIN LATERAL (SELECT latitude, longitude FROM person_address pa
                             WHERE pa.person_id = c.person_id AND pa.moved_out IS NULL AND pa.latitude IS NOT NULL
                             ORDER BY pa.moved_in DESC LIMIT 1) a ON true
        WHERE ma.removed_at IS NULL
        ORDER BY c.case_number`,
      [storyOfficer],
    );
    let readings = 0;
    for (const device of worn) {
      const home =
        device.latitude !== null && device.longitude !== null ? { latitude: device.latitude, longitude: device.longitude } : fallbackHome;
      const minutes = demoTrackHours * 60;
      const values: unknown[] = [];
      const rows: string[] = [];
      for (let minute = minutes; minute >= 0; minute--) {
        // A loop of about 700 m by 900 m that starts and ends at home, walked at a steady pace.
        const angle = (2 * Math.PI * (minutes - minute)) / minutes;
        const at = new Date(now.getTime() - minute * 60_000);
        const row = [
          device.device_id,
          device.activation_id,
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
      // The rules' clock starts at the last fix, as if the device had sent it: no signal is due 15 minutes on, not
      // from the install a month ago.
      await tx.query(
        `INSERT INTO monitoring_rule_state (activation_id, state, last_event_at, next_check_at, revision)
         VALUES ($1, $2::jsonb, $3, $4, 0) ON CONFLICT (activation_id) DO NOTHING`,
        [device.activation_id, JSON.stringify(newActivationState(now)), now, new Date(now.getTime() + 15 * 60_000)],
      );
    }
    return { devices: worn.length, readings };
  });
}
