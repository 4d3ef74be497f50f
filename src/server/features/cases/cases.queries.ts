import type { Queryable } from "../../platform/db/database";

export type CaseRow = {
  status: string;
  supervision_level: string;
  risk_level: string | null;
  tags: string[];
  supervision_start: string;
  expected_end: string | null;
};

export async function findCaseSummary(db: Queryable, caseId: string): Promise<{ case_number: string; person_name: string } | undefined> {
  const [row] = await db.query<{ case_number: string; person_name: string }>(
    "SELECT c.case_number, p.first_name || ' ' || p.last_name AS person_name FROM supervision_case c JOIN person p ON p.id = c.person_id WHERE c.id = $1",
    [caseId],
  );
  return row;
}

export async function findCase(db: Queryable, caseId: string): Promise<CaseRow | undefined> {
  const [row] = await db.query<CaseRow>(
    `SELECT status, supervision_level, risk_level, tags, to_char(supervision_start, 'YYYY-MM-DD') AS supervision_start,
            to_char(expected_end, 'YYYY-MM-DD') AS expected_end FROM supervision_case WHERE id = $1`,
    [caseId],
  );
  return row;
}

/** Ends the open assignment, opens the new one and moves the case; co-officers belonged to the old arrangement. */
export async function reassignCase(
  db: Queryable,
  input: { caseId: string; officerId: string; unitId: string; reason: string; assignedBy: string; now: Date },
): Promise<void> {
  await db.query("UPDATE case_assignment SET ended_at = $2 WHERE case_id = $1 AND ended_at IS NULL", [input.caseId, input.now]);
  await db.query(
    "INSERT INTO case_assignment (case_id, officer_id, unit_id, started_at, reason, assigned_by) VALUES ($1, $2, $3, $4, $5, $6)",
    [input.caseId, input.officerId, input.unitId, input.now, input.reason, input.assignedBy],
  );
  await db.query("UPDATE supervision_case SET officer_id = $2, unit_id = $3, updated_at = $4 WHERE id = $1", [
    input.caseId,
    input.officerId,
    input.unitId,
    input.now,
  ]);
  await db.query("DELETE FROM case_co_officer WHERE case_id = $1", [input.caseId]);
}

/** The display name of a user of the agency, for a message about them; undefined when the agency has no such user. */
export async function findUserName(db: Queryable, userId: string, agencyId: string): Promise<string | undefined> {
  const [row] = await db.query<{ display_name: string }>("SELECT display_name FROM app_user WHERE id = $1 AND agency_id = $2", [
    userId,
    agencyId,
  ]);
  return row?.display_name;
}

export async function addCoOfficer(db: Queryable, caseId: string, officerId: string): Promise<void> {
  await db.query("INSERT INTO case_co_officer (case_id, officer_id) VALUES ($1, $2)", [caseId, officerId]);
}

export async function removeCoOfficer(db: Queryable, caseId: string, officerId: string): Promise<void> {
  await db.query("DELETE FROM case_co_officer WHERE case_id = $1 AND officer_id = $2", [caseId, officerId]);
}

export type LevelCause = "intake" | "manual" | "assessment" | "override" | "event" | "violation_response";

/**
 * Records a level change with its cause; the first change also records the level the case started with (cause
 * intake), so proration knows which level was in force before it.
 */
export async function recordLevelChange(
  db: Queryable,
  input: {
    caseId: string;
    level: string;
    previousLevel: string;
    effectiveOn: string;
    changedBy: string | null;
    cause?: LevelCause;
    assessmentId?: string | null;
    overrideId?: string | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO case_level_change (case_id, supervision_level, effective_on, cause)
     SELECT id, supervision_level, supervision_start, 'intake' FROM supervision_case
      WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM case_level_change WHERE case_id = $1)`,
    [input.caseId],
  );
  await db.query(
    `INSERT INTO case_level_change (case_id, supervision_level, effective_on, changed_by, cause, previous_level, assessment_id, override_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      input.caseId,
      input.level,
      input.effectiveOn,
      input.changedBy,
      input.cause ?? "manual",
      input.previousLevel,
      input.assessmentId ?? null,
      input.overrideId ?? null,
    ],
  );
}

/** Records a risk level change with its cause (the case row keeps only the current risk level). */
export async function recordRiskChange(
  db: Queryable,
  input: {
    caseId: string;
    riskLevel: string | null;
    previousRiskLevel: string | null;
    effectiveOn: string;
    changedBy: string | null;
    cause: LevelCause;
    assessmentId?: string | null;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO case_risk_change (case_id, risk_level, previous_risk_level, effective_on, cause, assessment_id, changed_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      input.caseId,
      input.riskLevel,
      input.previousRiskLevel,
      input.effectiveOn,
      input.cause,
      input.assessmentId ?? null,
      input.changedBy,
      input.now,
    ],
  );
}

