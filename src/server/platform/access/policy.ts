// The one place that decides who may do what to which record. Deny by default:
// a permission with no rule matching the actor is refused, and services query through
// visibleFilter() so a handler cannot forget the relationship check.

export const roles = ["officer", "supervisor", "admin", "auditor"] as const;
export type Role = (typeof roles)[number];

export type Actor = {
  userId: string;
  username: string;
  displayName: string;
  agencyId: string;
  unitId: string | null;
  roles: Role[];
  sessionRef: string;
};

/**
 * How the actor relates to the record: same agency, same unit, the record is the actor (or names the
 * actor as its owner: author, recipient, duty contact), the record is a case on the actor's caseload
 * (supervising officer or co-officer), or "others": same agency but never the actor's own account.
 */
type Scope = "agency" | "unit" | "self" | "caseload" | "others";
/**
 * because: the audit justification when the rule grants, where the scope alone would not say why.
 * notSelf: never grants on a record of the actor's own (target.userId: who proposed it), e.g. approving one's own
 * departure; a target that names no user is refused too.
 */
type Rule = { role: Role | "any"; scope: Scope; because?: string; notSelf?: true };

const rules = {
  "unit.read": [
    { role: "admin", scope: "agency" },
    { role: "auditor", scope: "agency" },
    { role: "any", scope: "unit" },
  ],
  "unit.manage": [{ role: "admin", scope: "agency" }],
  "user.read": [
    { role: "admin", scope: "agency" },
    { role: "supervisor", scope: "unit" },
    { role: "any", scope: "self" },
  ],
  // Listing staff is a management view: officers have no list, only their own account.
  "user.list": [
    { role: "admin", scope: "agency" },
    { role: "supervisor", scope: "unit" },
  ],
  "user.manage": [{ role: "admin", scope: "agency" }],
  "agency.manage": [{ role: "admin", scope: "agency" }],
  // Supervision records: officers their caseload, supervisors their unit. Administrators manage
  // accounts, not cases, and auditors read the audit log: neither opens a person's record.
  "case.read": [
    { role: "officer", scope: "caseload" },
    { role: "supervisor", scope: "unit" },
  ],
  "case.write": [
    { role: "officer", scope: "caseload" },
    { role: "supervisor", scope: "unit" },
  ],
  // Intake: a new case lands in the actor's own unit.
  "case.create": [
    { role: "officer", scope: "unit" },
    { role: "supervisor", scope: "unit" },
  ],
  "case.transfer": [{ role: "supervisor", scope: "unit" }],
  "condition_catalogue.manage": [{ role: "admin", scope: "agency" }],
  // Making the agency's daily random drug-test draw (on its day only, see decide()).
  "testing.draw": [
    { role: "supervisor", scope: "agency" },
    { role: "admin", scope: "agency" },
  ],
  "condition_catalogue.read": [{ role: "any", scope: "agency" }],
  // Separation of duties (AU-9(4)): only auditors read the audit log, administrators do not.
  "audit.read": [{ role: "auditor", scope: "agency" }],
  // Rules about whose record it is, decided here so their denials are audited like any other (target.userId names the owner).
  // Nobody changes their own roles (AC-5, AC-6(9)): an administrator cannot make themselves auditor or supervisor.
  "user.roles_change": [{ role: "admin", scope: "others", because: "administrator changing another user's roles" }],
  // An overdue field visit: a supervisor of the officer's unit, or the agency's duty contact (target.userId), takes charge.
  "field_visit.acknowledge": [
    { role: "supervisor", scope: "unit" },
    { role: "any", scope: "self", because: "the agency's duty contact" },
  ],
  // Only the author edits or signs a draft note: a signature is that person's attestation (target.userId = author).
  "note.author": [{ role: "any", scope: "self", because: "author of the note" }],
  // Only the author edits or submits a revocation file (target.userId = author): whoever decides it (never the author,
  // revocation.decide) has then never written a word of it.
  "revocation.author": [{ role: "any", scope: "self", because: "author of the recommendation" }],
  // Acting on a task (snooze, dismiss, done) follows its owner (tasks.service.ts): the case's officer's tasks by
  // case.write; the unit's supervisors' tasks (an approval awaited) by those supervisors only, never the officer;
  // a named user's task by that user (target.userId) or the unit's supervisors.
  "task.act_as_supervisor": [{ role: "supervisor", scope: "unit" }],
  "task.act_as_named_owner": [
    { role: "any", scope: "self", because: "the task's named owner" },
    { role: "supervisor", scope: "unit" },
  ],
  // Notifications are read and marked read by their recipient only (target.userId = recipient).
  "notification.own": [{ role: "any", scope: "self", because: "own notification" }],
  // E-mail and SMS that failed every retry (dead letters): administrators look into them and send them again.
  "notification.deliveries_manage": [{ role: "admin", scope: "agency" }],
  // A condition modification request is granted or denied by a supervisor of the case's unit (the decision the
  // authority made, recorded by the agency), never by the person who raised it (target.userId = its author).
  "condition_request.decide": [{ role: "supervisor", scope: "unit" }],
  "condition_request.not_own": [{ role: "any", scope: "others", because: "a request raised by someone else" }],
  // A response outside the matrix (a departure) or one that goes to the authority is approved or refused by a
  // supervisor of the case's unit, never the one who proposed it (target.userId = the proposer).
  "violation_response.approve": [
    { role: "supervisor", scope: "unit", notSelf: true, because: "supervisor of the case's unit, not the proposer" },
  ],
  // An officer's early-discharge recommendation is approved or returned by a supervisor of the case's unit, never the
  // one who recommended it (target.userId = the recommender).
  "early_discharge.approve": [
    { role: "supervisor", scope: "unit", notSelf: true, because: "supervisor of the case's unit, not the recommender" },
  ],
  // A revocation or recall recommendation is decided (sent to the authority, no revocation, an emergency warrant
  // request) by a supervisor of the case's unit, never the officer who wrote it (target.userId = its author).
  "revocation.decide": [{ role: "supervisor", scope: "unit", notSelf: true, because: "supervisor of the case's unit, not the author" }],
  // The agency's responses to behaviour: the violation severity table, the response matrix, and the incentives and
  // their target ratio (all on the Response matrix page).
  "violation_settings.manage": [{ role: "admin", scope: "agency" }],
  // The 24/7 crisis contacts of each area and the follow-ups a crisis starts with: administrators keep them; everyone
  // signed in reads them (no person's data), for the crisis form. A crisis itself is case data (case.read/case.write).
  "crisis_contacts.manage": [{ role: "admin", scope: "agency" }],
  // Monitoring alerts are case data (triage: case.write, lists: case.read); the alert-load report (alerts per officer
  // per day, time to acknowledge, false alerts) is a supervisor's view of their unit; the agency's grouping window,
  // no-signal grace and escalation minutes are kept by administrators and read by all its staff.
  "monitoring_alert.report": [{ role: "supervisor", scope: "unit" }],
  "monitoring_alert.settings_manage": [{ role: "admin", scope: "agency" }],
  "monitoring_alert.settings_read": [{ role: "any", scope: "agency" }],
  "crisis_contacts.read": [{ role: "any", scope: "agency" }],
  // An override of an assessment's supervision level is approved or denied by a supervisor of the case's unit, and
  // never by the person who asked for it (not self: target.userId = the requester), so no one sets a level alone.
  "assessment_override.decide": [
    { role: "supervisor", scope: "unit", notSelf: true, because: "supervisor of the case's unit, not the requester" },
  ],
  // Self-reported race and ethnicity (fairness monitoring): recorded and read on its own by those who may work on the
  // person's case; it never travels with the person's record, the caseload or exports.
  "race_ethnicity.read": [
    { role: "officer", scope: "caseload" },
    { role: "supervisor", scope: "unit" },
  ],
  "race_ethnicity.record": [
    { role: "officer", scope: "caseload" },
    { role: "supervisor", scope: "unit" },
  ],
  // Response severity by group, in aggregate with small groups suppressed: the supervisors, for their unit.
  "fairness.read": [{ role: "supervisor", scope: "unit" }],
  // The agency's assessment instruments (definitions, no person's data): anyone signed in, to fill in or read one.
  "instrument.read": [{ role: "any", scope: "agency" }],
  // Importing an agency's own instrument, and publishing or retiring an instrument version for the agency's officers.
  "instrument.manage": [{ role: "admin", scope: "agency" }],
  // Crime-scene correlation (electronic monitoring): who of the agency's monitored people was near a place at a time. A
  // search across every unit's cases, so the agency's supervisors only, each with a stated reason in the audit row;
  // administrators and auditors open no person's records, and officers ask a supervisor.
  "monitoring.crime_scene_search": [{ role: "supervisor", scope: "agency" }],
  // --- Calendars and random draws (issue 9) ---
  // Whose calendar the actor may open: their own, or (supervisors) an officer of their unit. The entries
  // themselves are appointments of cases and are limited by case.read, so administrators and auditors,
  // who open no supervision records, see no one's appointments.
  "calendar.read": [
    { role: "any", scope: "self" },
    { role: "supervisor", scope: "unit" },
  ],
  // Reading or verifying the agency's random draw (making it: testing.draw above): the draw and its counts;
  // who was selected is listed only for cases the reader may read (case.read). Neither is allowed before the
  // draw's day in the agency's time zone (decide() refuses a Target whose `day` is still to come).
  "testing.draw_read": [
    { role: "supervisor", scope: "agency" },
    { role: "admin", scope: "agency" },
  ],
  // --- end of calendars and random draws ---
  // A unit's tasks by officer (today's and overdue): its supervisors. The tasks listed are further limited by case.read.
  "unit.tasks_read": [{ role: "supervisor", scope: "unit" }],
  // A unit's incentive-to-sanction ratio, in total and by officer (counts only): its supervisors.
  "unit.incentives_read": [{ role: "supervisor", scope: "unit" }],
  // The supervisor's approvals list (what awaits their decision on the unit's cases): its supervisors. Each item is
  // further limited by case.read, and the reader's own requests are left out (they decide others', never their own).
  "unit.approvals_read": [{ role: "supervisor", scope: "unit" }],
  // A background job's status and progress: who enqueued it (target.userId), and the agency's administrators.
  "job.read": [
    { role: "any", scope: "self", because: "enqueued the job" },
    { role: "admin", scope: "agency" },
  ],
  // The administrators' "Background jobs" page: the agency's jobs and the queue's own (no agency), and running a
  // dead one again.
  "job.manage": [{ role: "admin", scope: "agency" }],
  // --- Electronic monitoring (issue 14) ---
  // The agency's device inventory (no person's data: serials, types, statuses): administrators and supervisors keep it.
  // Installing a device on a person and the person's zones are case data (case.read/case.write).
  "monitoring_device.manage": [
    { role: "admin", scope: "agency" },
    { role: "supervisor", scope: "agency" },
  ],
  // A one-off exception to a zone's schedule (a late shift, a hospital visit) is approved by a supervisor of the case's
  // unit, who is recorded as its approver.
  "monitoring_exception.approve": [{ role: "supervisor", scope: "unit" }],
  // Shared agency zones (all schools, imported from GeoJSON) and vendor gateways (API key and HMAC secret): administrators.
  "monitoring_shared_zone.manage": [{ role: "admin", scope: "agency" }],
  "monitoring_gateway.manage": [{ role: "admin", scope: "agency" }],
} as const satisfies Record<string, readonly Rule[]>;

