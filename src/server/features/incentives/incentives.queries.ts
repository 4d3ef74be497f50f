import type { AchievementKind, Incentive, IncentiveKind } from "../../../shared/contract/incentives";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";
import { responseInEffectSql } from "../violations/violations.queries";

/** The achievement kinds as SQL text (the positive supervision events). */
const achievementKindsSql = "('negative_test_streak', 'employment_verified', 'goal_completed', 'programme_completed')";
/** The violation responses that count as sanctions: chosen and standing (to carry out, or carried out). */
const standingSanction = `r.status IN ${responseInEffectSql}`;

export type CaseFacts = { agency_id: string; unit_id: string; status: string; time_zone: string };

export async function findCaseFacts(db: Queryable, caseId: string): Promise<CaseFacts | undefined> {
  const [row] = await db.query<CaseFacts>(
    `SELECT c.agency_id, c.unit_id, c.status, a.time_zone
       FROM supervision_case c JOIN agency a ON a.id = c.agency_id WHERE c.id = $1`,
    [caseId],
  );
  return row;
}

export type SettingsRow = { target_ratio: string; agency_kinds: string[]; version: number };

/** The agency's incentive settings; none: the defaults. */
export async function findSettings(db: Queryable, agencyId: string): Promise<SettingsRow | undefined> {
  const [row] = await db.query<SettingsRow>(
    "SELECT target_ratio::text AS target_ratio, agency_kinds, version FROM incentive_setting WHERE agency_id = $1",
    [agencyId],
  );
  return row;
}

/**
 * Stores the agency's settings if their version is the one the form read (1 while none are stored: the first save
 * stores version 2); answers whether it was.
 */
export async function saveSettings(
  db: Queryable,
  input: { agencyId: string; targetRatio: number; agencyKinds: string[]; expectedVersion: number; by: string; now: Date },
): Promise<boolean> {
  const params = [input.agencyId, input.targetRatio, input.agencyKinds, input.expectedVersion, input.by, input.now];
  const updated = await db.query(
    `UPDATE incentive_setting SET target_ratio = $2, agency_kinds = $3, version = version + 1, updated_by = $5, updated_at = $6
      WHERE agency_id = $1 AND version = $4 RETURNING version`,
    params,
  );
  if (updated.length > 0) return true;
  if (input.expectedVersion !== 1) return false;
  const inserted = await db.query(
    `INSERT INTO incentive_setting (agency_id, target_ratio, agency_kinds, version, updated_by, updated_at)
     VALUES ($1, $2, $3, $4 + 1, $5, $6) ON CONFLICT (agency_id) DO NOTHING RETURNING version`,
    params,
  );
  return inserted.length > 0;
}

type IncentiveJsonRow = {
  incentive: Omit<Incentive, "achievement" | "goal"> & { achievement: Incentive["achievement"]; goal: Incentive["goal"] };
};

/** The incentives of a case, newest first, each with the achievement and goal it rewards and who recorded it. */
export async function listIncentivesOfCase(db: Queryable, caseId: string, incentiveId: string | null = null): Promise<Incentive[]> {
  const rows = await db.query<IncentiveJsonRow>(
    `SELECT json_build_object(
              'id', i.id, 'caseId', i.case_id, 'kind', i.kind, 'agencyKind', i.agency_kind,
              'givenOn', to_char(i.given_on, 'YYYY-MM-DD'), 'note', i.note,
              'achievement', CASE WHEN e.id IS NULL THEN NULL ELSE json_build_object(
                 'eventId', e.id, 'kind', e.kind, 'occurredAt', ${instantText("e.occurred_at")},
                 'goalTitle', eg.title, 'withdrawn', e.withdrawn_at IS NOT NULL) END,
              'goal', CASE WHEN g.id IS NULL THEN NULL ELSE json_build_object('id', g.id, 'title', g.title) END,
              'recordedByName', u.display_name, 'recordedAt', ${instantText("i.recorded_at")}) AS incentive
       FROM incentive i
       JOIN app_user u ON u.id = i.recorded_by
       LEFT JOIN supervision_event e ON e.id = i.event_id
       LEFT JOIN case_plan_goal eg ON e.source_type = 'case_plan_goal' AND eg.id = e.source_id
       LEFT JOIN case_plan_goal g ON g.id = i.goal_id
      WHERE i.case_id = $1 AND ($2::uuid IS NULL OR i.id = $2)
      ORDER BY i.given_on DESC, i.recorded_at DESC`,
    [caseId, incentiveId],
  );
  return rows.map((row) => row.incentive);
}

