import type { Queryable } from "../../platform/db/database";
import { responseInEffectSql } from "../violations/violations.queries";

export type RaceEthnicityRow = {
  id: string;
  declined: boolean;
  categories: string[];
  recorded_by: string | null;
  recorded_at: Date;
  version: number;
};

export async function findRaceEthnicity(tx: Queryable, personId: string): Promise<RaceEthnicityRow | undefined> {
  const [row] = await tx.query<RaceEthnicityRow>(
    `SELECT r.id, r.declined, r.categories, u.display_name AS recorded_by, r.updated_at AS recorded_at, r.version
       FROM person_race_ethnicity r LEFT JOIN app_user u ON u.id = r.updated_by
      WHERE r.person_id = $1`,
    [personId],
  );
  return row;
}

export async function insertRaceEthnicity(
  tx: Queryable,
  input: { personId: string; agencyId: string; declined: boolean; categories: string[]; by: string; now: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO person_race_ethnicity (person_id, agency_id, declined, categories, recorded_by, recorded_at, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $5, $6)`,
    [input.personId, input.agencyId, input.declined, input.categories, input.by, input.now],
  );
}

export async function updateRaceEthnicity(tx: Queryable, input: { id: string; declined: boolean; categories: string[] }): Promise<void> {
  await tx.query("UPDATE person_race_ethnicity SET declined = $2, categories = $3 WHERE id = $1", [
    input.id,
    input.declined,
    input.categories,
  ]);
}

export type RespondedViolationRow = {
  severity: "low" | "medium" | "high";
  risk_level: "low" | "moderate" | "high" | "very_high" | null;
  restrictive: boolean;
  sex: string | null;
  date_of_birth: string;
  occurred_on: string;
  declined: boolean | null;
  categories: string[] | null;
};

/**
 * Violations in the period (by the agency's day) with at least one response in effect (to do or done), of the
 * cases the filter allows: whether any of its responses was restrictive, the case's risk level when it happened
 * (from the risk history: the last change before it, else what the first later change replaced, else the case's),
 * and what the groups are made from.
 */
export async function respondedViolations(
  tx: Queryable,
  input: { filter: { sql: string; params: unknown[] }; from: string; to: string; restrictive: readonly string[] },
): Promise<RespondedViolationRow[]> {
  const base = input.filter.params.length;
  return tx.query<RespondedViolationRow>(
    `SELECT v.severity,
            coalesce(
              (SELECT rc.risk_level FROM case_risk_change rc WHERE rc.case_id = c.id AND rc.created_at <= v.occurred_at ORDER BY rc.created_at DESC LIMIT 1),
              (SELECT rc.previous_risk_level FROM case_risk_change rc WHERE rc.case_id = c.id AND rc.created_at > v.occurred_at ORDER BY rc.created_at LIMIT 1),
              c.risk_level) AS risk_level,
            bool_or(vr.response = ANY ($${base + 3}::text[])) AS restrictive,
            p.sex, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
            to_char((v.occurred_at AT TIME ZONE a.time_zone)::date, 'YYYY-MM-DD') AS occurred_on,
            re.declined, re.categories
       FROM violation v
       JOIN supervision_case c ON c.id = v.case_id
       JOIN agency a ON a.id = c.agency_id
       JOIN person p ON p.id = c.person_id
       JOIN violation_response vr ON vr.violation_id = v.id AND vr.status IN ${responseInEffectSql}
       LEFT JOIN person_race_ethnicity re ON re.person_id = p.id
      WHERE ${input.filter.sql}
        AND v.status <> 'withdrawn'
        AND (v.occurred_at AT TIME ZONE a.time_zone)::date BETWEEN $${base + 1}::date AND $${base + 2}::date
      GROUP BY v.id, c.id, p.id, a.time_zone, re.declined, re.categories`,
    [...input.filter.params, input.from, input.to, input.restrictive],
  );
}
