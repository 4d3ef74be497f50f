import type { z } from "zod";
import {
  type Activation,
  type CreatedGateway,
  type Device,
  type deviceListQuery,
  type deviceStatusBody,
  deviceStatusLabels,
  deviceTypeLabels,
  type Gateway,
  type installDeviceBody,
  type newDeviceBody,
  type newGatewayBody,
  type removeDeviceBody,
  type updateDeviceBody,
} from "../../../../shared/contract/monitoring-devices";
import { loadCaseTarget } from "../../../platform/access/case-access";
import { guarded } from "../../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../../platform/context";
import { claimVersion } from "../../../platform/db/versioned";
import { AppError, badRequest, conflict, notFound } from "../../../platform/errors";
import { raiseEvent } from "../../../platform/events/supervision-events";
import { randomToken, sha256Hex } from "../../../platform/secrets";
import { syncConditionZones } from "../zones/condition-zones";
import * as zoneQueries from "../zones/zones.queries";
import * as queries from "./devices.queries";

/** An install or removal may be dated a few minutes ahead (a clock a little fast), never later. */
const futureSlackMs = 5 * 60_000;

const alreadyOnSomeone = (serial: string) =>
  conflict(`Device ${serial} is already on someone over that time: remove it there first.`, [
    { field: "deviceId", message: "already assigned" },
  ]);

/** The exclusion constraint's refusal (two installs of one device at once): the same 409 as the check before it. */
const isExclusionViolation = (error: unknown) => (error as { code?: string } | null)?.code === "23P01";

