// Contact standards: how many contacts of which kind a case needs per period, and where it stands now.
// Pure functions on plain dates (YYYY-MM-DD in the agency's time zone), so the arithmetic is testable.

import { addDays, daysBetween } from "../../../shared/time/calendar-date";

export type SupervisionLevel = "intensive" | "high" | "moderate" | "low" | "administrative";
export type ContactKind = "face_to_face" | "field" | "office" | "home_visit" | "collateral" | "employment_verification";
export type PeriodLength = 1 | 2 | 3; // months: monthly, every two months, quarterly

/** One configurable rule: at least `count` contacts of `kind` per period, for a level (and optionally a caseload tag). */
export type ContactRequirement = {
  level: SupervisionLevel;
  tag: string | null;
  kind: ContactKind;
  count: number;
  periodMonths: PeriodLength;
};

export type StandardsPolicy = {
  requirements: ContactRequirement[];
  /** A new address must be verified by a home visit within this many days. */
  homeVerificationDays: number;
  /** "Due soon" when this many days or fewer are left. */
  dueSoonDays: number;
};

/**
 * The default: U.S. Court Services and Offender Supervision Agency (CSOSA) supervision levels —
 * face-to-face contacts a month: intensive 8 (4 in the field), maximum 4 (2), medium 2 (1),
 * minimum 1 with a field contact every 2 months. Waypoint's "high" is CSOSA's maximum, "moderate" its medium,
 * "low" its minimum; administrative cases are seen once a quarter.
 */
export const csosaPolicy: StandardsPolicy = {
  requirements: [
    { level: "intensive", tag: null, kind: "face_to_face", count: 8, periodMonths: 1 },
    { level: "intensive", tag: null, kind: "field", count: 4, periodMonths: 1 },
    { level: "high", tag: null, kind: "face_to_face", count: 4, periodMonths: 1 },
    { level: "high", tag: null, kind: "field", count: 2, periodMonths: 1 },
    { level: "moderate", tag: null, kind: "face_to_face", count: 2, periodMonths: 1 },
    { level: "moderate", tag: null, kind: "field", count: 1, periodMonths: 1 },
    { level: "low", tag: null, kind: "face_to_face", count: 1, periodMonths: 1 },
    { level: "low", tag: null, kind: "field", count: 1, periodMonths: 2 },
    { level: "administrative", tag: null, kind: "face_to_face", count: 1, periodMonths: 3 },
  ],
  homeVerificationDays: 10,
  dueSoonDays: 7,
};

export type LevelSpan = { level: SupervisionLevel; from: string }; // in force from this date until the next span
/**
 * Completed contacts: one on `date` counting for each kind it is, or `count` of them. The database sends monthly totals
 * dated the first of the month; periods are whole calendar months, so the counts per period are the same.
 */
export type ContactFact = { date: string; kind: ContactKind[]; count?: number };
export type CaseFacts = {
  levels: LevelSpan[]; // ascending by from; the first starts at supervision start
  tags: readonly string[];
  contacts: ContactFact[];
  currentAddress: CurrentAddress | null;
};

/**
 * Where the person lives now. A residence or shelter stay is verified once (a home visit, or the shelter's staff);
 * with no fixed address (transient) there is no home to verify, so `lastSeen` — the last completed face-to-face
 * contact on or after they became transient — feeds the whereabouts check instead.
 */
export type CurrentAddress = {
  movedIn: string;
  verifiedOn: string | null;
  kind?: "residence" | "shelter" | "transient";
  lastSeen?: string | null;
};

export type StandardStatus = "met" | "due" | "due_soon" | "overdue";

/**
 * How a requirement's own status moves with time alone, until a new fact (a contact, a level or address change)
 * arrives: `calm` until `dueSoonFrom`, due soon from then, overdue from `overdueFrom` (null: never, by time alone).
 * The stored status table keeps these dates, so it is read on any day without evaluating the rules again.
 */
export type StatusTimeline = { calm: "met" | "due"; dueSoonFrom: string | null; overdueFrom: string | null };

