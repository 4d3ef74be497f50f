import type { z } from "zod";
import {
  type CaseCrises,
  type Crisis,
  type CrisisContact,
  type CrisisSettings,
  type checklistEntryBody,
  type closeCrisisBody,
  type crisisCall,
  crisisTriggerEventKinds,
  type followUpDefaultsBody,
  type newCrisisBody,
  type newCrisisContactBody,
  type newFollowUpBody,
  type updateCrisisContactBody,
} from "../../../shared/contract/crisis";
import { addDays, localDate } from "../../../shared/time/calendar-date";
import { loadCaseTarget } from "../../platform/access/case-access";
import { type Guard, guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { claimVersion } from "../../platform/db/versioned";
import { badRequest, conflict, notFound } from "../../platform/errors";
import { closeTasksForSource, closeTasksForSources } from "../tasks/tasks";
import { addFollowUp, followUpDefaultsOf, shippedFollowUpDefaults } from "./crisis";
import * as queries from "./crisis.queries";

/** A follow-up is due within this many days at most; later, it is not a crisis response. */
const maxFollowUpDays = 90;
/** How far back the form offers supervision events as a crisis's trigger. */
const linkableEventDays = 30;
/** A crisis or a call may be dated a few minutes ahead (a clock a little fast), never later. */
const futureSlackMs = 5 * 60_000;

const closedCase = () =>
  conflict("The case is closed: crises are not recorded on a closed case.", [{ field: "caseId", message: "case closed" }]);
const closedCrisis = () => conflict("This crisis is closed; it no longer changes.", [{ field: "status", message: "closed" }]);

type Call = z.infer<typeof crisisCall>;

export function createCrisisService(deps: FeatureDeps) {
  async function caseFacts(tx: Queryable, caseId: string) {
    const facts = await queries.findCaseFacts(tx, caseId);
    if (!facts) throw notFound("Case");
    return facts;
  }

  function checkFollowUps(followUps: readonly z.infer<typeof newFollowUpBody>[], today: string, field: (index: number) => string) {
    const latest = addDays(today, maxFollowUpDays);
    const issues = followUps.flatMap((followUp, index) =>
      followUp.dueOn < today
        ? [{ field: field(index), message: "in the past" }]
        : followUp.dueOn > latest
          ? [{ field: field(index), message: `more than ${maxFollowUpDays} days ahead` }]
          : [],
    );
    if (issues.length > 0) throw badRequest(`A follow-up is due from today and within ${maxFollowUpDays} days.`, issues);
  }

  /** A call's contact must be one of the agency's crisis contacts (the name and phone are kept as they were). */
  async function callEntry(tx: Queryable, call: Call, agencyId: string, field: string, now: Date) {
    if (new Date(call.at).getTime() > now.getTime() + futureSlackMs)
      throw badRequest("A call cannot be dated in the future.", [{ field: `${field}.at`, message: "in the future" }]);
    if (!call.contactId) return { name: call.name!, phone: null, contactId: null, calledAt: call.at };
    const contact = await queries.findContact(tx, call.contactId);
    if (!contact || contact.agency_id !== agencyId)
      throw badRequest("Choose one of the agency's crisis contacts.", [{ field: `${field}.contactId`, message: "not a crisis contact" }]);
    // The stored name holds 300 characters; a contact's name and service together may hold more.
    return { name: `${contact.name} (${contact.service})`.slice(0, 300), phone: contact.phone, contactId: contact.id, calledAt: call.at };
  }

  /** Locks the crisis's case and the crisis, authorises the change (case.write of its case); a closed case or crisis is a 409. */
  async function lockForChange(
    tx: Queryable,
    authorize: Guard["authorize"],
    id: string,
    action: string,
    details?: Record<string, string | number | boolean | null>,
  ) {
    const caseId = await queries.findCrisisCaseId(tx, id);
    if (!caseId) throw notFound("Crisis");
    authorize("case.write", await loadCaseTarget(tx, caseId, true), { action, recordType: "crisis", recordId: id, details });
    const crisis = (await queries.lockCrisis(tx, id))!;
    const facts = await caseFacts(tx, caseId);
    if (facts.status === "closed") throw closedCase();
    if (crisis.status === "closed") throw closedCrisis();
    return { caseId, crisis, facts };
  }

  async function readCrisis(tx: Queryable, id: string): Promise<Crisis> {
    return (await queries.findCrisis(tx, id))!;
  }

  function checkContact(input: z.infer<typeof newCrisisContactBody>) {
    if (!input.available24x7 && !input.hours)
      throw badRequest("Say when the contact answers, or mark it available 24/7.", [{ field: "hours", message: "required when not 24/7" }]);
  }

  async function checkUnit(tx: Queryable, agencyId: string, unitId: string | null) {
    if (unitId && !(await queries.unitOfAgency(tx, agencyId, unitId)))
      throw badRequest("Choose one of the agency's areas.", [{ field: "unitId", message: "not an area of the agency" }]);
  }

  async function settingsOf(tx: Queryable, agencyId: string): Promise<CrisisSettings> {
    const own = await queries.findFollowUpDefaults(tx, agencyId);
    return {
      contacts: await queries.listContacts(tx, agencyId),
      followUpDefaults: own ?? shippedFollowUpDefaults,
      followUpDefaultsAreShipped: own === null,
    };
  }

  return {
    /** The case's crises, the crisis contacts of its area, the follow-up defaults and the events a new one may name. */
    async listForCase(context: RequestContext, caseId: string): Promise<CaseCrises> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId);
        authorize("case.read", target, { action: "crisis.list", recordType: "case", recordId: caseId });
        const facts = await caseFacts(tx, caseId);
        return {
          crises: await queries.listCrisesOfCase(tx, caseId),
          contacts: await queries.listContactsForUnit(tx, facts.agency_id, facts.unit_id),
          followUpDefaults: await followUpDefaultsOf(tx, facts.agency_id),
          linkableEvents: await queries.listLinkableEvents(
            tx,
            caseId,
            crisisTriggerEventKinds,
            new Date(context.now.getTime() - linkableEventDays * 86_400_000),
          ),
        };
      });
    },

    /** Opens a crisis with its immediate checklist and follow-ups (each a task of the case's officer). */
    async open(context: RequestContext, caseId: string, input: z.infer<typeof newCrisisBody>): Promise<Crisis> {
      const actor = signedInActor(context);
      if (new Date(input.occurredAt).getTime() > context.now.getTime() + futureSlackMs)
        throw badRequest("A crisis cannot be dated in the future.", [{ field: "occurredAt", message: "in the future" }]);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("case.write", await loadCaseTarget(tx, caseId, true), {
          action: "crisis.opened",
          recordType: "case",
          recordId: caseId,
          details: { type: input.type },
        });
        const facts = await caseFacts(tx, caseId);
        if (facts.status === "closed") throw closedCase();
        checkFollowUps(input.followUps, localDate(context.now, facts.time_zone), (index) => `followUps.${index}.dueOn`);
        if (input.triggerEventId) {
          const event = await queries.findEvent(tx, input.triggerEventId);
          if (!event || event.case_id !== caseId || !(crisisTriggerEventKinds as readonly string[]).includes(event.kind))
            throw badRequest("The trigger must be one of this case's events listed on the form.", [
              { field: "triggerEventId", message: "not an event of this case that a crisis may name" },
            ]);
        }
        const calls = [];
        for (const [index, call] of input.checklist.calls.entries())
          calls.push(await callEntry(tx, call, facts.agency_id, `checklist.calls.${index}`, context.now));
        const id = (await queries.insertCrisis(tx, {
          agencyId: facts.agency_id,
          caseId,
          type: input.type,
          occurredAt: input.occurredAt,
          description: input.description,
          triggerEventId: input.triggerEventId ?? null,
          trigger: null,
          recordedBy: actor.userId,
          by: actor.userId,
          now: context.now,
        }))!;
        const entry = { crisisId: id, by: actor.userId, now: context.now };
        await queries.insertChecklistEntry(tx, { ...entry, item: "person_safe", answer: input.checklist.personSafe });
        for (const call of calls) await queries.insertChecklistEntry(tx, { ...entry, item: "called", ...call });
        if (input.checklist.referralTo)
          await queries.insertChecklistEntry(tx, { ...entry, item: "referral", name: input.checklist.referralTo });
        await queries.insertChecklistEntry(tx, {
          ...entry,
          item: "emergency_services",
          answer: input.checklist.emergencyServices,
          note: input.checklist.emergencyNote ?? null,
        });
        for (const followUp of input.followUps)
          await addFollowUp(tx, { crisisId: id, caseId, what: followUp.what, dueOn: followUp.dueOn, by: actor.userId, now: context.now });
        return readCrisis(tx, id);
      });
    },

    /** Records one checklist item after the crisis was opened (a later answer, another call, the referral made). */
    async recordChecklist(context: RequestContext, id: string, input: z.infer<typeof checklistEntryBody>): Promise<Crisis> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const { facts } = await lockForChange(tx, authorize, id, "crisis.checklist_recorded", { item: input.item });
        const entry = { crisisId: id, by: actor.userId, now: context.now, note: input.note ?? null };
        if (input.item === "called") {
          await queries.insertChecklistEntry(tx, {
            ...entry,
            item: "called",
            ...(await callEntry(tx, input.call, facts.agency_id, "call", context.now)),
          });
        } else if (input.item === "referral") {
          await queries.insertChecklistEntry(tx, { ...entry, item: "referral", name: input.to });
        } else {
          await queries.insertChecklistEntry(tx, { ...entry, item: input.item, answer: input.answer });
        }
        return readCrisis(tx, id);
      });
    },

    async addFollowUp(context: RequestContext, id: string, input: z.infer<typeof newFollowUpBody>): Promise<Crisis> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const { caseId, facts } = await lockForChange(tx, authorize, id, "crisis.follow_up_added", { dueOn: input.dueOn });
        checkFollowUps([input], localDate(context.now, facts.time_zone), () => "dueOn");
        await addFollowUp(tx, { crisisId: id, caseId, what: input.what, dueOn: input.dueOn, by: actor.userId, now: context.now });
        return readCrisis(tx, id);
      });
    },

    /**
     * Closes the crisis with its summary; its follow-ups still open are marked done, dismissed or kept as the officer
     * chose, and so is the crisis task of the assessment that opened it. The caseload's flag goes with it.
     */
    async close(context: RequestContext, id: string, input: z.infer<typeof closeCrisisBody>): Promise<Crisis> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const { caseId, crisis, facts } = await lockForChange(tx, authorize, id, "crisis.closed", { openFollowUps: input.openFollowUps });
        await claimVersion(tx, {
          table: "crisis",
          id,
          expectedVersion: input.expectedVersion,
          actorId: actor.userId,
          now: context.now,
          what: "crisis",
          timeZone: facts.time_zone,
        });
        await queries.closeCrisis(tx, id, { summary: input.summary, by: actor.userId, now: context.now });
        if (input.openFollowUps !== "keep") {
          const status = input.openFollowUps;
          const reason = status === "done" ? "Crisis closed: followed up" : "Crisis closed: no longer needed";
          await closeTasksForSources(tx, {
            sourceType: "crisis_follow_up",
            sourceIds: await queries.followUpIdsOf(tx, id),
            kind: "crisis_follow_up",
            status,
            reason,
            by: actor.userId,
            now: context.now,
          });
          if (crisis.trigger_assessment_id) {
            await closeTasksForSource(tx, {
              sourceType: "assessment",
              sourceId: crisis.trigger_assessment_id,
              caseId,
              kinds: ["crisis"],
              status,
              reason,
              by: actor.userId,
              now: context.now,
            });
          }
        }
        return readCrisis(tx, id);
      });
    },

    // ─── Crisis contacts and follow-up defaults (administrators) ─────────────────────────────────────────────────

    async settings(context: RequestContext): Promise<CrisisSettings> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "crisis_contacts.read",
          { agencyId: actor.agencyId },
          { action: "crisis_settings.read", recordType: "agency", recordId: actor.agencyId },
        );
        return settingsOf(tx, actor.agencyId);
      });
    },

    async addContact(context: RequestContext, input: z.infer<typeof newCrisisContactBody>): Promise<CrisisContact> {
      const actor = signedInActor(context);
      checkContact(input);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "crisis_contacts.manage",
          { agencyId: actor.agencyId },
          {
            action: "crisis_contact.created",
            recordType: "agency",
            recordId: actor.agencyId,
          },
        );
        await checkUnit(tx, actor.agencyId, input.unitId);
        const id = await queries.insertContact(tx, {
          ...input,
          hours: input.available24x7 ? null : (input.hours ?? null),
          agencyId: actor.agencyId,
          by: actor.userId,
          now: context.now,
        });
        return queries.readContact(tx, id);
      });
    },

    async updateContact(context: RequestContext, id: string, input: z.infer<typeof updateCrisisContactBody>): Promise<CrisisContact> {
      const actor = signedInActor(context);
      checkContact(input);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const current = await queries.findContact(tx, id);
        if (!current) throw notFound("Crisis contact");
        authorize(
          "crisis_contacts.manage",
          { agencyId: current.agency_id },
          {
            action: "crisis_contact.updated",
            recordType: "crisis_contact",
            recordId: id,
            details: { active: input.active },
          },
        );
        await checkUnit(tx, actor.agencyId, input.unitId);
        await claimVersion(tx, {
          table: "crisis_contact",
          id,
          expectedVersion: input.expectedVersion,
          actorId: actor.userId,
          now: context.now,
          what: "crisis contact",
        });
        await queries.updateContact(tx, id, { ...input, hours: input.available24x7 ? null : (input.hours ?? null) });
        return queries.readContact(tx, id);
      });
    },

    async setFollowUpDefaults(context: RequestContext, input: z.infer<typeof followUpDefaultsBody>): Promise<CrisisSettings> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "crisis_contacts.manage",
          { agencyId: actor.agencyId },
          {
            action: "crisis_settings.follow_ups_changed",
            recordType: "agency",
            recordId: actor.agencyId,
            details: { followUps: input.followUps.length },
          },
        );
        await queries.saveFollowUpDefaults(tx, actor.agencyId, input.followUps);
        return settingsOf(tx, actor.agencyId);
      });
    },
  };
}

export type CrisisService = ReturnType<typeof createCrisisService>;