/**
 * A change the system makes to a case (an assessment, an approved override) takes a new version too, so a form
 * opened before it answers 409 instead of silently putting the old level back.
 */
export async function bumpCaseVersion(db: Queryable, caseId: string, by: string | null, now: Date): Promise<void> {
  await db.query(
    "UPDATE supervision_case SET version = version + 1, updated_by = coalesce($2, updated_by), updated_at = $3 WHERE id = $1",
    [caseId, by, now],
  );
}

/** The latest level change of a case since a day, with the level before it: the person page's banner. */
export async function latestLevelChangeSince(
  db: Queryable,
  caseId: string,
  since: string,
): Promise<
  | {
      supervision_level: string;
      previous_level: string | null;
      effective_on: string;
      cause: LevelCause;
      changed_by_name: string | null;
      tags: string[];
    }
  | undefined
> {
  const [row] = await db.query<{
    supervision_level: string;
    previous_level: string | null;
    effective_on: string;
    cause: LevelCause;
    changed_by_name: string | null;
    tags: string[];
  }>(
    `SELECT ch.supervision_level, ch.previous_level, to_char(ch.effective_on, 'YYYY-MM-DD') AS effective_on, ch.cause,
            u.display_name AS changed_by_name, c.tags
       FROM case_level_change ch JOIN supervision_case c ON c.id = ch.case_id LEFT JOIN app_user u ON u.id = ch.changed_by
      WHERE ch.case_id = $1 AND ch.effective_on >= $2 AND ch.cause <> 'intake' AND ch.previous_level IS NOT NULL
      ORDER BY ch.effective_on DESC, ch.created_at DESC LIMIT 1`,
    [caseId, since],
  );
  return row;
}

export type CaseChanges = {
  supervisionLevel?: string | undefined;
  riskLevel?: string | null | undefined;
  status?: string | undefined;
  closureReason?: string | undefined;
  actualEnd?: string | undefined;
  expectedEnd?: string | null | undefined;
  tags?: string[] | undefined;
};

/** Changes only what is given; leaving the closed status clears the closure reason and actual end. */
export async function updateCase(db: Queryable, caseId: string, changes: CaseChanges, now: Date): Promise<void> {
  await db.query(
    `UPDATE supervision_case SET
       supervision_level = coalesce($2, supervision_level),
       risk_level = CASE WHEN $3 THEN $4 ELSE risk_level END,
       status = coalesce($5, status),
       closure_reason = CASE WHEN $5 IS NULL THEN closure_reason WHEN $5 = 'closed' THEN $6 ELSE NULL END,
       actual_end = CASE WHEN $5 IS NULL THEN actual_end WHEN $5 = 'closed' THEN $7::date ELSE NULL END,
       expected_end = CASE WHEN $8 THEN $9::date ELSE expected_end END,
       tags = coalesce($10, tags),
       updated_at = $11
     WHERE id = $1`,
    [
      caseId,
      changes.supervisionLevel ?? null,
      changes.riskLevel !== undefined,
      changes.riskLevel ?? null,
      changes.status ?? null,
      changes.closureReason ?? null,
      changes.actualEnd ?? null,
      changes.expectedEnd !== undefined,
      changes.expectedEnd ?? null,
      changes.tags ?? null,
      now,
    ],
  );
}

export type CaseChange = {
  field: "supervision_level" | "risk_level" | "status" | "tags";
  oldValue: string | null;
  newValue: string | null;
};

/** The case's history of level, risk, status and tag changes, each with the reason given. */
export async function recordCaseChanges(
  db: Queryable,
  input: { caseId: string; changes: CaseChange[]; reason: string; changedBy: string | null; now: Date },
): Promise<void> {
  for (const change of input.changes) {
    await db.query(
      "INSERT INTO case_change (case_id, field, old_value, new_value, reason, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      [input.caseId, change.field, change.oldValue, change.newValue, input.reason, input.changedBy, input.now],
    );
  }
}

/** Whether the person is recorded as absconded and not found yet (revocation capability's absconding record). */
export async function hasOpenAbsconding(db: Queryable, caseId: string): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM absconding WHERE case_id = $1 AND found_on IS NULL", [caseId]);
  return rows.length > 0;
}
