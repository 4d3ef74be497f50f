// Contact-standard status kept current (issue 11): the status table (migration 020) holds, per case, requirement and
// period, what contact-standards.ts concluded and the dates on which its status turns by time alone, so the
// caseload, the person page, Today and the benchmark read the state of many cases instead of evaluating it.
//
// Writers: every change that moves a case's standing calls refreshStandings in its own transaction (a contact, a
// level, tag or status change, an address change or verification, a new case, the agency's standards), and the
// periodic job below opens new periods and opens or closes the contact_due tasks as days pass.
// Readers: standingOfCases. A case whose stored evaluation does not hold on the day asked (never evaluated, a period
// ended and the job has not run yet, a planned day in the next period) is evaluated on the spot from its facts with
// the same rules, so an answer never depends on whether the job has run; reads cannot store it (a read runs on a
// read-only connection), the job stores it at its next run.
import { standardKinds } from "../../../shared/contract/contact-requirements";
import type { ContactDueDetail } from "../../../shared/contract/tasks";
import { addDays, localDate } from "../../../shared/time/calendar-date";
import { type AuditEvent, appendAuditRows } from "../../platform/audit/audit";
import type { PlatformDeps } from "../../platform/context";
import type { Database, Queryable } from "../../platform/db/database";
import type { Job } from "../../platform/jobs";
import { closeTasksForSources, createCaseOfficerTasks, standingTasksOfCases } from "../tasks/tasks";
import { evaluateStandards, evaluationValidThrough, type RequirementState, requirementStatusOn, statusOn } from "./contact-standards";
import type { NewStandingRow, StandingRow } from "./contact-standing.queries";
import * as queries from "./contact-standing.queries";
import { type AgencyStandards, loadAgencyStandards, loadCaseFacts } from "./contacts.queries";

/** The source type of contact_due tasks: a row of the status table. */
export const standingSourceType = "contact_standing";

/** The contract's order of the kinds. */
const byKind = (a: RequirementState, b: RequirementState) => standardKinds.indexOf(a.kind) - standardKinds.indexOf(b.kind);

/** The rows that store a case's evaluation: one per requirement, and one for a missed previous period. */
function rowsOf(caseId: string, states: RequirementState[]): NewStandingRow[] {
  const rows: NewStandingRow[] = [];
  for (const state of states) {
    rows.push({
      case_id: caseId,
      kind: state.kind,
      period_start: state.periodStart,
      period_end: state.periodEnd,
      missed: false,
      required: state.required,
      done: state.done,
      due_by: state.dueBy,
      carried_over: state.carriedOver,
      calm_status: state.timeline.calm,
      due_soon_from: state.timeline.dueSoonFrom,
      overdue_from: state.timeline.overdueFrom,
    });
    const missed = state.missedPeriod;
    if (missed) {
      // Overdue from its first day: the period is over and it ended short.
      rows.push({
        case_id: caseId,
        kind: state.kind,
        period_start: missed.periodStart,
        period_end: missed.periodEnd,
        missed: true,
        required: missed.required,
        done: missed.done,
        due_by: missed.periodEnd,
        carried_over: false,
        calm_status: "due",
        due_soon_from: null,
        overdue_from: missed.periodStart,
      });
    }
  }
  return rows;
}

const timelineOf = (row: Pick<StandingRow, "calm_status" | "due_soon_from" | "overdue_from">) => ({
  calm: row.calm_status,
  dueSoonFrom: row.due_soon_from,
  overdueFrom: row.overdue_from,
});

/** A case's stored rows as the states evaluateStandards gave, with the statuses they have on `date`. */
function statesOf(rows: StandingRow[], date: string): RequirementState[] {
  const states: RequirementState[] = [];
  for (const row of rows) {
    if (row.missed) continue;
    const missed = rows.find((candidate) => candidate.missed && candidate.kind === row.kind);
    const timeline = timelineOf(row);
    states.push({
      kind: row.kind,
      periodStart: row.period_start,
      periodEnd: row.period_end,
      required: row.required,
      done: row.done,
      dueBy: row.due_by,
      status: requirementStatusOn({ carriedOver: row.carried_over, timeline }, date),
      carriedOver: row.carried_over,
      periodStatus: statusOn(timeline, date),
      missedPeriod: missed
        ? { periodStart: missed.period_start, periodEnd: missed.period_end, required: missed.required, done: missed.done }
        : null,
      timeline,
    });
  }
  return states.sort(byKind);
}

