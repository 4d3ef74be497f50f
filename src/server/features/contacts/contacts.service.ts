import type { z } from "zod";
import type { Appointment, Contact, contactBody, contactStandards, contactStandardsBody } from "../../../shared/contract/contacts";
import { localDate } from "../../../shared/time/calendar-date";
import { loadCaseTarget } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import { badRequest, conflict } from "../../platform/errors";
import { raiseEvent, type SupervisionEvent, type SupervisionEventKind } from "../../platform/events/supervision-events";
import { closeTasksForSource } from "../tasks/tasks";
import { checkEnforcementInput, recordEnforcement } from "../violations/enforcement";
import { refreshStandings, refreshStandingsOfAgency, standingOfCases } from "./contact-standing";
import * as queries from "./contacts.queries";
import { loadAgencyStandards } from "./contacts.queries";

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
/** Contacts in the field: any of them answers a suggested unannounced visit. */
const fieldContactTypes = new Set(["scheduled_home_visit", "unannounced_home_visit", "field_visit", "employment_visit"]);
// A record of something that happened: a few minutes of clock difference are tolerated, the future is not.
const allowedClockSkewMs = 5 * 60_000;

/** What recording the contact makes of the appointment it fulfils. */
const appointmentStatusAfter = {
  completed: "completed",
  attempted: "missed",
  refused: "missed",
  no_show: "missed",
  cancelled: "cancelled",
} as const satisfies Record<z.infer<typeof contactBody>["outcome"], Appointment["status"]>;

/**
 * Why an appointment's task closed, in words for its history (a stored reason has no client to word a code): the
 * outcome recorded, with the way a missed appointment was missed.
 */
const appointmentTaskReason = {
  completed: "Outcome recorded: attended",
  attempted: "Outcome recorded: missed appointment (contact attempted)",
  refused: "Outcome recorded: missed appointment (refused)",
  no_show: "Outcome recorded: missed appointment (did not show)",
  cancelled: "Outcome recorded: cancelled",
} as const satisfies Record<z.infer<typeof contactBody>["outcome"], string>;

/** The supervision event a contact's outcome raises, if any. */
const contactEventKind: Partial<Record<z.infer<typeof contactBody>["outcome"], SupervisionEventKind>> = {
  no_show: "contact_no_show",
  refused: "contact_refused",
};

