import type { z } from "zod";
import {
  type attachConditionBody,
  type ConditionKind,
  conditionParameters,
  type conditionTypeBody,
  type endConditionBody,
  type modificationRequestBody,
  type modifyConditionBody,
} from "../../../shared/contract/conditions";
import { addDays, localDate } from "../../../shared/time/calendar-date";
import { loadCaseTarget } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { badRequest, conflict, type FieldIssue, notFound } from "../../platform/errors";
import { raiseEvent, withdrawEvents } from "../../platform/events/supervision-events";
import { loadAgencyStandards } from "../contacts/contacts.queries";
import { syncConditionZones } from "../monitoring/zones/condition-zones";
import { closeTasksForSource, createTask } from "../tasks/tasks";
import { endedConflict, requestMovedOn, supersededConflict } from "./condition-conflicts";
import type { ConditionTypeRow, ModificationRequest, RequestStatus } from "./conditions.queries";
import * as queries from "./conditions.queries";

/** Days the unit's supervisors have to decide a submitted request (its approval task's due day). */
const approvalDueDays = 3;

// drafted → submitted → granted | denied; a draft may also be dropped by denying it.
const allowedTransitions: Record<RequestStatus, RequestStatus[]> = {
  drafted: ["submitted"],
  submitted: ["granted", "denied"],
  granted: [],
  denied: [],
};

/** Checks parameters against the schema of the condition's kind; issues name parameters.<field>. */
export function validateParameters(kind: ConditionKind, parameters: unknown, prefix = "parameters"): Record<string, unknown> {
  const result = conditionParameters[kind].safeParse(parameters);
  if (result.success) return result.data as Record<string, unknown>;
  const issues: FieldIssue[] = result.error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String), ...(issue.code === "unrecognized_keys" ? [issue.keys.join(", ")] : [])].join("."),
    message: issue.code === "unrecognized_keys" ? "unknown parameter" : issue.message,
  }));
  throw badRequest(
    `Invalid ${kind.replace(/_/g, " ")} parameters: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ")}`,
    issues,
  );
}

const toConditionType = (row: ConditionTypeRow) => ({
  id: row.id,
  code: row.code,
  title: row.title,
  kind: row.kind,
  isStandard: row.is_standard,
  description: row.description,
});

async function findConditionType(tx: Queryable, id: string, agencyId: string): Promise<ConditionTypeRow> {
  const row = await queries.findConditionType(tx, id);
  if (!row || row.agency_id !== agencyId)
    throw badRequest("That condition is not in the agency's catalogue.", [{ field: "conditionTypeId", message: "unknown condition" }]);
  return row;
}

function checkDates(from: string, to: string | null | undefined) {
  if (to && to < from)
    throw badRequest("The condition ends before it starts.", [{ field: "effectiveTo", message: "before effectiveFrom" }]);
}

/** The later of two ISO dates. */
const laterDay = (one: string, other: string) => (one > other ? one : other);

/**
 * Applies a granted request from the grant's day (the agency's date). A version that starts on or after that day
 * cannot be replaced from before its start, so the change then takes effect the day after it starts.
 * Returns the condition version made (or ended).
 */