/**
 * Where many cases stand on the day of `now` (in the agency's time zone): read from the status table, or, for a
 * case whose stored evaluation does not hold that day, evaluated from its facts (see the top of this file).
 */
export async function standingOfCases(
  db: Queryable,
  agencyId: string,
  caseIds: readonly string[],
  now: Date,
  /** The agency's standards when the caller has read them already. */
  standards?: AgencyStandards,
): Promise<{ today: string; timeZone: string; states: Map<string, RequirementState[]> }> {
  standards ??= await loadAgencyStandards(db, agencyId);
  const today = localDate(now, standards.timeZone);
  const states = new Map<string, RequirementState[]>();
  if (caseIds.length === 0) return { today, timeZone: standards.timeZone, states };
  const stored = await queries.readStoredStandings(db, caseIds, today);
  const byCase = new Map<string, StandingRow[]>();
  for (const row of stored.rows) {
    const rows = byCase.get(row.case_id) ?? [];
    rows.push(row);
    byCase.set(row.case_id, rows);
  }
  const stale: string[] = [];
  for (const caseId of caseIds) {
    if (stored.fresh.has(caseId)) states.set(caseId, statesOf(byCase.get(caseId) ?? [], today));
    else stale.push(caseId);
  }
  if (stale.length > 0) {
    const facts = await loadCaseFacts(db, stale, standards.policy, today, standards.timeZone);
    for (const [caseId, caseFacts] of facts) states.set(caseId, evaluateStandards(standards.policy, caseFacts, today).sort(byKind));
  }
  return { today, timeZone: standards.timeZone, states };
}

/** A row's own status on a day (a missed period's is overdue). */
const rowStatus = (row: StandingRow, date: string) => statusOn(timelineOf(row), date);

/**
 * Whether a row asks for a contact_due task on `date`: its period is short and either overdue or due within the
 * agency's horizon (its "due soon" days), not months ahead.
 */
function wantsTask(row: StandingRow, date: string, horizonDays: number): boolean {
  const status = rowStatus(row, date);
  return status !== "met" && (status === "overdue" || date >= addDays(row.period_end, -horizonDays));
}

/** The first day after `date` on which a row's status or task changes by time alone, if any. */
function nextTurn(row: StandingRow, date: string, horizonDays: number): string | null {
  let next: string | null = null;
  for (const day of [row.due_soon_from, row.overdue_from, addDays(row.period_end, -horizonDays)])
    if (day !== null && day > date && (next === null || day < next)) next = day;
  return next;
}

/** A contact_due task refreshStandings opened or closed: what the periodic job audits as the system's change. */
export type StandingTaskChange = { taskId: string; caseId: string; change: "created" | "done" | "dismissed"; reason: string | null };

/**
 * Evaluates the cases on the day of `now` and stores the result in the caller's transaction: rows upserted by
 * (case, kind, period), rows no longer part of it deleted, each case's marker written, and the contact_due tasks
 * opened and closed to match. A closed case keeps nothing. `by` is the user whose change it is (null: the system).
 * Answers the task changes (a user's change is audited as that change; the periodic job audits its own).
 */
