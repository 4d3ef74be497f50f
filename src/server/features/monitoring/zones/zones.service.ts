import type { z } from "zod";
import type {
  CaseMonitoring,
  caseZoneImportBody,
  endZoneBody,
  homePositionBody,
  NewZoneBody,
  replaceZoneBody,
  sharedZoneImportBody,
  Zone,
  ZonePurpose,
  zoneExceptionBody,
} from "../../../../shared/contract/monitoring-zones";
import { type CaseTarget, loadCaseTarget } from "../../../platform/access/case-access";
import { type Guard, guarded } from "../../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../../platform/context";
import type { Queryable } from "../../../platform/db/database";
import { claimVersion } from "../../../platform/db/versioned";
import { badRequest, conflict, notFound } from "../../../platform/errors";
import * as deviceQueries from "../devices/devices.queries";
import { syncConditionZones } from "./condition-zones";
import { boundingBox, geometryProblems, type ImportedFeature, readFeatureCollection } from "./zone-geometry";
import * as queries from "./zones.queries";

/** Most zones a case may have from one import (a person's places; thousands belong in shared zones). */
const maxCaseImport = 200;
/** An exception may be approved for at most this long (a hospital stay; longer is a change of the schedule). */
const maxExceptionDays = 31;

const closedCase = () => conflict("The case is closed: its zones no longer change.", [{ field: "caseId", message: "case closed" }]);
const endedZone = () => conflict("This zone has ended; it no longer changes.", [{ field: "expectedVersion", message: "zone ended" }]);

function checkGeometry(body: Pick<NewZoneBody, "geometry">) {
  const problems = geometryProblems(body.geometry);
  if (problems.length > 0)
    throw badRequest(
      `The zone's shape ${problems.join("; ")}.`,
      problems.map((message) => ({ field: "geometry", message })),
    );
}

function scheduleOf(body: Pick<NewZoneBody, "schedule">, timeZone: string, exceptions: unknown[] = []) {
  return body.schedule === null ? null : { timeZone, windows: body.schedule.windows, exceptions };
}

