import type { z } from "zod";
import { caseloadQuery } from "../../../shared/contract/caseload";
import type { TodayItem, TodayList, TodayTask, todayQuery, VisitReason } from "../../../shared/contract/today";
import { addDays, daysBetween, localDate } from "../../../shared/time/calendar-date";
import { guarded } from "../../platform/access/guarded";
import { appendAudit } from "../../platform/audit/audit";
import { type FeatureDeps, type PlatformDeps, type RequestContext, signedInActor } from "../../platform/context";
import { badRequest } from "../../platform/errors";
import type { Job } from "../../platform/jobs";
import { loadCaseloadRows } from "../caseload/caseload.queries";
import { priorityReason, priorityScore, standingOf } from "../caseload/caseload.service";
import { type RequirementState, statusOn } from "../contacts/contact-standards";
import { standingOfCases } from "../contacts/contact-standing";
import { loadAgencyStandards } from "../contacts/contacts.queries";
import { closeTasksForSource, createTask } from "../tasks/tasks";
import {
  type DayTaskRow,
  listActiveCasesPage,
  listAgencyTimeZones,
  loadCasesVisitedOn,
  loadDayTasks,
  loadFieldFacts,
  loadRouteStopLimit,
  loadStandingSuggestions,
  loadVisitFacts,
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

/**
 * A contact_due task as the worklist shows it, from the status row it was opened for: the requirement, its counts
 * and its status on the planned day. A missed period is overdue; so is a period that will have ended short by a
 * planned day after its end. Null when the row no longer asks for it (met, or gone: the next refresh closes it).
 */
function contactDueTaskOf(task: DayTaskRow, date: string): TodayTask | null {
  const row = task.standing;
  if (!row) return null;
  const timeline = { calm: row.calm_status, dueSoonFrom: row.due_soon_from, overdueFrom: row.overdue_from };
  const status = row.missed || date > row.period_end ? "overdue" : statusOn(timeline, date);
  if (status === "met") return null;
  return {
    kind: "contact_due",
    taskId: task.id,
    requirement: row.kind,
    status,
    dueBy: task.due_on,
    required: row.required,
    done: row.done,
  };
}

/** A standing task as the worklist shows it; null when it has nothing to show today (a suggestion whose reasons are met). */
function todayTaskOf(task: DayTaskRow, states: RequirementState[], date: string): TodayTask | null {
  switch (task.kind) {
    case "appointment":
      if (!task.appointment) return null;
      return {
        kind: "appointment",
        appointmentId: task.appointment.id,
        appointmentType: task.appointment.appointment_type,
        startsAt: task.appointment.starts_at,
        endsAt: task.appointment.ends_at,
        location: task.appointment.location,
        status: "scheduled",
      };
    case "drug_test_due":
      return { kind: "drug_test", reason: "Selected in the random draw", tested: false };
    case "suggested_unannounced_visit": {
      const reasons = visitSuggestionReasons(states, date);
      return reasons.length > 0 ? { kind: "suggested_unannounced_visit", reasons } : null;
    }
    case "missed_appointment_follow_up":
    case "no_show_follow_up":
    case "approval_requested":
    case "violation_response_due":
    case "response_approval_requested":
    case "crisis":
    case "explanation_due":
    case "crisis_follow_up":
    case "monitoring_alert":
      return { kind: "follow_up", taskId: task.id, taskKind: task.kind, dueOn: task.due_on, sourceOccurredAt: task.source_occurred_at };
    case "contact_due":
      return contactDueTaskOf(task, date);
    case "case_plan_step":
      // On My tasks and the person page's Case plan; the Today list keeps to the day's contacts and follow-ups.
      return null;
    case "acknowledge_achievement":
    // On My tasks and the person page's Incentives section, where the incentive is recorded.
    case "enforcement_escalation":
    // The supervisors' review: on My tasks, not a day's field work.
    case "early_discharge_approval_requested":
    case "early_discharge_request_to_board":
    case "early_discharge_request_to_court":
    case "revocation_decision_requested":
    case "revocation_emergency_decision":
    case "revocation_complete_file":
      // Decisions and paperwork, not a day's field work: My tasks and the person page's Early discharge section.
      return null;
    case "assessment_due":
      // Not a day's field work: the caseload's overdue-assessment filter, My tasks and the person page show it.
      return null;
  }
}

export function createTodayService(deps: FeatureDeps) {
  return {
    /**
     * The officer's worklist for a day: their standing tasks on their own cases due that day or overdue (snoozed ones
     * once their time has come) and the contacts the standards ask for (contact_due tasks), highest priority first.
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
          context.now,
        );
        const caseIds = rows.map((row) => row.case_id);
        // Standards as they will stand on the planned day, from what has been recorded so far: for the priority and the
        // reasons of a suggested visit (the contacts due themselves are tasks).
        const evaluation = await standingOfCases(
          tx,
          actor.agencyId,
          caseIds,
          date === today ? context.now : new Date(`${date}T12:00:00Z`),
          standards,
        );
        // A snooze shows again once its time has come: now, or by the end of a planned day.
        const visibleAt = date === today ? context.now : null;
        const dayTasks = await loadDayTasks(tx, { officerId: actor.userId, caseIds, date, today, timeZone, visibleAt });
        const fieldFacts = await loadFieldFacts(
          tx,
          rows.map((row) => row.person_id),
        );
        const factsByPerson = new Map(fieldFacts.map((facts) => [facts.person_id, facts]));

        const items: TodayItem[] = [];
        for (const row of rows) {
          const states = evaluation.states.get(row.case_id) ?? [];
          const tasks: TodayTask[] = [];
          const contactsDue: TodayTask[] = [];
          for (const task of dayTasks) {
            if (task.case_id !== row.case_id) continue;
            const shown = todayTaskOf(task, states, date);
            if (shown) (shown.kind === "contact_due" ? contactsDue : tasks).push(shown);
          }
          // The contacts due follow the day's appointments, tests and follow-ups, as the card has always listed them.
          tasks.push(...contactsDue);
          // Someone on a warrant, in custody or not yet released cannot be visited (the standards dismiss their
          // contact_due tasks); their appointments still show.
          if (row.status !== "active") removeFieldSuggestion(tasks);
          // A field visit booked for the day makes a suggested one needless.
          if (tasks.some((task) => task.kind === "appointment" && fieldAppointmentTypes.has(task.appointmentType)))
            removeFieldSuggestion(tasks);
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

function removeFieldSuggestion(tasks: TodayTask[]) {
  const index = tasks.findIndex((task) => task.kind === "suggested_unannounced_visit");
  if (index >= 0) tasks.splice(index, 1);
}

/**
 * The daily job that suggests unannounced visits (by the suggestion rules above): for each agency's active cases
 * with an address, a field contact or home verification open, no field contact recorded and no field visit booked
 * today, a task of the case's officer due today; a standing suggestion whose reasons are met is dismissed. A field
 * contact closes a suggestion as done (contacts.service). Creating one again is a no-op, so a rerun is harmless.
 */
export async function suggestUnannouncedVisits(deps: Pick<PlatformDeps, "db">, now: Date): Promise<number> {
  let changed = 0;
  for (const agency of await listAgencyTimeZones(deps.db)) {
    let afterId: string | null = null;
    for (;;) {
      const page: string[] = await listActiveCasesPage(deps.db, agency.id, afterId, suggestionBatch);
      if (page.length === 0) break;
      afterId = page[page.length - 1]!;
      changed += await deps.db.transaction(async (tx) => {
        const standards = await loadAgencyStandards(tx, agency.id);
        const date = localDate(now, standards.timeZone);
        const evaluation = await standingOfCases(tx, agency.id, page, now, standards);
        const visited = await loadCasesVisitedOn(tx, page, date, standards.timeZone);
        const facts = await loadVisitFacts(tx, page, date, standards.timeZone);
        const standing = await loadStandingSuggestions(tx, page);
        let created = 0;
        let dismissed = 0;
        for (const caseId of page) {
          const reasons = visitSuggestionReasons(evaluation.states.get(caseId) ?? [], date);
          const suggest =
            reasons.length > 0 && facts.withAddress.has(caseId) && !facts.fieldAppointment.has(caseId) && !visited.has(caseId);
          const source = { sourceType: "case", sourceId: caseId };
          if (suggest && !standing.has(caseId)) {
            const id = await createTask(tx, {
              caseId,
              kind: "suggested_unannounced_visit",
              owner: { owner: "case_officer" },
              due: date,
              ...source,
              by: null,
              now,
            });
            if (id) created++;
          } else if (reasons.length === 0 && standing.has(caseId)) {
            dismissed += await closeTasksForSource(tx, {
              ...source,
              kinds: ["suggested_unannounced_visit"],
              status: "dismissed",
              reason: "No longer needed: the field contact and home verification are met",
              by: null,
              now,
            });
          }
        }
        if (created + dismissed > 0) {
          await appendAudit(
            tx,
            {
              agencyId: agency.id,
              actorUserId: null,
              actorUsername: "system",
              sessionRef: null,
              ip: null,
              userAgent: "visit suggestion job",
            },
            {
              action: "task.suggested_visits",
              outcome: "allowed",
              recordType: "agency",
              recordId: agency.id,
              details: { created, dismissed },
            },
            now,
          );
        }
        return created + dismissed;
      });
    }
  }
  return changed;
}

const suggestionBatch = 1_000;

/** Runs once a day through the job queue (one instance enqueues it, one worker runs it). */
export const visitSuggestionJob = (deps: Pick<PlatformDeps, "db">): Job => ({
  name: "daily suggested unannounced visits",
  everyMs: 24 * 3_600_000,
  run: (now) => suggestUnannouncedVisits(deps, now),
});

export type TodayService = ReturnType<typeof createTodayService>;
