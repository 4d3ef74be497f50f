import type { CaseloadEntry, CaseloadQuery } from "../../../shared/contract/caseload";
import { taskKindInfo } from "../../../shared/contract/tasks";
import { daysBetween } from "../../../shared/time/calendar-date";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { overallStatus, type RequirementState, type StandardStatus } from "../contacts/contact-standards";
import { standingOfCases } from "../contacts/contact-standing";
import { daysPastExpectedEnd } from "../early-discharge/early-discharge";
import { casesWithLevelReview } from "../level-review/level-review.service";
import { type CaseloadRow, loadCaseloadRows } from "./caseload.queries";

const riskWords = { very_high: "Very high risk", high: "High risk", moderate: "Moderate risk", low: "Low risk" } as const;
const riskWeight = { very_high: 40, high: 30, moderate: 20, low: 10 } as const;
const levelRank = { intensive: 4, high: 3, moderate: 2, low: 1, administrative: 0 } as const;
const kindWords = {
  face_to_face: "face-to-face contact",
  field: "field contact",
  office: "office visit",
  home_visit: "home visit",
  collateral: "collateral contact",
  employment_verification: "employment verification",
  home_verification: "home verification",
  whereabouts: "whereabouts check (no fixed address)",
} as const;

export type Standing = { status: StandardStatus; dueBy: string | null; overdueDays: number; worst: RequirementState | undefined };

/** A case whose contact standards are paused (not active): nothing due. */
const pausedStanding: Standing = { status: "met", dueBy: null, overdueDays: 0, worst: undefined };

/** The requirement that matters most now: overdue first, then the one due soonest. */
export function standingOf(states: RequirementState[], today: string): Standing {
  const open = states
    .filter((state) => state.status !== "met")
    .sort((a, b) =>
      (a.status === "overdue") === (b.status === "overdue") ? a.dueBy.localeCompare(b.dueBy) : a.status === "overdue" ? -1 : 1,
    );
  const worst = open[0];
  const status = overallStatus(states);
  return {
    status,
    dueBy: worst?.dueBy ?? null,
    overdueDays: status === "overdue" && worst ? Math.max(0, daysBetween(worst.dueBy, today)) : 0,
    worst,
  };
}

export function priorityScore(
  row: Pick<CaseloadRow, "risk_level" | "supervision_level" | "status"> & { crisis_open?: boolean; open_alerts?: number },
  standing: Standing,
): number {
  const contactWeight = standing.status === "overdue" ? 30 + Math.min(standing.overdueDays, 60) : standing.status === "due_soon" ? 10 : 0;
  return (
    (row.risk_level ? riskWeight[row.risk_level] : 15) +
    levelRank[row.supervision_level] * 5 +
    contactWeight +
    (row.status === "warrant" ? 50 : 0) +
    // An open crisis comes before routine work, as a warrant does.
    (row.crisis_open ? 50 : 0) +
    // Unresolved monitoring alerts need triage today: one counts like an overdue contact, more add a little each.
    (row.open_alerts ? 35 + Math.min(row.open_alerts - 1, 10) * 2 : 0)
  );
}

/** Why the case sits where it does in the priority order, in the officer's words. */
export function priorityReason(
  row: Pick<CaseloadRow, "risk_level" | "status" | "open_tasks"> & {
    crisis_open?: boolean;
    open_alerts?: number;
    expected_end?: string | null;
  },
  standing: Standing,
  today: string,
): string {
  const parts: string[] = [];
  if (row.crisis_open) parts.push("Crisis open");
  if (row.status === "warrant") parts.push("Warrant / absconded");
  if (row.open_alerts) parts.push(`${row.open_alerts} open monitoring alert${row.open_alerts === 1 ? "" : "s"}`);
  parts.push(row.risk_level ? riskWords[row.risk_level] : "Risk not assessed");
  const worst = standing.worst;
  if (row.status !== "active") parts.push("contact standards paused");
  else if (!worst) parts.push("contacts met this period");
  else if (worst.status === "overdue")
    parts.push(`${kindWords[worst.kind]} overdue ${standing.overdueDays} day${standing.overdueDays === 1 ? "" : "s"}`);
  else {
    const daysLeft = daysBetween(today, worst.dueBy);
    const remaining = worst.required - worst.done;
    const what =
      worst.kind === "home_verification" || worst.kind === "whereabouts"
        ? kindWords[worst.kind]
        : `${remaining} ${kindWords[worst.kind]}${remaining === 1 ? "" : "s"}`;
    parts.push(daysLeft === 0 ? `${what} due today` : `${what} due in ${daysLeft} day${daysLeft === 1 ? "" : "s"}`);
  }
  // The task model's open task due first (the rest are on the person's Tasks section).
  // An assessment due weeks ahead is not news on every case: it is named once it is overdue.
  const { kind, dueOn } = row.open_tasks;
  if (kind && dueOn && !(kind === "assessment_due" && dueOn >= today)) {
    const days = daysBetween(today, dueOn);
    const when = days < 0 ? "overdue" : days === 0 ? "due today" : `due in ${days} day${days === 1 ? "" : "s"}`;
    parts.push(`task: ${taskKindInfo[kind].label.toLowerCase()} (${when})`);
  }
  // Issue 13 §5: an active case past its expected end date is flagged with how many days (last: not a priority).
  const pastEnd = row.status === "active" ? daysPastExpectedEnd(row.expected_end ?? null, today) : 0;
  if (pastEnd > 0) parts.push(`past the expected end date by ${pastEnd} day${pastEnd === 1 ? "" : "s"}`);
  return parts.join(" · ");
}