export function createZonesService(deps: FeatureDeps) {
  /** The case, authorised and locked for a change (case.write); a closed case is a 409. */
  async function caseForChange(
    tx: Queryable,
    authorize: Guard["authorize"],
    caseId: string,
    action: string,
    details?: Record<string, string | number | boolean | null>,
  ) {
    const target = await loadCaseTarget(tx, caseId, true);
    authorize("case.write", target, { action, recordType: "case", recordId: caseId, details });
    const facts = (await queries.findCaseFacts(tx, caseId))!;
    if (facts.status === "closed") throw closedCase();
    return { target, facts };
  }

  /** A personal zone, its case authorised (case.write) and locked; an ended zone is a 409. */
  async function zoneForChange(
    tx: Queryable,
    authorize: Guard["authorize"],
    id: string,
    action: string,
    now: Date,
    details?: Record<string, string | number | boolean | null>,
  ): Promise<{ zone: queries.ZoneRecord; target: CaseTarget; facts: queries.CaseFacts }> {
    const found = await queries.lockZone(tx, id);
    if (!found?.case_id) throw notFound("Zone");
    const target = await loadCaseTarget(tx, found.case_id, true);
    authorize("case.write", target, { action, recordType: "monitoring_zone", recordId: id, details });
    const facts = (await queries.findCaseFacts(tx, found.case_id))!;
    if (facts.status === "closed") throw closedCase();
    if (found.valid_to && new Date(found.valid_to) <= now) throw endedZone();
    return { zone: found, target, facts };
  }

  return {
    /** The person's Monitoring section for one case: devices on and off, zones, and what is still needed. */
    async forCase(context: RequestContext, caseId: string): Promise<CaseMonitoring> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId);
        authorize("case.read", target, { action: "monitoring.read", recordType: "case", recordId: caseId });
        const facts = (await queries.findCaseFacts(tx, caseId))!;
        const sync = await syncConditionZones(tx, caseId, { by: null, now: context.now, write: false });
        const home = await queries.findHomeAddress(tx, facts.person_id);
        return {
          caseId,
          caseClosed: facts.status === "closed",
          monitored: sync.monitored,
          deviceTypes: sync.deviceTypes as CaseMonitoring["deviceTypes"],
          activations: await deviceQueries.listActivationsOfCase(tx, caseId),
          availableDevices: (await deviceQueries.listAvailableDevices(tx, facts.agency_id)).filter((device) =>
            sync.deviceTypes.includes(device.deviceType),
          ),
          zones: await queries.listZonesOfCase(tx, caseId, context.now),
          homePositionNeeded: sync.homePositionNeeded,
          home: home ? { addressId: home.id, label: home.label, latitude: home.latitude, longitude: home.longitude } : null,
          timeZone: facts.time_zone,
          homeRadiusMeters: facts.home_radius_meters,
        };
      });
    },

    /** A zone drawn on the map (or typed as centre and radius), in force from now. */
    async create(context: RequestContext, caseId: string, input: NewZoneBody): Promise<Zone> {
      const actor = signedInActor(context);
      checkGeometry(input);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const { facts } = await caseForChange(tx, authorize, caseId, "monitoring_zone.created", { name: input.name, kind: input.kind });
        const id = await queries.insertZone(tx, {
          ...input,
          agencyId: facts.agency_id,
          caseId,
          conditionId: null,
          appliesToTag: null,
          box: boundingBox(input.geometry, input.bufferMeters),
          schedule: scheduleOf(input, facts.time_zone),
          validFrom: context.now,
          validTo: null,
          replaces: null,
          by: actor.userId,
          now: context.now,
        });
        return queries.readZone(tx, id);
      });
    },

    /** A changed zone is a new row from now; the old row ends now (its geometry is never overwritten). */
    async replace(context: RequestContext, id: string, input: z.infer<typeof replaceZoneBody>): Promise<Zone> {
      const actor = signedInActor(context);
      checkGeometry(input);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const { zone, facts } = await zoneForChange(tx, authorize, id, "monitoring_zone.replaced", context.now, { name: input.name });
        await claimVersion(tx, {
          table: "monitoring_zone",
          id,
          expectedVersion: input.expectedVersion,
          actorId: actor.userId,
          now: context.now,
          what: "zone",
          timeZone: facts.time_zone,
        });
        await queries.endZone(tx, id, context.now, "Changed on the map");
        const { expectedVersion: _version, ...values } = input;
        const newId = await queries.insertZone(tx, {
          ...values,
          agencyId: facts.agency_id,
          caseId: zone.case_id,
          conditionId: zone.condition_id,
          appliesToTag: null,
          box: boundingBox(input.geometry, input.bufferMeters),
          // Approved exceptions still ahead stay with the zone.
          schedule: scheduleOf(input, facts.time_zone, zone.schedule?.exceptions ?? []),
          validFrom: new Date(Math.max(context.now.getTime(), new Date(zone.valid_from).getTime() + 1)),
          validTo: zone.valid_to,
          replaces: id,
          by: actor.userId,
          now: context.now,
        });
        return queries.readZone(tx, newId);
      });
    },

    async end(context: RequestContext, id: string, input: z.infer<typeof endZoneBody>): Promise<Zone> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const { facts } = await zoneForChange(tx, authorize, id, "monitoring_zone.ended", context.now, { reason: input.reason });
        await claimVersion(tx, {
          table: "monitoring_zone",
          id,
          expectedVersion: input.expectedVersion,
          actorId: actor.userId,
          now: context.now,
          what: "zone",
          timeZone: facts.time_zone,
        });
        await queries.endZone(tx, id, context.now, input.reason);
        return queries.readZone(tx, id);
      });
    },

    /**
     * A one-off exception to the zone's schedule (excused: off; extra: in force), approved by a supervisor of the case's
     * unit, who is recorded as its approver. The schedule changes in place (the geometry does not): the engine's state
     * for the zone carries on.
     */
    async addException(context: RequestContext, id: string, input: z.infer<typeof zoneExceptionBody>): Promise<Zone> {
      const actor = signedInActor(context);
      const from = new Date(input.from);
      const to = new Date(input.to);
      if (to <= from) throw badRequest("The exception ends before it starts.", [{ field: "to", message: "not after from" }]);
      if (to.getTime() - from.getTime() > maxExceptionDays * 86_400_000)
        throw badRequest(`An exception lasts at most ${maxExceptionDays} days; change the schedule instead.`, [
          { field: "to", message: "too long" },
        ]);
      if (to <= context.now) throw badRequest("The exception is already over.", [{ field: "to", message: "in the past" }]);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const found = await queries.lockZone(tx, id);
        if (!found?.case_id) throw notFound("Zone");
        const target = await loadCaseTarget(tx, found.case_id, true);
        authorize("monitoring_exception.approve", target, {
          action: "monitoring_zone.exception_approved",
          recordType: "monitoring_zone",
          recordId: id,
          details: { from: input.from, to: input.to, kind: input.kind, reason: input.reason },
        });
        const { zone, facts } = await zoneForChange(tx, authorize, id, "monitoring_zone.exception_approved", context.now);
        if (!zone.schedule)
          throw conflict("This zone is in force at all times: it has no schedule to make an exception to.", [
            { field: "kind", message: "no schedule" },
          ]);
        await claimVersion(tx, {
          table: "monitoring_zone",
          id,
          expectedVersion: input.expectedVersion,
          actorId: actor.userId,
          now: context.now,
          what: "zone",
          timeZone: facts.time_zone,
        });
        const exception = {
          from: from.toISOString(),
          to: to.toISOString(),
          kind: input.kind,
          reason: input.reason,
          approvedBy: actor.displayName,
          approvedById: actor.userId,
          approvedAt: context.now.toISOString(),
        };
        await queries.setZoneSchedule(tx, id, { ...zone.schedule, exceptions: [...(zone.schedule.exceptions ?? []), exception] });
        return queries.readZone(tx, id);
      });
    },

    /** The officer places the home on the map (no geocoding): the curfew's zone is made from it. */
    async setHomePosition(context: RequestContext, caseId: string, input: z.infer<typeof homePositionBody>): Promise<CaseMonitoring> {
      const actor = signedInActor(context);
      await guarded(deps, context, async ({ tx, authorize }) => {
        const { facts } = await caseForChange(tx, authorize, caseId, "monitoring.home_position_set", {
          latitude: input.latitude,
          longitude: input.longitude,
        });
        const home = await queries.findHomeAddress(tx, facts.person_id);
        if (!home)
          throw conflict("The person has no current address: record the address first.", [{ field: "latitude", message: "no address" }]);
        await queries.setAddressPosition(tx, home.id, input.latitude, input.longitude);
        await syncConditionZones(tx, caseId, { by: actor.userId, now: context.now, write: true });
      });
      return this.forCase(context, caseId);
    },

    /** A case's zones from a GeoJSON file: all or nothing, with the problems listed by feature. */
    async importForCase(context: RequestContext, caseId: string, input: z.infer<typeof caseZoneImportBody>) {
      const actor = signedInActor(context);
      const { features, issues } = readFeatureCollection(input.featureCollection, input.nameProperty);
      if (issues.length > 0)
        throw badRequest(`The file has ${issues.length === 1 ? "1 problem" : `${issues.length} problems`}; nothing was imported.`, issues);
      if (features.length > maxCaseImport)
        throw badRequest(`A case's import holds at most ${maxCaseImport} zones; use shared zones for more.`, [
          { field: "featureCollection", message: "too many features" },
        ]);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const { facts } = await caseForChange(tx, authorize, caseId, "monitoring_zone.imported", { features: features.length });
        const ids = await queries.insertZones(
          tx,
          importedZoneRows(features, input, { agencyId: facts.agency_id, caseId, appliesToTag: null, by: actor.userId, now: context.now }),
        );
        return { created: ids.length, zones: await queries.readZones(tx, ids.slice(0, 100)) };
      });
    },

    // ─── Shared agency zones (administrators) ────────────────────────────────────────────────────────────────────

    async listShared(context: RequestContext) {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "monitoring_shared_zone.manage",
          { agencyId: actor.agencyId },
          { action: "monitoring_shared_zone.list", recordType: "agency", recordId: actor.agencyId },
        );
        return queries.listSharedZones(tx, actor.agencyId, context.now);
      });
    },

    async importShared(context: RequestContext, input: z.infer<typeof sharedZoneImportBody>) {
      const actor = signedInActor(context);
      const { features, issues } = readFeatureCollection(input.featureCollection, input.nameProperty);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "monitoring_shared_zone.manage",
          { agencyId: actor.agencyId },
          {
            action: "monitoring_shared_zone.imported",
            recordType: "agency",
            recordId: actor.agencyId,
            details: { features: features.length, appliesToTag: input.appliesToTag },
          },
        );
        // Checked after the decision, so a refused import is audited as refused, not as a bad file.
        if (issues.length > 0)
          throw badRequest(
            `The file has ${issues.length === 1 ? "1 problem" : `${issues.length} problems`}; nothing was imported.`,
            issues,
          );
        const ids = await queries.insertZones(
          tx,
          importedZoneRows(features, input, {
            agencyId: actor.agencyId,
            caseId: null,
            appliesToTag: input.appliesToTag,
            by: actor.userId,
            now: context.now,
          }),
        );
        return { created: ids.length, zones: await queries.readZones(tx, ids.slice(0, 100)) };
      });
    },

    async endShared(context: RequestContext, id: string, input: z.infer<typeof endZoneBody>): Promise<Zone> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const zone = await queries.lockZone(tx, id);
        if (!zone || zone.case_id) throw notFound("Shared zone");
        authorize(
          "monitoring_shared_zone.manage",
          { agencyId: zone.agency_id },
          { action: "monitoring_shared_zone.ended", recordType: "monitoring_zone", recordId: id, details: { reason: input.reason } },
        );
        if (zone.valid_to && new Date(zone.valid_to) <= context.now) throw endedZone();
        await claimVersion(tx, {
          table: "monitoring_zone",
          id,
          expectedVersion: input.expectedVersion,
          actorId: actor.userId,
          now: context.now,
          what: "zone",
        });
        await queries.endZone(tx, id, context.now, input.reason);
        return queries.readZone(tx, id);
      });
    },
  };
}

export type ZonesService = ReturnType<typeof createZonesService>;

/** The rows an import writes: each feature a zone of the file's kind, purpose and buffer, valid from now, never a replacement. */
function importedZoneRows(
  features: readonly ImportedFeature[],
  input: { kind: "inclusion" | "exclusion"; purpose: ZonePurpose; bufferMeters: number },
  owner: { agencyId: string; caseId: string | null; appliesToTag: string | null; by: string; now: Date },
) {
  return features.map((feature) => ({
    ...owner,
    conditionId: null,
    name: feature.name,
    kind: input.kind,
    purpose: input.purpose,
    geometry: feature.geometry,
    box: boundingBox(feature.geometry, input.bufferMeters),
    bufferMeters: input.bufferMeters,
    schedule: null,
    validFrom: owner.now,
    validTo: null,
    replaces: null,
  }));
}
