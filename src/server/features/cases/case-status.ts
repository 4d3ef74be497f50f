// The path by which another capability changes a case's status (absconding: warrant; found: active or in custody), as
// the case edit does: the status, the case's change history with its reason, a new version, and the contact standards
// refreshed (they ask for no contact while the case is not active).
import type { Queryable } from "../../platform/db/database";
import { refreshStandings } from "../contacts/contact-standing";
import * as queries from "./cases.queries";

export type CaseStatus = "pre_release" | "active" | "warrant" | "in_custody" | "tolled" | "closed";

export async function applyCaseStatus(
  tx: Queryable,
  input: { caseId: string; agencyId: string; from: CaseStatus; to: Exclude<CaseStatus, "closed">; reason: string; by: string; now: Date },
): Promise<void> {
  if (input.from === input.to) return;
  await queries.updateCase(tx, input.caseId, { status: input.to }, input.now);
  await queries.bumpCaseVersion(tx, input.caseId, input.by, input.now);
  await queries.recordCaseChanges(tx, {
    caseId: input.caseId,
    changes: [{ field: "status", oldValue: input.from, newValue: input.to }],
    reason: input.reason.slice(0, 500),
    changedBy: input.by,
    now: input.now,
  });
  await refreshStandings(tx, input.agencyId, [input.caseId], input.now, input.by);
}