export function createContactsService(deps: FeatureDeps) {
  return {
    /**
     * Records a contact; a note narrative starts a draft note; a completed home visit verifies the current address.
     * A no-show or refusal raises its supervision event, and an appointment it leaves missed a missed-appointment one.
     */
    async record(context: RequestContext, caseId: string, input: z.infer<typeof contactBody>): Promise<Contact> {
      const actor = signedInActor(context);
      if (new Date(input.occurredAt).getTime() > context.now.getTime() + allowedClockSkewMs) {
        throw badRequest("The contact is dated in the future; schedule an appointment instead.", [
          { field: "occurredAt", message: "in the future" },
        ]);
      }
      if (input.enforcement) {
        const missed = input.appointmentId !== undefined && appointmentStatusAfter[input.outcome] === "missed";
        if (!missed && !contactEventKind[input.outcome])
          throw badRequest("An enforcement decision is taken on a missed appointment or a failed contact (no-show or refused).", [
            { field: "enforcement", message: "only with a missed appointment or failed contact" },
          ]);
        checkEnforcementInput(input.enforcement);
      }
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        authorize("case.write", target, {
          action: "contact.record",
          recordType: "case",
          recordId: caseId,
          details: { contactType: input.contactType, outcome: input.outcome, enforcement: input.enforcement?.decision ?? null },
        });
        // The events the outcome raises, for the enforcement decision taken with it.
        const raised: SupervisionEvent[] = [];
        const raise = async (event: Parameters<typeof raiseEvent>[1]) => {
          const id = await raiseEvent(tx, event);
          if (id)
            raised.push({
              id,
              caseId: event.caseId,
              kind: event.kind,
              sourceType: event.sourceType,
              sourceId: event.sourceId,
              countsAsPositive: false,
              details: event.details ?? null,
              occurredAt: new Date(event.occurredAt),
              withdrawnAt: null,
              withdrawnReason: null,
            });
        };
        let noteId: string | null = null;
        if (input.narrative) {
          noteId = await queries.insertContactNote(tx, {
            caseId,
            noteType: noteTypeFor[input.contactType]!,
            occurredAt: input.occurredAt,
            authorId: actor.userId,
            narrative: input.narrative,
            now: context.now,
          });
        }
        let verifiedAddressId: string | null = null;
        if (homeVisits.has(input.contactType) && input.outcome === "completed") {
          const standards = await loadAgencyStandards(tx, target.agencyId);
          verifiedAddressId =
            (await queries.verifyCurrentAddress(tx, target.personId, localDate(new Date(input.occurredAt), standards.timeZone))) ?? null;
        }
        const contactId = await queries.insertContact(tx, {
          caseId,
          contactType: input.contactType,
          occurredAt: input.occurredAt,
          location: input.location ?? null,
          peoplePresent: input.peoplePresent ?? null,
          outcome: input.outcome,
          officerId: actor.userId,
          noteId,
          verifiedAddressId,
          now: context.now,
        });
        if (input.appointmentId) {
          const fulfilled = await queries.fulfilAppointment(tx, {
            appointmentId: input.appointmentId,
            caseId,
            contactId,
            status: appointmentStatusAfter[input.outcome],
            now: context.now,
          });
          if (!fulfilled)
            throw conflict("That appointment is not a scheduled appointment of this case.", [
              { field: "appointmentId", message: "not scheduled for this case" },
            ]);
          const after = appointmentStatusAfter[input.outcome];
          await closeTasksForSource(tx, {
            sourceType: "appointment",
            sourceId: input.appointmentId,
            kinds: ["appointment"],
            status: after === "cancelled" ? "dismissed" : "done",
            reason: appointmentTaskReason[input.outcome],
            by: actor.userId,
            now: context.now,
          });
          if (appointmentStatusAfter[input.outcome] === "missed") {
            await raise({
              caseId,
              kind: "missed_appointment",
              sourceType: "appointment",
              sourceId: input.appointmentId,
              occurredAt: input.occurredAt,
              details: { outcome: input.outcome, contactId },
              now: context.now,
            });
          }
        }
        // Any field contact, whatever its outcome, answers a suggested unannounced visit (as the suggestion rules count it).
        if (fieldContactTypes.has(input.contactType)) {
          await closeTasksForSource(tx, {
            sourceType: "case",
            sourceId: caseId,
            kinds: ["suggested_unannounced_visit"],
            status: "done",
            reason: "A field contact was recorded",
            by: actor.userId,
            now: context.now,
          });
        }
        // Raised in the contact's transaction: the event exists exactly when the contact does.
        const eventKind = contactEventKind[input.outcome];
        if (eventKind) {
          await raise({
            caseId,
            kind: eventKind,
            sourceType: "contact",
            sourceId: contactId,
            occurredAt: input.occurredAt,
            details: { contactType: input.contactType },
            now: context.now,
          });
        }
        if (input.enforcement) {
          await recordEnforcement(tx, {
            caseId,
            contactId,
            appointmentId: input.appointmentId ?? null,
            events: raised,
            decision: input.enforcement,
            actor,
            now: context.now,
          });
        }
        // The case's standing moves with the contact, in its transaction (the contact_due tasks with it).
        await refreshStandings(tx, target.agencyId, [caseId], context.now, actor.userId);
        return (await queries.findContact(tx, contactId))!;
      });
    },

    async list(context: RequestContext, caseId: string): Promise<Contact[]> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("case.read", await loadCaseTarget(tx, caseId), { action: "contact.list", recordType: "case", recordId: caseId });
        return queries.listContactsOfCase(tx, caseId);
      });
    },

    async standardsForCase(context: RequestContext, caseId: string) {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId);
        authorize("case.read", target, { action: "contact.standards_read", recordType: "case", recordId: caseId });
        const evaluation = await standingOfCases(tx, target.agencyId, [caseId], context.now);
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
        await queries.replaceAgencyStandards(tx, actor.agencyId, input);
        // Every open case of the agency stands differently now: refreshed in this transaction, batch by batch.
        await refreshStandingsOfAgency(tx, actor.agencyId, context.now, actor.userId);
      });
      return this.getPolicy(context);
    },
  };
}

export type ContactsService = ReturnType<typeof createContactsService>;