export type Permission = keyof typeof rules;

/**
 * The record an access decision is about. Omitted fields mean "not applicable".
 * day: for a record of a calendar day (a random draw), that day and today, both in the agency's time zone.
 */
export type Target = {
  agencyId: string;
  unitId?: string | null;
  userId?: string;
  officerIds?: readonly string[];
  day?: { of: string; today: string };
};

export type Decision = { allowed: true; justification: string } | { allowed: false; justification: string };

export function decide(actor: Actor, permission: Permission, target: Target): Decision {
  // Cross-agency access is never allowed, whatever the role (ASVS 8.4.1).
  if (target.agencyId !== actor.agencyId) return { allowed: false, justification: "record belongs to another agency" };
  // A day's record (the random draw) is not made or revealed before its day, whatever the role.
  if (target.day && target.day.of > target.day.today) {
    return {
      allowed: false,
      justification: `record of ${target.day.of} is not made or revealed before its day (today is ${target.day.today})`,
    };
  }
  let ownAccountRefused = false;
  for (const rule of rules[permission] as readonly Rule[]) {
    if (rule.role !== "any" && !actor.roles.includes(rule.role)) continue;
    if (rule.notSelf && (target.userId === undefined || target.userId === actor.userId)) {
      ownAccountRefused = true;
      continue;
    }
    if (rule.scope === "agency") return { allowed: true, justification: `role ${rule.role} in agency` };
    if (rule.scope === "unit" && actor.unitId && target.unitId === actor.unitId) {
      return { allowed: true, justification: rule.because ?? `${rule.role === "any" ? "member" : rule.role} of the record's unit` };
    }
    if (rule.scope === "self" && target.userId === actor.userId) return { allowed: true, justification: rule.because ?? "own account" };
    if (rule.scope === "caseload" && target.officerIds?.includes(actor.userId)) return { allowed: true, justification: "own caseload" };
    if (rule.scope === "others" && target.userId !== undefined) {
      if (target.userId !== actor.userId)
        return { allowed: true, justification: rule.because ?? `role ${rule.role}, another user's account` };
      ownAccountRefused = true;
    }
  }
  if (ownAccountRefused) return { allowed: false, justification: `${permission} is never granted on one's own account` };
  return { allowed: false, justification: `no rule grants ${permission}` };
}