export async function refreshStandings(
  tx: Queryable,
  agencyId: string,
  caseIds: readonly string[],
  now: Date,
  by: string | null,
  standards?: AgencyStandards,
): Promise<StandingTaskChange[]> {
  if (caseIds.length === 0) return [];
  standards ??= await loadAgencyStandards(tx, agencyId);
  const { policy, timeZone } = standards;
  const today = localDate(now, timeZone);
  const cases = await queries.lockCases(tx, caseIds);
  const open = cases.filter((row) => row.status !== "closed").map((row) => row.id);
  const active = new Set(cases.filter((row) => row.status === "active").map((row) => row.id));
  const previous = await queries.storedStandingRows(tx, caseIds);
  const facts = await loadCaseFacts(tx, open, policy, today, timeZone);
  const rows: NewStandingRow[] = [];
  const validThrough = new Map<string, string>();
  for (const [caseId, caseFacts] of facts) {
    const states = evaluateStandards(policy, caseFacts, today);
    rows.push(...rowsOf(caseId, states));
    validThrough.set(caseId, evaluationValidThrough(caseFacts, states, today));
  }
  const written = await queries.upsertStandingRows(tx, rows, now);
  const kept = new Set(written.map((row) => row.id));
  const gone = previous.filter((row) => !kept.has(row.id));
  await queries.deleteStandingRows(
    tx,
    gone.map((row) => row.id),
  );
  const horizon = policy.dueSoonDays;
  const markers = [...validThrough].map(([caseId, through]) => {
    // No period to end (no count requirement): nothing turns by the calendar beyond the rows' own days.
    let next = through === endOfTime ? endOfTime : addDays(through, 1);
    for (const row of written) {
      const turn = row.case_id === caseId ? nextTurn(row, today, horizon) : null;
      if (turn !== null && turn < next) next = turn;
    }
    return { case_id: caseId, evaluated_on: today, valid_through: through, next_check_on: next };
  });
  await queries.writeCaseMarkers(tx, caseIds, markers);

  // The contact_due tasks follow the rows: one per row that wants it, due when the row's period ends.
  const tasks = new Map(
    (await standingTasksOfCases(tx, { caseIds, kind: "contact_due", sourceType: standingSourceType })).map((task) => [task.sourceId, task]),
  );
  // Closed in groups by outcome and reason, created in one statement: a batch of 1,000 cases costs a few statements.
  const closing = new Map<string, { status: "done" | "dismissed"; reason: string; sourceIds: string[] }>();
  const close = (row: StandingRow, status: "done" | "dismissed", reason: string) => {
    const group = closing.get(reason) ?? { status, reason, sourceIds: [] };
    group.sourceIds.push(row.id);
    closing.set(reason, group);
  };
  const opening: { caseId: string; sourceId: string; dueOn: string; detail: ContactDueDetail }[] = [];
  for (const row of written) {
    const task = tasks.get(row.id);
    const wanted = active.has(row.case_id) && wantsTask(row, today, horizon);
    if (task && (!wanted || task.dueOn !== row.period_end)) {
      if (rowStatus(row, today) === "met") close(row, "done", "The contacts required were made.");
      else if (!active.has(row.case_id)) close(row, "dismissed", "The case is not active.");
      else if (wanted) close(row, "dismissed", "The standard changed the day it is due.");
      else close(row, "dismissed", "The standard changed: no longer due within the planning horizon.");
    }
    if (wanted && (!task || task.dueOn !== row.period_end))
      opening.push({
        caseId: row.case_id,
        sourceId: row.id,
        dueOn: row.period_end,
        // Which requirement and period, so each task names its own (a new case has one per requirement).
        detail: { requirement: row.kind, missed: row.missed, periodStart: row.period_start, periodEnd: row.period_end },
      });
  }
  for (const row of gone) {
    if (!tasks.has(row.id)) continue;
    // A missed period is made up by a contact of its kind in the next period; otherwise the requirement went away
    // (the case closed, the level or address changed, the standard changed) or a later missed period replaced it.
    const current = written.find((candidate) => candidate.case_id === row.case_id && candidate.kind === row.kind && !candidate.missed);
    if (row.missed && current && current.done > 0) close(row, "done", "A contact of this kind was made in the next period.");
    else close(row, "dismissed", "The requirement no longer applies to this period.");
  }
  const changes: StandingTaskChange[] = [];
  for (const group of closing.values()) {
    const closed = await closeTasksForSources(tx, { sourceType: standingSourceType, kind: "contact_due", ...group, by, now });
    for (const task of closed) changes.push({ taskId: task.id, caseId: task.caseId, change: group.status, reason: group.reason });
  }
  const created = await createCaseOfficerTasks(tx, { kind: "contact_due", sourceType: standingSourceType, tasks: opening, by, now });
  for (const task of created) changes.push({ taskId: task.id, caseId: task.caseId, change: "created", reason: null });
  return changes;
}

const jobSource = (agencyId: string) => ({
  agencyId,
  actorUserId: null,
  actorUsername: "system",
  sessionRef: null,
  ip: null,
  userAgent: "contact standing job",
});