const sorters: Record<CaseloadQuery["sort"], (a: CaseloadEntry, b: CaseloadEntry) => number> = {
  priority: (a, b) => b.priorityScore - a.priorityScore || byName(a, b),
  name: (a, b) => byName(a, b),
  level: (a, b) => levelRank[b.supervisionLevel] - levelRank[a.supervisionLevel] || b.priorityScore - a.priorityScore,
  last_contact: (a, b) => (a.lastContactAt ?? "").localeCompare(b.lastContactAt ?? "") || byName(a, b),
};
function byName(a: CaseloadEntry, b: CaseloadEntry): number {
  return (
    a.person.name.last.localeCompare(b.person.name.last) ||
    a.person.name.first.localeCompare(b.person.name.first) ||
    a.caseId.localeCompare(b.caseId)
  );
}

/** The caseload for a visibility filter: rows from the database, standards evaluated, then filtered, ordered and paged. */
export async function computeCaseload(
  db: Queryable,
  filter: { sql: string; params: unknown[] },
  agencyId: string,
  query: CaseloadQuery,
  now: Date,
): Promise<{ entries: CaseloadEntry[]; total: number; nextCursor: string | null }> {
  const rows = await loadCaseloadRows(db, filter, query, now);
  const { today, states } = await standingOfCases(
    db,
    agencyId,
    rows.map((row) => row.case_id),
    now,
  );
  // The contact standards are paused while a case is not active (on warrant, in custody, not yet released, tolled): it
  // asks for no contact, so none is overdue or due on the caseload either.
  let entries = rows.map((row) =>
    toEntry(row, row.status === "active" ? standingOf(states.get(row.case_id) ?? [], today) : pausedStanding, today),
  );
  if (query.overdue) entries = entries.filter((entry) => entry.overdue === (query.overdue === "true"));
  if (query.levelReview === "true") {
    const listed = await casesWithLevelReview(
      db,
      entries.map((entry) => entry.caseId),
      now,
    );
    entries = entries.filter((entry) => listed.has(entry.caseId));
  }
  entries.sort(sorters[query.sort]);
  const offset = Number(query.cursor ?? 0);
  const page = entries.slice(offset, offset + query.limit);
  return { total: entries.length, nextCursor: offset + page.length < entries.length ? String(offset + page.length) : null, entries: page };
}

export function createCaseloadService(deps: FeatureDeps) {
  return {
    async list(context: RequestContext, query: CaseloadQuery) {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, visible }) => {
        const filter = visible("case.read", { agency: "c.agency_id", unit: "c.unit_id", caseId: "c.id" }, 1, {
          action: "caseload.list",
          recordType: "case",
          details: { officerId: query.officerId ?? null, sort: query.sort },
        });
        return computeCaseload(tx, filter, actor.agencyId, query, context.now);
      });
    },
  };
}

function toEntry(row: CaseloadRow, standing: Standing, today: string): CaseloadEntry {
  return {
    caseId: row.case_id,
    person: {
      id: row.person_id,
      name: { first: row.first_name, middle: row.middle_name, last: row.last_name },
      agencyPersonNumber: row.agency_person_number,
      stateId: row.state_id,
      fbiNumber: row.fbi_number,
      dateOfBirth: row.date_of_birth,
      hasPhoto: row.has_photo,
    },
    caseNumber: row.case_number,
    supervisionType: row.supervision_type,
    status: row.status,
    supervisionLevel: row.supervision_level,
    riskLevel: row.risk_level,
    tags: row.tags as CaseloadEntry["tags"],
    officer: { id: row.officer_id, displayName: row.officer_name },
    lastContactAt: row.last_contact_at?.toISOString() ?? null,
    contactDueBy: standing.dueBy,
    contactStatus: standing.status,
    overdue: standing.status === "overdue",
    openAlerts: row.open_alerts,
    openTasks: row.open_tasks.count,
    topTask: row.open_tasks.kind && row.open_tasks.dueOn ? { kind: row.open_tasks.kind, dueOn: row.open_tasks.dueOn } : null,
    hasSafetyCautions: row.has_cautions,
    crisisOpen: row.crisis_open,
    priorityScore: priorityScore(row, standing),
    priorityReason: priorityReason(row, standing, today),
  };
}

export type CaseloadService = ReturnType<typeof createCaseloadService>;
