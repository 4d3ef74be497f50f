import type { z } from "zod";
import type { colleague, fieldVisit, startFieldVisitBody } from "../../../shared/contract/field-safety";
import { loadCaseTarget } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { appendAudit } from "../../platform/audit/audit";
import { type FeatureDeps, type PlatformDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";
import { conflict, notFound } from "../../platform/errors";

type FieldVisit = z.infer<typeof fieldVisit>;

const visitSelect = `SELECT json_build_object('id', v.id, 'officer', json_build_object('id', o.id, 'displayName', o.display_name, 'phone', o.phone),
    'caseId', v.case_id, 'location', v.location, 'latitude', v.latitude, 'longitude', v.longitude,
    'startedAt', ${instantText("v.started_at")}, 'expectedEndAt', ${instantText("v.expected_end_at")}, 'checkedOutAt', ${instantText("v.checked_out_at")},
    'secondOfficer', CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('id', s.id, 'displayName', s.display_name) END,
    'soloOverrideReason', v.solo_override_reason, 'escalationLevel', v.escalation_level, 'lastEscalatedAt', ${instantText("v.last_escalated_at")},
    'acknowledgedAt', ${instantText("v.acknowledged_at")}) AS visit
  FROM field_visit v JOIN app_user o ON o.id = v.officer_id LEFT JOIN app_user s ON s.id = v.second_officer_id`;

async function findVisit(tx: Queryable, id: string): Promise<FieldVisit> {
  const [row] = await tx.query<{ visit: FieldVisit }>(`${visitSelect} WHERE v.id = $1`, [id]);
  if (!row) throw notFound("Field visit");
  return row.visit;
}

/** Whether visiting this case alone is against policy: high-risk tag, very high risk, or a violence or weapons caution. */
async function needsSecondOfficer(tx: Queryable, caseId: string): Promise<string | null> {
  const [row] = await tx.query<{ high_risk: boolean; caution: string | null }>(
    `SELECT ('high_risk' = ANY (c.tags) OR c.risk_level = 'very_high') AS high_risk,
            (SELECT s.kind FROM safety_caution s WHERE s.person_id = c.person_id AND s.active AND s.kind IN ('violence', 'weapons') LIMIT 1) AS caution
       FROM supervision_case c WHERE c.id = $1`,
    [caseId],
  );
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
          const [second] = await tx.query<{ agency_id: string; disabled_at: Date | null }>(
            "SELECT agency_id, disabled_at FROM app_user WHERE id = $1",
            [input.secondOfficerId],
          );
          if (!second || second.agency_id !== actor.agencyId || second.disabled_at || input.secondOfficerId === actor.userId) {
            throw conflict("The second officer must be another active colleague.", [
              { field: "secondOfficerId", message: "not another active user" },
            ]);
          }
        }
        const open = await tx.query("SELECT 1 FROM field_visit WHERE officer_id = $1 AND checked_out_at IS NULL", [actor.userId]);
        if (open.length > 0) throw conflict("You are already checked in to a field visit; check out of it first.");
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO field_visit (agency_id, officer_id, case_id, location, latitude, longitude, started_at, expected_end_at, second_officer_id, solo_override_reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [
            actor.agencyId,
            actor.userId,
            input.caseId ?? null,
            input.location,
            input.latitude ?? null,
            input.longitude ?? null,
            context.now,
            new Date(context.now.getTime() + input.expectedMinutes * 60_000),
            input.secondOfficerId ?? null,
            input.secondOfficerId ? null : (input.soloOverrideReason ?? null),
          ],
        );
        return findVisit(tx, row!.id);
      });
    },

    /** Ends the officer's open visit; without one it is refused, never a silent success. */
    async checkOut(context: RequestContext): Promise<FieldVisit> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, record }) => {
        const [open] = await tx.query<{ id: string }>(
          "SELECT id FROM field_visit WHERE officer_id = $1 AND checked_out_at IS NULL FOR UPDATE",
          [actor.userId],
        );
        if (!open) throw conflict("You have no field visit in progress to check out of.");
        await tx.query("UPDATE field_visit SET checked_out_at = $2 WHERE id = $1", [open.id, context.now]);
        record({
          action: "field_visit.check_out",
          outcome: "allowed",
          recordType: "field_visit",
          recordId: open.id,
          justification: "own field visit",
        });
        return findVisit(tx, open.id);
      });
    },

    /**
     * Who can go along as second officer: the agency's other active officers and supervisors, own unit first.
     * Officers have no staff list (user.list), so this answers only names, for this choice.
     */
    async colleagues(context: RequestContext): Promise<z.infer<typeof colleague>[]> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, record }) => {
        record({
          action: "field_visit.colleagues_list",
          outcome: "allowed",
          recordType: "user",
          justification: "choosing a second officer",
        });
        return tx.query<z.infer<typeof colleague>>(
          `SELECT u.id, u.display_name AS "displayName", un.name AS "unitName", (u.unit_id IS NOT DISTINCT FROM $3::uuid) AS "sameUnit"
             FROM app_user u LEFT JOIN unit un ON un.id = u.unit_id
            WHERE u.agency_id = $1 AND u.id <> $2 AND u.disabled_at IS NULL AND u.roles && ARRAY['officer', 'supervisor']
            ORDER BY (u.unit_id IS NOT DISTINCT FROM $3::uuid) DESC, u.display_name`,
          [actor.agencyId, actor.userId, actor.unitId],
        );
      });
    },

    /** Open visits: an officer's own; a supervisor's unit; the agency's duty contact sees all. */
    async active(context: RequestContext): Promise<FieldVisit[]> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, record }) => {
        record({ action: "field_visit.list", outcome: "allowed", recordType: "field_visit", justification: "field safety board" });
        const rows = await tx.query<{ visit: FieldVisit }>(
          `${visitSelect} WHERE v.checked_out_at IS NULL AND v.agency_id = $1
             AND (v.officer_id = $2 OR ($3 AND o.unit_id = $4) OR EXISTS (SELECT 1 FROM agency a WHERE a.id = v.agency_id AND a.duty_contact_user_id = $2))
           ORDER BY v.expected_end_at`,
          [actor.agencyId, actor.userId, actor.roles.includes("supervisor"), actor.unitId],
        );
        return rows.map((row) => row.visit);
      });
    },

    /** A supervisor of the officer's unit or the duty contact takes charge of an escalation: it stops. */
    async acknowledge(context: RequestContext, visitId: string): Promise<FieldVisit> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const [visit] = await tx.query<{
          agency_id: string;
          unit_id: string | null;
          duty_contact_user_id: string | null;
          acknowledged_at: Date | null;
        }>(
          `SELECT v.agency_id, o.unit_id, a.duty_contact_user_id, v.acknowledged_at
             FROM field_visit v JOIN app_user o ON o.id = v.officer_id JOIN agency a ON a.id = v.agency_id WHERE v.id = $1 FOR UPDATE OF v`,
          [visitId],
        );
        if (!visit || visit.agency_id !== actor.agencyId) throw notFound("Field visit");
        // Responsible for the officer's safety: a supervisor of the officer's unit or the duty contact (policy).
        authorize(
          "field_visit.acknowledge",
          { agencyId: visit.agency_id, unitId: visit.unit_id, userId: visit.duty_contact_user_id ?? undefined },
          { action: "field_visit.acknowledged", recordType: "field_visit", recordId: visitId },
        );
        if (visit.acknowledged_at) throw conflict("This escalation was already acknowledged.");
        await tx.query("UPDATE field_visit SET acknowledged_by = $2, acknowledged_at = $3 WHERE id = $1", [
          visitId,
          actor.userId,
          context.now,
        ]);
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
    const due = await tx.query<{
      id: string;
      agency_id: string;
      officer_id: string;
      officer_name: string;
      officer_phone: string | null;
      unit_id: string | null;
      location: string;
      escalation_level: number;
      duty_contact_user_id: string | null;
    }>(
      `SELECT v.id, v.agency_id, v.officer_id, o.display_name AS officer_name, o.phone AS officer_phone, o.unit_id, v.location, v.escalation_level, a.duty_contact_user_id
         FROM field_visit v JOIN agency a ON a.id = v.agency_id JOIN app_user o ON o.id = v.officer_id
        WHERE v.checked_out_at IS NULL AND v.acknowledged_at IS NULL AND v.expected_end_at < $1
          AND (v.last_escalated_at IS NULL OR v.last_escalated_at <= $1::timestamptz - make_interval(mins => a.field_escalation_minutes))
        ORDER BY v.expected_end_at
        FOR UPDATE OF v SKIP LOCKED`,
      [now],
    );
    for (const visit of due) {
      const level = visit.escalation_level + 1;
      const recipients = await tx.query<{ id: string }>(
        `SELECT id FROM app_user WHERE agency_id = $1 AND disabled_at IS NULL AND 'supervisor' = ANY (roles) AND ($2 >= 2 OR unit_id = $3)
         UNION SELECT $4::uuid WHERE $4::uuid IS NOT NULL
         UNION SELECT $5::uuid WHERE $2 = 1`,
        [visit.agency_id, level, visit.unit_id, visit.duty_contact_user_id, visit.officer_id],
      );
      for (const recipient of recipients) {
        const isOfficer = recipient.id === visit.officer_id;
        await tx.query(
          `INSERT INTO notification (user_id, kind, title, body, record_type, record_id, urgent, created_at) VALUES ($1, 'field_visit_overdue', $2, $3, 'field_visit', $4, true, $5)`,
          [
            recipient.id,
            isOfficer ? "Check out of your field visit" : `${visit.officer_name} has not checked out (level ${level})`,
            isOfficer
              ? `You were expected back from ${visit.location}. Check out now, or your supervisor will be alerted again.`
              : `${visit.officer_name} was expected back from a field visit at ${visit.location}. ${
                  visit.officer_phone
                    ? `Call them on ${visit.officer_phone}`
                    : "Their user record has no phone number: reach them another way"
                }; acknowledge when you have taken charge.`,
            visit.id,
            now,
          ],
        );
      }
      await tx.query("UPDATE field_visit SET escalation_level = $2, last_escalated_at = $3 WHERE id = $1", [visit.id, level, now]);
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
