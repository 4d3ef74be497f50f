// What the violation service and the event consumer share: the agency's settings as they stand (its own or the
// shipped defaults), and closing a violation's responses and tasks when it is withdrawn.
import {
  type MatrixRow,
  type ResponseKind,
  responseKindInfo,
  type ViolationSeverity,
  type ViolationType,
} from "../../../shared/contract/violations";
import type { Queryable } from "../../platform/db/database";
import { closeTasksForSources } from "../tasks/tasks";
import { defaultMatrixRows, defaultMatrixSource, defaultSeverities } from "./response-matrix";
import * as queries from "./violations.queries";

export type AgencyViolationSettings = {
  severities: Record<ViolationType, ViolationSeverity>;
  severitiesAreDefault: boolean;
  matrix: { rows: MatrixRow[]; isDefault: boolean; source: string; version: number };
};

/** The agency's severity table and matrix: its own where it saved them, else the shipped defaults (version 1). */
export async function loadSettings(tx: Queryable, agencyId: string, forUpdate = false): Promise<AgencyViolationSettings> {
  const own = await queries.listSeverities(tx, agencyId);
  const severities = { ...defaultSeverities };
  for (const row of own) severities[row.violation_type] = row.severity;
  const matrix = await queries.findMatrix(tx, agencyId, forUpdate);
  return {
    severities,
    severitiesAreDefault: own.length === 0,
    matrix: matrix
      ? { rows: matrix.rows, isDefault: false, source: "The agency's own matrix", version: matrix.version }
      : { rows: defaultMatrixRows, isDefault: true, source: defaultMatrixSource, version: 1 },
  };
}

export const responseLabel = (response: ResponseKind) => responseKindInfo[response].label.toLowerCase();

/**
 * A withdrawn violation's responses not yet carried out are cancelled, and their tasks (to carry out, to approve, and
 * the supervisors' escalation review a cancelled response set off) dismissed with the reason, in the caller's transaction.
 */
export async function cancelResponsesOf(
  tx: Queryable,
  input: { violationIds: string[]; reason: string; by: string | null; now: Date },
): Promise<void> {
  const cancelled = await queries.cancelStandingResponses(tx, input.violationIds);
  if (cancelled.length === 0) return;
  for (const kind of ["violation_response_due", "response_approval_requested", "enforcement_escalation"] as const) {
    await closeTasksForSources(tx, {
      sourceType: "violation_response",
      sourceIds: cancelled,
      kind,
      status: "dismissed",
      reason: input.reason.slice(0, 500),
      by: input.by,
      now: input.now,
    });
  }
}

/**
 * A decision left pending the person's explanation is settled once the officer acts on the violation: the account
 * recorded or a response chosen (done), or the violation closed or withdrawn. Its explanation_due task closes with it.
 */
export async function settleExplanationsDue(
  tx: Queryable,
  input: { violationId: string; status: "done" | "dismissed"; reason: string; by: string; now: Date },
): Promise<void> {
  const decisionIds = await queries.pendingExplanationDecisionsOf(tx, input.violationId);
  if (decisionIds.length === 0) return;
  await closeTasksForSources(tx, {
    sourceType: "enforcement_decision",
    sourceIds: decisionIds,
    kind: "explanation_due",
    status: input.status,
    reason: input.reason,
    by: input.by,
    now: input.now,
  });
}
