// The authorization matrix: every actor × every endpoint that touches a person's data × related and unrelated
// records, on the running app (PGlite, and PostgreSQL under scripts/with-postgres.ts). Endpoints come from the app's
// own OpenAPI document, so a new route without a row in `routes` below fails the test. The matrix is printed; any
// cell that differs from its expectation fails, unless it is listed in `knownGapsBeingFixed`.
import { randomUUID } from "node:crypto";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoAccounts } from "../../bootstrap/demo-accounts";
import { createTask } from "../../features/tasks/tasks";
import { defaultMatrixRows, defaultSeverities } from "../../features/violations/response-matrix";
import { createAccount, createAgency, signInAccount } from "../../test-support/accounts";
import { activateDevice, alertEvent, raiseAlerts } from "../../test-support/alert-fixtures";
import { lowRiskAnswers } from "../../test-support/assessment-fixtures";
import { type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { housingScreener } from "../../test-support/instrument-fixtures";
import { type PersonRecords, personWithEveryRecord, tinyJpeg } from "../../test-support/record-fixtures";
import { caseVersion, intakeFor } from "../../test-support/supervision-fixtures";
import type { Role } from "./policy";

// ─── Who asks ──────────────────────────────────────────────────────────────────────────────────────────────────────

type AgencyKey = "demo" | "other";
type UnitKey = "north" | "south" | "east";
type ActorSpec = {
  key: string;
  username: string;
  roles: Role[];
  agency: AgencyKey;
  unit: UnitKey | null;
  /** A demo account (signed in with its demo TOTP secret), else created by the test. */
  demo: boolean;
  description: string;
};

/** demo: one of the demo accounts (signed in with its demo TOTP secret); the others are created by the test. */
const actor = (key: string, username: string, roles: Role[], agency: AgencyKey, unit: UnitKey | null, description: string): ActorSpec => ({
  key,
  username,
  roles,
  agency,
  unit,
  demo: demoAccounts.some((account) => account.username === username),
  description,
});

const actorSpecs: ActorSpec[] = [
  actor("offA", "officer.north1", ["officer"], "demo", "north", "officer A: North, the related case's officer"),
  actor("offN2", "officer.north2", ["officer"], "demo", "north", "officer of the same unit, not on the caseload"),
  actor("offS", "officer.south1", ["officer"], "demo", "south", "officer of another unit (South)"),
  actor("supN", "supervisor.north", ["supervisor"], "demo", "north", "supervisor of North"),
  actor("supS", "supervisor.south", ["supervisor"], "demo", "south", "supervisor of South"),
  actor("admin", "admin", ["admin"], "demo", null, "administrator"),
  actor("audit", "auditor", ["auditor"], "demo", null, "auditor"),
  actor("o+sN", "lead.north", ["officer", "supervisor"], "demo", "north", "officer and supervisor of North (no caseload)"),
  actor("a+sS", "admin.south", ["admin", "supervisor"], "demo", "south", "administrator and supervisor of South"),
  actor("other", "lead.other", ["officer", "supervisor"], "other", "east", "officer and supervisor of another agency (its case's officer)"),
];

// ─── Which record ──────────────────────────────────────────────────────────────────────────────────────────────────

type TargetKey = "related" | "otherUnit" | "otherAgency" | "transferred";
/** officer: the case's officer now; madeBy: the officer who wrote its draft notes (and was notified, and booked it). */
type TargetFacts = { agency: AgencyKey; unit: UnitKey; officer: string; madeBy: string; description: string };

/** Who holds each record now. Drafts, the test notification, the field visit and the appointments are madeBy's. */
const targetFacts: Record<TargetKey, TargetFacts> = {
  related: {
    agency: "demo",
    unit: "north",
    officer: "officer.north1",
    madeBy: "officer.north1",
    description: "on officer A's caseload (North)",
  },
  otherUnit: {
    agency: "demo",
    unit: "south",
    officer: "officer.south1",
    madeBy: "officer.south1",
    description: "on a South officer's caseload",
  },
  otherAgency: { agency: "other", unit: "east", officer: "lead.other", madeBy: "lead.other", description: "in another agency" },
  transferred: {
    agency: "demo",
    unit: "south",
    officer: "officer.south1",
    madeBy: "officer.north1",
    description: "made by officer A, then transferred to a South officer (appointments booked before the transfer)",
  },
};
const allTargets: TargetKey[] = ["related", "otherUnit", "otherAgency", "transferred"];
/** Field visits and notifications are made by the officer at the time: the transferred case has none of its own. */
const ownRecordTargets: TargetKey[] = ["related", "otherUnit", "otherAgency"];

/** Every required item of the general risk/needs instrument (total 5: low), for the fixture's completed assessments. */
const matrixAnswers = lowRiskAnswers;

// ─── Who should be allowed ─────────────────────────────────────────────────────────────────────────────────────────

const isOnCaseload = (actor: ActorSpec, target: TargetFacts) => actor.roles.includes("officer") && actor.username === target.officer;
const supervisesUnit = (actor: ActorSpec, target: TargetFacts) =>
  actor.roles.includes("supervisor") && actor.agency === target.agency && actor.unit === target.unit;

/** The named owner of each case's named task: an officer of North on none of the cases. */
const namedTaskOwner = "officer.north2";

/** The expectations, in words: administrators and auditors never open a person's record. */
const rules = {
  /** Read or change the case: its officer, or a supervisor of its unit. */
  caseAccess: (actor: ActorSpec, target: TargetFacts) => isOnCaseload(actor, target) || supervisesUnit(actor, target),
  /** The officer's own day (Today, the calendar feed): only the case's current officer. */
  caseOfficer: isOnCaseload,
  /** A task named for officer.north2 (not on the caseload): that officer, or a supervisor of the case's unit. */
  namedTaskOwner: (actor: ActorSpec, target: TargetFacts) =>
    (actor.username === namedTaskOwner && actor.agency === target.agency) || supervisesUnit(actor, target),
  /** Transfers and co-officers: a supervisor of the case's unit. */
  unitSupervisor: supervisesUnit,
  /** Granting or denying a condition modification request: a supervisor of the case's unit who did not raise it. */
  requestDecider: (actor: ActorSpec, target: TargetFacts) => supervisesUnit(actor, target) && actor.username !== target.madeBy,
  /** Drafts: seen, edited and signed by their author alone, while the author still has the case. */
  draftAuthor: (actor: ActorSpec, target: TargetFacts) => actor.username === target.madeBy && isOnCaseload(actor, target),
  /** A notification: its recipient only. */
  recipient: (actor: ActorSpec, target: TargetFacts) => actor.username === target.officer,
  /** An open field visit: the officer, and the supervisors of the officer's unit. */
  visitWatcher: (actor: ActorSpec, target: TargetFacts) => actor.username === target.officer || supervisesUnit(actor, target),
  /** Acknowledging an overdue visit: a supervisor of the officer's unit (or the duty contact; none here). */
  visitSupervisor: supervisesUnit,
  /** A draw's names: the supervisors who may read the case (officers see their own selections under testing/today). */
  drawNames: supervisesUnit,
  /** Verifying a draw (no names in the answer): the agency's supervisors and administrators. */
  drawManager: (actor: ActorSpec, target: TargetFacts) =>
    actor.agency === target.agency && (actor.roles.includes("supervisor") || actor.roles.includes("admin")),
  /** Function-level roles, for the routes that hold no person's data (not aimed at a record). */
  admin: (actor: ActorSpec) => actor.agency === "demo" && actor.roles.includes("admin"),
  auditor: (actor: ActorSpec) => actor.agency === "demo" && actor.roles.includes("auditor"),
  /** The staff list: administrators (agency) and supervisors (unit). */
  staffList: (actor: ActorSpec) => actor.roles.includes("admin") || actor.roles.includes("supervisor"),
  /** A North officer's account: administrators, and supervisors of North. */
  northStaffRecord: (actor: ActorSpec) =>
    actor.agency === "demo" && (actor.roles.includes("admin") || (actor.roles.includes("supervisor") && actor.unit === "north")),
  /** A unit's aggregate reports (fairness monitoring): any supervisor, for their own unit. */
  supervisorRole: (actor: ActorSpec) => actor.roles.includes("supervisor"),
  /** Lists limited to the cases one may read (the live monitoring map): officers and supervisors, empty or not. */
  caseworker: (actor: ActorSpec) => actor.roles.includes("officer") || actor.roles.includes("supervisor"),
  /** Intake: officers and supervisors, into their own unit (not aimed at an existing record). */
  intake: (actor: ActorSpec) => actor.unit !== null && (actor.roles.includes("officer") || actor.roles.includes("supervisor")),
  nobody: () => false,
} satisfies Record<string, (actor: ActorSpec, target: TargetFacts) => boolean>;
type RuleName = keyof typeof rules;

// ─── What is sent, and how the answer is read ──────────────────────────────────────────────────────────────────────

type Probe = { method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE"; url: string; body?: unknown; jpeg?: boolean };
type Target = PersonRecords & {
  key: TargetKey;
  currentOfficerId: string;
  /** The officer the appointments were booked with (officer A for the transferred case). */
  appointmentOfficerId: string;
  drawId: string;
  /** The case's submitted request's task (the unit's supervisors'), a follow-up of its officer's, and one to change. */
  approvalTaskId: string;
  officerTaskId: string;
  followUpTaskId: string;
  /** A task of the unit's supervisors, and one named for officer.north2 (namedTaskOwner), each to act on. */
  supervisorsTaskId: string;
  namedTaskId: string;
  /** The case's unit now. */
  unitId: string;
  /** An assessment of the case in progress. */
  assessmentId: string;
  /** A violation recorded by the case's officer, and a departure from the matrix they proposed for it (awaiting approval). */
  violationId: string;
  departureId: string;
  /** A written warning's letter, generated when the response (within the matrix) took effect. */
  letterId: string;
  /** The case's active plan and one of its steps. */
  casePlanId: string;
  casePlanStepId: string;
  /** A completed assessment of the case, and the override of its level its madeBy officer asked for. */
  completedAssessmentId: string;
  overrideId: string;
  /** An open crisis recorded by the case's officer. */
  crisisId: string;
  /** An early-discharge recommendation of the case by its madeBy officer, awaiting approval. */
  dischargeRecommendationId: string;
  /** A revocation recommendation of the case by its madeBy officer, awaiting a supervisor's decision. */
  revocationId: string;
  /** A standing absconding record of the case (the person not found yet). */
  abscondingId: string;
  /** A device installed on the case's person (its own device), and a zone of the case. */
  activationId: string;
  zoneId: string;
  /** A monitoring alert of the case (a device on it, raised through recordAlertEvents) and an alert suspension. */
  alertId: string;
  suspensionId: string;
};
type Fixture = {
  today: string;
  now: Date;
  /** A North officer on no case: removed as co-officer, and the account the admin-only routes change. */
  bystanderOfficerId: string;
  spareUnitId: string;
  /** A crisis contact of the demo agency (every area), for the administrators' correction. */
  crisisContactId: string;
  northUnitId: string;
  /** An in-stock device, a vendor gateway and a shared zone of the demo agency. */
  deviceId: string;
  gatewayId: string;
  sharedZoneId: string;
  contactStandards: unknown;
  feedPath(actor: ActorSpec): Promise<string>;
  serial(): number;
};

/**
 * status: denied when 401, 403 or 404 (the convention: 403 for a record one may not use, 404 for one not found or
 * not one's own); any other answer, a 409 or a business-rule 400 included, means the request got past access.
 * reveals: for lists, allowed when a 2xx answer contains the record (its marker); an empty list is a denial.
 * succeeds: allowed when the answer is 2xx.
 */
type Observation = "status" | "reveals" | "succeeds";

type Check = {
  label?: string;
  rule: RuleName;
  observe: Observation;
  /** Targets to aim at; "none" for requests about no existing record (one cell per actor). */
  targets?: TargetKey[] | "none";
  probes(target: Target, actor: ActorSpec, fixture: Fixture): Probe[] | Promise<Probe[]>;
  marker?(target: Target): string;
};

/**
 * Every route of the app, classified. "person" routes touch a person's data and carry checks; the others say why not,
 * and the role-only ones (admin, auditor, staff accounts) carry function-level checks too.
 * public: no session; auth: signing in and one's own session; self: the signed-in user's own things only;
 * staff: accounts and units (not a supervised person's data); agency: the agency's own settings, read by all its staff.
 */
type RouteEntry =
  | { kind: "person"; checks: Check[] }
  | { kind: "public" | "auth" | "self" | "staff" | "agency" | "admin" | "auditor"; why: string; checks?: Check[] };

/** A function-level check: one request per actor, about no person. */
const roleOnly = (rule: RuleName, probes: (fixture: Fixture) => Probe[]): Check[] => [
  { rule, observe: "status", targets: "none", probes: (_t, _a, fixture) => probes(fixture) },
];

const get = (url: string): Probe[] => [{ method: "GET", url }];
const post = (url: string, body?: unknown): Probe[] => [{ method: "POST", url, body }];
const patch = (url: string, body: unknown): Probe[] => [{ method: "PATCH", url, body }];
const put = (url: string, body: unknown): Probe[] => [{ method: "PUT", url, body }];
const hoursBefore = (fixture: Fixture, hours: number) => new Date(fixture.now.getTime() - hours * 3_600_000).toISOString();
const note = (fixture: Fixture) => ({ noteType: "office", occurredAt: hoursBefore(fixture, 1), narrative: "Matrix note" });
/** A plan of one goal with a provider's step (no task, no assessment needed). */
const matrixPlan = {
  goals: [
    {
      title: "Matrix goal",
      objectives: [{ description: "Matrix objective", measure: "Matrix measure", targetDate: "2026-12-31" }],
      steps: [{ description: "Matrix step", owner: "provider", providerName: "Matrix provider" }],
    },
  ],
};
const matrixSquare = {
  type: "Polygon",
  coordinates: [
    [
      [-89.65, 39.78],
      [-89.649, 39.78],
      [-89.649, 39.781],
      [-89.65, 39.78],
    ],
  ],
};
const readRecord = (url: (target: Target) => string): Check => ({
  rule: "caseAccess",
  observe: "status",
  probes: (target) => get(url(target)),
});
const writeRecord = (
  method: "POST" | "PATCH" | "PUT",
  url: (target: Target) => string,
  body: (fixture: Fixture, target: Target) => unknown,
): Check => ({
  rule: "caseAccess",
  observe: "status",
  probes: (target, _actor, fixture) => [{ method, url: url(target), body: body(fixture, target) }],
});

/** Acting on a task follows its owner: the case's officer's (as changing the case), the unit's supervisors', a named user's. */
const actOnTasks = (action: "snooze" | "done" | "dismiss", body: (fixture: Fixture) => unknown): Check[] => {
  const on = (task: (target: Target) => string) => (target: Target, _actor: ActorSpec, fixture: Fixture) =>
    post(`/api/v1/tasks/${task(target)}/${action}`, body(fixture));
  return [
    writeRecord("POST", (t) => `/api/v1/tasks/${t.followUpTaskId}/${action}`, body),
    { label: "the unit's supervisors' task", rule: "unitSupervisor", observe: "status", probes: on((t) => t.supervisorsTaskId) },
    { label: "a task named for an officer of the unit", rule: "namedTaskOwner", observe: "status", probes: on((t) => t.namedTaskId) },
  ];
};

const routes: Record<string, RouteEntry> = {
  "GET /healthz": { kind: "public", why: "liveness" },
  "GET /readyz": { kind: "public", why: "database readiness" },
  // Machine to machine: no user session; each batch carries its gateway's API key and HMAC signature (401 otherwise),
  // and a gateway's readings may name only its own agency's devices.
  "POST /api/monitoring/readings": { kind: "public", why: "vendor gateways, authenticated per batch by API key and HMAC signature" },
  "POST /api/auth/sign-in": { kind: "auth", why: "sign-in" },
  "GET /api/auth/session": { kind: "auth", why: "own session" },
  "GET /api/auth/session-status": { kind: "public", why: "whether a session exists, without a 401" },
  "POST /api/auth/mfa/enrollment": { kind: "auth", why: "own authenticator" },
  "POST /api/auth/mfa/enrollment/confirm": { kind: "auth", why: "own authenticator" },
  "POST /api/auth/mfa/verify": { kind: "auth", why: "sign-in second factor" },
  "POST /api/auth/password": { kind: "auth", why: "own password" },
  "POST /api/auth/sign-out": { kind: "auth", why: "own session" },
  "POST /api/auth/sign-out-everywhere": { kind: "auth", why: "own sessions" },
  "GET /api/v1/units": { kind: "staff", why: "unit names" },
  "POST /api/v1/units": {
    kind: "admin",
    why: "organisation",
    checks: roleOnly("admin", (f) => post("/api/v1/units", { name: `Matrix unit ${f.serial()}` })),
  },
  "PATCH /api/v1/units/{id}": {
    kind: "admin",
    why: "organisation",
    checks: roleOnly("admin", (f) => patch(`/api/v1/units/${f.spareUnitId}`, { name: "Matrix spare unit" })),
  },
  "GET /api/v1/users": {
    kind: "staff",
    why: "staff accounts (admin: agency, supervisor: unit)",
    checks: roleOnly("staffList", () => get("/api/v1/users")),
  },
  "POST /api/v1/users": {
    kind: "admin",
    why: "staff accounts",
    checks: roleOnly("admin", (f) =>
      post("/api/v1/users", {
        username: `matrix.user${f.serial()}`,
        displayName: "Matrix User",
        roles: ["officer"],
        unitId: f.northUnitId,
      }),
    ),
  },
  "GET /api/v1/users/{id}": {
    kind: "staff",
    why: "a staff account",
    checks: roleOnly("northStaffRecord", (f) => get(`/api/v1/users/${f.bystanderOfficerId}`)),
  },
  "PATCH /api/v1/users/{id}": {
    kind: "admin",
    why: "staff accounts",
    checks: roleOnly("admin", (f) => patch(`/api/v1/users/${f.bystanderOfficerId}`, { displayName: "Spare Officer" })),
  },
  "POST /api/v1/users/{id}/actions/{action}": {
    kind: "admin",
    why: "staff accounts",
    checks: roleOnly("admin", (f) => post(`/api/v1/users/${f.bystanderOfficerId}/actions/release-lockout`)),
  },
  "GET /api/v1/agency/settings": {
    kind: "admin",
    why: "security settings",
    checks: roleOnly("admin", () => get("/api/v1/agency/settings")),
  },
  "PATCH /api/v1/agency/settings": {
    kind: "admin",
    why: "security settings",
    checks: roleOnly("admin", () => patch("/api/v1/agency/settings", {})),
  },
  "GET /api/v1/audit": { kind: "auditor", why: "audit log", checks: roleOnly("auditor", () => get("/api/v1/audit?limit=1")) },
  "GET /api/v1/audit/export.csv": {
    kind: "auditor",
    why: "audit log",
    checks: roleOnly("auditor", (f) => get(`/api/v1/audit/export.csv?from=${f.today}T13:59:00Z`)),
  },
  "GET /api/v1/condition-types": { kind: "agency", why: "the agency's condition catalogue" },
  "POST /api/v1/condition-types": {
    kind: "admin",
    why: "the agency's condition catalogue",
    checks: roleOnly("admin", (f) =>
      post("/api/v1/condition-types", { code: `MX-${f.serial()}`, title: "Matrix condition", kind: "standard" }),
    ),
  },
  "GET /api/v1/contact-standards": { kind: "agency", why: "the agency's contact standards" },
  "PUT /api/v1/contact-standards": {
    kind: "admin",
    why: "the agency's contact standards",
    checks: roleOnly("admin", (f) => put("/api/v1/contact-standards", f.contactStandards)),
  },
  "POST /api/v1/calendar-feed": { kind: "self", why: "rotates the own feed token (the feed itself is checked below)" },
  "POST /api/v1/field-visits/check-out": { kind: "self", why: "the own open visit" },
  "GET /api/v1/field-visits/colleagues": { kind: "staff", why: "names of colleagues for the second officer" },
  "POST /api/v1/notifications/read-all": { kind: "self", why: "the own notifications" },
  "GET /api/v1/jobs/{id}": {
    kind: "self",
    why: "a job's status: who enqueued it, or the agency's administrators; the queue's own jobs, administrators (jobs.test.ts)",
  },
  "GET /api/v1/jobs": {
    kind: "admin",
    why: "the background jobs page: the agency's and the queue's jobs",
    checks: roleOnly("admin", () => get("/api/v1/jobs")),
  },
  "POST /api/v1/jobs/{id}/run-again": {
    kind: "admin",
    why: "the background jobs page (a dead job run again, and its audited refusal: jobs.test.ts)",
  },
  "GET /api/v1/notifications/stream": {
    kind: "self",
    why: "the own notifications, live (streamed over HTTP in notifications/stream.test.ts)",
  },
  "GET /api/v1/notifications/preferences": { kind: "self", why: "the own delivery preferences" },
  "PUT /api/v1/notifications/preferences": { kind: "self", why: "the own delivery preferences" },
  "GET /api/v1/notifications/dead-letters": {
    kind: "admin",
    why: "the agency's undeliverable e-mail and SMS",
    checks: roleOnly("admin", () => get("/api/v1/notifications/dead-letters")),
  },
  "POST /api/v1/notifications/dead-letters/{id}/retry": {
    kind: "admin",
    why: "the agency's undeliverable e-mail and SMS (a dead letter's retry and its refusal: notifications.test.ts)",
  },
  "GET /api/v1/map-config": { kind: "agency", why: "map tile server" },

  // People
  "POST /api/v1/people": {
    kind: "person",
    checks: [
      {
        label: "intake into the own unit",
        rule: "intake",
        observe: "status",
        targets: "none",
        probes: () => post("/api/v1/people", intakeFor()),
      },
    ],
  },
  "GET /api/v1/people/{id}": { kind: "person", checks: [readRecord((t) => `/api/v1/people/${t.personId}`)] },
  "POST /api/v1/people/{id}/addresses": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/people/${t.personId}/addresses`,
        () => ({
          line1: "1 Matrix Way",
          city: "Springfield",
          state: "IL",
          postalCode: "62701",
          movedIn: "2026-01-05",
        }),
      ),
    ],
  },
  "POST /api/v1/people/{id}/employment": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/people/${t.personId}/employment`,
        () => ({ employer: "Acme", startedOn: "2026-02-01" }),
      ),
    ],
  },
  "POST /api/v1/people/{id}/contacts": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/people/${t.personId}/contacts`,
        () => ({ kind: "family", fullName: "Pat Doe" }),
      ),
    ],
  },
  "POST /api/v1/people/{id}/cautions": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/people/${t.personId}/cautions`,
        () => ({ kind: "other", description: "Matrix caution" }),
      ),
    ],
  },
  "POST /api/v1/people/{id}/aliases": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/people/${t.personId}/aliases`,
        () => ({ fullName: "Matrix Alias" }),
      ),
    ],
  },
  "PATCH /api/v1/addresses/{id}/verification": {
    kind: "person",
    checks: [
      writeRecord(
        "PATCH",
        (t) => `/api/v1/addresses/${t.addressId}/verification`,
        () => ({ status: "verified", verifiedOn: "2026-02-01" }),
      ),
    ],
  },
  // Version 1 is stale after the first allowed change: a 409 still means the request got past access.
  "POST /api/v1/cautions/{id}/retire": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cautions/${t.cautionId}/retire`,
        () => ({ reason: "Matrix", expectedVersion: 1 }),
      ),
    ],
  },
  "PATCH /api/v1/addresses/{id}": {
    kind: "person",
    checks: [
      writeRecord(
        "PATCH",
        (t) => `/api/v1/addresses/${t.addressId}`,
        () => ({
          line1: "12 Elm Street",
          city: "Springfield",
          state: "IL",
          postalCode: "62701",
          movedIn: "2026-01-05",
          expectedVersion: 1,
        }),
      ),
    ],
  },
  "POST /api/v1/addresses/{id}/move-out": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/addresses/${t.addressId}/move-out`,
        () => ({ movedOut: "2026-01-04", expectedVersion: 1 }),
      ),
    ],
  },
  "PATCH /api/v1/employment/{id}": {
    kind: "person",
    checks: [
      writeRecord(
        "PATCH",
        (t) => `/api/v1/employment/${t.employmentId}`,
        () => ({ position: "Matrix", expectedVersion: 1 }),
      ),
    ],
  },
  "POST /api/v1/employment/{id}/verification": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/employment/${t.employmentId}/verification`,
        () => ({ verifiedOn: "2026-01-01", expectedVersion: 1 }),
      ),
    ],
  },
  "PATCH /api/v1/person-contacts/{id}": {
    kind: "person",
    checks: [
      writeRecord(
        "PATCH",
        (t) => `/api/v1/person-contacts/${t.personContactId}`,
        () => ({ kind: "household", fullName: "Pat Doe", expectedVersion: 1 }),
      ),
    ],
  },
  // Removing twice is a 409 (already removed), so every allowed actor is seen past access.
  "DELETE /api/v1/person-contacts/{id}": {
    kind: "person",
    checks: [
      {
        rule: "caseAccess",
        observe: "status",
        probes: (t) => [{ method: "DELETE", url: `/api/v1/person-contacts/${t.personContactId}?expectedVersion=1` }],
      },
    ],
  },
  "DELETE /api/v1/aliases/{id}": {
    kind: "person",
    checks: [{ rule: "caseAccess", observe: "status", probes: (t) => [{ method: "DELETE", url: `/api/v1/aliases/${t.aliasId}` }] }],
  },
  "PUT /api/v1/people/{id}/photo": {
    kind: "person",
    checks: [
      // Allowed actors after the first answer 409 edit_conflict (the person's version moved on): still allowed.
      {
        rule: "caseAccess",
        observe: "status",
        probes: (t) => [{ method: "PUT", url: `/api/v1/people/${t.personId}/photo?expectedVersion=1`, jpeg: true }],
      },
    ],
  },
  "PATCH /api/v1/people/{id}": {
    kind: "person",
    checks: [
      writeRecord(
        "PATCH",
        (t) => `/api/v1/people/${t.personId}`,
        // The name other checks search for is kept; allowed actors after the first answer 409 edit_conflict.
        (_fixture, t) => ({
          firstName: "Jordan",
          lastName: t.personLastName,
          dateOfBirth: "1990-04-12",
          agencyPersonNumber: `M-${t.personId}`.slice(0, 40),
          expectedVersion: 1,
        }),
      ),
    ],
  },
  "GET /api/v1/people/{id}/photo": { kind: "person", checks: [readRecord((t) => `/api/v1/people/${t.personId}/photo`)] },
  "GET /api/v1/people/{id}/race-ethnicity": {
    kind: "person",
    checks: [readRecord((t) => `/api/v1/people/${t.personId}/race-ethnicity`)],
  },
  "PUT /api/v1/people/{id}/race-ethnicity": {
    kind: "person",
    // The first allowed actor records it; the next get past access to the 400 asking for the version read.
    checks: [
      writeRecord(
        "PUT",
        (t) => `/api/v1/people/${t.personId}/race-ethnicity`,
        () => ({ declined: true, categories: [] }),
      ),
    ],
  },
  // Aggregates of the supervisor's own unit, small groups suppressed: a supervisor's, whatever the unit; no one else's.
  "GET /api/v1/fairness/responses": { kind: "person", checks: roleOnly("supervisorRole", () => get("/api/v1/fairness/responses")) },
  // Electronic monitoring map: the list is limited to readable cases (officers and supervisors); a track is a case read;
  // the crime-scene search is the agency's supervisors' (a stated reason, audited).
  "GET /api/v1/monitoring/positions": { kind: "person", checks: roleOnly("caseworker", () => get("/api/v1/monitoring/positions")) },
  "GET /api/v1/cases/{id}/monitoring/track": {
    kind: "person",
    checks: [
      {
        rule: "caseAccess",
        observe: "status",
        probes: (t, _a, fixture) =>
          get(
            `/api/v1/cases/${t.caseId}/monitoring/track?from=${encodeURIComponent(hoursBefore(fixture, 3))}&to=${encodeURIComponent(hoursBefore(fixture, 1))}`,
          ),
      },
    ],
  },
  "POST /api/v1/monitoring/crime-scene-searches": {
    kind: "person",
    checks: roleOnly("supervisorRole", (fixture) =>
      post("/api/v1/monitoring/crime-scene-searches", {
        latitude: 38.58,
        longitude: -121.49,
        radiusMeters: 200,
        from: hoursBefore(fixture, 5),
        to: hoursBefore(fixture, 1),
        reason: "Matrix: incident 2026-0001",
      }),
    ),
  },

  // Notes
  "GET /api/v1/cases/{id}/notes": {
    kind: "person",
    checks: [
      readRecord((t) => `/api/v1/cases/${t.caseId}/notes`),
      {
        label: "draft shown",
        rule: "draftAuthor",
        observe: "reveals",
        probes: (t) => get(`/api/v1/cases/${t.caseId}/notes`),
        marker: (t) => t.draftNoteId,
      },
    ],
  },
  "POST /api/v1/cases/{id}/notes": { kind: "person", checks: [writeRecord("POST", (t) => `/api/v1/cases/${t.caseId}/notes`, note)] },
  "PATCH /api/v1/notes/{id}": {
    kind: "person",
    // The edit keeps the draft's word, so note search still finds the draft afterwards. Version 1 is stale after the
    // first allowed edit: a 409 still means the request got past access.
    checks: [
      {
        rule: "draftAuthor",
        observe: "status",
        probes: (t, _a, f) =>
          patch(`/api/v1/notes/${t.draftNoteId}`, { ...note(f), narrative: `Phone call ${t.draftNoteWord} edited`, expectedVersion: 1 }),
      },
    ],
  },
  "POST /api/v1/notes/{id}/sign": {
    kind: "person",
    checks: [{ rule: "draftAuthor", observe: "status", probes: (t) => post(`/api/v1/notes/${t.draftToSignNoteId}/sign`) }],
  },
  "POST /api/v1/notes/{id}/amendments": {
    kind: "person",
    checks: [writeRecord("POST", (t) => `/api/v1/notes/${t.signedNoteId}/amendments`, note)],
  },
  "GET /api/v1/notes/search": {
    kind: "person",
    checks: [
      {
        rule: "caseAccess",
        observe: "reveals",
        probes: (t) => get(`/api/v1/notes/search?q=${t.signedNoteWord}`),
        marker: (t) => t.signedNoteId,
      },
      {
        label: "draft found",
        rule: "draftAuthor",
        observe: "reveals",
        probes: (t) => get(`/api/v1/notes/search?q=${t.draftNoteWord}`),
        marker: (t) => t.draftNoteId,
      },
    ],
  },

  // Caseload and cases
  "GET /api/v1/caseload": {
    kind: "person",
    checks: [
      {
        rule: "caseAccess",
        observe: "reveals",
        probes: (t) => [...get("/api/v1/caseload"), ...get(`/api/v1/caseload?officerId=${t.currentOfficerId}`)],
        marker: (t) => t.caseId,
      },
    ],
  },
  "GET /api/v1/cases/{id}": { kind: "person", checks: [readRecord((t) => `/api/v1/cases/${t.caseId}`)] },
  "PATCH /api/v1/cases/{id}": {
    kind: "person",
    checks: [
      writeRecord(
        "PATCH",
        (t) => `/api/v1/cases/${t.caseId}`,
        // Allowed actors after the first answer 409 edit_conflict (the version moved on): still allowed.
        () => ({ expectedVersion: 1, riskLevel: "moderate", reason: "Matrix" }),
      ),
    ],
  },
  // The transfer and co-officer bodies name the case's own officer (the removal a bystander, not a co-officer):
  // allowed, they answer 409 before the version is looked at, and change nothing.
  "POST /api/v1/cases/{id}/transfer": {
    kind: "person",
    checks: [
      {
        rule: "unitSupervisor",
        observe: "status",
        probes: (t) => post(`/api/v1/cases/${t.caseId}/transfer`, { officerId: t.currentOfficerId, reason: "Matrix", expectedVersion: 1 }),
      },
    ],
  },
  "POST /api/v1/cases/{id}/co-officers": {
    kind: "person",
    checks: [
      {
        rule: "unitSupervisor",
        observe: "status",
        probes: (t) => post(`/api/v1/cases/${t.caseId}/co-officers`, { officerId: t.currentOfficerId, expectedVersion: 1 }),
      },
    ],
  },
  "DELETE /api/v1/cases/{id}/co-officers/{officerId}": {
    kind: "person",
    checks: [
      {
        rule: "unitSupervisor",
        observe: "status",
        probes: (t, _a, f) => [
          { method: "DELETE", url: `/api/v1/cases/${t.caseId}/co-officers/${f.bystanderOfficerId}?expectedVersion=1` },
        ],
      },
    ],
  },

  // Conditions
  "POST /api/v1/cases/{id}/conditions": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/conditions`,
        (_f, t) => ({
          conditionTypeId: t.conditionTypeId,
          effectiveFrom: "2026-02-01",
          orderedBy: "Superior Court",
        }),
      ),
    ],
  },
  "POST /api/v1/conditions/{id}/modifications": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/conditions/${t.conditionId}/modifications`,
        () => ({
          parameters: {},
          effectiveFrom: "2026-03-01",
          orderedBy: "Superior Court",
        }),
      ),
    ],
  },
  "PATCH /api/v1/conditions/{id}/compliance": {
    kind: "person",
    checks: [
      writeRecord(
        "PATCH",
        (t) => `/api/v1/conditions/${t.conditionId}/compliance`,
        () => ({ compliance: "compliant" }),
      ),
    ],
  },
  "GET /api/v1/cases/{id}/modification-requests": {
    kind: "person",
    checks: [readRecord((t) => `/api/v1/cases/${t.caseId}/modification-requests`)],
  },
  "POST /api/v1/cases/{id}/modification-requests": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/modification-requests`,
        (_f, t) => ({
          conditionTypeId: t.conditionTypeId,
          justification: "Matrix",
        }),
      ),
    ],
  },
  "PATCH /api/v1/modification-requests/{id}": {
    kind: "person",
    checks: [
      writeRecord(
        "PATCH",
        (t) => `/api/v1/modification-requests/${t.modificationRequestId}`,
        () => ({ status: "submitted" }),
      ),
      {
        label: "decide",
        rule: "requestDecider",
        observe: "status",
        probes: (t) => patch(`/api/v1/modification-requests/${t.modificationRequestId}`, { status: "denied" }),
      },
    ],
  },
  "POST /api/v1/conditions/{id}/end": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/conditions/${t.conditionId}/end`,
        () => ({ effectiveTo: "2026-12-31", reason: "Matrix" }),
      ),
    ],
  },
  "GET /api/v1/modification-requests": {
    kind: "person",
    checks: [
      {
        rule: "unitSupervisor",
        observe: "reveals",
        probes: () => get("/api/v1/modification-requests"),
        marker: (t) => t.submittedRequestId,
      },
    ],
  },

  // Contacts and appointments
  "POST /api/v1/cases/{id}/contacts": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/contacts`,
        (f) => ({
          contactType: "phone",
          occurredAt: hoursBefore(f, 1),
          outcome: "completed",
        }),
      ),
    ],
  },
  "GET /api/v1/cases/{id}/contacts": { kind: "person", checks: [readRecord((t) => `/api/v1/cases/${t.caseId}/contacts`)] },
  "GET /api/v1/cases/{id}/standards": { kind: "person", checks: [readRecord((t) => `/api/v1/cases/${t.caseId}/standards`)] },
  "POST /api/v1/cases/{id}/appointments": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/appointments`,
        (f) => ({
          appointmentType: "phone",
          startsAt: `${f.today}T22:00:00.000Z`,
          endsAt: `${f.today}T22:15:00.000Z`,
        }),
      ),
    ],
  },
  "GET /api/v1/cases/{id}/appointments": {
    kind: "person",
    checks: [
      readRecord((t) => `/api/v1/cases/${t.caseId}/appointments`),
      {
        label: "appointment listed",
        rule: "caseAccess",
        observe: "reveals",
        probes: (t) => get(`/api/v1/cases/${t.caseId}/appointments?upcoming=false`),
        marker: (t) => t.appointmentId,
      },
    ],
  },
  "PATCH /api/v1/appointments/{id}": {
    kind: "person",
    // Rescheduled to a time of its own day, so the calendar and Today still hold it.
    checks: [
      writeRecord(
        "PATCH",
        (t) => `/api/v1/appointments/${t.appointmentId}`,
        // Allowed actors after the first answer 409 edit_conflict (the version moved on): still allowed.
        (f, t) => ({
          startsAt: `${f.today}T${t.key === "transferred" ? "17" : "15"}:00:00.000Z`,
          endsAt: `${f.today}T${t.key === "transferred" ? "17" : "15"}:30:00.000Z`,
          expectedVersion: 1,
        }),
      ),
    ],
  },
  "POST /api/v1/appointments/{id}/cancel": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/appointments/${t.spareAppointmentId}/cancel`,
        () => ({ reason: "Matrix", expectedVersion: 1 }),
      ),
    ],
  },
  "POST /api/v1/appointments/{id}/outcome-correction": {
    kind: "person",
    // The appointment is still scheduled: an allowed actor gets past access to a 409 (nothing to correct).
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/appointments/${t.spareAppointmentId}/outcome-correction`,
        () => ({ status: "completed", reason: "Matrix", expectedVersion: 1 }),
      ),
    ],
  },
  "GET /api/v1/appointments": {
    kind: "person",
    checks: [
      {
        label: "calendar",
        rule: "caseAccess",
        observe: "reveals",
        // The own calendar, the calendar of the case's officer, and of the officer the appointment was booked with.
        probes: (t, _a, f) => {
          const range = `from=${f.today}T00:00:00Z&to=${f.today}T23:59:59Z`;
          const officers = [...new Set([t.currentOfficerId, t.appointmentOfficerId])];
          return [
            ...get(`/api/v1/appointments?${range}`),
            ...officers.flatMap((id) => get(`/api/v1/appointments?${range}&officerId=${id}`)),
          ];
        },
        marker: (t) => t.appointmentId,
      },
    ],
  },
  "GET /api/calendar/{file}": {
    kind: "person",
    checks: [
      {
        label: "own feed",
        rule: "caseOfficer",
        observe: "reveals",
        probes: async (_t, actor, f) => get(await f.feedPath(actor)),
        marker: (t) => `UID:${t.appointmentId}@`,
      },
    ],
  },

  // Field safety and notifications
  "POST /api/v1/field-visits": {
    kind: "person",
    checks: [
      {
        label: "about the case",
        rule: "caseAccess",
        observe: "status",
        probes: (t) => post("/api/v1/field-visits", { caseId: t.caseId, location: "Matrix visit", expectedMinutes: 30 }),
      },
    ],
  },
  "GET /api/v1/field-visits/active": {
    kind: "person",
    checks: [
      {
        rule: "visitWatcher",
        observe: "reveals",
        targets: ownRecordTargets,
        probes: () => get("/api/v1/field-visits/active"),
        marker: (t) => t.fieldVisitId!,
      },
    ],
  },
  "POST /api/v1/field-visits/{id}/acknowledge": {
    kind: "person",
    checks: [
      {
        rule: "visitSupervisor",
        observe: "status",
        targets: ownRecordTargets,
        probes: (t) => post(`/api/v1/field-visits/${t.fieldVisitId}/acknowledge`),
      },
    ],
  },
  "GET /api/v1/notifications": {
    kind: "person",
    checks: [
      {
        rule: "recipient",
        observe: "reveals",
        targets: ownRecordTargets,
        probes: () => get("/api/v1/notifications"),
        marker: (t) => t.notificationId,
      },
    ],
  },
  "POST /api/v1/notifications/{id}/read": {
    kind: "person",
    checks: [
      {
        rule: "recipient",
        observe: "status",
        targets: ownRecordTargets,
        probes: (t) => post(`/api/v1/notifications/${t.notificationId}/read`),
      },
    ],
  },

  // Electronic monitoring: device commands (the matrix's cases have no device: an allowed send answers 409)
  "GET /api/v1/cases/{id}/monitoring/commands": {
    kind: "person",
    checks: [readRecord((t) => `/api/v1/cases/${t.caseId}/monitoring/commands`)],
  },
  "POST /api/v1/cases/{id}/monitoring/commands": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/monitoring/commands`,
        () => ({ command: "locate_now" }),
      ),
    ],
  },

  // Drug testing
  "PUT /api/v1/cases/{id}/testing-program": {
    kind: "person",
    checks: [
      writeRecord(
        "PUT",
        (t) => `/api/v1/cases/${t.caseId}/testing-program`,
        () => ({
          frequency: "random",
          testsPerMonth: 31,
          panel: ["cocaine"],
          method: "urine",
          startedOn: "2026-01-05",
        }),
      ),
    ],
  },
  "GET /api/v1/cases/{id}/tests": { kind: "person", checks: [readRecord((t) => `/api/v1/cases/${t.caseId}/tests`)] },
  "POST /api/v1/cases/{id}/tests": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/tests`,
        (f) => ({
          status: "collected",
          specimenId: `MX-${f.serial()}`,
          collectedAt: hoursBefore(f, 1),
          method: "urine",
        }),
      ),
    ],
  },
  "PATCH /api/v1/tests/{id}/results/{substance}": {
    kind: "person",
    checks: [
      writeRecord(
        "PATCH",
        (t) => `/api/v1/tests/${t.testId}/results/cocaine`,
        () => ({ confirmation: "confirmed" }),
      ),
    ],
  },
  "POST /api/v1/tests/{id}/custody": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/tests/${t.testId}/custody`,
        (f) => ({ action: "shipped", byName: "Courier", at: hoursBefore(f, 1) }),
      ),
    ],
  },
  "POST /api/v1/testing/draws": {
    kind: "person",
    checks: [
      {
        label: "a later day's draw (with names)",
        rule: "nobody",
        observe: "succeeds",
        targets: "none",
        // Each actor asks for a day of its own, so every attempt is a first one.
        probes: (_t, _a, f) => post("/api/v1/testing/draws", { date: addDays(f.today, 1 + f.serial()) }),
      },
    ],
  },
  "GET /api/v1/testing/draws/{date}": {
    kind: "person",
    checks: [
      {
        label: "today's draw names the person",
        rule: "drawNames",
        observe: "reveals",
        probes: (_t, _a, f) => get(`/api/v1/testing/draws/${f.today}`),
        marker: (t) => t.personLastName,
      },
    ],
  },
  "POST /api/v1/testing/draws/{id}/verify": {
    kind: "person",
    checks: [
      {
        label: "the agency's draw",
        rule: "drawManager",
        observe: "status",
        probes: (t) => post(`/api/v1/testing/draws/${t.drawId}/verify`),
      },
    ],
  },
  "GET /api/v1/testing/today": {
    kind: "person",
    checks: [{ rule: "caseAccess", observe: "reveals", probes: () => get("/api/v1/testing/today"), marker: (t) => t.personLastName }],
  },
  "GET /api/v1/cases/{id}/call-in": { kind: "person", checks: [readRecord((t) => `/api/v1/cases/${t.caseId}/call-in`)] },

  // Tasks
  "GET /api/v1/tasks/mine": {
    kind: "person",
    checks: [
      {
        label: "the case's officer's",
        rule: "caseOfficer",
        observe: "reveals",
        probes: () => get("/api/v1/tasks/mine"),
        marker: (t) => t.officerTaskId,
      },
      {
        label: "awaiting approval (the unit's supervisors')",
        rule: "unitSupervisor",
        observe: "reveals",
        probes: () => get("/api/v1/tasks/mine?kind=approval_requested"),
        marker: (t) => t.approvalTaskId,
      },
    ],
  },
  "GET /api/v1/tasks/unit": {
    kind: "person",
    checks: [
      {
        label: "the case's unit's, by officer",
        rule: "unitSupervisor",
        observe: "reveals",
        probes: (t) => get(`/api/v1/tasks/unit?unitId=${t.unitId}`),
        marker: (t) => t.officerTaskId,
      },
    ],
  },
  // The supervisor's approvals list (issue 13 §9), read while the fixture's request still awaits its decision.
  "GET /api/v1/approvals": {
    kind: "person",
    checks: [
      {
        label: "a condition request raised by the case's officer",
        rule: "requestDecider",
        observe: "reveals",
        probes: () => get("/api/v1/approvals"),
        marker: (t) => t.approvalTaskId,
      },
    ],
  },
  "POST /api/v1/cases/{id}/assessments": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/assessments`,
        () => ({ instrumentId: "general_risk_needs" }),
      ),
    ],
  },
  "GET /api/v1/assessments/{id}": { kind: "person", checks: [readRecord((t) => `/api/v1/assessments/${t.assessmentId}`)] },
  // A version no one has: an allowed actor gets past access to the 409, and nothing changes.
  "PUT /api/v1/assessments/{id}/answers": {
    kind: "person",
    checks: [
      writeRecord(
        "PUT",
        (t) => `/api/v1/assessments/${t.assessmentId}/answers`,
        () => ({ answers: {}, expectedVersion: 999 }),
      ),
    ],
  },
  "POST /api/v1/assessments/{id}/complete": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/assessments/${t.assessmentId}/complete`,
        () => ({ expectedVersion: 999 }),
      ),
    ],
  },
  "GET /api/v1/cases/{id}/case-plan": { kind: "person", checks: [readRecord((t) => `/api/v1/cases/${t.caseId}/case-plan`)] },
  // Reviews of a version no one has, steps and agreements on it: allowed actors get past access to the 409.
  "POST /api/v1/cases/{id}/case-plan": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/case-plan`,
        () => ({ ...matrixPlan, reviewReason: "Matrix", expectedVersion: 999 }),
      ),
    ],
  },
  "POST /api/v1/case-plans/{id}/steps/{stepId}/status": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/case-plans/${t.casePlanId}/steps/${t.casePlanStepId}/status`,
        () => ({ status: "done", expectedVersion: 999 }),
      ),
    ],
  },
  "POST /api/v1/case-plans/{id}/agreement": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/case-plans/${t.casePlanId}/agreement`,
        (f) => ({ kind: "verbal", on: f.today, expectedVersion: 999 }),
      ),
    ],
  },
  // Each case is supervised above its (low) assessment: listed for whoever may read it.
  "GET /api/v1/level-reviews": {
    kind: "person",
    checks: [{ rule: "caseAccess", observe: "reveals", probes: () => get("/api/v1/level-reviews"), marker: (t) => t.caseId }],
  },
  // An opportunity key that never matches: allowed actors get past access to the 409, and nothing changes.
  "POST /api/v1/cases/{id}/level-review/snooze": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/level-review/snooze`,
        (f) => ({ opportunityKey: "matrix", reason: "Matrix", until: addDays(f.today, 3) }),
      ),
    ],
  },
  "POST /api/v1/cases/{id}/level-review/deny": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/level-review/deny`,
        () => ({ opportunityKey: "matrix", reason: "Matrix" }),
      ),
    ],
  },
  "POST /api/v1/cases/{id}/level-review/action": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/level-review/action`,
        () => ({ opportunityKey: "matrix", reason: "Matrix", level: "low", expectedVersion: 1 }),
      ),
    ],
  },
  "GET /api/v1/cases/{id}/assessments": { kind: "person", checks: [readRecord((t) => `/api/v1/cases/${t.caseId}/assessments`)] },
  "GET /api/v1/instruments/{id}/versions/{version}": {
    kind: "agency",
    why: "the agency's assessment instruments, shipped and imported (no person's data)",
  },
  "GET /api/v1/instruments": {
    kind: "admin",
    why: "the agency's instrument library",
    checks: roleOnly("admin", () => get("/api/v1/instruments")),
  },
  // The first administrator imports the draft; the next one's same file is answered as it stands (200).
  "POST /api/v1/instruments": {
    kind: "admin",
    why: "importing the agency's own instrument",
    checks: roleOnly("admin", () => post("/api/v1/instruments", { definition: housingScreener })),
  },
  // The shipped version 1 is active already: 409 past access. Retiring it: the first administrator's 200, the next one's 409.
  "POST /api/v1/instruments/{id}/versions/{version}/publish": {
    kind: "admin",
    why: "publishing an instrument version for the agency's officers",
    checks: roleOnly("admin", () => post("/api/v1/instruments/general_risk_needs/versions/1/publish")),
  },
  "POST /api/v1/instruments/{id}/versions/{version}/retire": {
    kind: "admin",
    why: "retiring an instrument version",
    checks: roleOnly("admin", () => post("/api/v1/instruments/general_risk_needs/versions/1/retire")),
  },
  // An override already awaits a decision: an allowed actor gets past access to the 409, and nothing changes.
  "POST /api/v1/assessments/{id}/overrides": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/assessments/${t.completedAssessmentId}/overrides`,
        () => ({ supervisionLevel: "intensive", reason: "Matrix" }),
      ),
    ],
  },
  // A supervisor of the case's unit who did not ask (not self); the first allowed denies it, the others get 409.
  "POST /api/v1/assessment-overrides/{id}/decision": {
    kind: "person",
    checks: [
      {
        label: "decide",
        rule: "requestDecider",
        observe: "status",
        probes: (t) => post(`/api/v1/assessment-overrides/${t.overrideId}/decision`, { decision: "denied", reason: "Matrix" }),
      },
    ],
  },
  "GET /api/v1/cases/{id}/tasks": { kind: "person", checks: [readRecord((t) => `/api/v1/cases/${t.caseId}/tasks`)] },
  // The first allowed actor's change closes each task (done, dismissed): the others' 409 still got past access.
  "POST /api/v1/tasks/{id}/snooze": {
    kind: "person",
    checks: actOnTasks("snooze", (f) => ({ reason: "Matrix", until: `${addDays(f.today, 2)}T12:00:00.000Z` })),
  },
  "POST /api/v1/tasks/{id}/done": { kind: "person", checks: actOnTasks("done", () => ({ note: "Matrix" })) },
  "POST /api/v1/tasks/{id}/dismiss": { kind: "person", checks: actOnTasks("dismiss", () => ({ reason: "Matrix" })) },
  // Violations (issue 13): versions no one has, a refusal without its reason and a response awaiting approval marked
  // done: an allowed actor gets past access to the 400 or 409, and nothing changes.
  "GET /api/v1/cases/{id}/violations": { kind: "person", checks: [readRecord((t) => `/api/v1/cases/${t.caseId}/violations`)] },
  "POST /api/v1/cases/{id}/violations": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/violations`,
        (f) => ({ type: "other", occurredAt: hoursBefore(f, 1), description: "Matrix violation" }),
      ),
    ],
  },
  "PATCH /api/v1/violations/{id}": {
    kind: "person",
    checks: [
      writeRecord(
        "PATCH",
        (t) => `/api/v1/violations/${t.violationId}`,
        () => ({ expectedVersion: 999, personsAccount: "Matrix" }),
      ),
    ],
  },
  "POST /api/v1/violations/{id}/merge": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/violations/${t.violationId}/merge`,
        () => ({ expectedVersion: 999, violationIds: [randomUUID()] }),
      ),
    ],
  },
  "POST /api/v1/violations/{id}/responses": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/violations/${t.violationId}/responses`,
        (f) => ({ expectedVersion: 999, response: "verbal_warning", dueOn: f.today }),
      ),
    ],
  },
  "POST /api/v1/violation-responses/{id}/decision": {
    kind: "person",
    checks: [
      {
        label: "a departure proposed by the case's officer",
        rule: "requestDecider",
        observe: "status",
        probes: (t) => post(`/api/v1/violation-responses/${t.departureId}/decision`, { decision: "refused" }),
      },
    ],
  },
  "POST /api/v1/violation-responses/{id}/done": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/violation-responses/${t.departureId}/done`,
        () => ({}),
      ),
    ],
  },
  "GET /api/v1/warning-letters/{id}": { kind: "person", checks: [readRecord((t) => `/api/v1/warning-letters/${t.letterId}`)] },
  // Early discharge (issue 13 §5): the case's state, evaluating it now, and decisions (an opportunity key that never
  // matches: allowed actors get past access to the 409, and nothing changes).
  "GET /api/v1/cases/{id}/early-discharge": {
    kind: "person",
    checks: [
      { rule: "caseAccess", observe: "status", probes: (t) => [{ method: "GET", url: `/api/v1/cases/${t.caseId}/early-discharge` }] },
    ],
  },
  "POST /api/v1/cases/{id}/early-discharge/evaluate": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/early-discharge/evaluate`,
        () => ({}),
      ),
    ],
  },
  "POST /api/v1/cases/{id}/early-discharge/recommend": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/early-discharge/recommend`,
        () => ({ opportunityKey: "matrix-stale", note: "Matrix" }),
      ),
    ],
  },
  "POST /api/v1/cases/{id}/early-discharge/deny": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/early-discharge/deny`,
        () => ({ opportunityKey: "matrix-stale", reason: "Matrix" }),
      ),
    ],
  },
  "POST /api/v1/cases/{id}/early-discharge/snooze": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/early-discharge/snooze`,
        (f) => ({ opportunityKey: "matrix-stale", reason: "Matrix", until: addDays(f.today, 3) }),
      ),
    ],
  },
  "POST /api/v1/early-discharge-recommendations/{id}/decision": {
    kind: "person",
    checks: [
      {
        label: "a recommendation by the case's officer",
        rule: "requestDecider",
        observe: "status",
        probes: (t) =>
          post(`/api/v1/early-discharge-recommendations/${t.dischargeRecommendationId}/decision`, {
            decision: "returned",
            reason: "Matrix",
          }),
      },
    ],
  },
  // Revocation and recall (issue 13 §6): bodies that get allowed actors past access to a 400 or 409 with nothing changed
  // (a random violation, a stale version of a submitted file, a discussion in the future, a day out of range).
  "GET /api/v1/cases/{id}/revocations": { kind: "person", checks: [readRecord((t) => `/api/v1/cases/${t.caseId}/revocations`)] },
  "POST /api/v1/cases/{id}/revocations": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/revocations`,
        () => ({ violationIds: [randomUUID()] }),
      ),
    ],
  },
  "GET /api/v1/revocations/{id}": { kind: "person", checks: [readRecord((t) => `/api/v1/revocations/${t.revocationId}`)] },
  // Only the file's author, while the case is theirs, edits or submits it (revocation.author): the deciders wrote none of it.
  "PATCH /api/v1/revocations/{id}": {
    kind: "person",
    checks: [
      {
        ...writeRecord(
          "PATCH",
          (t) => `/api/v1/revocations/${t.revocationId}`,
          () => ({ expectedVersion: 999, facts: "Matrix" }),
        ),
        rule: "draftAuthor",
      },
    ],
  },
  "POST /api/v1/revocations/{id}/submit": {
    kind: "person",
    checks: [
      {
        ...writeRecord(
          "POST",
          (t) => `/api/v1/revocations/${t.revocationId}/submit`,
          () => ({ expectedVersion: 999 }),
        ),
        rule: "draftAuthor",
      },
    ],
  },
  "POST /api/v1/revocations/{id}/decision": {
    kind: "person",
    checks: [
      {
        label: "a recommendation by the case's officer",
        rule: "requestDecider",
        observe: "status",
        probes: (t, _a, f) =>
          post(`/api/v1/revocations/${t.revocationId}/decision`, {
            decision: "refer",
            discussedOn: addDays(f.today, 3),
            discussedWith: "Matrix",
            discussionNotes: "Matrix",
          }),
      },
    ],
  },
  "POST /api/v1/cases/{id}/absconding": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/absconding`,
        (f) => ({ lastContactOn: addDays(f.today, 3), circumstances: "Matrix" }),
      ),
    ],
  },
  "POST /api/v1/abscondings/{id}/found": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/abscondings/${t.abscondingId}/found`,
        () => ({ foundOn: "2000-01-01", status: "active", note: "Matrix" }),
      ),
    ],
  },
  "GET /api/v1/violation-settings": { kind: "agency", why: "the agency's violation severities and response matrix" },
  "PUT /api/v1/violation-settings/severities": {
    kind: "admin",
    why: "the agency's violation severities",
    checks: roleOnly("admin", () => put("/api/v1/violation-settings/severities", { severities: defaultSeverities })),
  },
  // The first administrator saves the matrix; the next one's 409 (a version moved on) got past access too.
  "PUT /api/v1/violation-settings/matrix": {
    kind: "admin",
    why: "the agency's response matrix",
    checks: roleOnly("admin", () => put("/api/v1/violation-settings/matrix", { rows: defaultMatrixRows, expectedVersion: 1 })),
  },
  // Incentives and the approvals list (issue 13 §4, §9)
  "GET /api/v1/cases/{id}/incentives": { kind: "person", checks: [readRecord((t) => `/api/v1/cases/${t.caseId}/incentives`)] },
  "POST /api/v1/cases/{id}/incentives": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/incentives`,
        (f) => ({ kind: "praise", givenOn: f.today, note: "Matrix incentive" }),
      ),
    ],
  },
  "GET /api/v1/incentives/unit": {
    kind: "person",
    checks: [
      {
        label: "the case's unit's ratio, by officer",
        rule: "unitSupervisor",
        observe: "status",
        probes: (t) => get(`/api/v1/incentives/unit?unitId=${t.unitId}`),
      },
    ],
  },
  "GET /api/v1/incentive-settings": { kind: "agency", why: "the agency's target ratio and its own incentives" },
  // The first administrator saves the settings; the next one's 409 (a version moved on) got past access too.
  "PUT /api/v1/incentive-settings": {
    kind: "admin",
    why: "the agency's target ratio and its own incentives",
    checks: roleOnly("admin", () => put("/api/v1/incentive-settings", { targetRatio: 4, agencyKinds: [], expectedVersion: 1 })),
  },
  // Crisis intervention (issue 13 §8): case data, as sensitive as any; a version no one has closes nothing.
  "GET /api/v1/cases/{id}/crises": { kind: "person", checks: [readRecord((t) => `/api/v1/cases/${t.caseId}/crises`)] },
  "POST /api/v1/cases/{id}/crises": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/crises`,
        (f) => ({
          type: "family_conflict",
          occurredAt: hoursBefore(f, 1),
          description: "Matrix crisis",
          checklist: { personSafe: "yes", emergencyServices: "no", calls: [] },
          followUps: [],
        }),
      ),
    ],
  },
  "POST /api/v1/crises/{id}/checklist": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/crises/${t.crisisId}/checklist`,
        () => ({ item: "person_safe", answer: "yes" }),
      ),
    ],
  },
  "POST /api/v1/crises/{id}/follow-ups": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/crises/${t.crisisId}/follow-ups`,
        (f) => ({ what: "Matrix follow-up", dueOn: f.today }),
      ),
    ],
  },
  "POST /api/v1/crises/{id}/close": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/crises/${t.crisisId}/close`,
        () => ({ expectedVersion: 999, summary: "Matrix", openFollowUps: "keep" }),
      ),
    ],
  },
  // Monitoring alerts (issue 14 §5): case data; triage with a version no one has is a 409 once past access.
  "GET /api/v1/monitoring/alerts": {
    kind: "person",
    checks: [
      {
        rule: "caseAccess",
        observe: "reveals",
        probes: (t) => [
          ...get("/api/v1/monitoring/alerts?status=all"),
          ...get(`/api/v1/monitoring/alerts?status=all&officerId=${t.currentOfficerId}`),
        ],
        marker: (t) => t.alertId,
      },
    ],
  },
  "GET /api/v1/cases/{id}/monitoring/alerts": {
    kind: "person",
    checks: [readRecord((t) => `/api/v1/cases/${t.caseId}/monitoring/alerts`)],
  },
  "GET /api/v1/monitoring/alerts/{id}": { kind: "person", checks: [readRecord((t) => `/api/v1/monitoring/alerts/${t.alertId}`)] },
  "POST /api/v1/monitoring/alerts/{id}/acknowledge": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/monitoring/alerts/${t.alertId}/acknowledge`,
        () => ({ expectedVersion: 999 }),
      ),
    ],
  },
  "POST /api/v1/monitoring/alerts/{id}/resolve": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/monitoring/alerts/${t.alertId}/resolve`,
        () => ({ expectedVersion: 999, disposition: "gps_drift" }),
      ),
    ],
  },
  "POST /api/v1/monitoring/alerts/{id}/notes": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/monitoring/alerts/${t.alertId}/notes`,
        () => ({ body: "Matrix note" }),
      ),
    ],
  },
  "POST /api/v1/monitoring/alerts/bulk": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        () => "/api/v1/monitoring/alerts/bulk",
        (_f, t) => ({ action: "acknowledge", alerts: [{ id: t.alertId, expectedVersion: 999 }] }),
      ),
    ],
  },
  "POST /api/v1/cases/{id}/monitoring/suspensions": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/monitoring/suspensions`,
        () => ({ alertKinds: ["low_battery"], reason: "Matrix suspension", schedule: { kind: "one_off", minutes: 15 } }),
      ),
    ],
  },
  // The first allowed actor lifts it; the next ones' 409 (already ended) got past access too.
  "POST /api/v1/monitoring/suspensions/{id}/lift": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/monitoring/suspensions/${t.suspensionId}/lift`,
        () => undefined,
      ),
    ],
  },
  "GET /api/v1/monitoring/alert-report": {
    kind: "person",
    checks: roleOnly("supervisorRole", (f) => get(`/api/v1/monitoring/alert-report?from=${f.today}&to=${f.today}`)),
  },
  "GET /api/v1/monitoring/alert-settings": {
    kind: "agency",
    why: "the agency's alert grouping, grace and escalation minutes (no person's data)",
  },
  "PUT /api/v1/monitoring/alert-settings": {
    kind: "admin",
    why: "the agency's alert handling settings",
    checks: roleOnly("admin", () =>
      put("/api/v1/monitoring/alert-settings", { groupWindowMinutes: 30, noSignalGraceMinutes: 10, escalationMinutes: 15 }),
    ),
  },
  "GET /api/v1/crisis-settings": { kind: "agency", why: "the agency's crisis contacts and follow-up defaults (no person's data)" },
  "PUT /api/v1/crisis-settings/follow-ups": {
    kind: "admin",
    why: "the follow-ups a crisis starts with",
    checks: roleOnly("admin", () => put("/api/v1/crisis-settings/follow-ups", { followUps: [{ what: "Check in", withinHours: 24 }] })),
  },
  "POST /api/v1/crisis-contacts": {
    kind: "admin",
    why: "the areas' crisis contacts",
    checks: roleOnly("admin", (f) =>
      post("/api/v1/crisis-contacts", {
        unitId: null,
        name: `Matrix line ${f.serial()}`,
        service: "Line",
        phone: "988",
        available24x7: true,
      }),
    ),
  },
  // The first administrator's correction moves the version on; the next one's 409 got past access too.
  "PUT /api/v1/crisis-contacts/{id}": {
    kind: "admin",
    why: "the areas' crisis contacts",
    checks: roleOnly("admin", (f) =>
      put(`/api/v1/crisis-contacts/${f.crisisContactId}`, {
        unitId: null,
        name: "Matrix line",
        service: "Line",
        phone: "988",
        available24x7: true,
        active: true,
        expectedVersion: 1,
      }),
    ),
  },
  // Electronic monitoring (issue 14): the device inventory (no person's data: administrators and supervisors), a device
  // on a person and the person's zones (case data), exceptions approved by the unit's supervisors, shared zones and
  // gateways (administrators). A version no one has changes nothing; the 409s after access count as allowed.
  "GET /api/v1/monitoring/devices": {
    kind: "staff",
    why: "the agency's device inventory (serials and statuses)",
    checks: roleOnly("staffList", () => get("/api/v1/monitoring/devices")),
  },
  "POST /api/v1/monitoring/devices": {
    kind: "staff",
    why: "the agency's device inventory",
    checks: roleOnly("staffList", (f) =>
      post("/api/v1/monitoring/devices", { serial: `MX-NEW-${f.serial()}`, deviceType: "gps", vendor: "Matrix" }),
    ),
  },
  "PATCH /api/v1/monitoring/devices/{id}": {
    kind: "staff",
    why: "the agency's device inventory",
    checks: roleOnly("drawManager", (f) =>
      patch(`/api/v1/monitoring/devices/${f.deviceId}`, { serial: "MX-STOCK", deviceType: "gps", vendor: "Matrix", expectedVersion: 999 }),
    ),
  },
  "POST /api/v1/monitoring/devices/{id}/status": {
    kind: "staff",
    why: "the agency's device inventory",
    checks: roleOnly("drawManager", (f) =>
      post(`/api/v1/monitoring/devices/${f.deviceId}/status`, { status: "repair", reason: "Matrix", expectedVersion: 999 }),
    ),
  },
  "GET /api/v1/monitoring/gateways": {
    kind: "admin",
    why: "vendor gateways",
    checks: roleOnly("admin", () => get("/api/v1/monitoring/gateways")),
  },
  "POST /api/v1/monitoring/gateways": {
    kind: "admin",
    why: "vendor gateways",
    checks: roleOnly("admin", (f) => post("/api/v1/monitoring/gateways", { name: `Matrix gateway ${f.serial()}` })),
  },
  "POST /api/v1/monitoring/gateways/{id}/deactivate": {
    kind: "admin",
    why: "vendor gateways (the first administrator deactivates it; the next one's 409 got past access too)",
    checks: roleOnly("admin", (f) => post(`/api/v1/monitoring/gateways/${f.gatewayId}/deactivate`)),
  },
  "GET /api/v1/monitoring/shared-zones": {
    kind: "admin",
    why: "the agency's shared zones (places, no person's data)",
    checks: roleOnly("admin", () => get("/api/v1/monitoring/shared-zones")),
  },
  "POST /api/v1/monitoring/shared-zones/import": {
    kind: "admin",
    why: "the agency's shared zones",
    checks: roleOnly("admin", () =>
      post("/api/v1/monitoring/shared-zones/import", {
        featureCollection: {
          type: "FeatureCollection",
          features: [{ type: "Feature", properties: { name: "Matrix school" }, geometry: matrixSquare }],
        },
        kind: "exclusion",
        purpose: "school",
        bufferMeters: 100,
        appliesToTag: "sex_offense",
      }),
    ),
  },
  "POST /api/v1/monitoring/shared-zones/{id}/end": {
    kind: "admin",
    why: "the agency's shared zones",
    checks: roleOnly("admin", (f) =>
      post(`/api/v1/monitoring/shared-zones/${f.sharedZoneId}/end`, { reason: "Matrix", expectedVersion: 999 }),
    ),
  },
  "GET /api/v1/cases/{id}/monitoring": { kind: "person", checks: [readRecord((t) => `/api/v1/cases/${t.caseId}/monitoring`)] },
  "POST /api/v1/cases/{id}/activations": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/activations`,
        (f) => ({ deviceId: f.deviceId, installedAt: hoursBefore(f, 1) }),
      ),
    ],
  },
  "POST /api/v1/activations/{id}/removal": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/activations/${t.activationId}/removal`,
        (f) => ({ removedAt: hoursBefore(f, 1), reason: "Matrix removal" }),
      ),
    ],
  },
  "POST /api/v1/cases/{id}/zones": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/zones`,
        () => ({ name: "Matrix zone", kind: "exclusion", purpose: "other", geometry: matrixSquare, bufferMeters: 0, schedule: null }),
      ),
    ],
  },
  "POST /api/v1/cases/{id}/zones/import": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/zones/import`,
        () => ({
          featureCollection: {
            type: "FeatureCollection",
            features: [{ type: "Feature", properties: { name: "Matrix" }, geometry: matrixSquare }],
          },
          kind: "exclusion",
          purpose: "victim",
          bufferMeters: 100,
        }),
      ),
    ],
  },
  "POST /api/v1/cases/{id}/home-position": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/cases/${t.caseId}/home-position`,
        () => ({ latitude: 39.78, longitude: -89.65 }),
      ),
    ],
  },
  "POST /api/v1/zones/{id}/replacement": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/zones/${t.zoneId}/replacement`,
        () => ({
          name: "Matrix zone",
          kind: "exclusion",
          purpose: "other",
          geometry: matrixSquare,
          bufferMeters: 0,
          schedule: null,
          expectedVersion: 999,
        }),
      ),
    ],
  },
  "POST /api/v1/zones/{id}/end": {
    kind: "person",
    checks: [
      writeRecord(
        "POST",
        (t) => `/api/v1/zones/${t.zoneId}/end`,
        () => ({ reason: "Matrix", expectedVersion: 999 }),
      ),
    ],
  },
  "POST /api/v1/zones/{id}/exceptions": {
    kind: "person",
    checks: [
      {
        label: "approved by a supervisor of the case's unit",
        rule: "unitSupervisor",
        observe: "status",
        probes: (t, _a, f) =>
          post(`/api/v1/zones/${t.zoneId}/exceptions`, {
            from: f.now.toISOString(),
            to: new Date(f.now.getTime() + 3_600_000).toISOString(),
            kind: "excused",
            reason: "Matrix",
            expectedVersion: 999,
          }),
      },
    ],
  },
  "GET /api/v1/today": {
    kind: "person",
    checks: [
      { label: "appointment", rule: "caseOfficer", observe: "reveals", probes: () => get("/api/v1/today"), marker: (t) => t.appointmentId },
    ],
  },
};

// ─── Known gaps ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Cells that differ from the expectation and are being fixed elsewhere: reported, not failed, until the fix lands.
 * A cell is "<route> [label] @<target> × <actor>".
 */
// Empty: the calendar, transfer and draw gaps of issue 9 are fixed. A gap found later is listed here only with its issue.
const knownGapsBeingFixed: { cell: string; bullet: string }[] = [];

// ─── The run ───────────────────────────────────────────────────────────────────────────────────────────────────────

function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

type Outcome = "allow" | "deny";
type Cell = { row: string; target: TargetKey | "—"; actor: string; expected: Outcome; observed: Outcome; evidence: string };

const cellName = (row: string, target: string, actor: string) => `${row} @${target} × ${actor}`;

/** The app's routes from its OpenAPI document, as "METHOD /path/{param}". */
function appRoutes(test: TestApp): string[] {
  const document = test.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe(`authorization matrix (${engineName})`, () => {
  let test: TestApp;
  const clients = new Map<string, Client>();
  const targets = new Map<TargetKey, Target>();
  let fixture: Fixture;

  // Generous limits for a loaded machine; on an idle one the setup and the matrix take seconds each.
  beforeAll(async () => {
    const started = performance.now();
    test = await createTestApp();
    // A fixed mid-morning in the agency's zone (America/New_York): the appointments are later the same day.
    test.clock.set(new Date("2030-06-12T14:00:00Z"));
    const today = "2030-06-12";

    const { agencyId: otherAgencyId, unitId: eastUnitId } = await createAgency(test, "Other County Probation", "East Office");
    const units = await test.db.query<{ id: string; name: string; agency_id: string }>("SELECT id, name, agency_id FROM unit");
    const unitId = (name: string) => units.find((unit) => unit.name === name)!.id;
    const [demoAgency] = await test.db.query<{ agency_id: string }>("SELECT agency_id FROM app_user WHERE username = 'admin'");
    const agencyIds: Record<AgencyKey, string> = { demo: demoAgency!.agency_id, other: otherAgencyId };
    const unitIds: Record<UnitKey, string> = { north: unitId("North Field Office"), south: unitId("South Field Office"), east: eastUnitId };
    for (const actor of actorSpecs.filter((spec) => !spec.demo)) {
      await createAccount(test, {
        username: actor.username,
        displayName: actor.description.slice(0, 60),
        roles: actor.roles,
        agencyId: agencyIds[actor.agency],
        unitId: actor.unit ? unitIds[actor.unit] : null,
      });
    }
    await createAccount(test, {
      username: "spare.north",
      displayName: "Spare Officer",
      roles: ["officer"],
      agencyId: agencyIds.demo,
      unitId: unitIds.north,
    });
    for (const actor of actorSpecs)
      clients.set(actor.key, actor.demo ? await signIn(test, actor.username) : await signInAccount(test, actor.username));
    const userIds = new Map(
      (await test.db.query<{ id: string; username: string }>("SELECT id, username FROM app_user")).map((row) => [row.username, row.id]),
    );
    const client = (username: string) => clients.get(actorSpecs.find((spec) => spec.username === username)!.key)!;

    const at = (hour: number) => new Date(`${today}T${String(hour).padStart(2, "0")}:00:00Z`);
    const related = await personWithEveryRecord(test, client("officer.north1"), { tag: "markrelated", appointmentAt: at(15) });
    const otherUnit = await personWithEveryRecord(test, client("officer.south1"), { tag: "markotherunit", appointmentAt: at(15) });
    const otherAgency = await personWithEveryRecord(test, client("lead.other"), { tag: "markotheragency", appointmentAt: at(15) });
    // Officer A still has the related visit open, so the transferred case gets no field visit.
    const transferred = await personWithEveryRecord(test, client("officer.north1"), {
      tag: "marktransferred",
      appointmentAt: at(17),
      fieldVisit: false,
    });
    // A completed assessment of each case and an override of its level asked for by the case's madeBy officer
    // (before the transfer, while officer A still had that case).
    const overrideOf = async (username: string, caseId: string) => {
      const started = await client(username).post(`/api/v1/cases/${caseId}/assessments`, { instrumentId: "general_risk_needs" });
      expect(started.statusCode, started.body).toBe(201);
      const assessmentId = started.json().id as string;
      const saved = await client(username).put(`/api/v1/assessments/${assessmentId}/answers`, {
        answers: matrixAnswers,
        expectedVersion: 1,
      });
      expect(saved.statusCode, saved.body).toBe(200);
      const done = await client(username).post(`/api/v1/assessments/${assessmentId}/complete`, { expectedVersion: 2 });
      expect(done.statusCode, done.body).toBe(200);
      const requested = await client(username).post(`/api/v1/assessments/${assessmentId}/overrides`, {
        supervisionLevel: "high",
        reason: "Matrix fixture",
      });
      expect(requested.statusCode, requested.body).toBe(201);
      return { completedAssessmentId: assessmentId, overrideId: requested.json().id as string };
    };
    const overrides: Record<TargetKey, { completedAssessmentId: string; overrideId: string }> = {
      related: await overrideOf("officer.north1", related.caseId),
      otherUnit: await overrideOf("officer.south1", otherUnit.caseId),
      otherAgency: await overrideOf("lead.other", otherAgency.caseId),
      transferred: await overrideOf("officer.north1", transferred.caseId),
    };
    const transfer = await client("supervisor.north").post(`/api/v1/cases/${transferred.caseId}/transfer`, {
      officerId: userIds.get("officer.south1"),
      reason: "Moved south",
      expectedVersion: await caseVersion(client("supervisor.north"), transferred.caseId),
    });
    expect(transfer.statusCode, transfer.body).toBe(200);

    // Today's draw in each agency; each case has a random program of 31 tests a month, so each is selected.
    const draw = async (username: string) => {
      const response = await client(username).post("/api/v1/testing/draws", { date: today });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    const demoDrawId = await draw("supervisor.north");
    const otherDrawId = await draw("lead.other");

    // Each case's submitted request gave its unit's supervisors a task; two follow-ups of its officer's: one is only
    // listed (a test recorded by a probe would close the drawn test's task), the other snoozed, done and dismissed.
    const approvalTaskOf = async (caseId: string) => {
      const [row] = await test.db.query<{ id: string }>(
        "SELECT id FROM task WHERE case_id = $1 AND kind = 'approval_requested' AND status = 'open'",
        [caseId],
      );
      if (!row) throw new Error("fixture: no approval task");
      return row.id;
    };
    const followUp = async (caseId: string, owner: Parameters<typeof createTask>[1]["owner"] = { owner: "case_officer" }) =>
      (await createTask(test.db, {
        caseId,
        kind: "missed_appointment_follow_up",
        owner,
        due: today,
        sourceType: "matrix",
        sourceId: randomUUID(),
        by: null,
        now: test.clock.now(),
      }))!;
    const assessmentOf = async (key: TargetKey, caseId: string) => {
      const started = await client(targetFacts[key].officer).post(`/api/v1/cases/${caseId}/assessments`, {
        instrumentId: "general_risk_needs",
      });
      expect(started.statusCode, started.body).toBe(201);
      return started.json().id as string;
    };
    const violationOf = async (key: TargetKey, caseId: string) => {
      const proposer = client(targetFacts[key].officer);
      const recorded = await proposer.post(`/api/v1/cases/${caseId}/violations`, {
        type: "other",
        occurredAt: new Date(test.clock.now().getTime() - 3_600_000).toISOString(),
        description: "Matrix fixture",
      });
      expect(recorded.statusCode, recorded.body).toBe(201);
      const departed = await proposer.post(`/api/v1/violations/${recorded.json().id}/responses`, {
        expectedVersion: recorded.json().version,
        response: "short_sanction",
        dueOn: today,
        departureReason: "Matrix fixture departure",
      });
      expect(departed.statusCode, departed.body).toBe(201);
      const minor = await proposer.post(`/api/v1/cases/${caseId}/violations`, {
        type: "other",
        severity: "low",
        occurredAt: new Date(test.clock.now().getTime() - 3_600_000).toISOString(),
        description: "Matrix fixture warning",
      });
      expect(minor.statusCode, minor.body).toBe(201);
      const warned = await proposer.post(`/api/v1/violations/${minor.json().id}/responses`, {
        expectedVersion: minor.json().version,
        response: "written_warning",
        dueOn: today,
      });
      expect(warned.statusCode, warned.body).toBe(201);
      return {
        violationId: recorded.json().id as string,
        departureId: departed.json().responses[0].id as string,
        letterId: warned.json().responses[0].applied.letterId as string,
      };
    };
    // The case's plan; and a completed assessment of low risk, so the (moderate) case is a level review opportunity.
    const planOf = async (key: TargetKey, caseId: string) => {
      const made = await client(targetFacts[key].officer).post(`/api/v1/cases/${caseId}/case-plan`, matrixPlan);
      expect(made.statusCode, made.body).toBe(201);
      const plan = made.json().active as { id: string; goals: { steps: { id: string }[] }[] };
      const officerId = userIds.get(targetFacts[key].officer)!;
      await test.db.query(
        `INSERT INTO assessment (case_id, instrument_id, instrument_version, status, score, total, category, risk_level,
                                 started_by, started_at, completed_by, completed_at, updated_by, updated_at)
         SELECT $1, 'general_risk_needs', max(version), 'completed', '{"domains": []}', 0, 'low', 'low', $2, $3, $2, $3, $2, $3
           FROM instrument_version WHERE instrument_id = 'general_risk_needs'`,
        [caseId, officerId, test.clock.now()],
      );
      // Kept above what that assessment supports (the assessment made above may have set a lower level).
      await test.db.query("UPDATE supervision_case SET supervision_level = 'high' WHERE id = $1", [caseId]);
      return { casePlanId: plan.id, casePlanStepId: plan.goals[0]!.steps[0]!.id };
    };
    const crisisOf = async (key: TargetKey, caseId: string) => {
      const opened = await client(targetFacts[key].officer).post(`/api/v1/cases/${caseId}/crises`, {
        type: "relapse",
        occurredAt: new Date(test.clock.now().getTime() - 3_600_000).toISOString(),
        description: "Matrix fixture",
        checklist: { personSafe: "unknown", emergencyServices: "no", calls: [] },
        followUps: [],
      });
      expect(opened.statusCode, opened.body).toBe(201);
      return opened.json().id as string;
    };
    // An early-discharge recommendation by the case's madeBy officer (eligibility is dates and months away: written
    // directly, as the recommend route would after its checks).
    const dischargeRecommendationOf = async (key: TargetKey, caseId: string) => {
      const [row] = await test.db.query<{ id: string }>(
        `INSERT INTO early_discharge_decision (case_id, opportunity_key, decision, reason, criteria, decided_by, decided_at, status, authority, authority_name)
         VALUES ($1, 'matrix', 'recommended', 'Matrix fixture', '[]', $2, $3, 'awaiting_approval', 'court', 'Matrix court') RETURNING id`,
        [caseId, userIds.get(targetFacts[key].madeBy), test.clock.now()],
      );
      return row!.id;
    };
    // A submitted revocation recommendation by the madeBy officer, and a standing absconding record (written directly:
    // the routes' checks are what the matrix probes).
    const revocationOf = async (key: TargetKey, caseId: string) => {
      const by = userIds.get(targetFacts[key].madeBy);
      const [row] = await test.db.query<{ id: string }>(
        `INSERT INTO revocation_recommendation (case_id, authority, authority_name, facts, alternatives_note, recommendation, status,
                                                created_by, created_at, submitted_at, updated_at)
         VALUES ($1, 'court', 'Matrix court', 'Matrix', 'Matrix', 'revoke', 'awaiting_decision', $2, $3, $3, $3) RETURNING id`,
        [caseId, by, test.clock.now()],
      );
      const [absconding] = await test.db.query<{ id: string }>(
        `INSERT INTO absconding (case_id, last_contact_on, circumstances, previous_status, recorded_by, recorded_at)
         VALUES ($1, '2026-01-01', 'Matrix', 'active', $2, $3) RETURNING id`,
        [caseId, by, test.clock.now()],
      );
      return { revocationId: row!.id, abscondingId: absconding!.id };
    };
    // A device on the case's person (installed two hours ago by its officer) and a drawn zone, written directly.
    const circle = { type: "Circle", center: [-89.65, 39.78], radiusMeters: 100 };
    const monitoringOf = async (key: TargetKey, caseId: string) => {
      const agencyId = agencyIds[targetFacts[key].agency];
      const officerId = userIds.get(targetFacts[key].officer)!;
      const [device] = await test.db.query<{ id: string }>(
        "INSERT INTO monitoring_device (agency_id, serial, device_type, vendor, status) VALUES ($1, $2, 'gps', 'Matrix', 'assigned') RETURNING id",
        [agencyId, `MX-${key}`],
      );
      const [activation] = await test.db.query<{ id: string }>(
        "INSERT INTO monitoring_activation (device_id, case_id, installed_at, installed_by) VALUES ($1, $2, $3, $4) RETURNING id",
        [device!.id, caseId, new Date(test.clock.now().getTime() - 2 * 3_600_000), officerId],
      );
      const [zone] = await test.db.query<{ id: string }>(
        `INSERT INTO monitoring_zone (agency_id, case_id, name, zone_kind, purpose, geometry, min_lat, min_lon, max_lat, max_lon, valid_from)
         VALUES ($1, $2, 'Matrix zone', 'exclusion', 'other', $3, 39.7, -89.7, 39.8, -89.6, $4) RETURNING id`,
        [agencyId, caseId, JSON.stringify(circle), new Date(test.clock.now().getTime() - 3_600_000)],
      );
      return { activationId: activation!.id, zoneId: zone!.id };
    };
    // A device on the case and an alert raised on it (as ingest raises them), and a suspension by its officer.
    const alertOf = async (caseId: string) => {
      const activation = await activateDevice(test.db, caseId, new Date(test.clock.now().getTime() - 86_400_000));
      const [raised] = await raiseAlerts(
        test.db,
        [alertEvent(activation, { eventTime: test.clock.now(), detail: "Matrix alert" })],
        test.clock.now(),
      );
      const [suspension] = await test.db.query<{ id: string }>(
        `INSERT INTO monitoring_alert_suspension (agency_id, case_id, alert_kinds, reason, schedule_kind, starts_at, ends_at, created_by, created_at)
         SELECT c.agency_id, c.id, ARRAY['low_battery'], 'Matrix fixture', 'one_off', $2, $2::timestamptz + interval '1 hour', c.officer_id, $2
           FROM supervision_case c WHERE c.id = $1 RETURNING id`,
        [caseId, test.clock.now()],
      );
      return { alertId: raised!.id, suspensionId: suspension!.id };
    };
    const add = async (key: TargetKey, records: PersonRecords, appointmentOfficer: string) =>
      targets.set(key, {
        ...records,
        key,
        currentOfficerId: userIds.get(targetFacts[key].officer)!,
        appointmentOfficerId: userIds.get(appointmentOfficer)!,
        drawId: targetFacts[key].agency === "demo" ? demoDrawId : otherDrawId,
        approvalTaskId: await approvalTaskOf(records.caseId),
        officerTaskId: await followUp(records.caseId),
        followUpTaskId: await followUp(records.caseId),
        supervisorsTaskId: await followUp(records.caseId, { owner: "unit_supervisors" }),
        namedTaskId: await followUp(records.caseId, { owner: "user", userId: userIds.get(namedTaskOwner)! }),
        unitId: (await test.db.query<{ unit_id: string }>("SELECT unit_id FROM supervision_case WHERE id = $1", [records.caseId]))[0]!
          .unit_id,
        assessmentId: await assessmentOf(key, records.caseId),
        ...(await violationOf(key, records.caseId)),
        ...(await planOf(key, records.caseId)),
        crisisId: await crisisOf(key, records.caseId),
        ...overrides[key],
        dischargeRecommendationId: await dischargeRecommendationOf(key, records.caseId),
        ...(await revocationOf(key, records.caseId)),
        ...(await monitoringOf(key, records.caseId)),
        ...(await alertOf(records.caseId)),
      });
    await add("related", related, "officer.north1");
    await add("otherUnit", otherUnit, "officer.south1");
    await add("otherAgency", otherAgency, "lead.other");
    await add("transferred", transferred, "officer.north1");

    const [spareUnit] = await test.db.query<{ id: string }>(
      "INSERT INTO unit (agency_id, name) VALUES ($1, 'Matrix spare unit') RETURNING id",
      [agencyIds.demo],
    );
    const [crisisContact] = await test.db.query<{ id: string }>(
      `INSERT INTO crisis_contact (agency_id, name, service, phone, available_24x7, created_at, updated_at)
       VALUES ($1, 'Matrix line', 'Line', '988', true, now(), now()) RETURNING id`,
      [agencyIds.demo],
    );
    const { isDefault: _isDefault, ...contactStandards } = (await client("admin").get("/api/v1/contact-standards")).json();
    const [device] = await test.db.query<{ id: string }>(
      "INSERT INTO monitoring_device (agency_id, serial, device_type, vendor) VALUES ($1, 'MX-STOCK', 'gps', 'Matrix') RETURNING id",
      [agencyIds.demo],
    );
    const [gateway] = await test.db.query<{ id: string }>(
      "INSERT INTO monitoring_gateway (agency_id, name, api_key_hash, hmac_secret_sealed) VALUES ($1, 'Matrix gateway', 'matrix-hash', 'sealed') RETURNING id",
      [agencyIds.demo],
    );
    const [sharedZone] = await test.db.query<{ id: string }>(
      `INSERT INTO monitoring_zone (agency_id, applies_to_tag, name, zone_kind, purpose, geometry, min_lat, min_lon, max_lat, max_lon, valid_from)
       VALUES ($1, 'sex_offense', 'Matrix school', 'exclusion', 'school', $2, 39.7, -89.7, 39.8, -89.6, $3) RETURNING id`,
      [agencyIds.demo, JSON.stringify(circle), new Date(test.clock.now().getTime() - 3_600_000)],
    );
    const feeds = new Map<string, string>();
    let counter = 0;
    fixture = {
      today,
      now: test.clock.now(),
      bystanderOfficerId: userIds.get("spare.north")!,
      spareUnitId: spareUnit!.id,
      crisisContactId: crisisContact!.id,
      northUnitId: unitIds.north,
      deviceId: device!.id,
      gatewayId: gateway!.id,
      sharedZoneId: sharedZone!.id,
      contactStandards,
      serial: () => ++counter,
      async feedPath(actor) {
        const known = feeds.get(actor.key);
        if (known) return known;
        const rotated = await clients.get(actor.key)!.post("/api/v1/calendar-feed");
        expect(rotated.statusCode, rotated.body).toBe(200);
        const path = new URL(rotated.json().url as string).pathname;
        feeds.set(actor.key, path);
        return path;
      },
    };
    console.log(`authorization matrix: fixtures ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 300_000);
  afterAll(() => test?.close());

  it("has an expectation for every route of the app, and no row for a route that is gone", () => {
    const present = appRoutes(test);
    const missing = present.filter((route) => !(route in routes)).map((route) => `no expectation for ${route}`);
    const stale = Object.keys(routes)
      .filter((route) => !present.includes(route))
      .map((route) => `expectation for a route the app does not have: ${route}`);
    expect([...missing, ...stale]).toEqual([]);
  });

  it("allows exactly what the expectations allow, for every actor, endpoint and record", async () => {
    const started = performance.now();
    const cells: Cell[] = [];
    const problems: string[] = [];
    let requests = 0;

    async function send(client: Client, probe: Probe): Promise<LightMyRequestResponse> {
      const headers: Record<string, string> = { cookie: client.cookie, "x-csrf-token": client.csrfToken };
      if (probe.jpeg) headers["content-type"] = "image/jpeg";
      return test.app.inject({
        method: probe.method,
        url: probe.url,
        headers,
        ...(probe.jpeg ? { payload: tinyJpeg } : probe.body === undefined ? {} : { payload: probe.body as object }),
      });
    }

    for (const [route, entry] of Object.entries(routes)) {
      for (const check of entry.checks ?? []) {
        const row = check.label ? `${route} [${check.label}]` : route;
        const aims: (TargetKey | "—")[] = check.targets === "none" ? ["—"] : (check.targets ?? allTargets);
        for (const aim of aims) {
          const target = aim === "—" ? targets.get("related")! : targets.get(aim)!;
          const facts = targetFacts[aim === "—" ? "related" : aim];
          for (const actor of actorSpecs) {
            const expected: Outcome = rules[check.rule](actor, facts) ? "allow" : "deny";
            let observed: Outcome = "deny";
            const evidence: string[] = [];
            for (const probe of await check.probes(target, actor, fixture)) {
              const response = await send(clients.get(actor.key)!, probe);
              requests += 1;
              const status = response.statusCode;
              evidence.push(`${probe.method} ${probe.url.split("?")[0]} → ${status}`);
              if (status >= 500 || /\n\s+at .+:\d+:\d+/.test(response.body))
                problems.push(`${cellName(row, aim, actor.key)}: ${status} ${response.body}`);
              if (status === 400 && response.json().error === "validation_failed") {
                problems.push(`${cellName(row, aim, actor.key)}: the matrix sent an invalid request: ${response.body}`);
              }
              const allowed =
                check.observe === "status"
                  ? ![401, 403, 404].includes(status)
                  : check.observe === "succeeds"
                    ? status >= 200 && status < 300
                    : status >= 200 && status < 300 && response.body.includes(check.marker!(target));
              if (allowed) observed = "allow";
            }
            cells.push({ row, target: aim, actor: actor.key, expected, observed, evidence: evidence.join("; ") });
          }
        }
      }
    }

    const known = new Map(knownGapsBeingFixed.map((gap) => [gap.cell, gap.bullet]));
    const unexpected = cells.filter((cell) => cell.expected !== cell.observed && !known.has(cellName(cell.row, cell.target, cell.actor)));
    const gapsSeen = cells.filter((cell) => cell.expected !== cell.observed && known.has(cellName(cell.row, cell.target, cell.actor)));
    const gapsFixed = knownGapsBeingFixed.filter((gap) => {
      const cell = cells.find((candidate) => cellName(candidate.row, candidate.target, candidate.actor) === gap.cell);
      return cell && cell.expected === cell.observed;
    });
    const unknownGaps = knownGapsBeingFixed.filter(
      (gap) => !cells.some((candidate) => cellName(candidate.row, candidate.target, candidate.actor) === gap.cell),
    );
    printMatrix(cells, known);
    console.log(`\n${cells.length} cells, ${requests} requests in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (gapsSeen.length > 0) {
      console.log(`\nKnown gaps being fixed (reported, not failed): ${gapsSeen.length}`);
      for (const cell of gapsSeen)
        console.log(`  ${cellName(cell.row, cell.target, cell.actor)}: expected ${cell.expected}, got ${cell.observed} (${cell.evidence})`);
    }
    if (gapsFixed.length > 0) {
      console.log(`\nKnown gaps that now behave as expected (remove them from knownGapsBeingFixed):`);
      for (const gap of gapsFixed) console.log(`  ${gap.cell}`);
    }
    const failures = [
      ...problems,
      ...unknownGaps.map((gap) => `knownGapsBeingFixed names a cell the matrix does not have: ${gap.cell}`),
      ...unexpected.map(
        (cell) =>
          `${cellName(cell.row, cell.target, cell.actor)}: ${cell.observed === "allow" ? "UNEXPECTED ALLOW" : "unexpected deny"} (${cell.evidence})`,
      ),
    ];
    expect(failures).toEqual([]);
  }, 300_000);
});

/** The matrix as a table: one line per endpoint check and record, one column per actor. */
function printMatrix(cells: Cell[], known: Map<string, string>): void {
  const width = 7;
  const rows = [...new Set(cells.map((cell) => `${cell.row} @${cell.target}`))];
  const rowWidth = Math.max(...rows.map((row) => row.length));
  const lines = [
    "",
    "Authorization matrix — allow: A, deny: ·; A! unexpected allow, D! unexpected deny, ~ a known gap being fixed",
    ...actorSpecs.map(
      (actor) => `  ${actor.key.padEnd(6)} ${actor.username.padEnd(17)} ${actor.roles.join("+").padEnd(19)} ${actor.description}`,
    ),
    ...(Object.entries(targetFacts) as [TargetKey, TargetFacts][]).map(([key, facts]) => `  @${key.padEnd(12)} ${facts.description}`),
    "  @—            a request about no existing record",
    "",
    `${"endpoint @record".padEnd(rowWidth)}  ${actorSpecs.map((actor) => actor.key.padEnd(width)).join("")}`,
  ];
  for (const row of rows) {
    const marks = actorSpecs.map((actor) => {
      const cell = cells.find((candidate) => `${candidate.row} @${candidate.target}` === row && candidate.actor === actor.key)!;
      const mark = cell.expected === cell.observed ? (cell.observed === "allow" ? "A" : "·") : cell.observed === "allow" ? "A!" : "D!";
      const gap = cell.expected !== cell.observed && known.has(cellName(cell.row, cell.target, cell.actor)) ? "~" : "";
      return `${mark}${gap}`.padEnd(width);
    });
    lines.push(`${row.padEnd(rowWidth)}  ${marks.join("")}`);
  }
  console.log(lines.join("\n"));
}
