// Monitoring alerts for tests and journeys: a device on a case (an activation) and alerts raised on it through
// recordAlertEvents, the one way alerts enter the database.
import { randomBytes } from "node:crypto";
import { type AlertEventForActivation, type RaisedAlert, recordAlertEvents } from "../features/monitoring/alerts/raise";
import type { Database } from "../platform/db/database";

export type Activation = { agencyId: string; caseId: string; activationId: string };

/** A GPS device of the case's agency installed on the case by its officer at `at`. */
export async function activateDevice(db: Database, caseId: string, at: Date): Promise<Activation> {
  const [facts] = await db.query<{ agency_id: string; officer_id: string }>(
    "SELECT agency_id, officer_id FROM supervision_case WHERE id = $1",
    [caseId],
  );
  if (!facts) throw new Error(`no case ${caseId}`);
  const [device] = await db.query<{ id: string }>(
    `INSERT INTO monitoring_device (agency_id, serial, device_type, vendor, status) VALUES ($1, $2, 'gps', 'Test vendor', 'assigned') RETURNING id`,
    [facts.agency_id, `TEST-${randomBytes(5).toString("hex")}`],
  );
  const [activation] = await db.query<{ id: string }>(
    "INSERT INTO monitoring_activation (device_id, case_id, installed_at, installed_by) VALUES ($1, $2, $3, $4) RETURNING id",
    [device!.id, caseId, at, facts.officer_id],
  );
  return { agencyId: facts.agency_id, caseId, activationId: activation!.id };
}

/** An engine event for the activation, as ingest passes it on. */
export function alertEvent(
  activation: Activation,
  event: Partial<AlertEventForActivation["event"]> & { eventTime: Date },
): AlertEventForActivation {
  return {
    ...activation,
    event: { kind: "strap_tamper", severity: "high", detail: "The strap was opened.", ...event },
  };
}

/** Records engine events in one transaction, as ingest does. */
export async function raiseAlerts(db: Database, events: AlertEventForActivation[], now: Date): Promise<RaisedAlert[]> {
  return db.transaction((tx) => recordAlertEvents(tx, events, now));
}
