import { appendAudit } from "../../../platform/audit/audit";
import type { PlatformDeps } from "../../../platform/context";
import type { RecordCommandReply } from "../mqtt/ingest-port";
import { commandReplyAction, deviceAgency } from "./commands.queries";

/**
 * Records a device's answer to a command, as it arrives over MQTT: no signed-in actor exists, so this holds the raw
 * database handle (a named exception of the structure test). Kept as an audit row of the device's agency; a reply
 * from a serial Waypoint does not know is dropped (logged). Which command it answers is matched when listing.
 */
export function commandReplyRecorder(deps: PlatformDeps): RecordCommandReply {
  return async (reply) => {
    const agencyId = await deviceAgency(deps.db, reply.deviceSerial);
    if (!agencyId) {
      deps.log.warn({ deviceSerial: reply.deviceSerial }, "command reply from an unknown device ignored");
      return;
    }
    await appendAudit(
      deps.db,
      { agencyId, actorUserId: null, actorUsername: null, sessionRef: null, ip: null, userAgent: null },
      {
        action: commandReplyAction,
        outcome: "allowed",
        recordType: "monitoring_command",
        recordId: reply.commandId,
        justification: "device reply over MQTT",
        details: { deviceSerial: reply.deviceSerial, status: reply.status, detail: reply.detail },
      },
      reply.receivedAt,
    );
  };
}
