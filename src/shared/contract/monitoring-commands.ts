import { z } from "zod";

// Device commands (issue 14 §6): an officer asks a case's GPS device to report its position now, or to report faster
// for a while (a pursuit). Sent over MQTT; the device's answer is recorded beside the command.

export const deviceCommandKind = z.enum(["locate_now", "set_reporting_rate"]);

export const deviceCommandBody = z
  .strictObject({
    command: deviceCommandKind,
    seconds: z.number().int().min(5).max(3600).optional().describe("set_reporting_rate: seconds between fixes"),
    durationMinutes: z.number().int().min(1).max(720).optional().describe("set_reporting_rate: how long, then back to normal"),
  })
  .superRefine((body, context) => {
    if (body.command === "set_reporting_rate") {
      if (body.seconds === undefined) context.addIssue({ code: "custom", path: ["seconds"], message: "required for set_reporting_rate" });
      if (body.durationMinutes === undefined)
        context.addIssue({ code: "custom", path: ["durationMinutes"], message: "required for set_reporting_rate" });
    } else if (body.seconds !== undefined || body.durationMinutes !== undefined) {
      context.addIssue({ code: "custom", path: ["command"], message: "locate_now takes no seconds or durationMinutes" });
    }
  });

export const deviceCommand = z
  .object({
    id: z.uuid(),
    command: deviceCommandKind,
    seconds: z.number().int().nullable(),
    durationMinutes: z.number().int().nullable(),
    deviceSerial: z.string(),
    sentAt: z.iso.datetime(),
    sentByName: z.string().describe("Who sent it (display name)"),
    replyStatus: z.enum(["done", "rejected"]).nullable().describe("null while the device has not answered"),
    repliedAt: z.iso.datetime().nullable(),
    replyDetail: z.string().nullable(),
  })
  .meta({ id: "DeviceCommand" });

export const deviceCommands = z
  .object({
    /** The case's GPS device now, if any: commands go to it. */
    deviceSerial: z.string().nullable(),
    /** Whether this server can send commands at all (MQTT on). */
    available: z.boolean(),
    commands: z.array(deviceCommand).describe("The case's last 20 commands, newest first"),
  })
  .meta({ id: "DeviceCommands" });

export type DeviceCommand = z.infer<typeof deviceCommand>;
export type DeviceCommands = z.infer<typeof deviceCommands>;
export type DeviceCommandBody = z.infer<typeof deviceCommandBody>;
