import type { z } from "zod";
import {
  type attachConditionBody,
  type ConditionKind,
  conditionParameters,
  type conditionTypeBody,
  type modificationRequest,
  type modificationRequestBody,
  type modificationRequestStatus,
  type modifyConditionBody,
} from "../../../shared/contract/supervision";
import { loadCaseTarget } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";
import { badRequest, conflict, type FieldIssue, notFound } from "../../platform/errors";

type ConditionTypeRow = {
  id: string;
  agency_id: string;
  code: string;
  title: string;
  kind: ConditionKind;
  is_standard: boolean;
  description: string | null;
};
type ModificationRequest = z.infer<typeof modificationRequest>;
type RequestStatus = z.infer<typeof modificationRequestStatus>;

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

const requestSelect = `SELECT json_build_object('id', r.id, 'caseId', r.case_id, 'conditionId', r.condition_id, 'conditionTypeId', r.condition_type_id,
    'proposedParameters', r.proposed_parameters, 'justification', r.justification, 'status', r.status,
    'createdAt', ${instantText("r.created_at")}, 'decidedAt', ${instantText("r.decided_at")}) AS request, r.case_id
  FROM condition_modification_request r`;

async function findConditionType(tx: Queryable, id: string, agencyId: string): Promise<ConditionTypeRow> {
  const [row] = await tx.query<ConditionTypeRow>("SELECT * FROM condition_type WHERE id = $1", [id]);
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
        const rows = await tx.query<ConditionTypeRow>("SELECT * FROM condition_type WHERE agency_id = $1 ORDER BY is_standard DESC, code", [
          actor.agencyId,
        ]);
        return rows.map(toConditionType);
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
        if ((await tx.query("SELECT 1 FROM condition_type WHERE agency_id = $1 AND code = $2", [actor.agencyId, input.code])).length > 0) {
          throw conflict(`The code ${input.code} is already in the catalogue.`, [{ field: "code", message: "already used" }]);
        }
        const [row] = await tx.query<ConditionTypeRow>(
          "INSERT INTO condition_type (agency_id, code, title, kind, is_standard, description) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *",
          [actor.agencyId, input.code, input.title, input.kind, input.isStandard, input.description ?? null],
        );
        return toConditionType(row!);
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
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO case_condition (case_id, condition_type_id, parameters, effective_from, effective_to, ordered_by, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [caseId, type.id, JSON.stringify(parameters), input.effectiveFrom, input.effectiveTo ?? null, input.orderedBy, actor.userId],
        );
        return { id: row!.id };
      });
    },

    /** A modification never overwrites: the current version ends the day before and the new one supersedes it. */
    async modify(context: RequestContext, conditionId: string, input: z.infer<typeof modifyConditionBody>): Promise<{ id: string }> {
      const actor = signedInActor(context);
      checkDates(input.effectiveFrom, input.effectiveTo);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const [current] = await tx.query<{
          case_id: string;
          kind: ConditionKind;
          condition_type_id: string;
          effective_from: string;
        }>(
          `SELECT cc.case_id, ct.kind, cc.condition_type_id, to_char(cc.effective_from, 'YYYY-MM-DD') AS effective_from
             FROM case_condition cc JOIN condition_type ct ON ct.id = cc.condition_type_id WHERE cc.id = $1 FOR UPDATE OF cc`,
          [conditionId],
        );
        if (!current) throw notFound("Condition");
        const target = await loadCaseTarget(tx, current.case_id, true);
        authorize("case.write", target, { action: "condition.modify", recordType: "condition", recordId: conditionId });
        // Asked after the row lock, so a modification committed meanwhile is seen (the unique index on supersedes backs this up).
        if ((await tx.query("SELECT 1 FROM case_condition WHERE supersedes = $1", [conditionId])).length > 0) {
          throw conflict("This version was already modified; modify the current version.");
        }
        if (input.effectiveFrom <= current.effective_from) {
          throw badRequest("A modification takes effect after the current version started.", [
            { field: "effectiveFrom", message: "not after the current version's start" },
          ]);
        }
        const parameters = validateParameters(current.kind, input.parameters);
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO case_condition (case_id, condition_type_id, parameters, effective_from, effective_to, ordered_by, supersedes, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [
            current.case_id,
            current.condition_type_id,
            JSON.stringify(parameters),
            input.effectiveFrom,
            input.effectiveTo ?? null,
            input.orderedBy,
            conditionId,
            actor.userId,
          ],
        );
        // The new version's `supersedes` is the only link; the old one just ends the day before.
        await tx.query("UPDATE case_condition SET effective_to = ($2::date - 1) WHERE id = $1", [conditionId, input.effectiveFrom]);
        return { id: row!.id };
      });
    },

    async setCompliance(context: RequestContext, conditionId: string, compliance: string): Promise<void> {
      await guarded(deps, context, async ({ tx, authorize }) => {
        const [row] = await tx.query<{ case_id: string }>("SELECT case_id FROM case_condition WHERE id = $1", [conditionId]);
        if (!row) throw notFound("Condition");
        authorize("case.write", await loadCaseTarget(tx, row.case_id, true), {
          action: "condition.compliance",
          recordType: "condition",
          recordId: conditionId,
          details: { compliance },
        });
        await tx.query("UPDATE case_condition SET compliance = $2 WHERE id = $1", [conditionId, compliance]);
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
        const [supervision] = await tx.query<{ supervision_type: string }>("SELECT supervision_type FROM supervision_case WHERE id = $1", [
          caseId,
        ]);
        if (supervision!.supervision_type !== "probation") {
          throw conflict("Parole conditions are set by the parole board; court modification requests are for probation cases.");
        }
        const type = await findConditionType(tx, input.conditionTypeId, actor.agencyId);
        const parameters = validateParameters(type.kind, input.proposedParameters, "proposedParameters");
        if (input.conditionId) {
          const existing = await tx.query("SELECT 1 FROM case_condition WHERE id = $1 AND case_id = $2", [input.conditionId, caseId]);
          if (existing.length === 0)
            throw badRequest("That condition is not on this case.", [{ field: "conditionId", message: "not on this case" }]);
        }
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO condition_modification_request (case_id, condition_id, condition_type_id, proposed_parameters, justification, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [caseId, input.conditionId ?? null, type.id, JSON.stringify(parameters), input.justification, actor.userId, context.now],
        );
        return (await tx.query<{ request: ModificationRequest }>(`${requestSelect} WHERE r.id = $1`, [row!.id]))[0]!.request;
      });
    },

    async listModificationRequests(context: RequestContext, caseId: string): Promise<ModificationRequest[]> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("case.read", await loadCaseTarget(tx, caseId), {
          action: "condition.modification_requests_read",
          recordType: "case",
          recordId: caseId,
        });
        return (
          await tx.query<{ request: ModificationRequest }>(`${requestSelect} WHERE r.case_id = $1 ORDER BY r.created_at DESC`, [caseId])
        ).map((row) => row.request);
      });
    },

    async setModificationRequestStatus(context: RequestContext, requestId: string, status: RequestStatus): Promise<ModificationRequest> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const [current] = await tx.query<{ request: ModificationRequest; case_id: string }>(
          `${requestSelect} WHERE r.id = $1 FOR UPDATE OF r`,
          [requestId],
        );
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
        await tx.query(
          "UPDATE condition_modification_request SET status = $2, decided_at = CASE WHEN $2 IN ('granted', 'denied') THEN $3::timestamptz END WHERE id = $1",
          [requestId, status, context.now],
        );
        return (await tx.query<{ request: ModificationRequest }>(`${requestSelect} WHERE r.id = $1`, [requestId]))[0]!.request;
      });
    },
  };
}

export type ConditionsService = ReturnType<typeof createConditionsService>;
