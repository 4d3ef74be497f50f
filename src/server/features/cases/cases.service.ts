import type { z } from "zod";
import type { caseUpdateBody, closureReason, transferBody } from "../../../shared/contract/cases";
import { localDate } from "../../../shared/time/calendar-date";
import { loadCaseTarget, requireActiveOfficer } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import { claimVersion } from "../../platform/db/versioned";
import { badRequest, conflict } from "../../platform/errors";
import { refreshStandings } from "../contacts/contact-standing";
import { loadAgencyStandards } from "../contacts/contacts.queries";
import { closeTasksOfCase } from "../tasks/tasks";
import * as queries from "./cases.queries";

/** A closure reason as the tasks it closes say it. */
const closureReasonWords: Record<z.infer<typeof closureReason>, string> = {
  successful_completion: "supervision completed",
  early_discharge: "early discharge",
  revoked: "revoked",
  absconded: "absconded",
  deceased: "the person died",
  transferred: "transferred to another jurisdiction",
};

export function createCasesService(deps: FeatureDeps) {
  return {
    /** Which person a case belongs to, for links from notes and appointments. */
    async summary(context: RequestContext, caseId: string) {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId);
        authorize("case.read", target, { action: "case.read", recordType: "case", recordId: caseId });
        const row = await queries.findCaseSummary(tx, caseId);
        return { caseId, personId: target.personId, caseNumber: row!.case_number, personName: row!.person_name };
      });
    },

    /**
     * Moves a case to another officer (and their unit); the old assignment is kept as history and its access ends.
     * Given the case's version the supervisor saw: of two transfers at once, the second is a 409, never an overwrite.
     */
    async transfer(context: RequestContext, caseId: string, input: z.infer<typeof transferBody>): Promise<void> {
      const actor = signedInActor(context);
      await guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        authorize("case.transfer", target, {
          action: "case.transfer",
          recordType: "case",
          recordId: caseId,
          details: { toOfficer: input.officerId },
        });
        const officer = await requireActiveOfficer(
          tx,
          input.officerId,
          actor.agencyId,
          "officerId",
          "Transfer to an active officer of this agency.",
        );
        if (target.officerIds[0] === input.officerId)
          throw conflict("The case is already assigned to that officer.", [{ field: "officerId", message: "already assigned" }]);
        // After authorisation (a 409 must not reveal a record the actor may not see) and the checks of the body.
        await claimVersion(tx, {
          table: "supervision_case",
          id: caseId,
          expectedVersion: input.expectedVersion,
          actorId: actor.userId,
          now: context.now,
          what: "case",
        });
        // The old assignment is kept as history; co-officers belonged to it, the receiving unit adds its own.
        await queries.reassignCase(tx, {
          caseId,
          officerId: input.officerId,
          unitId: officer.unitId,
          reason: input.reason,
          assignedBy: actor.userId,
          now: context.now,
        });
      });
    },

    /**
     * Co-officers share the case (and its access) with the supervising officer; set by the unit supervisor, from the
     * case's version the page showed. Adding one who already works the case, or removing one who is not (or no
     * longer) a co-officer, is a 409 saying so: the page was out of date, and nothing is changed.
     */
    async setCoOfficer(
      context: RequestContext,
      caseId: string,
      officerId: string,
      present: boolean,
      expectedVersion: number,
    ): Promise<void> {
      const actor = signedInActor(context);
      await guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        authorize("case.transfer", target, {
          action: present ? "case.co_officer_added" : "case.co_officer_removed",
          recordType: "case",
          recordId: caseId,
          details: { officerId },
        });
        if (present) {
          await requireActiveOfficer(tx, officerId, actor.agencyId, "officerId", "A co-officer must be an active officer of this agency.");
          if (target.officerIds.includes(officerId)) {
            const name = (await queries.findUserName(tx, officerId, actor.agencyId)) ?? "That officer";
            const as = target.officerIds[0] === officerId ? "its supervising officer" : "a co-officer";
            throw conflict(`${name} already works this case, as ${as}.`, [{ field: "officerId", message: "already on the case" }]);
          }
        } else if (!target.officerIds.slice(1).includes(officerId)) {
          const name = (await queries.findUserName(tx, officerId, actor.agencyId)) ?? "That officer";
          const why =
            target.officerIds[0] === officerId
              ? `${name} is the case's supervising officer, not a co-officer: transfer the case instead.`
              : `${name} is not a co-officer of this case (removed already, or never added). Reload to see who works it.`;
          throw conflict(why, [{ field: "officerId", message: "not a co-officer of the case" }]);
        }
        await claimVersion(tx, {
          table: "supervision_case",
          id: caseId,
          expectedVersion,
          actorId: actor.userId,
          now: context.now,
          what: "case",
        });
        if (present) await queries.addCoOfficer(tx, caseId, officerId);
        else await queries.removeCoOfficer(tx, caseId, officerId);
      });
    },

    /**
     * Changes the level, risk, status, tags or expected end. A change of level, risk, status or tags needs a reason,
     * kept in the case's history with the old and new values; given the version it was made on, a stale change is a 409.
     */
    async update(context: RequestContext, caseId: string, changes: z.infer<typeof caseUpdateBody>): Promise<void> {
      await guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        authorize("case.write", target, {
          action: "case.update",
          recordType: "case",
          recordId: caseId,
          details: {
            fields: Object.keys(changes)
              .filter((field) => field !== "expectedVersion" && field !== "reason")
              .join(","),
            ...(changes.reason ? { reason: changes.reason } : {}),
          },
        });
        const current = await queries.findCase(tx, caseId);
        const closing = changes.status === "closed";
        // An absconding on record keeps the case on warrant status until the person is found (which records where
        // they are); only closing the case may end it otherwise.
        if (current!.status === "warrant" && changes.status && changes.status !== "warrant" && !closing) {
          if (await queries.hasOpenAbsconding(tx, caseId))
            throw conflict(
              "The person is recorded as absconded: record that they were found (Revocation and recall section) to end the warrant status.",
              [{ field: "status", message: "absconding on record" }],
            );
        }
        if (closing && (!changes.closureReason || !changes.actualEnd)) {
          throw badRequest("Closing a case needs the closure reason and the actual end date.", [
            ...(changes.closureReason ? [] : [{ field: "closureReason", message: "required when closing" }]),
            ...(changes.actualEnd ? [] : [{ field: "actualEnd", message: "required when closing" }]),
          ]);
        }
        if (!closing && (changes.closureReason || changes.actualEnd)) {
          throw badRequest("A closure reason and actual end date are given only when closing the case.", [
            { field: "status", message: "must be closed" },
          ]);
        }
        for (const [field, value] of [
          ["actualEnd", changes.actualEnd],
          ["expectedEnd", changes.expectedEnd],
        ] as const) {
          if (value && value < current!.supervision_start)
            throw badRequest(`The ${field} date is before the supervision start.`, [{ field, message: "before supervisionStart" }]);
        }
        const history = changedFields(current!, changes);
        if (history.length > 0 && !changes.reason) {
          throw badRequest("Give the reason for changing the case; it is kept in the case's history.", [
            { field: "reason", message: "give the reason for the change" },
          ]);
        }
        // After authorisation (a 409 must not reveal a record the actor may not see) and the checks of the body.
        await claimVersion(tx, {
          table: "supervision_case",
          id: caseId,
          expectedVersion: changes.expectedVersion,
          actorId: signedInActor(context).userId,
          now: context.now,
          what: "case",
        });
        const levelChanged = changes.supervisionLevel !== undefined && changes.supervisionLevel !== current!.supervision_level;
        const riskChanged = changes.riskLevel !== undefined && changes.riskLevel !== current!.risk_level;
        if (levelChanged || riskChanged) {
          const { timeZone } = await loadAgencyStandards(tx, target.agencyId);
          const effectiveOn = localDate(context.now, timeZone);
          // Level history prorates contact requirements in the month of the change; risk keeps a history too.
          if (levelChanged)
            await queries.recordLevelChange(tx, {
              caseId,
              level: changes.supervisionLevel!,
              previousLevel: current!.supervision_level,
              effectiveOn,
              changedBy: signedInActor(context).userId,
            });
          if (riskChanged)
            await queries.recordRiskChange(tx, {
              caseId,
              riskLevel: changes.riskLevel ?? null,
              previousRiskLevel: current!.risk_level,
              effectiveOn,
              changedBy: signedInActor(context).userId,
              cause: "manual",
              now: context.now,
            });
        }
        await queries.updateCase(tx, caseId, changes, context.now);
        // Level, tags and status move the contact standards (a closed case keeps no standing and no contact tasks).
        if (changes.supervisionLevel !== undefined || changes.tags !== undefined || changes.status !== undefined)
          await refreshStandings(tx, target.agencyId, [caseId], context.now, signedInActor(context).userId);
        // A closed case asks nothing more of anyone: its plan steps, follow-ups, approvals and assessments due go too
        // (after the contact standards, which close their own tasks with their own reason).
        if (closing && current!.status !== "closed") {
          await closeTasksOfCase(tx, {
            caseId,
            reason: `Case closed (${closureReasonWords[changes.closureReason!]})`,
            by: signedInActor(context).userId,
            now: context.now,
          });
        }
        if (changes.reason)
          await queries.recordCaseChanges(tx, {
            caseId,
            changes: history,
            reason: changes.reason,
            changedBy: signedInActor(context).userId,
            now: context.now,
          });
      });
    },
  };
}

/** Which of level, risk, status and tags the update really changes, old and new value in words the history can show. */
function changedFields(current: queries.CaseRow, changes: z.infer<typeof caseUpdateBody>): queries.CaseChange[] {
  const result: queries.CaseChange[] = [];
  const compare = (field: queries.CaseChange["field"], before: string | null, after: string | null | undefined) => {
    if (after !== undefined && after !== before) result.push({ field, oldValue: before, newValue: after });
  };
  compare("supervision_level", current.supervision_level, changes.supervisionLevel);
  compare("risk_level", current.risk_level, changes.riskLevel);
  compare("status", current.status, changes.status);
  const tagText = (tags: readonly string[]) => [...tags].sort().join(",");
  if (changes.tags) compare("tags", tagText(current.tags), tagText(changes.tags));
  return result;
}

export type CasesService = ReturnType<typeof createCasesService>;
