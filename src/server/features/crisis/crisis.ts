// What other capabilities call: an assessment's crisis flag opens a crisis record linked to the item that raised it.
import { type CrisisType, type FollowUpDefault, followUpDueOn } from "../../../shared/contract/crisis";
import type { InstrumentDefinition } from "../../../shared/instruments/definition";
import type { Queryable } from "../../platform/db/database";
import { createTask } from "../tasks/tasks";
import * as queries from "./crisis.queries";

/** The follow-ups a crisis starts with when the agency has set none: a check-in within a day, a follow-up within three. */
export const shippedFollowUpDefaults: FollowUpDefault[] = [
  { what: "Check in with the person", withinHours: 24 },
  { what: "Follow-up contact", withinHours: 72 },
];

export async function followUpDefaultsOf(tx: Queryable, agencyId: string): Promise<FollowUpDefault[]> {
  return (await queries.findFollowUpDefaults(tx, agencyId)) ?? shippedFollowUpDefaults;
}

/** Adds a follow-up to a crisis and its task for the case's officer (a crisis_follow_up task, source the follow-up). */
export async function addFollowUp(
  tx: Queryable,
  input: { crisisId: string; caseId: string; what: string; dueOn: string; by: string | null; now: Date },
): Promise<void> {
  const id = await queries.insertFollowUp(tx, input);
  await createTask(tx, {
    caseId: input.caseId,
    kind: "crisis_follow_up",
    owner: { owner: "case_officer" },
    due: input.dueOn,
    sourceType: "crisis_follow_up",
    sourceId: id,
    by: input.by,
    now: input.now,
  });
}

/** Which crisis each of the shipped instruments' crisis flags is. */
const crisisOfFlag: Record<string, CrisisType> = { suicide_risk: "suicide_risk", no_shelter_tonight: "housing_loss" };

/**
 * An assessment's crisis flag (the screener's suicide risk, no place to sleep tonight) opens a crisis record on the
 * case, linked to the assessment and the item that raised it, with the agency's default follow-ups; once per flag of
 * an assessment (saving again opens nothing). Called in the assessment's save, beside its crisis task.
 */
export async function openCrisesForFlags(
  tx: Queryable,
  input: {
    caseId: string;
    assessmentId: string;
    instrument: InstrumentDefinition;
    flags: readonly { id: string; label: string; severity: string; action: string }[];
    now: Date;
  },
): Promise<void> {
  const facts = await queries.findCaseFacts(tx, input.caseId);
  if (!facts || facts.status === "closed") return;
  for (const flag of input.flags) {
    const type = crisisOfFlag[flag.id];
    if (flag.severity !== "crisis" || !type) continue;
    const rule = input.instrument.flags.find((candidate) => candidate.id === flag.id)?.when[0];
    const item = input.instrument.domains.flatMap((domain) => domain.items).find((candidate) => candidate.id === rule?.item);
    const crisisId = await queries.insertCrisis(tx, {
      agencyId: facts.agency_id,
      caseId: input.caseId,
      type,
      occurredAt: input.now,
      description: `${flag.label}, raised by the ${input.instrument.title}. ${flag.action}`.slice(0, 4000),
      triggerEventId: null,
      trigger: {
        assessmentId: input.assessmentId,
        item: rule?.item ?? flag.id,
        flag: flag.id,
        detail: { instrumentTitle: input.instrument.title, itemPrompt: item?.prompt ?? null, flagLabel: flag.label },
      },
      recordedBy: null,
      by: null,
      now: input.now,
    });
    if (!crisisId) continue;
    for (const followUp of await followUpDefaultsOf(tx, facts.agency_id)) {
      await addFollowUp(tx, {
        crisisId,
        caseId: input.caseId,
        what: followUp.what,
        dueOn: followUpDueOn(input.now, followUp.withinHours, facts.time_zone),
        by: null,
        now: input.now,
      });
    }
  }
}
