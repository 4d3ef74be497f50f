// The one path by which a case's supervision level and risk level change when something other than the Supervision
// form sets them (a completed assessment, an approved override, later an event): the same level history that
// prorates the contact standards, the risk level history, the case's change history with the reason in words, and
// the contact-standard status table refreshed in the same transaction, exactly as a change made by hand.
import type { z } from "zod";
import type { riskLevel, supervisionLevel } from "../../../shared/contract/cases";
import { localDate } from "../../../shared/time/calendar-date";
import type { Queryable } from "../../platform/db/database";
import { refreshStandings } from "../contacts/contact-standing";
import { loadAgencyStandards } from "../contacts/contacts.queries";
import * as queries from "./cases.queries";

type Level = z.infer<typeof supervisionLevel>;
type Risk = z.infer<typeof riskLevel>;

export type LevelChangeResult = {
  levelChanged: boolean;
  riskChanged: boolean;
  previousLevel: string;
  previousRiskLevel: string | null;
};

/**
 * Sets the level and/or risk level of a case from `cause`. Either may be left out (undefined: unchanged); setting
 * the value the case already has records nothing. Answers what changed.
 */
export async function applyCaseLevels(
  tx: Queryable,
  input: {
    caseId: string;
    agencyId: string;
    supervisionLevel?: Level | undefined;
    riskLevel?: Risk | null | undefined;
    cause: Exclude<queries.LevelCause, "intake" | "manual">;
    assessmentId?: string | null;
    overrideId?: string | null;
    /** Kept in the case's history beside the old and new values. */
    reason: string;
    by: string | null;
    now: Date;
  },
): Promise<LevelChangeResult> {
  const current = (await queries.findCase(tx, input.caseId))!;
  const levelChanged = input.supervisionLevel !== undefined && input.supervisionLevel !== current.supervision_level;
  const riskChanged = input.riskLevel !== undefined && input.riskLevel !== current.risk_level;
  const result = { levelChanged, riskChanged, previousLevel: current.supervision_level, previousRiskLevel: current.risk_level };
  if (!levelChanged && !riskChanged) return result;
  const { timeZone } = await loadAgencyStandards(tx, input.agencyId);
  const effectiveOn = localDate(input.now, timeZone);
  if (levelChanged) {
    await queries.recordLevelChange(tx, {
      caseId: input.caseId,
      level: input.supervisionLevel!,
      previousLevel: current.supervision_level,
      effectiveOn,
      changedBy: input.by,
      cause: input.cause,
      assessmentId: input.assessmentId ?? null,
      overrideId: input.overrideId ?? null,
    });
  }
  if (riskChanged) {
    await queries.recordRiskChange(tx, {
      caseId: input.caseId,
      riskLevel: input.riskLevel ?? null,
      previousRiskLevel: current.risk_level,
      effectiveOn,
      changedBy: input.by,
      cause: input.cause,
      assessmentId: input.assessmentId ?? null,
      now: input.now,
    });
  }
  await queries.updateCase(
    tx,
    input.caseId,
    { ...(levelChanged ? { supervisionLevel: input.supervisionLevel } : {}), ...(riskChanged ? { riskLevel: input.riskLevel } : {}) },
    input.now,
  );
  await queries.bumpCaseVersion(tx, input.caseId, input.by, input.now);
  await queries.recordCaseChanges(tx, {
    caseId: input.caseId,
    changes: [
      ...(levelChanged
        ? [{ field: "supervision_level" as const, oldValue: current.supervision_level, newValue: input.supervisionLevel! }]
        : []),
      ...(riskChanged ? [{ field: "risk_level" as const, oldValue: current.risk_level, newValue: input.riskLevel ?? null }] : []),
    ],
    reason: input.reason.slice(0, 500),
    changedBy: input.by,
    now: input.now,
  });
  // The level drives the contact standards from today, prorated, exactly as a change made on the Supervision form.
  if (levelChanged) await refreshStandings(tx, input.agencyId, [input.caseId], input.now, input.by);
  return result;
}