/** True when the actor may use the permission on at least some record (function-level check). */
export function mayEver(actor: Actor, permission: Permission): boolean {
  return (rules[permission] as readonly Rule[]).some((rule) => rule.role === "any" || actor.roles.includes(rule.role));
}

/**
 * SQL condition limiting rows to those the actor may see with this permission.
 * columns names the row's agency, unit and user columns; placeholders start at $firstParam.
 */
export function visibleFilter(
  actor: Actor,
  permission: Permission,
  columns: { agency: string; unit?: string; user?: string; caseId?: string },
  firstParam: number,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [actor.agencyId];
  const agencyCondition = `${columns.agency} = $${firstParam}`;
  const alternatives: string[] = [];
  for (const rule of rules[permission] as readonly Rule[]) {
    if (rule.role !== "any" && !actor.roles.includes(rule.role)) continue;
    // A list cannot leave out the actor's own records without knowing whose they are: fail closed.
    if (rule.notSelf) continue;
    if (rule.scope === "agency") return { sql: agencyCondition, params };
    if (rule.scope === "unit" && columns.unit && actor.unitId) {
      params.push(actor.unitId);
      alternatives.push(`${columns.unit} = $${firstParam + params.length - 1}`);
    }
    if (rule.scope === "self" && columns.user) {
      params.push(actor.userId);
      alternatives.push(`${columns.user} = $${firstParam + params.length - 1}`);
    }
    if (rule.scope === "others" && columns.user) {
      params.push(actor.userId);
      alternatives.push(`${columns.user} <> $${firstParam + params.length - 1}`);
    }
    if (rule.scope === "caseload" && columns.caseId) {
      params.push(actor.userId);
      const placeholder = `$${firstParam + params.length - 1}`;
      // A set of ids rather than "officer = me OR EXISTS (…)" so both halves use their officer index, collected
      // once into an array (an InitPlan) so the case rows are then fetched by primary key: as "IN (subquery)"
      // PostgreSQL joined it against a scan of every case of the agency.
      alternatives.push(
        `${columns.caseId} = ANY (ARRAY(SELECT sc.id FROM supervision_case sc WHERE sc.officer_id = ${placeholder} UNION ALL SELECT co.case_id FROM case_co_officer co WHERE co.officer_id = ${placeholder}))`,
      );
    }
  }
  if (alternatives.length === 0) return { sql: "false", params: [] };
  return { sql: `(${agencyCondition} AND (${alternatives.join(" OR ")}))`, params };
}