/** The status a timeline gives on a day: the one place dates turn into met, due, due soon or overdue. */
export function statusOn(timeline: StatusTimeline, date: string): StandardStatus {
  if (timeline.overdueFrom !== null && date >= timeline.overdueFrom) return "overdue";
  if (timeline.dueSoonFrom !== null && date >= timeline.dueSoonFrom) return "due_soon";
  return timeline.calm;
}

/** A requirement's status on a day: overdue while a missed previous period is carried over, else its own period's. */
export function requirementStatusOn(state: Pick<RequirementState, "carriedOver" | "timeline">, date: string): StandardStatus {
  return state.carriedOver ? "overdue" : statusOn(state.timeline, date);
}

export type RequirementState = {
  kind: ContactKind | "home_verification" | "whereabouts";
  periodStart: string;
  periodEnd: string; // inclusive
  required: number;
  done: number;
  dueBy: string;
  status: StandardStatus;
  /** The previous period ended short and nothing of this kind has happened since. */
  carriedOver: boolean;
  /** The current period on its own (status, dueBy and carriedOver fold a missed previous period in). */
  periodStatus: StandardStatus;
  /** The previous period, when it ended short and is carried over: shown as a row of its own. */
  missedPeriod: { periodStart: string; periodEnd: string; required: number; done: number } | null;
  /** How periodStatus moves with time until the facts change (see StatusTimeline). */
  timeline: StatusTimeline;
};

const dayMs = 86_400_000;
const format = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Periods are aligned to the calendar: months; Jan–Feb, Mar–Apr, …; quarters Jan–Mar, …. */
export function periodContaining(date: string, months: PeriodLength): { start: string; end: string } {
  // Evaluating a whole state asks for the same few periods 100,000 times: remember them.
  const key = `${date}/${months}`;
  const known = periods.get(key);
  if (known) return known;
  if (periods.size > 10_000) periods.clear();
  const period = computePeriod(date, months);
  periods.set(key, period);
  return period;
}
const periods = new Map<string, { start: string; end: string }>();

function computePeriod(date: string, months: PeriodLength): { start: string; end: string } {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1;
  const firstMonth = month - (month % months);
  const start = Date.UTC(year, firstMonth, 1);
  const end = Date.UTC(year, firstMonth + months, 1) - dayMs;
  return { start: format(start), end: format(end) };
}

function previousPeriod(period: { start: string }, months: PeriodLength) {
  return periodContaining(addDays(period.start, -1), months);
}

/**
 * The first day whose contacts evaluateStandards counts for a case: the start of the previous period of its current
 * level's longest requirement (a monthly level needs last month and this one; a quarterly level, six months).
 */
export function lookbackStart(policy: StandardsPolicy, facts: Pick<CaseFacts, "levels" | "tags">, today: string): string | null {
  const level = levelOn(facts, today);
  if (!level) return null;
  let months: PeriodLength = 1;
  for (const requirement of requirementsFor(policy, level, facts.tags))
    if (requirement.periodMonths > months) months = requirement.periodMonths;
  return previousPeriod(periodContaining(today, months), months).start;
}

/** The requirements for a level: tag-specific rules replace the level's general rule of the same kind. */
export function requirementsFor(policy: StandardsPolicy, level: SupervisionLevel, tags: readonly string[]): ContactRequirement[] {
  const known = requirementsByPolicy.get(policy) ?? new Map<string, ContactRequirement[]>();
  requirementsByPolicy.set(policy, known);
  const key = `${level}|${tags.join(",")}`;
  const requirements = known.get(key) ?? selectRequirements(policy, level, tags);
  known.set(key, requirements);
  return requirements;
}
const requirementsByPolicy = new WeakMap<StandardsPolicy, Map<string, ContactRequirement[]>>();

function selectRequirements(policy: StandardsPolicy, level: SupervisionLevel, tags: readonly string[]): ContactRequirement[] {
  const forLevel = policy.requirements.filter((requirement) => requirement.level === level);
  const tagged = forLevel.filter((requirement) => requirement.tag !== null && tags.includes(requirement.tag));
  const general = forLevel.filter(
    (requirement) => requirement.tag === null && !tagged.some((specific) => specific.kind === requirement.kind),
  );
  return [...tagged, ...general];
}