export function createDevicesService(deps: FeatureDeps) {
  return {
    async list(context: RequestContext, filter: z.infer<typeof deviceListQuery>): Promise<{ devices: Device[] }> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "monitoring_device.manage",
          { agencyId: actor.agencyId },
          { action: "monitoring_device.list", recordType: "agency", recordId: actor.agencyId },
        );
        return { devices: await queries.listDevices(tx, actor.agencyId, filter) };
      });
    },

    async add(context: RequestContext, input: z.infer<typeof newDeviceBody>): Promise<Device> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "monitoring_device.manage",
          { agencyId: actor.agencyId },
          { action: "monitoring_device.created", recordType: "agency", recordId: actor.agencyId, details: { serial: input.serial } },
        );
        if (await queries.serialTaken(tx, input.serial, null))
          throw conflict(`A device with serial ${input.serial} is already in the inventory.`, [
            { field: "serial", message: "already in use" },
          ]);
        const id = await queries.insertDevice(tx, {
          ...input,
          firmware: input.firmware || null,
          notes: input.notes || null,
          agencyId: actor.agencyId,
          by: actor.userId,
          now: context.now,
        });
        return queries.readDevice(tx, id);
      });
    },

    async update(context: RequestContext, id: string, input: z.infer<typeof updateDeviceBody>): Promise<Device> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const device = await queries.lockDevice(tx, id);
        if (!device) throw notFound("Device");
        authorize(
          "monitoring_device.manage",
          { agencyId: device.agency_id },
          { action: "monitoring_device.updated", recordType: "monitoring_device", recordId: id, details: { serial: input.serial } },
        );
        if (await queries.serialTaken(tx, input.serial, id))
          throw conflict(`A device with serial ${input.serial} is already in the inventory.`, [
            { field: "serial", message: "already in use" },
          ]);
        if (input.deviceType !== device.device_type && device.status === "assigned")
          throw conflict("The device is on someone: its type cannot change until it is removed.", [
            { field: "deviceType", message: "device assigned" },
          ]);
        await claimVersion(tx, {
          table: "monitoring_device",
          id,
          expectedVersion: input.expectedVersion,
          actorId: actor.userId,
          now: context.now,
          what: "device",
        });
        await queries.updateDevice(tx, id, { ...input, firmware: input.firmware || null, notes: input.notes || null });
        return queries.readDevice(tx, id);
      });
    },

    /** In stock, lost, in repair or retired by hand; a device on someone changes status only by its removal. */
    async setStatus(context: RequestContext, id: string, input: z.infer<typeof deviceStatusBody>): Promise<Device> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const device = await queries.lockDevice(tx, id);
        if (!device) throw notFound("Device");
        authorize(
          "monitoring_device.manage",
          { agencyId: device.agency_id },
          {
            action: "monitoring_device.status_changed",
            recordType: "monitoring_device",
            recordId: id,
            details: { from: device.status, to: input.status, reason: input.reason ?? null },
          },
        );
        if (device.status === "assigned" || (await queries.hasOpenActivation(tx, id)))
          throw conflict(
            `Device ${device.serial} is on someone: remove it on the person's Monitoring section before marking it ${deviceStatusLabels[input.status].toLowerCase()}.`,
            [{ field: "status", message: "device assigned" }],
          );
        if (input.status !== "in_stock" && !input.reason)
          throw badRequest("Say why the device is lost, in repair or retired.", [{ field: "reason", message: "required" }]);
        await claimVersion(tx, {
          table: "monitoring_device",
          id,
          expectedVersion: input.expectedVersion,
          actorId: actor.userId,
          now: context.now,
          what: "device",
        });
        await queries.setDeviceStatus(tx, id, { status: input.status, reason: input.reason || null, by: actor.userId, now: context.now });
        return queries.readDevice(tx, id);
      });
    },

    // ─── Activations: a device on a person ─────────────────────────────────────────────────────────────────────

    async install(context: RequestContext, caseId: string, input: z.infer<typeof installDeviceBody>): Promise<Activation> {
      const actor = signedInActor(context);
      const installedAt = new Date(input.installedAt);
      if (installedAt.getTime() > context.now.getTime() + futureSlackMs)
        throw badRequest("A device cannot be installed in the future.", [{ field: "installedAt", message: "in the future" }]);
      try {
        return await guarded(deps, context, async ({ tx, authorize }) => {
          const target = await loadCaseTarget(tx, caseId, true);
          authorize("case.write", target, {
            action: "monitoring.device_installed",
            recordType: "case",
            recordId: caseId,
            details: { deviceId: input.deviceId, installedAt: input.installedAt },
          });
          const facts = await zoneQueries.findCaseFacts(tx, caseId);
          if (facts?.status === "closed")
            throw conflict("The case is closed: no device is installed on a closed case.", [{ field: "caseId", message: "case closed" }]);
          const monitoring = await syncConditionZones(tx, caseId, { by: actor.userId, now: context.now, write: false });
          if (!monitoring.monitored)
            throw conflict("The case has no electronic monitoring condition in force: add the condition first.", [
              { field: "caseId", message: "no electronic monitoring condition" },
            ]);
          const device = await queries.lockDevice(tx, input.deviceId);
          if (!device || device.agency_id !== target.agencyId)
            throw badRequest("Choose one of the agency's devices.", [{ field: "deviceId", message: "not a device of the agency" }]);
          if (!monitoring.deviceTypes.includes(device.device_type))
            throw badRequest(
              `The monitoring condition calls for ${monitoring.deviceTypes.map((type) => deviceTypeLabels[type as keyof typeof deviceTypeLabels].toLowerCase()).join(" or ")}, not a ${deviceTypeLabels[device.device_type].toLowerCase()}.`,
              [{ field: "deviceId", message: "wrong type of device" }],
            );
          if (await queries.overlappingActivation(tx, device.id, installedAt, null, null)) throw alreadyOnSomeone(device.serial);
          if (device.status !== "in_stock")
            throw conflict(`Device ${device.serial} is ${deviceStatusLabels[device.status].toLowerCase()}, not in stock.`, [
              { field: "deviceId", message: "not in stock" },
            ]);
          const id = await queries.insertActivation(tx, { deviceId: device.id, caseId, installedAt, by: actor.userId, now: context.now });
          await queries.setDeviceStatus(tx, device.id, { status: "assigned", reason: null, by: actor.userId, now: context.now });
          await raiseEvent(tx, {
            caseId,
            kind: "monitoring_started",
            sourceType: "monitoring_activation",
            sourceId: id,
            occurredAt: installedAt,
            details: { serial: device.serial, deviceType: device.device_type },
            now: context.now,
          });
          return queries.readActivation(tx, id);
        });
      } catch (error) {
        if (isExclusionViolation(error))
          throw new AppError("conflict", "That device is already on someone over that time: remove it there first.", [
            { field: "deviceId", message: "already assigned" },
          ]);
        throw error;
      }
    },

    async remove(context: RequestContext, activationId: string, input: z.infer<typeof removeDeviceBody>): Promise<Activation> {
      const actor = signedInActor(context);
      const removedAt = new Date(input.removedAt);
      if (removedAt.getTime() > context.now.getTime() + futureSlackMs)
        throw badRequest("A device cannot be removed in the future.", [{ field: "removedAt", message: "in the future" }]);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const found = await queries.findActivation(tx, activationId);
        if (!found) throw notFound("Activation");
        authorize("case.write", await loadCaseTarget(tx, found.case_id, true), {
          action: "monitoring.device_removed",
          recordType: "monitoring_activation",
          recordId: activationId,
          details: { removedAt: input.removedAt, reason: input.reason },
        });
        await queries.lockActivation(tx, activationId);
        const activation = (await queries.findActivation(tx, activationId))!;
        if (activation.removed_at) throw conflict("The device was already removed.", [{ field: "removedAt", message: "already removed" }]);
        if (removedAt.getTime() <= new Date(activation.installed_at).getTime())
          throw badRequest("The removal must be after the installation.", [{ field: "removedAt", message: "before the installation" }]);
        await queries.lockDevice(tx, activation.device_id);
        await queries.removeActivation(tx, activationId, { removedAt, reason: input.reason, by: actor.userId });
        await queries.setDeviceStatus(tx, activation.device_id, { status: "in_stock", reason: null, by: actor.userId, now: context.now });
        await raiseEvent(tx, {
          caseId: activation.case_id,
          kind: "monitoring_ended",
          sourceType: "monitoring_activation",
          sourceId: activationId,
          occurredAt: removedAt,
          details: { reason: input.reason },
          now: context.now,
        });
        return queries.readActivation(tx, activationId);
      });
    },

    // ─── Vendor gateways ─────────────────────────────────────────────────────────────────────────────────────────

    async listGateways(context: RequestContext): Promise<{ gateways: Gateway[] }> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "monitoring_gateway.manage",
          { agencyId: actor.agencyId },
          { action: "monitoring_gateway.list", recordType: "agency", recordId: actor.agencyId },
        );
        return { gateways: await queries.listGateways(tx, actor.agencyId) };
      });
    },

    /**
     * A gateway's API key and HMAC secret are made here and answered once: the key is kept as its SHA-256 (ingest looks
     * it up by hash), the secret sealed with the server's secret box (ingest opens it to check signatures).
     */
    async createGateway(context: RequestContext, input: z.infer<typeof newGatewayBody>): Promise<CreatedGateway> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "monitoring_gateway.manage",
          { agencyId: actor.agencyId },
          { action: "monitoring_gateway.created", recordType: "agency", recordId: actor.agencyId, details: { name: input.name } },
        );
        if (await queries.gatewayNameTaken(tx, actor.agencyId, input.name))
          throw conflict(`A gateway named ${input.name} already exists.`, [{ field: "name", message: "already in use" }]);
        const apiKey = `wpk_${randomToken()}`;
        const hmacSecret = randomToken();
        const id = await queries.insertGateway(tx, {
          agencyId: actor.agencyId,
          name: input.name,
          apiKeyHash: sha256Hex(apiKey),
          hmacSecretSealed: deps.secretBox.seal(hmacSecret),
          by: actor.userId,
          now: context.now,
        });
        return { gateway: await queries.readGateway(tx, id), apiKey, hmacSecret };
      });
    },

    async deactivateGateway(context: RequestContext, id: string): Promise<Gateway> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const gateway = await queries.findGateway(tx, id);
        if (!gateway) throw notFound("Gateway");
        authorize(
          "monitoring_gateway.manage",
          { agencyId: gateway.agency_id },
          { action: "monitoring_gateway.deactivated", recordType: "monitoring_gateway", recordId: id },
        );
        if (!gateway.active) throw conflict("The gateway is already deactivated.", [{ field: "id", message: "inactive" }]);
        await queries.deactivateGateway(tx, id);
        return queries.readGateway(tx, id);
      });
    },
  };
}

export type DevicesService = ReturnType<typeof createDevicesService>;
