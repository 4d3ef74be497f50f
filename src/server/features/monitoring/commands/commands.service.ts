import { randomUUID } from "node:crypto";
import type { DeviceCommand, DeviceCommandBody, DeviceCommands } from "../../../../shared/contract/monitoring-commands";
import { loadCaseTarget } from "../../../platform/access/case-access";
import { guarded } from "../../../platform/access/guarded";
import type { FeatureDeps, RequestContext } from "../../../platform/context";
import { AppError, conflict } from "../../../platform/errors";
import type { DeviceCommandChannel } from "../mqtt/mqtt-ingest";
import * as queries from "./commands.queries";

/** What goes to the device on its commands topic (docs/MONITORING.md "## MQTT"). */
export type DeviceCommandMessage =
  | { commandId: string; command: "locate_now"; sentAt: string }
  | { commandId: string; command: "set_reporting_rate"; seconds: number; durationMinutes: number; sentAt: string };

export function createDeviceCommandsService(deps: FeatureDeps, channel: DeviceCommandChannel | null) {
  return {
    async list(context: RequestContext, caseId: string): Promise<DeviceCommands> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("case.read", await loadCaseTarget(tx, caseId), {
          action: "monitoring.command_list",
          recordType: "case",
          recordId: caseId,
        });
        const device = await queries.currentGpsDevice(tx, caseId);
        const rows = await queries.listCommands(tx, caseId);
        return { deviceSerial: device?.serial ?? null, available: channel !== null, commands: rows.map(toCommand) };
      });
    },

    /**
     * Sends a command to the case's GPS device. The audit row and the publish are one unit: the message is handed to the
     * broker inside the transaction, so a command the broker did not take leaves no record, and a record always
     * has a command behind it (unless the commit itself fails after the publish: the device's reply then matches nothing).
     */
    async send(context: RequestContext, caseId: string, body: DeviceCommandBody): Promise<DeviceCommand> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        const device = await queries.currentGpsDevice(tx, caseId);
        const commandId = randomUUID();
        authorize("case.write", target, {
          action: queries.commandSentAction,
          recordType: "case",
          recordId: caseId,
          details: {
            commandId,
            command: body.command,
            deviceSerial: device?.serial ?? null,
            seconds: body.seconds ?? null,
            durationMinutes: body.durationMinutes ?? null,
          },
        });
        if (!device) throw conflict("This case has no GPS device fitted now, so there is nothing to send the command to.");
        if (!channel) {
          throw conflict("Device commands travel over MQTT, which is turned off on this server (MQTT_ENABLED=false).");
        }
        const sentAt = context.now.toISOString();
        const message: DeviceCommandMessage =
          body.command === "locate_now"
            ? { commandId, command: "locate_now", sentAt }
            : { commandId, command: "set_reporting_rate", seconds: body.seconds!, durationMinutes: body.durationMinutes!, sentAt };
        try {
          await channel.publish(device.serial, JSON.stringify(message));
        } catch (error) {
          deps.log.error({ alert: "device_command_failed", err: error, deviceSerial: device.serial }, "device command not sent");
          throw new AppError("broker_unavailable", "The MQTT broker did not take the command, so nothing was sent. Try again in a moment.");
        }
        return {
          id: commandId,
          command: body.command,
          seconds: body.seconds ?? null,
          durationMinutes: body.durationMinutes ?? null,
          deviceSerial: device.serial,
          sentAt,
          sentByName: context.actor?.displayName ?? "",
          replyStatus: null,
          repliedAt: null,
          replyDetail: null,
        };
      });
    },
  };
}

export type DeviceCommandsService = ReturnType<typeof createDeviceCommandsService>;

function toCommand(row: Awaited<ReturnType<typeof queries.listCommands>>[number]): DeviceCommand {
  const details = row.details;
  const number = (value: unknown) => (typeof value === "number" ? value : null);
  const status = row.reply_details?.status;
  return {
    id: String(details.commandId),
    command: details.command === "set_reporting_rate" ? "set_reporting_rate" : "locate_now",
    seconds: number(details.seconds),
    durationMinutes: number(details.durationMinutes),
    deviceSerial: String(details.deviceSerial ?? ""),
    sentAt: row.sent_at,
    sentByName: row.sent_by_name ?? "A former user",
    replyStatus: status === "done" || status === "rejected" ? status : null,
    repliedAt: row.replied_at,
    replyDetail: typeof row.reply_details?.detail === "string" ? row.reply_details.detail : null,
  };
}
