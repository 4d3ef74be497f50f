import type { z } from "zod";
import { caseloadQuery } from "../../../shared/contract/caseload";
import type { TodayItem, TodayList, TodayTask, todayQuery, VisitReason } from "../../../shared/contract/today";
import { addDays, daysBetween, localDate } from "../../../shared/time/calendar-date";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import { badRequest } from "../../platform/errors";
import { loadCaseloadRows } from "../caseload/caseload.queries";
import { priorityReason, priorityScore, standingOf } from "../caseload/caseload.service";
import type { RequirementState } from "../contacts/contact-standards";
import { standingOfCases } from "../contacts/contact-standing";
import { loadAgencyStandards } from "../contacts/contacts.queries";
import {
  loadCasesVisitedOn,
  loadDayAppointments,
  loadDayTestSelections,
  loadFieldFacts,
  loadRouteStopLimit,
  ownCaseloadCondition,
} from "./today.queries";

const planningDays = 7;
const fieldAppointmentTypes = new Set(["scheduled_home_visit", "field_visit", "employment_visit"]);

/** Why an unannounced visit would help today: the field contact and home verification still open (facts; the client words them). */
export function visitSuggestionReasons(states: RequirementState[], date: string): VisitReason[] {
  const reasons: VisitReason[] = [];
  const field = states.find((state) => state.kind === "field" && state.status !== "met");
  if (field?.status === "overdue") reasons.push({ kind: "field_contact_overdue", dueBy: field.dueBy });
  else if (field)
    reasons.push({
      kind: "field_contacts_needed",
      required: field.required,
      done: field.done,
      dueBy: field.dueBy,
      daysLeft: daysBetween(date, field.dueBy),
    });
  const verification = states.find((state) => state.kind === "home_verification" && state.status !== "met");
  if (verification?.status === "overdue") reasons.push({ kind: "home_verification_overdue", dueBy: verification.dueBy });
  else if (verification)
    reasons.push({
      kind: "home_verification_due",
      movedIn: verification.periodStart,
      dueBy: verification.dueBy,
      daysLeft: daysBetween(date, verification.dueBy),
    });
  return reasons;
}

export function createTodayService(deps: FeatureDeps) {
  return {
    /**
     * The officer's worklist for a day: appointments, contacts overdue or due soon, drug tests drawn, and unannounced
     * visits suggested where a field contact or home verification is open, for their own cases, highest priority first.
     */
    async list(context: RequestContext, query: z.infer<typeof todayQuery>): Promise<TodayList> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, visible }) => {
        const filter = visible("case.read", { agency: "c.agency_id", unit: "c.unit_id", caseId: "c.id" }, 1, {
          action: "today.list",
          recordType: "case",
          details: { date: query.date ?? null },
        });
        const standards = await loadAgencyStandards(tx, actor.agencyId);
        const { timeZone } = standards;
        const today = localDate(context.now, timeZone);
        const date = query.date ?? today;
        if (date < today || date > addDays(today, planningDays)) {
          throw badRequest(`Plan today or one of the next ${planningDays} days (${today} to ${addDays(today, planningDays)}).`, [
            { field: "date", message: "outside the planning window" },
          ]);
        }
        const rows = await loadCaseloadRows(
          tx,
          { sql: `${filter.sql} AND ${ownCaseloadCondition(filter.params.length + 1)}`, params: [...filter.params, actor.userId] },
          caseloadQuery.parse({}),
        );
        const caseIds = rows.map((row) => row.case_id);
        // Standards as they will stand on the planned day, from what has been recorded so far.
        const evaluation = await standingOfCases(
          tx,
          actor.agencyId,
          caseIds,
          date === today ? context.now : new Date(`${date}T12:00:00Z`),
          standards,
        );
        const appointments = await loadDayAppointments(tx, actor.userId, date, timeZone);
        const selections = await loadDayTestSelections(tx, actor.agencyId, caseIds, date, timeZone);
        const visited = await loadCasesVisitedOn(tx, caseIds, date, timeZone);
        const fieldFacts = await loadFieldFacts(
          tx,
          rows.map((row) => row.person_id),
        );
        const factsByPerson = new Map(fieldFacts.map((facts) => [facts.person_id, facts]));

        const items: TodayItem[] = [];
        for (const row of rows) {
          const states = evaluation.states.get(row.case_id) ?? [];
          const tasks: TodayTask[] = appointments
            .filter((appointment) => appointment.case_id === row.case_id)
            .map((appointment) => ({
              kind: "appointment",
              appointmentId: appointment.id,
              appointmentType: appointment.appointment_type,
              startsAt: appointment.starts_at,
              endsAt: appointment.ends_at,
              location: appointment.location,
              status: appointment.status,
            }));
          const selection = selections.find((candidate) => candidate.case_id === row.case_id);
          if (selection) tasks.push({ kind: "drug_test", reason: "Selected in the random draw", tested: selection.tested });
          // Someone on a warrant, in custody or not yet released cannot be visited; their appointments still show.
          if (row.status === "active") {
            for (const state of states) {
              if (state.status === "overdue" || state.status === "due_soon") {
                tasks.push({
                  kind: "contact_due",
                  requirement: state.kind,
                  status: state.status,
                  dueBy: state.dueBy,
                  required: state.required,
                  done: state.done,
                });
              }
            }
            const address = factsByPerson.get(row.person_id)?.address;
            const fieldVisitPlanned = tasks.some((task) => task.kind === "appointment" && fieldAppointmentTypes.has(task.appointmentType));
            const reasons = visitSuggestionReasons(states, date);
            if (reasons.length > 0 && address && !fieldVisitPlanned && !visited.has(row.case_id))
              tasks.push({ kind: "suggested_unannounced_visit", reasons });
          }
          if (tasks.length === 0) continue;
          const standing = standingOf(states, date);
          const facts = factsByPerson.get(row.person_id);
          items.push({
            caseId: row.case_id,
            personId: row.person_id,
            personName: `${row.first_name} ${row.last_name}`,
            caseNumber: row.case_number,
            caseStatus: row.status,
            supervisionLevel: row.supervision_level,
            riskLevel: row.risk_level,
            priorityScore: priorityScore(row, standing),
            priorityReason: priorityReason(row, standing, date),
            tasks,
            address: facts?.address ?? null,
            phone: facts?.phone ?? null,
            cautions: facts?.cautions ?? [],
          });
        }
        items.sort((a, b) => b.priorityScore - a.priorityScore || a.personName.localeCompare(b.personName));
        return { date, timeZone, items, routeStopLimit: await loadRouteStopLimit(tx, actor.agencyId) };
      });
    },
  };
}

export type TodayService = ReturnType<typeof createTodayService>;
