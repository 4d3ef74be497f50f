import type { z } from "zod";
import type { Appointment, Contact, contactBody, contactStandards, contactStandardsBody } from "../../../shared/contract/contacts";
import { localDate } from "../../../shared/time/calendar-date";
import { loadCaseTarget } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";
import { badRequest, conflict } from "../../platform/errors";
import { evaluateStandards, type RequirementState } from "./contact-standards";
import { type AgencyStandards, loadAgencyStandards, loadCaseFacts } from "./contacts.queries";

const noteTypeFor: Record<string, string> = {
  office_visit: "office",
  scheduled_home_visit: "home_visit",
  unannounced_home_visit: "home_visit",
  field_visit: "contact",
  employment_visit: "contact",
  collateral: "collateral",
  phone: "phone",
  video: "contact",
  remote_checkin: "contact",
};
const homeVisits = new Set(["scheduled_home_visit", "unannounced_home_visit"]);
// A record of something that happened: a few minutes of clock difference are tolerated, the future is not.
const allowedClockSkewMs = 5 * 60_000;

const contactSelect = `SELECT json_build_object('id', k.id, 'caseId', k.case_id, 'contactType', k.contact_type, 'occurredAt', ${instantText("k.occurred_at")},
    'location', k.location, 'peoplePresent', k.people_present, 'outcome', k.outcome,
    'officer', json_build_object('id', u.id, 'displayName', u.display_name), 'noteId', k.note_id, 'verifiedAddressId', k.verified_address_id) AS contact
  FROM contact k JOIN app_user u ON u.id = k.officer_id`;

/** Standards of many cases at once, for the caseload and the benchmark: four queries whatever the count. */
export async function evaluateCases(
  db: Queryable,
  agencyId: string,
  caseIds: readonly string[],
  now: Date,
  /** The agency's standards when the caller has read them already. */
  standards?: AgencyStandards,
): Promise<{ today: string; timeZone: string; states: Map<string, RequirementState[]> }> {
  standards ??= await loadAgencyStandards(db, agencyId);
  const today = localDate(now, standards.timeZone);
  const facts = await loadCaseFacts(db, caseIds, standards.policy, today, standards.timeZone);
  const states = new Map<string, RequirementState[]>();
  for (const [caseId, caseFacts] of facts) states.set(caseId, evaluateStandards(standards.policy, caseFacts, today));
  return { today, timeZone: standards.timeZone, states };
}

/** What recording the contact makes of the appointment it fulfils. */
const appointmentStatusAfter = {
  completed: "completed",
  attempted: "missed",
  refused: "missed",
  no_show: "missed",
  cancelled: "cancelled",
} as const satisfies Record<z.infer<typeof contactBody>["outcome"], Appointment["status"]>;

