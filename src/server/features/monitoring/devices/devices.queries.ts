import type { Activation, Device, DeviceStatus, DeviceType, Gateway } from "../../../../shared/contract/monitoring-devices";
import type { Queryable } from "../../../platform/db/database";
import { instantText } from "../../../platform/db/sql";

const deviceSelect = `SELECT json_build_object('id', d.id, 'serial', d.serial, 'deviceType', d.device_type, 'vendor', d.vendor,
    'firmware', d.firmware, 'status', d.status, 'statusReason', d.status_reason, 'notes', d.notes, 'version', d.version,
    'assignedTo', (SELECT json_build_object('personId', p.id, 'name', p.first_name || ' ' || p.last_name, 'caseId', c.id)
                     FROM monitoring_activation a JOIN supervision_case c ON c.id = a.case_id JOIN person p ON p.id = c.person_id
                    WHERE a.device_id = d.id AND a.removed_at IS NULL LIMIT 1)) AS device
  FROM monitoring_device d`;

export async function listDevices(
  db: Queryable,
  agencyId: string,
  filter: { status?: DeviceStatus | undefined; deviceType?: DeviceType | undefined; q?: string | undefined },
): Promise<Device[]> {
  const rows = await db.query<{ device: Device }>(
    `${deviceSelect} WHERE d.agency_id = $1 AND ($2::text IS NULL OR d.status = $2) AND ($3::text IS NULL OR d.device_type = $3)
        AND ($4::text IS NULL OR d.serial ILIKE '%' || replace(replace(replace($4, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')
      ORDER BY d.serial LIMIT 1000`,
    [agencyId, filter.status ?? null, filter.deviceType ?? null, filter.q || null],
  );
  return rows.map((row) => row.device);
}

export async function readDevice(db: Queryable, id: string): Promise<Device> {
  const [row] = await db.query<{ device: Device }>(`${deviceSelect} WHERE d.id = $1`, [id]);
  return row!.device;
}

export type DeviceRow = { id: string; agency_id: string; serial: string; device_type: DeviceType; status: DeviceStatus };

export async function lockDevice(db: Queryable, id: string): Promise<DeviceRow | undefined> {
  const [row] = await db.query<DeviceRow>(
    "SELECT id, agency_id, serial, device_type, status FROM monitoring_device WHERE id = $1 FOR UPDATE",
    [id],
  );
  return row;
}

export async function serialTaken(db: Queryable, serial: string, exceptId: string | null): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM monitoring_device WHERE lower(serial) = lower($1) AND id IS DISTINCT FROM $2", [
    serial,
    exceptId,
  ]);
  return rows.length > 0;
}

type DeviceValues = { serial: string; deviceType: DeviceType; vendor: string; firmware: string | null; notes: string | null };