export type AchievementRow = {
  event_id: string;
  kind: AchievementKind;
  occurred_at: string;
  goal_title: string | null;
  withdrawn: boolean;
  acknowledged: boolean;
};

/** The case's standing achievements since a time, newest first, and whether an incentive already rewards each. */
export async function listAchievementsOfCase(db: Queryable, caseId: string, since: Date): Promise<AchievementRow[]> {
  return db.query<AchievementRow>(
    `SELECT e.id AS event_id, e.kind, ${instantText("e.occurred_at")} AS occurred_at, g.title AS goal_title, false AS withdrawn,
            EXISTS (SELECT 1 FROM incentive i WHERE i.event_id = e.id) AS acknowledged
       FROM supervision_event e
       LEFT JOIN case_plan_goal g ON e.source_type = 'case_plan_goal' AND g.id = e.source_id
      WHERE e.case_id = $1 AND e.kind IN ${achievementKindsSql} AND e.withdrawn_at IS NULL AND e.occurred_at >= $2
      ORDER BY e.occurred_at DESC`,
    [caseId, since],
  );
}

/** An achievement event of the case (withdrawn or not), with the goal it completed if it is a goal's. */
export async function findAchievementOfCase(
  db: Queryable,
  eventId: string,
  caseId: string,
): Promise<{ kind: AchievementKind; withdrawn: boolean; goal_id: string | null } | undefined> {
  const [row] = await db.query<{ kind: AchievementKind; withdrawn: boolean; goal_id: string | null }>(
    `SELECT kind, withdrawn_at IS NOT NULL AS withdrawn, CASE WHEN source_type = 'case_plan_goal' THEN source_id END AS goal_id
       FROM supervision_event WHERE id = $1 AND case_id = $2 AND kind IN ${achievementKindsSql}`,
    [eventId, caseId],
  );
  return row;
}

/** The goals of the case's active plan, in the plan's order. */
export async function listGoalsOfActivePlan(db: Queryable, caseId: string): Promise<{ id: string; title: string; completed: boolean }[]> {
  return db.query(
    `SELECT g.id, g.title, g.completed_at IS NOT NULL AS completed
       FROM case_plan p JOIN case_plan_goal g ON g.plan_id = p.id
      WHERE p.case_id = $1 AND p.status = 'active' ORDER BY g.position`,
    [caseId],
  );
}

/** Whether a goal belongs to a plan (any version) of the case. */
export async function goalOfCaseExists(db: Queryable, goalId: string, caseId: string): Promise<boolean> {
  const [row] = await db.query<{ found: boolean }>(
    "SELECT true AS found FROM case_plan_goal g JOIN case_plan p ON p.id = g.plan_id WHERE g.id = $1 AND p.case_id = $2",
    [goalId, caseId],
  );
  return Boolean(row);
}

export async function insertIncentive(
  db: Queryable,
  input: {
    agencyId: string;
    caseId: string;
    kind: IncentiveKind;
    agencyKind: string | null;
    givenOn: string;
    note: string | null;
    eventId: string | null;
    goalId: string | null;
    by: string;
    now: Date;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO incentive (agency_id, case_id, kind, agency_kind, given_on, note, event_id, goal_id, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      input.agencyId,
      input.caseId,
      input.kind,
      input.agencyKind,
      input.givenOn,
      input.note,
      input.eventId,
      input.goalId,
      input.by,
      input.now,
    ],
  );
  return row!.id;
}