export function createContactsService(deps: FeatureDeps) {
  return {
    /** Records a contact; a note narrative starts a draft note; a completed home visit verifies the current address. */
    async record(context: RequestContext, caseId: string, input: z.infer<typeof contactBody>): Promise<Contact> {
      const actor = signedInActor(context);
      if (new Date(input.occurredAt).getTime() > context.now.getTime() + allowedClockSkewMs) {
        throw badRequest("The contact is dated in the future; schedule an appointment instead.", [
          { field: "occurredAt", message: "in the future" },
        ]);
      }
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        authorize("case.write", target, {
          action: "contact.record",
          recordType: "case",
          recordId: caseId,
          details: { contactType: input.contactType, outcome: input.outcome },
        });
        let noteId: string | null = null;
        if (input.narrative) {
          const [note] = await tx.query<{ id: string }>(
            "INSERT INTO case_note (case_id, note_type, occurred_at, author_id, narrative, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
            [caseId, noteTypeFor[input.contactType], input.occurredAt, actor.userId, input.narrative, context.now],
          );
          noteId = note!.id;
        }
        let verifiedAddressId: string | null = null;
        if (homeVisits.has(input.contactType) && input.outcome === "completed") {
          const standards = await loadAgencyStandards(tx, target.agencyId);
          const [address] = await tx.query<{ id: string }>(
            // A transient person's last known location is not a home: a visit there verifies nothing.
            `UPDATE person_address SET verification_status = 'verified', verified_on = $2, version = version + 1
              WHERE id = (SELECT id FROM person_address WHERE person_id = $1 AND moved_out IS NULL ORDER BY moved_in DESC, created_at DESC LIMIT 1)
                AND verification_status <> 'verified' AND kind <> 'transient' RETURNING id`,
            [target.personId, localDate(new Date(input.occurredAt), standards.timeZone)],
          );
          verifiedAddressId = address?.id ?? null;
        }
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO contact (case_id, contact_type, occurred_at, location, people_present, outcome, officer_id, note_id, verified_address_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [
            caseId,
            input.contactType,
            input.occurredAt,
            input.location ?? null,
            input.peoplePresent ?? null,
            input.outcome,
            actor.userId,
            noteId,
            verifiedAddressId,
            context.now,
          ],
        );
        if (input.appointmentId) {
          const updated = await tx.query(
            "UPDATE appointment SET status = $5, contact_id = $3, updated_at = $4 WHERE id = $1 AND case_id = $2 AND status = 'scheduled' RETURNING 1",
            [input.appointmentId, caseId, row!.id, context.now, appointmentStatusAfter[input.outcome]],
          );
          if (updated.length === 0)
            throw conflict("That appointment is not a scheduled appointment of this case.", [
              { field: "appointmentId", message: "not scheduled for this case" },
            ]);
        }
        return (await tx.query<{ contact: Contact }>(`${contactSelect} WHERE k.id = $1`, [row!.id]))[0]!.contact;
      });
    },

    async list(context: RequestContext, caseId: string): Promise<Contact[]> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("case.read", await loadCaseTarget(tx, caseId), { action: "contact.list", recordType: "case", recordId: caseId });
        return (
          await tx.query<{ contact: Contact }>(`${contactSelect} WHERE k.case_id = $1 ORDER BY k.occurred_at DESC LIMIT 200`, [caseId])
        ).map((row) => row.contact);
      });
    },

    async standardsForCase(context: RequestContext, caseId: string) {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId);
        authorize("case.read", target, { action: "contact.standards_read", recordType: "case", recordId: caseId });
        const evaluation = await evaluateCases(tx, target.agencyId, [caseId], context.now);
        return { today: evaluation.today, timeZone: evaluation.timeZone, states: evaluation.states.get(caseId) ?? [] };
      });
    },

    async getPolicy(context: RequestContext): Promise<z.infer<typeof contactStandards>> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "condition_catalogue.read",
          { agencyId: actor.agencyId },
          { action: "contact_standards.read", recordType: "agency", recordId: actor.agencyId },
        );
        const standards = await loadAgencyStandards(tx, actor.agencyId);
        return {
          isDefault: standards.isDefault,
          timeZone: standards.timeZone,
          homeVerificationDays: standards.policy.homeVerificationDays,
          dueSoonDays: standards.policy.dueSoonDays,
          requirements: standards.policy.requirements.map((rule) => ({
            supervisionLevel: rule.level,
            caseloadTag: rule.tag,
            kind: rule.kind,
            count: rule.count,
            periodMonths: rule.periodMonths,
          })),
        };
      });
    },

    /** Replaces the agency's contact standards as a whole: a new policy takes effect without a code change. */
    async setPolicy(context: RequestContext, input: z.infer<typeof contactStandardsBody>) {
      const actor = signedInActor(context);
      const keys = input.requirements.map((rule) => `${rule.supervisionLevel}/${rule.caseloadTag ?? ""}/${rule.kind}`);
      const duplicate = keys.find((key, index) => keys.indexOf(key) !== index);
      if (duplicate)
        throw badRequest(`Two rules for ${duplicate.replace("//", "/(any caseload)/")}.`, [
          { field: "requirements", message: `duplicate rule ${duplicate}` },
        ]);
      await guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "agency.manage",
          { agencyId: actor.agencyId },
          {
            action: "contact_standards.changed",
            recordType: "agency",
            recordId: actor.agencyId,
            details: { rules: input.requirements.length },
          },
        );
        await tx.query("DELETE FROM contact_requirement WHERE agency_id = $1", [actor.agencyId]);
        for (const rule of input.requirements) {
          await tx.query(
            "INSERT INTO contact_requirement (agency_id, supervision_level, caseload_tag, kind, contact_count, period_months) VALUES ($1, $2, $3, $4, $5, $6)",
            [actor.agencyId, rule.supervisionLevel, rule.caseloadTag, rule.kind, rule.count, rule.periodMonths],
          );
        }
        await tx.query("UPDATE agency SET time_zone = $2, home_verification_days = $3, due_soon_days = $4 WHERE id = $1", [
          actor.agencyId,
          input.timeZone,
          input.homeVerificationDays,
          input.dueSoonDays,
        ]);
      });
      return this.getPolicy(context);
    },
  };
}

export type ContactsService = ReturnType<typeof createContactsService>;
