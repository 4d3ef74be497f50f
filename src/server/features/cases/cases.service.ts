import type { z } from "zod";
import type { caseUpdateBody, transferBody } from "../../../shared/contract/supervision";
import { localDate } from "../../../shared/time/calendar-date";
import { loadCaseTarget, requireActiveOfficer } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import { badRequest, conflict } from "../../platform/errors";
import { loadAgencyStandards } from "../contacts/contacts.queries";

type CaseRow = { status: string; supervision_level: string; supervision_start: string; expected_end: string | null };

export function createCasesService(deps: FeatureDeps) {
  return {
    /** Which person a case belongs to, for links from notes and appointments. */
    async summary(context: RequestContext, caseId: string) {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId);
        authorize("case.read", target, { action: "case.read", recordType: "case", recordId: caseId });
        const [row] = await tx.query<{ case_number: string; person_name: string }>(
          "SELECT c.case_number, p.first_name || ' ' || p.last_name AS person_name FROM supervision_case c JOIN person p ON p.id = c.person_id WHERE c.id = $1",
          [caseId],
        );
        return { caseId, personId: target.personId, caseNumber: row!.case_number, personName: row!.person_name };
      });
    },

    /** Moves a case to another officer (and their unit); the old assignment is kept as history and its access ends. */
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
        await tx.query("UPDATE case_assignment SET ended_at = $2 WHERE case_id = $1 AND ended_at IS NULL", [caseId, context.now]);
        await tx.query(
          "INSERT INTO case_assignment (case_id, officer_id, unit_id, started_at, reason, assigned_by) VALUES ($1, $2, $3, $4, $5, $6)",
          [caseId, input.officerId, officer.unitId, context.now, input.reason, actor.userId],
        );
        await tx.query("UPDATE supervision_case SET officer_id = $2, unit_id = $3, updated_at = $4 WHERE id = $1", [
          caseId,
          input.officerId,
          officer.unitId,
          context.now,
        ]);
        // Co-officers belonged to the old arrangement; the receiving unit adds its own.
        await tx.query("DELETE FROM case_co_officer WHERE case_id = $1", [caseId]);
      });
    },

    /** Co-officers share the case (and its access) with the supervising officer; set by the unit supervisor. */
    async setCoOfficer(context: RequestContext, caseId: string, officerId: string, present: boolean): Promise<void> {
      const actor = signedInActor(context);
      await guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        authorize("case.transfer", target, {
          action: present ? "case.co_officer_added" : "case.co_officer_removed",
          recordType: "case",
          recordId: caseId,
          details: { officerId },
        });
        if (!present) {
          await tx.query("DELETE FROM case_co_officer WHERE case_id = $1 AND officer_id = $2", [caseId, officerId]);
          return;
        }
        await requireActiveOfficer(tx, officerId, actor.agencyId, "officerId", "A co-officer must be an active officer of this agency.");
        if (target.officerIds.includes(officerId))
          throw conflict("That officer already works this case.", [{ field: "officerId", message: "already on the case" }]);
        await tx.query("INSERT INTO case_co_officer (case_id, officer_id) VALUES ($1, $2)", [caseId, officerId]);
      });
    },

    async update(context: RequestContext, caseId: string, changes: z.infer<typeof caseUpdateBody>): Promise<void> {
      await guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        authorize("case.write", target, {
          action: "case.update",
          recordType: "case",
          recordId: caseId,
          details: { fields: Object.keys(changes).join(",") },
        });
        const [current] = await tx.query<CaseRow>(
          "SELECT status, supervision_level, to_char(supervision_start, 'YYYY-MM-DD') AS supervision_start, to_char(expected_end, 'YYYY-MM-DD') AS expected_end FROM supervision_case WHERE id = $1",
          [caseId],
        );
        const closing = changes.status === "closed";
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
        if (changes.supervisionLevel && changes.supervisionLevel !== current!.supervision_level) {
          // Level history prorates contact requirements in the month of the change.
          const { timeZone } = await loadAgencyStandards(tx, target.agencyId);
          await tx.query(
            `INSERT INTO case_level_change (case_id, supervision_level, effective_on)
             SELECT id, supervision_level, supervision_start FROM supervision_case
              WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM case_level_change WHERE case_id = $1)`,
            [caseId],
          );
          await tx.query("INSERT INTO case_level_change (case_id, supervision_level, effective_on, changed_by) VALUES ($1, $2, $3, $4)", [
            caseId,
            changes.supervisionLevel,
            localDate(context.now, timeZone),
            signedInActor(context).userId,
          ]);
        }
        await tx.query(
          `UPDATE supervision_case SET
             supervision_level = coalesce($2, supervision_level),
             risk_level = CASE WHEN $3 THEN $4 ELSE risk_level END,
             status = coalesce($5, status),
             closure_reason = CASE WHEN $5 IS NULL THEN closure_reason WHEN $5 = 'closed' THEN $6 ELSE NULL END,
             actual_end = CASE WHEN $5 IS NULL THEN actual_end WHEN $5 = 'closed' THEN $7::date ELSE NULL END,
             expected_end = CASE WHEN $8 THEN $9::date ELSE expected_end END,
             tags = coalesce($10, tags),
             updated_at = $11
           WHERE id = $1`,
          [
            caseId,
            changes.supervisionLevel ?? null,
            changes.riskLevel !== undefined,
            changes.riskLevel ?? null,
            changes.status ?? null,
            changes.closureReason ?? null,
            changes.actualEnd ?? null,
            changes.expectedEnd !== undefined,
            changes.expectedEnd ?? null,
            changes.tags ?? null,
            context.now,
          ],
        );
      });
    },
  };
}

export type CasesService = ReturnType<typeof createCasesService>;