/** Incentives given and sanctions chosen on one case in a period of the agency's calendar days (both ends included). */
export async function countOfCase(
  db: Queryable,
  input: { caseId: string; from: string; to: string; timeZone: string },
): Promise<{ incentives: number; sanctions: number }> {
  const [row] = await db.query<{ incentives: number; sanctions: number }>(
    `SELECT (SELECT count(*)::int FROM incentive i WHERE i.case_id = $1 AND i.given_on BETWEEN $2::date AND $3::date) AS incentives,
            (SELECT count(*)::int FROM violation_response r
              WHERE r.case_id = $1 AND ${standingSanction}
                AND (r.proposed_at AT TIME ZONE $4)::date BETWEEN $2::date AND $3::date) AS sanctions`,
    [input.caseId, input.from, input.to, input.timeZone],
  );
  return row!;
}

export type UnitCountRow = { user_id: string | null; incentives: number; sanctions: number };

/**
 * Incentives and sanctions on the unit's cases (those the reader may see: the filter) in a period, by who recorded
 * or chose them; one row per person, and the unit's total is their sum.
 */
export async function countOfUnitByStaff(
  db: Queryable,
  input: { unitId: string; from: string; to: string; timeZone: string; filter: { sql: string; params: unknown[] } },
): Promise<UnitCountRow[]> {
  return db.query<UnitCountRow>(
    `WITH cases AS (SELECT c.id FROM supervision_case c WHERE c.unit_id = $1 AND ${input.filter.sql}),
          given AS (SELECT i.recorded_by AS user_id, count(*)::int AS n FROM incentive i
                     WHERE i.case_id IN (SELECT id FROM cases) AND i.given_on BETWEEN $2::date AND $3::date GROUP BY i.recorded_by),
          chosen AS (SELECT r.proposed_by AS user_id, count(*)::int AS n FROM violation_response r
                      WHERE r.case_id IN (SELECT id FROM cases) AND ${standingSanction}
                        AND (r.proposed_at AT TIME ZONE $4)::date BETWEEN $2::date AND $3::date GROUP BY r.proposed_by)
     SELECT coalesce(given.user_id, chosen.user_id) AS user_id, coalesce(given.n, 0) AS incentives, coalesce(chosen.n, 0) AS sanctions
       FROM given FULL JOIN chosen ON chosen.user_id = given.user_id`,
    [input.unitId, input.from, input.to, input.timeZone, ...input.filter.params],
  );
}

export type UnitRow = { id: string; name: string; agency_id: string; time_zone: string };

export async function findUnit(db: Queryable, unitId: string): Promise<UnitRow | undefined> {
  const [row] = await db.query<UnitRow>(
    "SELECT u.id, u.name, u.agency_id, a.time_zone FROM unit u JOIN agency a ON a.id = u.agency_id WHERE u.id = $1",
    [unitId],
  );
  return row;
}

/** The unit's active officers, and anyone else named by id (staff who recorded on its cases), by name. */
export async function listStaffForUnit(
  db: Queryable,
  unitId: string,
  otherIds: readonly string[],
): Promise<{ id: string; display_name: string; officer_of_unit: boolean }[]> {
  return db.query(
    `SELECT id, display_name, (unit_id = $1 AND 'officer' = ANY (roles) AND disabled_at IS NULL) AS officer_of_unit
       FROM app_user
      WHERE (unit_id = $1 AND 'officer' = ANY (roles) AND disabled_at IS NULL) OR id = ANY ($2::uuid[])
      ORDER BY display_name, id`,
    [unitId, otherIds],
  );
}

/** Who last changed the agency's incentive settings and when, with the agency's time zone (for a 409's words). */
export async function findSettingsEditor(
  db: Queryable,
  agencyId: string,
): Promise<{ changed_by: string | null; updated_at: string | null; time_zone: string }> {
  const [row] = await db.query<{ changed_by: string | null; updated_at: string | null; time_zone: string }>(
    `SELECT u.display_name AS changed_by, ${instantText("s.updated_at")} AS updated_at, a.time_zone
       FROM agency a LEFT JOIN incentive_setting s ON s.agency_id = a.id LEFT JOIN app_user u ON u.id = s.updated_by
      WHERE a.id = $1`,
    [agencyId],
  );
  return row!;
}