async function applyGrant(tx: Queryable, request: ModificationRequest, agencyId: string, actorId: string, now: Date): Promise<string> {
  const { timeZone } = await loadAgencyStandards(tx, agencyId);
  const grantDay = localDate(now, timeZone);
  const { authority_name: orderedBy } = await queries.caseAuthority(tx, request.caseId);
  if (request.change === "add") {
    return queries.insertCondition(tx, {
      caseId: request.caseId,
      conditionTypeId: request.conditionTypeId,
      parameters: request.proposedParameters,
      effectiveFrom: grantDay,
      effectiveTo: null,
      orderedBy,
      supersedes: null,
      createdBy: actorId,
    });
  }
  // The request named the version current when it was raised; a later version of the same condition is the one changed.
  const current = request.conditionId ? await queries.lockCurrentVersion(tx, request.conditionId) : undefined;
  if (!current) throw notFound("Condition");
  const ended = () => conflict("The condition has already ended; deny the request or raise a new one.");
  if (current.effective_to && current.effective_to < grantDay) throw ended();
  if (request.change === "end") {
    // In force through the grant's day (or its own first day, if that is later).
    await queries.endCondition(tx, current.id, laterDay(grantDay, current.effective_from));
    return current.id;
  }
  const effectiveFrom = grantDay > current.effective_from ? grantDay : addDays(current.effective_from, 1);
  if (current.effective_to && current.effective_to < effectiveFrom) throw ended();
  const id = await queries.insertCondition(tx, {
    caseId: request.caseId,
    conditionTypeId: current.condition_type_id,
    parameters: request.proposedParameters,
    effectiveFrom,
    effectiveTo: current.effective_to,
    orderedBy,
    supersedes: current.id,
    createdBy: actorId,
  });
  await queries.endConditionBefore(tx, current.id, effectiveFrom);
  return id;
}

