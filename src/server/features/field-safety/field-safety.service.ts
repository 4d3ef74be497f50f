import type { z } from "zod";
import type { startFieldVisitBody } from "../../../shared/contract/field-safety";
import { loadCaseTarget } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { appendAudit } from "../../platform/audit/audit";
import { type FeatureDeps, type PlatformDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { conflict, notFound } from "../../platform/errors";
import { notify } from "../notifications/notify";
import type { Colleague, FieldVisit } from "./field-safety.queries";
import * as queries from "./field-safety.queries";

async function findVisit(tx: Queryable, id: string): Promise<FieldVisit> {
  const visit = await queries.findVisit(tx, id);
  if (!visit) throw notFound("Field visit");
  return visit;
}

/** Whether visiting this case alone is against policy: high-risk tag, very high risk, or a violence or weapons caution. */
async function needsSecondOfficer(tx: Queryable, caseId: string): Promise<string | null> {
  const row = await queries.findCaseSafetyFlags(tx, caseId);
  if (row?.caution) return `a ${row.caution} caution`;
  if (row?.high_risk) return "a high-risk flag";
  return null;
}

export function createFieldSafetyService(deps: FeatureDeps) {
  return {
    async start(context: RequestContext, input: z.infer<typeof startFieldVisitBody>): Promise<FieldVisit> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize, record }) => {
        if (input.caseId) {
          const target = await loadCaseTarget(tx, input.caseId);
          authorize("case.read", target, { action: "field_visit.start", recordType: "case", recordId: input.caseId });
          const reason = await needsSecondOfficer(tx, input.caseId);
          if (reason && !input.secondOfficerId && !input.soloOverrideReason) {
            throw conflict(`This person has ${reason}: name a second officer for the visit, or give the reason for going alone.`, [
              { field: "secondOfficerId", message: `required because of ${reason}` },
            ]);
          }
        } else {
          record({
            action: "field_visit.start",
            outcome: "allowed",
            recordType: "user",
            recordId: actor.userId,
            justification: "own safety check-in",
          });
        }
        if (input.secondOfficerId) {
          const second = await queries.findUserStatus(tx, input.secondOfficerId);
          if (!second || second.agency_id !== actor.agencyId || second.disabled_at || input.secondOfficerId === actor.userId) {
            throw conflict("The second officer must be another active colleague.", [
              { field: "secondOfficerId", message: "not another active user" },
            ]);
          }
        }
        if (await queries.hasOpenVisit(tx, actor.userId))
          throw conflict("You are already checked in to a field visit; check out of it first.");
        const id = await queries.insertVisit(tx, {
          agencyId: actor.agencyId,
          officerId: actor.userId,
          caseId: input.caseId ?? null,
          location: input.location,
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          startedAt: context.now,
          expectedEndAt: new Date(context.now.getTime() + input.expectedMinutes * 60_000),
          secondOfficerId: input.secondOfficerId ?? null,
          soloOverrideReason: input.secondOfficerId ? null : (input.soloOverrideReason ?? null),
        });
        return findVisit(tx, id);
      });
    },

    /** Ends the officer's open visit; without one it is refused, never a silent success. */
    async checkOut(context: RequestContext): Promise<FieldVisit> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, record }) => {
        const openId = await queries.lockOpenVisitOf(tx, actor.userId);
        if (!openId) throw conflict("You have no field visit in progress to check out of.");
        await queries.checkOutVisit(tx, openId, context.now);
        record({
          action: "field_visit.check_out",
          outcome: "allowed",
          recordType: "field_visit",
          recordId: openId,
          justification: "own field visit",
        });
        return findVisit(tx, openId);
      });
    },

    /**
     * Who can go along as second officer: the agency's other active officers and supervisors, own unit first.
     * Officers have no staff list (user.list), so this answers only names, for this choice.
     */
    async colleagues(context: RequestContext): Promise<Colleague[]> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, record }) => {
        record({
          action: "field_visit.colleagues_list",
          outcome: "allowed",
          recordType: "user",
          justification: "choosing a second officer",
        });
        return queries.listColleagues(tx, actor.agencyId, actor.userId, actor.unitId);
      });
    },

    /** Open visits: an officer's own; a supervisor's unit; the agency's duty contact sees all. */
    async active(context: RequestContext): Promise<FieldVisit[]> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, record }) => {
        record({ action: "field_visit.list", outcome: "allowed", recordType: "field_visit", justification: "field safety board" });
        return queries.listOpenVisitsFollowedBy(tx, {
          agencyId: actor.agencyId,
          userId: actor.userId,
          isSupervisor: actor.roles.includes("supervisor"),
          unitId: actor.unitId,
        });
      });
    },

    /** A supervisor of the officer's unit or the duty contact takes charge of an escalation: it stops. */
    async acknowledge(context: RequestContext, visitId: string): Promise<FieldVisit> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const visit = await queries.lockVisitForAcknowledgement(tx, visitId);
        if (!visit || visit.agency_id !== actor.agencyId) throw notFound("Field visit");
        // Responsible for the officer's safety: a supervisor of the officer's unit or the duty contact (policy).
        authorize(
          "field_visit.acknowledge",
          { agencyId: visit.agency_id, unitId: visit.unit_id, userId: visit.duty_contact_user_id ?? undefined },
          { action: "field_visit.acknowledged", recordType: "field_visit", recordId: visitId },
        );
        if (visit.acknowledged_at) throw conflict("This escalation was already acknowledged.");
        await queries.acknowledgeVisit(tx, visitId, actor.userId, context.now);
        return findVisit(tx, visitId);
      });
    },
  };
}

/**
 * The escalation job: every open, unacknowledged visit past its expected end escalates, and again every
 * `field_escalation_minutes` until someone acknowledges it. Level 1 tells the officer, their unit's
 * supervisors and the duty contact; from level 2 every supervisor of the agency. SKIP LOCKED lets
 * several server instances run the job without notifying twice.
 */
export async function escalateOverdueFieldVisits(deps: Pick<PlatformDeps, "db">, now: Date): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const due = await queries.findOpenFieldVisitsPastDue(tx, now);
    for (const visit of due) {
      const level = visit.escalation_level + 1;
      const recipients = await queries.listEscalationRecipients(tx, visit, level);
      for (const recipient of recipients) {
        const isOfficer = recipient.id === visit.officer_id;
        await notify(tx, {
          userId: recipient.id,
          kind: "field_visit_overdue",
          title: isOfficer ? "Check out of your field visit" : `${visit.officer_name} has not checked out (level ${level})`,
          body: isOfficer
            ? `You were expected back from ${visit.location}. Check out now, or your supervisor will be alerted again.`
            : `${visit.officer_name} was expected back from a field visit at ${visit.location}. ${
                visit.officer_phone
                  ? `Call them on ${visit.officer_phone}`
                  : "Their user record has no phone number: reach them another way"
              }; acknowledge when you have taken charge.`,
          recordType: "field_visit",
          recordId: visit.id,
          urgent: true,
          now,
        });
      }
      await queries.recordEscalation(tx, visit.id, level, now);
      await appendAudit(
        tx,
        {
          agencyId: visit.agency_id,
          actorUserId: null,
          actorUsername: "system",
          sessionRef: null,
          ip: null,
          userAgent: "field safety job",
        },
        {
          action: "field_visit.escalated",
          outcome: "allowed",
          recordType: "field_visit",
          recordId: visit.id,
          details: { level, recipients: recipients.length },
        },
        now,
      );
    }
    return due.length;
  });
}

export type FieldSafetyService = ReturnType<typeof createFieldSafetyService>;