/**
 * The periodic job's task changes as audit rows, like every change the system makes on its own: one row per case and
 * kind of change (and reason), naming the tasks, written in the transaction that made them.
 */
async function auditStandingTaskChanges(tx: Queryable, agencyId: string, changes: readonly StandingTaskChange[], now: Date) {
  const rows = new Map<string, { event: AuditEvent; reason: string | null; taskIds: string[] }>();
  for (const change of changes) {
    const key = `${change.caseId}|${change.change}|${change.reason ?? ""}`;
    const row = rows.get(key) ?? {
      event: {
        action: `task.${change.change}`,
        outcome: "allowed" as const,
        recordType: "case",
        recordId: change.caseId,
        justification:
          change.change === "created"
            ? "contact standards: a contact is due within the agency's due-soon days, or overdue"
            : "contact standards: the contacts were made, or the requirement no longer applies",
      },
      reason: change.reason,
      taskIds: [],
    };
    row.taskIds.push(change.taskId);
    rows.set(key, row);
  }
  // A case has a few requirements, so its task ids fit in one value.
  const events = [...rows.values()].map((row) => ({
    ...row.event,
    details: { kind: "contact_due", taskIds: row.taskIds.join(","), reason: row.reason },
  }));
  // In slices: each row is 14 parameters, and a statement takes at most 65,535.
  for (let start = 0; start < events.length; start += auditSlice)
    await appendAuditRows(tx, jobSource(agencyId), events.slice(start, start + auditSlice), now);
}
const auditSlice = 2_000;

/** Refreshes every open case of a person (their address feeds each case's home verification); answers those cases. */
export async function refreshStandingsOfPerson(tx: Queryable, personId: string, now: Date, by: string | null): Promise<string[]> {
  const cases = await queries.openCasesOfPerson(tx, personId);
  const caseIds = cases.map((row) => row.id);
  const agencyId = cases[0]?.agency_id;
  if (agencyId) await refreshStandings(tx, agencyId, caseIds, now, by);
  return caseIds;
}

/** As refreshStandingsOfPerson, for the person an address belongs to. */
export async function refreshStandingsOfAddress(tx: Queryable, addressId: string, now: Date, by: string | null): Promise<void> {
  const personId = await queries.personOfAddress(tx, addressId);
  if (personId) await refreshStandingsOfPerson(tx, personId, now, by);
}

const batchSize = 1_000;
const endOfTime = "9999-12-31";
const firstId = "00000000-0000-0000-0000-000000000000";

/** A change of the agency's standards moves every open case: refreshed in batches, in the caller's transaction. */
export async function refreshStandingsOfAgency(tx: Queryable, agencyId: string, now: Date, by: string | null): Promise<number> {
  const standards = await loadAgencyStandards(tx, agencyId);
  let count = 0;
  for (let after = firstId; ; ) {
    const ids = await queries.openCasesOfAgency(tx, agencyId, after, batchSize);
    if (ids.length === 0) return count;
    await refreshStandings(tx, agencyId, ids, now, by, standards);
    count += ids.length;
    after = ids.at(-1)!;
  }
}

/**
 * The cases whose check day has come (a period ended, a task is to open or close) or that were never evaluated (an
 * upgraded database, a case loaded in bulk), refreshed a batch per transaction with the audit rows of the tasks it
 * opened and closed; answers how many. Run at start (the backfill) and periodically.
 */
export async function refreshDueStandings(db: Database, now: Date): Promise<number> {
  let count = 0;
  for (const agency of await queries.agencyZones(db)) {
    const today = localDate(now, agency.time_zone);
    for (let after = firstId; ; ) {
      const ids = await queries.casesToCheck(db, agency.id, today, after, batchSize);
      if (ids.length === 0) break;
      await db.transaction(async (tx) => {
        const changes = await refreshStandings(tx, agency.id, ids, now, null);
        await auditStandingTaskChanges(tx, agency.id, changes, now);
      });
      count += ids.length;
      after = ids.at(-1)!;
    }
  }
  return count;
}

/** The periodic job that opens new periods and keeps contact_due tasks in step with the days. */
export function contactStandingJob(deps: Pick<PlatformDeps, "db">): Job {
  return { name: "contact standing refresh", everyMs: 15 * 60_000, run: (now) => refreshDueStandings(deps.db, now) };
}