/**
 * Contacts required in a period when the level changed during it: each level's requirement counts for the
 * share of the period it was in force (rounded to the nearest whole contact), so a case raised to intensive
 * on the 25th is not short of 8 contacts that month. Days before supervision started do not count.
 */
export function requiredInPeriod(
  policy: StandardsPolicy,
  facts: CaseFacts,
  kind: ContactKind,
  period: { start: string; end: string },
): { required: number; months: PeriodLength } | null {
  const periodDays = daysBetween(period.start, period.end) + 1;
  let share = 0;
  let months: PeriodLength | null = null;
  facts.levels.forEach((span, index) => {
    const spanEnd = index + 1 < facts.levels.length ? addDays(facts.levels[index + 1]!.from, -1) : "9999-12-31";
    // ISO dates compare as strings (Math.max/min would turn them into NaN).
    // biome-ignore lint/complexity/useMathMinMax: strings, not numbers
    const from = span.from > period.start ? span.from : period.start;
    // biome-ignore lint/complexity/useMathMinMax: strings, not numbers
    const to = spanEnd < period.end ? spanEnd : period.end;
    if (to < from) return;
    const requirement = requirementsFor(policy, span.level, facts.tags).find((candidate) => candidate.kind === kind);
    if (!requirement) return;
    share += (requirement.count * (daysBetween(from, to) + 1)) / periodDays;
    months = requirement.periodMonths;
  });
  if (months === null) return null;
  return { required: Math.round(share), months };
}

function levelOn(facts: Pick<CaseFacts, "levels">, date: string): SupervisionLevel | null {
  let level: SupervisionLevel | null = null;
  for (const span of facts.levels) if (span.from <= date) level = span.level;
  return level;
}

/** Where the case stands today against each requirement of its current level, plus home verification. */
export function evaluateStandards(policy: StandardsPolicy, facts: CaseFacts, today: string): RequirementState[] {
  const level = levelOn(facts, today);
  if (!level) return [];
  const states: RequirementState[] = [];
  for (const requirement of requirementsFor(policy, level, facts.tags)) {
    const period = periodContaining(today, requirement.periodMonths);
    const count = (range: { start: string; end: string }) => {
      let total = 0;
      for (const contact of facts.contacts) {
        if (contact.kind.includes(requirement.kind) && contact.date >= range.start && contact.date <= range.end)
          total += contact.count ?? 1;
      }
      return total;
    };
    const required = requiredInPeriod(policy, facts, requirement.kind, period)?.required ?? requirement.count;
    const done = count(period);
    const previous = previousPeriod(period, requirement.periodMonths);
    const previousRequired = requiredInPeriod(policy, facts, requirement.kind, previous)?.required ?? 0;
    const carriedOver = previousRequired > count(previous) && done === 0;
    // Due soon once dueSoonDays or fewer are left.
    const timeline: StatusTimeline =
      done >= required
        ? { calm: "met", dueSoonFrom: null, overdueFrom: null }
        : { calm: "due", dueSoonFrom: addDays(period.end, -policy.dueSoonDays), overdueFrom: null };
    const periodStatus = statusOn(timeline, today);
    const status = requirementStatusOn({ carriedOver, timeline }, today);
    states.push({
      kind: requirement.kind,
      periodStart: period.start,
      periodEnd: period.end,
      required,
      done,
      dueBy: carriedOver ? previous.end : period.end,
      status,
      carriedOver,
      periodStatus,
      missedPeriod: carriedOver
        ? { periodStart: previous.start, periodEnd: previous.end, required: previousRequired, done: count(previous) }
        : null,
      timeline,
    });
  }
  const address = facts.currentAddress;
  if (address?.kind === "transient") states.push(whereaboutsState(policy, address, today));
  else if (address) {
    const dueBy = addDays(address.movedIn, policy.homeVerificationDays);
    const verified = address.verifiedOn !== null;
    // Due soon in its last few days, overdue the day after it was due.
    const timeline: StatusTimeline = verified
      ? { calm: "met", dueSoonFrom: null, overdueFrom: null }
      : { calm: "due", dueSoonFrom: addDays(dueBy, -Math.min(3, policy.dueSoonDays)), overdueFrom: addDays(dueBy, 1) };
    const status = statusOn(timeline, today);
    states.push({
      kind: "home_verification",
      periodStart: address.movedIn,
      periodEnd: dueBy,
      required: 1,
      done: verified ? 1 : 0,
      dueBy,
      status,
      carriedOver: false,
      periodStatus: status,
      missedPeriod: null,
      timeline,
    });
  }
  return states;
}

