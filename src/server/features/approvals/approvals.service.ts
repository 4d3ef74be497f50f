// The supervisor's approvals list (issue 13 §9): everything awaiting their decision on their unit's cases, read from
// the task model (the approval tasks that condition requests, assessment overrides and violation responses open for
// the unit's supervisors), each with where it is decided. A supervisor's own requests are never theirs to decide (the
// policy's notSelf rule on each decision), so they are left out here and only counted.
import type { ApprovalsList } from "../../../shared/contract/approvals";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import { badRequest } from "../../platform/errors";
import * as queries from "./approvals.queries";

export function createApprovalsService(deps: FeatureDeps) {
  return {
    async mine(context: RequestContext): Promise<ApprovalsList> {
      const actor = signedInActor(context);
      const unitId = actor.unitId;
      return guarded(deps, context, async ({ tx, authorize, visible }) => {
        const event = { action: "approval.list", recordType: "unit", recordId: unitId ?? undefined } as const;
        if (!unitId) {
          // Not a supervisor of any unit: refused (and audited) as any other reader without the permission.
          authorize("unit.approvals_read", { agencyId: actor.agencyId, unitId: null }, event);
          throw badRequest("You belong to no unit.", [{ field: "unitId", message: "none" }]);
        }
        authorize("unit.approvals_read", { agencyId: actor.agencyId, unitId }, event);
        const filter = visible("case.read", { agency: "c.agency_id", unit: "c.unit_id", caseId: "c.id" }, 2, event);
        const rows = await queries.listStandingApprovals(tx, { unitId, filter });
        const own = rows.filter((row) => row.requested_by === actor.userId);
        return { items: rows.filter((row) => row.requested_by !== actor.userId).map((row) => row.item), ownWaiting: own.length };
      });
    },
  };
}

export type ApprovalsService = ReturnType<typeof createApprovalsService>;