export async function insertDevice(db: Queryable, input: DeviceValues & { agencyId: string; by: string; now: Date }): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO monitoring_device (agency_id, serial, device_type, vendor, firmware, notes, created_at, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7) RETURNING id`,
    [input.agencyId, input.serial, input.deviceType, input.vendor, input.firmware, input.notes, input.now, input.by],
  );
  return row!.id;
}

export async function updateDevice(db: Queryable, id: string, input: DeviceValues): Promise<void> {
  await db.query("UPDATE monitoring_device SET serial = $2, device_type = $3, vendor = $4, firmware = $5, notes = $6 WHERE id = $1", [
    id,
    input.serial,
    input.deviceType,
    input.vendor,
    input.firmware,
    input.notes,
  ]);
}

/** Status set with the activation that causes it (assigned / in stock) or by hand; the version moves with it. */
export async function setDeviceStatus(
  db: Queryable,
  id: string,
  input: { status: DeviceStatus; reason: string | null; by: string; now: Date },
): Promise<void> {
  await db.query(
    `UPDATE monitoring_device SET status = $2, status_reason = $3, version = version + 1, updated_by = $4, updated_at = $5 WHERE id = $1`,
    [id, input.status, input.reason, input.by, input.now],
  );
}

export async function hasOpenActivation(db: Queryable, deviceId: string): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM monitoring_activation WHERE device_id = $1 AND removed_at IS NULL", [deviceId]);
  return rows.length > 0;
}

// ─── Activations ─────────────────────────────────────────────────────────────────────────────────────────────────

const activationSelect = `SELECT json_build_object('id', a.id, 'deviceId', d.id, 'serial', d.serial, 'deviceType', d.device_type,
    'vendor', d.vendor, 'installedAt', ${instantText("a.installed_at")}, 'installedBy', iu.display_name,
    'removedAt', ${instantText("a.removed_at")}, 'removedBy', ru.display_name, 'removalReason', a.removal_reason) AS activation
  FROM monitoring_activation a JOIN monitoring_device d ON d.id = a.device_id
  JOIN app_user iu ON iu.id = a.installed_by LEFT JOIN app_user ru ON ru.id = a.removed_by`;

export async function listActivationsOfCase(db: Queryable, caseId: string): Promise<Activation[]> {
  const rows = await db.query<{ activation: Activation }>(
    `${activationSelect} WHERE a.case_id = $1 ORDER BY a.removed_at IS NULL DESC, a.installed_at DESC, a.id`,
    [caseId],
  );
  return rows.map((row) => row.activation);
}

export async function readActivation(db: Queryable, id: string): Promise<Activation> {
  const [row] = await db.query<{ activation: Activation }>(`${activationSelect} WHERE a.id = $1`, [id]);
  return row!.activation;
}

export async function findActivation(
  db: Queryable,
  id: string,
): Promise<{ id: string; case_id: string; device_id: string; installed_at: Date; removed_at: Date | null } | undefined> {
  const [row] = await db.query<{ id: string; case_id: string; device_id: string; installed_at: Date; removed_at: Date | null }>(
    "SELECT id, case_id, device_id, installed_at, removed_at FROM monitoring_activation WHERE id = $1",
    [id],
  );
  return row;
}

/** Another activation of the device overlapping [from, to) (to null: still on), as the exclusion constraint would see it. */
export async function overlappingActivation(
  db: Queryable,
  deviceId: string,
  from: Date,
  to: Date | null,
  exceptId: string | null,
): Promise<{ case_id: string } | undefined> {
  const [row] = await db.query<{ case_id: string }>(
    `SELECT case_id FROM monitoring_activation
      WHERE device_id = $1 AND id IS DISTINCT FROM $4 AND tstzrange(installed_at, removed_at) && tstzrange($2::timestamptz, $3::timestamptz)
      LIMIT 1`,
    [deviceId, from, to, exceptId],
  );
  return row;
}

export async function insertActivation(
  db: Queryable,
  input: { deviceId: string; caseId: string; installedAt: Date; by: string; now: Date },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO monitoring_activation (device_id, case_id, installed_at, installed_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [input.deviceId, input.caseId, input.installedAt, input.by, input.now],
  );
  return row!.id;
}

export async function removeActivation(db: Queryable, id: string, input: { removedAt: Date; reason: string; by: string }): Promise<void> {
  await db.query("UPDATE monitoring_activation SET removed_at = $2, removed_by = $3, removal_reason = $4 WHERE id = $1", [
    id,
    input.removedAt,
    input.by,
    input.reason,
  ]);
}

export async function lockActivation(db: Queryable, id: string): Promise<void> {
  await db.query("SELECT 1 FROM monitoring_activation WHERE id = $1 FOR UPDATE", [id]);
}

/** In-stock devices of the agency, for the install form. */
export async function listAvailableDevices(
  db: Queryable,
  agencyId: string,
): Promise<{ id: string; serial: string; deviceType: DeviceType; vendor: string }[]> {
  return db.query(
    `SELECT id, serial, device_type AS "deviceType", vendor FROM monitoring_device WHERE agency_id = $1 AND status = 'in_stock'
      ORDER BY device_type, serial LIMIT 500`,
    [agencyId],
  );
}

// ─── Gateways ────────────────────────────────────────────────────────────────────────────────────────────────────

const gatewaySelect = `SELECT json_build_object('id', g.id, 'name', g.name, 'active', g.active, 'createdAt', ${instantText("g.created_at")},
    'createdBy', u.display_name, 'lastSeenAt', ${instantText("g.last_seen_at")}) AS gateway
  FROM monitoring_gateway g LEFT JOIN app_user u ON u.id = g.created_by`;

export async function listGateways(db: Queryable, agencyId: string): Promise<Gateway[]> {
  const rows = await db.query<{ gateway: Gateway }>(`${gatewaySelect} WHERE g.agency_id = $1 ORDER BY g.active DESC, g.name`, [agencyId]);
  return rows.map((row) => row.gateway);
}

export async function readGateway(db: Queryable, id: string): Promise<Gateway> {
  const [row] = await db.query<{ gateway: Gateway }>(`${gatewaySelect} WHERE g.id = $1`, [id]);
  return row!.gateway;
}

export async function findGateway(db: Queryable, id: string): Promise<{ agency_id: string; active: boolean } | undefined> {
  const [row] = await db.query<{ agency_id: string; active: boolean }>(
    "SELECT agency_id, active FROM monitoring_gateway WHERE id = $1 FOR UPDATE",
    [id],
  );
  return row;
}

export async function gatewayNameTaken(db: Queryable, agencyId: string, name: string): Promise<boolean> {
  return (await db.query("SELECT 1 FROM monitoring_gateway WHERE agency_id = $1 AND lower(name) = lower($2)", [agencyId, name])).length > 0;
}

export async function insertGateway(
  db: Queryable,
  input: { agencyId: string; name: string; apiKeyHash: string; hmacSecretSealed: string; by: string; now: Date },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO monitoring_gateway (agency_id, name, api_key_hash, hmac_secret_sealed, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [input.agencyId, input.name, input.apiKeyHash, input.hmacSecretSealed, input.by, input.now],
  );
  return row!.id;
}

export async function deactivateGateway(db: Queryable, id: string): Promise<void> {
  await db.query("UPDATE monitoring_gateway SET active = false WHERE id = $1", [id]);
}