/**
 * No fixed address: there is no home to verify, so instead of a home verification that could never be met (and
 * would stay overdue for ever) the officer must see the person face to face at least once every
 * `homeVerificationDays` days (10 by default) while they are transient, to confirm where they are staying. The
 * clock starts when they became transient and restarts at each face-to-face contact; it is "met" while the last
 * contact is recent, "due soon" in its last days, and overdue once the days have passed with no contact.
 */
function whereaboutsState(policy: StandardsPolicy, address: CurrentAddress, today: string): RequirementState {
  const lastSeen = address.lastSeen && address.lastSeen >= address.movedIn ? address.lastSeen : null;
  const since = lastSeen ?? address.movedIn;
  const dueBy = addDays(since, policy.homeVerificationDays);
  const timeline: StatusTimeline = {
    calm: lastSeen ? "met" : "due",
    dueSoonFrom: addDays(dueBy, -Math.min(3, policy.dueSoonDays)),
    overdueFrom: addDays(dueBy, 1),
  };
  const status = statusOn(timeline, today);
  return {
    kind: "whereabouts",
    periodStart: since,
    periodEnd: dueBy,
    required: 1,
    done: lastSeen ? 1 : 0,
    dueBy,
    status,
    carriedOver: false,
    periodStatus: status,
    missedPeriod: null,
    timeline,
  };
}

/**
 * The last day an evaluation made on `today` stays true without new facts: the end of its shortest current period,
 * or the day before a level recorded to start later takes effect. Status changes within it follow the timelines.
 */
export function evaluationValidThrough(facts: Pick<CaseFacts, "levels">, states: RequirementState[], today: string): string {
  let through = "9999-12-31"; // no period to end
  for (const state of states)
    if (state.kind !== "home_verification" && state.kind !== "whereabouts" && state.periodEnd < through) through = state.periodEnd;
  for (const span of facts.levels) if (span.from > today && addDays(span.from, -1) < through) through = addDays(span.from, -1);
  return through;
}

/** The worst status across requirements, for the caseload's flag: overdue > due soon > due > met. */
export function overallStatus(states: RequirementState[]): StandardStatus {
  const order: StandardStatus[] = ["overdue", "due_soon", "due", "met"];
  return order.find((status) => states.some((state) => state.status === status)) ?? "met";
}

/** Contact types that count as field contacts, and as face-to-face ones. Phone, video and collateral count for neither. */
export const fieldContactTypes = ["scheduled_home_visit", "unannounced_home_visit", "field_visit", "employment_visit"];
export const faceToFaceContactTypes = [...fieldContactTypes, "office_visit"];

/**
 * The contact types each requirement kind counts. The narrower kinds express standards such as CSOSA's pre-assessment
 * one (2 office visits, 1 collateral contact, 1 home visit and 1 employment verification a month).
 */
export const contactTypesOfKind: Record<ContactKind, readonly string[]> = {
  face_to_face: faceToFaceContactTypes,
  field: fieldContactTypes,
  office: ["office_visit"],
  home_visit: ["scheduled_home_visit", "unannounced_home_visit"],
  collateral: ["collateral"],
  employment_verification: ["employment_visit"],
};

/** The requirement kinds a contact of this type counts for. */
export function kindsOfContactType(contactType: string): ContactKind[] {
  return (Object.keys(contactTypesOfKind) as ContactKind[]).filter((kind) => contactTypesOfKind[kind].includes(contactType));
}
