import type { z } from "zod";
import {
  type attachConditionBody,
  type ConditionKind,
  conditionParameters,
  type conditionTypeBody,
  type modificationRequestBody,
  type modifyConditionBody,
} from "../../../shared/contract/conditions";
import { loadCaseTarget } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { badRequest, conflict, type FieldIssue, notFound } from "../../platform/errors";
import type { ConditionTypeRow, ModificationRequest, RequestStatus } from "./conditions.queries";
import * as queries from "./conditions.queries";

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
        if (await queries.isSuperseded(tx, conditionId)) {
          throw conflict("This version was already modified; modify the current version.");
        }
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
        await queries.setCompliance(tx, conditionId, compliance);
      });
    },

    /** Probation officers draft a request for the court; parole conditions come from the board. */
    async requestModification(
      context: RequestContext,
      caseId: string,
      input: z.infer<typeof modificationRequestBody>,
    ): Promise<ModificationRequest> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        authorize("case.write", target, { action: "condition.modification_requested", recordType: "case", recordId: caseId });
        if ((await queries.caseSupervisionType(tx, caseId)) !== "probation") {
          throw conflict("Parole conditions are set by the parole board; court modification requests are for probation cases.");
        }
        const type = await findConditionType(tx, input.conditionTypeId, actor.agencyId);
        const parameters = validateParameters(type.kind, input.proposedParameters, "proposedParameters");
        if (input.conditionId) {
          if (!(await queries.isConditionOnCase(tx, input.conditionId, caseId)))
            throw badRequest("That condition is not on this case.", [{ field: "conditionId", message: "not on this case" }]);
        }
        const id = await queries.insertModificationRequest(tx, {
          caseId,
          conditionId: input.conditionId ?? null,
          conditionTypeId: type.id,
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

    async setModificationRequestStatus(context: RequestContext, requestId: string, status: RequestStatus): Promise<ModificationRequest> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const current = await queries.findModificationRequest(tx, requestId, true);
        if (!current) throw notFound("Modification request");
        authorize("case.write", await loadCaseTarget(tx, current.case_id, true), {
          action: "condition.modification_request_status",
          recordType: "condition_modification_request",
          recordId: requestId,
          details: { from: current.request.status, to: status },
        });
        if (!allowedTransitions[current.request.status].includes(status)) {
          throw conflict(`A ${current.request.status} request cannot become ${status}.`, [
            { field: "status", message: `not allowed after ${current.request.status}` },
          ]);
        }
        await queries.setModificationRequestStatus(tx, requestId, status, context.now);
        return (await queries.findModificationRequest(tx, requestId))!.request;
      });
    },
  };
}

export type ConditionsService = ReturnType<typeof createConditionsService>;
