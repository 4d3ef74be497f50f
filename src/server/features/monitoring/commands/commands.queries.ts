import type { Queryable } from "../../../platform/db/database";
import { instantText } from "../../../platform/db/sql";

// Commands and replies are kept in the audit log (no table of their own yet): the send is the officer's audited
// action on the case (record_type 'case'), the reply an audited device event (record_type 'monitoring_command',
// record_id = the command's id). Both lookups use audit_log_record_idx.

export type CurrentDevice = { activationId: string; serial: string };

/** The GPS device on the case now (open activation), if any. */
export async function currentGpsDevice(tx: Queryable, caseId: string): Promise<CurrentDevice | null> {
  const [row] = await tx.query<{ activation_id: string; serial: string }>(
    `SELECT a.id AS activation_id, d.serial
       FROM monitoring_activation a JOIN monitoring_device d ON d.id = a.device_id
      WHERE a.case_id = $1 AND a.removed_at IS NULL AND d.device_type = 'gps'
      ORDER BY a.installed_at DESC LIMIT 1`,
    [caseId],
  );
  return row ? { activationId: row.activation_id, serial: row.serial } : null;
}

export const commandSentAction = "monitoring.command_send";
export const commandReplyAction = "monitoring.command_reply";

type CommandRow = {
  sent_at: string;
  details: Record<string, unknown>;
  sent_by_name: string | null;
  replied_at: string | null;
  reply_details: Record<string, unknown> | null;
};

/** The case's last commands with the first reply of the same device to each (a reply naming another serial is ignored). */
export async function listCommands(tx: Queryable, caseId: string, limit = 20): Promise<CommandRow[]> {
  return tx.query<CommandRow>(
    `SELECT ${instantText("s.occurred_at")} AS sent_at, s.details, u.display_name AS sent_by_name,
            ${instantText("r.occurred_at")} AS replied_at, r.details AS reply_details
       FROM audit_log s
       LEFT JOIN app_user u ON u.id = s.actor_user_id
       LEFT JOIN LATERAL (
         SELECT occurred_at, details FROM audit_log
          WHERE record_type = 'monitoring_command' AND record_id = s.details->>'commandId'
            AND action = '${commandReplyAction}' AND details->>'deviceSerial' = s.details->>'deviceSerial'
          ORDER BY occurred_at, id LIMIT 1
       ) r ON true
      WHERE s.record_type = 'case' AND s.record_id = $1 AND s.action = '${commandSentAction}' AND s.outcome = 'allowed'
      ORDER BY s.occurred_at DESC, s.id DESC LIMIT $2`,
    [caseId, limit],
  );
}

/** The agency of a device by its serial (a reply's audit row belongs to it); null for a serial Waypoint does not know. */
export async function deviceAgency(db: Queryable, serial: string): Promise<string | null> {
  const [row] = await db.query<{ agency_id: string }>("SELECT agency_id FROM monitoring_device WHERE serial = $1", [serial]);
  return row?.agency_id ?? null;
}