export function createConditionsService(deps: FeatureDeps) {
  return {
    async listCatalogue(context: RequestContext) {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "condition_catalogue.read",
          { agencyId: actor.agencyId },
          { action: "condition_catalogue.list", recordType: "condition_type" },
        );
        return (await queries.listConditionTypes(tx, actor.agencyId)).map(toConditionType);
      });
    },

    async addToCatalogue(context: RequestContext, input: z.infer<typeof conditionTypeBody>) {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "condition_catalogue.manage",
          { agencyId: actor.agencyId },
          { action: "condition_catalogue.create", recordType: "condition_type", details: { code: input.code } },
        );
        if (await queries.conditionCodeExists(tx, actor.agencyId, input.code)) {
          throw conflict(`The code ${input.code} is already in the catalogue.`, [{ field: "code", message: "already used" }]);
        }
        const row = await queries.insertConditionType(tx, actor.agencyId, {
          code: input.code,
          title: input.title,
          kind: input.kind,
          isStandard: input.isStandard,
          description: input.description ?? null,
        });
        return toConditionType(row);
      });
    },

    async attach(context: RequestContext, caseId: string, input: z.infer<typeof attachConditionBody>): Promise<{ id: string }> {
      const actor = signedInActor(context);
      checkDates(input.effectiveFrom, input.effectiveTo);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        authorize("case.write", target, { action: "condition.attach", recordType: "case", recordId: caseId });
        const type = await findConditionType(tx, input.conditionTypeId, actor.agencyId);
        const parameters = validateParameters(type.kind, input.parameters);
        const id = await queries.insertCondition(tx, {
          caseId,
          conditionTypeId: type.id,
          parameters,
          effectiveFrom: input.effectiveFrom,
          effectiveTo: input.effectiveTo ?? null,
          orderedBy: input.orderedBy,
          supersedes: null,
          createdBy: actor.userId,
        });
        await syncConditionZones(tx, caseId, { by: actor.userId, now: context.now, write: true });
        return { id };
      });
    },

    /** A modification never overwrites: the current version ends the day before and the new one supersedes it. */
    async modify(context: RequestContext, conditionId: string, input: z.infer<typeof modifyConditionBody>): Promise<{ id: string }> {
      const actor = signedInActor(context);
      checkDates(input.effectiveFrom, input.effectiveTo);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const current = await queries.lockCondition(tx, conditionId);
        if (!current) throw notFound("Condition");
        const target = await loadCaseTarget(tx, current.case_id, true);
        authorize("case.write", target, { action: "condition.modify", recordType: "condition", recordId: conditionId });
        // Asked after the row lock, so a modification committed meanwhile is seen (the unique index on supersedes backs this up).
        const successor = await queries.findSuccessor(tx, conditionId);
        if (successor) throw supersededConflict(current, successor, "change");
        if (input.effectiveFrom <= current.effective_from) {
          throw badRequest("A modification takes effect after the current version started.", [
            { field: "effectiveFrom", message: "not after the current version's start" },
          ]);
        }
        const parameters = validateParameters(current.kind, input.parameters);
        const id = await queries.insertCondition(tx, {
          caseId: current.case_id,
          conditionTypeId: current.condition_type_id,
          parameters,
          effectiveFrom: input.effectiveFrom,
          effectiveTo: input.effectiveTo ?? null,
          orderedBy: input.orderedBy,
          supersedes: conditionId,
          createdBy: actor.userId,
        });
        // The new version's `supersedes` is the only link; the old one just ends the day before.
        await queries.endConditionBefore(tx, conditionId, input.effectiveFrom);
        // The old version's zones close from the new version's effective time; the new version's zones open then.
        await syncConditionZones(tx, current.case_id, { by: actor.userId, now: context.now, write: true });
        return { id };
      });
    },

    async setCompliance(context: RequestContext, conditionId: string, compliance: string): Promise<void> {
      await guarded(deps, context, async ({ tx, authorize }) => {
        const caseId = await queries.conditionCaseId(tx, conditionId);
        if (!caseId) throw notFound("Condition");
        authorize("case.write", await loadCaseTarget(tx, caseId, true), {
          action: "condition.compliance",
          recordType: "condition",
          recordId: conditionId,
          details: { compliance },
        });
        const previous = await queries.setCompliance(tx, conditionId, compliance);
        const source = { sourceType: "case_condition", sourceId: conditionId };
        if (compliance === "non_compliant" && previous !== "non_compliant") {
          await raiseEvent(tx, { ...source, caseId, kind: "condition_non_compliant", occurredAt: context.now, now: context.now });
        } else if (previous === "non_compliant" && (compliance === "pending" || compliance === "not_applicable")) {
          // Taken back to pending or not applicable, the marking was a mistake; marked compliant, it happened and is resolved.
          await withdrawEvents(tx, {
            ...source,
            kinds: ["condition_non_compliant"],
            latestOnly: true,
            reason: `Compliance changed to ${compliance.replace("_", " ")}`,
            now: context.now,
          });
        }
      });
    },

    /** Ends a condition (its current version): the last day it is in force. The reason is kept in the audit log. */
    async end(context: RequestContext, conditionId: string, input: z.infer<typeof endConditionBody>): Promise<void> {
      await guarded(deps, context, async ({ tx, authorize }) => {
        const current = await queries.lockCondition(tx, conditionId);
        if (!current) throw notFound("Condition");
        authorize("case.write", await loadCaseTarget(tx, current.case_id, true), {
          action: "condition.end",
          recordType: "condition",
          recordId: conditionId,
          details: { effectiveTo: input.effectiveTo, reason: input.reason },
        });
        const successor = await queries.findSuccessor(tx, conditionId);
        if (successor) throw supersededConflict(current, successor, "end");
        if (current.effective_to) throw endedConflict({ title: current.title, effective_to: current.effective_to });
        checkDates(current.effective_from, input.effectiveTo);
        await queries.endCondition(tx, conditionId, input.effectiveTo);
        await syncConditionZones(tx, current.case_id, { by: signedInActor(context).userId, now: context.now, write: true });
      });
    },

    /** Officers draft a request to the case's authority: the court (probation) or the parole board (parole). */
    async requestModification(
      context: RequestContext,
      caseId: string,
      input: z.infer<typeof modificationRequestBody>,
    ): Promise<ModificationRequest> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        authorize("case.write", target, { action: "condition.modification_requested", recordType: "case", recordId: caseId });
        const change = input.change ?? (input.conditionId ? "change" : "add");
        if (change !== "add" && !input.conditionId)
          throw badRequest("Say which condition to change or end.", [{ field: "conditionId", message: "required to change or end" }]);
        if (change === "add" && input.conditionId)
          throw badRequest("A request for a new condition names no existing one.", [
            { field: "conditionId", message: "not for a new condition" },
          ]);
        const type = await findConditionType(tx, input.conditionTypeId, actor.agencyId);
        if (input.conditionId) {
          const condition = await queries.lockCondition(tx, input.conditionId);
          if (!condition || condition.case_id !== caseId)
            throw badRequest("That condition is not on this case.", [{ field: "conditionId", message: "not on this case" }]);
          if (condition.condition_type_id !== type.id)
            throw badRequest("The request names another condition than the one to change.", [
              { field: "conditionTypeId", message: "not the condition's type" },
            ]);
        }
        // Ending asks for no parameters; the others are checked against the kind's schema now, not at the grant.
        const parameters = change === "end" ? {} : validateParameters(type.kind, input.proposedParameters, "proposedParameters");
        const id = await queries.insertModificationRequest(tx, {
          caseId,
          conditionId: input.conditionId ?? null,
          conditionTypeId: type.id,
          change,
          proposedParameters: parameters,
          justification: input.justification,
          createdBy: actor.userId,
          createdAt: context.now,
        });
        return (await queries.findModificationRequest(tx, id))!.request;
      });
    },

    async listModificationRequests(context: RequestContext, caseId: string): Promise<ModificationRequest[]> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("case.read", await loadCaseTarget(tx, caseId), {
          action: "condition.modification_requests_read",
          recordType: "case",
          recordId: caseId,
        });
        return queries.listModificationRequests(tx, caseId);
      });
    },

    /** The requests awaiting the actor's decision: submitted, on cases of the units the actor supervises. */
    async listPendingModificationRequests(context: RequestContext) {
      return guarded(deps, context, async ({ tx, visible }) => {
        const filter = visible("condition_request.decide", { agency: "c.agency_id", unit: "c.unit_id" }, 1, {
          action: "condition.modification_requests_pending",
          recordType: "condition_modification_request",
        });
        return queries.listPendingModificationRequests(tx, filter);
      });
    },

    /**
     * Submitting is the officer's; granting or denying is a supervisor's of the case's unit, never the requester's.
     * A grant applies the change from the day of the grant (the agency's date): a new condition, a new version of
     * the condition's current version, or its end, ordered by the case's authority.
     */
    async setModificationRequestStatus(context: RequestContext, requestId: string, status: RequestStatus): Promise<ModificationRequest> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const current = await queries.findModificationRequest(tx, requestId, true);
        if (!current) throw notFound("Modification request");
        const target = await loadCaseTarget(tx, current.case_id, true);
        const event = {
          action: "condition.modification_request_status",
          recordType: "condition_modification_request",
          recordId: requestId,
          details: { from: current.request.status, to: status },
        };
        const deciding = status === "granted" || status === "denied";
        if (deciding) {
          authorize("condition_request.decide", target, event);
          authorize("condition_request.not_own", { ...target, userId: current.created_by }, event);
        } else {
          authorize("case.write", target, event);
        }
        if (!allowedTransitions[current.request.status].includes(status)) throw requestMovedOn(current.request, status);
        const resultingConditionId =
          status === "granted" ? await applyGrant(tx, current.request, target.agencyId, actor.userId, context.now) : null;
        if (resultingConditionId) await syncConditionZones(tx, current.case_id, { by: actor.userId, now: context.now, write: true });
        await queries.setModificationRequestStatus(tx, requestId, {
          status,
          now: context.now,
          decidedBy: actor.userId,
          resultingConditionId,
        });
        // A submitted request awaits the unit's supervisors (a task of theirs) until one of them decides it.
        const source = { sourceType: "condition_modification_request", sourceId: requestId };
        if (status === "submitted") {
          await createTask(tx, {
            caseId: current.case_id,
            kind: "approval_requested",
            owner: { owner: "unit_supervisors" },
            due: { daysAfterSource: approvalDueDays },
            ...source,
            sourceOccurredAt: context.now,
            by: actor.userId,
            now: context.now,
          });
        } else if (deciding) {
          await closeTasksForSource(tx, { ...source, status: "done", reason: `Request ${status}`, by: actor.userId, now: context.now });
        }
        return (await queries.findModificationRequest(tx, requestId))!.request;
      });
    },
  };
}

export type ConditionsService = ReturnType<typeof createConditionsService>;
